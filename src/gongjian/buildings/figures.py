"""Stored figures of buildings (:class:`~.models.BuildingFigures`): written here, read by the building list.

* :func:`figures_of` turns a building's metrics (computed by the pure :mod:`.metrics`) into the stored values,
  and :func:`metrics_of` turns a stored row back into metrics: plain data in and out, no query.
* :func:`touch` refreshes the figures of the buildings a write changed, and of every other building of the
  tenants concerned (an enterprise's tax is split between its buildings), for the years kept
  (:func:`years_kept`); every service that changes their inputs calls it in its own transaction. Inside
  :func:`batch` (an import) the buildings touched are collected and refreshed once at its end.
* :func:`refresh_all` recomputes every building, a chunk at a time; the daily warnings run calls it (the
  current year's areas move with the date) and reports how many stored figures it found out of date.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.utils import timezone

from . import metrics, queries
from .models import Building, BuildingFigures, Tenancy

__all__ = [
    "FIELDS",
    "TIER_RANK",
    "YEARS_KEPT",
    "batch",
    "computed",
    "figures_of",
    "metrics_of",
    "refresh",
    "refresh_all",
    "stored_values",
    "touch",
    "years_kept",
]

#: The stored values, compared to tell a figure out of date.
FIELDS = (
    "occupied_area",
    "vacant_area",
    "occupancy",
    "registration_rate",
    "tax_local_rate",
    "tax_total",
    "tax_unknown",
    "tax_per_m2",
    "tier",
    "tier_rank",
    "tenant_count",
    "new_tenants",
)
TIER_RANK = {metrics.TIER_YI: 3, metrics.TIER_ZHUNYI: 2, metrics.TIER_QIANWAN: 1, "": 0}
#: Years whose figures are stored: this year and the two before (the list computes older years on request).
YEARS_KEPT = 3
CHUNK = 500  # buildings a query names at a time (SQLite's limit on parameters)
Q2 = Decimal("0.01")


def years_kept(today: dt.date) -> list[int]:
    return list(range(today.year - YEARS_KEPT + 1, today.year + 1))


def _q2(x: Decimal | None) -> Decimal | None:
    return None if x is None else Decimal(x).quantize(Q2)


def figures_of(m: metrics.BuildingMetrics) -> dict[str, Any]:
    """The stored values of a building's metrics for a year."""
    return {
        "occupied_area": _q2(m.occupied_area),
        "vacant_area": _q2(m.vacant_area),
        "occupancy": _q2(m.occupancy),
        "registration_rate": _q2(m.registration_rate),
        "tax_local_rate": _q2(m.tax_local_rate),
        "tax_total": _q2(m.tax_total),
        "tax_unknown": m.tax_unknown,
        "tax_per_m2": _q2(m.tax_per_m2),
        "tier": m.tier,
        "tier_rank": TIER_RANK.get(m.tier, 0),
        "tenant_count": m.tenant_count,
        "new_tenants": m.new_tenants,
    }


def metrics_of(building_id: int, year: int, as_of: dt.date, values: dict[str, Any]) -> metrics.BuildingMetrics:
    """A building's metrics from its stored values (the ``tier_rank`` is the list's sort key only)."""
    return metrics.BuildingMetrics(
        key=building_id,
        year=year,
        as_of=as_of,
        **{f: values[f] for f in FIELDS if f != "tier_rank"},
    )


def stored_values(row: BuildingFigures) -> dict[str, Any]:
    return {f: getattr(row, f) for f in FIELDS}


def computed(buildings: list[Building], today: dt.date) -> dict[tuple[int, int], dict[str, Any]]:
    """(building id, year) → the figures recomputed from scratch for the years kept (as they would be stored)."""
    if not buildings:
        return {}
    cfg = queries.config()
    facts = queries.facts_for(buildings, years_kept(today))
    return {
        (b.pk, year): figures_of(facts.metrics(b.pk, year, queries.year_as_of(year, today), cfg))
        for b in buildings
        for year in years_kept(today)
    }


def _store(buildings: list[Building], today: dt.date) -> int:
    """Compute and write the figures of ``buildings`` for the years kept; the number of rows written."""
    if not buildings:
        return 0
    fresh = computed(buildings, today)
    stored = {
        (r.building_id, r.year): r
        for r in BuildingFigures.objects.filter(building_id__in=[b.pk for b in buildings], year__in=years_kept(today))
    }
    changed: list[BuildingFigures] = []
    for (pk, year), values in fresh.items():
        row = stored.get((pk, year))
        if row is not None and stored_values(row) == values:
            continue
        changed.append(BuildingFigures(building_id=pk, year=year, as_of=queries.year_as_of(year, today), **values))
    if changed:
        BuildingFigures.objects.bulk_create(
            changed, update_conflicts=True, unique_fields=["building", "year"], update_fields=["as_of", *FIELDS]
        )
    return len(changed)


def _with_shared_tenants(building_ids: set[int], enterprise_ids: set[int]) -> list[int]:
    """The buildings given, those of the enterprises given, and every building that shares a tenant with them."""
    enterprises = set(enterprise_ids)
    if building_ids:
        enterprises |= set(
            Tenancy.objects.filter(building_id__in=list(building_ids)).values_list("enterprise_id", flat=True)
        )
    ids = set(building_ids)
    if enterprises:
        ids |= set(Tenancy.objects.filter(enterprise_id__in=list(enterprises)).values_list("building_id", flat=True))
    return sorted(ids)


def refresh(buildings: Iterable[int] = (), enterprises: Iterable[int] = (), today: dt.date | None = None) -> int:
    """Recompute and store the figures of ``buildings`` (ids), of the buildings of ``enterprises`` (ids) and of
    every building sharing a tenant with them. Call inside the writing transaction."""
    today = today or timezone.localdate()
    ids = _with_shared_tenants(set(buildings), set(enterprises))
    written = 0
    for start in range(0, len(ids), CHUNK):
        written += _store(list(Building.objects.filter(pk__in=ids[start : start + CHUNK])), today)
    return written


_pending = threading.local()


@contextmanager
def batch():
    """Collect what :func:`touch` is given inside the block and refresh it once at its end (an import writes
    many rows through the services; the figures are computed once, still inside the import's transaction)."""
    outer = getattr(_pending, "sets", None)
    if outer is not None:  # nested: the outer batch refreshes
        yield
        return
    _pending.sets = (set(), set())
    try:
        yield
        buildings, enterprises = _pending.sets
    finally:
        _pending.sets = None
    refresh(buildings, enterprises)


def touch(buildings: Iterable[int | None] = (), enterprises: Iterable[int | None] = ()) -> None:
    """The figures of these buildings and enterprises' buildings changed: refresh them now (or at the end of the
    current :func:`batch`)."""
    b = {x for x in buildings if x is not None}
    e = {x for x in enterprises if x is not None}
    sets = getattr(_pending, "sets", None)
    if sets is not None:
        sets[0].update(b)
        sets[1].update(e)
        return
    refresh(b, e)


def refresh_all(today: dt.date) -> tuple[int, int]:
    """Recompute every building's figures for the years kept; (buildings checked, stored figures found out of
    date and rewritten). Rows of years no longer kept are removed (the list computes those years on request)."""
    checked = repaired = 0
    last = 0
    while True:
        chunk = list(Building.objects.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            break
        last = chunk[-1].pk
        checked += len(chunk)
        repaired += _store(chunk, today)
    BuildingFigures.objects.exclude(year__in=years_kept(today)).delete()
    return checked, repaired
