"""The demo's part: the campaign is on the public page and last month's bulletin is drafted, once."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from gongjian.bulletins.content import month_bounds
from gongjian.bulletins.models import Bulletin, PublicCampaign
from gongjian.demo import data


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            loaded_on = timezone.localdate()  # a module fixture runs before the per-test clock of the edge runs
            call_command("load_demo", stdout=open("/dev/null", "w"))
            yield loaded_on
            transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def test_the_demo_campaign_is_public_and_its_items_are_shown(demo):
    pub = PublicCampaign.objects.get()
    assert pub.campaign.name == data.CAMPAIGN["name"]
    html = Client().get("/public/").content.decode()
    assert pub.campaign.name in html and 'data-status="' in html


@pytest.mark.dates
def test_last_months_bulletin_waits_as_a_draft(demo):
    campaign = PublicCampaign.objects.get().campaign
    today = demo
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    first, last = month_bounds(year, month)
    expected = 1 if last >= campaign.start_date and first <= campaign.end_date else 0
    drafts = list(Bulletin.objects.all())
    assert len(drafts) == expected
    for b in drafts:
        assert (b.year, b.month, b.state) == (year, month, "draft") and b.content["headline"]["total"] > 0
