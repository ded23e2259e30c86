"""The cadre side of the campaign: 容错免责 cases, 一线考察 notes, commendations and accountability records.

All of it is confidential to the organisation department (组织部) and discipline inspection (纪检监察); a case is
also visible to the person who applied and to the cadre it concerns. The read gate is ``restrict()`` as
everywhere, but the whole-campaign scope of leaders and administrators does not open these rows: only the
``cadres.see_all`` permission of the two roles does, and only when it is held through a role (a superuser
account is not a 组织部 user).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongjian.core.models import BaseModel, RestrictedQuerySet

from .choices import (
    AccountabilityForm,
    CaseState,
    CommendationGrade,
    NoteCategory,
    Outcome,
    Recommendation,
    SubjectKind,
)

__all__ = ["Accountability", "CaseAttachment", "CaseOpinion", "Commendation", "FieldNote", "ToleranceCase", "holds"]

SEE_ALL = "see_all"


def holds(user, codename: str) -> bool:
    """Whether ``user`` holds ``cadres.<codename>`` through a role (superusers get nothing for free here)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not user.is_superuser:
        return user.has_perm(f"cadres.{codename}")
    cache = getattr(user, "_cadres_perms", None)
    if cache is None:
        cache = set(
            user.groups.filter(permissions__content_type__app_label="cadres").values_list(
                "permissions__codename", flat=True
            )
        )
        user._cadres_perms = cache
    return codename in cache


class ConfidentialQuerySet(RestrictedQuerySet):
    """restrict(): the model permission of the action, then all rows for ``see_all`` holders, else ``own_q``."""

    def restrict(self, user, action: str = "view"):
        if not holds(user, f"{action}_{self.model._meta.model_name}"):
            return self.none()
        if holds(user, SEE_ALL):
            return self
        q = self.model.own_q(user)
        return self.filter(q) if q is not None else self.none()


class Confidential(BaseModel):
    objects = ConfidentialQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def own_q(cls, user) -> Q | None:
        """The rows a holder of the model permission without ``see_all`` may see (None: none)."""
        return None


def _user_fk(verbose, related="+", null=True):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=null,
        blank=null,
        on_delete=models.PROTECT,
        related_name=related,
    )


