"""Year-end forecasts of indicators (pure: no Django imports, plain data in and out).

* Cumulative kinds: a least-squares line through the cumulative actuals (period number k → sum to period k),
  read at the last period of the year. With one period of data the line goes through the origin (run rate).
  With ``profile`` (last year's per-period amounts), the year-end value is instead the sum to date divided by
  the share of last year's total that had been reached by the same period.
* Levels, rates and growth: a least-squares line through the values themselves, read at the last period.

The distinct warning "on track now, projected to miss" (``projected_miss``) is raised when the indicator is
green today and the projection does not meet the annual target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .rules import (
    CUMULATIVE,
    DEFAULT_RULES,
    GREEN,
    IndicatorCase,
    Number,
    Rules,
    _out,
    exact,
    indicator_colour,
    periods_of_year,
    shortfall,
    target_met,
)

__all__ = ["LINEAR", "PROFILE", "Forecast", "forecast", "linear_fit"]

LINEAR = "linear"
PROFILE = "profile"


@dataclass(frozen=True)
class Forecast:
    method: str | None  # "linear", "profile", or None without data
    projected: Number | None  # the year-end value: a total for cumulative kinds, the last period's value else
    meets_target: bool | None
    gap: Number | None  # how far the projection is from the target, in the indicator's unit (0 when met)
    warning: str | None  # "projected_miss" when green now but projected to miss; None otherwise
    current: str  # today's colour
    numbers: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "projected": _out(self.projected),
            "meets_target": self.meets_target,
            "gap": _out(self.gap),
            "warning": self.warning,
            "current": self.current,
            **self.numbers,
        }


def linear_fit(points: Sequence[tuple[Number, Number]]) -> tuple[Fraction, Fraction]:
    """(intercept, slope) of the least-squares line through ``points``; one point: the line through the origin."""
    if not points:
        raise ValueError("no points")
    xs = [Fraction(exact(x)) for x, _ in points]
    ys = [Fraction(exact(y)) for _, y in points]
    if len(points) == 1:
        return Fraction(0), (ys[0] / xs[0] if xs[0] else Fraction(0))
    n = len(points)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return my, Fraction(0)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return my - slope * mx, slope


def forecast(
    case: IndicatorCase,
    today: dt.date,
    rules: Rules = DEFAULT_RULES,
    profile: Sequence[Number] | None = None,
) -> Forecast:
    """Project the year-end value from the actuals of the periods that ended before ``today``."""
    periods = periods_of_year(case.year, case.frequency)
    n = len(periods)
    current = indicator_colour(case, today, rules).colour
    known = [(i + 1, a) for i, a in enumerate(case.actuals[:n]) if a is not None and periods[i].end < today]
    if not known:
        return Forecast(None, None, None, None, None, current, {"reason": "no_actuals"})
    last_k = known[-1][0]
    method = LINEAR
    if case.kind == CUMULATIVE:
        to_date = sum((exact(a) for _, a in known), 0)
        projected = None
        if profile is not None and len(profile) == n:
            total = sum((exact(p) for p in profile), 0)
            share = sum((exact(p) for p in profile[:last_k]), 0)
            if total > 0 and share > 0:
                projected = Fraction(to_date) * total / share
                method = PROFILE
        if projected is None:
            running, points = 0, []
            for k, a in known:
                running += exact(a)
                points.append((k, running))
            intercept, slope = linear_fit(points)
            projected = intercept + slope * n
        numbers = {"to_date": _out(to_date), "periods_with_data": len(known)}
    else:
        intercept, slope = linear_fit([(k, a) for k, a in known])
        projected = intercept + slope * n
        numbers = {"latest": _out(exact(known[-1][1])), "periods_with_data": len(known)}
    projected = exact(Fraction(projected))
    met = target_met(projected, case)
    gap = shortfall(projected, case)
    warning = "projected_miss" if current == GREEN and not met else None
    return Forecast(method, projected, met, gap, warning, current, numbers)
