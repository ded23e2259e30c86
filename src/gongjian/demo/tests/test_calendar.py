"""The demo's year and the plan moved into it (pure)."""

import datetime as dt
from dataclasses import dataclass

import pytest

from gongjian.demo import calendar, data


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (dt.date(2026, 3, 19), 2025),  # the day before the mobilisation
        (dt.date(2026, 3, 20), 2026),
        (dt.date(2026, 12, 7), 2026),
        (dt.date(2026, 12, 31), 2026),
        (dt.date(2027, 1, 1), 2026),
        (dt.date(2028, 2, 29), 2027),
        (dt.date(2028, 3, 20), 2028),
    ],
)
def test_the_demo_shows_the_year_whose_campaign_has_been_mobilised(today, year):
    assert calendar.demo_year(today) == year


def test_a_leap_day_moves_to_the_28th_of_a_common_year():
    assert calendar.shift_date(dt.date(2028, 2, 29), -1) == dt.date(2027, 2, 28)
    assert calendar.shift_date(dt.date(2028, 2, 29), 4) == dt.date(2032, 2, 29)
    assert calendar.shift_date(dt.date(2026, 12, 31), 1) == dt.date(2027, 12, 31)


@dataclass(frozen=True)
class _Spec:
    title: str
    due: dt.date
    steps: tuple[tuple[str, dt.date], ...]


def test_dates_and_written_years_move_together_and_nothing_else_does():
    spec = _Spec("2026年新增规上企业9家，2027年底前完成", dt.date(2026, 6, 30), (("一期", dt.date(2026, 2, 28)),))
    moved = calendar.shift_years(spec, 2)
    assert moved == _Spec(
        "2028年新增规上企业9家，2029年底前完成", dt.date(2028, 6, 30), (("一期", dt.date(2028, 2, 28)),)
    )
    assert calendar.shift_years({"password": "gongjian2026", "n": 2026}, 1) == {"password": "gongjian2026", "n": 2026}
    assert calendar.shift_years(spec, 0) is spec
    at = dt.datetime(2028, 2, 29, 10, 30, tzinfo=dt.UTC)
    assert calendar.shift_years(at, 1) == dt.datetime(2029, 2, 28, 10, 30, tzinfo=dt.UTC)


def test_the_plan_in_another_year_keeps_its_shape():
    items = calendar.in_year(data.ITEMS, 2028)
    assert [i.code for i in items] == [i.code for i in data.ITEMS]
    for before, after in zip(data.ITEMS, items, strict=True):
        assert (after.start.year, after.due.year) == (2028, 2028)
        assert (after.start.month, after.due.month) == (before.start.month, before.due.month)
        assert after.profile == before.profile and after.lead == before.lead
    campaign = calendar.in_year(data.CAMPAIGN, 2028)
    assert campaign["name"] == "德城区2028年重点工作攻坚年"
    assert (campaign["start_date"], campaign["end_date"]) == (dt.date(2028, 3, 20), dt.date(2028, 12, 31))


def test_the_loader_plans_the_campaign_of_the_year_it_shows():
    from gongjian.demo import loader

    plan = loader.plan_for(dt.datetime(2028, 2, 29, 10, tzinfo=dt.UTC))
    assert plan.year == plan.campaign["year"] == 2027
    assert plan.campaign["name"] == "德城区2027年重点工作攻坚年"
    assert {i.due.year for i in plan.items} == {2027}
