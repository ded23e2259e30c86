from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["BuildingGrade", "BuildingKind", "RegistrationBasis", "SpaceUse", "Tier"]


class BuildingKind(models.TextChoices):
    OFFICE = "office", _("Office building (写字楼)")
    COMPLEX = "complex", _("Commercial complex (商业综合体)")
    INDUSTRIAL = "industrial", _("Industrial building (产业楼宇)")
    SPECIALISED = "specialised", _("Specialised building (专业楼宇)")


class BuildingGrade(models.TextChoices):
    """Grades of GB/T 39069-2020 《商务楼宇等级划分要求》."""

    SUPER_A = "super_a", _("Super grade A (超甲级)")
    A = "a", _("Grade A (甲级)")
    B = "b", _("Grade B (乙级)")


class SpaceUse(models.TextChoices):
    SELF_USE = "self_use", _("Self-used (自用)")
    RENTED = "rented", _("Rented (出租)")
    SOLD = "sold", _("Sold (出售)")
    VACANT = "vacant", _("Vacant (空置)")


class Tier(models.TextChoices):
    """Building tiers by a year's building tax (thresholds in metrics.Config)."""

    YI = "yi", _("100-million building (亿元楼)")
    ZHUNYI = "zhunyi", _("Near-100-million building (准亿元楼)")
    QIANWAN = "qianwan", _("10-million building (千万元楼)")
    NONE = "", _("Below the tiers")


class RegistrationBasis(models.TextChoices):
    COUNT = "count", _("By number of tenants")
    AREA = "area", _("By leased area")
