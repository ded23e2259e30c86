"""督办 through the API: issued on a red object, replied to with a file by the addressed unit, closed by the office;
the same services and audit as the pages, bad input refused by field."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from gongjian.campaigns.models import Item
from gongjian.core.models import AuditLog
from gongjian.supervision.models import ColourRecord, Supervision


def client_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _red(world):
    ColourRecord.objects.create(
        content_type=ContentType.objects.get_for_model(Item),
        object_id=world.own_item.pk,
        object_repr=str(world.own_item),
        source="item",
        period="2026-03",
        colour="red",
        reason="far_behind",
        judged_on=timezone.localdate(),
        unit=world.bureau,
        leader=world.user("leader"),
        campaign=world.campaign,
    )


def test_issue_reply_with_a_file_and_close(world):
    _red(world)
    sup = client_for(world.user("supervisor"))
    reply_by = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    body = {"type": "campaigns.item", "id": world.own_item.pk, "kind": "order", "requirement": "说明滞后原因"}
    r = sup.post("/api/supervisions/", {**body, "reply_by": reply_by}, format="json")
    assert r.status_code == 201, r.content
    supervision = Supervision.objects.get(pk=r.json()["id"])
    assert supervision.object_id == world.own_item.pk

    clerk = client_for(world.user("clerk"))
    upload = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    r = clerk.post(f"/api/supervisions/{supervision.pk}/reply/", {"text": "已整改", "attachment": upload})
    assert r.status_code == 200, r.content
    supervision.refresh_from_db()
    assert supervision.status == "replied" and supervision.replies.get().file_name == "整改报告.pdf"

    assert clerk.post(f"/api/supervisions/{supervision.pk}/close/", {}, format="json").status_code == 403
    r = sup.post(f"/api/supervisions/{supervision.pk}/close/", {"note": "整改到位"}, format="json")
    assert r.status_code == 200 and Supervision.objects.get(pk=supervision.pk).status == "closed"
    again = sup.post(f"/api/supervisions/{supervision.pk}/close/", {}, format="json")
    assert again.status_code == 400
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"supervision.reply", "supervision.close"} <= actions


def test_bad_input_is_named_and_nothing_is_issued(world):
    _red(world)
    sup = client_for(world.user("supervisor"))
    good = {
        "type": "campaigns.item",
        "id": world.own_item.pk,
        "kind": "order",
        "requirement": "说明",
        "reply_by": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
    }
    for change, named in (
        ({"type": "nothing.here"}, "type"),
        ({"id": 999999}, "id"),
        ({"reply_by": "03/04/2026"}, "reply_by"),
        ({"urgent": True}, "urgent"),
        ({"kind": "memo"}, "kind"),
    ):
        r = sup.post("/api/supervisions/", {**good, **change}, format="json")
        assert r.status_code == 400 and named in r.json(), (change, r.content)
    assert not Supervision.objects.exists()
    viewer = client_for(world.user("viewer"))
    assert viewer.post("/api/supervisions/", good, format="json").status_code == 403
    assert not Supervision.objects.exists()
