"""Writes on progress: milestones, reports (submit, accept, return) and leader actions."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core import registry, uploads
from gongjian.core.services import Actor, assign_fields, record, require, require_object, snapshot

from .. import periods
from ..choices import ReportStatus
from ..models import Item, LeaderAction, Milestone, Report, ReportAttachment
from .common import MILESTONE_FIELDS, _locked, _today
from .plan import _refresh

# --- milestones -------------------------------------------------------------------------------------------


def _check_actual_date(actual_date: dt.date | None) -> None:
    if actual_date is not None and actual_date > _today():
        raise ValidationError({"actual_date": _("The actual date cannot be in the future.")})


def _validate_evidence(ms: Milestone, evidence: UploadedFile | None) -> None:
    if evidence is not None:
        uploads.validate_upload(evidence)
        ms.evidence_name = evidence.name[:255]


def _store_evidence(ms: Milestone, evidence: UploadedFile | None) -> None:
    """Write the file only once everything else is valid: a refused change must leave no file behind."""
    if evidence is not None:
        ms.evidence.save(uploads.safe_storage_name(evidence.name), evidence, save=False)


@transaction.atomic
def add_milestone(actor: Actor, item: Item, *, evidence: UploadedFile | None = None, **data) -> Milestone:
    require_object(actor, item, "change")
    require(actor, Milestone, "add")
    ms = Milestone(item=item)
    assign_fields(ms, data, MILESTONE_FIELDS)
    _check_actual_date(ms.actual_date)
    _validate_evidence(ms, evidence)
    ms.full_clean()
    _store_evidence(ms, evidence)
    ms.save()
    _refresh(item)
    record(actor, "milestone.create", ms, after=snapshot(ms))
    return ms


@transaction.atomic
def update_milestone(actor: Actor, ms: Milestone, **data) -> Milestone:
    """Change a milestone's title and dates (督查)."""
    require_object(actor, ms, "change")
    ms = _locked(ms)
    before = snapshot(ms)
    assign_fields(ms, data, MILESTONE_FIELDS)
    _check_actual_date(ms.actual_date)
    ms.full_clean()
    ms.save()
    _refresh(ms.item)
    record(actor, "milestone.update", ms, before=before, after=snapshot(ms))
    return ms


@transaction.atomic
def record_milestone(
    actor: Actor, ms: Milestone, *, actual_date: dt.date | None, evidence: UploadedFile | None = None
) -> Milestone:
    """Record that a milestone was met (the unit's clerk): actual date and an evidence file."""
    require_object(actor, ms, "complete")
    _check_actual_date(actual_date)
    ms = _locked(ms)
    before = snapshot(ms)
    ms.actual_date = actual_date
    _validate_evidence(ms, evidence)
    ms.full_clean()
    _store_evidence(ms, evidence)
    ms.save()
    _refresh(ms.item)
    record(actor, "milestone.record", ms, before=before, after=snapshot(ms))
    return ms


@transaction.atomic
def delete_milestone(actor: Actor, ms: Milestone) -> None:
    require_object(actor, ms, "delete")
    ms = _locked(ms)
    item = ms.item
    record(actor, "milestone.delete", ms, before=snapshot(ms))
    ms.delete()
    _refresh(item)


# --- reports ----------------------------------------------------------------------------------------------


def reportable_periods(item: Item, today: dt.date | None = None) -> list[periods.Period]:
    """The periods a unit may report on now: from the item's start to the current period (never the future),
    and never past the period of the item's due date. Late reports for past periods remain possible."""
    today = today or _today()
    last = min(today, item.due_date)
    return periods.periods_between(item.start_date, last, item.area.campaign.cycle)


def _check_percent(item: Item, period_start: dt.date, percent: int) -> None:
    """Accepted progress never goes back: not below an earlier period's accepted percent, not above a later's."""
    accepted = item.reports.filter(status=ReportStatus.ACCEPTED)
    bounds = accepted.aggregate(
        floor=Max("percent", filter=Q(period_start__lt=period_start)),
        ceiling=Min("percent", filter=Q(period_start__gt=period_start)),
    )
    if bounds["floor"] is not None and percent < bounds["floor"]:
        message = _("Progress cannot go back below the last accepted {previous}%.").format(previous=bounds["floor"])
        raise ValidationError({"percent": message})
    if bounds["ceiling"] is not None and percent > bounds["ceiling"]:
        message = _("Progress cannot be more than the {later}% already accepted for a later period.").format(
            later=bounds["ceiling"]
        )
        raise ValidationError({"percent": message})


def _locked_report(report: Report) -> Report:
    """Lock the item, then the report: the order submit_report takes them in, so reviews cannot deadlock it."""
    item = Item.objects.select_for_update().get(pk=Report.objects.values_list("item_id", flat=True).get(pk=report.pk))
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.item = item
    return report


def _check_reviewer(actor: Actor, report: Report) -> None:
    if report.submitted_by_id == getattr(actor.user, "pk", None):
        raise PermissionDenied("a report cannot be reviewed by its author")


