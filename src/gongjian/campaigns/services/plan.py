"""Writes on the plan: campaigns, areas and items (one by one and in bulk), and the fields derived from progress."""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.models import SYSTEM_ACTOR_NAME, AuditLog
from gongjian.core.services import Actor, assign_fields, record, require, require_object, snapshot
from gongjian.org.choices import RoleChoices
from gongjian.org.models import Unit, User, is_leader

from .. import figures, hooks
from .. import status as item_status
from ..choices import ReportStatus
from ..models import Area, Campaign, Item, Report
from .common import AREA_FIELDS, CAMPAIGN_FIELDS, ITEM_FIELDS, _locked, _today

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
    after = snapshot(campaign)
    record(actor, "campaign.update", campaign, before=before, after=after)
    if campaign.cycle != old_cycle:  # the items' reporting periods, hence their lights
        figures.refresh(Item.objects.filter(area__campaign=campaign).values_list("pk", flat=True))
    hooks.campaign_changed(campaign, {f for f in CAMPAIGN_FIELDS if before.get(f) != after.get(f)})
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
    figures.refresh([item])
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
    figures.refresh(created)
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
    figures.refresh([item])  # its light, from the fields just derived


def refresh_item(item: Item) -> None:
    """Public for commands that repair derived values; writes no audit record (nothing a user changed)."""
    with transaction.atomic():
        _refresh(item)
