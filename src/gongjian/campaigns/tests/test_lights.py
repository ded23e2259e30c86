"""红黄绿灯 on the campaign pages, under the default rules of the warnings core."""

import datetime as dt
import io
from collections import Counter
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gongjian.campaigns.lights import item_light, light_counts
from gongjian.campaigns.models import Item
from gongjian.testing import PASSWORD, local_moment

TODAY = dt.date(2026, 7, 1)


@pytest.fixture
def today(time_machine):
    time_machine.move_to(local_moment(TODAY))
    return TODAY


@pytest.fixture
def lit(world, today):
    """On 1 July: own_item reported June at 20 % (yellow), coop_item was due 30 June (red), other_item is done."""
    Item.objects.filter(pk=world.own_item.pk).update(progress=20, last_report_period=dt.date(2026, 6, 1))
    Item.objects.filter(pk=world.coop_item.pk).update(due_date=dt.date(2026, 6, 30))
    Item.objects.filter(pk=world.other_item.pk).update(completed_on=dt.date(2026, 5, 1), progress=100)
    return world


def test_item_page_shows_the_colour_and_its_reason(lit, client):
    assert client.login(username="supervisor", password=PASSWORD)
    own = client.get(f"/campaigns/items/{lit.own_item.pk}/").context["light"]
    # 序时进度 on 1 July of 1 Jan – 31 Dec: 181/364 = 49.7 %; reported 20 % → gap 29.7 points → yellow.
    assert (own.colour, own.reason_code) == ("yellow", "behind")
    assert own.numbers["actual_percent"] == 20
    coop = client.get(f"/campaigns/items/{lit.coop_item.pk}/").context["light"]
    assert (coop.colour, coop.reason_code) == ("red", "overdue")
    html = client.get(f"/campaigns/items/{lit.coop_item.pk}/").content.decode()
    assert 'id="item-light"' in html and "红" in html


def test_list_export_and_overview_count_the_colours(lit, client):
    assert client.login(username="supervisor", password=PASSWORD)
    response = client.get("/campaigns/items/", {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True))
    by_code = {r[0]: r[-1] for r in rows[1:]}
    assert by_code["2-01"].startswith("黄")
    assert by_code["2-02"].startswith("红")
    assert by_code["2-03"].startswith("已完成")
    totals = client.get("/").context["totals"]
    assert totals["lights"] == {"red": 1, "yellow": 1, "blue": 0, "green": 0}


def test_colours_respect_scope_on_the_overview(lit, client):
    assert client.login(username="streetclerk", password=PASSWORD)
    totals = client.get("/").context["totals"]
    assert totals["lights"]["red"] == 1 and totals["lights"]["yellow"] == 0  # own_item is not the street's


@given(
    st.lists(
        st.tuples(
            st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
            st.integers(0, 300),
            st.integers(0, 100),
            st.booleans(),
            st.one_of(st.none(), st.dates(dt.date(2025, 12, 1), dt.date(2026, 12, 31))),
            st.sampled_from(["monthly", "weekly"]),
        ),
        max_size=40,
    ),
    st.dates(dt.date(2026, 1, 1), dt.date(2027, 2, 1)),
)
@settings(max_examples=200, deadline=None)
def test_counting_the_colours_of_many_items_at_once_agrees_with_the_rule_per_item(rows, today):
    """The overview counts colours vectorised; each item's colour stays the per-row rule's."""
    cases = [
        (start, start + dt.timedelta(days=span), pct, today if done else None, last, cycle)
        for start, span, pct, done, last, cycle in rows
    ]
    expected = Counter(item_light(SimpleNamespace(**_fields(c)), today).colour for c in cases)
    assert light_counts(cases, today) == expected


def _fields(case):
    start, due, progress, completed_on, last, cycle = case
    return {
        "start_date": start,
        "due_date": due,
        "progress": progress,
        "completed_on": completed_on,
        "last_report_period": last,
        "area": SimpleNamespace(campaign=SimpleNamespace(cycle=cycle)),
    }
