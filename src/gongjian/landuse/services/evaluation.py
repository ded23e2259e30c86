"""The evaluation year and its workflow: creation, inputs, review, confirmation, calculation, publicity, appeals,
publication and new versions (see the package docstring for the states)."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core import progress
from gongjian.core.services import Actor, record, require, snapshot
from gongjian.core.uploads import safe_storage_name, validate_upload
from gongjian.enterprises.models import Enterprise, EnterpriseYearStatus

from .. import engine
from ..choices import (
    AppealStatus,
    Department,
    EvaluationStatus,
    InputStatus,
)
from ..models import (
    INPUT_FIGURES,
    Appeal,
    EnterpriseInput,
    EvaluationResult,
    EvaluationRun,
    EvaluationYear,
)
from ..rules import RulesError, parse_rules

S = EvaluationStatus

#: The figures each department delivers (its import template's columns).
DEPARTMENT_FIELDS: dict[str, tuple[str, ...]] = {
    Department.TAX: ("tax",),
    Department.LAND: ("land_mu", "leased_m2"),
    Department.STATISTICS: ("above_scale", "revenue", "value_added", "employees"),
    Department.ENERGY: ("energy_tce",),
    Department.ENVIRONMENT: ("emissions_t",),
    Department.SCIENCE: ("rd",),
}
EDITABLE = (S.COLLECTING, S.REVIEWING, S.CONFIRMING, S.CALCULATED, S.PUBLICITY)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The last day of a window of ``days`` working days (Monday–Friday) that begins on ``start``."""
    day, left = start, days
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    left -= 1
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def _rules_json(raw: Any) -> dict:
    if raw in (None, "", {}):
        return {}
    try:
        return parse_rules(raw).as_dict()
    except RulesError as exc:
        from ..texts import rules_error_lines

        raise ValidationError({"rules": rules_error_lines(exc)}) from None


def _state(evaluation: EvaluationYear, *allowed: str) -> None:
    if evaluation.status not in allowed:
        raise ValidationError(
            _("Not possible while the evaluation is “{status}”.").format(status=evaluation.get_status_display())
        )


@transaction.atomic
def create_evaluation(actor: Actor, *, year: int, district_name: str = "全区", parks=(), rules=None, **extra):
    require(actor, EvaluationYear, "add")
    if EvaluationYear.objects.filter(year=year).exists():
        raise ValidationError({"year": _("There is already an evaluation for {year}.").format(year=year)})
    ev = EvaluationYear(
        year=year,
        district_name=district_name or "全区",
        parks=[p for p in parks if p],
        rules=_rules_json(rules),
        publicity_days=extra.get("publicity_days", 5),
    )
    ev.full_clean()
    ev.save()
    record(actor, "landuse_evaluation.create", ev, after=snapshot(ev))
    return ev


@transaction.atomic
def update_evaluation(actor: Actor, evaluation: EvaluationYear, **fields):
    """Units, rules and the 公示 length; not once published (open a new version), nor during the 公示."""
    require(actor, EvaluationYear, "change")
    evaluation = EvaluationYear.objects.select_for_update().get(pk=evaluation.pk)
    _state(evaluation, S.COLLECTING, S.REVIEWING, S.CONFIRMING, S.CALCULATED)
    before = snapshot(evaluation)
    for name in ("district_name", "publicity_days"):
        if name in fields:
            setattr(evaluation, name, fields[name])
    if "parks" in fields:
        evaluation.parks = [p for p in fields["parks"] if p]
    if "rules" in fields:
        evaluation.rules = _rules_json(fields["rules"])
    evaluation.full_clean()
    evaluation.save()
    record(actor, "landuse_evaluation.update", evaluation, before=before, after=snapshot(evaluation))
    return evaluation


