"""Every write on the enterprise registry: enterprises, their figures and their 规上 status.

Each function takes the acting :class:`~gongjian.core.services.Actor`, checks permission and scope, runs in one
transaction, validates, and writes the audit record. Views, the API, Excel imports, the demo and commands call
these functions and nothing else.
"""

from __future__ import annotations

import decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongjian.core.services import Actor, assign_fields, record, require, require_object, snapshot

from . import uscc
from .confidential import CONFIDENTIAL_PERMISSION
from .models import FIGURE_FIELDS, Enterprise, EnterpriseFigure, EnterpriseYearStatus, Industry

__all__ = [
    "ENTERPRISE_FIELDS",
    "create_enterprise",
    "set_figures",
    "set_year_status",
    "update_enterprise",
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
    enterprise = Enterprise.objects.select_for_update().select_related("industry").get(pk=enterprise.pk)
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
    return figure


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
