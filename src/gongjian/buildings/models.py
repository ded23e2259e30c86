"""Building economy (楼宇经济): buildings, their spaces, tenancies (with a per-year tax table), 一楼一策 plans
and 腾楼换企 replacements. Tenants are enterprises of the registry (``enterprises.Enterprise``)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongjian.core.formats import cn_date
from gongjian.core.models import BaseModel
from gongjian.org.choices import UnitKind

from .choices import BuildingGrade, BuildingKind, SpaceUse

__all__ = [
    "Building",
    "BuildingFigures",
    "BuildingPlan",
    "PlanProgress",
    "Replacement",
    "Space",
    "Tenancy",
    "TenancyTax",
    "building_scope",
]

NON_NEGATIVE = [MinValueValidator(Decimal(0))]
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


def building_scope(user, prefix: str = "", action: str = "view") -> Q:
    """The buildings of the user's street (or unit subtree), and those the user is 楼长 of; to read, also those
    named in a campaign area or item the user's unit leads (the 商务局, lead unit of the building-economy work,
    sees those buildings; writing their data stays with the street)."""
    q = Q(**{f"{prefix}floor_leader": user})
    if user.unit_id is not None:
        q |= Q(**{f"{prefix}street__path__startswith": user.unit.path})
        if action == "view":
            by_area = Building.areas.through.objects.filter(area__lead_unit_id=user.unit_id).values("building_id")
            by_item = Building.items.through.objects.filter(item__lead_unit_id=user.unit_id).values("building_id")
            q |= Q(**{f"{prefix}pk__in": by_area}) | Q(**{f"{prefix}pk__in": by_item})
    return q


def _area(verbose):
    return models.DecimalField(verbose, max_digits=12, decimal_places=2, validators=NON_NEGATIVE)


class Building(BaseModel):
    """A commercial building (商务楼宇) the district follows: areas, property side, 楼长, tier."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    street = models.ForeignKey(
        "org.Unit",
        verbose_name=_("street"),
        on_delete=models.PROTECT,
        related_name="buildings",
        limit_choices_to={"kind": UnitKind.STREET},
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    kind = models.CharField(_("type"), max_length=12, choices=BuildingKind.choices, default=BuildingKind.OFFICE)
    grade = models.CharField(_("grade (GB/T 39069-2020)"), max_length=10, choices=BuildingGrade.choices, blank=True)
    owner = models.CharField(_("owner / operator"), max_length=100, blank=True)
    property_manager = models.CharField(_("property manager"), max_length=100, blank=True)
    property_contact = models.CharField(_("property contact"), max_length=30, blank=True)
    property_phone = models.CharField(_("property contact phone"), max_length=30, blank=True)
    floor_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("building leader (楼长)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_buildings",
    )
    main_business = models.CharField(_("main business (主导业态)"), max_length=60, blank=True)
    floor_area = _area(_("total floor area (m²)"))
    lettable_area = _area(_("lettable area (m²)"))
    floors = models.PositiveSmallIntegerField(_("floors"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    areas = models.ManyToManyField(
        "campaigns.Area",
        verbose_name=_("campaign areas"),
        blank=True,
        related_name="buildings",
        help_text=_("The areas of the campaign the building belongs to: every user of an area's lead unit sees it."),
    )
    items = models.ManyToManyField(
        "campaigns.Item",
        verbose_name=_("campaign items"),
        blank=True,
        related_name="buildings",
        help_text=_("The items of the campaign that work on the building: every user of an item's lead unit sees it."),
    )

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["name"]
        permissions = [("import_survey", _("Can import the quarterly building survey"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("buildings:building_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return building_scope(user, "", action)

    def clean(self):
        if self.floor_area is not None and self.lettable_area is not None and self.lettable_area > self.floor_area:
            raise ValidationError(
                {"lettable_area": _("The lettable area must not be larger than the total floor area.")}
            )


class Space(BaseModel):
    """A floor, room or area of a building and its use (自用/出租/出售/空置) as of the last survey."""

    building = models.ForeignKey(Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="spaces")
    floor = models.CharField(_("floor"), max_length=20)
    room = models.CharField(_("room / area"), max_length=40, blank=True)
    area = _area(_("area (m²)"))
    use = models.CharField(_("use"), max_length=10, choices=SpaceUse.choices, default=SpaceUse.VACANT)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["building", "floor", "room"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "floor", "room"],
                name="buildings_space_unique_room",
                violation_error_message=_("This building already has a space with this floor and room."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.building} {self.floor}{(' ' + self.room) if self.room else ''}"

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return building_scope(user, "building__", action)

    def audit_parent(self):
        return self.building

    def clean(self):
        if self.building_id and self.area is not None and self.area > self.building.lettable_area:
            raise ValidationError({"area": _("The space is larger than the building's lettable area.")})


class Tenancy(BaseModel):
    """An enterprise's tenancy in a building (入驻记录), with move-in and move-out: the move-in/move-out log.

    The move-out date is the first day the tenant is no longer in the building; an open tenancy has none.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="tenancies"
    )
    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="tenancies"
    )
    space = models.ForeignKey(
        Space, verbose_name=_("space"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tenancies"
    )
    leased_area = _area(_("leased area (m²)"))
    move_in = models.DateField(_("move-in date"), null=True, blank=True)
    move_out = models.DateField(_("move-out date"), null=True, blank=True)
    registered_local = models.BooleanField(_("registered in the district (属地注册)"), default=False)
    tax_local = models.BooleanField(_("pays tax in the district (属地纳税)"), default=False)
    leaving_intention = models.BooleanField(_("intends to move out"), default=False)
    leaving_reason = models.CharField(_("reason for moving out"), max_length=200, blank=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")
        ordering = ["building", "-move_in", "pk"]
        indexes = [models.Index(fields=["enterprise", "move_out"], name="buildings_tenancy_ent_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.building}"

    def get_absolute_url(self) -> str:
        return reverse("buildings:tenancy_edit", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return building_scope(user, "building__", action)

    def audit_parent(self):
        return self.building

    @property
    def is_current(self) -> bool:
        from django.utils import timezone

        today = timezone.localdate()
        return (self.move_in is None or self.move_in <= today) and (self.move_out is None or today < self.move_out)

    def clean(self):
        errors = {}
        if self.move_in and self.move_out and self.move_out < self.move_in:
            errors["move_out"] = _("The move-out date ({out}) is before the move-in date ({inn}).").format(
                out=cn_date(self.move_out), inn=cn_date(self.move_in)
            )
        if self.building_id and self.leased_area is not None and self.leased_area > self.building.lettable_area:
            errors["leased_area"] = _(
                "The leased area ({area} m²) is larger than the building's lettable area ({lettable} m²)."
            ).format(area=self.leased_area, lettable=self.building.lettable_area)
        if self.space_id and self.building_id and self.space.building_id != self.building_id:
            errors["space"] = _("The space belongs to another building.")
        elif self.space_id and self.leased_area is not None and self.space.area is not None:
            if self.leased_area > self.space.area:
                errors["leased_area"] = _(
                    "The leased area ({area} m²) is larger than the space ({space_area} m²)."
                ).format(area=self.leased_area, space_area=self.space.area)
        if errors:
            raise ValidationError(errors)
        if self.space_id:
            clash = self.overlapping().first()
            if clash is not None:
                raise ValidationError(
                    {
                        "space": _("The space is already let to {enterprise} from {start} to {end}.").format(
                            enterprise=clash.enterprise,
                            start=cn_date(clash.move_in) if clash.move_in else "—",
                            end=cn_date(clash.move_out) if clash.move_out else _("now"),
                        )
                    }
                )

    def overlapping(self):
        """Other tenancies of the same space whose period overlaps this one's ([move_in, move_out))."""
        qs = Tenancy.objects.filter(space_id=self.space_id).exclude(pk=self.pk).select_related("enterprise")
        if self.move_out is not None:
            qs = qs.filter(Q(move_in__isnull=True) | Q(move_in__lt=self.move_out))
        if self.move_in is not None:
            qs = qs.filter(Q(move_out__isnull=True) | Q(move_out__gt=self.move_in))
        return qs


class TenancyTax(BaseModel):
    """The district tax (万元) a tenancy brought in one year: the per-building figure that, when recorded,
    replaces the share computed from the enterprise's registry figure (see metrics.attribute_tax)."""

    tenancy = models.ForeignKey(Tenancy, verbose_name=_("tenancy"), on_delete=models.CASCADE, related_name="taxes")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    tax_district = models.DecimalField(
        _("district tax (万元)"), max_digits=14, decimal_places=2, validators=NON_NEGATIVE
    )

    class Meta:
        verbose_name = _("tenancy tax")
        verbose_name_plural = _("tenancy taxes")
        ordering = ["tenancy", "year"]
        constraints = [models.UniqueConstraint(fields=["tenancy", "year"], name="buildings_tenancytax_unique_year")]

    def __str__(self) -> str:
        return f"{self.tenancy} {self.year}"

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return building_scope(user, "tenancy__building__", action)

    def audit_parent(self):
        return self.tenancy.building


class BuildingPlan(BaseModel):
    """一楼一策: a building's plan for a year — targets, measures, who answers for it — and its quarterly progress."""

    building = models.ForeignKey(Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    target_occupancy = models.DecimalField(
        _("target occupancy (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    target_registration = models.DecimalField(
        _("target registration rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    target_tax = models.DecimalField(
        _("target tax (万元)"), max_digits=14, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    target_new_enterprises = models.PositiveIntegerField(_("target new enterprises"), null=True, blank=True)
    measures = models.TextField(_("measures"), blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="building_plans_led",
    )
    floor_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("building leader (楼长)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="building_plans",
    )

    class Meta:
        verbose_name = _("building plan (一楼一策)")
        verbose_name_plural = _("building plans (一楼一策)")
        ordering = ["-year", "building__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "year"],
                name="buildings_plan_unique_year",
                violation_error_message=_("This building already has a plan for this year."),
            )
        ]

    def __str__(self) -> str:
        return _("{building} plan {year}").format(building=self.building, year=self.year)

    def get_absolute_url(self) -> str:
        return reverse("buildings:plan_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return building_scope(user, "building__", action) | Q(floor_leader=user)

    def audit_parent(self):
        return self.building


class PlanProgress(BaseModel):
    """A quarter's progress on a plan: the figures reached and the share of the plan done (0–100)."""

    plan = models.ForeignKey(BuildingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="progress")
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    occupancy = models.DecimalField(
        _("occupancy (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    new_enterprises = models.PositiveIntegerField(_("new enterprises"), null=True, blank=True)
    narrative = models.TextField(_("progress"), blank=True)

    class Meta:
        verbose_name = _("plan progress")
        verbose_name_plural = _("plan progress")
        ordering = ["plan", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "quarter"],
                name="buildings_progress_unique_quarter",
                violation_error_message=_("Progress for this quarter is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} Q{self.quarter}"

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return building_scope(user, "plan__building__", action) | Q(plan__floor_leader=user)

    def audit_parent(self):
        return self.plan


class BuildingSurvey(BaseModel):
    """One quarter's survey of a building (楼宇季度调查) as imported: the day, the spaces and tenants it listed, the
    tenants it moved out and those that said they may leave. A later survey in the same quarter replaces it; the
    spaces and tenancies themselves keep their move-in/move-out history."""

    building = models.ForeignKey(Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="surveys")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    surveyed_on = models.DateField(_("survey date"))
    spaces = models.PositiveIntegerField(_("spaces surveyed"), default=0)
    tenants = models.PositiveIntegerField(_("tenants"), default=0)
    occupied_area = models.DecimalField(_("occupied area (m²)"), max_digits=12, decimal_places=2, default=0)
    moved_out = models.PositiveIntegerField(_("moved out"), default=0)
    leaving = models.PositiveIntegerField(_("may leave"), default=0)

    class Meta:
        verbose_name = _("building survey")
        verbose_name_plural = _("building surveys")
        ordering = ["building", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "year", "quarter"],
                name="buildings_survey_one_per_quarter",
                violation_error_message=_("The building already has a survey for this quarter."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.building} {self.year} Q{self.quarter}"

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return building_scope(user, "building__", action)

    def audit_parent(self):
        return self.building


class Replacement(BaseModel):
    """腾楼换企: a low-contribution tenancy vacated for a better one; tax per m² (元/m² per year) before and after."""

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="replacements"
    )
    vacated = models.ForeignKey(
        Tenancy, verbose_name=_("vacated tenancy"), on_delete=models.PROTECT, related_name="replaced_by"
    )
    replacement = models.ForeignKey(
        Tenancy,
        verbose_name=_("replacement tenancy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    date = models.DateField(_("date"))
    tax_per_m2_before = models.DecimalField(
        _("tax per m² before (元)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    tax_per_m2_after = models.DecimalField(
        _("tax per m² after (元)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("replacement (腾楼换企)")
        verbose_name_plural = _("replacements (腾楼换企)")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.vacated.enterprise} → {self.replacement.enterprise if self.replacement_id else '—'}"

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q:
        return building_scope(user, "building__", action)

    def audit_parent(self):
        return self.building

    def clean(self):
        if self.vacated_id and self.building_id and self.vacated.building_id != self.building_id:
            raise ValidationError({"vacated": _("The vacated tenancy is in another building.")})
        if self.replacement_id and self.building_id and self.replacement.building_id != self.building_id:
            raise ValidationError({"replacement": _("The replacement tenancy is in another building.")})
        if self.replacement_id and self.replacement_id == self.vacated_id:
            raise ValidationError({"replacement": _("A tenancy cannot replace itself.")})


def _figure(verbose, digits: int = 16):
    return models.DecimalField(verbose, max_digits=digits, decimal_places=2, null=True)


class BuildingFigures(models.Model):
    """A building's metrics for a year as judged on ``as_of`` (today within the year, 31 December after it):
    occupancy, tenants, registration, attributed tax, tax per m² and tier, stored so that the list sorts,
    filters and pages them in the database.

    Written only by :mod:`gongjian.buildings.figures`: the services refresh the figures of the buildings a write
    touches (and of the other buildings of the tenants concerned, whose tax is split with them), the daily
    warnings run recomputes them all and repairs any that disagree with the data.
    """

    building = models.ForeignKey(Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField(_("year"))
    as_of = models.DateField(_("as of"))
    occupied_area = _figure(_("occupied area (m²)"))
    vacant_area = _figure(_("vacant area (m²)"))
    occupancy = _figure(_("occupancy (%)"), 7)
    registration_rate = _figure(_("registered locally (%)"), 7)
    tax_local_rate = _figure(_("taxed locally (%)"), 7)
    tax_total = _figure(_("tax (万元)"))
    tax_unknown = models.PositiveIntegerField(_("tenancies with unknown tax"), default=0)
    tax_per_m2 = _figure(_("tax per m² (元)"))
    tier = models.CharField(_("tier"), max_length=10, blank=True)
    tier_rank = models.PositiveSmallIntegerField(_("tier rank"), default=0)
    tenant_count = models.PositiveIntegerField(_("tenants"), default=0)
    new_tenants = models.PositiveIntegerField(_("new tenants"), default=0)

    class Meta:
        verbose_name = _("building figures")
        verbose_name_plural = _("building figures")
        constraints = [models.UniqueConstraint(fields=["building", "year"], name="building_figures_year")]
        indexes = [
            models.Index(fields=["year", "occupancy"], name="bfig_occupancy"),
            models.Index(fields=["year", "tax_per_m2"], name="bfig_tax_per_m2"),
            models.Index(fields=["year", "tax_total"], name="bfig_tax"),
            models.Index(fields=["year", "tier_rank", "tax_total"], name="bfig_tier"),
            models.Index(fields=["year", "tenant_count"], name="bfig_tenants"),
            models.Index(fields=["year", "registration_rate"], name="bfig_registration"),
        ]

    def __str__(self) -> str:
        return f"{self.building_id} {self.year}"
