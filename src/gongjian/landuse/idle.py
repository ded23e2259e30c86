"""闲置土地 by the legal definition (《闲置土地处置办法》, 2012), as a pure function (no Django imports).

A plot is idle when more than one year has passed since the agreed start date and construction has not started;
or when construction started but the developed area is under one third of the required area, or the investment
under 25 % of the total, and work has been stopped for one year or more.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

__all__ = ["NOT_STARTED", "STOPPED", "idle_reason", "one_year_after"]

NOT_STARTED = "not_started"  # 超过约定动工日期满一年未动工
STOPPED = "stopped"  # 已动工但开发面积不足三分之一或投资不足25%，且中止开发满一年

Number = int | float | Decimal


def one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def idle_reason(
    today: dt.date,
    agreed_start: dt.date | None,
    construction_started: dt.date | None,
    developed_percent: Number | None = None,
    invested_percent: Number | None = None,
    stopped_since: dt.date | None = None,
) -> str | None:
    """``NOT_STARTED``, ``STOPPED`` or None (not idle, or not enough facts to say)."""
    if construction_started is None:
        if agreed_start is not None and today > one_year_after(agreed_start):
            return NOT_STARTED
        return None
    too_little = (developed_percent is not None and developed_percent * 3 < 100) or (
        invested_percent is not None and invested_percent < 25
    )
    if too_little and stopped_since is not None and today >= one_year_after(stopped_since):
        return STOPPED
    return None
