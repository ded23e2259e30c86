"""Every write of the building-economy app: buildings, spaces, tenancies and their tax, plans, progress and
replacements. Each function takes the acting :class:`~gongjian.core.services.Actor`, checks the permission and
the scope (a street's users act on their street's buildings, a 楼长 on the buildings they lead), runs in one
transaction, validates the model (nothing is written when it is refused) and writes the audit record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongjian.core.models import SCOPE_ALL_PERMISSION
from gongjian.core.services import Actor, assign_fields, record, require, require_object, snapshot

from . import figures, metrics
from .models import (
    Building,
    BuildingPlan,
    BuildingSurvey,
    PlanProgress,
    Replacement,
    Space,
    Tenancy,
    TenancyTax,
    building_scope,
)

__all__ = [
    "BUILDING_FIELDS",
    "LINK_FIELDS",
    "PLAN_FIELDS",
    "PROGRESS_FIELDS",
    "REPLACEMENT_FIELDS",
    "SPACE_FIELDS",
    "TENANCY_FIELDS",
    "create_building",
    "create_plan",
    "create_space",
    "create_tenancy",
    "delete_building",
    "delete_plan",
    "delete_space",
    "delete_tenancy",
    "move_out",
    "record_progress",
    "record_replacement",
    "record_survey",
    "set_tenancy_tax",
    "update_building",
    "update_plan",
    "update_space",
    "update_tenancy",
]

BUILDING_FIELDS = [
    "name",
    "address",
    "street",
    "longitude",
    "latitude",
    "kind",
    "grade",
    "owner",
    "property_manager",
    "property_contact",
    "property_phone",
    "floor_leader",
    "main_business",
    "floor_area",
    "lettable_area",
    "floors",
    "notes",
]
SPACE_FIELDS = ["building", "floor", "room", "area", "use", "notes"]
TENANCY_FIELDS = [
    "enterprise",
    "building",
    "space",
    "leased_area",
    "move_in",
    "move_out",
    "registered_local",
    "tax_local",
    "leaving_intention",
    "leaving_reason",
    "notes",
]
PLAN_FIELDS = [
    "building",
    "year",
    "target_occupancy",
    "target_registration",
    "target_tax",
    "target_new_enterprises",
    "measures",
    "leader",
    "floor_leader",
]
PROGRESS_FIELDS = ["percent", "occupancy", "new_enterprises", "narrative"]
REPLACEMENT_FIELDS = ["building", "vacated", "replacement", "date", "tax_per_m2_before", "tax_per_m2_after", "notes"]


def _locked(obj):
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _check_building(actor: Actor, building: Building | None, field: str = "building") -> None:
    """The building a child object is written on must be one the actor keeps (their street, or 楼长): an area's
    lead unit reads the area's buildings, the street writes their data."""
    if building is None:
        raise ValidationError({field: _("Choose a building.")})
    if actor.has_perm(SCOPE_ALL_PERMISSION):
        return
    kept = Building.objects.restrict(actor.user, "view").filter(building_scope(actor.user, "", "write"))
    if not kept.filter(pk=building.pk).exists():
        raise ValidationError({field: _("This building is outside your responsibility.")})


def _check_street(actor: Actor, building: Building) -> None:
    if actor.has_perm(SCOPE_ALL_PERMISSION):
        return
    unit = getattr(actor.user, "unit", None)
    if unit is None or building.street_id is None or not building.street.path.startswith(unit.path):
        raise ValidationError({"street": _("You can only keep buildings of your own street.")})


def _create(actor: Actor, obj, fields: list[str], data: dict[str, Any], action: str):
    assign_fields(obj, data, fields)
    obj.full_clean()
    obj.save()
    record(actor, action, obj, after=snapshot(obj))
    return obj


def _update(actor: Actor, obj, fields: list[str], data: dict[str, Any], action: str, check=None):
    require_object(actor, obj, "change")
    obj = _locked(obj)
    before = snapshot(obj)
    assign_fields(obj, data, fields)
    if check is not None:
        check(obj)
    obj.full_clean()
    obj.save()
    record(actor, action, obj, before=before, after=snapshot(obj))
    return obj