def _clean_figures(figures: dict[str, Any]) -> dict[str, Any]:
    out, errors = {}, {}
    for name, value in figures.items():
        if name in ("above_scale", "exempt"):
            out[name] = bool(value)
            continue
        if name not in INPUT_FIGURES:
            raise ValidationError(_("Unknown fields: {fields}").format(fields=name))
        if value in (None, ""):
            out[name] = None
            continue
        try:
            d = decimal.Decimal(str(value))
        except decimal.InvalidOperation:
            errors[name] = _("Enter a number.")
            continue
        if not d.is_finite():
            errors[name] = _("Enter a number.")
        elif d < 0 and name not in ("tax", "value_added"):
            errors[name] = _("Must not be negative.")
        else:
            out[name] = d
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def set_input(actor: Actor, evaluation: EvaluationYear, enterprise: Enterprise, **figures) -> EnterpriseInput:
    """Record (part of) an enterprise's figures for the year; a changed row goes back to "submitted"."""
    require(actor, EnterpriseInput, "change")
    evaluation = EvaluationYear.objects.get(pk=evaluation.pk)
    _state(evaluation, *EDITABLE)
    clean = _clean_figures(figures)
    inp, created = EnterpriseInput.objects.get_or_create(evaluation=evaluation, enterprise=enterprise)
    before = None if created else snapshot(inp)
    for k, v in clean.items():
        setattr(inp, k, v)
    inp.status = InputStatus.SUBMITTED
    inp.confirmed_at = None
    inp.save()
    record(actor, "landuse_input.set", inp, before=before, after=snapshot(inp))
    return inp


@transaction.atomic
def review(actor: Actor, evaluation: EvaluationYear) -> EvaluationYear:
    """Collection closed → department review; review done → enterprise confirmation (inputs marked reviewed)."""
    require(actor, EnterpriseInput, "review")
    evaluation = EvaluationYear.objects.select_for_update().get(pk=evaluation.pk)
    _state(evaluation, S.COLLECTING, S.REVIEWING)
    before = evaluation.status
    if evaluation.status == S.COLLECTING:
        evaluation.status = S.REVIEWING
    else:
        EnterpriseInput.objects.filter(evaluation=evaluation, status=InputStatus.SUBMITTED).update(
            status=InputStatus.REVIEWED
        )
        evaluation.status = S.CONFIRMING
    evaluation.save(update_fields=["status", "updated_at"])
    record(
        actor, "landuse_evaluation.review", evaluation, before={"status": before}, after={"status": evaluation.status}
    )
    return evaluation


start_confirmation = review


@transaction.atomic
def confirm_input(actor: Actor, inp: EnterpriseInput) -> EnterpriseInput:
    """The enterprise confirms its reviewed figures (recorded by the staff member who received the confirmation)."""
    require(actor, EnterpriseInput, "confirm")
    inp = EnterpriseInput.objects.select_related("evaluation").get(pk=inp.pk)
    _state(inp.evaluation, S.CONFIRMING, S.CALCULATED, S.PUBLICITY)
    if inp.status != InputStatus.REVIEWED:
        raise ValidationError(_("Only figures reviewed by the departments can be confirmed."))
    inp.status = InputStatus.CONFIRMED
    inp.confirmed_at = timezone.now()
    inp.save(update_fields=["status", "confirmed_at", "updated_at"])
    record(actor, "landuse_input.confirm", inp, after={"status": inp.status})
    return inp


def _f(v) -> float:
    return np.nan if v is None else float(v)


def table_of(evaluation: EvaluationYear, inputs: list[EnterpriseInput]) -> dict[str, np.ndarray]:
    """The engine's table from stored inputs and the registry (industry, production start, park).

    规上 status: the registry's status for the year (EnterpriseYearStatus) where it has one, else the input's.
    """
    ents = [i.enterprise for i in inputs]
    registry = dict(
        EnterpriseYearStatus.objects.filter(year=evaluation.year, enterprise__in=ents).values_list(
            "enterprise_id", "is_above_scale"
        )
    )
    table = {
        "credit_code": np.array([e.credit_code for e in ents], dtype="U18"),
        "unit": np.array([evaluation.unit_of(e.park) for e in ents], dtype=object).astype(str),
        "above_scale": np.array([registry.get(i.enterprise_id, i.above_scale) for i in inputs], dtype=bool),
        "division": np.array(
            [int(e.industry_code[:2]) if (e.industry_code or "")[:2].isdigit() else -1 for e in ents], dtype=np.int16
        ),
        "production_started": np.array([e.production_started_on or "NaT" for e in ents], dtype="datetime64[D]"),
        "exempt": np.array([i.exempt for i in inputs], dtype=bool),
    }
    for name in INPUT_FIGURES:
        table[name] = np.array([_f(getattr(i, name)) for i in inputs], dtype=np.float64)
    return table


