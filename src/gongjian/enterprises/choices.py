from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["EnterpriseStatus", "IndustryLevel"]


class EnterpriseStatus(models.TextChoices):
    OPERATING = "operating", _("Operating (在营)")
    SUSPENDED = "suspended", _("Suspended (停产)")
    CANCELLED = "cancelled", _("Cancelled (注销)")
    MOVED_OUT = "moved_out", _("Moved out (迁出)")


class IndustryLevel(models.TextChoices):
    SECTION = "section", _("Section (门类)")
    DIVISION = "division", _("Division (大类)")
    GROUP = "group", _("Group (中类)")
    CLASS = "class", _("Class (小类)")
