from django.db import models
from django.utils.translation import gettext_lazy as _


class EvaluationStatus(models.TextChoices):
    """企业填报 → 部门审核 → 企业确认 → 评价测算 → 公示 → 公布 (domain.md §1.7)."""

    COLLECTING = "collecting", _("Collecting data")
    REVIEWING = "reviewing", _("Department review")
    CONFIRMING = "confirming", _("Enterprise confirmation")
    CALCULATED = "calculated", _("Calculated")
    PUBLICITY = "publicity", _("Public notice")
    PUBLISHED = "published", _("Published")


class InputStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed by the department")
    CONFIRMED = "confirmed", _("Confirmed by the enterprise")


class Department(models.TextChoices):
    """Who delivers which figures (domain.md §1.7)."""

    TAX = "tax", _("Tax bureau")
    LAND = "land", _("Natural resources bureau")
    STATISTICS = "statistics", _("Statistics bureau")
    ENERGY = "energy", _("Development and reform / power supply")
    ENVIRONMENT = "environment", _("Ecology and environment bureau")
    SCIENCE = "science", _("Science and technology bureau")


class Group(models.TextChoices):
    ABOVE = "above", _("Above designated size")
    BELOW = "below", _("Below designated size")


class ResultStatus(models.TextChoices):
    RATED = "rated", _("Rated")
    NOT_RATED = "not_rated", _("Not rated (T)")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


class EfficiencyClass(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    T = "T", "T"


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", _("Rejected")


class PolicyType(models.TextChoices):
    LAND = "land", _("Land supply")
    ELECTRICITY = "electricity", _("Electricity price")
    WATER = "water", _("Water price")
    GAS = "gas", _("Gas price")
    EMISSIONS = "emissions", _("Emission quota and charges")
    ENERGY_QUOTA = "energy_quota", _("Energy-use quota")
    CREDIT = "credit", _("Credit")
    FUNDS = "funds", _("Government funds and awards")
    OTHER = "other", _("Other")


class LowEfficiencyKind(models.TextChoices):
    """五类低效用地 (domain.md §1.9)."""

    APPROVED_NOT_SUPPLIED = "approved_not_supplied", _("Approved, not supplied (批而未供)")
    SUPPLIED_NOT_USED = "supplied_not_used", _("Supplied, not used (供而未用)")
    USED_NOT_FULLY = "used_not_fully", _("Used, not fully (用而未尽)")
    BUILT_NOT_PRODUCING = "built_not_producing", _("Built, not producing (建而未投)")
    PRODUCING_BELOW_STANDARD = "producing_below_standard", _("Producing below standard (投而未达标)")


class DisposalMethod(models.TextChoices):
    RECOVER = "recover", _("Take back (收回)")
    SWAP = "swap", _("Exchange by agreement (协议置换)")
    MERGER = "merger", _("Merger and restructuring (兼并重组)")
    UPGRADE = "upgrade", _("Technical upgrade (技改提升)")
    ATTRACT = "attract", _("Bring in a new investor (招商盘活)")
    OTHER = "other", _("Other")


class DisposalStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
