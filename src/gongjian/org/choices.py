from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["SECURITY_ROLES", "RoleChoices", "UnitKind"]


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party", _("Party committee (区委)")
    GOVERNMENT = "government", _("Government (区政府)")
    BUREAU = "bureau", _("Bureau / office (局/办)")
    STREET = "street", _("Street / town (街道/镇)")
    PARK = "park", _("Park (园区)")
    OTHER = "other", _("Other")


class RoleChoices(models.TextChoices):
    """The roles shipped with the platform. Each is a Group whose permissions come from ``roles.ROLE_PERMISSIONS``."""

    LEADER = "leader", _("Leader")
    SUPERVISOR = "supervisor", _("Supervision office")
    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    CLERK = "clerk", _("Unit clerk")
    CADRE = "cadre", _("Paired cadre")
    VIEWER = "viewer", _("Viewer")
    SYSADMIN = "sysadmin", _("System administrator")
    ORG_DEPT = "org_dept", _("Organisation department")
    DISCIPLINE = "discipline", _("Discipline inspection")
    SECADMIN = "secadmin", _("Security administrator")
    AUDITADMIN = "auditadmin", _("Audit administrator")


#: The three administrator roles of 三权分立: only a holder of ``accounts.grant_security_role`` (the security
#: administrator) grants or removes them.
SECURITY_ROLES = frozenset({RoleChoices.SYSADMIN, RoleChoices.SECADMIN, RoleChoices.AUDITADMIN})