class ToleranceCase(Confidential):
    """A 容错免责 case: who applies for whom, on which item, problem, warning or 督办, the facts and the checklist,
    then acceptance and opinions by 纪检监察 and the decision of 组织部. A decision erases nothing: the red light,
    the 督办 and the ranking points stay in history, shown with a 免责 mark that links here."""

    number = models.CharField(_("case number"), max_length=30, unique=True, editable=False)
    subject_kind = models.CharField(_("concerns"), max_length=10, choices=SubjectKind.choices)
    person = _user_fk(_("cadre concerned"), related="tolerance_cases")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit concerned"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applicant = _user_fk(_("applicant"), null=False)
    applied_on = models.DateField(_("applied on"))
    title = models.CharField(_("subject"), max_length=200)
    facts = models.TextField(_("facts"))
    criteria = models.JSONField(_("criteria claimed"), default=dict, blank=True)
    item = models.ForeignKey(
        "campaigns.Item", verbose_name=_("item"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    problem = models.ForeignKey(
        "problems.Problem",
        verbose_name=_("problem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    colour_record = models.ForeignKey(
        "supervision.ColourRecord",
        verbose_name=_("warning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervision = models.ForeignKey(
        "supervision.Supervision",
        verbose_name=_("supervision (督办)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.APPLIED, db_index=True
    )
    accepted_by = _user_fk(_("accepted by"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    corrective_measures = models.TextField(_("corrective measures (纠错)"), blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    decided_by = _user_fk(_("decided by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("tolerance case (容错免责)")
        verbose_name_plural = _("tolerance cases (容错免责)")
        ordering = ["-applied_on", "-id"]
        permissions = [
            ("review_tolerancecase", _("Can accept and review tolerance cases")),
            ("decide_tolerancecase", _("Can decide tolerance cases")),
            (SEE_ALL, _("Can see every cadre record")),
            ("view_cadrerecord", _("Can see cadres' performance records")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cadres:case_detail", args=[self.pk])

    @classmethod
    def own_q(cls, user) -> Q:
        q = Q(applicant=user) | Q(person=user)
        if user.unit_id is not None:
            q |= Q(subject_kind=SubjectKind.UNIT, unit_id=user.unit_id, applicant__unit_id=user.unit_id)
        return q

    @property
    def subject(self):
        return self.person if self.subject_kind == SubjectKind.PERSON else self.unit

    @property
    def is_exemption(self) -> bool:
        return self.state == CaseState.DECIDED and self.outcome in (Outcome.EXEMPTED, Outcome.PARTLY)


class CaseOpinion(Confidential):
    """纪检监察's opinion on a case after the investigation, with the checklist as the review confirmed it."""

    case = models.ForeignKey(ToleranceCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="opinions")
    author = _user_fk(_("by"), null=False)
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices)
    confirmed = models.JSONField(_("criteria confirmed"), default=dict, blank=True)
    text = models.TextField(_("opinion"))
    given_at = models.DateTimeField(_("given at"))

    class Meta:
        verbose_name = _("review opinion")
        verbose_name_plural = _("review opinions")
        ordering = ["case", "given_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.get_recommendation_display()}"

    @classmethod
    def own_q(cls, user) -> Q:
        return Q(case__in=ToleranceCase.objects.filter(ToleranceCase.own_q(user)))

    def audit_parent(self):
        return self.case


class CaseAttachment(Confidential):
    """Evidence of a case (meeting minutes, records of the collective decision…)."""

    case = models.ForeignKey(
        ToleranceCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="cadres/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = _user_fk(_("uploaded by"), null=False)

    class Meta:
        verbose_name = _("case attachment")
        verbose_name_plural = _("case attachments")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def own_q(cls, user) -> Q:
        return Q(case__in=ToleranceCase.objects.filter(ToleranceCase.own_q(user)))

    def audit_parent(self):
        return self.case


class FieldNote(Confidential):
    """一线考察: a dated observation of a cadre's conduct on an item, visit or problem, by a 组织部 examiner.
    Never shown to the cadre it is about."""

    cadre = _user_fk(_("cadre"), related="field_notes", null=False)
    observed_on = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=12, choices=NoteCategory.choices)
    item = models.ForeignKey(
        "campaigns.Item", verbose_name=_("item"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    visit = models.ForeignKey(
        "pairing.Visit", verbose_name=_("visit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    problem = models.ForeignKey(
        "problems.Problem",
        verbose_name=_("problem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    text = models.TextField(_("observation"))
    author = _user_fk(_("examiner"), null=False)

    class Meta:
        verbose_name = _("field assessment note (一线考察)")
        verbose_name_plural = _("field assessment notes (一线考察)")
        ordering = ["-observed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.observed_on} {self.cadre} · {self.get_category_display()}"


class Commendation(Confidential):
    """A commendation on the record (表彰奖励), of a cadre or a unit, often proposed from the rankings."""

    subject_kind = models.CharField(_("recipient"), max_length=10, choices=SubjectKind.choices)
    person = _user_fk(_("cadre"), related="commendations")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    grade = models.CharField(_("grade"), max_length=14, choices=CommendationGrade.choices)
    reason = models.TextField(_("reason"))
    item = models.ForeignKey(
        "campaigns.Item", verbose_name=_("item"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    awarded_on = models.DateField(_("date"))
    awarded_by = models.CharField(_("approving body"), max_length=100)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    recorded_by = _user_fk(_("recorded by"), null=False)

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-awarded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.awarded_on} {self.person or self.unit} · {self.get_grade_display()}"


class Accountability(Confidential):
    """An accountability record (约谈, 通报批评, or a form of the 问责条例), linked to what led to it."""

    subject_kind = models.CharField(_("concerns"), max_length=10, choices=SubjectKind.choices)
    person = _user_fk(_("cadre"), related="accountabilities")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    form = models.CharField(_("form"), max_length=12, choices=AccountabilityForm.choices)
    facts = models.TextField(_("facts"))
    item = models.ForeignKey(
        "campaigns.Item", verbose_name=_("item"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    colour_record = models.ForeignKey(
        "supervision.ColourRecord",
        verbose_name=_("warning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervision = models.ForeignKey(
        "supervision.Supervision",
        verbose_name=_("supervision (督办)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("date"))
    decided_by_body = models.CharField(_("deciding body"), max_length=100)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    recorded_by = _user_fk(_("recorded by"), null=False)

    class Meta:
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.decided_on} {self.person or self.unit} · {self.get_form_display()}"
