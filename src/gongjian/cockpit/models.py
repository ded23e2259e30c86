"""The cockpit stores nothing. Its one model holds the permission to open it (no table: ``managed = False``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Cockpit"]


class Cockpit(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_cockpit", _("Can open the cockpit"))]
        verbose_name = _("cockpit")
        verbose_name_plural = _("cockpit")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
