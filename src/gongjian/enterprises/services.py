"""Every write on the enterprise registry: enterprises, their figures and their 规上 status.

Each function takes the acting :class:`~gongjian.core.services.Actor`, checks permission and scope, runs in one
transaction, validates, and writes the audit record. Views, the API, Excel imports, the demo and commands call
these functions and nothing else.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.services import Actor, assign_fields, record, require, require_object, snapshot

from . import hooks, uscc
from .confidential import CONFIDENTIAL_PERMISSION
from .models import (
    FIGURE_FIELDS,
    CultivationRecord,
    Enterprise,
    EnterpriseFigure,
    EnterpriseYearStatus,
    Industry,
    ScaleCategory,
    TierBand,
    TierSettings,
)

__all__ = [
    "ENTERPRISE_FIELDS",
    "RowsInvalid",
    "add_to_pool",
    "compute_year_statuses",
    "create_enterprise",
    "create_enterprises_bulk",
    "import_figures",
    "refresh_year_statuses",
    "set_figures",
    "set_year_status",
    "update_band",
    "update_category",
    "update_cultivation",
    "update_enterprise",
    "update_tier_settings",
    "validate_figures",
]

ENTERPRISE_FIELDS = [
    "credit_code",
    "name",
    "former_names",
    "industry",
    "industry_code",
    "street",
    "park",
    "address",
    "registered_on",
    "production_started_on",
    "status",
    "legal_representative",
    "contact_name",
    "contact_phone",
    "power_account",
    "water_account",
    "gas_account",
]

#: Figures that may be negative (a loss); every other figure must be >= 0.
SIGNED_FIGURES = frozenset({"profit"})


def _resolve_industry(enterprise: Enterprise) -> None:
    """Keep ``industry`` and ``industry_code`` in step: either may be given; the code wins when both differ."""
    code = (enterprise.industry_code or "").strip()
    enterprise.industry_code = code
    if code and (enterprise.industry_id is None or enterprise.industry.code != code):
        # The finest shipped row the code names: the class itself, else its division.
        match = Industry.objects.filter(code__in=[code, code[:3], code[:2]]).order_by("-code").first()
        if match is None:
            raise ValidationError({"industry_code": _("Unknown industry code {code}.").format(code=code)})
        enterprise.industry = match
    elif enterprise.industry_id and not code:
        enterprise.industry_code = enterprise.industry.code


def _check_street_scope(actor: Actor, enterprise: Enterprise) -> None:
    """A user limited to their own streets may only place an enterprise in one of them."""
    if actor.has_perm("org.scope_all") or actor.has_perm("enterprises.manage_registry"):
        return
    unit = getattr(actor.user, "unit", None)
    street = enterprise.street
    if unit is None or street is None or not street.path.startswith(unit.path):
        raise PermissionDenied("enterprise outside the user's streets")


@transaction.atomic
def create_enterprise(actor: Actor, **fields: Any) -> Enterprise:
    require(actor, Enterprise, "add")
    enterprise = Enterprise()
    assign_fields(enterprise, fields, ENTERPRISE_FIELDS)
    enterprise.credit_code = uscc.normalise(enterprise.credit_code)
    _resolve_industry(enterprise)
    _check_street_scope(actor, enterprise)
    enterprise.full_clean()
    enterprise.save()
    record(actor, "enterprise.create", enterprise, after=snapshot(enterprise))
    return enterprise


@transaction.atomic
def update_enterprise(actor: Actor, enterprise: Enterprise, **fields: Any) -> Enterprise:
    require_object(actor, enterprise, "change")
    enterprise = Enterprise.objects.select_for_update(of=("self",)).select_related("industry").get(pk=enterprise.pk)
    before = snapshot(enterprise)
    if "industry" in fields and "industry_code" not in fields:
        fields["industry_code"] = fields["industry"].code if fields["industry"] else ""
    assign_fields(enterprise, fields, ENTERPRISE_FIELDS)
    enterprise.credit_code = uscc.normalise(enterprise.credit_code)
    _resolve_industry(enterprise)
    _check_street_scope(actor, enterprise)
    enterprise.full_clean()
    enterprise.save()
    after = snapshot(enterprise)
    record(actor, "enterprise.update", enterprise, before=before, after=after)
    return enterprise


def validate_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """Clean figure values: Decimals (employees an int), None for empty; raise naming each bad field."""
    unknown = set(figures) - set(FIGURE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: {fields}").format(fields=", ".join(sorted(unknown))))
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in figures.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            clean[name] = None
            continue
        try:
            number = decimal.Decimal(str(value).strip().replace(",", ""))
        except decimal.InvalidOperation:
            errors[name] = _("Not a number: {value}").format(value=value)
            continue
        if not number.is_finite():
            errors[name] = _("Not a number: {value}").format(value=value)
            continue
        if number < 0 and name not in SIGNED_FIGURES:
            errors[name] = _("Must not be negative.")
            continue
        if name == "employees":
            if number != number.to_integral_value():
                errors[name] = _("Must be a whole number.")
                continue
            clean[name] = int(number)
        else:
            if abs(number) >= decimal.Decimal(10) ** 12:
                errors[name] = _("Too large.")
                continue
            clean[name] = number.quantize(decimal.Decimal("0.0001"))
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def set_figures(actor: Actor, enterprise: Enterprise, year: int, month: int | None = None, **figures: Any):
    """Create or update the enterprise's figures for ``year`` (``month`` None) or one month of it.

    Only the figures given change; a figure given as None is cleared (unknown). Needs the figure permission and
    the confidential-data permission, within the enterprise's scope.
    """
    require_object(actor, enterprise, "view")
    require(actor, EnterpriseFigure, "change")
    if not actor.has_perm(CONFIDENTIAL_PERMISSION):
        raise PermissionDenied(f"{CONFIDENTIAL_PERMISSION} required")
    if not (actor.has_perm("org.scope_all") or actor.has_perm("enterprises.manage_registry")):
        if not Enterprise.objects.restrict(actor.user, "change").filter(pk=enterprise.pk).exists():
            raise PermissionDenied("object outside the user's scope")
    if month is not None and not 1 <= int(month) <= 12:
        raise ValidationError({"month": _("The month must be between 1 and 12.")})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("The year must be between 2000 and 2100.")})
    clean = validate_figures(figures)
    figure = EnterpriseFigure.objects.select_for_update().filter(enterprise=enterprise, year=year, month=month).first()
    before = snapshot(figure, FIGURE_FIELDS) if figure else None
    if figure is None:
        figure = EnterpriseFigure(enterprise=enterprise, year=year, month=month)
    for name, value in clean.items():
        setattr(figure, name, value)
    figure.save()
    record(actor, "enterprise_figure.set", figure, before=before, after=snapshot(figure, FIGURE_FIELDS))
    _refresh_one_status(actor, enterprise, int(year))
    hooks.figures_changed([enterprise.pk])
    return figure


def _refresh_one_status(actor: Actor, enterprise: Enterprise, year: int) -> None:
    """After a figure changed: the enterprise's 规上 status of that year, audited when it changes."""
    if not actor.has_perm("enterprises.change_enterpriseyearstatus"):
        return
    code, above = compute_year_statuses([enterprise], year)[enterprise.pk]
    if above is None:
        return
    status = EnterpriseYearStatus.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    if status is not None and status.is_above_scale == above and status.category == code:
        return
    before = snapshot(status, ["category", "is_above_scale"]) if status else None
    if status is None:
        status = EnterpriseYearStatus(enterprise=enterprise, year=year)
    if above and not status.is_above_scale:
        carried = EnterpriseYearStatus.objects.filter(enterprise=enterprise, year=year - 1, is_above_scale=True)
        status.entered_on = dt.date(year, 1, 1) if carried.exists() else timezone.localdate()
    elif not above:
        status.entered_on = None
    status.category, status.is_above_scale = code, above
    status.save()
    record(
        actor,
        "enterprise_status.set",
        status,
        before=before,
        after=snapshot(status, ["year", "category", "is_above_scale"]),
    )


