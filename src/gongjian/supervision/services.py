"""Every write of the supervision app: 督办 (issue, reply, close), the campaign rules, group robots, the inbox.

Each function takes the acting :class:`~gongjian.core.services.Actor`, checks permission and scope, runs in
one transaction and writes the audit record. Notifications of a new 督办 are queued in the same transaction
and sent after it commits.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core import uploads
from gongjian.core.services import Actor, record, require, require_object, snapshot
from gongjian.indicators import rules as r

from . import events, notify, scoring, signing
from .choices import OUTBOUND_EVENTS, Channel, DeliveryStatus, SupervisionKind, SupervisionOrigin, SupervisionStatus
from .models import (
    CampaignRules,
    ColourRecord,
    Delivery,
    Notification,
    Supervision,
    SupervisionReply,
    UnitWebhook,
    WebhookSubscription,
)

__all__ = [
    "close_supervision",
    "create_subscription",
    "create_webhook",
    "issue_supervision",
    "mark_all_read",
    "mark_read",
    "reply_supervision",
    "resend_delivery",
    "rotate_secret",
    "save_campaign_rules",
    "send_test_message",
    "update_subscription",
    "update_webhook",
]


def _today() -> dt.date:
    return timezone.localdate()


def _send_after_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(lambda: notify.send_pending(ids))


# --- 督办 ---------------------------------------------------------------------------------------------------


@transaction.atomic
def issue_supervision(
    actor: Actor, target, *, kind: str, requirement: str, reply_by: dt.date, today: dt.date | None = None
) -> Supervision:
    """Issue a 督办单 or 督办函 on a red or yellow object, addressed to the object's lead unit."""
    require(actor, Supervision, "add")
    today = today or _today()
    if kind not in (SupervisionKind.ORDER, SupervisionKind.LETTER):
        raise ValidationError({"kind": _("Choose a supervision order or a supervision letter.")})
    if not (requirement or "").strip():
        raise ValidationError({"requirement": _("Say why, and what the unit must do.")})
    if reply_by is None or reply_by < today:
        raise ValidationError({"reply_by": _("The reply date must not be before today.")})
    ct = ContentType.objects.get_for_model(target, for_concrete_model=False)
    current = ColourRecord.objects.filter(content_type=ct, object_id=target.pk, current=True).first()
    if current is None or current.colour not in (r.RED, r.YELLOW):
        raise ValidationError(_("Only a red or yellow object can be supervised."))
    if current.unit_id is None:
        raise ValidationError(_("The object has no lead unit to address the supervision to."))
    supervision = Supervision.objects.create(
        kind=kind,
        origin=SupervisionOrigin.MANUAL,
        content_type=ct,
        object_id=target.pk,
        object_repr=str(target)[:300],
        colour=current.colour,
        requirement=requirement.strip(),
        unit_id=current.unit_id,
        leader_id=current.leader_id,
        campaign_id=current.campaign_id,
        issued_by=actor.user,
        issued_on=today,
        reply_by=reply_by,
        record=current,
    )
    record(actor, "supervision.issue", supervision, after=snapshot(supervision))
    before = set(_pending_ids())
    notify.queue(events.supervision_messages([supervision], digest=False), today)
    _send_after_commit([pk for pk in _pending_ids() if pk not in before])
    return supervision


def _pending_ids() -> list[int]:
    from .choices import DeliveryStatus
    from .models import Delivery

    return list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True))


