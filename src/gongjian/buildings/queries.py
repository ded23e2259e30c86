"""Read side: the metrics of many buildings from a constant number of queries.

Tax attribution needs every tenancy of the enterprises concerned, in every building (a tenant in two buildings
is split by area), so the tenancies are read without the user's scope; only the figures of the buildings the
caller passes (already restricted) are returned.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from . import metrics
from .choices import SpaceUse
from .models import Building, Space, Tenancy

__all__ = [
    "config",
    "enterprise_taxes",
    "facts_for",
    "metrics_for",
    "new_enterprises",
    "period",
    "today",
    "year_as_of",
]


def today() -> dt.date:
    return timezone.localdate()


def _configured(name: str) -> dict:
    """A dict setting: ``settings.GONGJIAN_<name>``, else the ``<name>`` table of the GONGJIAN_CONFIG file or the
    environment variable GONGJIAN_<name> holding JSON."""
    value = getattr(settings, f"GONGJIAN_{name}", None)
    if value is None:
        from gongjian.settings import setting

        value = setting(name, None)
    if isinstance(value, str):
        value = json.loads(value)
    if value is not None and not isinstance(value, dict):
        raise ValueError(f"GONGJIAN_{name} must be a table (dict)")
    return dict(value or {})


def config() -> metrics.Config:
    """The thresholds: metrics defaults, overridden by the ``BUILDINGS`` setting (a table of Config fields)."""
    overrides = _configured("BUILDINGS")
    for key in ("occupancy_drop_points", "big_tenant_tax", "tax_drop_percent"):
        if key in overrides:
            overrides[key] = Decimal(str(overrides[key]))
    if "tiers" in overrides:
        overrides["tiers"] = tuple((code, Decimal(str(t))) for code, t in overrides["tiers"])
        unknown = {code for code, _t in overrides["tiers"]} - {
            metrics.TIER_YI,
            metrics.TIER_ZHUNYI,
            metrics.TIER_QIANWAN,
        }
        if unknown:
            raise ValueError(f"unknown tier codes {sorted(unknown)} (yi, zhunyi, qianwan)")
    return metrics.Config(**overrides)


def year_as_of(year: int, on: dt.date | None = None) -> dt.date:
    """The day a year's areas are judged on: today inside the year, its last day for a past year."""
    on = on or today()
    return min(on, dt.date(year, 12, 31)) if year >= on.year else dt.date(year, 12, 31)


def period(params) -> tuple[int, dt.date]:
    """The year and the day whose metrics are asked for by ``?year=`` or ``?as_of=YYYY-MM-DD`` (the FilterSet has
    validated both): a day names its year and is taken up to today; a year alone is judged on :func:`year_as_of`;
    neither is this year so far."""
    now = today()
    try:
        day = dt.date.fromisoformat(params.get("as_of") or "")
    except ValueError:
        day = None
    if day is not None:
        return day.year, min(day, now)
    value = params.get("year") or ""
    year = int(value) if value.isdigit() and 2000 <= int(value) <= now.year else now.year
    return year, year_as_of(year, now)


def enterprise_taxes(enterprise_ids: Iterable[int], years: Sequence[int]) -> dict[tuple[int, int], Decimal | None]:
    """(enterprise id, year) → district tax in 万元: the whole-year figure, else the sum of the months recorded."""
    from gongjian.enterprises.models import EnterpriseFigure

    # Summed in the database: one row per enterprise and year, not one per monthly figure.
    ids = enterprise_ids if isinstance(enterprise_ids, QuerySet) else list(enterprise_ids)
    rows = (
        EnterpriseFigure.objects.filter(enterprise_id__in=ids, year__in=list(years), tax_district__isnull=False)
        .values("enterprise_id", "year")
        .annotate(
            annual=Sum("tax_district", filter=Q(month__isnull=True)),
            months=Sum("tax_district", filter=Q(month__isnull=False)),
        )
        .order_by()
    )
    out: dict[tuple[int, int], Decimal | None] = {}
    for row in rows:
        value = row["annual"] if row["annual"] is not None else row["months"]
        out[(row["enterprise_id"], row["year"])] = value
    return out