@transaction.atomic
def set_year_status(actor: Actor, enterprise: Enterprise, year: int, *, category: str, is_above_scale: bool):
    """Record an enterprise's 四上 category and 规上 status for a year (from the statistics list or computed)."""
    require_object(actor, enterprise, "view")
    require(actor, EnterpriseYearStatus, "change")
    status = EnterpriseYearStatus.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    before = snapshot(status, ["category", "is_above_scale"]) if status else None
    if status is None:
        status = EnterpriseYearStatus(enterprise=enterprise, year=year)
    status.category = category or ""
    status.is_above_scale = bool(is_above_scale)
    status.save()
    record(
        actor,
        "enterprise_status.set",
        status,
        before=before,
        after=snapshot(status, ["year", "category", "is_above_scale"]),
    )
    return status


# --- 规上 status ------------------------------------------------------------------------------------------


def compute_year_statuses(enterprises, year: int, as_of: dt.date | None = None) -> dict[int, tuple[str, bool | None]]:
    """enterprise id → (category code, 规上 or None when the figures cannot decide) for ``year``.

    The rule (docs/enterprises.md): the year's whole-year figure decides when there is one. Without it (the year
    is under way) an enterprise is 规上 when it was 规上 the year before (it stays in the statistics list for the
    year) or when its revenue over the last 12 months, ending with the latest month of the year that has
    figures, reaches its category's threshold (it entered during the year).
    """
    from . import queries, scale, tiers

    enterprises = list(enterprises)
    ids = [e.pk for e in enterprises]
    cats = queries.categories()
    annual = queries.annual_values(ids, year)
    end_of_year = dt.date(year, 12, 31)
    end = queries.latest_month(min(as_of, end_of_year) if as_of else end_of_year, ids)
    if end is not None and end[0] != year:
        end = None
    main = queries.monthly_values(ids, end, field="main_revenue") if end else {}
    operating = queries.monthly_values(ids, end, field="operating_revenue") if end else {}
    previous = dict(
        EnterpriseYearStatus.objects.filter(enterprise_id__in=ids, year=year - 1).values_list(
            "enterprise_id", "is_above_scale"
        )
    )
    out: dict[int, tuple[str, bool | None]] = {}
    for e in enterprises:
        cat = queries.category_of(e, cats)
        code = cat.code if cat else ""
        if e.pk in annual:
            row = annual[e.pk]
            out[e.pk] = (code, scale.above_scale(cat, row["main_revenue"], row["operating_revenue"]))
            continue
        if end is None:
            out[e.pk] = (code, True if previous.get(e.pk) else None)
            continue
        m = tiers.rolling_sum(main.get(e.pk, {}), end).total
        o = tiers.rolling_sum(operating.get(e.pk, {}), end).total
        decided = scale.above_scale(cat, m, o)
        if previous.get(e.pk):
            decided = True
        out[e.pk] = (code, decided)
    return out


