"""Read side of indicators: colours, achievement and forecasts of many indicators with a fixed number of queries.

``evaluate(queryset, today)`` runs three queries whatever the number of indicators (the indicators, their
actuals, their planned values) and applies the pure rules of :mod:`.rules` and :mod:`.forecast`.

Which value of a period counts: the accepted value; without one, a submitted value awaiting review counts
provisionally (the period is reported, as a submitted report counts for an item). A returned actual that was
never accepted does not count: the period is unreported until it is resubmitted.
The list page, the detail page, the campaign section and the daily warnings run all read colours from here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import Q, QuerySet

from gongjian.campaigns import lights
from gongjian.campaigns.periods import Period

from . import rules
from .choices import ActualStatus, Comparator
from .forecast import Forecast, forecast
from .models import Actual, Indicator, PlannedValue
from .texts import reason_text

__all__ = ["Status", "build_case", "evaluate", "periods_of", "rules_for"]


@lru_cache(maxsize=256)
def periods_of(year: int, frequency: str) -> tuple[Period, ...]:
    return tuple(rules.periods_of_year(year, frequency))


@lru_cache(maxsize=64)
def rules_for(grace_days: int) -> rules.Rules:
    return rules.Rules(grace_days=grace_days)


@dataclass
class Status:
    """An indicator's colour on a day, with the numbers behind it and the year-end forecast."""

    indicator: Indicator
    verdict: rules.Verdict | None  # None: the indicator cannot be judged (see ``problems``)
    forecast: Forecast | None
    problems: list[tuple[str, str]]
    rules: rules.Rules

    @property
    def colour(self) -> str | None:
        return self.verdict.colour if self.verdict else None

    @property
    def css(self) -> str:
        return lights.CSS.get(self.colour, "secondary")

    @property
    def label(self) -> str:
        return lights.colour_label(self.colour) if self.colour else "—"

    @property
    def reason(self) -> str:
        if self.verdict is None:
            return ""
        return reason_text(self.verdict.reason, self.verdict.numbers, self.rules)

    @property
    def achievement(self) -> Any:
        return self.verdict.numbers.get("achievement_percent") if self.verdict else None

    @property
    def projected_miss(self) -> bool:
        return bool(self.forecast and self.forecast.warning == "projected_miss")


def _plain(value):
    """Whole decimals as ints (Decimal("3.0000") → 3): the rules compute exactly either way, ints much faster."""
    if value is not None and value == value.to_integral_value():
        return int(value)
    return value


def counting_value(actual: Actual) -> Decimal | None:
    """The value of an actual that counts for the colours (see the module docstring)."""
    if actual.accepted_value is not None:
        return actual.accepted_value
    return actual.value if actual.status == ActualStatus.SUBMITTED else None


def build_case(ind: Indicator, actuals: list[tuple[dt.date, Decimal]], planned: list[tuple[dt.date, Any, Any]]):
    """The pure case of an indicator from its accepted actuals and planned values (period start, value…)."""
    ps = periods_of(ind.year, ind.frequency)
    index = {p.start: i for i, p in enumerate(ps)}
    values: list[Decimal | None] = [None] * len(ps)
    for start, value in actuals:
        i = index.get(start)
        if i is not None:
            values[i] = _plain(value)
    plan = None
    if planned and len(planned) == len(ps):
        by_start = {start: (v, hi) for start, v, hi in planned}
        if all(p.start in by_start for p in ps):
            if ind.comparator == Comparator.RANGE:
                plan = [(_plain(by_start[p.start][0]), _plain(by_start[p.start][1])) for p in ps]
            else:
                plan = [_plain(by_start[p.start][0]) for p in ps]
    if ind.comparator == Comparator.RANGE:
        target = (ind.target, ind.target_high if ind.target_high is not None else ind.target)
    else:
        target = ind.target
    return rules.IndicatorCase(
        direction=ind.direction,
        kind=ind.kind,
        target=target,
        year=ind.year,
        actuals=values,
        comparator=ind.comparator,
        baseline=ind.baseline,
        planned=plan,
        frequency=ind.frequency,
    )


def evaluate(
    indicators: QuerySet | list[Indicator], today: dt.date, *, with_forecast: bool = True
) -> dict[int, Status]:
    """Status of every indicator of ``indicators`` (a queryset, or a list already loaded with its campaign).

    Queries: the indicators (when a queryset), one for the accepted actuals, one for the planned values.
    """
    if isinstance(indicators, QuerySet):
        ids_source = indicators.values("pk")
        indicators = list(indicators.select_related("campaign"))
    else:
        ids_source = [i.pk for i in indicators]
    if not indicators:
        return {}
    actuals: dict[int, list] = defaultdict(list)
    counting = Q(accepted_value__isnull=False) | Q(status=ActualStatus.SUBMITTED)
    for ind_id, start, accepted, value in Actual.objects.filter(counting, indicator__in=ids_source).values_list(
        "indicator_id", "period_start", "accepted_value", "value"
    ):
        actuals[ind_id].append((start, accepted if accepted is not None else value))
    planned: dict[int, list] = defaultdict(list)
    for ind_id, start, value, high in PlannedValue.objects.filter(indicator__in=ids_source).values_list(
        "indicator_id", "period_start", "value", "value_high"
    ):
        planned[ind_id].append((start, value, high))
    out: dict[int, Status] = {}
    for ind in indicators:
        rule_set = rules_for(ind.campaign.grace_days)
        case = build_case(ind, actuals.get(ind.pk, []), planned.get(ind.pk, []))
        problems = rules.indicator_problems(case)
        if problems:
            out[ind.pk] = Status(ind, None, None, problems, rule_set)
            continue
        verdict = rules.indicator_colour(case, today, rule_set)
        fc = forecast(case, today, rule_set) if with_forecast else None
        out[ind.pk] = Status(ind, verdict, fc, [], rule_set)
    return out


def to_date_series(ind: Indicator, values: dict[dt.date, Decimal]) -> list[tuple[Period, Decimal | None]]:
    """Per period: the value as compared with the plan (cumulative kinds: the sum to date)."""
    out = []
    running = Decimal(0)
    for p in periods_of(ind.year, ind.frequency):
        v = values.get(p.start)
        if ind.is_cumulative:
            if v is not None:
                running += v
            out.append((p, running if v is not None else None))
        else:
            out.append((p, v))
    return out