def _lease(t: Tenancy, taxes: dict[int, dict[int, Decimal]]) -> metrics.Lease:
    return metrics.Lease(
        key=t.pk,
        enterprise=t.enterprise_id,
        area=t.leased_area,
        move_in=t.move_in,
        move_out=t.move_out,
        registered_local=t.registered_local,
        tax_local=t.tax_local,
        leaving_intention=t.leaving_intention,
        taxes=taxes.get(t.pk, {}),
    )


class Facts:
    """Everything the metrics need for a set of buildings: facts per building and the attributed taxes."""

    def __init__(self, buildings: Sequence[Building], years: Sequence[int]):
        from .models import TenancyTax

        ids = [b.pk for b in buildings]
        self.years = list(years)
        enterprise_ids = Tenancy.objects.filter(building_id__in=ids).values("enterprise_id")
        tenancies = list(
            Tenancy.objects.filter(enterprise_id__in=enterprise_ids).only(
                "pk",
                "enterprise_id",
                "building_id",
                "leased_area",
                "move_in",
                "move_out",
                "registered_local",
                "tax_local",
                "leaving_intention",
            )
        )
        taxes: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for tid, year, amount in TenancyTax.objects.filter(
            tenancy__in=[t.pk for t in tenancies], year__in=self.years
        ).values_list("tenancy_id", "year", "tax_district"):
            taxes[tid][year] = amount
        self.leases = [_lease(t, taxes) for t in tenancies]
        by_building: dict[int, list[metrics.Lease]] = defaultdict(list)
        for t, lease in zip(tenancies, self.leases, strict=True):
            by_building[t.building_id].append(lease)
        # 自用/出售 space that no tenancy covers counts as occupied.
        fixed = dict(
            Space.objects.filter(building_id__in=ids, use__in=[SpaceUse.SELF_USE, SpaceUse.SOLD])
            .exclude(pk__in=Tenancy.objects.filter(space__isnull=False, move_out__isnull=True).values("space_id"))
            .values_list("building_id")
            .annotate(s=Sum("area"))
        )
        self.facts = {
            b.pk: metrics.BuildingFacts(
                key=b.pk,
                floor_area=b.floor_area,
                lettable_area=b.lettable_area,
                leases=by_building.get(b.pk, []),
                fixed_occupied_area=fixed.get(b.pk) or Decimal(0),
            )
            for b in buildings
        }
        self.enterprise_tax = enterprise_taxes(enterprise_ids, self.years)
        self._attributed: dict[int, dict] = {}

    def attributed(self, year: int) -> dict:
        if year not in self._attributed:
            self._attributed[year] = metrics.attribute_tax(self.leases, self.enterprise_tax, year)
        return self._attributed[year]

    def metrics(self, building_id: int, year: int, as_of: dt.date, cfg: metrics.Config) -> metrics.BuildingMetrics:
        return metrics.building_metrics(self.facts[building_id], self.attributed(year), year, as_of, cfg)


def facts_for(buildings: Sequence[Building], years: Sequence[int]) -> Facts:
    return Facts(buildings, years)


def metrics_for(
    buildings: Sequence[Building], year: int, as_of: dt.date | None = None, cfg: metrics.Config | None = None
) -> dict[int, metrics.BuildingMetrics]:
    """building id → its metrics for ``year`` (areas as of ``as_of``, default year_as_of(year))."""
    cfg = cfg or config()
    as_of = as_of or year_as_of(year)
    facts = Facts(buildings, [year])
    return {b.pk: facts.metrics(b.pk, year, as_of, cfg) for b in buildings}


def targets() -> dict[str, Decimal]:
    """The district's building-economy targets (攻坚年: 引进培育楼宇企业 100 家, 楼宇经济贡献税收 6亿元);
    the ``BUILDINGS_TARGETS`` setting overrides them."""
    values = {"new_enterprises": Decimal(100), "tax_yi": Decimal(6)}
    for key, value in _configured("BUILDINGS_TARGETS").items():
        if key not in values:
            raise ValueError(f"GONGJIAN_BUILDINGS_TARGETS: unknown target {key!r}")
        values[key] = Decimal(str(value))
    return values


