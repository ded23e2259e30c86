"""The delete_campaign service: permission, refusal while areas remain, audit record."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongjian.campaigns import services
from gongjian.campaigns.models import Campaign
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.org.choices import RoleChoices as R
from gongjian.org.models import User


def _empty_campaign() -> Campaign:
    return Campaign.objects.create(name="空", year=2030, start_date=dt.date(2030, 1, 1), end_date=dt.date(2030, 12, 31))


def test_delete_campaign_needs_the_delete_permission(world, actor_of):
    campaign = _empty_campaign()
    with pytest.raises(PermissionDenied):
        services.delete_campaign(actor_of(R.SUPERVISOR), campaign)
    assert Campaign.objects.filter(pk=campaign.pk).exists()
    assert not AuditLog.objects.filter(action="campaign.delete").exists()


def test_delete_campaign_refuses_while_areas_remain(world):
    admin = User.objects.create_superuser("root", password="x" * 12)
    with pytest.raises(ValidationError):
        services.delete_campaign(Actor(user=admin), world.campaign)
    assert Campaign.objects.filter(pk=world.campaign.pk).exists()
    assert not AuditLog.objects.filter(action="campaign.delete").exists()


def test_delete_campaign_removes_it_and_audits(world):
    admin = User.objects.create_superuser("root", password="x" * 12)
    campaign = _empty_campaign()
    pk = campaign.pk
    services.delete_campaign(Actor(user=admin, ip="10.0.0.9"), campaign)
    assert not Campaign.objects.filter(pk=pk).exists()
    rec = AuditLog.objects.get(action="campaign.delete")
    assert (rec.object_id, rec.actor, rec.ip) == (str(pk), admin, "10.0.0.9")
    assert rec.before["name"] == "空" and rec.after is None
