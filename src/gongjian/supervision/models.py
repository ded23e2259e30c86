"""Supervision (督查督办): stored colour history, 督办 with replies, notifications and their deliveries,
per-campaign rules and per-unit group robots."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongjian.core.models import BaseModel, RestrictedQuerySet

from .choices import (
    Channel,
    Colour,
    DeliveryStatus,
    Event,
    SupervisionKind,
    SupervisionOrigin,
    SupervisionStatus,
    source_label,
)

__all__ = [
    "CampaignRules",
    "ColourRecord",
    "Delivery",
    "DeliveryAttempt",
    "Notification",
    "Supervision",
    "SupervisionReply",
    "UnitWebhook",
    "WebhookSubscription",
]


def _unit_scope(user, prefix: str = "") -> Q:
    """Rows addressed to the user's unit or a unit below it."""
    if user.unit_id is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}unit__path__startswith": user.unit.path})


class ColourRecord(models.Model):
    """One colour of one object (an item, a milestone, an indicator…) for one period, as the daily run judged it.

    Colours are never overwritten: the run adds a record only when an object's colour or period changes, and
    moves the ``current`` flag to it (one current record per object, enforced by a partial unique index).
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=40)
    period = models.CharField(_("period"), max_length=16, blank=True)
    colour = models.CharField(_("colour"), max_length=8, choices=Colour.choices)
    reason = models.CharField(_("reason"), max_length=60, blank=True)
    numbers = models.JSONField(_("numbers"), null=True, blank=True)
    judged_on = models.DateField(_("judged on"))
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("lead unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    current = models.BooleanField(_("current"), default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("colour record")
        verbose_name_plural = _("colour records")
        ordering = ["-judged_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], condition=Q(current=True), name="colour_one_current"
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id", "judged_on"], name="colour_object_idx"),
            models.Index(fields=["judged_on"], name="colour_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.object_repr} {self.period} {self.colour}"

    @property
    def source_label(self) -> str:
        """What kind of object this colour judges, in words (事项, 节点, 指标 …)."""
        return source_label(self.source)

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return _unit_scope(user)


class CampaignRules(BaseModel):
    """The warning rules (indicators.rules.Rules) and the ranking points of one campaign; empty = defaults."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="warning_rules"
    )
    rules = models.JSONField(_("rules"), default=dict, blank=True)
    points = models.JSONField(_("ranking points"), default=dict, blank=True)

    class Meta:
        verbose_name = _("campaign rules")
        verbose_name_plural = _("campaign rules")
        ordering = ["campaign"]

    def __str__(self) -> str:
        return str(self.campaign)

    def get_absolute_url(self) -> str:
        return reverse("supervision:rules_edit", args=[self.campaign_id])

    def audit_parent(self):
        return self.campaign


