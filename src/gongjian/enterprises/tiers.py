"""Tiers (梯队培育): revenue bands, rolling 12-month revenue, "close to the next band", the 小升规 pool.

Pure: no Django imports. Amounts are Decimals in 万元; months are (year, month) tuples.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "Band",
    "Near",
    "Rolling",
    "counts_at_least",
    "month_window",
    "near_next_band",
    "next_band",
    "pool_candidate",
    "rolling_sum",
    "tier_for",
]

Month = tuple[int, int]


@dataclass(frozen=True)
class Band:
    code: str
    name: str
    floor: Decimal


def _sorted(bands: Iterable[Band]) -> list[Band]:
    return sorted(bands, key=lambda b: b.floor)


def tier_for(revenue: Decimal | None, bands: Iterable[Band]) -> Band | None:
    """The highest band whose floor the revenue reaches (a floor is inclusive); None below every band."""
    if revenue is None:
        return None
    found = None
    for band in _sorted(bands):
        if revenue >= band.floor:
            found = band
    return found


def next_band(revenue: Decimal | None, bands: Iterable[Band]) -> Band | None:
    """The lowest band the revenue has not reached yet (None: already in the top band, or no revenue)."""
    if revenue is None:
        return None
    return next((b for b in _sorted(bands) if revenue < b.floor), None)


@dataclass(frozen=True)
class Near:
    band: Band  # the band not reached yet
    share: Decimal  # revenue / floor, in [near_low, 1)
    gap: Decimal  # floor - revenue (万元)


def near_next_band(revenue: Decimal | None, bands: Iterable[Band], near_low: Decimal) -> Near | None:
    """The next band when the revenue is within ``near_low`` (e.g. 0.80) of its floor, up to but not reaching it."""
    band = next_band(revenue, bands)
    if band is None or band.floor <= 0:
        return None
    share = revenue / band.floor
    if share < near_low:
        return None
    return Near(band, share, band.floor - revenue)


def month_window(end: Month, months: int = 12) -> list[Month]:
    """The ``months`` months ending with ``end`` (inclusive), oldest first."""
    year, month = end
    index = year * 12 + (month - 1)
    return [(i // 12, i % 12 + 1) for i in range(index - months + 1, index + 1)]


@dataclass(frozen=True)
class Rolling:
    total: Decimal | None  # None: no month of the window has a figure
    months_with_data: int
    months: int

    @property
    def complete(self) -> bool:
        return self.months_with_data == self.months


def rolling_sum(monthly: Mapping[Month, Decimal | None], end: Month, months: int = 12) -> Rolling:
    """The sum of the monthly amounts over the window ending at ``end``. Missing months are not zeros: they are
    counted in ``months_with_data``, and a window with no figure at all has no total."""
    values = [monthly.get(m) for m in month_window(end, months)]
    present = [v for v in values if v is not None]
    return Rolling(sum(present, Decimal(0)) if present else None, len(present), months)


def pool_candidate(revenue: Decimal | None, threshold: Decimal | None, share: Decimal, is_above_scale: bool) -> bool:
    """A 规下 enterprise whose (rolling) revenue reaches ``share`` of the 规上 threshold belongs in the 小升规 pool
    (those already past the threshold but not yet in the statistics, 已达规未入规, included)."""
    if is_above_scale or revenue is None or threshold is None:
        return False
    return revenue >= threshold * share


def counts_at_least(revenues: Sequence[Decimal | None], floors: Sequence[Decimal]) -> list[int]:
    """For each floor, how many revenues reach it (an enterprise over 10亿 is also over 5亿 and over 1亿)."""
    return [sum(1 for r in revenues if r is not None and r >= f) for f in floors]
