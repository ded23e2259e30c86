"""Writes on units and users (system administrators): permission, transaction, audit."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongjian.core.services import Actor, assign_fields, record, require, require_object, snapshot

from .choices import SECURITY_ROLES, RoleChoices
from .models import Unit, User

__all__ = ["create_unit", "create_user", "set_roles", "update_unit", "update_user"]

#: The permission (of gongjian.accounts) that grants and removes the administrator roles.
GRANT_SECURITY_ROLE = "accounts.grant_security_role"
UNIT_FIELDS = ["name", "short_name", "code", "kind", "parent", "sort_order", "is_active"]
USER_FIELDS = ["username", "display_name", "title", "first_name", "last_name", "email", "unit", "phone", "is_active"]


def _parent_path(unit: Unit) -> str:
    """The parent's path as the database has it now: a parent instance held by the caller may be stale."""
    if not unit.parent_id:
        return "/"
    return Unit.objects.values_list("path", flat=True).get(pk=unit.parent_id)


def _set_path(unit: Unit) -> None:
    unit.path = f"{_parent_path(unit)}{unit.pk}/"


@transaction.atomic
def create_unit(actor: Actor, **data) -> Unit:
    require(actor, Unit, "add")
    unit = Unit()
    assign_fields(unit, data, UNIT_FIELDS)
    unit.full_clean(exclude=["path"])
    unit.save()
    _set_path(unit)
    unit.save(update_fields=["path"])
    record(actor, "unit.create", unit, after=snapshot(unit))
    return unit


@transaction.atomic
def update_unit(actor: Actor, unit: Unit, **data) -> Unit:
    require_object(actor, unit, "change")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit)
    old_path = unit.path
    assign_fields(unit, data, UNIT_FIELDS)
    if unit.parent_id:
        if unit.parent_id == unit.pk or _parent_path(unit).startswith(old_path):
            raise ValidationError({"parent": _("A unit cannot be placed below itself.")})
    unit.full_clean(exclude=["path"])
    _set_path(unit)
    unit.save()
    if unit.path != old_path:
        # Move the whole subtree: every descendant's path starts with the old prefix.
        for sub in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            sub.path = unit.path + sub.path[len(old_path) :]
            sub.save(update_fields=["path"])
    record(actor, "unit.update", unit, before=before, after=snapshot(unit))
    return unit


def _roles_after(user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


@transaction.atomic
def create_user(actor: Actor, *, password: str | None = None, roles: Iterable[str] = (), **data) -> User:
    require(actor, User, "add")
    user = User()
    assign_fields(user, data, USER_FIELDS)
    if password:
        from django.contrib.auth.password_validation import validate_password

        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    _apply_roles(actor, user, roles)
    after = snapshot(user)
    after["roles"] = _roles_after(user)
    record(actor, "user.create", user, after=after)
    return user


@transaction.atomic
def update_user(actor: Actor, user: User, **data) -> User:
    require_object(actor, user, "change")
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user)
    assign_fields(user, data, USER_FIELDS)
    user.full_clean(exclude=["password"])
    user.save()
    record(actor, "user.update", user, before=before, after=snapshot(user))
    return user


def _apply_roles(actor: Actor, user: User, roles: Iterable[str]) -> None:
    roles = list(roles)
    unknown = [r for r in roles if r not in RoleChoices.values]
    if unknown:
        raise ValidationError({"roles": _("Unknown roles: {roles}").format(roles=", ".join(unknown))})
    changed = set(roles) ^ set(user.groups.values_list("name", flat=True)) if user.pk else set(roles)
    if changed & SECURITY_ROLES and not actor.has_perm(GRANT_SECURITY_ROLE):
        raise PermissionDenied(f"{GRANT_SECURITY_ROLE} required to grant or remove an administrator role")
    user.groups.set(Group.objects.filter(name__in=roles))
    # The system administrator works in the administration site; no other role does (a superuser keeps it).
    staff = RoleChoices.SYSADMIN in roles or user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def set_roles(actor: Actor, user: User, roles: Iterable[str]) -> User:
    """Give ``user`` exactly ``roles``: the system administrator (``org.change_user``) the business roles, the
    security administrator (``accounts.grant_security_role``) any role."""
    if not actor.has_perm(GRANT_SECURITY_ROLE):
        require_object(actor, user, "change")
    user = User.objects.select_for_update().get(pk=user.pk)
    before = {"roles": _roles_after(user)}
    _apply_roles(actor, user, roles)
    record(actor, "user.roles", user, before=before, after={"roles": _roles_after(user)})
    return user
