"""Sections of "我的工作" (my work) contributed by supervision: 督办 to answer, 督办 to close."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .choices import SupervisionStatus
from .models import Supervision

__all__ = ["supervisions_to_close", "supervisions_to_reply"]

LIMIT = 50


def supervisions_to_reply(request):
    """督办 addressed to the user's unit that await its reply."""
    user = request.user
    if not user.has_perm("supervision.reply_supervision"):
        return None
    qs = (
        Supervision.objects.restrict(user, "reply")
        .filter(status=SupervisionStatus.OPEN)
        .select_related("unit")
        .order_by("reply_by", "pk")
    )
    return {
        "title": _("Supervisions to answer"),
        "template": "supervision/includes/my_work_supervisions.html",
        "rows": list(qs[:LIMIT]),
        "count": qs.count(),
    }


def supervisions_to_close(request):
    """督办 the units have answered, for the supervision office to close."""
    user = request.user
    if not user.has_perm("supervision.close_supervision"):
        return None
    qs = (
        Supervision.objects.restrict(user, "view")
        .filter(status=SupervisionStatus.REPLIED)
        .select_related("unit")
        .order_by("reply_by", "pk")
    )
    return {
        "title": _("Supervisions to close"),
        "template": "supervision/includes/my_work_supervisions.html",
        "rows": list(qs[:LIMIT]),
        "count": qs.count(),
    }