@transaction.atomic
def refresh_year_statuses(actor: Actor, year: int, enterprises=None, as_of: dt.date | None = None) -> dict[str, int]:
    """Recompute the 规上 status of ``year`` for the enterprises (default: all) from their figures.

    Statuses the figures cannot decide (listed-only categories, missing figures) are left as they are. One audit
    record for the whole run, listing the enterprises whose status changed.
    """
    require(actor, EnterpriseYearStatus, "change")
    if enterprises is None:
        enterprises = Enterprise.objects.all()
    enterprises = list(enterprises)
    today = as_of or timezone.localdate()
    computed = compute_year_statuses(enterprises, year, as_of)
    existing = {
        s.enterprise_id: s
        for s in EnterpriseYearStatus.objects.select_for_update().filter(
            enterprise_id__in=[e.pk for e in enterprises], year=year
        )
    }
    carried = set(
        EnterpriseYearStatus.objects.filter(
            enterprise_id__in=[e.pk for e in enterprises], year=year - 1, is_above_scale=True
        ).values_list("enterprise_id", flat=True)
    )
    new, changed, entered, left = [], [], [], []
    for e in enterprises:
        code, above = computed[e.pk]
        status = existing.get(e.pk)
        if above is None:
            continue
        if status is None:
            since = None
            if above:
                since = dt.date(year, 1, 1) if e.pk in carried else today
                if e.pk not in carried:
                    entered.append(e.name)
            new.append(
                EnterpriseYearStatus(enterprise=e, year=year, category=code, is_above_scale=above, entered_on=since)
            )
            continue
        if status.is_above_scale != above or status.category != code:
            if above and not status.is_above_scale:
                status.entered_on = today
                entered.append(e.name)
            elif not above and status.is_above_scale:
                status.entered_on = None
                left.append(e.name)
            status.category, status.is_above_scale = code, above
            changed.append(status)
    EnterpriseYearStatus.objects.bulk_create(new, batch_size=500)
    EnterpriseYearStatus.objects.bulk_update(changed, ["category", "is_above_scale", "entered_on"], batch_size=500)
    summary = {"year": year, "created": len(new), "changed": len(changed), "entered": len(entered), "left": len(left)}
    record(actor, "enterprise_status.refresh", None, after={**summary, "entered_names": entered, "left_names": left})
    return summary


