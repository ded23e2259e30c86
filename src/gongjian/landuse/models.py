"""亩产效益 evaluation years, their inputs, runs, results and appeals; class policies; land plots and disposals."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongjian.core.models import BaseModel

from . import idle
from .choices import (
    AppealStatus,
    DisposalMethod,
    DisposalStatus,
    EfficiencyClass,
    EvaluationStatus,
    Group,
    InputStatus,
    LowEfficiencyKind,
    PolicyType,
    ResultStatus,
)
from .rules import DEFAULT_RULES, Rules, parse_rules

__all__ = [
    "INPUT_FIGURES",
    "Appeal",
    "ClassPolicy",
    "Disposal",
    "EnterpriseInput",
    "EvaluationResult",
    "EvaluationRun",
    "EvaluationYear",
    "ExitPlan",
    "LandPlot",
]

#: The figures of an input row, in the engine's names (all Decimal, None = missing).
INPUT_FIGURES = (
    "land_mu",
    "leased_m2",
    "tax",
    "revenue",
    "energy_tce",
    "rd",
    "value_added",
    "employees",
    "emissions_t",
    "bonus",
    "penalty",
)


def _money(verbose):
    return models.DecimalField(verbose, max_digits=16, decimal_places=4, null=True, blank=True)


class EvaluationYear(BaseModel):
    """One year's evaluation: its rules (versioned with the results), units, workflow state and 公示 window."""

    year = models.PositiveSmallIntegerField(_("evaluation year"), unique=True)
    district_name = models.CharField(_("district (evaluation unit)"), max_length=60, default="全区")
    parks = models.JSONField(
        _("parks evaluated as units of their own"), default=list, blank=True, help_text=_("Park names, one per line.")
    )
    rules = models.JSONField(_("rules"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EvaluationStatus.choices, default=EvaluationStatus.COLLECTING
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    publicity_days = models.PositiveSmallIntegerField(_("public notice (working days)"), default=5)
    publicity_start = models.DateField(_("public notice from"), null=True, blank=True)
    publicity_end = models.DateField(_("public notice until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation year")
        verbose_name_plural = _("evaluation years")
        ordering = ["-year"]
        permissions = [
            ("calculate_evaluationyear", _("Can run the evaluation and start the public notice")),
            ("publish_evaluationyear", _("Can publish results and open a new version")),
        ]

    def __str__(self) -> str:
        return str(_("{year} land-use efficiency evaluation")).format(year=self.year)

    def get_absolute_url(self) -> str:
        return reverse("landuse:evaluation_detail", args=[self.pk])

    def rules_object(self) -> Rules:
        return parse_rules(self.rules) if self.rules else DEFAULT_RULES

    def unit_of(self, park: str) -> str:
        return park if park and park in (self.parks or []) else self.district_name

    @property
    def is_locked(self) -> bool:
        return self.status == EvaluationStatus.PUBLISHED

    def current_run(self):
        return self.runs.filter(is_current=True).first()


class EnterpriseInput(BaseModel):
    """One enterprise's figures for one evaluation year, from the departments; reviewed, then confirmed."""

    evaluation = models.ForeignKey(
        EvaluationYear, verbose_name=_("evaluation year"), on_delete=models.CASCADE, related_name="inputs"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="landuse_inputs"
    )
    above_scale = models.BooleanField(_("above designated size"), default=False)
    exempt = models.BooleanField(_("on the exemption list"), default=False)
    land_mu = _money(_("owned land (mu)"))
    leased_m2 = _money(_("leased plant area (m²)"))
    tax = _money(_("tax (10k yuan)"))
    revenue = _money(_("operating revenue (10k yuan)"))
    energy_tce = _money(_("energy use (tce)"))
    rd = _money(_("R&D expense (10k yuan)"))
    value_added = _money(_("industrial value added (10k yuan)"))
    employees = _money(_("employees"))
    emissions_t = _money(_("main pollutant emissions (t)"))
    bonus = _money(_("bonus points"))
    penalty = _money(_("penalty points"))
    status = models.CharField(_("status"), max_length=12, choices=InputStatus.choices, default=InputStatus.SUBMITTED)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation input")
        verbose_name_plural = _("evaluation inputs")
        ordering = ["evaluation", "enterprise__name"]
        permissions = [
            ("import_enterpriseinput", _("Can import department data for the evaluation")),
            ("review_enterpriseinput", _("Can review evaluation data as a department")),
            ("confirm_enterpriseinput", _("Can record an enterprise's confirmation of its data")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "enterprise"], name="landuse_input_unique_enterprise")
        ]

    def __str__(self) -> str:
        return f"{self.evaluation.year} {self.enterprise}"

    def audit_parent(self):
        return self.evaluation


class EvaluationRun(BaseModel):
    """One calculation: the rules it used and when; its results are kept (is_current marks the latest)."""

    evaluation = models.ForeignKey(
        EvaluationYear, verbose_name=_("evaluation year"), on_delete=models.CASCADE, related_name="runs"
    )
    number = models.PositiveIntegerField(_("run"))
    version = models.PositiveSmallIntegerField(_("version"))
    rules = models.JSONField(_("rules"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    counts = models.JSONField(_("class counts"), default=dict)
    is_current = models.BooleanField(_("current"), default=True)
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("evaluation run")
        verbose_name_plural = _("evaluation runs")
        ordering = ["evaluation", "-number"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "number"], name="landuse_run_unique_number")]

    def __str__(self) -> str:
        return str(_("{year} run {n} (version {v})")).format(year=self.evaluation.year, n=self.number, v=self.version)

    def audit_parent(self):
        return self.evaluation


class EvaluationResult(BaseModel):
    """One enterprise's result in one run. ``detail`` lists each indicator's value, benchmark, weight, score."""

    run = models.ForeignKey(EvaluationRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="results")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="landuse_results"
    )
    unit_name = models.CharField(_("evaluation unit"), max_length=100)
    group = models.CharField(_("group"), max_length=8, choices=Group.choices, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=ResultStatus.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    land_mu = models.DecimalField(_("land basis (mu)"), max_digits=14, decimal_places=4, null=True, blank=True)
    tax_per_mu = models.DecimalField(_("tax per mu"), max_digits=16, decimal_places=4, null=True, blank=True)
    total = models.DecimalField(_("total score"), max_digits=10, decimal_places=4, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    rated = models.PositiveIntegerField(_("rated in unit and group"), null=True, blank=True)
    klass = models.CharField(_("class"), max_length=1, choices=EfficiencyClass.choices, blank=True)
    gap = models.DecimalField(_("points to the next class"), max_digits=10, decimal_places=4, null=True, blank=True)
    detail = models.JSONField(_("score explanation"), default=dict, blank=True)

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        ordering = ["run", "unit_name", "group", "rank", "enterprise__credit_code"]
        constraints = [models.UniqueConstraint(fields=["run", "enterprise"], name="landuse_result_unique_enterprise")]
        indexes = [models.Index(fields=["run", "unit_name", "group", "rank"], name="landuse_result_rank_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.klass}"

    def audit_parent(self):
        return self.run.evaluation


class Appeal(BaseModel):
    """异议: an enterprise's objection during the 公示, with reason and evidence, and its decision."""

    evaluation = models.ForeignKey(
        EvaluationYear, verbose_name=_("evaluation year"), on_delete=models.CASCADE, related_name="appeals"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="landuse_appeals"
    )
    reason = models.TextField(_("reason"))
    attachment = models.FileField(_("evidence"), upload_to="landuse/appeals/%Y/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.OPEN)
    decision = models.TextField(_("decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["evaluation", "-created_at"]
        permissions = [("decide_appeal", _("Can decide appeals against evaluation results"))]

    def __str__(self) -> str:
        return str(_("Appeal of {enterprise}")).format(enterprise=self.enterprise)

    def audit_parent(self):
        return self.evaluation


class ClassPolicy(BaseModel):
    """差别化政策: what a class gets in a year (entered by administrators; no values ship with the code)."""

    year = models.PositiveSmallIntegerField(_("year"))
    klass = models.CharField(_("class"), max_length=1, choices=EfficiencyClass.choices)
    policy_type = models.CharField(_("policy type"), max_length=14, choices=PolicyType.choices)
    value = models.CharField(_("value"), max_length=100, help_text=_("E.g. +0.1 元/千瓦时, priority supply."))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("class policy")
        verbose_name_plural = _("class policies")
        ordering = ["-year", "klass", "policy_type"]

    def __str__(self) -> str:
        return f"{self.year} {self.klass} {self.get_policy_type_display()}"


class ExitPlan(BaseModel):
    """落后低效产能退出: the disposal plan for an enterprise of class D, or C two years running."""

    evaluation = models.ForeignKey(
        EvaluationYear, verbose_name=_("evaluation year"), on_delete=models.CASCADE, related_name="exit_plans"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    plan = models.TextField(_("disposal plan"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DisposalStatus.choices, default=DisposalStatus.PLANNED
    )

    class Meta:
        verbose_name = _("exit plan")
        verbose_name_plural = _("exit plans")
        ordering = ["evaluation", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "enterprise"], name="landuse_exit_unique")]

    def __str__(self) -> str:
        return f"{self.evaluation.year} {self.enterprise}"

    def audit_parent(self):
        return self.evaluation


class LandPlot(BaseModel):
    """A plot of the 闲置/低效 survey (闲置摸排): area in 亩, its occupant and the facts the idle rule needs."""

    code = models.CharField(_("plot code"), max_length=40, unique=True)
    area_mu = models.DecimalField(_("area (mu)"), max_digits=12, decimal_places=2)
    location = models.CharField(_("location"), max_length=200, blank=True)
    use = models.CharField(_("current use"), max_length=60, blank=True)
    owner = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("occupant enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="land_plots",
    )
    agreed_start_on = models.DateField(_("agreed construction start"), null=True, blank=True)
    construction_started_on = models.DateField(_("construction started"), null=True, blank=True)
    developed_percent = models.DecimalField(
        _("developed area (percent of required)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    invested_percent = models.DecimalField(
        _("investment (percent of total)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    stopped_since = models.DateField(_("work stopped since"), null=True, blank=True)
    idle_plant_m2 = models.DecimalField(_("idle plant (m²)"), max_digits=12, decimal_places=1, null=True, blank=True)
    low_efficiency_kind = models.CharField(
        _("low-efficiency kind"), max_length=26, choices=LowEfficiencyKind.choices, blank=True
    )

    class Meta:
        verbose_name = _("land plot")
        verbose_name_plural = _("land plots")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("landuse:plot_detail", args=[self.pk])

    def idle_reason(self, today: dt.date | None = None) -> str | None:
        return idle.idle_reason(
            today or dt.date.today(),
            self.agreed_start_on,
            self.construction_started_on,
            self.developed_percent,
            self.invested_percent,
            self.stopped_since,
        )


class PlotSurvey(BaseModel):
    """One quarter of a plot's 闲置 survey: the facts as surveyed that quarter and whether the plot was idle then.

    Written whenever the plot is surveyed (entered or imported); the quarter is that of the survey date, and a
    second survey in the same quarter replaces the quarter's record. The plot itself holds the latest survey."""

    plot = models.ForeignKey(LandPlot, verbose_name=_("plot"), on_delete=models.CASCADE, related_name="surveys")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    surveyed_on = models.DateField(_("surveyed on"))
    owner = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("occupant enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    developed_percent = models.DecimalField(
        _("developed area (percent of required)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    invested_percent = models.DecimalField(
        _("investment (percent of total)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    stopped_since = models.DateField(_("work stopped since"), null=True, blank=True)
    idle_plant_m2 = models.DecimalField(_("idle plant (m²)"), max_digits=12, decimal_places=1, null=True, blank=True)
    low_efficiency_kind = models.CharField(
        _("low-efficiency kind"), max_length=26, choices=LowEfficiencyKind.choices, blank=True
    )
    #: ``not_started`` or ``stopped`` (:mod:`.idle`) on the survey date; empty when the plot was not idle.
    idle_reason = models.CharField(_("idle"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("plot survey")
        verbose_name_plural = _("plot surveys")
        ordering = ["plot", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["plot", "year", "quarter"],
                name="landuse_plotsurvey_one_per_quarter",
                violation_error_message=_("The plot already has a survey for this quarter."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.plot} {self.year} Q{self.quarter}"

    def audit_parent(self):
        return self.plot


class Disposal(BaseModel):
    """处置 of a plot; with a new occupant it is a 腾笼换鸟 link, tax per 亩 before and after."""

    plot = models.ForeignKey(LandPlot, verbose_name=_("plot"), on_delete=models.CASCADE, related_name="disposals")
    method = models.CharField(_("method"), max_length=10, choices=DisposalMethod.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=DisposalStatus.choices, default=DisposalStatus.PLANNED
    )
    progress = models.TextField(_("progress"), blank=True)
    disposed_area_mu = models.DecimalField(_("disposed area (mu)"), max_digits=12, decimal_places=2, default=0)
    responsible_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    old_occupant = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("old occupant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_occupant = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("new occupant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tax_per_mu_before = _money(_("tax per mu before (10k yuan)"))
    tax_per_mu_after = _money(_("tax per mu after (10k yuan)"))

    class Meta:
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")
        ordering = ["plot", "-created_at"]

    def __str__(self) -> str:
        return f"{self.plot} {self.get_method_display()}"

    def audit_parent(self):
        return self.plot
