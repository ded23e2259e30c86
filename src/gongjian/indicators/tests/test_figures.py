"""Stored figures of indicators: kept equal to the figures recomputed from the data by every write of the
services (a stateful property test), repaired and counted by the daily run, and what the list shows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from gongjian.indicators import figures, services
from gongjian.indicators.models import Actual, Indicator, IndicatorFigures
from gongjian.supervision import daily
from gongjian.testing import PASSWORD, local_moment, run_machine

from .support import TODAY, actor, month

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(local_moment(TODAY))


def stored() -> dict[int, dict]:
    return {row.pk: figures.stored_values(row) for row in IndicatorFigures.objects.all()}


def recomputed(today: dt.date = TODAY) -> dict[int, dict]:
    return figures.computed(list(Indicator.objects.select_related("campaign")), today)


DEFINITIONS = {
    "cumulative": {"kind": "cumulative", "direction": "higher", "comparator": ">=", "target": Decimal(12)},
    "level": {
        "kind": "level",
        "direction": "lower",
        "comparator": "<=",
        "target": Decimal(40),
        "baseline": Decimal(60),
        "unit": "%",
    },
}


def create(world, definition: str, code: str) -> Indicator:
    data = {"unit": "家", **DEFINITIONS[definition]}
    return services.create_indicator(
        actor(world, "supervisor"),
        campaign=world.campaign,
        area=world.area,
        code=code,
        name=f"指标{code}",
        lead_unit=world.bureau,
        source_unit=world.bureau,
        **data,
    )


def _machine(world):
    clerk, supervisor = actor(world, "clerk"), actor(world, "supervisor")

    class IndicatorWrites(RuleBasedStateMachine):
        indicators = Bundle("indicators")

        def __init__(self):
            super().__init__()
            self.n = 0

        def _code(self) -> str:
            self.n += 1
            return f"P{Indicator.objects.count()}-{self.n}"

        @initialize(target=indicators, definition=st.sampled_from(sorted(DEFINITIONS)))
        def first(self, definition):
            return create(world, definition, self._code()).pk

        @rule(target=indicators, definition=st.sampled_from(sorted(DEFINITIONS)))
        def another(self, definition):
            return create(world, definition, self._code()).pk

        @rule(pk=indicators, m=st.integers(1, 7), value=st.integers(0, 30))
        def submit(self, pk, m, value):
            try:  # July is not over: refused, nothing changes
                services.submit_actual(clerk, Indicator.objects.get(pk=pk), period_start=month(m), value=value)
            except ValidationError:
                pass

        @rule(pk=indicators, value=st.integers(0, 5))
        def fill(self, pk, value):
            """Every ended month entered and accepted (random single steps alone rarely get past 未报送)."""
            ind = Indicator.objects.get(pk=pk)
            for m in range(1, 7):
                actual = services.submit_actual(clerk, ind, period_start=month(m), value=value + m % 2)
                if actual.status == "submitted":
                    services.accept_actual(supervisor, actual)

        @rule(pk=indicators, m=st.integers(1, 6), accept=st.booleans())
        def review(self, pk, m, accept):
            actual = Actual.objects.filter(indicator_id=pk, period_start=month(m), status="submitted").first()
            if actual is None:
                return
            if accept:
                services.accept_actual(supervisor, actual)
            else:
                services.return_actual(supervisor, actual, reason="数据口径不符")

        @rule(pk=indicators, custom=st.booleans(), step=st.integers(0, 5))
        def plan(self, pk, custom, step):
            ind = Indicator.objects.get(pk=pk)
            values = {month(m): Decimal(step * m) for m in range(1, 13)} if custom else {}
            try:
                services.set_planned_values(supervisor, ind, values)
            except ValidationError:
                pass

        @rule(pk=indicators, goal=st.integers(1, 80))
        def retarget(self, pk, goal):
            ind = Indicator.objects.get(pk=pk)
            try:
                services.update_indicator(supervisor, ind, target=Decimal(goal))
            except (ValidationError, PermissionDenied):
                pass

        @invariant()
        def every_stored_figure_equals_the_recomputed_one(self):
            assert stored() == recomputed()

    return IndicatorWrites


def test_stored_figures_equal_the_recomputed_ones_after_any_writes(world):
    run_machine(_machine(world), examples=15, steps=20)
    # The runs wrote figures of every colour the rules give these indicators, not only empty ones.
    assert {"red", "green"} <= set(IndicatorFigures.objects.values_list("colour", flat=True))


def _fill(world, ind, values):
    clerk, sup = actor(world, "clerk"), actor(world, "supervisor")
    for m, v in enumerate(values, start=1):
        services.accept_actual(sup, services.submit_actual(clerk, ind, period_start=month(m), value=v))


def test_daily_run_repairs_drift_and_reports_how_much(world):
    green, red, other = (create(world, "cumulative", code) for code in ("A", "B", "C"))
    _fill(world, green, [1, 1, 1, 1, 1, 1])
    _fill(world, red, [0, 0, 1, 0, 0, 1])
    assert stored() == recomputed()
    # Writes that bypassed the services: a colour and achievement changed, a row lost.
    IndicatorFigures.objects.filter(pk=red.pk).update(colour="green", severity=1, achievement=Decimal(100))
    IndicatorFigures.objects.filter(pk=other.pk).delete()
    assert stored() != recomputed()

    summary = daily.run(TODAY, send=False)
    assert summary.figures["indicators"] == {"checked": 3, "repaired": 2}
    assert stored() == recomputed()
    assert IndicatorFigures.objects.get(pk=red.pk).colour == "red"
    assert daily.run(TODAY, send=False).figures["indicators"] == {"checked": 3, "repaired": 0}


def test_daily_run_moves_the_figures_with_the_date(world):
    ind = create(world, "cumulative", "A")
    _fill(world, ind, [1, 1, 1, 1, 1, 1])
    assert IndicatorFigures.objects.get(pk=ind.pk).colour == "green"
    later = dt.date(2026, 8, 20)  # July's actual is now late: 未报送
    summary = daily.run(later, send=False)
    assert summary.figures["indicators"]["repaired"] == 1
    row = IndicatorFigures.objects.get(pk=ind.pk)
    assert (row.colour, row.reason, row.as_of) == ("red", "unreported", later)
    assert stored() == recomputed(later)


def test_the_list_shows_sorts_and_counts_the_stored_figures(world, client):
    low, high = create(world, "cumulative", "A"), create(world, "cumulative", "B")
    _fill(world, low, [1, 1, 0, 1, 1, 1])  # 5 of 6 planned
    _fill(world, high, [2, 2, 2, 2, 2, 2])
    assert client.login(username=world.user("supervisor").username, password=PASSWORD)
    rows = client.get("/indicators/", {"sort": "-figures__achievement"}).context["rows"]
    assert [r.code for r in rows] == ["B", "A"]
    assert rows[0].status.achievement == 200 and rows[1].status.achievement == 83.33
    # The page reads what is stored: a drifted figure shows until the daily run repairs it.
    IndicatorFigures.objects.filter(pk=low.pk).update(colour="red", severity=4)
    assert client.get("/indicators/").context["counts"] == {"red": 1, "yellow": 0, "green": 1}
    response = client.get("/indicators/", {"colour": "red"})
    assert [r.code for r in response.context["rows"]] == ["A"]
    daily.run(TODAY, send=False)
    assert list(client.get("/indicators/", {"colour": "red"}).context["rows"]) == []
    assert client.get("/indicators/").context["counts"] == {"red": 0, "yellow": 1, "green": 1}


def test_a_campaigns_grace_days_refresh_its_indicators_figures(world):
    """June's actual is 20 days late on TODAY: red under the default grace; not yet late under 25 days' grace."""
    from gongjian.campaigns import services as campaign_services

    ind = create(world, "cumulative", "A")
    _fill(world, ind, [1, 1, 1, 1, 1])
    assert IndicatorFigures.objects.get(pk=ind.pk).reason == "unreported"
    campaign_services.update_campaign(actor(world, "supervisor"), world.campaign, grace_days=25)
    assert IndicatorFigures.objects.get(pk=ind.pk).reason != "unreported"
    assert stored() == recomputed()
