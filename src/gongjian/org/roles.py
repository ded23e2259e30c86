"""The role × permission matrix: the one place that says what each shipped role may do.

Roles are Django groups named by ``RoleChoices`` values; ``sync_roles()`` (run by ``migrate`` and by
``gongjian sync_roles``) gives each group exactly these permissions. Code never tests role names: it asks
``user.has_perm(...)`` or ``Model.objects.restrict(user, action)``. An administrator may create further groups.
Later modules extend ``ROLE_PERMISSIONS`` from their own ``roles.py`` through ``register_role_permissions``.
"""

from __future__ import annotations

from .choices import RoleChoices

__all__ = ["ROLE_PERMISSIONS", "register_role_permissions", "sync_roles"]

R = RoleChoices

_VIEW_CAMPAIGN = [
    "campaigns.view_campaign",
    "campaigns.view_area",
    "campaigns.view_item",
    "campaigns.view_milestone",
    "campaigns.view_report",
    "campaigns.view_reportattachment",
    "campaigns.view_leaderaction",
    "org.view_unit",
]

ROLE_PERMISSIONS: dict[str, set[str]] = {
    R.LEADER: {
        *_VIEW_CAMPAIGN,
        "org.scope_all",
        "campaigns.add_leaderaction",
        "org.view_user",
    },
    R.SUPERVISOR: {
        *_VIEW_CAMPAIGN,
        "org.scope_all",
        "org.view_user",
        "campaigns.add_campaign",
        "campaigns.change_campaign",
        "campaigns.add_area",
        "campaigns.change_area",
        "campaigns.delete_area",
        "campaigns.add_item",
        "campaigns.change_item",
        "campaigns.delete_item",
        "campaigns.import_item",
        "campaigns.add_milestone",
        "campaigns.change_milestone",
        "campaigns.delete_milestone",
        "campaigns.complete_milestone",
        "campaigns.review_report",
        "campaigns.add_leaderaction",
        "campaigns.delete_leaderaction",
        "core.view_auditlog",
    },
    R.UNIT_ADMIN: {
        *_VIEW_CAMPAIGN,
        "org.view_user",
        "campaigns.report_item",
        "campaigns.add_report",
        "campaigns.complete_milestone",
    },
    R.CLERK: {
        *_VIEW_CAMPAIGN,
        "campaigns.report_item",
        "campaigns.add_report",
        "campaigns.complete_milestone",
    },
    R.CADRE: {*_VIEW_CAMPAIGN},
    R.VIEWER: {*_VIEW_CAMPAIGN},
    R.SYSADMIN: {
        *_VIEW_CAMPAIGN,
        "org.scope_all",
        "org.view_user",
        "org.add_user",
        "org.change_user",
        "org.add_unit",
        "org.change_unit",
    },
    # 三权分立 (GB/T 22239 8.1.5): the system administrator above keeps users, units and settings but neither
    # reads the audit log nor grants the administrator roles; the security administrator grants roles and keeps
    # the login locks and the account policy, and changes no business data; the audit administrator reads and
    # exports the audit log and changes nothing.
    R.SECADMIN: {
        "org.view_user",
        "org.scope_all",
        "accounts.view_loginlock",
        "accounts.lift_loginlock",
        "accounts.grant_security_role",
    },
    R.AUDITADMIN: {"core.view_auditlog"},
}


def register_role_permissions(extra: dict[str, set[str] | list[str]]) -> None:
    """Add a module's permissions to the shipped roles (called from the module's AppConfig.ready)."""
    for role, perms in extra.items():
        ROLE_PERMISSIONS.setdefault(role, set()).update(perms)


def sync_roles(verbosity: int = 0) -> None:
    """Create the role groups and give each exactly the permissions of the matrix."""
    from django.contrib.auth.models import Group, Permission

    perms_by_key = {
        f"{p.content_type.app_label}.{p.codename}": p for p in Permission.objects.select_related("content_type")
    }
    for role, keys in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=str(role))
        unknown = sorted(k for k in keys if k not in perms_by_key)
        if unknown:
            raise LookupError(f"role {role}: unknown permissions {unknown}")
        group.permissions.set([perms_by_key[k] for k in keys])
        if verbosity:
            print(f"role {role}: {len(keys)} permissions")
