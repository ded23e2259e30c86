"""The enterprise registry (一企一档): industries, enterprises, their figures and their 规上 status per year."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongjian.core.models import BaseModel
from gongjian.org.choices import UnitKind

from . import uscc
from .choices import EnterpriseStatus, IndustryLevel

__all__ = [
    "FIGURE_FIELDS",
    "INDUSTRIAL_SECTIONS",
    "Enterprise",
    "EnterpriseFigure",
    "EnterpriseYearStatus",
    "Industry",
    "uscc_error",
]

#: Sections whose enterprises count as industrial (规上工业): 采矿业, 制造业, 电力热力燃气及水.
INDUSTRIAL_SECTIONS = frozenset({"B", "C", "D"})


def uscc_error(code: str) -> str | None:
    """The reason a credit code is invalid, in the user's language; None when it is valid."""
    result = uscc.check(code)
    if result.ok:
        return None
    if result.reason == uscc.LENGTH:
        return str(_("A unified social credit code has 18 characters; this one has {n}.")).format(n=result.found)
    if result.reason == uscc.CHARACTER:
        return str(
            _("Character {pos} ({char}) is not allowed: only digits and capital letters without I, O, Z, S, V.")
        ).format(pos=result.position, char=result.found)
    if result.reason == uscc.AUTHORITY:
        return str(_("The first character ({char}) is not a registration-authority code.")).format(char=result.found)
    if result.reason == uscc.TYPE:
        return str(
            _("The second character ({char}) is not an organisation type of that registration authority.")
        ).format(char=result.found)
    if result.reason == uscc.DIVISION:
        return str(_("Characters 3–8 must be the administrative-division digits; character {pos} is not.")).format(
            pos=result.position
        )
    return str(
        _(
            "The check character (the 18th) is {found}, but the first 17 characters give {expected}: "
            "the code is mistyped."
        )
    ).format(found=result.found, expected=result.expected)


def validate_uscc(value: str) -> None:
    message = uscc_error(value)
    if message:
        raise ValidationError(message, code="uscc")


class Industry(BaseModel):
    """A row of GB/T 4754-2017: a section (门类, "C"), division (大类, "13"), group ("131") or class ("1391")."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=IndustryLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def section_code(self) -> str:
        if self.level == IndustryLevel.SECTION:
            return self.code
        from .industry_data import division_section

        return division_section(self.code) or ""


class Enterprise(BaseModel):
    """One enterprise of the registry. Every module's enterprise data hangs off this row."""

    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    former_names = models.TextField(_("former names"), blank=True, help_text=_("One per line."))
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
        limit_choices_to=~Q(level=IndustryLevel.SECTION),
    )
    industry_code = models.CharField(
        _("industry code"), max_length=5, blank=True, db_index=True, help_text=_("GB/T 4754-2017, e.g. 1391.")
    )
    street = models.ForeignKey(
        "org.Unit",
        verbose_name=_("street / town"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
        limit_choices_to={"kind": UnitKind.STREET},
    )
    park = models.CharField(_("park"), max_length=100, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    production_started_on = models.DateField(_("production started on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EnterpriseStatus.choices, default=EnterpriseStatus.OPERATING
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    power_account = models.CharField(_("power account number"), max_length=40, blank=True)
    water_account = models.CharField(_("water account number"), max_length=40, blank=True)
    gas_account = models.CharField(_("gas account number"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name", "pk"]
        permissions = [
            ("view_confidential", _("Can see confidential enterprise figures")),
            ("view_personal", _("Can see enterprises' personal data (legal representative, contact)")),
            ("import_enterprise", _("Can import enterprises and figures from Excel")),
            ("manage_registry", _("Can maintain every enterprise of the registry, not only the own streets'")),
        ]
        indexes = [models.Index(fields=["street", "status"], name="ent_street_status_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("enterprises:detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q | None:
        # The registry's basic information is shared by the whole campaign; changes stay with the street's units.
        if action == "view" or user.has_perm("enterprises.manage_registry"):
            return None
        if user.unit_id is None:
            return Q(pk__in=[])
        return Q(street__path__startswith=user.unit.path)

    @property
    def section_code(self) -> str:
        from .industry_data import division_section

        return division_section(self.industry_code) or ""

    @property
    def is_industrial(self) -> bool:
        return self.section_code in INDUSTRIAL_SECTIONS

    @property
    def former_name_list(self) -> list[str]:
        return [n.strip() for n in self.former_names.splitlines() if n.strip()]

    def clean(self):
        if self.credit_code:
            self.credit_code = uscc.normalise(self.credit_code)
        if self.industry_id and not self.industry_code:
            self.industry_code = self.industry.code
        if self.industry_id and self.industry.level == IndustryLevel.SECTION:
            raise ValidationError({"industry": _("Choose a division or a finer class, not a section.")})


#: The figure fields of EnterpriseFigure (all confidential), in display order.
FIGURE_FIELDS = [
    "main_revenue",
    "operating_revenue",
    "value_added",
    "tax_district",
    "tax_total",
    "profit",
    "employees",
    "energy_tce",
    "electricity_kwh",
    "rd_expense",
]


def _money(verbose):
    return models.DecimalField(verbose, max_digits=16, decimal_places=4, null=True, blank=True)


class EnterpriseFigure(BaseModel):
    """An enterprise's figures for a year (``month`` empty) or for one month (that month's own amount).

    Money in 万元. Every figure is confidential (``enterprises.view_confidential``) and may be missing: an empty
    figure is unknown, not zero.
    """

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    main_revenue = _money(_("main business revenue (万元)"))
    operating_revenue = _money(_("operating revenue (万元)"))
    value_added = _money(_("industrial value added (万元)"))
    tax_district = _money(_("district-level tax (万元)"))
    tax_total = _money(_("total tax (万元)"))
    profit = models.DecimalField(_("profit (万元)"), max_digits=16, decimal_places=4, null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    energy_tce = _money(_("energy consumption (tce)"))
    electricity_kwh = _money(_("electricity (万kWh)"))
    rd_expense = _money(_("R&D expense (万元)"))

    class Meta:
        verbose_name = _("enterprise figure")
        verbose_name_plural = _("enterprise figures")
        ordering = ["enterprise", "-year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "month"],
                name="figure_unique_period",
                nulls_distinct=False,
                violation_error_message=_("This enterprise already has figures for this period."),
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12), name="figure_month_range"
            ),
        ]

    def __str__(self) -> str:
        period = f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"
        return f"{self.enterprise} {period}"

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q | None:
        if action == "view" or user.has_perm("enterprises.manage_registry"):
            return None
        if user.unit_id is None:
            return Q(pk__in=[])
        return Q(enterprise__street__path__startswith=user.unit.path)

    def audit_parent(self):
        return self.enterprise


class EnterpriseYearStatus(BaseModel):
    """Whether an enterprise is 规上 (above designated size) in a year, and in which 四上 category."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="year_statuses"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=20, blank=True)
    is_above_scale = models.BooleanField(_("above designated size"), default=False)

    class Meta:
        verbose_name = _("enterprise year status")
        verbose_name_plural = _("enterprise year statuses")
        ordering = ["enterprise", "-year"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="year_status_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"

    def audit_parent(self):
        return self.enterprise
