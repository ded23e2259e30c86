"""Every write on campaigns, areas, items, milestones, reports and leader actions.

Each function takes the acting :class:`~gongjian.core.services.Actor`, checks permission and scope, runs in one
transaction, validates the model, and writes the audit record. Views, the API, Excel import and commands call
these functions and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core import registry, uploads
from gongjian.core.models import SYSTEM_ACTOR_NAME, AuditLog
from gongjian.core.services import Actor, assign_fields, record, require, require_object, snapshot
from gongjian.org.choices import RoleChoices
from gongjian.org.models import Unit, User, is_leader

from . import periods
from . import status as item_status
from .choices import ReportStatus
from .models import Area, Campaign, Item, LeaderAction, Milestone, Report, ReportAttachment

__all__ = [
    "ItemRowsInvalid",
    "accept_report",
    "add_milestone",
    "create_area",
    "create_campaign",
    "create_item",
    "create_items_bulk",
    "delete_area",
    "delete_campaign",
    "delete_item",
    "delete_leader_action",
    "delete_milestone",
    "record_leader_action",
    "record_milestone",
    "refresh_item",
    "return_report",
    "submit_report",
    "update_area",
    "update_campaign",
    "update_item",
    "update_milestone",
]

CAMPAIGN_FIELDS = ["name", "year", "start_date", "end_date", "cycle", "grace_days", "description"]
AREA_FIELDS = ["campaign", "number", "title", "plan_text", "leader", "lead_unit"]
ITEM_FIELDS = [
    "area",
    "code",
    "kind",
    "title",
    "description",
    "expected_results",
    "leader",
    "lead_unit",
    "start_date",
    "due_date",
    "weight",
]
MILESTONE_FIELDS = ["title", "planned_date", "actual_date"]


def _today() -> dt.date:
    return timezone.localdate()


def _locked(obj):
    """The object's current row, locked for the transaction.

    Services never trust the instance they are given for the "before" of the audit or for fields they do not
    change: a bound ModelForm has already written the new values on it, and it may be stale.
    """
    return type(obj).objects.select_for_update().get(pk=obj.pk)


# --- campaigns --------------------------------------------------------------------------------------------


@transaction.atomic
def create_campaign(actor: Actor, **data) -> Campaign:
    require(actor, Campaign, "add")
    campaign = Campaign()
    assign_fields(campaign, data, CAMPAIGN_FIELDS)
    campaign.full_clean()
    campaign.save()
    record(actor, "campaign.create", campaign, after=snapshot(campaign))
    return campaign


def _check_campaign_keeps_its_items(campaign: Campaign, old_cycle: str) -> None:
    """A campaign's dates must still hold its items, and its reports were made for periods of its cycle."""
    items = Item.objects.filter(area__campaign=campaign)
    errors: dict[str, str] = {}
    if items.filter(start_date__lt=campaign.start_date).exists():
        errors["start_date"] = _("Some items start before this date; change their dates first.")
    if items.filter(due_date__gt=campaign.end_date).exists():
        errors["end_date"] = _("Some items are due after this date; change their dates first.")
    if campaign.cycle != old_cycle and Report.objects.filter(item__area__campaign=campaign).exists():
        errors["cycle"] = _("The reporting cycle cannot change once reports have been made.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_campaign(actor: Actor, campaign: Campaign, **data) -> Campaign:
    require_object(actor, campaign, "change")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = snapshot(campaign)
    old_cycle = campaign.cycle
    assign_fields(campaign, data, CAMPAIGN_FIELDS)
    campaign.full_clean()
    _check_campaign_keeps_its_items(campaign, old_cycle)
    campaign.save()
    record(actor, "campaign.update", campaign, before=before, after=snapshot(campaign))
    return campaign


@transaction.atomic
def delete_campaign(actor: Actor, campaign: Campaign) -> None:
    require_object(actor, campaign, "delete")
    campaign = _locked(campaign)
    if campaign.areas.exists():
        raise ValidationError(_("A campaign that still has areas cannot be deleted; delete its areas first."))
    record(actor, "campaign.delete", campaign, before=snapshot(campaign))
    campaign.delete()


# --- areas ------------------------------------------------------------------------------------------------


def _check_area_leader(area: Area) -> None:
    if area.leader_id and not is_leader(area.leader):
        raise ValidationError({"leader": _("The responsible leader must hold the leader role.")})


@transaction.atomic
def create_area(actor: Actor, **data) -> Area:
    require(actor, Area, "add")
    area = Area()
    assign_fields(area, data, AREA_FIELDS)
    area.full_clean()
    _check_area_leader(area)
    area.save()
    record(actor, "area.create", area, after=snapshot(area))
    return area


@transaction.atomic
def update_area(actor: Actor, area: Area, **data) -> Area:
    require_object(actor, area, "change")
    area = _locked(area)
    before = snapshot(area)
    data.pop("campaign", None)  # an area never moves to another campaign
    assign_fields(area, data, AREA_FIELDS)
    area.full_clean()
    _check_area_leader(area)
    area.save()
    record(actor, "area.update", area, before=before, after=snapshot(area))
    return area


@transaction.atomic
def delete_area(actor: Actor, area: Area) -> None:
    require_object(actor, area, "delete")
    area = _locked(area)
    if area.items.exists():
        raise ValidationError(_("An area that still has items cannot be deleted; move or delete its items first."))
    before = snapshot(area)
    record(actor, "area.delete", area, before=before)
    area.delete()


# --- items ------------------------------------------------------------------------------------------------


def next_item_code(area: Area) -> str:
    """The next free number in an area: ``<area number>-<two digits>``."""
    codes = area.items.values_list("code", flat=True)
    prefix = f"{area.number}-"
    used = [int(c[len(prefix) :]) for c in codes if c.startswith(prefix) and c[len(prefix) :].isdigit()]
    return f"{prefix}{(max(used) + 1) if used else 1:02d}"


@transaction.atomic
def create_item(actor: Actor, *, co_units: Iterable = (), **data) -> Item:
    require(actor, Item, "add")
    item = Item()
    assign_fields(item, data, ITEM_FIELDS)
    if not item.code and item.area_id:
        item.code = next_item_code(item.area)
    item.full_clean()
    item.save()
    item.co_units.set(list(co_units))
    record(actor, "item.create", item, after=snapshot(item))
    return item


class ItemRowsInvalid(ValidationError):
    """Raised by :func:`create_items_bulk`: ``rows`` maps the index of each invalid row to ``{field: [messages]}``."""

    def __init__(self, rows: dict[int, dict[str, list[str]]]):
        self.rows = rows
        flat = {
            str(i): [m if f == NON_FIELD_ERRORS else f"{f}: {m}" for f, messages in fields.items() for m in messages]
            for i, fields in sorted(rows.items())
        }
        super().__init__(flat)


_ITEM_REFERENCES = ("area", "leader", "lead_unit")


def _numbers_in_use(codes: Iterable[str], prefix: str) -> list[int]:
    return [int(c[len(prefix) :]) for c in codes if c.startswith(prefix) and c[len(prefix) :].isdigit()]


@transaction.atomic
def create_items_bulk(actor: Actor, rows: list[dict[str, Any]]) -> list[Item]:
    """Create many items in one transaction (Excel import): every row is validated before anything is written.

    Each row is a dict of ITEM_FIELDS (the references as model instances) plus ``co_units``. A row without a
    ``code`` is numbered after the highest number in use in its area (existing items and the numbered rows).
    When any row is invalid, :class:`ItemRowsInvalid` lists every problem and nothing is written. Validation
    costs a fixed number of queries whatever the number of rows.
    """
    require(actor, Item, "add")
    require(actor, Item, "import")
    items: list[Item] = []
    co_lists: list[list] = []
    errors: dict[int, dict[str, list[str]]] = {}

    def fail(i: int, field: str, messages: Iterable[str]) -> None:
        errors.setdefault(i, {}).setdefault(field, []).extend(str(m) for m in messages)

    def fail_with(i: int, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for field, messages in exc.message_dict.items():
                fail(i, field, messages)
        else:
            fail(i, NON_FIELD_ERRORS, exc.messages)

    for i, row in enumerate(rows):
        row = dict(row)
        co = list(dict.fromkeys(row.pop("co_units", []) or []))  # a unit named twice is linked once
        item = Item()
        items.append(item)
        co_lists.append(co)
        try:
            assign_fields(item, row, ITEM_FIELDS)
        except ValidationError as exc:
            fail_with(i, exc)
            continue
        item.code = (item.code or "").strip()
        # References are checked below for the whole batch at once; clean_fields would query once per row.
        exclude = [*_ITEM_REFERENCES, *(() if item.code else ("code",))]
        try:
            item.clean_fields(exclude=exclude)
        except ValidationError as exc:
            fail_with(i, exc)
        for name in _ITEM_REFERENCES:
            if getattr(item, f"{name}_id") is None:
                fail(i, name, [_("This field cannot be empty.")])
        try:
            item.clean_dates()
        except ValidationError as exc:
            fail_with(i, exc)

    # References: one query per kind for the whole batch.
    area_numbers = dict(
        Area.objects.filter(pk__in={it.area_id for it in items if it.area_id}).values_list("pk", "number")
    )
    leaders = User.objects.filter(
        pk__in={it.leader_id for it in items if it.leader_id}, groups__name=RoleChoices.LEADER
    )
    leader_ids = set(leaders.values_list("pk", flat=True))
    wanted_units = {it.lead_unit_id for it in items if it.lead_unit_id} | {u.pk for co in co_lists for u in co}
    unit_ids = set(Unit.objects.filter(pk__in=wanted_units).values_list("pk", flat=True))
    for i, (item, co) in enumerate(zip(items, co_lists, strict=True)):
        if item.area_id and item.area_id not in area_numbers:
            fail(i, "area", [_("The area does not exist.")])
        if item.leader_id and item.leader_id not in leader_ids:
            fail(i, "leader", [_("The responsible leader must hold the leader role.")])
        if item.lead_unit_id and item.lead_unit_id not in unit_ids:
            fail(i, "lead_unit", [_("The unit does not exist.")])
        if any(u.pk not in unit_ids for u in co):
            fail(i, "co_units", [_("The unit does not exist.")])

    # Numbers: unique within an area, against existing items and within the batch.
    in_use: dict[int, set[str]] = {}
    for area_id, code in Item.objects.filter(area_id__in=area_numbers).values_list("area_id", "code"):
        in_use.setdefault(area_id, set()).add(code)
    batch: dict[tuple[int, str], int] = {}
    for i, item in enumerate(items):
        if not item.code or not item.area_id:
            continue
        if item.code in in_use.get(item.area_id, ()):
            fail(i, "code", [_("The number {code} is already used in this area.").format(code=item.code)])
        elif (item.area_id, item.code) in batch:
            fail(i, "code", [_("The number {code} is given more than once.").format(code=item.code)])
        else:
            batch[(item.area_id, item.code)] = i
    if errors:
        raise ItemRowsInvalid(errors)

    for area_id, number in area_numbers.items():
        prefix = f"{number}-"
        used = _numbers_in_use([*in_use.get(area_id, ()), *(code for a, code in batch if a == area_id)], prefix)
        following = max(used, default=0) + 1
        for item in items:
            if item.area_id == area_id and not item.code:
                item.code = f"{prefix}{following:02d}"
                following += 1

    created = Item.objects.bulk_create(items, batch_size=500)
    # bulk_create sets primary keys on PostgreSQL and SQLite >= 3.35.
    through = Item.co_units.through
    through.objects.bulk_create(
        [through(item_id=item.pk, unit_id=u.pk) for item, co in zip(created, co_lists, strict=True) for u in co],
        batch_size=1000,
    )
    now = timezone.now()
    item_ct = ContentType.objects.get_for_model(Item)
    area_ct = ContentType.objects.get_for_model(Area)
    user = actor.user if getattr(actor.user, "pk", None) else None
    AuditLog.objects.bulk_create(
        [
            AuditLog(
                at=now,
                actor=user,
                actor_name=user.get_username() if user else SYSTEM_ACTOR_NAME,
                ip=actor.ip,
                source=actor.source,
                action="item.create",
                content_type=item_ct,
                object_id=str(item.pk),
                object_repr=str(item)[:300],
                parent_type=area_ct,
                parent_id=str(item.area_id),
                after={**snapshot(item, ITEM_FIELDS), "co_units": sorted(str(u) for u in co)},
            )
            for item, co in zip(created, co_lists, strict=True)
        ],
        batch_size=500,
    )
    return created


@transaction.atomic
def update_item(actor: Actor, item: Item, *, co_units: Iterable | None = None, **data) -> Item:
    require_object(actor, item, "change")
    item = Item.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item)
    assign_fields(item, data, ITEM_FIELDS)
    item.full_clean()
    item.save()
    if co_units is not None:
        item.co_units.set(list(co_units))
    _refresh(item)
    record(actor, "item.update", item, before=before, after=snapshot(item))
    return item


@transaction.atomic
def delete_item(actor: Actor, item: Item) -> None:
    require_object(actor, item, "delete")
    item = _locked(item)
    if item.reports.filter(status=ReportStatus.ACCEPTED).exists():
        raise ValidationError(_("An item with accepted reports cannot be deleted."))
    before = snapshot(item)
    record(actor, "item.delete", item, before=before)
    item.delete()


DERIVED_FIELDS = ["progress", "milestones_total", "milestones_met", "last_report_period", "completed_on"]


def _refresh(item: Item) -> None:
    """Recompute the derived fields of an item from its milestones and accepted reports.

    Works on the item's current row, locked: a stale instance would otherwise move ``completed_on`` to today.
    The given instance receives the new values too.
    """
    target = item
    item = Item.objects.select_for_update().get(pk=item.pk)
    latest = item.reports.filter(status=ReportStatus.ACCEPTED).order_by("-period_start").values("percent").first()
    item.progress = latest["percent"] if latest else 0
    ms = list(item.milestones.values_list("actual_date", flat=True))
    item.milestones_total = len(ms)
    item.milestones_met = sum(1 for d in ms if d is not None)
    last = item.reports.aggregate(m=Max("period_start"))["m"]
    item.last_report_period = last
    done = item_status.is_complete(latest["percent"] if latest else None, item.milestones_total, item.milestones_met)
    if done and item.completed_on is None:
        item.completed_on = _today()
    elif not done:
        item.completed_on = None
    item.save(update_fields=DERIVED_FIELDS)
    for name in DERIVED_FIELDS:
        setattr(target, name, getattr(item, name))


def refresh_item(item: Item) -> None:
    """Public for commands that repair derived values; writes no audit record (nothing a user changed)."""
    with transaction.atomic():
        _refresh(item)


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
    return report


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
