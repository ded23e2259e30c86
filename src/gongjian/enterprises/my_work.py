"""The "我的工作" section of the registry: the 小升规 enterprises a cadre is responsible for."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .choices import CultivationStatus
from .models import CultivationRecord

__all__ = ["my_cultivation"]

LIMIT = 50


def my_cultivation(request):
    """Active cultivation plans whose responsible cadre is the user (None when there are none)."""
    user = request.user
    if not user.has_perm("enterprises.view_cultivationrecord"):
        return None
    qs = (
        CultivationRecord.objects.restrict(user, "view")
        .filter(cadre=user, status=CultivationStatus.ACTIVE)
        .select_related("enterprise", "enterprise__street")
        .order_by("enterprise__name")
    )
    rows = list(qs[: LIMIT + 1])
    if not rows:
        return None
    return {
        "title": _("My 小升规 enterprises"),
        "template": "enterprises/includes/my_work_cultivation.html",
        "rows": rows[:LIMIT],
        "count": qs.count() if len(rows) > LIMIT else len(rows),
    }
