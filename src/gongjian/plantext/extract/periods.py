"""Periods: 全年, 到2027年, 6月底前, “十五五”期间, N年 … resolved against the document date."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re

from .model import Period
from .numbers import parse_number


def _period(m: re.Match, today: dt.date) -> Period:
    text = m.group(0)
    y = today.year

    def iso(d: dt.date) -> str:
        return d.isoformat()

    def year_end(year: int) -> str:
        return iso(dt.date(year, 12, 31))

    if text == "限期":
        return Period(text)
    plan = re.search(r"十([一二三四五六])五", text)
    if plan:  # the N-th five-year plan: 十四五 is 2021–2025
        start = 2006 + 5 * "一二三四五六".index(plan.group(1))
        return Period(text, f"{start}-01-01", f"{start + 4}-12-31")
    if m.group("y"):
        year = int(m.group("y"))
        return Period(text, iso(today) if year >= y else None, year_end(year))
    if m.group("m"):
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            return Period(text)
        day = int(m.group("d")) if m.group("d") else calendar.monthrange(y, month)[1]
        try:
            return Period(text, iso(today), iso(dt.date(y, month, day)))
        except ValueError:
            return Period(text)
    if text in ("全年", "年内", "今年"):
        return Period(text, iso(dt.date(y, 1, 1)), year_end(y))
    if text in ("年底前", "年底"):
        return Period(text, iso(today), year_end(y))
    if text == "明年":
        return Period(text, iso(dt.date(y + 1, 1, 1)), year_end(y + 1))
    if text == "上半年":
        return Period(text, iso(dt.date(y, 1, 1)), iso(dt.date(y, 6, 30)))
    if text == "下半年":
        return Period(text, iso(dt.date(y, 7, 1)), year_end(y))
    if m.group("q"):
        q = int(parse_number(m.group("q")) or 1)
        last = 3 * q
        return Period(text, iso(dt.date(y, last - 2, 1)), iso(dt.date(y, last, calendar.monthrange(y, last)[1])))
    if m.group("n"):
        n = int(parse_number(m.group("n")) or 0)
        if 1 <= n <= 30:
            return Period(text, iso(dt.date(y, 1, 1)), year_end(y + n - 1))
    return Period(text)


def _last_before(marks: list[tuple[int, object]], pos: int):
    """The value of the last (position, value) before ``pos``; ``marks`` sorted by position."""
    k = bisect.bisect_left(marks, pos, key=lambda m: m[0]) - 1
    return marks[k][1] if k >= 0 else None


def _pick_period(periods: list[tuple[int, Period]], pos: int, clause_end: int) -> Period | None:
    """The last period before the quantity in its sentence, else the first after it in its clause."""
    before = _last_before(periods, pos)
    if before is not None:
        return before
    k = bisect.bisect_left(periods, pos, key=lambda m: m[0])
    return periods[k][1] if k < len(periods) and periods[k][0] < clause_end else None