class Supervision(BaseModel):
    """A 督办: a supervision order, letter or notice on a red or yellow object, addressed to its lead unit.

    Issued by the supervision office (or automatically by the daily run), replied to by the unit (text and an
    attachment), closed by the supervision office.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=SupervisionKind.choices, default=SupervisionKind.ORDER)
    origin = models.CharField(
        _("origin"), max_length=10, choices=SupervisionOrigin.choices, default=SupervisionOrigin.MANUAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SupervisionStatus.choices, default=SupervisionStatus.OPEN, db_index=True
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=300)
    colour = models.CharField(_("colour"), max_length=8, choices=Colour.choices, blank=True)
    requirement = models.TextField(_("reason and requirement"))
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("addressed to"), on_delete=models.PROTECT, related_name="supervisions"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField(_("issued on"), db_index=True)
    reply_by = models.DateField(_("reply by"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    record = models.ForeignKey(
        ColourRecord,
        verbose_name=_("colour record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    auto_key = models.CharField(_("automatic key"), max_length=120, blank=True, editable=False)

    class Meta:
        verbose_name = _("supervision (督办)")
        verbose_name_plural = _("supervisions (督办)")
        ordering = ["-issued_on", "-id"]
        permissions = [
            ("reply_supervision", _("Can reply to a supervision addressed to the unit")),
            ("close_supervision", _("Can close a supervision")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["auto_key"], condition=~Q(auto_key=""), name="supervision_unique_auto")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="supervision_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.object_repr}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:supervision_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return _unit_scope(user)

    def is_overdue(self, today) -> bool:
        return self.status == SupervisionStatus.OPEN and today > self.reply_by


class SupervisionReply(BaseModel):
    """The unit's reply to a 督办: what was done, with an optional attachment."""

    supervision = models.ForeignKey(
        Supervision, verbose_name=_("supervision (督办)"), on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField(_("reply"))
    file = models.FileField(_("attachment"), upload_to="supervision/%Y/%m/", blank=True, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("replied by"), on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(_("replied at"))

    class Meta:
        verbose_name = _("supervision reply")
        verbose_name_plural = _("supervision replies")
        ordering = ["supervision", "replied_at", "pk"]

    def __str__(self) -> str:
        return f"{self.supervision} · {self.replied_by}"

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return _unit_scope(user, "supervision__")

    def audit_parent(self):
        return self.supervision


class NotificationQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view"):
        """A notification is its recipient's alone: whole-campaign scope does not open other people's inboxes."""
        qs = super().restrict(user, action)
        return qs.filter(recipient=user) if user is not None and user.is_authenticated else qs.none()


class Notification(models.Model):
    """One message in a user's in-app inbox. ``key`` = recipient, event, object and day: never twice a day."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    day = models.DateField(_("day"))
    key = models.CharField(_("key"), max_length=160, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return Q(recipient=user)


class UnitWebhook(BaseModel):
    """A unit's chat-group robot (企业微信 or 钉钉): where its notices go. The secret is never shown back."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="webhooks")
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=[(Channel.WECOM, Channel.WECOM.label), (Channel.DINGTALK, Channel.DINGTALK.label)],
    )
    url = models.URLField(_("webhook address"), max_length=500, validators=[URLValidator(schemes=["http", "https"])])
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        ordering = ["unit", "channel", "pk"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_channel_display()}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:webhook_edit", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return _unit_scope(user)

    def audit_parent(self):
        return self.unit


class WebhookSubscription(BaseModel):
    """Another system's address for the platform's events (colour changed, report accepted, problem closed,
    bulletin issued): signed JSON posts. The secret is shown once, when made, and never shown back."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("address"), max_length=500, validators=[URLValidator(schemes=["http", "https"])])
    events = models.JSONField(_("events"), default=list, blank=True)
    secret = models.CharField(_("signing secret"), max_length=200, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("supervision:subscription_edit", args=[self.pk])

    @property
    def event_labels(self) -> str:
        """The chosen events in words."""
        labels = dict(Event.choices)
        return "、".join(str(labels.get(e, e)) for e in self.events)


class Delivery(models.Model):
    """One message sent outside the platform (an e-mail, a group-robot post, a webhook to another system), with its
    status and attempts (each kept as a :class:`DeliveryAttempt`)."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    webhook = models.ForeignKey(
        UnitWebhook, verbose_name=_("group robot"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("webhook subscription"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    address = models.CharField(_("address"), max_length=254, blank=True)
    payload = models.TextField(_("payload"), blank=True)
    day = models.DateField(_("day"))
    key = models.CharField(_("key"), max_length=160, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(_("answer code"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:delivery_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return Q(pk__in=[])


class DeliveryAttempt(models.Model):
    """One try at sending a delivery: when, the answer's HTTP code (when there was an answer) and the error."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField(_("time"))
    status_code = models.PositiveSmallIntegerField(_("answer code"), null=True, blank=True)
    ok = models.BooleanField(_("delivered"), default=False)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} · {self.at:%Y-%m-%d %H:%M:%S}"
