"""Stored lights of items: kept equal to the lights judged from the data by every write of the services (a
stateful property test), repaired and counted by the daily run, counted by the overview as before."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from gongjian.campaigns import figures, lights, queries, services
from gongjian.campaigns.models import Item, ItemLight, Report
from gongjian.core.services import Actor
from gongjian.supervision import daily
from gongjian.testing import PASSWORD, WORLD_TODAY, make_item, run_machine

TODAY = WORLD_TODAY.date()

pytestmark = pytest.mark.usefixtures("world_today")


def stored() -> dict[int, tuple[str, str]]:
    return {pk: (colour, reason) for pk, colour, reason in ItemLight.objects.values_list("pk", "colour", "reason")}


def recomputed(today: dt.date = TODAY) -> dict[int, tuple[str, str]]:
    return figures.computed(list(Item.objects.values_list(*figures.COLUMNS)), today)


def judged_on_the_spot(campaign, today: dt.date = TODAY):
    """The overview's colour counts as they were computed before the lights were stored: every item, now."""
    rows = Item.objects.filter(area__campaign=campaign).values_list(
        "start_date", "due_date", "progress", "completed_on", "last_report_period"
    )
    counts = lights.light_counts(((*row, campaign.cycle) for row in rows), today)
    return {c: counts.get(c, 0) for c in ("red", "yellow", "blue", "green")}


PERCENT = st.none() | st.integers(0, 100)


def _machine(world):
    clerk = Actor(user=world.user("clerk"), ip="127.0.0.1", source="web")
    supervisor = Actor(user=world.user("supervisor"), ip="127.0.0.1", source="web")

    class ItemWrites(RuleBasedStateMachine):
        items = Bundle("items")

        @initialize(target=items, start=st.integers(0, 250), length=st.integers(-30, 45), percent=PERCENT)
        def first(self, start, length, percent):
            return self.another(start, length, percent)

        @rule(target=items, start=st.integers(0, 250), length=st.integers(-30, 45), percent=PERCENT)
        def another(self, start, length, percent):
            """Begun this year, due from a month ago to the year's end (overdue, due soon, or still running); with
            October's report accepted at ``percent`` (random single steps alone rarely get past 未报送)."""
            begin = dt.date(2026, 1, 1) + dt.timedelta(days=start)
            item = services.create_item(
                supervisor,
                area=world.area,
                title=f"事项{Item.objects.count()}",
                lead_unit=world.bureau,
                leader=world.user("leader"),
                start_date=begin,
                due_date=min(max(begin, TODAY + dt.timedelta(days=length)), dt.date(2026, 12, 31)),
            )
            if percent is not None:
                self.report_last_month(item.pk, percent)
            return item.pk

        @rule(pk=items, month=st.integers(1, 11), percent=st.integers(0, 100))
        def report(self, pk, month, percent):
            item = Item.objects.get(pk=pk)
            try:
                start = dt.date(2026, month, 1)
                services.submit_report(clerk, item, period_start=start, percent=percent, narrative="进展")
            except (ValidationError, PermissionDenied):
                pass

        @rule(pk=items, percent=st.integers(0, 100))
        def report_last_month(self, pk, percent):
            """October's report, accepted."""
            item = Item.objects.get(pk=pk)
            try:
                report = services.submit_report(
                    clerk, item, period_start=dt.date(2026, 10, 1), percent=percent, narrative="进展"
                )
            except (ValidationError, PermissionDenied):
                return
            services.accept_report(supervisor, report)

        @rule(pk=items, accept=st.booleans())
        def review(self, pk, accept):
            report = Report.objects.filter(item_id=pk, status="submitted").order_by("-period_start").first()
            if report is None:
                return
            if accept:
                services.accept_report(supervisor, report)
            else:
                services.return_report(supervisor, report, reason="请补充佐证材料")

        @rule(pk=items, days=st.integers(-200, 200))
        def redate(self, pk, days):
            item = Item.objects.get(pk=pk)
            try:
                services.update_item(supervisor, item, due_date=item.due_date + dt.timedelta(days=days))
            except ValidationError:
                pass

        @invariant()
        def every_stored_light_equals_the_recomputed_one(self):
            assert stored() == recomputed()
            assert queries.campaign_totals(world.user("supervisor"), world.campaign, TODAY)["lights"] == (
                judged_on_the_spot(world.campaign)
            )

    return ItemWrites


def test_stored_lights_equal_the_recomputed_ones_after_any_writes(world):
    figures.refresh(Item.objects.all())  # the world's items, created directly
    run_machine(_machine(world), examples=15, steps=20)
    colours = set(ItemLight.objects.values_list("colour", flat=True))
    assert len(colours) >= 3, colours  # the runs reached several colours, not one


def test_daily_run_repairs_drift_and_reports_how_much(world):
    figures.refresh(Item.objects.all())
    assert stored() == recomputed()
    Item.objects.filter(pk=world.own_item.pk).update(progress=100, completed_on=TODAY)  # bypassing the services
    ItemLight.objects.filter(pk=world.coop_item.pk).delete()
    assert stored() != recomputed()

    summary = daily.run(TODAY, send=False)
    assert summary.figures["items"] == {"checked": Item.objects.count(), "repaired": 2}
    assert stored() == recomputed()
    assert daily.run(TODAY, send=False).figures["items"]["repaired"] == 0


def test_overview_counts_stored_lights_and_judges_items_without_one(world, client):
    """Items written outside the services have no stored light yet: the overview judges them on the spot."""
    assert not ItemLight.objects.exists()
    assert client.login(username=world.user("supervisor").username, password=PASSWORD)
    before = client.get(f"/campaigns/{world.campaign.pk}/").context["totals"]["lights"]
    assert before == judged_on_the_spot(world.campaign) and sum(before.values()) == 3
    figures.refresh(Item.objects.all())
    assert client.get(f"/campaigns/{world.campaign.pk}/").context["totals"]["lights"] == before
    true_colour = stored()[world.own_item.pk][0]
    ItemLight.objects.filter(pk=world.own_item.pk).update(colour="red")  # what is stored is what is counted
    after = client.get(f"/campaigns/{world.campaign.pk}/").context["totals"]["lights"]
    assert after["red"] == before["red"] + (true_colour != "red")


#: The overview's queries, whatever the number of items (the stored lights are counted in one query).
OVERVIEW_QUERIES = 16


def test_overview_query_count_is_pinned(world, client):
    assert client.login(username=world.user("supervisor").username, password=PASSWORD)

    def grow(n, start):
        for i in range(start, start + n):
            make_item(world.area, f"2-{i:03d}", world.bureau, world.user("leader"))
        figures.refresh(Item.objects.all())

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/campaigns/{world.campaign.pk}/")
        assert response.status_code == 200
        return len(ctx.captured_queries), response.context["totals"]["total"]

    grow(3, 10)
    count()  # content types and the like, cached per process
    small = count()
    grow(40, 20)
    assert (small, count()) == ((OVERVIEW_QUERIES, 6), (OVERVIEW_QUERIES, 46))
