"""Building-economy metrics (楼宇经济指标), pure: no Django imports, plain data in and out.

Definitions (docs/buildings.md repeats them for users):

* A tenancy is **active on a day** ``d`` when ``move_in <= d`` (or no move-in date) and ``d < move_out`` (or no
  move-out date): the move-out date is the first day the tenant is no longer in the building.
* **入驻率** (occupancy, %) on a day = occupied area ÷ lettable area × 100, where occupied area = the leased area of
  the tenancies active that day + ``fixed_occupied_area`` (self-used or sold space not let through a tenancy),
  capped at the lettable area. A building with no lettable area has no occupancy (``None``), never a division
  by zero. **空置面积** = lettable area − occupied area.
* **属地注册率** (%) = tenants registered in the district ÷ tenants (``basis="count"``), or their leased area ÷ all
  leased area (``basis="area"``); **属地纳税率** likewise. No tenants → ``None``.
* **Tax attribution** (楼宇税收, 万元) of an enterprise's district tax ``T`` for a year to its tenancies:

  1. a tenancy with a tax recorded for that year (the per-building figure the survey or the tax bureau gives)
     gets exactly that figure;
  2. the rest ``R = max(T − recorded figures of the enterprise that year, 0)`` is spread over the days of the
     year: each day carries ``R ÷ days-in-year``; a day goes to the enterprise's tenancies *without* a recorded
     figure that are active that day, split in proportion to leased area (equal parts when no area is known);
     a day on which none is active belongs to no building (the enterprise was elsewhere).

  So a tenant that moves out on 1 July brings its building half of its year's tax; a tenant in two buildings
  all year is split by leased area; a tenant that moves from building A to B mid-year brings each the part of
  the year it spent there. When ``T`` is unknown, tenancies without a recorded figure have unknown tax
  (``None``, not 0); totals add the known figures and count the unknown ones.
* **单位面积税收** (元/m² per year) = building tax (万元) × 10 000 ÷ total floor area.
* **Tiers** by a year's building tax: 亿元楼 ≥ 1亿 (10 000万), 准亿元楼 ≥ 5 000万, 千万元楼 ≥ 1 000万
  (``Config.tiers``, highest first; a tier holds from its threshold up to the next one, exclusive).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = [
    "DEFAULT_CONFIG",
    "TIER_QIANWAN",
    "TIER_YI",
    "TIER_ZHUNYI",
    "BuildingFacts",
    "BuildingMetrics",
    "Config",
    "Lease",
    "Warning",
    "active_on",
    "attribute_tax",
    "building_metrics",
    "days_in_year",
    "occupancy",
    "occupied_area",
    "quarter_end",
    "registration_rate",
    "tax_per_m2",
    "tier_for",
    "warnings_for",
]

ZERO = Decimal(0)
HUNDRED = Decimal(100)
WAN = Decimal(10000)  # 1万元 = 10 000 元
Q2 = Decimal("0.01")
Q4 = Decimal("0.0001")

TIER_YI = "yi"  # 亿元楼
TIER_ZHUNYI = "zhunyi"  # 准亿元楼
TIER_QIANWAN = "qianwan"  # 千万元楼

# Warning kinds.
OCCUPANCY_DROP = "occupancy_drop"
BIG_TENANT_LEAVING = "big_tenant_leaving"
TAX_DROP = "tax_drop"
WARNING_KINDS = (OCCUPANCY_DROP, BIG_TENANT_LEAVING, TAX_DROP)

COUNT, AREA = "count", "area"


@dataclass(frozen=True)
class Config:
    """Every threshold of the building metrics; the defaults are those of the issue."""

    registration_basis: str = COUNT  # "count" or "area"
    #: (tier code, minimum building tax in 万元), highest first.
    tiers: tuple[tuple[str, Decimal], ...] = (
        (TIER_YI, Decimal(10000)),
        (TIER_ZHUNYI, Decimal(5000)),
        (TIER_QIANWAN, Decimal(1000)),
    )
    occupancy_drop_points: Decimal = Decimal(5)  # warn when occupancy falls by more than this on the last quarter
    big_tenant_tax: Decimal = Decimal(1000)  # 万元 a year: a tenant above this with a move-out intention
    tax_drop_percent: Decimal = Decimal(20)  # warn when building tax falls by more than this year on year

    def __post_init__(self):
        if self.registration_basis not in (COUNT, AREA):
            raise ValueError(f"registration_basis must be 'count' or 'area', not {self.registration_basis!r}")
        thresholds = [t for _code, t in self.tiers]
        if thresholds != sorted(thresholds, reverse=True):
            raise ValueError("tiers must be listed from the highest threshold down")


DEFAULT_CONFIG = Config()


@dataclass(frozen=True)
class Lease:
    """One tenancy as the metrics see it. ``taxes`` maps year → the tax recorded for this tenancy (万元)."""

    key: object
    enterprise: object
    area: Decimal
    move_in: dt.date | None = None
    move_out: dt.date | None = None
    registered_local: bool = False
    tax_local: bool = False
    leaving_intention: bool = False
    taxes: Mapping[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildingFacts:
    """A building's areas (m²) and its tenancies (all of them, past ones included)."""

    key: object
    floor_area: Decimal
    lettable_area: Decimal
    leases: Sequence[Lease] = ()
    fixed_occupied_area: Decimal = ZERO  # 自用/出售 space that no tenancy covers


