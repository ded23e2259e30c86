"""Item colours for many items at once, with NumPy (pure: no Django imports).

The same rule as :func:`.rules.item_colour`, over arrays: one row per item. It gives the same colour and reason
as the per-row function whenever the percent complete is exact in binary floating point (whole numbers,
halves, quarters…); the per-row function stays the reference. Colours come back as severity codes (0 done,
1 green, 2 blue, 3 yellow, 4 red, see :data:`.rules.COLOURS`) and reasons as indexes into :data:`REASONS`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .rules import DEFAULT_RULES, Rules

__all__ = ["REASONS", "ItemArrays", "item_colours"]

REASONS = ("done", "overdue", "unreported", "far_behind", "behind", "near_due", "on_schedule")
_R = {name: i for i, name in enumerate(REASONS)}
_COLOUR_OF_REASON = np.array([0, 4, 4, 4, 3, 2, 1], dtype=np.int8)


@dataclass(frozen=True)
class ItemArrays:
    """Dates as ``datetime64[D]`` (``NaT`` for no report), percent as float (``NaN`` for no accepted report)."""

    start: np.ndarray
    due: np.ndarray
    today: np.ndarray
    percent_complete: np.ndarray
    done: np.ndarray
    weekly: np.ndarray  # True: ISO weeks, False: calendar months
    latest_reported_period_end: np.ndarray


def _days(a: np.ndarray) -> np.ndarray:
    return a.astype("datetime64[D]").astype(np.int64)


def _month_end(day: np.ndarray) -> np.ndarray:
    """Last day (int days) of the calendar month of each ``datetime64[D]``."""
    nxt = day.astype("datetime64[M]") + np.timedelta64(1, "M")
    return _days(nxt.astype("datetime64[D]")) - 1


def _week_end(days: np.ndarray) -> np.ndarray:
    """Sunday (int days) of the ISO week of each day; 1970-01-01 was a Thursday."""
    return days + (6 - (days + 3) % 7)


def item_colours(items: ItemArrays, rules: Rules = DEFAULT_RULES) -> tuple[np.ndarray, np.ndarray]:
    """(severity codes, reason indexes) for every row."""
    start, due, today = _days(items.start), _days(items.due), _days(items.today)
    weekly = np.asarray(items.weekly, dtype=bool)
    done = np.asarray(items.done, dtype=bool)
    # The last ended period P: its last day is the day before the first day of today's period.
    month_start = _days(items.today.astype("datetime64[M]").astype("datetime64[D]"))
    week_start = today - (today + 3) % 7
    p_end = np.where(weekly, week_start, month_start) - 1
    reported_at = items.latest_reported_period_end.astype("datetime64[D]")
    has_report = ~np.isnat(reported_at)
    safe = np.where(has_report, reported_at, items.today.astype("datetime64[D]"))
    reported_end = np.where(weekly, _week_end(_days(safe)), _month_end(safe))
    reported = has_report & (reported_end >= p_end)
    unreported = (p_end >= start) & ~reported & ((today - p_end) > rules.grace_days)

    total = due - start
    elapsed = np.clip(today - start, 0, np.maximum(total, 0))
    pct = np.nan_to_num(np.asarray(items.percent_complete, dtype=np.float64), nan=0.0)
    # gap × total, so that the comparisons stay exact for whole percents; start = due: total taken as 1.
    zero = total <= 0
    scaled_expected = np.where(zero, np.where(today >= due, 100, 0), 100 * elapsed).astype(np.float64)
    denom = np.where(zero, 1, total).astype(np.float64)
    gap_scaled = scaled_expected - pct * denom
    red = gap_scaled > float(rules.red_gap) * denom
    yellow = gap_scaled >= float(rules.yellow_gap) * denom
    near = (due - today) <= rules.near_due_days

    reason = np.select(
        [done, today > due, unreported, red, yellow, near],
        [_R["done"], _R["overdue"], _R["unreported"], _R["far_behind"], _R["behind"], _R["near_due"]],
        default=_R["on_schedule"],
    ).astype(np.int8)
    return _COLOUR_OF_REASON[reason], reason
