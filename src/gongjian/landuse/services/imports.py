"""A department's Excel file of figures for the evaluation: its template and its import (every row or none)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core import xlsx_import as xi
from gongjian.core.services import Actor, record, require
from gongjian.enterprises.models import Enterprise

from ..choices import (
    InputStatus,
)
from ..models import (
    EnterpriseInput,
    EvaluationYear,
)
from .evaluation import DEPARTMENT_FIELDS, EDITABLE, _state


class DepartmentSpec(xi.ImportSpec):
    """A department's file: the credit code must be in the registry, once per file."""

    def clean_rows(self, rows: list[xi.ImportRow], result: xi.ImportResult) -> None:
        header = self.header("credit_code")
        codes = {r.number: str(r.get("credit_code", "")).strip().upper() for r in rows if r.has("credit_code")}
        self.known = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=set(codes.values()))}
        seen: dict[str, int] = {}
        for number, code in codes.items():
            if code not in self.known:
                result.add(number, header, _("{code} is not in the enterprise registry.").format(code=code))
            elif code in seen:
                result.add(number, header, _("Also in row {row}.").format(row=seen[code]))
            seen.setdefault(code, number)


def department_spec(department: str) -> DepartmentSpec:
    """The import template of a department: the credit code and the figures it delivers."""
    labels = {
        "above_scale": _("Above designated size (1/0)"),
        "land_mu": _("Owned land (mu)"),
        "leased_m2": _("Leased plant area (m²)"),
        "tax": _("Tax (10k yuan)"),
        "revenue": _("Operating revenue (10k yuan)"),
        "value_added": _("Industrial value added (10k yuan)"),
        "employees": _("Employees"),
        "energy_tce": _("Energy use (tce)"),
        "emissions_t": _("Main pollutant emissions (t)"),
        "rd": _("R&D expense (10k yuan)"),
    }
    columns: list[xi.Column] = [
        xi.TextColumn("credit_code", _("Unified social credit code"), required=True, max_length=18),
        xi.TextColumn("name", _("Enterprise name")),
    ]
    for name in DEPARTMENT_FIELDS[department]:
        if name == "above_scale":
            columns.append(xi.IntegerColumn(name, labels[name], min_value=0, max_value=1, default=0))
        else:
            signed = name in ("tax", "value_added")
            columns.append(xi.DecimalColumn(name, labels[name], decimal_places=4, min_value=None if signed else 0))
    return DepartmentSpec(columns)


@transaction.atomic
def import_department(actor: Actor, evaluation: EvaluationYear, department: str, upload) -> xi.ImportResult:
    """A department's file: every row or none; every problem reported with its row and column."""
    require(actor, EnterpriseInput, "import")
    evaluation = EvaluationYear.objects.get(pk=evaluation.pk)
    _state(evaluation, *EDITABLE)
    spec = department_spec(department)
    result = spec.read(upload)
    if not result.ok:
        return result
    existing = {i.enterprise_id: i for i in EnterpriseInput.objects.filter(evaluation=evaluation)}
    fields = DEPARTMENT_FIELDS[department]
    new, changed = [], []
    for row in result.rows:
        ent = spec.known[str(row.get("credit_code")).strip().upper()]
        inp = existing.get(ent.pk) or EnterpriseInput(evaluation=evaluation, enterprise=ent)
        for name in fields:
            value = row.values.get(name)
            setattr(inp, name, bool(value) if name == "above_scale" else value)
        inp.status = InputStatus.SUBMITTED
        inp.confirmed_at = None
        inp.updated_at = timezone.now()
        (changed if inp.pk else new).append(inp)
    EnterpriseInput.objects.bulk_create(new)
    EnterpriseInput.objects.bulk_update(changed, [*fields, "status", "confirmed_at", "updated_at"])
    result.created = new + changed
    record(
        actor,
        "landuse_input.import",
        evaluation,
        after={"department": department, "rows": len(result.rows), "new": len(new)},
    )
    return result
