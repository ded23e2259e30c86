"""Counters of the registry for the campaign's computed indicators (core.registry.register_data_source).

* ``enterprises.new_above_scale`` (cumulative, 家): enterprises that became 规上 in the year, up to the date:
  规上 that year (entered on or before the date) and not 规上 the year before.
* ``enterprises.over_100m`` / ``over_500m`` / ``over_1b`` (level, 家): enterprises in operation whose 主营业务收入
  reaches 1亿 / 5亿 / 10亿 (the floors of the tier bands with those codes): on the last 12 months ending with the
  latest month of the year that has figures, else on the year's whole-year figures. "Over 5亿" counts those
  over 10亿 too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gongjian.core.registry import DataSource

from . import queries, tiers
from .models import Enterprise, EnterpriseFigure, EnterpriseYearStatus, TierBand

__all__ = ["SOURCES", "count_over", "new_above_scale"]

DEFAULT_FLOORS = {"over_100m": Decimal(10000), "over_500m": Decimal(50000), "over_1b": Decimal(100000)}
_GONE = ("cancelled", "moved_out")


def new_above_scale(year: int, as_of: dt.date):
    statuses = EnterpriseYearStatus.objects.filter(year=year)
    if not statuses.exists():
        return None
    before = EnterpriseYearStatus.objects.filter(year=year - 1, is_above_scale=True).values("enterprise_id")
    return (
        statuses.filter(is_above_scale=True)
        .filter(entered_on__lte=as_of)
        .exclude(enterprise_id__in=before)
        .exclude(enterprise__status__in=_GONE)
        .count()
    )


def _floor(code: str) -> Decimal:
    band = TierBand.objects.filter(code=code).first()
    return band.floor if band is not None else DEFAULT_FLOORS[code]


def count_over(code: str, year: int, as_of: dt.date):
    floor = _floor(code)
    ids = list(Enterprise.objects.exclude(status__in=_GONE).values_list("pk", flat=True))
    end = queries.latest_month(min(as_of, dt.date(year, 12, 31)))
    if end is not None and end[0] == year:
        monthly = queries.monthly_values(ids, end)
        revenues = [tiers.rolling_sum(monthly.get(pk, {}), end).total for pk in ids]
        return tiers.counts_at_least(revenues, [floor])[0]
    annual = EnterpriseFigure.objects.filter(year=year, month__isnull=True, enterprise_id__in=ids)
    if not annual.exists():
        return None
    return annual.filter(main_revenue__gte=floor).count()


SOURCES = [
    DataSource(
        key="enterprises.new_above_scale",
        label=_("New 规上 enterprises this year"),
        unit="家",
        compute=new_above_scale,
        kind="cumulative",
    ),
    DataSource(
        key="enterprises.over_100m",
        label=_("Enterprises with main business revenue over 1亿元"),
        unit="家",
        compute=lambda year, as_of: count_over("over_100m", year, as_of),
        kind="level",
    ),
    DataSource(
        key="enterprises.over_500m",
        label=_("Enterprises with main business revenue over 5亿元"),
        unit="家",
        compute=lambda year, as_of: count_over("over_500m", year, as_of),
        kind="level",
    ),
    DataSource(
        key="enterprises.over_1b",
        label=_("Enterprises with main business revenue over 10亿元"),
        unit="家",
        compute=lambda year, as_of: count_over("over_1b", year, as_of),
        kind="level",
    ),
]
