"""Notifications: the in-app inbox, e-mail and the units' group robots (企业微信, 钉钉).

A :class:`Message` is what one event says to a unit (and to named users). :func:`queue` turns messages into
inbox notifications (one per user) and pending deliveries (one e-mail per user with an address, one post per
active robot of the unit). Every notification and delivery has a unique key made of the recipient, the event,
the object and the day, so queueing the same messages again the same day adds nothing. :func:`send_pending`
sends what is pending (and retries what failed after a back-off, up to ``MAX_ATTEMPTS``); a failure is recorded,
never raised. :func:`queue_outbound` adds the deliveries of the webhooks other systems subscribed to (signed by
:mod:`.signing`), in the same log and through the same sender.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongjian.org.models import User

from . import robots, signing
from .choices import Channel, DeliveryStatus, Event
from .colours import among
from .models import Delivery, DeliveryAttempt, Notification, UnitWebhook, WebhookSubscription

__all__ = [
    "MAX_ATTEMPTS",
    "Message",
    "SendResult",
    "max_attempts",
    "queue",
    "queue_outbound",
    "send_after_commit",
    "send_pending",
    "test_webhook",
    "unit_users",
    "wants_outbound",
]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
#: A delivery left "sending" this long (the process died while sending) is tried again.
STALE_SENDING_SECONDS = 3600
WEBHOOK_TIMEOUT = 10  # seconds

#: Event → the permission a unit's user needs to receive it (the people who act on it).
EVENT_PERMISSION = {
    Event.REPORT_DUE: "campaigns.add_report",
    Event.REPORT_OVERDUE: "campaigns.add_report",
    Event.MILESTONE_DUE: "campaigns.complete_milestone",
    Event.TURNED_RED: "supervision.reply_supervision",
    Event.SUPERVISION: "supervision.reply_supervision",
}


@dataclass
class Message:
    """What one event says: to the users of ``unit_id`` who act on it, to ``users`` named, and to the unit's robots."""

    event: str
    object_key: str  # e.g. "supervision:12", "unit:3", "campaign:1:2026-03"
    title: str
    body: str
    url: str = ""
    unit_id: int | None = None
    users: set[int] = field(default_factory=set)


def unit_users(unit_ids: Iterable[int], perm: str) -> dict[int, list[tuple[int, str]]]:
    """unit id → [(user id, e-mail)] of the active users of exactly that unit holding ``perm`` through a role."""
    app_label, codename = perm.split(".")
    ids = sorted(set(unit_ids))
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if not ids:
        return out
    rows = (
        User.objects.filter(
            is_active=True,
            unit_id__in=ids,
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app_label,
        )
        .values_list("pk", "unit_id", "email")
        .distinct()
    )
    for pk, unit_id, email in rows:
        out[unit_id].append((pk, email))
    return out


def queue(messages: list[Message], today: dt.date) -> tuple[int, int]:
    """Add the notifications and pending deliveries of ``messages``; returns (notifications, deliveries) added."""
    if not messages:
        return 0, 0
    by_event_units: dict[str, set[int]] = defaultdict(set)
    for m in messages:
        if m.unit_id is not None:
            by_event_units[m.event].add(m.unit_id)
    recipients: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for event, units in by_event_units.items():
        for unit_id, users in unit_users(units, EVENT_PERMISSION[event]).items():
            recipients[(event, unit_id)] = users
    named = {u for m in messages for u in m.users}
    emails = dict(User.objects.filter(pk__in=named, is_active=True).values_list("pk", "email")) if named else {}
    webhooks: dict[int, list[UnitWebhook]] = defaultdict(list)
    units = {m.unit_id for m in messages if m.unit_id is not None}
    if units:
        for hook in UnitWebhook.objects.filter(unit_id__in=units, is_active=True):
            webhooks[hook.unit_id].append(hook)

    day = today.isoformat()
    notes: dict[str, Notification] = {}
    deliveries: dict[str, Delivery] = {}
    for m in messages:
        people = dict(recipients.get((m.event, m.unit_id), [])) if m.unit_id is not None else {}
        for pk in m.users:
            if pk in emails:
                people[pk] = emails[pk]
        for pk, email in people.items():
            key = f"{m.event}:{m.object_key}:u{pk}:{day}"
            notes[key] = Notification(
                recipient_id=pk, event=m.event, title=m.title[:200], body=m.body, url=m.url, day=today, key=key[:160]
            )
            if email:
                dkey = f"email:{key}"
                deliveries[dkey] = Delivery(
                    channel=Channel.EMAIL,
                    event=m.event,
                    recipient_id=pk,
                    address=email,
                    day=today,
                    key=dkey[:160],
                    subject=m.title[:200],
                    body=_with_link(m.body, m.url),
                )
        for hook in webhooks.get(m.unit_id, []):
            dkey = f"{hook.channel}:w{hook.pk}:{m.event}:{m.object_key}:{day}"
            deliveries[dkey] = Delivery(
                channel=hook.channel,
                event=m.event,
                webhook=hook,
                day=today,
                key=dkey[:160],
                subject=m.title[:200],
                body=_with_link(m.body, m.url),
            )
    new_notes = _missing(Notification, notes)
    new_deliveries = _missing(Delivery, deliveries)
    Notification.objects.bulk_create(new_notes, batch_size=2000)
    Delivery.objects.bulk_create(new_deliveries, batch_size=2000)
    return len(new_notes), len(new_deliveries)