@dataclass(frozen=True)
class BuildingMetrics:
    key: object
    year: int
    as_of: dt.date
    occupied_area: Decimal
    vacant_area: Decimal
    occupancy: Decimal | None  # %
    registration_rate: Decimal | None  # %
    tax_local_rate: Decimal | None  # %
    tax_total: Decimal  # 万元, known figures only
    tax_unknown: int  # tenancies of the year whose tax is unknown
    tax_per_m2: Decimal | None  # 元/m² per year
    tier: str  # "" when below every tier
    tenant_count: int
    new_tenants: int


@dataclass(frozen=True)
class Warning:
    """A building warning: ``kind`` (one of WARNING_KINDS), the building key, an optional lease key and numbers."""

    kind: str
    building: object
    lease: object = None
    numbers: Mapping[str, object] = field(default_factory=dict)


# --- dates ------------------------------------------------------------------------------------------------


def days_in_year(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def quarter_end(year: int, quarter: int) -> dt.date:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1–4")
    return dt.date(year, 3 * quarter, 1).replace(day=[31, 30, 30, 31][quarter - 1])


def active_on(lease: Lease, day: dt.date) -> bool:
    return (lease.move_in is None or lease.move_in <= day) and (lease.move_out is None or day < lease.move_out)


def _span_in_year(lease: Lease, year: int) -> tuple[dt.date, dt.date] | None:
    """The half-open [start, end) part of ``year`` the tenancy covers, or None."""
    start = max(lease.move_in or dt.date(year, 1, 1), dt.date(year, 1, 1))
    end = min(lease.move_out or dt.date(year + 1, 1, 1), dt.date(year + 1, 1, 1))
    return (start, end) if start < end else None


# --- areas and rates --------------------------------------------------------------------------------------


def _d(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x or 0))


def occupied_area(building: BuildingFacts, day: dt.date) -> Decimal:
    area = sum((_d(x.area) for x in building.leases if active_on(x, day)), ZERO) + _d(building.fixed_occupied_area)
    return min(area, _d(building.lettable_area)) if _d(building.lettable_area) > 0 else area


def occupancy(building: BuildingFacts, day: dt.date) -> Decimal | None:
    """入驻率 in % on ``day``; None when the building has no lettable area."""
    lettable = _d(building.lettable_area)
    if lettable <= 0:
        return None
    return (occupied_area(building, day) / lettable * HUNDRED).quantize(Q2)