def _dec(x, places: int = 4):
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else round(decimal.Decimal(float(x)), places)


@transaction.atomic
def calculate(actor: Actor, evaluation: EvaluationYear) -> EvaluationRun:
    """Run the engine over the year's inputs and store every result in a new run (the current one)."""
    require(actor, EvaluationYear, "calculate")
    evaluation = EvaluationYear.objects.select_for_update().get(pk=evaluation.pk)
    _state(evaluation, S.CONFIRMING, S.CALCULATED, S.PUBLICITY)
    rules = evaluation.rules_object()
    inputs = list(evaluation.inputs.select_related("enterprise").order_by("enterprise__credit_code"))
    if not inputs:
        raise ValidationError(_("There are no enterprise figures to evaluate."))
    ev = engine.evaluate(table_of(evaluation, inputs), evaluation.year, rules)
    tax_j = ev.indicators.index("tax_per_mu") if "tax_per_mu" in ev.indicators else None
    last = evaluation.runs.order_by("-number").first()
    evaluation.runs.filter(is_current=True).update(is_current=False)
    counts: dict[str, dict[str, int]] = {}
    run = EvaluationRun.objects.create(
        evaluation=evaluation,
        number=(last.number + 1) if last else 1,
        version=evaluation.version,
        rules=rules.as_dict(),
        by=actor.user if getattr(actor.user, "pk", None) else None,
    )
    results = []
    progress.report(0, len(inputs))  # a job's bar: enterprises explained and stored
    for i, inp in enumerate(inputs):
        if i and not i % 500:
            progress.report(i)
        detail = engine.explain(ev, i, rules)
        klass = ev.class_of(i)
        group = engine.GROUP_CODES[int(ev.group[i])]
        unit = str(ev.units[ev.unit_code[i]])
        if klass:
            counts.setdefault(f"{unit}|{group}", {}).setdefault(klass, 0)
            counts[f"{unit}|{group}"][klass] += 1
        results.append(
            EvaluationResult(
                run=run,
                enterprise=inp.enterprise,
                unit_name=unit,
                group=group,
                status=engine.STATUS_CODES[int(ev.status[i])],
                reasons=detail["reasons"],
                land_mu=_dec(ev.land[i]),
                tax_per_mu=_dec(ev.values[tax_j, i]) if tax_j is not None else None,
                total=_dec(ev.total[i]),
                rank=int(ev.rank[i]) or None,
                rated=int(ev.rated_count[i]) or None,
                klass=klass,
                gap=_dec(ev.gap[i]),
                detail=detail,
            )
        )
    EvaluationResult.objects.bulk_create(results, batch_size=2000)
    run.counts = counts
    run.save(update_fields=["counts"])
    if evaluation.status == S.CONFIRMING:
        evaluation.status = S.CALCULATED
        evaluation.save(update_fields=["status", "updated_at"])
    record(actor, "landuse_evaluation.calculate", evaluation, after={"run": run.number, "results": len(results)})
    return run


@transaction.atomic
def start_publicity(actor: Actor, evaluation: EvaluationYear, start: dt.date | None = None) -> EvaluationYear:
    require(actor, EvaluationYear, "calculate")
    evaluation = EvaluationYear.objects.select_for_update().get(pk=evaluation.pk)
    _state(evaluation, S.CALCULATED)
    start = start or timezone.localdate()
    evaluation.status = S.PUBLICITY
    evaluation.publicity_start = start
    evaluation.publicity_end = add_working_days(start, evaluation.publicity_days)
    evaluation.save(update_fields=["status", "publicity_start", "publicity_end", "updated_at"])
    record(
        actor,
        "landuse_evaluation.publicity",
        evaluation,
        after={"from": start.isoformat(), "until": evaluation.publicity_end.isoformat()},
    )
    return evaluation