def new_enterprises(year: int, as_of: dt.date, buildings=None) -> int:
    """Enterprises new to the district's buildings this year (to ``as_of``); ``buildings`` (ids) narrows the
    moves-in counted to those buildings."""
    start = dt.date(year, 1, 1)
    before = start - dt.timedelta(days=1)
    present = Tenancy.objects.filter(Q(move_in__isnull=True) | Q(move_in__lte=before)).filter(
        Q(move_out__isnull=True) | Q(move_out__gt=before)
    )
    moved_in = Tenancy.objects.filter(move_in__gte=start, move_in__lte=min(as_of, dt.date(year, 12, 31)))
    if buildings is not None:
        moved_in = moved_in.filter(building_id__in=list(buildings))
    return (
        moved_in.exclude(enterprise_id__in=present.values("enterprise_id")).values("enterprise_id").distinct().count()
    )


def district_totals(buildings: Sequence[Building], year: int) -> dict:
    """Totals over buildings that carry their metrics (``b.m``), for the overview page."""
    lettable = sum((b.lettable_area for b in buildings), Decimal(0))
    occupied = sum((b.m.occupied_area for b in buildings), Decimal(0))
    tax = sum((b.m.tax_total for b in buildings), Decimal(0))
    return {
        "buildings": len(buildings),
        "floor_area": sum((b.floor_area for b in buildings), Decimal(0)),
        "lettable": lettable,
        "occupied": occupied,
        "vacant": sum((b.m.vacant_area for b in buildings), Decimal(0)),
        "occupancy": (occupied * 100 / lettable).quantize(Decimal("0.01")) if lettable else None,
        "tenants": sum(b.m.tenant_count for b in buildings),
        "new_enterprises": new_enterprises(year, year_as_of(year), [b.pk for b in buildings]),
        "tax": tax,
        "tax_yi": (tax / Decimal(10000)).quantize(Decimal("0.01")),
    }


def building_warnings(
    facts: Facts,
    building_id: int,
    year: int,
    as_of: dt.date,
    cfg: metrics.Config,
    now: metrics.BuildingMetrics,
    last: metrics.BuildingMetrics,
) -> list[metrics.Warning]:
    """The warnings of a building as on ``as_of``, judged at the last quarter ended by then.

    For a year still running, this year's tax to date is compared with last year's tax pro rata to the days
    elapsed (序时), so that a half-year is not taken for a fall. The big-tenant warning uses last full year's tax.
    """
    ended = [q for q in (1, 2, 3, 4) if metrics.quarter_end(year, q) <= as_of]
    q_year, quarter = (year, ended[-1]) if ended else (year - 1, 4)
    this_tax = now.tax_total if (now.tax_total or not now.tax_unknown) else None
    last_tax = last.tax_total if (last.tax_total or not last.tax_unknown) else None
    if last_tax is not None and as_of < dt.date(year, 12, 31):
        elapsed = (as_of - dt.date(year, 1, 1)).days + 1
        last_tax = last_tax * Decimal(elapsed) / Decimal(metrics.days_in_year(year))
    full_year = year if as_of >= dt.date(year, 12, 31) else year - 1
    if full_year not in facts.years:
        full_year = year
    return metrics.warnings_for(
        facts.facts[building_id], q_year, quarter, facts.attributed(full_year), this_tax, last_tax, cfg
    )


def metrics_and_warnings(
    buildings: Sequence[Building], year: int, cfg: metrics.Config | None = None
) -> tuple[dict[int, metrics.BuildingMetrics], dict[int, list[metrics.Warning]]]:
    """Every building's metrics for ``year`` and its warnings, from one set of queries."""
    cfg = cfg or config()
    as_of = year_as_of(year)
    facts = Facts(buildings, [year, year - 1])
    ms, ws = {}, {}
    for b in buildings:
        now = facts.metrics(b.pk, year, as_of, cfg)
        last = facts.metrics(b.pk, year - 1, dt.date(year - 1, 12, 31), cfg)
        ms[b.pk] = now
        ws[b.pk] = building_warnings(facts, b.pk, year, as_of, cfg, now, last)
    return ms, ws
