"""Cadre pairing (包保企业): who answers for which enterprise over which period, and the visits they make."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongjian.core.models import BaseModel, RestrictedQuerySet

from .choices import PairingRole

__all__ = ["Pairing", "Visit", "VisitAttachment", "active_on"]


def active_on(day: dt.date, prefix: str = "") -> Q:
    """Pairings in force on ``day``: started on or before it, not ended before it."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def _person_scope(user, prefix: str) -> Q:
    """Rows of the user themselves, or of people of the user's unit and the units below it."""
    q = Q(**{prefix: user.pk})
    if user.unit_id is not None:
        q |= Q(**{f"{prefix}__unit__path__startswith": user.unit.path})
    return q


class PairingQuerySet(RestrictedQuerySet):
    def active(self, day: dt.date) -> PairingQuerySet:
        return self.filter(active_on(day))


class Pairing(BaseModel):
    """A leader or cadre paired with an enterprise (包保) from ``start_date`` to ``end_date`` (open: ongoing)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="pairings"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="pairings"
    )
    role = models.CharField(_("pairing role"), max_length=10, choices=PairingRole.choices, default=PairingRole.CADRE)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty: the pairing is ongoing."))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["enterprise__name", "role", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="pairing_end_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]
        indexes = [models.Index(fields=["person", "start_date"], name="pairing_person_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("pairing:pairing_edit", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return _person_scope(user, "person")

    def audit_parent(self):
        # None: the enterprise's history is read by everyone; pairings and visits have a narrower scope.
        return None

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must not be before the start date.")})

    def is_active(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class Visit(BaseModel):
    """A visit to an enterprise (走访): when, who went, what was discussed; problems raised hang off it."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="visits"
    )
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("visited by"), on_delete=models.PROTECT, related_name="visits"
    )
    date = models.DateField(_("date of visit"), db_index=True)
    companions = models.CharField(_("accompanied by"), max_length=200, blank=True)
    met_with = models.CharField(_("met with"), max_length=200, blank=True, help_text=_("Who of the enterprise."))
    discussed = models.TextField(_("what was discussed"))

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["enterprise", "visitor", "date"], name="visit_ent_visitor_idx")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("pairing:visit_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        """The user's own visits, those of people of their unit, and visits to enterprises they are paired with."""
        paired = Pairing.objects.filter(person=user).values("enterprise_id")
        return _person_scope(user, "visitor") | Q(enterprise_id__in=paired)

    def audit_parent(self):
        # None: the enterprise's history is read by everyone; pairings and visits have a narrower scope.
        return None


class VisitAttachment(BaseModel):
    """A file of a visit (photos, minutes); served only through a view that checks scope."""

    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="visits/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("visit attachment")
        verbose_name_plural = _("visit attachments")
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return Q(visit__in=Visit.objects.filter(Visit.scope_q(user, action)).values("pk"))

    def audit_parent(self):
        return self.visit
