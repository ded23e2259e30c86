"""The 红黄绿灯 rules (pure: no Django imports, plain data in and out).

Every function takes dataclasses of dates and numbers and returns a :class:`Verdict`: a colour, a reason code
and the numbers behind it. Nothing here is translated: the caller turns ``(reason, numbers)`` into a sentence.
Decisions are taken on exact numbers (ints and :class:`~fractions.Fraction`), so that a gap of exactly 10
points is exactly 10 and not 10.000000000000002; the numbers reported back are floats rounded to 2 places.

The defaults are the ones of issue 3 (see docs/warning-rules.md); every threshold is a field of :class:`Rules`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from gongjian.campaigns.periods import MONTHLY, WEEKLY, Period, last_ended_period, period_containing, periods_between

__all__ = [
    "BLUE",
    "COLOURS",
    "DEFAULT_RULES",
    "DONE",
    "GREEN",
    "RED",
    "YELLOW",
    "Escalation",
    "IndicatorCase",
    "ItemCase",
    "MilestoneCase",
    "Rules",
    "RulesError",
    "Verdict",
    "achievement",
    "escalate",
    "indicator_colour",
    "item_colour",
    "milestone_colour",
    "periods_of_year",
    "planned_to_date",
    "rollup",
    "severity",
    "worse",
]

Number = int | float | Decimal | Fraction

# Colours, from best to worst (``severity``). 已完成 is not a light but ranks best.
DONE = "done"
GREEN = "green"
BLUE = "blue"
YELLOW = "yellow"
RED = "red"
COLOURS = (DONE, GREEN, BLUE, YELLOW, RED)
_SEVERITY = {c: i for i, c in enumerate(COLOURS)}

# Indicator vocabularies.
HIGHER, LOWER = "higher", "lower"
DIRECTIONS = (HIGHER, LOWER)
CUMULATIVE, LEVEL, RATE, GROWTH = "cumulative", "level", "rate", "growth"
KINDS = (CUMULATIVE, LEVEL, RATE, GROWTH)
COMPARATORS = (">=", ">", "<=", "<", "=", "range")
CYCLES = (MONTHLY, WEEKLY)

# Escalation actions.
NO_ACTION = "none"
SUPERVISE = "supervise"  # 督办: a run of yellows
NOTICE = "notice"  # 督办 notice to the lead unit: a red

WORST = "worst"
WEIGHTED = "weighted"


# --- numbers ----------------------------------------------------------------------------------------------


def _finite(x: Number) -> bool:
    if isinstance(x, float):
        return x == x and x not in (float("inf"), float("-inf"))
    if isinstance(x, Decimal):
        return x.is_finite()
    return True


def exact(x: Number) -> int | Fraction:
    """The exact value of ``x``: a float is read as the decimal it prints as (0.1 → 1/10)."""
    if isinstance(x, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(x, int):
        return x
    if isinstance(x, float):
        if not _finite(x):
            raise ValueError("not a finite number")
        q = Fraction(repr(x))
    elif isinstance(x, Decimal):
        if not x.is_finite():
            raise ValueError("not a finite number")
        q = Fraction(x)
    elif isinstance(x, Fraction):
        q = x
    else:
        raise TypeError(f"not a number: {x!r}")
    return q.numerator if q.denominator == 1 else q


def _out(x: Number | None) -> float | int | None:
    """A number for the output: ints stay ints, the rest are floats rounded to 2 places."""
    if x is None:
        return None
    if isinstance(x, int):
        return x
    if isinstance(x, Fraction) and x.denominator == 1:
        return x.numerator
    return round(float(x), 2)


def _plain(v: Any) -> Any:
    if isinstance(v, Fraction | Decimal):
        return _out(Fraction(v))
    return v


class RulesError(ValueError):
    """A rule set that cannot be used: ``field`` and a reason ``code``."""

    def __init__(self, field_name: str, code: str):
        super().__init__(f"{field_name}: {code}")
        self.field = field_name
        self.code = code


@dataclass(frozen=True)
class Rules:
    """Every threshold of the rules. The defaults are issue 3's."""

    grace_days: int = 5  # a report for a period may come this many days after the period's last day
    yellow_gap: Number = 10  # 序时进度 − percent complete, in points: >= this → yellow
    red_gap: Number = 30  # > this → red
    near_due_days: int = 7  # due − today <= this → blue (临近)
    green_achievement: Number = 90  # indicator achievement % >= this → green
    yellow_achievement: Number = 75  # >= this (and < green) → yellow, below → red
    escalation_yellows: int = 2  # this many yellows in a row → 督办
    red_notice: bool = True  # a red issues a 督办 notice to the lead unit
    rollup: str = WORST  # "worst" (worst wins) or "weighted" (weighted share of on-track children)

    def __post_init__(self):
        problems = self.problems()
        if problems:
            raise RulesError(*problems[0])

    def problems(self) -> list[tuple[str, str]]:
        """(field, reason code) of each inconsistency; empty when the rules are usable."""
        out = []
        for name in ("grace_days", "near_due_days", "escalation_yellows"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                out.append((name, "not_a_non_negative_integer"))
        if self.escalation_yellows == 0:
            out.append(("escalation_yellows", "not_a_positive_integer"))
        for name in ("yellow_gap", "red_gap", "green_achievement", "yellow_achievement"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction) or not _finite(value):
                out.append((name, "not_a_number"))
        if not out:
            if exact(self.yellow_gap) > exact(self.red_gap):
                out.append(("yellow_gap", "yellow_gap_above_red_gap"))
            if exact(self.yellow_achievement) > exact(self.green_achievement):
                out.append(("yellow_achievement", "yellow_above_green"))
        if not isinstance(self.red_notice, bool):
            out.append(("red_notice", "not_a_boolean"))
        if self.rollup not in (WORST, WEIGHTED):
            out.append(("rollup", "unknown_rollup"))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {k: _plain(v) for k, v in asdict(self).items()}

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class Verdict:
    colour: str
    reason: str
    numbers: dict[str, Any] = field(default_factory=dict)


def severity(colour: str) -> int:
    return _SEVERITY[colour]


def worse(a: str, b: str) -> bool:
    """Whether colour ``a`` is worse than colour ``b``."""
    return _SEVERITY[a] > _SEVERITY[b]


# --- items ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemCase:
    start: dt.date
    due: dt.date
    percent_complete: Number | None = None  # of the latest accepted report; None when there is none
    done: bool = False
    reporting: str = MONTHLY
    latest_reported_period_end: dt.date | None = None  # end date of the latest period that has a report


def time_progress(start: dt.date, due: dt.date, today: dt.date) -> int | Fraction:
    """序时进度 in percent: (today − start) ÷ (due − start), clipped to 0..100; start = due → 100 from due on."""
    total = (due - start).days
    if total <= 0:
        return 100 if today >= due else 0
    elapsed = min(max((today - start).days, 0), total)
    return exact(Fraction(100 * elapsed, total))


def item_colour(case: ItemCase, today: dt.date, rules: Rules = DEFAULT_RULES) -> Verdict:
    """The colour of an item on ``today`` (issue 3, §2, first rule)."""
    if case.done:
        return Verdict(DONE, "done")
    if today > case.due:
        return Verdict(RED, "overdue", {"due": case.due.isoformat(), "days_overdue": (today - case.due).days})
    period = last_ended_period(today, case.reporting)
    if period.end >= case.start and not _reported(case, period):
        late = (today - period.end).days
        if late > rules.grace_days:
            return Verdict(
                RED,
                "unreported",
                {
                    "period": period.key,
                    "period_end": period.end.isoformat(),
                    "days_since_period_end": late,
                    "grace_days": rules.grace_days,
                },
            )
    expected = time_progress(case.start, case.due, today)
    actual = exact(case.percent_complete) if case.percent_complete is not None else 0
    gap = expected - actual
    days_to_due = (case.due - today).days
    numbers = {
        "expected_percent": _out(expected),
        "actual_percent": _out(actual),
        "gap": _out(gap),
        "days_to_due": days_to_due,
    }
    if gap > exact(rules.red_gap):
        return Verdict(RED, "far_behind", numbers)
    if gap >= exact(rules.yellow_gap):
        return Verdict(YELLOW, "behind", numbers)
    if days_to_due <= rules.near_due_days:
        return Verdict(BLUE, "near_due", numbers)
    return Verdict(GREEN, "on_schedule", numbers)


def _reported(case: ItemCase, period: Period) -> bool:
    """Whether there is a report for ``period`` or a later one."""
    if case.latest_reported_period_end is None:
        return False
    return period_containing(case.latest_reported_period_end, case.reporting).end >= period.end


# --- milestones -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneCase:
    planned: dt.date
    done: bool = False


def milestone_colour(case: MilestoneCase, today: dt.date, rules: Rules = DEFAULT_RULES) -> Verdict:
    if case.done:
        return Verdict(DONE, "done")
    days = (case.planned - today).days
    if days < 0:
        return Verdict(RED, "milestone_missed", {"planned": case.planned.isoformat(), "days_overdue": -days})
    if days <= rules.near_due_days:
        return Verdict(BLUE, "milestone_near", {"planned": case.planned.isoformat(), "days_to_due": days})
    return Verdict(GREEN, "milestone_ahead", {"planned": case.planned.isoformat(), "days_to_due": days})


# --- indicators -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorCase:
    """An indicator for one year. ``actuals[i]`` and ``planned[i]`` belong to the i-th period of the year.

    * ``target``: a number, or ``(low, high)`` with the comparator ``range``.
    * ``planned``: per period; for cumulative kinds each period's own amount, for the others the value planned
      at that period (a ``(low, high)`` pair with ``range``). ``None``: linear (cumulative: target ÷ periods
      each; levels: from ``baseline`` to ``target``; range: the band itself in every period).
    * ``actuals``: per period, ``None`` where missing; may be shorter than the year.
    """

    direction: str
    kind: str
    target: Number | tuple[Number, Number]
    year: int
    actuals: Sequence[Number | None] = ()
    comparator: str | None = None  # None: ">=" when higher is better, "<=" when lower is
    baseline: Number | None = None
    planned: Sequence[Any] | None = None
    frequency: str = MONTHLY

    @property
    def effective_comparator(self) -> str:
        if self.comparator is not None:
            return self.comparator
        return ">=" if self.direction == HIGHER else "<="


def periods_of_year(year: int, cycle: str) -> list[Period]:
    """Calendar months of ``year``, or the ISO weeks of ISO year ``year``."""
    return list(_periods_of_year(year, cycle))


@lru_cache(maxsize=512)
def _periods_of_year(year: int, cycle: str) -> tuple[Period, ...]:
    # Cached: judging thousands of indicators of one year asks for the same periods each time.
    if cycle == WEEKLY:
        first = dt.date.fromisocalendar(year, 1, 1)
        last = dt.date.fromisocalendar(year + 1, 1, 1) - dt.timedelta(days=1)
        return tuple(periods_between(first, last, WEEKLY))
    return tuple(periods_between(dt.date(year, 1, 1), dt.date(year, 12, 31), cycle))


def indicator_problems(case: IndicatorCase) -> list[tuple[str, str]]:
    """(field, reason code) for each inconsistency of an indicator case; empty when it can be judged."""
    out: list[tuple[str, str]] = []
    if case.direction not in DIRECTIONS:
        out.append(("direction", "unknown_direction"))
    if case.kind not in KINDS:
        out.append(("kind", "unknown_kind"))
    if case.frequency not in CYCLES:
        out.append(("frequency", "unknown_frequency"))
    comparator = case.effective_comparator
    if comparator not in COMPARATORS:
        out.append(("comparator", "unknown_comparator"))
        return out
    if (comparator in (">=", ">") and case.direction == LOWER) or (
        comparator in ("<=", "<") and case.direction == HIGHER
    ):
        out.append(("comparator", "comparator_contradicts_direction"))
    if comparator == "range":
        if case.kind == CUMULATIVE:
            out.append(("comparator", "range_needs_a_level"))
        if not (isinstance(case.target, tuple | list) and len(case.target) == 2):
            out.append(("target", "range_needs_low_and_high"))
        elif exact(case.target[0]) > exact(case.target[1]):
            out.append(("target", "range_low_above_high"))
    elif isinstance(case.target, tuple | list):
        out.append(("target", "not_a_number"))
    if case.kind != CUMULATIVE and comparator != "range" and case.planned is None and case.baseline is None:
        out.append(("baseline", "baseline_needed_for_linear_plan"))
    if out:
        return out
    n = len(periods_of_year(case.year, case.frequency))
    if case.planned is not None:
        if len(case.planned) != n:
            out.append(("planned", "planned_needs_every_period"))
        elif comparator == "range" and not all(isinstance(p, tuple | list) and len(p) == 2 for p in case.planned):
            out.append(("planned", "range_needs_low_and_high"))
    if len(case.actuals) > n:
        out.append(("actuals", "more_actuals_than_periods"))
    negatives = [case.target] if not isinstance(case.target, tuple | list) else list(case.target)
    negatives += [a for a in case.actuals if a is not None]
    if case.kind != GROWTH and any(exact(x) < 0 for x in negatives):
        out.append(("actuals", "negative_value"))
    return out


def planned_to_date(case: IndicatorCase, index: int) -> Any:
    """What was planned at period ``index`` (0-based): cumulative kinds the sum to date, levels the value,
    range a (low, high) pair."""
    n = len(periods_of_year(case.year, case.frequency))
    comparator = case.effective_comparator
    k = index + 1
    if case.planned is not None:
        if comparator == "range":
            low, high = case.planned[index]
            return exact(low), exact(high)
        if case.kind == CUMULATIVE:
            return sum((exact(p) for p in case.planned[:k]), 0)
        return exact(case.planned[index])
    if comparator == "range":
        low, high = case.target
        return exact(low), exact(high)
    target = exact(case.target)
    if case.kind == CUMULATIVE:
        return exact(Fraction(target) * k / n)
    baseline = exact(case.baseline)
    return exact(baseline + Fraction(target - baseline) * k / n)


def achievement(actual: Number, planned: Any, direction: str, comparator: str) -> int | Fraction | None:
    """Achievement in percent, or ``None`` for a zero denominator (judged green).

    Higher is better: actual ÷ planned; lower is better: planned ÷ actual; ``=``: the smaller of the two;
    ``range``: 100 inside the band, else the ratio to the bound that was missed. Where a ratio would need a
    negative number (growth rates), the value is 100 if the actual is at least as good as planned, else 0.
    """
    a = exact(actual)
    if comparator == "range":
        low, high = planned
        if low <= a <= high:
            return 100
        return _ratio(a, low, HIGHER) if a < low else _ratio(a, high, LOWER)
    p = exact(planned)
    if comparator == "=":
        if a == p:
            return 100
        return _ratio(a, p, HIGHER) if a < p else _ratio(a, p, LOWER)
    return _ratio(a, p, direction)


def _ratio(a: int | Fraction, p: int | Fraction, direction: str) -> int | Fraction | None:
    num, den = (a, p) if direction == HIGHER else (p, a)
    if den == 0:
        return None
    if num < 0 or den < 0:
        good = a >= p if direction == HIGHER else a <= p
        return 100 if good else 0
    return exact(Fraction(100 * num, den))


def indicator_colour(case: IndicatorCase, today: dt.date, rules: Rules = DEFAULT_RULES) -> Verdict:
    """The colour of an indicator at the last period of its year that ended before ``today``."""
    periods = periods_of_year(case.year, case.frequency)
    ended = [i for i, p in enumerate(periods) if p.end < today]
    if not ended:
        return Verdict(GREEN, "no_period_ended", {})
    index = ended[-1]
    first = periods[index]
    actuals = list(case.actuals) + [None] * (len(periods) - len(case.actuals))
    numbers: dict[str, Any] = {}
    while actuals[index] is None:
        late = (today - periods[index].end).days
        if late > rules.grace_days:
            return Verdict(
                RED,
                "unreported",
                {
                    "period": periods[index].key,
                    "period_end": periods[index].end.isoformat(),
                    "days_since_period_end": late,
                    "grace_days": rules.grace_days,
                },
            )
        numbers["awaiting_period"] = periods[index].key
        if index == 0:
            return Verdict(GREEN, "awaiting_first_actual", {**numbers, "grace_days": rules.grace_days})
        index -= 1
    period = periods[index]
    comparator = case.effective_comparator
    if case.kind == CUMULATIVE:
        actual = sum((exact(a) for a in actuals[: index + 1] if a is not None), 0)
    else:
        actual = exact(actuals[index])
    planned = planned_to_date(case, index)
    value = achievement(actual, planned, case.direction, comparator)
    numbers.update(
        {
            "period": period.key,
            "actual": _out(actual),
            "planned": [_out(planned[0]), _out(planned[1])] if isinstance(planned, tuple) else _out(planned),
            "achievement_percent": _out(value),
        }
    )
    if period is not first:
        numbers["judged_previous_period"] = True
    if value is None:
        return Verdict(GREEN, "zero_denominator", numbers)
    if value >= exact(rules.green_achievement):
        return Verdict(GREEN, "on_plan", numbers)
    if value >= exact(rules.yellow_achievement):
        return Verdict(YELLOW, "below_plan", numbers)
    return Verdict(RED, "far_below_plan", numbers)


def target_met(value: Number, case: IndicatorCase) -> bool:
    """Whether a year-end ``value`` meets the annual target with the case's comparator."""
    v = exact(value)
    comparator = case.effective_comparator
    if comparator == "range":
        low, high = (exact(x) for x in case.target)
        return low <= v <= high
    t = exact(case.target)
    return {">=": v >= t, ">": v > t, "<=": v <= t, "<": v < t, "=": v == t}[comparator]


def shortfall(value: Number, case: IndicatorCase) -> int | Fraction:
    """How far a year-end ``value`` is from the target, in the indicator's unit (0 when the target is met)."""
    v = exact(value)
    comparator = case.effective_comparator
    if comparator == "range":
        low, high = (exact(x) for x in case.target)
        return low - v if v < low else (v - high if v > high else 0)
    if target_met(v, case):
        return 0
    t = exact(case.target)
    return abs(t - v)


# --- escalation and roll-up -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Escalation:
    action: str  # "none", "supervise" (督办) or "notice" (督办 notice to the lead unit)
    reason: str
    numbers: dict[str, Any] = field(default_factory=dict)


def escalate(history: Iterable[tuple[str, str]], rules: Rules = DEFAULT_RULES) -> Escalation:
    """What the latest colour of a history of ``(period key, colour)`` calls for.

    The history is read in period order. A red (latest) issues a 督办 notice; ``escalation_yellows`` yellows
    in a row, ending with the latest, escalate to 督办.
    """
    entries = sorted(history)
    if not entries:
        return Escalation(NO_ACTION, "no_history")
    period, colour = entries[-1]
    if colour == RED and rules.red_notice:
        return Escalation(NOTICE, "red", {"period": period})
    run = 0
    for _, c in reversed(entries):
        if c != YELLOW:
            break
        run += 1
    if run >= rules.escalation_yellows:
        return Escalation(SUPERVISE, "yellows_in_a_row", {"period": period, "yellows": run})
    return Escalation(NO_ACTION, "no_escalation", {"period": period})


def rollup(colours: Iterable[str | tuple[str, Number]], rules: Rules = DEFAULT_RULES) -> Verdict:
    """One colour for many (an area's items, a campaign's areas). Entries are colours or (colour, weight).

    ``worst``: the worst colour wins. ``weighted``: the weighted share of children on track (done, green or
    blue) is judged like an achievement: >= green_achievement green, >= yellow_achievement yellow, else red.
    """
    pairs = [(c, 1) if isinstance(c, str) else (c[0], exact(c[1])) for c in colours]
    counts = {c: sum(1 for p in pairs if p[0] == c) for c in COLOURS}
    counts = {c: n for c, n in counts.items() if n}
    if not pairs:
        return Verdict(GREEN, "no_children", {})
    if all(c == DONE for c, _ in pairs):
        return Verdict(DONE, "all_done", {"counts": counts})
    if rules.rollup == WORST:
        worst = max((c for c, _ in pairs), key=severity)
        return Verdict(worst, "worst_wins", {"counts": counts})
    total = sum((w for _, w in pairs), 0)
    if total == 0:
        return Verdict(GREEN, "zero_denominator", {"counts": counts})
    on_track = sum((w for c, w in pairs if c in (DONE, GREEN, BLUE)), 0)
    share = exact(Fraction(100 * on_track, total))
    numbers = {"counts": counts, "on_track_percent": _out(share)}
    if share >= exact(rules.green_achievement):
        return Verdict(GREEN, "weighted_share", numbers)
    if share >= exact(rules.yellow_achievement):
        return Verdict(YELLOW, "weighted_share", numbers)
    return Verdict(RED, "weighted_share", numbers)
