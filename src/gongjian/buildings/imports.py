"""The quarterly building survey (楼宇季度调查) the property managers fill in: one row per space, with its tenant.

Import rules (docs/buildings.md):

* all-or-nothing: every error is listed with its row and column, and nothing is written unless every row is good;
* spaces are matched by (floor, room): a known space gets the surveyed area and use, a new one is added; spaces
  the survey does not list are kept as they are;
* a tenant is found in the enterprise registry by its credit code; one not yet there is registered on the spot
  (through the registry's service; the importer needs the right to add enterprises);
* a tenant already in the building (an open tenancy of the same enterprise, in the same space or without one)
  keeps its tenancy, updated with the survey's figures; a new one moves in on the row's move-in date, or on the
  survey date;
* **a current tenant missing from the survey is moved out on the survey date**: the survey lists every tenant
  in the building, so one not listed has left. Its tenancy is closed, never deleted: the move-in/move-out
  history stays.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjian.core.services import Actor, record, require_object
from gongjian.core.xlsx_import import (
    ChoiceColumn,
    DateColumn,
    DecimalColumn,
    ImportResult,
    ImportRow,
    ImportSpec,
    Lookup,
    LookupColumn,
    TextColumn,
    template_bytes,
)
from gongjian.enterprises.uscc import make_code

from . import figures, services
from .choices import SpaceUse
from .models import Building, Space, Tenancy

__all__ = ["SurveySpec", "import_district_survey", "import_survey", "survey_template_bytes"]

YES_NO = [(True, gettext_lazy("yes")), (False, gettext_lazy("no"))]
YES_NO_SYNONYMS = {"是": True, "否": False, "y": True, "n": False, "1": True, "0": False, "√": True}
OCCUPIED_USES = {SpaceUse.RENTED, SpaceUse.SOLD, SpaceUse.SELF_USE}


class SurveySpec(ImportSpec):
    """One building's survey; with ``buildings`` (a Lookup) the district's survey, a 楼宇 column naming each row's
    building."""

    sheet_name = "楼宇调查"

    def __init__(self, buildings: Lookup | None = None):
        self.district = buildings is not None
        head = (
            [LookupColumn("building", _("Building"), required=True, lookup=buildings, aliases=["楼宇", "楼宇名称"])]
            if buildings is not None
            else []
        )
        self.columns = [
            *head,
            TextColumn("floor", _("Floor"), required=True, max_length=20, aliases=["楼层"]),
            TextColumn("room", _("Room / area"), max_length=40, aliases=["房间", "房号"]),
            DecimalColumn("area", _("Area (m²)"), required=True, min_value=0, max_digits=12, decimal_places=2),
            ChoiceColumn(
                "use",
                _("Use"),
                required=True,
                choices=SpaceUse.choices,
                synonyms={
                    "自用": SpaceUse.SELF_USE,
                    "出租": SpaceUse.RENTED,
                    "出售": SpaceUse.SOLD,
                    "空置": SpaceUse.VACANT,
                },
            ),
            TextColumn("credit_code", _("Tenant credit code"), max_length=18, aliases=["统一社会信用代码"]),
            TextColumn("name", _("Tenant name"), max_length=200, aliases=["企业名称"]),
            DecimalColumn(
                "leased_area",
                _("Leased area (m²)"),
                min_value=0,
                max_digits=12,
                decimal_places=2,
                help=_("Empty: the space's area."),
            ),
            DateColumn("move_in", _("Move-in date"), help=_("Empty: the survey date, for a new tenant.")),
            ChoiceColumn("registered_local", _("Registered in the district"), choices=YES_NO, synonyms=YES_NO_SYNONYMS),
            ChoiceColumn("tax_local", _("Pays tax in the district"), choices=YES_NO, synonyms=YES_NO_SYNONYMS),
            ChoiceColumn("leaving_intention", _("Intends to move out"), choices=YES_NO, synonyms=YES_NO_SYNONYMS),
            TextColumn("leaving_reason", _("Reason for moving out"), max_length=200),
        ]
        super().__init__()

    def clean_row(self, row: ImportRow, result: ImportResult) -> None:
        use, code = row.values.get("use"), row.values.get("credit_code")
        if row.has("use", "credit_code") and use in OCCUPIED_USES - {SpaceUse.SELF_USE} and not code:
            result.add(row.number, self.header("credit_code"), _("A rented or sold space needs its tenant."))
        if row.has("use") and use == SpaceUse.VACANT and code:
            result.add(row.number, self.header("use"), _("A vacant space cannot have a tenant."))
        area, leased = row.values.get("area"), row.values.get("leased_area")
        if area is not None and leased is not None and leased > area:
            result.add(row.number, self.header("leased_area"), _("The leased area is larger than the space."))

    def clean_rows(self, rows: list[ImportRow], result: ImportResult) -> None:
        seen: dict[tuple, int] = {}
        for row in rows:
            building = getattr(row.values.get("building"), "pk", None)
            key = (building, (row.values.get("floor") or "").strip(), (row.values.get("room") or "").strip())
            if key in seen:
                result.add(
                    row.number,
                    self.header("room"),
                    _("The same floor and room are already on row {row}.").format(row=seen[key]),
                )
            else:
                seen[key] = row.number


def survey_template_bytes(district: bool = False) -> bytes:
    """The survey workbook of one building, or (``district``) of every building, with a 楼宇 column."""
    spec = SurveySpec(Lookup([])) if district else SurveySpec()
    example = {
        "building": "示例大厦",
        "floor": "12F",
        "room": "1201",
        "area": 320,
        "use": str(SpaceUse.RENTED.label),
        "credit_code": make_code("示例科技有限公司"),  # a valid code: the example imports as it is
        "name": "示例科技有限公司",
        "leased_area": 320,
        "move_in": dt.date(2025, 3, 1),
        "registered_local": str(_("yes")),
        "tax_local": str(_("yes")),
        "leaving_intention": str(_("no")),
    }
    notes = [
        _("A current tenant that this survey does not list is recorded as moved out on the survey date."),
        _("Spaces the survey does not list are kept unchanged."),
    ]
    return template_bytes(spec, example, notes)


class _Refused(Exception):
    pass


def _err(result: ImportResult, row: int, column: str, exc: ValidationError) -> None:
    for m in exc.messages:
        result.add(row, column, m)


def import_survey(actor: Actor, building: Building, survey_date: dt.date, upload) -> ImportResult:
    """Read the survey and, when every row is good, write it in one transaction (see the module doc)."""
    require_object(actor, building, "view")
    if not actor.has_perm("buildings.import_survey"):
        raise PermissionDenied("buildings.import_survey required")
    spec = SurveySpec()
    result = spec.read(upload)
    if not result.ok:
        return result
    known = _known_enterprises(result.rows)
    _check_rows(actor, building, result.rows, result, spec, known)
    if not result.ok:
        spec.sort_errors(result)
        return result
    try:
        with transaction.atomic(), figures.batch():  # the buildings' figures once, at the end of the import
            _write(actor, building, survey_date, result, spec, known)
            if not result.ok:
                raise _Refused
            record(
                actor,
                "survey.import",
                building,
                after={"survey_date": survey_date.isoformat(), "rows": len(result.rows)},
            )
    except _Refused:
        result.created = []
        spec.sort_errors(result)
    return result


def _write(actor, building, survey_date, result, spec, known) -> None:
    from gongjian.enterprises import uscc

    building = Building.objects.select_for_update().get(pk=building.pk)
    spaces = {(s.floor, s.room): s for s in Space.objects.filter(building=building)}
    open_q = Q(move_out__isnull=True) | Q(move_out__gt=survey_date)
    current = list(
        Tenancy.objects.filter(building=building)
        .filter(open_q)
        .filter(Q(move_in__isnull=True) | Q(move_in__lte=survey_date))
    )
    kept: set[int] = set()
    for row in result.rows:
        v = row.values
        key = ((v.get("floor") or "").strip(), (v.get("room") or "").strip())
        try:
            space = spaces.get(key)
            data = {"area": v["area"], "use": v["use"]}
            if space is None:
                space = services.create_space(actor, building=building, floor=key[0], room=key[1], **data)
                spaces[key] = space
            elif space.area != v["area"] or space.use != v["use"]:
                space = services.update_space(actor, space, **data)
        except ValidationError as exc:
            _err(result, row.number, spec.header("area"), exc)
            continue
        code = v.get("credit_code")
        if not code:
            continue
        code = uscc.normalise(code)
        try:
            enterprise = known.get(code)
            if enterprise is None:
                from gongjian.enterprises.services import create_enterprise

                enterprise = create_enterprise(actor, credit_code=code, name=v["name"], street=building.street)
                known[code] = enterprise
            fields = {
                "space": space,
                "leased_area": v.get("leased_area") or v["area"],
                "registered_local": bool(v.get("registered_local")),
                "tax_local": bool(v.get("tax_local")),
                "leaving_intention": bool(v.get("leaving_intention")),
                "leaving_reason": v.get("leaving_reason") or "",
            }
            match = next(
                (
                    t
                    for t in current
                    if t.pk not in kept and t.enterprise_id == enterprise.pk and t.space_id == space.pk
                ),
                None,
            ) or next(
                (t for t in current if t.pk not in kept and t.enterprise_id == enterprise.pk and t.space_id is None),
                None,
            )
            if match is not None:
                if v.get("move_in"):
                    fields["move_in"] = v["move_in"]
                services.update_tenancy(actor, match, **fields)
                kept.add(match.pk)
            else:
                t = services.create_tenancy(
                    actor, enterprise=enterprise, building=building, move_in=v.get("move_in") or survey_date, **fields
                )
                kept.add(t.pk)
                result.created.append(t)
        except ValidationError as exc:
            _err(result, row.number, spec.header("credit_code"), exc)
    if not result.ok:
        return
    result.moved_out = []
    for t in current:
        if t.pk not in kept:
            result.moved_out.append(services.move_out(actor, t, survey_date))
    tenant_rows = [r.values for r in result.rows if r.values.get("credit_code")]
    services.record_survey(
        actor,
        building,
        survey_date,
        spaces=len(result.rows),
        tenants=len(kept),
        occupied_area=sum((v.get("leased_area") or v["area"] for v in tenant_rows), Decimal(0)),
        moved_out=len(result.moved_out),
        leaving=sum(1 for v in tenant_rows if v.get("leaving_intention")),
    )


def _known_enterprises(rows) -> dict:
    from gongjian.enterprises import uscc
    from gongjian.enterprises.models import Enterprise

    codes = {uscc.normalise(r.values["credit_code"]) for r in rows if r.values.get("credit_code")}
    return {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}


def _check_rows(actor, building, rows, result, spec, known) -> None:
    """Tenants not in the registry (and who may register them); leases larger than the building."""
    from gongjian.enterprises import uscc

    for row in rows:
        code = row.values.get("credit_code")
        if code and uscc.normalise(code) not in known:
            if not row.values.get("name"):
                result.add(
                    row.number,
                    spec.header("name"),
                    _("The enterprise is not in the registry: give its name to register it."),
                )
            elif not actor.has_perm("enterprises.add_enterprise"):
                result.add(
                    row.number,
                    spec.header("credit_code"),
                    _("The enterprise is not in the registry, and you may not register new enterprises."),
                )
        leased = row.values.get("leased_area") or row.values.get("area")
        if code and leased is not None and leased > building.lettable_area:
            result.add(
                row.number,
                spec.header("leased_area"),
                _("The leased area is larger than the building's lettable area ({lettable} m²).").format(
                    lettable=building.lettable_area
                ),
            )


def import_district_survey(actor: Actor, survey_date: dt.date, upload) -> ImportResult:
    """The quarterly survey of every building the user may see, in one workbook with a 楼宇 column: each
    building's rows are checked and written as one building's survey would be, all buildings or none."""
    if not actor.has_perm("buildings.import_survey"):
        raise PermissionDenied("buildings.import_survey required")
    visible = Building.objects.restrict(actor.user, "view").select_related("street")
    spec = SurveySpec(Lookup(visible, lambda b: b.name, unknown=_("“{value}” is not a building you may survey.")))
    result = spec.read(upload)
    if not result.ok:
        return result
    groups: dict[int, list[ImportRow]] = {}
    buildings: dict[int, Building] = {}
    for row in result.rows:
        b = row.values["building"]
        buildings[b.pk] = b
        groups.setdefault(b.pk, []).append(row)
    known = _known_enterprises(result.rows)
    for pk, rows in groups.items():
        require_object(actor, buildings[pk], "view")
        _check_rows(actor, buildings[pk], rows, result, spec, known)
    if not result.ok:
        spec.sort_errors(result)
        return result
    result.moved_out = []
    try:
        with transaction.atomic(), figures.batch():
            for pk, rows in groups.items():
                part = ImportResult(rows=rows, limit=result.limit)
                _write(actor, buildings[pk], survey_date, part, spec, known)
                for e in part.errors:
                    result.add(e.row, e.column, e.message)
                result.created += part.created
                result.moved_out += getattr(part, "moved_out", [])
                if part.ok:
                    record(
                        actor,
                        "survey.import",
                        buildings[pk],
                        after={"survey_date": survey_date.isoformat(), "rows": len(rows)},
                    )
            if not result.ok:
                raise _Refused
    except _Refused:
        result.created = []
        result.moved_out = []
        spec.sort_errors(result)
    return result