def _rate(leases: Sequence[Lease], flag: str, basis: str) -> Decimal | None:
    if not leases:
        return None
    if basis == AREA:
        total = sum((_d(x.area) for x in leases), ZERO)
        if total <= 0:
            return None
        part = sum((_d(x.area) for x in leases if getattr(x, flag)), ZERO)
        return (part / total * HUNDRED).quantize(Q2)
    # By count: one enterprise counts once, registered if any of its tenancies here says so.
    by_enterprise: dict[object, bool] = {}
    for x in leases:
        by_enterprise[x.enterprise] = by_enterprise.get(x.enterprise, False) or bool(getattr(x, flag))
    return (Decimal(sum(by_enterprise.values())) / len(by_enterprise) * HUNDRED).quantize(Q2)


def registration_rate(leases: Sequence[Lease], basis: str = COUNT) -> Decimal | None:
    """属地注册率 (%) of the given (active) tenancies."""
    return _rate(leases, "registered_local", basis)


def tax_per_m2(tax_wan: Decimal | None, floor_area: Decimal) -> Decimal | None:
    """单位面积税收 in 元/m² per year from a year's tax in 万元; None without floor area or tax."""
    if tax_wan is None or _d(floor_area) <= 0:
        return None
    return (_d(tax_wan) * WAN / _d(floor_area)).quantize(Q2)


def tier_for(tax_wan: Decimal | None, config: Config = DEFAULT_CONFIG) -> str:
    if tax_wan is None:
        return ""
    for code, threshold in config.tiers:
        if _d(tax_wan) >= threshold:
            return code
    return ""


# --- tax attribution --------------------------------------------------------------------------------------


def attribute_tax(
    leases: Iterable[Lease], enterprise_tax: Mapping[tuple[object, int], Decimal | None], year: int
) -> dict[object, Decimal | None]:
    """Each tenancy's share of its enterprise's district tax for ``year`` (万元), by the rule in the module doc.

    ``leases`` must hold *all* the enterprise's tenancies (in every building), or the split by area is wrong;
    tenancies that do not touch the year are left out of the result.
    """
    by_enterprise: dict[object, list[Lease]] = defaultdict(list)
    for lease in leases:
        by_enterprise[lease.enterprise].append(lease)
    result: dict[object, Decimal | None] = {}
    total_days = days_in_year(year)
    for enterprise, items in by_enterprise.items():
        in_year = [(x, span) for x in items if (span := _span_in_year(x, year)) is not None]
        recorded = {x.key: _d(x.taxes[year]) for x, _s in in_year if year in x.taxes and x.taxes[year] is not None}
        result.update(recorded)
        rest = [(x, s) for x, s in in_year if x.key not in recorded]
        if not rest:
            continue
        total = enterprise_tax.get((enterprise, year))
        if total is None:
            for x, _s in rest:
                result[x.key] = None
            continue
        remainder = max(_d(total) - sum(recorded.values(), ZERO), ZERO)
        shares: dict[object, Decimal] = {x.key: ZERO for x, _s in rest}
        cuts = sorted({d for _x, s in rest for d in s})
        for a, b in itertools.pairwise(cuts):
            here = [x for x, s in rest if s[0] <= a and b <= s[1]]
            if not here:
                continue
            day_share = remainder * Decimal((b - a).days) / Decimal(total_days)
            areas = [_d(x.area) for x in here]
            area_sum = sum(areas, ZERO)
            for x, area in zip(here, areas, strict=True):
                weight = area / area_sum if area_sum > 0 else Decimal(1) / len(here)
                shares[x.key] += day_share * weight
        for key, value in shares.items():
            result[key] = value.quantize(Q4)
    return result


# --- one building -----------------------------------------------------------------------------------------


