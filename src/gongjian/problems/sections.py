"""The problems panel of the one-enterprise page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .choices import ProblemState
from .models import Problem

__all__ = ["problems_section"]

LIMIT = 15


def problems_section(request, enterprise):
    user = request.user
    if not user.has_perm("problems.view_problem"):
        return None
    qs = Problem.objects.restrict(user, "view").filter(enterprise=enterprise)
    rows = list(qs.select_related("category", "handling_unit").order_by("-raised_at", "-pk")[:LIMIT])
    return {
        "title": _("Problems"),
        "template": "problems/includes/section_problems.html",
        "rows": rows,
        "count": qs.count(),
        "open": qs.exclude(state=ProblemState.CLOSED).count(),
        "can_add": user.has_perm("problems.add_problem"),
        "order": 52,
    }