@transaction.atomic
def file_appeal(
    actor: Actor,
    evaluation: EvaluationYear,
    enterprise: Enterprise,
    reason: str,
    attachment=None,
    today: dt.date | None = None,
):
    """An objection during the 公示, with its reason and (optionally) evidence."""
    require(actor, Appeal, "add")
    evaluation = EvaluationYear.objects.get(pk=evaluation.pk)
    _state(evaluation, S.PUBLICITY)
    today = today or timezone.localdate()
    if evaluation.publicity_end and today > evaluation.publicity_end:
        raise ValidationError(_("The public notice ended on {day}.").format(day=evaluation.publicity_end))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the appeal.")})
    if not EvaluationResult.objects.filter(run__evaluation=evaluation, run__is_current=True, enterprise=enterprise):
        raise ValidationError({"enterprise": _("This enterprise has no result in this evaluation.")})
    appeal = Appeal(evaluation=evaluation, enterprise=enterprise, reason=reason.strip())
    if attachment is not None:
        validate_upload(attachment)
        attachment.name = safe_storage_name(attachment.name)
        appeal.attachment = attachment
    appeal.save()
    record(actor, "landuse_appeal.file", appeal, after=snapshot(appeal, ["enterprise", "reason", "attachment"]))
    return appeal


@transaction.atomic
def decide_appeal(actor: Actor, appeal: Appeal, *, upheld: bool, decision: str) -> Appeal:
    """Decide an open appeal. An upheld appeal means corrected figures and a new calculation (``calculate``)."""
    require(actor, Appeal, "decide")
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != AppealStatus.OPEN:
        raise ValidationError(_("This appeal has been decided already."))
    if not (decision or "").strip():
        raise ValidationError({"decision": _("Write down the decision.")})
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    appeal.decision = decision.strip()
    appeal.decided_at = timezone.now()
    appeal.save(update_fields=["status", "decision", "decided_at", "updated_at"])
    record(actor, "landuse_appeal.decide", appeal, after={"status": appeal.status, "decision": appeal.decision})
    return appeal


@transaction.atomic
def publish(actor: Actor, evaluation: EvaluationYear, today: dt.date | None = None) -> EvaluationYear:
    """公布: after the 公示 window, with every appeal decided; the current run is locked as this version."""
    require(actor, EvaluationYear, "publish")
    evaluation = EvaluationYear.objects.select_for_update().get(pk=evaluation.pk)
    _state(evaluation, S.PUBLICITY)
    today = today or timezone.localdate()
    if evaluation.publicity_end and today <= evaluation.publicity_end:
        raise ValidationError(
            _("The public notice runs until {day}; publish after it.").format(day=evaluation.publicity_end)
        )
    if evaluation.appeals.filter(status=AppealStatus.OPEN).exists():
        raise ValidationError(_("Decide every appeal before publishing."))
    run = evaluation.current_run()
    if run is None:
        raise ValidationError(_("There are no results to publish."))
    run.published = True
    run.save(update_fields=["published"])
    evaluation.status = S.PUBLISHED
    evaluation.published_at = timezone.now()
    evaluation.save(update_fields=["status", "published_at", "updated_at"])
    record(actor, "landuse_evaluation.publish", evaluation, after={"version": evaluation.version, "run": run.number})
    return evaluation


@transaction.atomic
def new_version(actor: Actor, evaluation: EvaluationYear, reason: str) -> EvaluationYear:
    """A change after publication: a new version goes back to confirmation; the published run is kept."""
    require(actor, EvaluationYear, "publish")
    evaluation = EvaluationYear.objects.select_for_update().get(pk=evaluation.pk)
    _state(evaluation, S.PUBLISHED)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the published results must change.")})
    evaluation.version += 1
    evaluation.status = S.CONFIRMING
    evaluation.publicity_start = evaluation.publicity_end = None
    evaluation.save(update_fields=["version", "status", "publicity_start", "publicity_end", "updated_at"])
    record(actor, "landuse_evaluation.new_version", evaluation, after={"version": evaluation.version, "reason": reason})
    return evaluation
