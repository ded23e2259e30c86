"""Helpers of the API tests: token clients per role, a fixed "today", audit look-ups."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from gongjian.core.models import AuditLog
from gongjian.testing import api_token, local_moment

#: The day the API tests run on: mid-campaign, so some periods are reportable and some dates are in the future.
TODAY = dt.date(2026, 6, 15)


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def clients(world):
    """``clients(world)("clerk")``: a client authenticated with the token of the world's user of that role."""
    return lambda role: client_for(world.user(role))


def freeze_today(time_machine) -> dt.date:
    """Move the clock to TODAY (services, serializers and filters all ask it); it keeps ticking from there."""
    time_machine.move_to(local_moment(TODAY))
    return TODAY


def audit_records(action: str, model, pk) -> list[AuditLog]:
    ct = ContentType.objects.get_for_model(model)
    return list(AuditLog.objects.filter(action=action, content_type=ct, object_id=str(pk)))


def assert_audited(action: str, obj_or_model, pk=None, *, user=None) -> AuditLog:
    """Exactly one audit record of ``action`` on the object, written through the API channel by ``user``."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    pk = pk if pk is not None else obj_or_model.pk
    records = audit_records(action, model, pk)
    assert len(records) == 1, f"expected one {action} record for {model.__name__} {pk}, found {len(records)}"
    rec = records[0]
    assert rec.source == AuditLog.Source.API
    if user is not None:
        assert rec.actor_id == user.pk
    return rec


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]