# --- tiers: settings, categories, the 小升规 pool ----------------------------------------------------------

CATEGORY_FIELDS = ["name", "industries", "basis", "threshold", "sort_order", "is_active"]
BAND_FIELDS = ["name", "floor", "is_active"]
TIER_SETTINGS_FIELDS = ["near_low", "pool_share"]
CULTIVATION_FIELDS = [
    "cadre",
    "target_year",
    "project_measures",
    "tech_measures",
    "finance_measures",
    "progress",
    "status",
]


@transaction.atomic
def update_category(actor: Actor, category: ScaleCategory, **fields) -> ScaleCategory:
    require(actor, ScaleCategory, "change")
    category = ScaleCategory.objects.select_for_update().get(pk=category.pk)
    before = snapshot(category)
    assign_fields(category, fields, CATEGORY_FIELDS)
    category.full_clean()
    category.save()
    record(actor, "scale_category.update", category, before=before, after=snapshot(category))
    return category


@transaction.atomic
def update_band(actor: Actor, band: TierBand, **fields) -> TierBand:
    require(actor, TierBand, "change")
    band = TierBand.objects.select_for_update().get(pk=band.pk)
    before = snapshot(band)
    assign_fields(band, fields, BAND_FIELDS)
    band.full_clean()
    band.save()
    record(actor, "tier_band.update", band, before=before, after=snapshot(band))
    return band


@transaction.atomic
def update_tier_settings(actor: Actor, **fields) -> TierSettings:
    require(actor, TierSettings, "change")
    current = TierSettings.objects.select_for_update().order_by("pk").first() or TierSettings()
    before = snapshot(current) if current.pk else None
    assign_fields(current, fields, TIER_SETTINGS_FIELDS)
    current.full_clean()
    current.save()
    record(actor, "tier_settings.update", current, before=before, after=snapshot(current))
    return current


def _check_cadre(fields: dict) -> None:
    cadre = fields.get("cadre")
    if cadre is not None and not cadre.is_active:
        raise ValidationError({"cadre": _("The responsible cadre's account is not active.")})


@transaction.atomic
def add_to_pool(actor: Actor, enterprise: Enterprise, **fields) -> CultivationRecord:
    """Put an enterprise into the 小升规 培育库 with its plan."""
    require_object(actor, enterprise, "view")
    require(actor, CultivationRecord, "add")
    if not (actor.has_perm("org.scope_all") or actor.has_perm("enterprises.manage_registry")):
        if not Enterprise.objects.restrict(actor.user, "change").filter(pk=enterprise.pk).exists():
            raise PermissionDenied("object outside the user's scope")
    if CultivationRecord.objects.filter(enterprise=enterprise).exists():
        raise ValidationError(_("This enterprise is already in the 小升规 pool."))
    latest = EnterpriseYearStatus.objects.filter(enterprise=enterprise).order_by("-year").first()
    if latest is not None and latest.is_above_scale:
        raise ValidationError(_("This enterprise is already 规上 ({year}).").format(year=latest.year))
    _check_cadre(fields)
    rec = CultivationRecord(enterprise=enterprise)
    assign_fields(rec, fields, CULTIVATION_FIELDS)
    rec.full_clean()
    rec.save()
    record(actor, "cultivation.create", rec, after=snapshot(rec))
    return rec


@transaction.atomic
def update_cultivation(actor: Actor, rec: CultivationRecord, **fields) -> CultivationRecord:
    require_object(actor, rec, "change")
    rec = CultivationRecord.objects.select_for_update().get(pk=rec.pk)
    before = snapshot(rec)
    _check_cadre(fields)
    assign_fields(rec, fields, CULTIVATION_FIELDS)
    rec.full_clean()
    rec.save()
    record(actor, "cultivation.update", rec, before=before, after=snapshot(rec))
    return rec


