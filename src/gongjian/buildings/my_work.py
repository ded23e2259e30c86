"""The "我的工作" section of the building economy: 一楼一策 plans of the user as 楼长 (or of the user's street)
whose progress for the last ended quarter is not yet recorded."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import BuildingPlan, PlanProgress

__all__ = ["plans_to_report"]

LIMIT = 50


def last_ended_quarter(today: dt.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3
    return (today.year, quarter) if quarter else (today.year - 1, 4)


def plans_to_report(request):
    user = request.user
    if not user.has_perm("buildings.add_planprogress"):
        return None
    year, quarter = last_ended_quarter(timezone.localdate())
    qs = (
        BuildingPlan.objects.restrict(user, "view")
        .filter(year=year)
        .exclude(Exists(PlanProgress.objects.filter(plan=OuterRef("pk"), quarter=quarter)))
        .select_related("building")
        .order_by("building__name")
    )
    if not user.has_perm("org.scope_all"):
        qs = qs.filter(floor_leader=user)
    rows = list(qs[:LIMIT])
    if not rows:
        return None
    return {
        "title": _("Building plans: quarterly progress to record"),
        "template": "buildings/includes/my_work_plans.html",
        "rows": rows,
        "quarter": quarter,
        "count": qs.count(),
    }