@transaction.atomic
def reply_supervision(actor: Actor, supervision: Supervision, *, text: str, attachment: UploadedFile | None = None):
    """The addressed unit replies (text and an optional file); the 督办 is then "replied" until closed."""
    require_object(actor, supervision, "reply")
    supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if supervision.status == SupervisionStatus.CLOSED:
        raise ValidationError(_("This supervision is closed."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the reply.")})
    if attachment is not None:
        uploads.validate_upload(attachment)
    reply = SupervisionReply(
        supervision=supervision, text=text.strip(), replied_by=actor.user, replied_at=timezone.now()
    )
    if attachment is not None:
        reply.file.save(uploads.safe_storage_name(attachment.name), attachment, save=False)
        reply.file_name = attachment.name[:255]
    reply.save()
    before = snapshot(supervision, ["status"])
    supervision.status = SupervisionStatus.REPLIED
    supervision.save(update_fields=["status", "updated_at"])
    record(
        actor,
        "supervision.reply",
        supervision,
        before=before,
        after={"status": supervision.status, "reply": reply.text},
    )
    return reply


@transaction.atomic
def close_supervision(actor: Actor, supervision: Supervision, *, note: str = "", today: dt.date | None = None):
    require_object(actor, supervision, "close")
    supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if supervision.status == SupervisionStatus.CLOSED:
        raise ValidationError(_("This supervision is already closed."))
    before = snapshot(supervision, ["status", "closed_on", "closing_note"])
    supervision.status = SupervisionStatus.CLOSED
    supervision.closed_by = actor.user
    supervision.closed_on = today or _today()
    supervision.closing_note = (note or "").strip()
    supervision.save()
    record(
        actor,
        "supervision.close",
        supervision,
        before=before,
        after=snapshot(supervision, ["status", "closed_on", "closing_note"]),
    )
    return supervision


# --- campaign rules -----------------------------------------------------------------------------------------


def _number(value: Any, name: str) -> Any:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        d = Decimal(str(value))
        return int(d) if d == d.to_integral_value() else float(d)
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({name: _("Enter a number.")}) from None
    return int(d) if d == d.to_integral_value() else float(d)


@transaction.atomic
def save_campaign_rules(actor: Actor, campaign, *, rules: dict, points: dict) -> CampaignRules:
    """Store a campaign's rules (checked by indicators.rules.Rules) and ranking points (scoring.Points)."""
    require(actor, CampaignRules, "change")
    try:
        checked = r.Rules(**rules)
    except TypeError as exc:
        raise ValidationError(str(exc)) from None
    except r.RulesError as exc:
        raise ValidationError({exc.field: rules_error_text(exc.code)}) from None
    try:
        checked_points = scoring.Points.from_dict({k: _number(v, k) for k, v in points.items()})
    except scoring.PointsError as exc:
        raise ValidationError({f"points_{exc.field}": _("Enter a number.")}) from None
    obj, _created = CampaignRules.objects.select_for_update().get_or_create(campaign=campaign)
    before = {"rules": obj.rules, "points": obj.points}
    defaults, default_points = r.DEFAULT_RULES.as_dict(), scoring.DEFAULT_POINTS.as_dict()
    obj.rules = {k: v for k, v in checked.as_dict().items() if v != defaults[k]}
    obj.points = {k: v for k, v in checked_points.as_dict().items() if v != default_points[k]}
    obj.save()
    record(actor, "campaign_rules.update", obj, before=before, after={"rules": obj.rules, "points": obj.points})
    return obj


def rules_error_text(code: str) -> str:
    return {
        "yellow_gap_above_red_gap": _("The yellow gap must not be above the red gap."),
        "yellow_above_green": _("The yellow achievement must not be above the green achievement."),
        "not_a_positive_integer": _("Enter a whole number, 1 or more."),
        "not_a_non_negative_integer": _("Enter a whole number, 0 or more."),
        "unknown_rollup": _("Choose worst wins or weighted share."),
    }.get(code, _("Enter a valid value."))


# --- group robots ---------------------------------------------------------------------------------------------

WEBHOOK_FIELDS = ["unit", "channel", "url", "is_active"]


def _check_webhook_unit(actor: Actor, unit) -> None:
    from gongjian.core.models import SCOPE_ALL_PERMISSION

    if actor.has_perm(SCOPE_ALL_PERMISSION):
        return
    user_unit = getattr(actor.user, "unit", None)
    if user_unit is None or not unit.path.startswith(user_unit.path):
        raise ValidationError({"unit": _("You can only set up robots for your own unit or the units below it.")})


@transaction.atomic
def create_webhook(actor: Actor, *, unit, channel: str, url: str, secret: str = "", is_active: bool = True):
    require(actor, UnitWebhook, "add")
    _check_webhook_unit(actor, unit)
    hook = UnitWebhook(unit=unit, channel=channel, url=url, secret=secret or "", is_active=is_active)
    hook.full_clean()
    hook.save()
    record(actor, "webhook.create", hook, after=_hook_snapshot(hook))
    return hook


@transaction.atomic
def update_webhook(actor: Actor, hook: UnitWebhook, *, secret: str | None = None, clear_secret: bool = False, **data):
    """Change a robot. ``secret`` None or "" keeps the stored secret; ``clear_secret`` removes it."""
    require_object(actor, hook, "change")
    hook = UnitWebhook.objects.select_for_update().get(pk=hook.pk)
    before = _hook_snapshot(hook)
    for name, value in data.items():
        if name not in WEBHOOK_FIELDS:
            raise ValidationError(_("Unknown fields: {fields}").format(fields=name))
        setattr(hook, name, value)
    _check_webhook_unit(actor, hook.unit)
    if clear_secret:
        hook.secret = ""
    elif secret:
        hook.secret = secret
    hook.full_clean()
    hook.save()
    record(actor, "webhook.update", hook, before=before, after=_hook_snapshot(hook))
    return hook


def send_test_message(actor: Actor, hook: UnitWebhook) -> str:
    """Post a test message to a robot (its administrators check the address and the secret); audited.

    Returns "" when the robot accepted the message, else the error. Not in a transaction: nothing is stored but
    the audit record, and the robot may take seconds to answer.
    """
    require_object(actor, hook, "change")
    error = notify.test_webhook(
        hook,
        _("Test message from the supervision platform"),
        _("This group will receive the notices of {unit}.").format(unit=hook.unit),
    )
    record(actor, "webhook.test", hook, after={"ok": not error, "error": error}, success=not error)
    return error


def _hook_snapshot(hook: UnitWebhook) -> dict:
    """The audit view of a robot: the secret only as "set" or not (never its value)."""
    data = snapshot(hook, ["unit", "channel", "url", "is_active"])
    data["secret"] = bool(hook.secret)
    return data


# --- webhook subscriptions (other systems) and re-sending -------------------------------------------------------

SUBSCRIPTION_FIELDS = ["name", "url", "events", "is_active"]


def _clean_events(events) -> list[str]:
    if not isinstance(events, list | tuple) or not events:
        raise ValidationError({"events": _("Choose at least one event.")})
    allowed = {str(e) for e in OUTBOUND_EVENTS}
    unknown = [str(e) for e in events if str(e) not in allowed]
    if unknown:
        raise ValidationError({"events": _("Unknown events: {events}").format(events=", ".join(unknown))})
    return [str(e) for e in OUTBOUND_EVENTS if str(e) in {str(x) for x in events}]


def _subscription_snapshot(sub: WebhookSubscription) -> dict:
    """The audit view of a subscription: never the secret."""
    return snapshot(sub, ["name", "url", "events", "is_active", "owner"])


@transaction.atomic
def create_subscription(
    actor: Actor, *, name: str, url: str, events, is_active: bool = True
) -> tuple[WebhookSubscription, str]:
    """A new subscription with a new secret; returns it and the secret (shown once, never again)."""
    require(actor, WebhookSubscription, "add")
    secret = signing.new_secret()
    sub = WebhookSubscription(
        name=(name or "").strip(), url=url, events=_clean_events(events), is_active=is_active, owner=actor.user
    )
    sub.secret = secret
    sub.full_clean()
    sub.save()
    record(actor, "subscription.create", sub, after=_subscription_snapshot(sub))
    return sub, secret


@transaction.atomic
def update_subscription(actor: Actor, sub: WebhookSubscription, **data) -> WebhookSubscription:
    """Change the name, address, events or the active flag (switching off = ``is_active=False``)."""
    require_object(actor, sub, "change")
    unknown = sorted(set(data) - set(SUBSCRIPTION_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: {fields}").format(fields=", ".join(unknown)))
    sub = WebhookSubscription.objects.select_for_update().get(pk=sub.pk)
    before = _subscription_snapshot(sub)
    for name, value in data.items():
        setattr(sub, name, _clean_events(value) if name == "events" else value)
    sub.full_clean()
    sub.save()
    record(actor, "subscription.update", sub, before=before, after=_subscription_snapshot(sub))
    return sub


@transaction.atomic
def rotate_secret(actor: Actor, sub: WebhookSubscription) -> str:
    """A new secret for the subscription (the old one stops working at once); returns it, shown once."""
    require_object(actor, sub, "change")
    sub = WebhookSubscription.objects.select_for_update().get(pk=sub.pk)
    sub.secret = signing.new_secret()
    sub.save(update_fields=["secret", "updated_at"])
    record(actor, "subscription.rotate", sub, after={"secret": True})
    return sub.secret


@transaction.atomic
def resend_delivery(actor: Actor, delivery: Delivery) -> Delivery:
    """Send a delivery again (a webhook, a robot post or an e-mail), however many times it was tried: it goes back
    to pending with the same body and id, and is sent once this commits. Audited."""
    require_object(actor, delivery, "change")
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status == DeliveryStatus.SENDING:
        raise ValidationError(_("This delivery is being sent right now."))
    before = {"status": delivery.status, "attempts": delivery.attempts}
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None, last_error=""
    )
    delivery.refresh_from_db()
    record(
        actor,
        "delivery.resend",
        delivery,
        before=before,
        after={"status": delivery.status, "subject": delivery.subject, "address": delivery.address},
    )
    notify.send_after_commit([delivery.pk])
    return delivery


# --- the inbox ------------------------------------------------------------------------------------------------


def mark_read(actor: Actor, notification: Notification) -> None:
    """Reading one's own notifications is not audited: it changes nothing anyone else sees."""
    if notification.recipient_id != getattr(actor.user, "pk", None):
        raise PermissionDenied
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())


def mark_all_read(actor: Actor) -> int:
    return Notification.objects.filter(recipient=actor.user, read_at__isnull=True).update(read_at=timezone.now())


CHANNELS_FOR_WEBHOOK = (Channel.WECOM, Channel.DINGTALK)