def _with_link(body: str, url: str) -> str:
    base = getattr(settings, "GONGJIAN_SITE_URL", "")
    if url and base:
        return f"{body}\n\n{base.rstrip('/')}{url}"
    return body


def _missing(model, rows: dict) -> list:
    keys = list(rows)
    existing: set[str] = set()
    for qs in among(model.objects.all(), "key", keys):
        existing.update(qs.values_list("key", flat=True))
    return [rows[k] for k in keys if k not in existing]


# --- sending ------------------------------------------------------------------------------------------------


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0


class SendError(Exception):
    """A failed attempt, with the HTTP code of the answer when there was one."""

    def __init__(self, message: str, status_code: int | None = None):
        super().__init__(message)
        self.status_code = status_code


def _post(url: str, data: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    """POST ``data``; returns (HTTP code, the answer's first 64 KiB). An answer other than 2xx raises SendError."""
    request = urllib.request.Request(  # noqa: S310 - the scheme is http(s), checked by the models' URL fields
        url, data=data, headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:  # noqa: S310
            code, body = response.status, response.read(65536)
    except urllib.error.HTTPError as exc:
        raise SendError(f"HTTP {exc.code} {exc.reason}", exc.code) from None
    if not 200 <= code < 300:
        raise SendError(f"HTTP {code}", code)
    return code, body


def _post_json(url: str, payload: dict) -> int:
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    code, body = _post(url, data, {"Content-Type": "application/json; charset=utf-8"})
    try:
        answer = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return code
    if isinstance(answer, dict) and answer.get("errcode", 0) not in (0, "0"):
        raise SendError(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}", code)
    return code


def _send_webhook(delivery: Delivery) -> int:
    sub = delivery.subscription
    if sub is None or not sub.is_active:
        raise SendError("the webhook subscription was removed or switched off")
    raw = delivery.payload.encode("utf-8")
    delivery_id = delivery.key.rsplit(":", 1)[-1]
    code, _body = _post(sub.url, raw, signing.headers(sub.secret, raw, delivery.event, delivery_id))
    return code


def _send_one(delivery: Delivery, connection) -> int | None:
    """Send one delivery; returns the HTTP code of the answer (None for an e-mail). Raises on a failure."""
    if delivery.channel == Channel.WEBHOOK:
        return _send_webhook(delivery)
    if delivery.channel == Channel.EMAIL:
        message = mail.EmailMessage(
            subject=delivery.subject,
            body=delivery.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.address],
            connection=connection,
        )
        message.send(fail_silently=False)
        return None
    hook = delivery.webhook
    if hook is None or not hook.is_active:
        raise SendError("the group robot was removed or switched off")
    url = hook.url
    if hook.channel == Channel.DINGTALK:
        url = robots.dingtalk_url(url, hook.secret, int(time.time() * 1000))
    return _post_json(url, robots.markdown_payload(hook.channel, delivery.subject, delivery.body))


def test_webhook(hook: UnitWebhook, title: str, text: str) -> str:
    """Post one message to ``hook`` now; returns "" when the robot accepted it, else the error (never raises)."""
    delivery = Delivery(channel=hook.channel, event=Event.SUPERVISION, webhook=hook, subject=title, body=text)
    try:
        _send_one(delivery, None)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:500]
    return ""


def max_attempts(channel: str) -> int:
    """How many times a delivery of ``channel`` is tried before it stays failed."""
    if channel == Channel.WEBHOOK:
        return max(1, int(getattr(settings, "GONGJIAN_WEBHOOK_MAX_ATTEMPTS", 8)))
    return MAX_ATTEMPTS


def _next_attempt(attempt: int, now: dt.datetime) -> dt.datetime:
    wait = signing.backoff_seconds(
        attempt,
        float(getattr(settings, "GONGJIAN_DELIVERY_RETRY_SECONDS", 60)),
        float(getattr(settings, "GONGJIAN_DELIVERY_RETRY_MAX_SECONDS", 6 * 3600)),
    )
    return now + dt.timedelta(seconds=wait)


