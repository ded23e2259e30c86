"""Reporting periods (pure: no Django imports).

Monthly periods are calendar months; weekly periods are ISO weeks, Monday to Sunday. A period is identified
by its first day. A report for a period is due ``grace_days`` after the period's last day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["Period", "deadline", "last_ended_period", "period_containing", "periods_between"]

MONTHLY = "monthly"
WEEKLY = "weekly"


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    cycle: str

    @property
    def key(self) -> str:
        if self.cycle == WEEKLY:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start.year}-{self.start.month:02d}"

    def label(self, lang: str = "zh-hans") -> str:
        """As users write it: 2026年3月 / 2026年第12周 (English: Mar 2026 / 2026 week 12)."""
        if self.cycle == WEEKLY:
            year, week, _ = self.start.isocalendar()
            return f"{year}年第{week}周" if lang.startswith("zh") else f"{year} week {week}"
        if lang.startswith("zh"):
            return f"{self.start.year}年{self.start.month}月"
        return self.start.strftime("%b %Y")

    def __str__(self) -> str:
        return self.label()


def period_containing(day: dt.date, cycle: str) -> Period:
    if cycle == WEEKLY:
        start = day - dt.timedelta(days=day.weekday())
        return Period(start, start + dt.timedelta(days=6), WEEKLY)
    if cycle != MONTHLY:
        raise ValueError(f"unknown reporting cycle {cycle!r}")
    start = day.replace(day=1)
    nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return Period(start, nxt - dt.timedelta(days=1), MONTHLY)


def periods_between(first: dt.date, last: dt.date, cycle: str) -> list[Period]:
    """Every period that overlaps [first, last], in order."""
    out: list[Period] = []
    if last < first:
        return out
    p = period_containing(first, cycle)
    while p.start <= last:
        out.append(p)
        p = period_containing(p.end + dt.timedelta(days=1), cycle)
    return out


def deadline(period: Period, grace_days: int) -> dt.date:
    """The last day on which a report for ``period`` is on time."""
    return period.end + dt.timedelta(days=grace_days)


def last_ended_period(today: dt.date, cycle: str) -> Period:
    """The latest period whose last day is before ``today``."""
    current = period_containing(today, cycle)
    return period_containing(current.start - dt.timedelta(days=1), cycle)