# --- bulk writes of the Excel imports ---------------------------------------------------------------------


class RowsInvalid(ValidationError):
    """Some rows of a bulk write failed the model's validation: ``rows`` maps row index → {field: [messages]}."""

    def __init__(self, rows: dict[int, dict[str, list[str]]]):
        super().__init__("rows invalid")
        self.rows = rows


@transaction.atomic
def create_enterprises_bulk(actor: Actor, rows: list[dict[str, Any]]) -> list[Enterprise]:
    """Create many enterprises (an import): all or none; one audit record each."""
    require(actor, Enterprise, "add")
    require(actor, Enterprise, "import")
    enterprises, errors = [], {}
    industries = {i.code: i for i in Industry.objects.exclude(level="section")}
    for index, data in enumerate(rows):
        e = Enterprise()
        try:
            assign_fields(e, data, ENTERPRISE_FIELDS)
            e.credit_code = uscc.normalise(e.credit_code)
            code = e.industry_code or ""
            e.industry = industries.get(code) or industries.get(code[:3]) or industries.get(code[:2])
            _check_street_scope(actor, e)
            e.full_clean(validate_unique=False)
        except ValidationError as exc:
            errors[index] = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        except PermissionDenied:
            errors[index] = {"street": [_("You may only add enterprises in your own streets.")]}
        enterprises.append(e)
    if errors:
        raise RowsInvalid(errors)
    created = Enterprise.objects.bulk_create(enterprises, batch_size=500)
    for e in created:
        record(actor, "enterprise.create", e, after=snapshot(e))
    return created


_SKIP = object()


@transaction.atomic
def import_figures(actor: Actor, rows: list[dict[str, Any]], file_name: str = "") -> dict[str, int]:
    """Write many periods' figures (an import): each row has ``enterprise``, ``year``, ``month`` and figures.

    Only the figures a row gives change (a column absent from the file, or an empty cell, keeps the stored
    value). All or none; one audit record per period written and one for the import. The 规上 status of the
    years touched is then recomputed for the enterprises touched.
    """
    require(actor, EnterpriseFigure, "change")
    require(actor, Enterprise, "import")
    if not actor.has_perm(CONFIDENTIAL_PERMISSION):
        raise PermissionDenied(f"{CONFIDENTIAL_PERMISSION} required")
    keys = {(r["enterprise"].pk, r["year"], r["month"]) for r in rows}
    ids = {k[0] for k in keys}
    existing = {
        (f.enterprise_id, f.year, f.month): f
        for f in EnterpriseFigure.objects.select_for_update().filter(
            enterprise_id__in=ids, year__in={k[1] for k in keys}
        )
    }
    created = updated = 0
    touched: dict[int, set[int]] = {}
    for r in rows:
        figures = {k: v for k, v in r["figures"].items() if v is not _SKIP and v is not None}
        clean = validate_figures(figures)
        key = (r["enterprise"].pk, r["year"], r["month"])
        figure = existing.get(key)
        before = snapshot(figure, FIGURE_FIELDS) if figure else None
        if figure is None:
            figure = EnterpriseFigure(enterprise=r["enterprise"], year=r["year"], month=r["month"])
            created += 1
        else:
            updated += 1
        for name, value in clean.items():
            setattr(figure, name, value)
        figure.save()
        existing[key] = figure
        record(actor, "enterprise_figure.set", figure, before=before, after=snapshot(figure, FIGURE_FIELDS))
        touched.setdefault(r["year"], set()).add(r["enterprise"].pk)
    record(
        actor,
        "enterprise_figure.import",
        None,
        after={"file": file_name[:200], "rows": len(rows), "created": created, "updated": updated},
    )
    if actor.has_perm("enterprises.change_enterpriseyearstatus"):
        for year, enterprise_ids in touched.items():
            refresh_year_statuses(actor, year, Enterprise.objects.filter(pk__in=enterprise_ids))
    hooks.figures_changed(ids)
    return {"created": created, "updated": updated}
