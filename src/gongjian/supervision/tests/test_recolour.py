"""Colours at once: accepting a report or an actual judges that object again in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from gongjian.campaigns import services as campaign_services
from gongjian.campaigns.models import Area, Campaign, Item, Report
from gongjian.core.services import Actor
from gongjian.indicators import services as indicator_services
from gongjian.indicators.models import Actual
from gongjian.indicators.tests.support import make_indicator
from gongjian.supervision import daily
from gongjian.supervision.colours import ROLLUP_SOURCE
from gongjian.supervision.models import ColourRecord

pytestmark = pytest.mark.dates


def _colours(obj):
    ct = ContentType.objects.get_for_model(obj)
    return list(ColourRecord.objects.filter(content_type=ct, object_id=obj.pk).order_by("id"))


@pytest.fixture
def april(time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    return dt.date(2026, 4, 20)


def test_an_accepted_report_turns_the_item_green_at_once(world, april):
    item = world.own_item
    Item.objects.filter(pk__in=[world.coop_item.pk, world.other_item.pk]).update(
        completed_on=dt.date(2026, 3, 1), progress=100
    )
    daily.run(april)
    before = _colours(item)
    assert before[-1].colour == "red" and before[-1].reason == "unreported"  # no report for March
    assert _colours(world.area)[-1].colour == "red"
    now = timezone.now()
    report = Report.objects.create(
        item=item,
        period_start=dt.date(2026, 3, 1),
        percent=40,
        narrative="按计划推进",
        status="submitted",
        submitted_by=world.user("clerk"),
        submitted_at=now,
        first_submitted_at=now,
    )
    campaign_services.accept_report(Actor(world.user("supervisor"), "127.0.0.1", "web"), report)
    after = _colours(item)
    assert len(after) == len(before) + 1  # history kept
    assert after[-1].current and not ColourRecord.objects.get(pk=before[-1].pk).current
    assert after[-1].colour not in ("red", "yellow")
    assert after[-1].judged_on == april
    area_after = _colours(world.area)[-1]  # the area's roll-up follows in the same transaction
    assert area_after.source == ROLLUP_SOURCE and area_after.current and area_after.colour == "green"
    # the daily run that night finds nothing new for the item
    result = daily.run(april)
    assert len(_colours(item)) == len(after)
    assert result.colours_new == 0


def test_an_accepted_actual_judges_the_indicator_at_once(world, april):
    ind = make_indicator(world, target=Decimal(12))
    actor = Actor(world.user("clerk"), "127.0.0.1", "web")
    for m in (1, 2):
        a = indicator_services.submit_actual(
            actor, ind, period_start=dt.date(2026, m, 1), value=Decimal(1), today=april
        )
        indicator_services.accept_actual(Actor(world.user("supervisor"), "127.0.0.1", "web"), a)
    assert _colours(ind)[-1].colour == "red"  # 2 of the 3 planned by March's end is below 75 %: far behind
    a = indicator_services.submit_actual(actor, ind, period_start=dt.date(2026, 3, 1), value=Decimal(2), today=april)
    indicator_services.accept_actual(Actor(world.user("supervisor"), "127.0.0.1", "web"), a)
    history = _colours(ind)
    assert history[-1].colour == "green" and history[-1].current
    assert [h.current for h in history].count(True) == 1
    assert Actual.objects.filter(indicator=ind, status="accepted").count() == 3


def test_other_campaigns_are_not_rolled_up_again(world, april):
    other = Campaign.objects.create(
        name="另一攻坚年", year=2026, start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31)
    )
    area = Area.objects.create(campaign=other, number=1, title="其他", leader=world.user("leader"))
    Item.objects.create(
        area=area,
        code="1-01",
        title="其他事项",
        lead_unit=world.street,
        leader=world.user("leader"),
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 12, 31),
    )
    daily.run(april)
    count = ColourRecord.objects.filter(campaign=other).count()
    now = timezone.now()
    report = Report.objects.create(
        item=world.own_item,
        period_start=dt.date(2026, 3, 1),
        percent=40,
        narrative="按计划推进",
        status="submitted",
        submitted_by=world.user("clerk"),
        submitted_at=now,
        first_submitted_at=now,
    )
    campaign_services.accept_report(Actor(world.user("supervisor"), "127.0.0.1", "web"), report)
    assert ColourRecord.objects.filter(campaign=other).count() == count
