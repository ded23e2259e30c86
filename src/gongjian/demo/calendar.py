"""Which year the demo shows, and the plan moved into that year. Pure: no database, no Django.

The demo is Decheng District's 2026 plan. Loaded on any other day it must still look like a campaign a district
would be running: the year whose mobilisation (20 March) has already happened. Before 20 March that is last year's
campaign, complete, rather than an empty one whose first report is months away; from 20 March on it is this year's,
with history up to today. So the demo loaded on 1 January 2027 shows the whole of 2026, loaded on 29 February 2028
the whole of 2027, loaded on 7 December 2026 the 2026 campaign up to that day.

The plan's dates and the years written in its words (``2026年``) move by whole years; 29 February becomes
28 February in a year without one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any, TypeVar

__all__ = ["BASE_YEAR", "MOBILISATION", "demo_year", "in_year", "shift_date", "shift_years"]

#: The year the plan's data is written in.
BASE_YEAR = 2026
#: (month, day) of the mobilisation meeting that starts each year's campaign.
MOBILISATION = (3, 20)

_YEAR_IN_WORDS = re.compile(r"(?<!\d)(20\d\d)(?=\s*年)")

T = TypeVar("T")


def demo_year(today: dt.date) -> int:
    """The campaign year the demo shows on ``today``: this year once mobilised, else the year before."""
    return today.year if (today.month, today.day) >= MOBILISATION else today.year - 1


def shift_date(day: dt.date, years: int) -> dt.date:
    """``day`` moved by whole years; 29 February falls on 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def shift_years(value: T, years: int) -> T:
    """``value`` with every date, datetime and written year (``2026年``) moved by ``years``.

    Walks dataclasses, dicts, lists, tuples and sets; anything else is returned as it is.
    """
    if years == 0:
        return value
    return _shift(value, years)


def in_year(value: T, year: int) -> T:
    """The plan data ``value`` (written for :data:`BASE_YEAR`) moved into ``year``."""
    return shift_years(value, year - BASE_YEAR)


def _shift(value: Any, years: int) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(year=shift_date(value.date(), years).year, day=shift_date(value.date(), years).day)
    if isinstance(value, dt.date):
        return shift_date(value, years)
    if isinstance(value, str):
        return _YEAR_IN_WORDS.sub(lambda m: str(int(m.group(1)) + years), value)
    if isinstance(value, bool | int | float) or value is None:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _shift(getattr(value, f.name), years) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, dict):
        return {k: _shift(v, years) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, years) for v in value]
    if isinstance(value, tuple):
        return tuple(_shift(v, years) for v in value)
    if isinstance(value, set | frozenset):
        return type(value)(_shift(v, years) for v in value)
    return value
