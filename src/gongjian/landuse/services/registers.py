"""The land-use registers beside the evaluation: class policies, exit plans, land plots and their disposal."""

from __future__ import annotations

import datetime as dt
import decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.services import Actor, record, require, snapshot

from ..models import (
    ClassPolicy,
    Disposal,
    ExitPlan,
    LandPlot,
    PlotSurvey,
)


def _save(actor: Actor, model, obj, fields: dict, action: str, allowed: tuple[str, ...]):
    require(actor, model, "change" if obj and obj.pk else "add")
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: {fields}").format(fields=", ".join(sorted(unknown))))
    obj = obj or model()
    before = snapshot(obj) if obj.pk else None
    for k, v in fields.items():
        setattr(obj, k, v)
    obj.full_clean()
    obj.save()
    record(actor, action, obj, before=before, after=snapshot(obj))
    return obj


@transaction.atomic
def save_policy(actor: Actor, policy: ClassPolicy | None = None, **fields) -> ClassPolicy:
    return _save(
        actor,
        ClassPolicy,
        policy,
        fields,
        "landuse_policy.save",
        ("year", "klass", "policy_type", "value", "legal_basis"),
    )


@transaction.atomic
def save_exit_plan(actor: Actor, obj: ExitPlan | None = None, **fields) -> ExitPlan:
    return _save(
        actor,
        ExitPlan,
        obj,
        fields,
        "landuse_exit_plan.save",
        ("evaluation", "enterprise", "plan", "deadline", "status"),
    )


PLOT_FIELDS = (
    "code",
    "area_mu",
    "location",
    "use",
    "owner",
    "agreed_start_on",
    "construction_started_on",
    "developed_percent",
    "invested_percent",
    "stopped_since",
    "idle_plant_m2",
    "low_efficiency_kind",
)


#: What a quarter's survey record keeps of the plot.
SURVEY_FIELDS = (
    "owner",
    "developed_percent",
    "invested_percent",
    "stopped_since",
    "idle_plant_m2",
    "low_efficiency_kind",
)


@transaction.atomic
def save_plot(actor: Actor, plot: LandPlot | None = None, *, surveyed_on: dt.date | None = None, **fields) -> LandPlot:
    """Save the plot and its survey record of the quarter of ``surveyed_on`` (default today): one record per
    quarter, the quarter's later survey replacing the earlier one."""
    plot = _save(actor, LandPlot, plot, fields, "landuse_plot.save", PLOT_FIELDS)
    day = surveyed_on or timezone.localdate()
    values = {f: getattr(plot, f) for f in SURVEY_FIELDS}
    values.update(surveyed_on=day, idle_reason=plot.idle_reason(day) or "")
    survey = PlotSurvey.objects.filter(plot=plot, year=day.year, quarter=(day.month - 1) // 3 + 1).first()
    before = snapshot(survey) if survey else None
    if survey is None:
        survey = PlotSurvey(plot=plot, year=day.year, quarter=(day.month - 1) // 3 + 1)
    elif all(getattr(survey, k) == v for k, v in values.items() if k != "surveyed_on"):
        return plot  # the quarter's record already says the same
    for k, v in values.items():
        setattr(survey, k, v)
    survey.full_clean()
    survey.save()
    record(actor, "landuse_plot.survey", survey, before=before, after=snapshot(survey))
    return plot


DISPOSAL_FIELDS = (
    "plot",
    "method",
    "status",
    "progress",
    "disposed_area_mu",
    "responsible_unit",
    "old_occupant",
    "new_occupant",
    "tax_per_mu_before",
    "tax_per_mu_after",
)


@transaction.atomic
def save_disposal(actor: Actor, disposal: Disposal | None = None, **fields) -> Disposal:
    plot = fields.get("plot") or (disposal.plot if disposal else None)
    area = fields.get("disposed_area_mu")
    if plot is not None and area is not None and decimal.Decimal(area) > plot.area_mu:
        raise ValidationError(
            {"disposed_area_mu": _("More than the plot's area ({area} mu).").format(area=plot.area_mu)}
        )
    return _save(actor, Disposal, disposal, fields, "landuse_disposal.save", DISPOSAL_FIELDS)
