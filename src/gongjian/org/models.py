"""Organisation: units (单位) in a hierarchy, and the users who belong to them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongjian.core.models import BaseModel, RestrictedQuerySet

from .choices import RoleChoices, UnitKind

__all__ = ["Unit", "User"]


class Unit(BaseModel):
    """A unit of the district or city: 区委, 区政府, a bureau, a street or town, a park.

    ``path`` is the materialised path of primary keys from the root (``/1/7/``): scope checks select a unit
    and everything below it with one ``startswith`` on an indexed column.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    code = models.CharField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.BUREAU)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False, default="")
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.short_name or self.name

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q | None:
        # Unit names are not secret: every user may see the organisation chart.
        return None

    def descendants_q(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}path__startswith": self.path})


class UserQuerySet(RestrictedQuerySet):
    pass


class GongjianUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who logs in. Belongs to one unit; holds roles through groups."""

    display_name = models.CharField(
        _("display name"), max_length=60, blank=True, help_text=_("Shown in lists; leaders are named by title.")
    )
    title = models.CharField(pgettext_lazy("a person's position", "title"), max_length=60, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = GongjianUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        permissions = [("scope_all", _("Can see the whole campaign, not only the own unit"))]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @classmethod
    def scope_q(cls, user, action: str = "view") -> Q | None:
        if user.unit_id is None:
            return Q(pk=user.pk)
        return Q(unit__path__startswith=user.unit.path) | Q(pk=user.pk)

    def audit_parent(self):
        return None

    @property
    def role_codes(self) -> list[str]:
        return [g.name for g in self.groups.all() if g.name in RoleChoices.values]

    @property
    def role_labels(self) -> list[str]:
        return [str(RoleChoices(c).label) for c in self.role_codes]


def is_leader(user) -> bool:
    """Whether ``user`` may be named a responsible leader: holds the leader role (the one place that says so)."""
    return user is not None and user.groups.filter(name=RoleChoices.LEADER).exists()


def leaders_queryset():
    return User.objects.filter(groups__name=RoleChoices.LEADER, is_active=True).distinct()
