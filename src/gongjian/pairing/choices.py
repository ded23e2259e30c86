from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["GapKind", "PairingRole"]


class PairingRole(models.TextChoices):
    """The side a person takes in a pairing: the leader who answers for the enterprise, or a cadre who visits it."""

    LEADER = "leader", _("Pairing leader (包保领导)")
    CADRE = "cadre", _("Pairing cadre (包保干部)")


class GapKind(models.TextChoices):
    """The two 包保 gaps: an enterprise nobody is paired with, and a pairing whose person has not visited in time."""

    UNPAIRED = "unpaired", _("No paired cadre")
    NOT_VISITED = "not_visited", _("Not visited in time")