def _delete(actor: Actor, obj, action: str) -> None:
    require_object(actor, obj, "delete")
    obj = _locked(obj)
    before = snapshot(obj)
    parent = obj.audit_parent()
    record(actor, action, obj, before=before, parent=parent)
    obj.delete()


# --- buildings --------------------------------------------------------------------------------------------


#: The campaign work a building is named in (the lead units of those areas and items read it).
LINK_FIELDS = ["areas", "items"]


def _check_links(actor: Actor, links: dict) -> dict:
    """``areas`` / ``items`` given (None: unchanged): the supervision office names them, nobody else."""
    given = {k: list(v) for k, v in links.items() if v is not None}
    if given and not actor.has_perm(SCOPE_ALL_PERMISSION):
        field = next(iter(given))
        raise ValidationError({field: _("Only the supervision office names the campaign work of a building.")})
    return given


def _set_links(actor: Actor, building: Building, links: dict) -> None:
    before, after = {}, {}
    for field, chosen in links.items():
        manager = getattr(building, field)
        old = sorted(str(o) for o in manager.all())
        new = sorted(str(o) for o in chosen)
        if old != new:
            manager.set(chosen)
            before[field], after[field] = old, new
    if after:
        record(actor, "building.link", building, before=before, after=after)


@transaction.atomic
def create_building(actor: Actor, *, areas=None, items=None, **data) -> Building:
    """A new building; ``areas`` and ``items`` (optional, the supervision office only): the campaign work it is
    named in, whose lead units read it."""
    require(actor, Building, "add")
    links = _check_links(actor, {"areas": areas, "items": items})
    building = Building()
    assign_fields(building, data, BUILDING_FIELDS)
    if building.street_id:
        _check_street(actor, building)
    building = _create(actor, building, BUILDING_FIELDS, {}, "building.create")
    _set_links(actor, building, links)
    figures.touch([building.pk])
    return building


@transaction.atomic
def update_building(actor: Actor, building: Building, *, areas=None, items=None, **data) -> Building:
    links = _check_links(actor, {"areas": areas, "items": items})

    def check(obj):
        if obj.street_id:
            _check_street(actor, obj)
        lettable = obj.lettable_area
        if lettable is not None and obj.tenancies.filter(leased_area__gt=lettable).exists():
            raise ValidationError(
                {"lettable_area": _("A tenancy of this building leases more than this lettable area.")}
            )

    building = _update(actor, building, BUILDING_FIELDS, data, "building.update", check)
    _set_links(actor, building, links)
    figures.touch([building.pk])
    return building


@transaction.atomic
def delete_building(actor: Actor, building: Building) -> None:
    if building.replacements.exists():
        raise ValidationError(_("The building has replacement records; it cannot be deleted."))
    tenants = list(building.tenancies.values_list("enterprise_id", flat=True))
    _delete(actor, building, "building.delete")
    figures.touch(enterprises=tenants)  # their tax is now split over their other buildings


# --- spaces -----------------------------------------------------------------------------------------------


@transaction.atomic
def create_space(actor: Actor, **data) -> Space:
    require(actor, Space, "add")
    _check_building(actor, data.get("building"))
    space = _create(actor, Space(), SPACE_FIELDS, data, "space.create")
    figures.touch([space.building_id])
    return space


@transaction.atomic
def update_space(actor: Actor, space: Space, **data) -> Space:
    data.pop("building", None)  # a space does not move to another building

    def check(obj):
        # A space's leases never exceed the space: it cannot shrink below a tenancy's leased area.
        if obj.area is not None and obj.tenancies.filter(leased_area__gt=obj.area).exists():
            raise ValidationError({"area": _("A tenancy of this space leases more than this area.")})

    space = _update(actor, space, SPACE_FIELDS, data, "space.update", check)
    figures.touch([space.building_id])
    return space


@transaction.atomic
def delete_space(actor: Actor, space: Space) -> None:
    _delete(actor, space, "space.delete")
    figures.touch([space.building_id])


