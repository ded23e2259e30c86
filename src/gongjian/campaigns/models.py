"""Campaign task lists (清单化管理): campaign → area → item, with milestones, reports and leader actions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gongjian.core.formats import cn_date
from gongjian.core.models import BaseModel, RestrictedQuerySet
from gongjian.org.models import is_leader

from . import periods
from .choices import Cycle, ItemKind, ItemStatus, LeaderActionKind, ReportStatus

__all__ = ["Area", "Campaign", "Item", "ItemLight", "LeaderAction", "Milestone", "Report", "ReportAttachment"]


#: Actions only the lead unit may take on an item: a co-operating unit sees the item and its reports, but the
#: report on the item (and the record of its milestones) is the lead unit's to make.
LEAD_UNIT_ACTIONS = frozenset({"report", "complete", "add"})


def _unit_scope(user, prefix: str, action: str = "view") -> Q:
    """Rows of an item (reached through ``prefix``) led by, or co-operated on by, the user's unit or its sub-units.

    For the actions in ``LEAD_UNIT_ACTIONS`` only the lead unit's side counts.
    """
    if user.unit_id is None:
        return Q(pk__in=[])
    path = user.unit.path
    if action in LEAD_UNIT_ACTIONS:
        return Q(**{f"{prefix}lead_unit__path__startswith": path})
    coop_items = Item.co_units.through.objects.filter(unit__path__startswith=path).values("item_id")
    return Q(**{f"{prefix}lead_unit__path__startswith": path}) | Q(**{f"{prefix}pk__in": coop_items})


class Campaign(BaseModel):
    """A year-long campaign (攻坚年): the plan every area, item and report belongs to."""

    name = models.CharField(_("name"), max_length=120)
    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    cycle = models.CharField(_("reporting cycle"), max_length=10, choices=Cycle.choices, default=Cycle.MONTHLY)
    grace_days = models.PositiveSmallIntegerField(
        _("reporting grace days"),
        default=5,
        validators=[MaxValueValidator(31)],
        help_text=_("A report is on time until this many days after its period ends."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "year"],
                name="campaign_unique_name_year",
                violation_error_message=_("A campaign with this name already exists for this year."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign_detail", args=[self.pk])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must not be before the start date.")})

    def period_for(self, day: dt.date) -> periods.Period:
        return periods.period_containing(day, self.cycle)


class Area(BaseModel):
    """A field of the campaign (攻坚领域/行动) with its implementation plan (落实方案)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="areas")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    plan_text = models.TextField(_("implementation plan"), blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_areas",
    )
    lead_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("lead unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="areas"
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"],
                name="area_unique_number",
                violation_error_message=_("This campaign already has an area with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:area_detail", args=[self.pk])

    def audit_parent(self):
        return self.campaign


class ItemQuerySet(RestrictedQuerySet):
    def with_state(self, today: dt.date) -> ItemQuerySet:
        """Annotate ``state`` (ItemStatus) and ``is_overdue`` as the database sees them on ``today``."""
        return self.annotate(
            state=Case(
                When(completed_on__isnull=False, then=Value(ItemStatus.DONE)),
                When(
                    Q(progress__gt=0) | Q(milestones_met__gt=0) | Q(start_date__lte=today),
                    then=Value(ItemStatus.IN_PROGRESS),
                ),
                default=Value(ItemStatus.NOT_STARTED),
                output_field=models.CharField(),
            ),
            is_overdue=Case(
                When(Q(completed_on__isnull=True, due_date__lt=today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )

    def in_state(self, state: str, today: dt.date) -> ItemQuerySet:
        if state == ItemStatus.DONE:
            return self.filter(completed_on__isnull=False)
        started = Q(progress__gt=0) | Q(milestones_met__gt=0) | Q(start_date__lte=today)
        if state == ItemStatus.IN_PROGRESS:
            return self.filter(started, completed_on__isnull=True)
        if state == ItemStatus.NOT_STARTED:
            return self.filter(completed_on__isnull=True).exclude(started)
        return self

    def overdue(self, today: dt.date) -> ItemQuerySet:
        return self.filter(completed_on__isnull=True, due_date__lt=today)


class Item(BaseModel):
    """A line of the task list (清单事项): a task, key work, major project or important matter.

    ``progress``, ``milestones_total``, ``milestones_met`` and ``completed_on`` are derived: the services keep
    them in step with accepted reports and milestones, and no form offers them.
    """

    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="items")
    code = models.CharField(_("number"), max_length=20, help_text=_("Unique within the area, e.g. 2-03."))
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.TASK)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible leader"),
        on_delete=models.PROTECT,
        related_name="led_items",
    )
    lead_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_items"
    )
    co_units = models.ManyToManyField(
        "org.Unit", verbose_name=_("co-operating units"), blank=True, related_name="cooperating_items"
    )
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    # Derived, kept by the services.
    progress = models.PositiveSmallIntegerField(_("percent complete"), default=0, editable=False)
    milestones_total = models.PositiveSmallIntegerField(_("milestones"), default=0, editable=False)
    milestones_met = models.PositiveSmallIntegerField(_("milestones met"), default=0, editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    last_report_period = models.DateField(_("last reported period"), null=True, blank=True, editable=False)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["area__campaign", "area__number", "code"]
        permissions = [
            ("report_item", _("Can report progress on the item")),
            ("import_item", _("Can import items from Excel")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "code"],
                name="item_unique_code",
                violation_error_message=_("This area already has an item with this number."),
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("start_date")),
                name="item_due_after_start",
                violation_error_message=_("The due date must not be before the start date."),
            ),
        ]
        indexes = [models.Index(fields=["lead_unit", "due_date"], name="item_unit_due_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:item_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return _unit_scope(user, "", action)

    def audit_parent(self):
        return self.area

    def clean(self):
        self.clean_dates()
        if self.leader_id and not is_leader(self.leader):
            raise ValidationError({"leader": _("The responsible leader must hold the leader role.")})

    def clean_dates(self):
        """Due not before start, both within the campaign (the part of clean() that needs no query per item)."""
        if self.start_date and self.due_date and self.due_date < self.start_date:
            raise ValidationError({"due_date": _("The due date must not be before the start date.")})
        campaign = self.area.campaign if self.area_id else None
        if campaign and self.due_date and self.start_date:
            if self.start_date < campaign.start_date or self.due_date > campaign.end_date:
                # A campaign's items may run past its year only when the campaign says so; we keep it strict.
                raise ValidationError(
                    {
                        "due_date": _("Start and due dates must lie within the campaign ({start} – {end}).").format(
                            start=cn_date(campaign.start_date), end=cn_date(campaign.end_date)
                        )
                    }
                )

    @property
    def campaign(self) -> Campaign:
        return self.area.campaign


class Milestone(BaseModel):
    """A node (节点) of an item: planned date, actual date and evidence."""

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    planned_date = models.DateField(_("planned date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="evidence/%Y/%m/", blank=True, max_length=255)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["item", "planned_date", "pk"]
        permissions = [("complete_milestone", _("Can record a milestone's actual date and evidence"))]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return _unit_scope(user, "item__", action)

    def audit_parent(self):
        return self.item

    def is_late(self, today: dt.date) -> bool:
        return (self.actual_date or today) > self.planned_date


class Report(BaseModel):
    """A progress report (进展报告) on an item for one reporting period.

    Workflow: submitted → accepted, or submitted → returned (with a reason) → submitted again.
    """

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="reports")
    period_start = models.DateField(_("period"))
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    narrative = models.TextField(_("progress"))
    problems = models.TextField(_("problems met"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    first_submitted_at = models.DateTimeField(_("first submitted at"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["item", "-period_start"]
        permissions = [("review_report", _("Can accept or return reports"))]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "period_start"],
                name="report_unique_period",
                violation_error_message=_("This item already has a report for this period."),
            ),
        ]
        indexes = [models.Index(fields=["status", "period_start"], name="report_status_idx")]

    def __str__(self) -> str:
        return f"{self.item.code} {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:report_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return _unit_scope(user, "item__", action)

    def audit_parent(self):
        return self.item

    @property
    def period(self) -> periods.Period:
        return periods.period_containing(self.period_start, self.item.area.campaign.cycle)

    @property
    def period_label(self) -> str:
        return self.period.label(get_language() or "zh-hans")


class ReportAttachment(BaseModel):
    """A file attached to a report; served only through a view that checks scope."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return _unit_scope(user, "report__item__", action)

    def audit_parent(self):
        return self.report.item


class LeaderAction(BaseModel):
    """A leader's personal action on an item (亲自部署 / 过问 / 调度 / 督办): the record of 一线工作法."""

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="leader_actions")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="leader_actions"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=LeaderActionKind.choices)
    note = models.TextField(_("note"))

    class Meta:
        verbose_name = _("leader action")
        verbose_name_plural = _("leader actions")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.leader} {self.get_kind_display()} {self.date}"

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return _unit_scope(user, "item__", action)

    def audit_parent(self):
        return self.item

    def clean(self):
        if self.leader_id and not is_leader(self.leader):
            raise ValidationError({"leader": _("Only a user with the leader role can be recorded as the leader.")})


class ItemLight(models.Model):
    """An item's 红黄绿灯 under the default rules as judged on ``as_of``, stored so that the overview counts the
    colours of a campaign's items in the database.

    Written only by :mod:`gongjian.campaigns.figures`: the services refresh the light of an item whose derived
    fields they recompute, in the same transaction; the daily warnings run recomputes them all (the colours move
    with the date) and repairs any that disagree with the data.
    """

    item = models.OneToOneField(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, primary_key=True, related_name="stored_light"
    )
    as_of = models.DateField(_("as of"))
    colour = models.CharField(_("colour"), max_length=10)
    reason = models.CharField(_("reason"), max_length=20)

    class Meta:
        verbose_name = _("item light")
        verbose_name_plural = _("item lights")
        indexes = [models.Index(fields=["colour"], name="itemlight_colour")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.colour}"