def send_pending(ids: Iterable[int] | None = None) -> SendResult:
    """Send pending deliveries and retry failed ones whose back-off has passed (fewer attempts than the channel's
    maximum). Every attempt is logged with its time and answer code. Never raises on a failure."""
    out = SendResult()
    now = timezone.now()
    stale = now - dt.timedelta(seconds=STALE_SENDING_SECONDS)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    retry = Q(attempts__lt=MAX_ATTEMPTS) | Q(channel=Channel.WEBHOOK, attempts__lt=max_attempts(Channel.WEBHOOK))
    qs = Delivery.objects.filter(
        Q(status=DeliveryStatus.PENDING)
        | (Q(status=DeliveryStatus.FAILED) & retry & due)
        | (Q(status=DeliveryStatus.SENDING, claimed_at__lt=stale) & retry)
    ).select_related("webhook", "subscription")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    pending = list(qs.order_by("pk"))
    if not pending:
        return out
    connection = None
    if any(d.channel == Channel.EMAIL for d in pending):
        connection = mail.get_connection(fail_silently=False)
    claimed = []
    log_rows = []
    for d in pending:
        # Claim the delivery (status "sending", attempts + 1, where nobody else has): never sent twice at once.
        claim = Delivery.objects.filter(pk=d.pk, status=d.status, attempts=d.attempts)
        if not claim.update(status=DeliveryStatus.SENDING, attempts=d.attempts + 1, claimed_at=timezone.now()):
            continue
        d.attempts += 1
        claimed.append(d)
        try:
            d.status_code = _send_one(d, connection)
        except Exception as exc:
            d.status = DeliveryStatus.FAILED
            d.status_code = getattr(exc, "status_code", None)
            d.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            d.next_attempt_at = (
                _next_attempt(d.attempts, timezone.now()) if d.attempts < max_attempts(d.channel) else None
            )
            out.failed += 1
            log.warning("delivery %s failed: %s", d.pk, d.last_error)
        else:
            d.status = DeliveryStatus.SENT
            d.sent_at = timezone.now()
            d.last_error = ""
            d.next_attempt_at = None
            out.sent += 1
        log_rows.append(
            DeliveryAttempt(
                delivery_id=d.pk,
                at=timezone.now(),
                status_code=d.status_code,
                ok=d.status == DeliveryStatus.SENT,
                error=d.last_error,
            )
        )
    Delivery.objects.bulk_update(
        claimed, ["status", "last_error", "sent_at", "status_code", "next_attempt_at"], batch_size=500
    )
    DeliveryAttempt.objects.bulk_create(log_rows, batch_size=500)
    if connection is not None:
        try:
            connection.close()
        except Exception:  # noqa: S110 - closing a broken connection must not fail the run
            pass
    return out


def send_after_commit(ids: list[int]) -> None:
    """Send these deliveries once the current transaction commits (a rollback removes them and sends nothing)."""
    if ids:
        transaction.on_commit(lambda: send_pending(ids))


# --- outbound webhooks ----------------------------------------------------------------------------------------


def _subscribers(event: str) -> list[WebhookSubscription]:
    # Few rows: the events are filtered here, the same way on SQLite and PostgreSQL (JSON "contains" is not).
    return [s for s in WebhookSubscription.objects.filter(is_active=True).order_by("pk") if event in s.events]


def wants_outbound(event: str) -> bool:
    """Whether an active subscription listens to ``event`` (registered with core.registry.register_outbound)."""
    return bool(_subscribers(event))


def queue_outbound(event: str, payloads: list[dict]) -> list[int]:
    """One pending delivery per active subscription of ``event`` and payload, written in the caller's transaction
    and sent once it commits. Returns the new deliveries' ids."""
    subs = _subscribers(event)
    if not subs or not payloads:
        return []
    now = timezone.now()
    occurred_at = timezone.localtime(now).isoformat(timespec="seconds")
    label = str(dict(Event.choices).get(event, event))
    rows = []
    for sub in subs:
        for data in payloads:
            delivery_id = uuid.uuid4().hex
            raw = signing.body(event, delivery_id, occurred_at, data)
            rows.append(
                Delivery(
                    channel=Channel.WEBHOOK,
                    event=event,
                    subscription=sub,
                    address=sub.url[:254],
                    day=timezone.localdate(now),
                    key=f"webhook:s{sub.pk}:{delivery_id}",
                    subject=f"{label} · {data.get('name', '')}"[:200],
                    body="",
                    payload=raw.decode("utf-8"),
                )
            )
    created = Delivery.objects.bulk_create(rows, batch_size=500)
    ids = [d.pk for d in created if d.pk is not None]
    if len(ids) != len(created):  # a backend that does not return ids: look them up by key
        ids = list(Delivery.objects.filter(key__in=[d.key for d in created]).values_list("pk", flat=True))
    send_after_commit(ids)
    return ids