# --- tenancies --------------------------------------------------------------------------------------------


def _new_enterprise(actor: Actor, fields: dict[str, Any]):
    """A tenant not yet in the registry is registered there, through the registry's own service."""
    from gongjian.enterprises.services import create_enterprise

    return create_enterprise(actor, **fields)


def _lock_space(space: Space | None) -> None:
    """Serialise the writes on one space's tenancies (PostgreSQL row lock; SQLite serialises writers anyway):
    of two simultaneous leases of the same space, the second sees the first and is refused."""
    if space is not None and space.pk is not None:
        Space.objects.select_for_update().filter(pk=space.pk).first()


@transaction.atomic
def create_tenancy(
    actor: Actor,
    *,
    new_enterprise: dict[str, Any] | None = None,
    taxes: dict[int, Decimal | None] | None = None,
    **data,
) -> Tenancy:
    """Record a tenant moving in. ``new_enterprise`` (credit code, name, …) registers the tenant in the
    enterprise registry first; ``taxes`` (year → 万元) fills the tenancy's tax table."""
    require(actor, Tenancy, "add")
    _check_building(actor, data.get("building"))
    if new_enterprise:
        data["enterprise"] = _new_enterprise(actor, new_enterprise)
    _lock_space(data.get("space"))
    tenancy = _create(actor, Tenancy(), TENANCY_FIELDS, data, "tenancy.create")
    for year, amount in (taxes or {}).items():
        _set_tax(actor, tenancy, year, amount)
    figures.touch([tenancy.building_id], [tenancy.enterprise_id])
    return tenancy


@transaction.atomic
def update_tenancy(actor: Actor, tenancy: Tenancy, **data) -> Tenancy:
    if "building" in data and data["building"] is not None and data["building"].pk != tenancy.building_id:
        _check_building(actor, data["building"])
    _lock_space(data["space"] if "space" in data else tenancy.space)
    return _touched(tenancy, _update(actor, tenancy, TENANCY_FIELDS, data, "tenancy.update"))


def _touched(before: Tenancy, after: Tenancy) -> Tenancy:
    """A tenancy changed: the figures of its building and tenant, before and after the change."""
    figures.touch([before.building_id, after.building_id], [before.enterprise_id, after.enterprise_id])
    return after


@transaction.atomic
def move_out(actor: Actor, tenancy: Tenancy, day: dt.date, reason: str = "") -> Tenancy:
    """Close a tenancy: the tenant is no longer in the building from ``day`` on."""
    data: dict[str, Any] = {"move_out": day, "leaving_intention": False}
    if reason:
        data["leaving_reason"] = reason
    return _touched(tenancy, _update(actor, tenancy, TENANCY_FIELDS, data, "tenancy.move_out"))


@transaction.atomic
def delete_tenancy(actor: Actor, tenancy: Tenancy) -> None:
    if Replacement.objects.filter(vacated=tenancy).exists() or Replacement.objects.filter(replacement=tenancy).exists():
        raise ValidationError(_("The tenancy is part of a replacement record; it cannot be deleted."))
    _delete(actor, tenancy, "tenancy.delete")
    figures.touch([tenancy.building_id], [tenancy.enterprise_id])


def _set_tax(actor: Actor, tenancy: Tenancy, year: int, amount: Decimal | None) -> TenancyTax | None:
    row = TenancyTax.objects.select_for_update().filter(tenancy=tenancy, year=year).first()
    before = snapshot(row)
    if amount is None:
        if row is not None:
            record(actor, "tenancy.tax_clear", row, before=before)
            row.delete()
        return None
    if row is None:
        row = TenancyTax(tenancy=tenancy, year=year)
    row.tax_district = amount
    row.full_clean()
    row.save()
    record(actor, "tenancy.tax", row, before=before, after=snapshot(row))
    return row


@transaction.atomic
def set_tenancy_tax(actor: Actor, tenancy: Tenancy, year: int, amount: Decimal | None) -> TenancyTax | None:
    """Record (or, with None, clear) the district tax in 万元 a tenancy brought in ``year``."""
    require_object(actor, tenancy, "change")
    row = _set_tax(actor, tenancy, year, amount)
    figures.touch([tenancy.building_id], [tenancy.enterprise_id])
    return row


