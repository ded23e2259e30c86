"""Quantified targets (量化指标): indicators, their planned trajectory, actuals with review and history, benchmarks.

Values are stored as the indicator's own unit. For cumulative kinds an actual is the period's own amount (the
forms also take a year-to-date figure and convert it); for levels, rates and growth it is the value at the
period. ``Actual.accepted_value`` is the value that counts for the colours: set when an actual is accepted, and
kept while a correction of it waits for review.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gongjian.campaigns import periods
from gongjian.core.models import BaseModel

from . import rules
from .choices import ActualStatus, Comparator, Direction, Frequency, IndicatorKind

__all__ = ["Actual", "ActualRevision", "Benchmark", "Indicator", "IndicatorFigures", "PlannedValue"]

DIGITS = {"max_digits": 18, "decimal_places": 4}

#: Actions only the data-source unit may take: entering actuals.
SOURCE_UNIT_ACTIONS = frozenset({"add", "enter", "import"})


def _scope(user, prefix: str, action: str) -> Q:
    """Indicators led by the user's unit (or a unit below it) or whose figures it provides; to look at, also
    the indicators of the areas the unit leads (every user of an area's lead unit sees the area's indicators)."""
    if user.unit_id is None:
        return Q(pk__in=[])
    path = user.unit.path
    source = Q(**{f"{prefix}source_unit__path__startswith": path})
    if action in SOURCE_UNIT_ACTIONS:
        return source
    scope = source | Q(**{f"{prefix}lead_unit__path__startswith": path})
    if action == "view":
        scope |= Q(**{f"{prefix}area__lead_unit__path__startswith": path})
    return scope


class Indicator(BaseModel):
    """A quantified target of a campaign (e.g. 新增规模以上企业 ≥ 9 家) for one year."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="indicators"
    )
    area = models.ForeignKey(
        "campaigns.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    code = models.CharField(_("number"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit of measure"), max_length=20, help_text=_("As written: 家, 亿元, 万元, %, 个."))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    kind = models.CharField(_("kind"), max_length=12, choices=IndicatorKind.choices, default=IndicatorKind.CUMULATIVE)
    comparator = models.CharField(_("comparator"), max_length=6, choices=Comparator.choices, default=Comparator.GE)
    target = models.DecimalField(_("annual target"), **DIGITS)
    target_high = models.DecimalField(
        _("upper bound of the target"), null=True, blank=True, help_text=_("Only for a range."), **DIGITS
    )
    baseline = models.DecimalField(_("baseline (last year's value)"), null=True, blank=True, **DIGITS)
    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    frequency = models.CharField(
        _("reporting frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_indicators",
    )
    lead_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_indicators"
    )
    source_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("data-source unit"),
        on_delete=models.PROTECT,
        related_name="sourced_indicators",
        help_text=_("The unit that enters the actuals (e.g. the statistics or tax bureau)."),
    )
    source_key = models.CharField(
        _("computed from"),
        max_length=80,
        blank=True,
        help_text=_("A data source of another module; its figures then become the actuals automatically."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["campaign", "code", "name"]
        permissions = [
            ("enter_indicator", _("Can enter actuals of the indicator")),
            ("import_indicator", _("Can import actuals from Excel")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"],
                name="indicator_unique_name",
                violation_error_message=_("This campaign already has an indicator with this name."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return _scope(user, "", action)

    def audit_parent(self):
        return self.campaign

    @property
    def target_value(self):
        """The target as the rules take it: a number, or (low, high) for a range."""
        if self.comparator == Comparator.RANGE:
            return (self.target, self.target_high)
        return self.target

    @property
    def target_display(self) -> str:
        if self.comparator == Comparator.RANGE:
            return f"{fmt(self.target)}–{fmt(self.target_high)} {self.unit}"
        return f"{self.get_comparator_display()} {fmt(self.target)} {self.unit}"

    @property
    def is_cumulative(self) -> bool:
        return self.kind == IndicatorKind.CUMULATIVE

    def periods(self) -> list[periods.Period]:
        return rules.periods_of_year(self.year, self.frequency)

    def period_of(self, day: dt.date) -> periods.Period:
        return periods.period_containing(day, self.frequency)

    def problems(self) -> list[tuple[str, str]]:
        case = rules.IndicatorCase(
            direction=self.direction,
            kind=self.kind,
            target=self.target_value if self.comparator != Comparator.RANGE or self.target_high is not None else 0,
            year=self.year or 2000,
            comparator=self.comparator,
            baseline=self.baseline,
            planned=None,
            frequency=self.frequency,
        )
        return rules.indicator_problems(case)


def fmt(value) -> str:
    """A decimal as users write it: no trailing zeros (9, 6.5, 0.25)."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class _PeriodRow(BaseModel):
    period_start = models.DateField(_("period"))

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return _scope(user, "indicator__", action)

    def audit_parent(self):
        return self.indicator

    @property
    def period(self) -> periods.Period:
        return periods.period_containing(self.period_start, self.indicator.frequency)

    @property
    def period_label(self) -> str:
        return self.period.label(get_language() or "zh-hans")


class PlannedValue(_PeriodRow):
    """A point of a custom trajectory (cumulative kinds: the period's own amount; others: the value planned then).

    Without planned values the plan is linear (see indicators.rules.planned_to_date).
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="planned_values"
    )
    value = models.DecimalField(_("planned value"), **DIGITS)
    value_high = models.DecimalField(_("planned upper bound"), null=True, blank=True, **DIGITS)

    class Meta:
        verbose_name = _("planned value")
        verbose_name_plural = _("planned values")
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_start"], name="planned_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start:%Y-%m}"


class Actual(_PeriodRow):
    """The actual value of an indicator for one period, entered by the data-source unit and reviewed by 督查.

    Workflow as for reports: submitted → accepted, or submitted → returned (with a reason) → submitted again.
    A correction (a new value for a period that already has one) keeps the earlier value in ActualRevision.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="actuals"
    )
    value = models.DecimalField(_("actual value"), **DIGITS)
    accepted_value = models.DecimalField(_("accepted value"), null=True, blank=True, editable=False, **DIGITS)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActualStatus.choices, default=ActualStatus.SUBMITTED, db_index=True
    )
    is_computed = models.BooleanField(_("computed"), default=False)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))
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

    class Meta:
        verbose_name = _("actual")
        verbose_name_plural = _("actuals")
        ordering = ["indicator", "period_start"]
        permissions = [("review_actual", _("Can accept or return actuals"))]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"],
                name="actual_unique_period",
                violation_error_message=_("This indicator already has an actual for this period."),
            ),
        ]
        indexes = [models.Index(fields=["status", "period_start"], name="actual_status_idx")]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator_detail", args=[self.indicator_id]) + "#actuals"


class ActualRevision(models.Model):
    """An earlier value of an actual, kept when it was corrected or resubmitted (never changed)."""

    actual = models.ForeignKey(Actual, verbose_name=_("actual"), on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveSmallIntegerField(_("revision"))
    value = models.DecimalField(_("value"), **DIGITS)
    status = models.CharField(_("status"), max_length=12, choices=ActualStatus.choices)
    is_computed = models.BooleanField(_("computed"), default=False)
    note = models.TextField(_("note"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    replaced_at = models.DateTimeField(_("replaced at"))

    class Meta:
        verbose_name = _("earlier value")
        verbose_name_plural = _("earlier values")
        ordering = ["actual", "-revision"]
        constraints = [models.UniqueConstraint(fields=["actual", "revision"], name="actual_revision_unique")]

    def __str__(self) -> str:
        return f"{self.actual_id} r{self.revision}"


class Benchmark(_PeriodRow):
    """对标一流: a peer region's value of the indicator for a period (the same measure as our own: year to date
    for cumulative kinds)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="benchmarks"
    )
    region = models.CharField(_("peer region"), max_length=60)
    value = models.DecimalField(_("value"), **DIGITS)
    source = models.CharField(_("source"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("benchmark")
        verbose_name_plural = _("benchmarks")
        ordering = ["indicator", "-period_start", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "region"],
                name="benchmark_unique_region",
                violation_error_message=_("This region already has a value for this period."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.period_label}"


class IndicatorFigures(models.Model):
    """An indicator's figures as judged on ``as_of``: colour, achievement against the 序时 plan and the year-end
    forecast, stored so that the list sorts, filters and counts them in the database.

    Written only by :mod:`gongjian.indicators.figures`: the services refresh the figures of the indicators they
    change, in the same transaction, and the daily warnings run recomputes them all (the colours move with the
    date) and repairs any that disagree with the data.
    """

    indicator = models.OneToOneField(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, primary_key=True, related_name="figures"
    )
    as_of = models.DateField(_("as of"))
    colour = models.CharField(_("colour"), max_length=10, blank=True)  # "" when the indicator cannot be judged
    severity = models.SmallIntegerField(_("severity"), null=True)  # the colour's rank (red highest), for sorting
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    numbers = models.JSONField(_("numbers"), default=dict, blank=True)
    achievement = models.DecimalField(_("achievement %"), max_digits=14, decimal_places=2, null=True)
    forecast = models.JSONField(_("forecast"), null=True, blank=True)
    projected_miss = models.BooleanField(_("projected to miss"), default=False)
    problems = models.JSONField(_("problems"), default=list, blank=True)

    class Meta:
        verbose_name = _("indicator figures")
        verbose_name_plural = _("indicator figures")
        indexes = [
            models.Index(fields=["colour"], name="indfig_colour"),
            models.Index(fields=["severity", "indicator"], name="indfig_severity"),
            models.Index(fields=["achievement", "indicator"], name="indfig_achievement"),
            models.Index(fields=["projected_miss"], name="indfig_projected_miss"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.as_of}"