def building_metrics(
    building: BuildingFacts,
    attributed: Mapping[object, Decimal | None],
    year: int,
    as_of: dt.date | None = None,
    config: Config = DEFAULT_CONFIG,
) -> BuildingMetrics:
    """The metrics of one building for ``year``, areas and rates as on ``as_of`` (default: 31 December).

    ``attributed`` is the result of :func:`attribute_tax` for that year (over all the enterprises' tenancies).
    """
    as_of = as_of or dt.date(year, 12, 31)
    active = [x for x in building.leases if active_on(x, as_of)]
    occupied = occupied_area(building, as_of)
    lettable = _d(building.lettable_area)
    known = [attributed[x.key] for x in building.leases if x.key in attributed and attributed[x.key] is not None]
    unknown = sum(1 for x in building.leases if x.key in attributed and attributed[x.key] is None)
    tax_total = sum(known, ZERO).quantize(Q2)
    has_tax = bool(known) or unknown == 0
    jan1 = dt.date(year, 1, 1)
    present_jan1 = {x.enterprise for x in building.leases if active_on(x, jan1) and (x.move_in or jan1) < jan1}
    new = {
        x.enterprise
        for x in building.leases
        if x.move_in is not None and jan1 <= x.move_in <= as_of and x.enterprise not in present_jan1
    }
    return BuildingMetrics(
        key=building.key,
        year=year,
        as_of=as_of,
        occupied_area=occupied,
        vacant_area=max(lettable - occupied, ZERO),
        occupancy=occupancy(building, as_of),
        registration_rate=_rate(active, "registered_local", config.registration_basis),
        tax_local_rate=_rate(active, "tax_local", config.registration_basis),
        tax_total=tax_total,
        tax_unknown=unknown,
        tax_per_m2=tax_per_m2(tax_total, building.floor_area) if has_tax else None,
        tier=tier_for(tax_total, config),
        tenant_count=len({x.enterprise for x in active}),
        new_tenants=len(new),
    )


# --- warnings ---------------------------------------------------------------------------------------------


def _previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def warnings_for(
    building: BuildingFacts,
    year: int,
    quarter: int,
    attributed: Mapping[object, Decimal | None],
    tax_this_year: Decimal | None,
    tax_last_year: Decimal | None,
    config: Config = DEFAULT_CONFIG,
) -> list[Warning]:
    """The warnings of one building at the end of ``quarter`` of ``year``.

    * occupancy at the quarter's end more than ``occupancy_drop_points`` below the previous quarter's end;
    * a tenant active at the quarter's end with a move-out intention whose attributed tax (``attributed``, for
      the year the caller judges by, normally the last full year) is above ``big_tenant_tax``;
    * ``tax_this_year`` below ``tax_last_year`` by more than ``tax_drop_percent`` (a year without tax last year
      cannot fall).
    """
    out: list[Warning] = []
    end = quarter_end(year, quarter)
    prev_end = quarter_end(*_previous_quarter(year, quarter))
    now, before = occupancy(building, end), occupancy(building, prev_end)
    if now is not None and before is not None and before - now > config.occupancy_drop_points:
        out.append(
            Warning(OCCUPANCY_DROP, building.key, numbers={"before": before, "now": now, "points": before - now})
        )
    for lease in building.leases:
        if not (lease.leaving_intention and active_on(lease, end)):
            continue
        tax = attributed.get(lease.key)
        if tax is not None and tax > config.big_tenant_tax:
            out.append(Warning(BIG_TENANT_LEAVING, building.key, lease.key, {"tax": tax}))
    if tax_this_year is not None and tax_last_year is not None and _d(tax_last_year) > 0:
        drop = ((_d(tax_last_year) - _d(tax_this_year)) / _d(tax_last_year) * HUNDRED).quantize(Q2)
        if drop > config.tax_drop_percent:
            out.append(
                Warning(
                    TAX_DROP,
                    building.key,
                    numbers={"this_year": tax_this_year, "last_year": tax_last_year, "drop": drop},
                )
            )
    return out
