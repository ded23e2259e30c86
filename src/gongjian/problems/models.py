"""The problem ledger (问题台账) and its timeline: every problem raised for an enterprise or a campaign item,
assigned to a handling unit with a deadline and closed out (销号) only after independent verification."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongjian.core.models import BaseModel, RestrictedQuerySet

from . import workflow as wf
from .choices import ProblemAction, ProblemSource, ProblemState, Satisfaction

__all__ = ["Problem", "ProblemAttachment", "ProblemCategory", "ProblemEvent"]


class ProblemCategory(BaseModel):
    """A category of problems (要素保障, 审批手续, 融资 …): data, so that a district can add its own."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


def _paired_enterprises(user):
    from gongjian.pairing.models import Pairing

    return Pairing.objects.filter(person=user).values("enterprise_id")


class ProblemQuerySet(RestrictedQuerySet):
    def open(self) -> ProblemQuerySet:
        return self.exclude(state=ProblemState.CLOSED)

    def overdue(self, today: dt.date) -> ProblemQuerySet:
        """Open problems past their original deadline: late while the unit works on it, or answered late."""
        working = Q(state__in=wf.WORKING_STATES, deadline__lt=today)
        answered_late = Q(state__in=[ProblemState.APPLIED, ProblemState.VERIFIED], applied_on__isnull=False) & Q(
            applied_on__gt=models.F("deadline")
        )
        return self.filter(working | answered_late)


class Problem(BaseModel):
    """One problem of the ledger. ``state`` moves only through ``problems.services`` (see ``workflow``).

    ``deadline`` is the original deadline set at assignment and never changes; an approved extension is kept
    in ``extended_deadline``. ``version`` grows with every action: an action's UPDATE requires the version and
    state it read, so two simultaneous actions make exactly one transition.
    """

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    source = models.CharField(_("source"), max_length=12, choices=ProblemSource.choices)
    category = models.ForeignKey(
        ProblemCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="problems"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    item = models.ForeignKey(
        "campaigns.Item",
        verbose_name=_("campaign item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    visit = models.ForeignKey(
        "pairing.Visit",
        verbose_name=_("visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems_led",
        help_text=_("The enterprise's pairing leader, or the item's responsible leader."),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="problems_raised"
    )
    raised_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("raising unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems_raised",
    )
    raised_at = models.DateTimeField(_("raised at"), db_index=True)

    state = models.CharField(
        _("state"), max_length=12, choices=ProblemState.choices, default=ProblemState.REGISTERED, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    handling_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("handling unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems_handled",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    extended_deadline = models.DateField(_("extended deadline"), null=True, blank=True)
    extension_requested_deadline = models.DateField(_("extension asked for"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    satisfaction = models.CharField(
        _("enterprise satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed out by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed out at"), null=True, blank=True, db_index=True)
    return_count = models.PositiveSmallIntegerField(_("times returned"), default=0)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-raised_at", "-pk"]
        permissions = [
            ("assign_problem", _("Can assign problems to handling units")),
            ("handle_problem", _("Can handle problems assigned to the own unit")),
            ("verify_problem", _("Can verify or return closure applications")),
            ("close_problem", _("Can close out verified problems")),
            ("extend_problem", _("Can approve or reject extensions")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False) | Q(item__isnull=False),
                name="problem_enterprise_or_item",
                violation_error_message=_("Name an enterprise or a campaign item (or both)."),
            ),
        ]
        indexes = [
            models.Index(fields=["handling_unit", "state"], name="problem_unit_state_idx"),
            models.Index(fields=["state", "deadline"], name="problem_state_deadline_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("problems:problem_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        """Problems the user's unit (or a unit below it) handles or raised, the user's own, and, for viewing,
        those of the enterprises the user is paired with."""
        q = Q(raised_by=user)
        if user.unit_id is not None:
            path = user.unit.path
            if action == "handle":
                return Q(handling_unit__path__startswith=path)
            q |= Q(handling_unit__path__startswith=path) | Q(raised_unit__path__startswith=path)
        elif action == "handle":
            return Q(pk__in=[])
        return q | Q(enterprise_id__in=_paired_enterprises(user))

    def audit_parent(self):
        # None: the enterprise's and the item's histories are read by people outside this problem's scope.
        return None

    @property
    def is_open(self) -> bool:
        return self.state != ProblemState.CLOSED

    def handler_ids(self) -> frozenset[int]:
        """Everyone who worked on the problem for the handling unit: signed for it, applied, asked to extend."""
        if self.pk is None:
            return frozenset()
        if self.state not in (ProblemState.APPLIED, ProblemState.VERIFIED):
            return frozenset()  # only verifying, returning and closing out ask
        handled = (ProblemAction.START, ProblemAction.APPLY, ProblemAction.REQUEST_EXTENSION)
        if "events" in getattr(self, "_prefetched_objects_cache", {}):
            ids = [e.actor_id for e in self.events.all() if e.action in handled]
        else:
            ids = ProblemEvent.objects.filter(problem_id=self.pk, action__in=handled).values_list("actor_id", flat=True)
        return frozenset(i for i in ids if i is not None)

    def facts(self, handlers: frozenset[int] | None = None) -> wf.ProblemFacts:
        """The workflow's view of the problem; ``handlers`` (:meth:`handler_ids`) when verifying or closing."""
        return wf.ProblemFacts(
            state=self.state,
            source=self.source,
            handling_unit_id=self.handling_unit_id,
            deadline=self.deadline,
            extended_deadline=self.extended_deadline,
            applied_by_id=self.applied_by_id,
            extension_pending=self.extension_requested_deadline is not None,
            extension_requested_by_id=self.extension_requested_by_id,
            leader_id=self.leader_id,
            handler_ids=handlers if handlers is not None else frozenset(),
        )

    def days_overdue(self, today: dt.date) -> int:
        answered = self.applied_on if self.state not in wf.WORKING_STATES else None
        if self.state == ProblemState.CLOSED:
            answered = self.applied_on
        return wf.days_overdue(self.deadline, answered, today)


class ProblemEvent(models.Model):
    """The ledger's own timeline: one row per action, with the state before and after. Append-only."""

    problem = models.ForeignKey(Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=ProblemAction.choices)
    from_state = models.CharField(_("from state"), max_length=12, choices=ProblemState.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=12, choices=ProblemState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), db_index=True)
    text = models.TextField(_("text"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem event")
        verbose_name_plural = _("problem events")
        ordering = ["problem", "at", "pk"]
        indexes = [models.Index(fields=["action", "at"], name="problem_event_action_idx")]

    def __str__(self) -> str:
        return f"{self.problem_id} {self.action} {self.at:%Y-%m-%d}"

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return Q(problem__in=Problem.objects.filter(Problem.scope_q(user, "view")).values("pk"))


class ProblemAttachment(BaseModel):
    """A file of a problem: evidence when it is raised, or of the handler's reply; served through a scoped view."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="attachments"
    )
    event = models.ForeignKey(
        ProblemEvent, verbose_name=_("event"), null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    file = models.FileField(_("file"), upload_to="problems/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("problem attachment")
        verbose_name_plural = _("problem attachments")
        ordering = ["problem", "pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return Q(problem__in=Problem.objects.filter(Problem.scope_q(user, "view")).values("pk"))

    def audit_parent(self):
        return self.problem
