from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongjian.campaigns.choices import ReportStatus

from . import rules

__all__ = ["UNITS", "UNIT_FACTORS", "ActualStatus", "Comparator", "Direction", "Frequency", "IndicatorKind"]


class Direction(models.TextChoices):
    HIGHER = rules.HIGHER, _("Higher is better")
    LOWER = rules.LOWER, _("Lower is better")


class IndicatorKind(models.TextChoices):
    CUMULATIVE = rules.CUMULATIVE, _("Cumulative count or sum")
    LEVEL = rules.LEVEL, _("Level")
    RATE = rules.RATE, _("Rate")
    GROWTH = rules.GROWTH, _("Growth %")


class Comparator(models.TextChoices):
    GE = ">=", "≥"
    GT = ">", ">"
    LE = "<=", "≤"
    LT = "<", "<"
    EQ = "=", "="
    RANGE = "range", _("Range")


class Frequency(models.TextChoices):
    """The rules judge monthly and weekly periods; a quarterly figure is entered in the quarter's last month."""

    MONTHLY = "monthly", _("Monthly")
    WEEKLY = "weekly", _("Weekly")


#: An actual's review follows a progress report's: the same states.
ActualStatus = ReportStatus


#: Units as Chinese users write them. Amounts of money convert between each other (factor to 万元).
UNITS = ["家", "个", "项", "人", "亿元", "万元", "元", "%", "亩", "平方米", "万平方米", "吨", "吨标准煤", "万千瓦时"]
UNIT_FACTORS = {"亿元": Decimal(10000), "万元": Decimal(1), "元": Decimal("0.0001")}