# --- plans ------------------------------------------------------------------------------------------------


@transaction.atomic
def create_plan(actor: Actor, **data) -> BuildingPlan:
    require(actor, BuildingPlan, "add")
    _check_building(actor, data.get("building"))
    if data.get("floor_leader") is None and data.get("building") is not None:
        data["floor_leader"] = data["building"].floor_leader
    return _create(actor, BuildingPlan(), PLAN_FIELDS, data, "plan.create")


@transaction.atomic
def update_plan(actor: Actor, plan: BuildingPlan, **data) -> BuildingPlan:
    data.pop("building", None)
    return _update(actor, plan, PLAN_FIELDS, data, "plan.update")


@transaction.atomic
def delete_plan(actor: Actor, plan: BuildingPlan) -> None:
    _delete(actor, plan, "plan.delete")


@transaction.atomic
def record_progress(actor: Actor, plan: BuildingPlan, quarter: int, **data) -> PlanProgress:
    """Record (or correct) a quarter's progress on a plan."""
    require_object(actor, plan, "view")
    require(actor, PlanProgress, "add")
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("The quarter must be 1, 2, 3 or 4.")})
    row = PlanProgress.objects.select_for_update().filter(plan=plan, quarter=quarter).first()
    before = snapshot(row)
    if row is None:
        row = PlanProgress(plan=plan, quarter=quarter)
    assign_fields(row, data, PROGRESS_FIELDS)
    row.full_clean()
    row.save()
    record(actor, "plan.progress", row, before=before, after=snapshot(row))
    return row


# --- 腾楼换企 ----------------------------------------------------------------------------------------------


def _tax_per_m2(tenancy: Tenancy | None, year: int) -> Decimal | None:
    """A tenancy's recorded tax for ``year`` over its leased area (元/m²), or None."""
    if tenancy is None or not tenancy.leased_area:
        return None
    row = tenancy.taxes.filter(year=year).first()
    return metrics.tax_per_m2(row.tax_district, tenancy.leased_area) if row else None


@transaction.atomic
def record_survey(actor: Actor, building: Building, surveyed_on: dt.date, **counts) -> BuildingSurvey:
    """The quarter's survey record of a building (``spaces``, ``tenants``, ``occupied_area``, ``moved_out``,
    ``leaving``): one per quarter, a later survey of the quarter replacing it; unchanged, nothing is written."""
    if not actor.has_perm("buildings.import_survey"):
        raise PermissionDenied("buildings.import_survey required")
    quarter = (surveyed_on.month - 1) // 3 + 1
    survey = BuildingSurvey.objects.filter(building=building, year=surveyed_on.year, quarter=quarter).first()
    values = {"surveyed_on": surveyed_on, **counts}
    if survey is not None and all(getattr(survey, k) == v for k, v in values.items()):
        return survey
    before = snapshot(survey) if survey else None
    survey = survey or BuildingSurvey(building=building, year=surveyed_on.year, quarter=quarter)
    for k, v in values.items():
        setattr(survey, k, v)
    survey.full_clean()
    survey.save()
    record(actor, "survey.quarter", survey, before=before, after=snapshot(survey))
    return survey


@transaction.atomic
def record_replacement(actor: Actor, **data) -> Replacement:
    """Record a 腾楼换企. Tax per m² before/after default to the tenancies' recorded tax over their leased area
    (the vacated tenancy in the year before the date, the replacement in the year of the date)."""
    require(actor, Replacement, "add")
    _check_building(actor, data.get("building"))
    day = data.get("date")
    if day is not None:
        if data.get("tax_per_m2_before") is None:
            data["tax_per_m2_before"] = _tax_per_m2(data.get("vacated"), day.year - 1)
        if data.get("tax_per_m2_after") is None:
            data["tax_per_m2_after"] = _tax_per_m2(data.get("replacement"), day.year)
    return _create(actor, Replacement(), REPLACEMENT_FIELDS, data, "replacement.create")