@transaction.atomic
def submit_report(
    actor: Actor,
    item: Item,
    *,
    period_start: dt.date,
    percent: int,
    narrative: str,
    problems: str = "",
    next_steps: str = "",
    attachments: Iterable[UploadedFile] = (),
) -> Report:
    """Submit (or resubmit after a return, or correct before review) the report of ``item`` for a period."""
    require_object(actor, item, "report")
    require(actor, Report, "add")
    item = Item.objects.select_for_update().select_related("area__campaign").get(pk=item.pk)
    campaign = item.area.campaign
    period = periods.period_containing(period_start, campaign.cycle)
    allowed = {p.start for p in reportable_periods(item)}
    if period.start not in allowed:
        raise ValidationError({"period_start": _("No report can be made for this period on this item.")})
    if not narrative or not narrative.strip():
        raise ValidationError({"narrative": _("Describe the progress made.")})
    now = timezone.now()
    existing = Report.objects.select_for_update().filter(item=item, period_start=period.start).first()
    if existing is not None and existing.status == ReportStatus.ACCEPTED:
        raise ValidationError(_("The report for this period has been accepted and can no longer be changed."))
    report = existing or Report(item=item, period_start=period.start, first_submitted_at=now)
    before = snapshot(report) if existing else None
    report.percent = percent
    report.narrative = narrative.strip()
    report.problems = problems.strip()
    report.next_steps = next_steps.strip()
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = actor.user
    report.submitted_at = now
    report.reviewed_by = None
    report.reviewed_at = None
    if existing is not None:
        report.revision += 1
    # Lateness is judged by the first submission: a returned report resubmitted later is not made late by it.
    report.is_late = timezone.localtime(report.first_submitted_at).date() > periods.deadline(
        period, campaign.grace_days
    )
    report.full_clean(validate_constraints=False)
    _check_percent(item, period.start, percent)
    attachments = list(attachments)
    for f in attachments:  # every file is checked before anything is stored
        uploads.validate_upload(f)
    report.save()
    for f in attachments:
        att = ReportAttachment(report=report, name=f.name[:255], size=f.size)
        att.file.save(uploads.safe_storage_name(f.name), f, save=False)
        att.save()
    _refresh(item)
    action = "report.submit" if existing is None else "report.resubmit"
    record(actor, action, report, before=before, after=snapshot(report))
    return report


@transaction.atomic
def accept_report(actor: Actor, report: Report) -> Report:
    require_object(actor, report, "review")
    report = _locked_report(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."))
    _check_reviewer(actor, report)
    # Other periods may have been accepted since this one was submitted.
    _check_percent(report.item, report.period_start, report.percent)
    before = snapshot(report)
    report.status = ReportStatus.ACCEPTED
    report.reviewed_by = actor.user
    report.reviewed_at = timezone.now()
    report.return_reason = ""
    report.save()
    _refresh(report.item)
    record(actor, "report.accept", report, before=before, after=snapshot(report))
    registry.recolour([report.item], _today())  # the item's colour and its roll-ups at once, not tomorrow
    registry.emit_outbound(registry.OUTBOUND_REPORT_ACCEPTED, [_accepted_payload(report)])
    return report


def _accepted_payload(report: Report) -> dict:
    """What a webhook subscriber learns of an accepted report (words and ids)."""
    item = report.item
    return {
        "object_type": "campaigns.report",
        "object_id": report.pk,
        "name": str(item),
        "item_id": item.pk,
        "item_code": item.code,
        "period_start": report.period_start.isoformat(),
        "percent": float(report.percent) if report.percent is not None else None,
        "unit_id": item.lead_unit_id,
        "accepted_by": str(report.reviewed_by),
        "accepted_at": timezone.localtime(report.reviewed_at).isoformat(timespec="seconds"),
    }


@transaction.atomic
def return_report(actor: Actor, report: Report, *, reason: str) -> Report:
    require_object(actor, report, "review")
    report = _locked_report(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    _check_reviewer(actor, report)
    if not reason or not reason.strip():
        raise ValidationError({"return_reason": _("Give the reason for returning the report.")})
    before = snapshot(report)
    report.status = ReportStatus.RETURNED
    report.reviewed_by = actor.user
    report.reviewed_at = timezone.now()
    report.return_reason = reason.strip()
    report.save()
    _refresh(report.item)
    record(actor, "report.return", report, before=before, after=snapshot(report))
    return report


# --- leader actions ---------------------------------------------------------------------------------------


@transaction.atomic
def record_leader_action(actor: Actor, item: Item, *, leader, date: dt.date, kind: str, note: str) -> LeaderAction:
    require_object(actor, item, "view")
    require(actor, LeaderAction, "add")
    action = LeaderAction(item=item, leader=leader, date=date, kind=kind, note=(note or "").strip())
    if date and date > _today():
        raise ValidationError({"date": _("A leader action cannot be dated in the future.")})
    action.full_clean()
    action.save()
    record(actor, "leader_action.create", action, after=snapshot(action))
    return action


@transaction.atomic
def delete_leader_action(actor: Actor, action: LeaderAction) -> None:
    require_object(actor, action, "delete")
    action = _locked(action)
    record(actor, "leader_action.delete", action, before=snapshot(action))
    action.delete()
