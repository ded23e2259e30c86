"""What-if cases for ``gongjian warnings explain`` (pure: no Django imports).

Reads the JSON schema documented in docs/warning-rules.md into the dataclasses of :mod:`.rules`, evaluates
them, and reports bad input as :class:`CaseError` (case index, field, problem code) for the caller to word.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from gongjian.campaigns.periods import MONTHLY

from . import rules as r
from .forecast import forecast

__all__ = ["CaseError", "evaluate", "load_json", "parse_rules", "read_case"]

ITEM_FIELDS = {
    "type",
    "id",
    "start",
    "due",
    "today",
    "percent_complete",
    "done",
    "reporting",
    "latest_reported_period_end",
}
MILESTONE_FIELDS = {"type", "id", "planned", "done", "today"}
INDICATOR_FIELDS = {
    "type",
    "id",
    "direction",
    "kind",
    "target",
    "comparator",
    "baseline",
    "planned",
    "actuals",
    "today",
    "year",
    "frequency",
    "profile",
}


class CaseError(ValueError):
    """Bad input: ``index`` of the case (None for the file or the rules), ``field`` and a problem ``code``."""

    def __init__(self, index: int | None, field: str | None, code: str, **params: Any):
        super().__init__(f"case {index}, {field}: {code}")
        self.index = index
        self.field = field
        self.code = code
        self.params = params


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number")


def load_json(text: str) -> Any:
    """JSON with exact decimals; NaN and Infinity are refused. Raises ``ValueError`` with the position."""
    return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)


# --- fields -----------------------------------------------------------------------------------------------


def _get(obj: dict, index: int | None, name: str, required: bool = True, default: Any = None) -> Any:
    if name not in obj or obj[name] is None:
        if required:
            raise CaseError(index, name, "missing")
        return default
    return obj[name]


def _date(value: Any, index: int | None, name: str) -> dt.date:
    if not isinstance(value, str):
        raise CaseError(index, name, "not_a_date")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CaseError(index, name, "not_a_date") from None


def _number(value: Any, index: int | None, name: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise CaseError(index, name, "not_a_number")
    if isinstance(value, float | Decimal) and not r._finite(value):
        raise CaseError(index, name, "not_a_number")
    return value


def _integer(value: Any, index: int | None, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CaseError(index, name, "not_an_integer")
    return value


def _boolean(value: Any, index: int | None, name: str) -> bool:
    if not isinstance(value, bool):
        raise CaseError(index, name, "not_a_boolean")
    return value


def _choice(value: Any, index: int | None, name: str, choices: tuple[str, ...], code: str) -> str:
    if value not in choices:
        raise CaseError(index, name, code)
    return value


def _numbers(value: Any, index: int | None, name: str, allow_null: bool = False, pairs: bool = False) -> list:
    if not isinstance(value, list):
        raise CaseError(index, name, "not_a_list")
    out = []
    for i, v in enumerate(value):
        where = f"{name}[{i}]"
        if v is None and allow_null:
            out.append(None)
        elif pairs:
            if not isinstance(v, list) or len(v) != 2:
                raise CaseError(index, where, "range_needs_low_and_high")
            out.append((_number(v[0], index, where), _number(v[1], index, where)))
        else:
            out.append(_number(v, index, where))
    return out


def _unknown(obj: dict, allowed: set[str], index: int | None) -> None:
    for name in obj:
        if name not in allowed:
            raise CaseError(index, name, "unknown_field")


# --- cases ------------------------------------------------------------------------------------------------


def read_case(obj: Any, index: int) -> tuple[str, Any, dt.date, dict]:
    """(type, case dataclass, today, extras) of one case of the file; raises :class:`CaseError`."""
    if not isinstance(obj, dict):
        raise CaseError(index, None, "not_an_object")
    kind = _get(obj, index, "type")
    _choice(kind, index, "type", ("item", "indicator", "milestone"), "unknown_type")
    today = _date(_get(obj, index, "today"), index, "today")
    if kind == "item":
        _unknown(obj, ITEM_FIELDS, index)
        start = _date(_get(obj, index, "start"), index, "start")
        due = _date(_get(obj, index, "due"), index, "due")
        if due < start:
            raise CaseError(index, "due", "due_before_start")
        percent = _get(obj, index, "percent_complete", required=False)
        if percent is not None:
            _number(percent, index, "percent_complete")
            if not 0 <= percent <= 100:
                raise CaseError(index, "percent_complete", "percent_out_of_range")
        done = _boolean(_get(obj, index, "done", required=False, default=False), index, "done")
        reporting = _choice(
            _get(obj, index, "reporting", required=False, default=MONTHLY),
            index,
            "reporting",
            r.CYCLES,
            "unknown_cycle",
        )
        latest = _get(obj, index, "latest_reported_period_end", required=False)
        latest = _date(latest, index, "latest_reported_period_end") if latest is not None else None
        return "item", r.ItemCase(start, due, percent, done, reporting, latest), today, {}
    if kind == "milestone":
        _unknown(obj, MILESTONE_FIELDS, index)
        planned = _date(_get(obj, index, "planned"), index, "planned")
        done = _boolean(_get(obj, index, "done", required=False, default=False), index, "done")
        return "milestone", r.MilestoneCase(planned, done), today, {}
    _unknown(obj, INDICATOR_FIELDS, index)
    direction = _choice(_get(obj, index, "direction"), index, "direction", r.DIRECTIONS, "unknown_direction")
    ind_kind = _choice(_get(obj, index, "kind"), index, "kind", r.KINDS, "unknown_kind")
    comparator = _get(obj, index, "comparator", required=False)
    if comparator is not None:
        _choice(comparator, index, "comparator", r.COMPARATORS, "unknown_comparator")
    target = _get(obj, index, "target")
    if comparator == "range":
        if not isinstance(target, list) or len(target) != 2:
            raise CaseError(index, "target", "range_needs_low_and_high")
        target = (_number(target[0], index, "target"), _number(target[1], index, "target"))
    else:
        target = _number(target, index, "target")
    baseline = _get(obj, index, "baseline", required=False)
    if baseline is not None:
        baseline = _number(baseline, index, "baseline")
    planned = _get(obj, index, "planned", required=False)
    if planned is not None:
        planned = _numbers(planned, index, "planned", pairs=comparator == "range")
    actuals = _numbers(_get(obj, index, "actuals", required=False, default=[]), index, "actuals", allow_null=True)
    year = _integer(_get(obj, index, "year", required=False, default=today.year), index, "year")
    if not 1900 <= year <= 9998:
        raise CaseError(index, "year", "year_out_of_range")
    frequency = _choice(
        _get(obj, index, "frequency", required=False, default=MONTHLY), index, "frequency", r.CYCLES, "unknown_cycle"
    )
    profile = _get(obj, index, "profile", required=False)
    if profile is not None:
        profile = _numbers(profile, index, "profile")
    case = r.IndicatorCase(direction, ind_kind, target, year, actuals, comparator, baseline, planned, frequency)
    problems = r.indicator_problems(case)
    if problems:
        raise CaseError(index, *problems[0])
    periods = r.periods_of_year(year, frequency)
    for i, actual in enumerate(actuals):
        if actual is not None and periods[i].end >= today:
            raise CaseError(index, f"actuals[{i}]", "period_not_over", period=periods[i].key)
    if profile is not None:
        n = len(periods)
        if len(profile) != n:
            raise CaseError(index, "profile", "profile_needs_every_period")
        if any(r.exact(p) < 0 for p in profile):
            raise CaseError(index, "profile", "negative_value")
    return "indicator", case, today, {"profile": profile}


def parse_rules(obj: Any) -> r.Rules:
    """A :class:`~.rules.Rules` from a JSON object holding some of its fields; raises :class:`CaseError`."""
    if not isinstance(obj, dict):
        raise CaseError(None, None, "rules_not_an_object")
    values = {}
    for name, value in obj.items():
        if name not in r.Rules.field_names():
            raise CaseError(None, name, "unknown_field")
        values[name] = value
    try:
        return r.Rules(**values)
    except r.RulesError as exc:
        raise CaseError(None, exc.field, exc.code) from None


def evaluate(obj: Any, index: int, rules: r.Rules = r.DEFAULT_RULES) -> dict[str, Any]:
    """The result of one case as plain data: type, colour, reason code, numbers (and the forecast)."""
    kind, case, today, extras = read_case(obj, index)
    out: dict[str, Any] = {"index": index}
    if isinstance(obj.get("id"), str | int) and not isinstance(obj.get("id"), bool):
        out["id"] = obj["id"]
    out["type"] = kind
    if kind == "item":
        verdict = r.item_colour(case, today, rules)
    elif kind == "milestone":
        verdict = r.milestone_colour(case, today, rules)
    else:
        verdict = r.indicator_colour(case, today, rules)
    out.update({"colour": verdict.colour, "reason_code": verdict.reason, "numbers": verdict.numbers})
    if kind == "indicator":
        out["forecast"] = forecast(case, today, rules, extras["profile"]).as_dict()
    return out
