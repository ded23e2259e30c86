"""The light sources of the daily warnings run: the colours of the pure rules, with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian.campaigns.models import Item, Milestone
from gongjian.campaigns.periods import period_containing
from gongjian.core.registry import LightResult, light_sources
from gongjian.indicators import light_sources as ls
from gongjian.indicators import rules
from gongjian.indicators.models import Actual
from gongjian.testing import make_item

from .support import TODAY, make_indicator, month

pytestmark = pytest.mark.django_db


def test_the_three_sources_are_registered():
    assert light_sources["indicator"] is ls.indicator_lights
    assert light_sources["item"] is ls.item_lights
    assert light_sources["milestone"] is ls.milestone_lights


def _accepted(ind, m, value):
    now = dt.datetime(2026, m + 1 if m < 12 else 12, 3, tzinfo=dt.UTC)
    Actual.objects.create(
        indicator=ind, period_start=month(m), value=value, accepted_value=value, status="accepted", submitted_at=now
    )


INDICATOR_CASES = [
    # (kind, comparator, target, baseline, monthly actuals Jan–Jun)
    ("cumulative", ">=", 12, None, [1, 1, 1, 1, 1, 1]),  # on plan
    ("cumulative", ">=", 12, None, [1, 1, 1, 1, 0, 1]),  # 83 %: yellow
    ("cumulative", ">=", 12, None, [0, 0, 1, 0, 1, 0]),  # red
    ("cumulative", ">=", 12, None, [1, 1, 1, 1, 1, None]),  # June missing past the grace: red
    ("level", ">=", 22, 16, [16, 16, 17, 17, 18, 19]),
    ("level", "<=", 10, 20, [19, 18, 17, 16, 15, 15]),
    ("rate", "range", (90, 95), None, [91, 92, 96, 97, 99, 100]),
]


def test_indicator_colours_match_the_pure_rules(world):
    expected = {}
    for n, (kind, comparator, target, baseline, values) in enumerate(INDICATOR_CASES):
        high = None
        if isinstance(target, tuple):
            target, high = target
        ind = make_indicator(
            world,
            code=f"T{n}",
            name=f"指标{n}",
            unit="%" if kind == "rate" else "家",
            kind=kind,
            direction="lower" if comparator == "<=" else "higher",
            comparator=comparator,
            target=Decimal(target),
            target_high=Decimal(high) if high is not None else None,
            baseline=Decimal(baseline) if baseline is not None else None,
        )
        for m, v in enumerate(values, start=1):
            if v is not None:
                _accepted(ind, m, Decimal(v))
        case = rules.IndicatorCase(
            direction=ind.direction,
            kind=kind,
            target=(target, high) if high is not None else target,
            year=2026,
            actuals=values,
            comparator=comparator,
            baseline=baseline,
        )
        expected[ind.pk] = rules.indicator_colour(case, TODAY, rules.Rules(grace_days=world.campaign.grace_days))
    results = {r.obj.pk: r for r in ls.indicator_lights(TODAY)}
    assert set(results) == set(expected)
    for pk, verdict in expected.items():
        r = results[pk]
        assert isinstance(r, LightResult)
        assert (r.colour, r.reason) == (verdict.colour, verdict.reason)
        assert {k: v for k, v in r.numbers.items() if k != "forecast"} == verdict.numbers
        assert r.unit_id == world.bureau.pk and r.leader_id == world.user("leader").pk
        assert r.period == verdict.numbers.get("period", verdict.numbers.get("awaiting_period"))
    assert {r.colour for r in results.values()} >= {"green", "yellow", "red"}


def test_indicator_lights_carry_the_forecast(world):
    ind = make_indicator(world)
    for m in range(1, 7):
        _accepted(ind, m, Decimal(1))
    (r,) = ls.indicator_lights(TODAY)
    assert r.numbers["forecast"]["projected"] == 12 and r.numbers["forecast"]["meets_target"] is True


def _count_queries(fn, today):
    with CaptureQueriesContext(connection) as ctx:
        results = list(fn(today))
    return len(ctx.captured_queries), results


def test_indicator_light_queries_do_not_grow_with_indicators(world):
    ind = make_indicator(world, code="Q0", name="q0")
    _accepted(ind, 1, Decimal(1))
    few, _ = _count_queries(ls.indicator_lights, TODAY)
    for n in range(1, 30):
        other = make_indicator(world, code=f"Q{n}", name=f"q{n}")
        _accepted(other, 1, Decimal(1))
        _accepted(other, 2, Decimal(2))
    many, results = _count_queries(ls.indicator_lights, TODAY)
    assert len(results) == 30
    assert many == few <= 3


def _item_expected(item, today):
    latest = period_containing(item.last_report_period, "monthly").end if item.last_report_period else None
    case = rules.ItemCase(
        item.start_date, item.due_date, item.progress, item.completed_on is not None, "monthly", latest
    )
    return rules.item_colour(case, today, rules.Rules(grace_days=item.area.campaign.grace_days))


def test_item_and_milestone_colours_match_the_pure_rules(world):
    today = TODAY
    leader = world.user("leader")
    Item.objects.filter(pk=world.own_item.pk).update(progress=50, last_report_period=month(6))
    Item.objects.filter(pk=world.coop_item.pk).update(progress=10, last_report_period=month(5))
    make_item(world.area, "2-04", world.bureau, leader, due_date=dt.date(2026, 7, 1))  # overdue
    make_item(
        world.area,
        "2-05",
        world.bureau,
        leader,
        due_date=dt.date(2026, 7, 25),
        progress=100,
        completed_on=dt.date(2026, 7, 1),
    )
    results = {r.obj.pk: r for r in ls.item_lights(today)}
    items = list(Item.objects.select_related("area__campaign"))
    assert set(results) == {i.pk for i in items}
    for item in items:
        verdict = _item_expected(item, today)
        r = results[item.pk]
        assert (r.colour, r.reason, r.numbers) == (verdict.colour, verdict.reason, verdict.numbers)
        assert (r.unit_id, r.leader_id, r.period) == (item.lead_unit_id, item.leader_id, "2026-06")
    assert {r.colour for r in results.values()} >= {"red", "done"}

    Milestone.objects.create(item=world.own_item, title="已过期", planned_date=dt.date(2026, 7, 1))
    Milestone.objects.create(item=world.own_item, title="临近", planned_date=dt.date(2026, 7, 24))
    Milestone.objects.create(
        item=world.own_item, title="已完成", planned_date=dt.date(2026, 5, 1), actual_date=dt.date(2026, 5, 1)
    )
    Milestone.objects.create(item=world.coop_item, title="远期", planned_date=dt.date(2026, 10, 1))
    ms_results = {r.obj.title: r for r in ls.milestone_lights(today)}
    assert {k: v.colour for k, v in ms_results.items()} == {
        "已过期": "red",
        "临近": "blue",
        "已完成": "done",
        "远期": "green",
    }
    assert ms_results["远期"].unit_id == world.street.pk


def test_item_and_milestone_queries_do_not_grow_with_items(world):
    leader = world.user("leader")
    few_items, _ = _count_queries(ls.item_lights, TODAY)
    few_ms, _ = _count_queries(ls.milestone_lights, TODAY)
    for n in range(40):
        item = make_item(world.area, f"9-{n:02d}", world.bureau, leader)
        Milestone.objects.create(item=item, title=f"m{n}", planned_date=dt.date(2026, 9, 1))
    many_items, items = _count_queries(ls.item_lights, TODAY)
    many_ms, ms = _count_queries(ls.milestone_lights, TODAY)
    assert len(items) == 43 and len(ms) == 40
    assert many_items == few_items <= 2 and many_ms == few_ms <= 2


def test_finished_campaigns_are_not_judged(world):
    assert list(ls.item_lights(dt.date(2027, 3, 1))) == []
    assert list(ls.milestone_lights(dt.date(2027, 3, 1))) == []
