"""Verdicts in words: the reason codes of :mod:`.rules` as sentences in the user's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from . import periods
from . import rules as r

__all__ = ["fmt_value", "period_label", "reason_text", "reasons"]


def reasons() -> dict[str, str]:
    """Reason code → sentence; the numbers of the verdict fill the placeholders."""
    return {
        "done": _("Done."),
        "overdue": _("Overdue: the due date {due} passed {days_overdue} days ago."),
        "unreported": _(
            "No report for {period}, which ended {days_since_period_end} days ago (grace: {grace_days} days)."
        ),
        "far_behind": _(
            "{gap} points behind the time schedule (expected {expected_percent} %, reported {actual_percent} %): "
            "more than {red_gap} points."
        ),
        "behind": _(
            "{gap} points behind the time schedule (expected {expected_percent} %, reported {actual_percent} %): "
            "{yellow_gap} to {red_gap} points."
        ),
        "near_due": _(
            "Due in {days_to_due} days; progress keeps to the time schedule "
            "(expected {expected_percent} %, reported {actual_percent} %)."
        ),
        "on_schedule": _(
            "Keeps to the time schedule (expected {expected_percent} %, reported {actual_percent} %, gap {gap} points)."
        ),
        "milestone_missed": _("The milestone was planned for {planned} and is {days_overdue} days late."),
        "milestone_near": _("The milestone is planned for {planned}, in {days_to_due} days."),
        "milestone_ahead": _("The milestone is planned for {planned}, in {days_to_due} days."),
        "no_period_ended": _("No period of the indicator's year has ended yet."),
        "awaiting_first_actual": _(
            "The actual for {awaiting_period} is still within the grace of {grace_days} days and no earlier "
            "period can be judged."
        ),
        "zero_denominator": _("Judged at {period}: nothing to divide by (actual {actual}, planned {planned})."),
        "on_plan": _("On plan at {period}: {achievement_percent} % achieved (actual {actual}, planned {planned})."),
        "below_plan": _(
            "Behind plan at {period}: {achievement_percent} % achieved (actual {actual}, planned {planned})."
        ),
        "far_below_plan": _(
            "Far behind plan at {period}: {achievement_percent} % achieved (actual {actual}, planned {planned})."
        ),
    }


def fmt_value(value: Any) -> str:
    if isinstance(value, list):
        return "–".join(fmt_value(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    return str(value)


def period_label(key: str) -> str:
    """A period key as users write it: 2026-05 → 2026年5月 (May 2026), 2026-W53 → 2026年第53周."""
    try:
        if "-W" in key:
            year, week = key.split("-W")
            day = dt.date.fromisocalendar(int(year), int(week), 1)
            period = periods.period_containing(day, periods.WEEKLY)
        else:
            year, month = key.split("-")
            period = periods.period_containing(dt.date(int(year), int(month), 1), periods.MONTHLY)
    except ValueError:
        return key
    return period.label(translation.get_language() or "zh-hans")


def reason_text(code: str, numbers: dict[str, Any], rules: r.Rules) -> str:
    values = {k: fmt_value(v) for k, v in numbers.items()}
    for name in ("period", "awaiting_period"):
        if name in numbers:
            values[name] = period_label(numbers[name])
    values.update({k: fmt_value(v) for k, v in rules.as_dict().items()})
    text = reasons()[code].format(**values)
    if numbers.get("judged_previous_period"):
        text += " " + _("The actual for {period} is still within the grace of {grace_days} days.").format(
            period=values["awaiting_period"], grace_days=rules.grace_days
        )
    return text
