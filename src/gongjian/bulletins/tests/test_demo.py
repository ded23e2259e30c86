"""The demo's part: the campaign is on the public page and last month's bulletin is drafted, once."""

import pytest
from django.test import Client

from gongjian.bulletins.content import month_bounds
from gongjian.bulletins.models import Bulletin, PublicCampaign
from gongjian.demo import data


def test_the_demo_campaign_is_public_and_its_items_are_shown(demo):
    pub = PublicCampaign.objects.get()
    assert pub.campaign.name == data.CAMPAIGN["name"]
    html = Client().get("/public/").content.decode()
    assert pub.campaign.name in html and 'data-status="' in html


@pytest.mark.dates
def test_last_months_bulletin_waits_as_a_draft(demo):
    campaign = PublicCampaign.objects.get().campaign
    today = demo.loaded_on
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    first, last = month_bounds(year, month)
    expected = 1 if last >= campaign.start_date and first <= campaign.end_date else 0
    drafts = list(Bulletin.objects.all())
    assert len(drafts) == expected
    for b in drafts:
        assert (b.year, b.month, b.state) == (year, month, "draft") and b.content["headline"]["total"] > 0
