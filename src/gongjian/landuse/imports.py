"""The 闲置 survey (闲置摸排) as a workbook: one row per land plot, matched by its code; all rows or none.

A known plot gets the surveyed facts, a new code adds a plot; plots the file does not list are kept. Every row
goes through ``services.save_plot`` (its checks and audit record), in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongjian.core.services import Actor, record
from gongjian.core.xlsx_import import (
    ChoiceColumn,
    DateColumn,
    DecimalColumn,
    ImportResult,
    ImportSpec,
    Lookup,
    LookupColumn,
    TextColumn,
    template_bytes,
)
from gongjian.enterprises.models import Enterprise

from . import services
from .choices import LowEfficiencyKind
from .models import LandPlot

__all__ = ["PlotSpec", "import_plots", "plot_template_bytes"]

KIND_SYNONYMS = {
    "批而未供": LowEfficiencyKind.APPROVED_NOT_SUPPLIED,
    "供而未用": LowEfficiencyKind.SUPPLIED_NOT_USED,
    "用而未尽": LowEfficiencyKind.USED_NOT_FULLY,
    "建而未投": LowEfficiencyKind.BUILT_NOT_PRODUCING,
    "投而未达标": LowEfficiencyKind.PRODUCING_BELOW_STANDARD,
}


class PlotSpec(ImportSpec):
    sheet_name = "闲置摸排"

    def __init__(self, enterprises: Lookup | None = None):
        enterprises = enterprises or Lookup([])
        percent = {"min_value": 0, "max_value": 100, "max_digits": 5, "decimal_places": 1, "unit": "%"}
        self.columns = [
            TextColumn("code", _("Plot code"), required=True, max_length=40, aliases=["地块编号", "宗地编号"]),
            DecimalColumn(
                "area_mu", _("Area (mu)"), required=True, min_value=0, max_digits=12, decimal_places=2, unit="亩"
            ),
            TextColumn("location", _("Location"), max_length=200, aliases=["坐落", "位置"]),
            TextColumn("use", _("Current use"), max_length=60, aliases=["现状用途"]),
            LookupColumn(
                "owner",
                _("Occupant enterprise"),
                lookup=enterprises,
                aliases=["占用企业", "使用权人"],
                help=_("Its unified social credit code or its registered name; empty when none."),
            ),
            DateColumn("agreed_start_on", _("Agreed construction start")),
            DateColumn("construction_started_on", _("Construction started")),
            DecimalColumn("developed_percent", _("Developed area (percent of required)"), **percent),
            DecimalColumn("invested_percent", _("Investment (percent of total)"), **percent),
            DateColumn("stopped_since", _("Work stopped since"), aliases=["停工日期", "停产日期"]),
            DecimalColumn(
                "idle_plant_m2", _("Idle plant (m²)"), min_value=0, max_digits=12, decimal_places=1, unit="㎡"
            ),
            ChoiceColumn(
                "low_efficiency_kind",
                _("Low-efficiency kind (五类低效用地)"),
                choices=LowEfficiencyKind.choices,
                synonyms=KIND_SYNONYMS,
                shown=list(KIND_SYNONYMS),
                default="",
            ),
        ]
        super().__init__()

    def clean_rows(self, rows, result: ImportResult) -> None:
        seen: dict[str, int] = {}
        for row in rows:
            code = (row.values.get("code") or "").strip()
            if code and code in seen:
                result.add(row.number, self.header("code"), _("Also in row {row}.").format(row=seen[code]))
            seen.setdefault(code, row.number)


def _enterprises(user) -> Lookup:
    return Lookup(
        Enterprise.objects.restrict(user, "view").only("pk", "credit_code", "name"),
        lambda e: e.credit_code,
        lambda e: e.name,
        unknown=_("“{value}” is not in the enterprise registry."),
    )


def plot_template_bytes() -> bytes:
    example = {
        "code": "DZ-2026-001",
        "area_mu": 56,
        "location": "天衢工业园纬三路北",
        "use": "工业",
        "agreed_start_on": dt.date(2024, 3, 1),
        "developed_percent": 30,
        "idle_plant_m2": 1200,
        "low_efficiency_kind": "用而未尽",
    }
    notes = [_("Plots are matched by their code: a known code updates the plot, a new code adds one.")]
    return template_bytes(PlotSpec(), example, notes)


def import_plots(actor: Actor, upload) -> ImportResult:
    """Read the survey and, when every row is good, save every plot in one transaction."""
    spec = PlotSpec(_enterprises(actor.user))
    result = spec.read(upload)
    if not result.ok:
        return result
    existing = {p.code: p for p in LandPlot.objects.filter(code__in=[r.values["code"] for r in result.rows])}
    try:
        with transaction.atomic():
            for row in result.rows:
                fields = {c.key: row.values.get(c.key) for c in spec.columns if c.key != "code"}
                fields["location"] = fields["location"] or ""
                fields["use"] = fields["use"] or ""
                fields["low_efficiency_kind"] = fields["low_efficiency_kind"] or ""
                plot = existing.get(row.values["code"])
                try:
                    saved = services.save_plot(actor, plot, **({} if plot else {"code": row.values["code"]}), **fields)
                except ValidationError as exc:
                    for field, messages in getattr(exc, "message_dict", {"": exc.messages}).items():
                        column = next((c.header for c in spec.columns if c.key == field), "")
                        for message in messages:
                            result.add(row.number, column, message)
                    continue
                result.created.append(saved)
            if not result.ok:
                raise ValidationError("refused")
            record(
                actor,
                "landuse_plot.import",
                None,
                after={"file": getattr(upload, "name", ""), "rows": len(result.rows)},
            )
    except ValidationError:
        result.created = []
        spec.sort_errors(result)
    return result
