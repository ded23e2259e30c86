"""Sections of "我的工作" from the problem ledger: problems waiting for the user's unit, and for the 督查 office."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import workflow as wf
from .choices import ProblemState
from .models import Problem

__all__ = ["problems_to_handle", "problems_to_supervise"]

LIMIT = 50


def problems_to_handle(request):
    """Problems assigned to the user's unit that the unit has not answered yet (or that came back)."""
    user = request.user
    if not user.has_perm("problems.handle_problem"):
        return None
    qs = (
        Problem.objects.restrict(user, "handle")
        .filter(state__in=wf.WORKING_STATES)
        .select_related("enterprise", "item", "handling_unit")
        .order_by("deadline", "pk")
    )
    return {
        "title": _("Problems to handle"),
        "template": "problems/includes/my_work_problems.html",
        "rows": list(qs[:LIMIT]),
        "count": qs.count(),
    }


def problems_to_supervise(request):
    """Problems waiting for the supervision office: to assign, to verify, to close out, extensions to decide."""
    user = request.user
    wanted = Q(pk__in=[])
    if user.has_perm("problems.assign_problem"):
        wanted |= Q(state=ProblemState.REGISTERED)
    if user.has_perm("problems.verify_problem"):
        wanted |= Q(state=ProblemState.APPLIED) & ~Q(applied_by=user)
    if user.has_perm("problems.close_problem"):
        # A leader closes out the problems they answer for; the 督查 office all of them.
        mine = Q() if user.has_perm("problems.assign_problem") else Q(leader=user)
        wanted |= Q(state=ProblemState.VERIFIED) & ~Q(applied_by=user) & mine
    if user.has_perm("problems.extend_problem"):
        wanted |= Q(extension_requested_deadline__isnull=False) & ~Q(extension_requested_by=user)
    if not any(
        user.has_perm(p) for p in ("problems.assign_problem", "problems.verify_problem", "problems.close_problem")
    ):
        return None
    qs = (
        Problem.objects.restrict(user, "view")
        .filter(wanted)
        .select_related("enterprise", "item", "handling_unit")
        .order_by("raised_at", "pk")
    )
    return {
        "title": _("Problems waiting for a decision"),
        "template": "problems/includes/my_work_problems.html",
        "rows": list(qs[:LIMIT]),
        "count": qs.count(),
    }
