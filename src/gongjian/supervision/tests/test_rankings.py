"""The month's counts behind the rankings: colours at the month's end, on-time reports, overdue milestones, 督办."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gongjian.campaigns.models import Milestone, Report
from gongjian.supervision import daily, queries
from gongjian.supervision.models import CampaignRules, Supervision
from gongjian.supervision.scoring import Counts


def _report(world, item, period_start, late):
    now = dt.datetime(2026, 4, 3, tzinfo=dt.UTC)
    Report.objects.create(
        item=item,
        period_start=period_start,
        percent=10,
        narrative="x",
        submitted_by=world.user("clerk"),
        submitted_at=now,
        first_submitted_at=now,
        is_late=late,
    )


def test_month_counts_per_unit_and_per_leader(world, source):
    source.set(world.own_item, "yellow", "2026-03")
    source.set(world.other_item, "red", "2026-03")
    daily.run(dt.date(2026, 4, 10), send=False)  # the street gets a red notice in April
    source.set(world.other_item, "green", "2026-04")
    daily.run(dt.date(2026, 5, 10), send=False)  # May: the street is green again
    _report(world, world.own_item, dt.date(2026, 3, 1), late=False)  # March reports are due 5 April
    _report(world, world.coop_item, dt.date(2026, 3, 1), late=True)
    Milestone.objects.create(item=world.own_item, title="节点", planned_date=dt.date(2026, 4, 20))
    Milestone.objects.create(
        item=world.own_item, title="按期", planned_date=dt.date(2026, 4, 21), actual_date=dt.date(2026, 4, 21)
    )
    table = queries.rankings(world.campaign, 2026, 4, dt.date(2026, 5, 20), "unit")
    counts = {row.key: row.counts for row in table.rows}
    assert counts[world.bureau.pk] == Counts(
        green=0, yellow=1, red=0, reports_expected=1, reports_on_time=1, overdue_milestones=1, supervisions=0
    )
    assert counts[world.street.pk] == Counts(
        green=1, yellow=0, red=1, reports_expected=2, reports_on_time=0, overdue_milestones=0, supervisions=1
    )
    # April: bureau 100 − 2 + 10 − 3 = 105; street 100 + 1 − 5 + 0 − 4 = 92
    assert {row.key: row.score for row in table.rows} == {
        world.bureau.pk: Decimal("105.00"),
        world.street.pk: Decimal("92.00"),
    }
    assert [row.key for row in table.rows] == [world.bureau.pk, world.street.pk]
    may = queries.rankings(world.campaign, 2026, 5, dt.date(2026, 5, 20), "unit")
    street = next(row for row in may.rows if row.key == world.street.pk)
    assert street.counts.red == 0 and street.previous_rank == 2
    leaders = queries.rankings(world.campaign, 2026, 4, dt.date(2026, 5, 20), "leader")
    assert [row.key for row in leaders.rows] == [world.user("leader").pk]
    assert Supervision.objects.count() == 1


def test_campaign_points_change_the_score(world, source):
    CampaignRules.objects.create(campaign=world.campaign, points={"base": 0, "on_time_rate": 0, "green": 2})
    daily.run(dt.date(2026, 4, 10), send=False)
    table = queries.rankings(world.campaign, 2026, 4, dt.date(2026, 4, 20), "unit")
    assert {row.key: row.score for row in table.rows} == {
        world.bureau.pk: Decimal("2.00"),
        world.street.pk: Decimal("4.00"),
    }
