"""Problems in the traffic-light flow of the daily warnings run (``core.registry.register_light_source``).

Set-based: one query reads every open, assigned problem with the few columns the rule needs; the colour is the
pure ``workflow.colour`` (original deadline: an approved extension does not move it). The handling unit answers.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gongjian.core.registry import LightResult

from . import workflow as wf
from .choices import ProblemState
from .models import Problem

__all__ = ["REASONS", "problem_lights"]

#: Reason codes of this source → their sentences (the numbers fill the placeholders).
REASONS = {
    "problem_overdue": _("Problem past its deadline {deadline} by {days_overdue} days."),
    "problem_due_soon": _("Problem due on {deadline}, in {days_to_due} days."),
    "problem_on_time": _("Problem due on {deadline}."),
    "problem_answered": _("The handling unit answered on {applied_on}, within the deadline {deadline}."),
}


def problem_lights(today: dt.date):
    """LightResult for every open problem that has a handling unit and a deadline."""
    blue_days = int(getattr(settings, "GONGJIAN_PROBLEM_BLUE_DAYS", 3))
    rows = (
        Problem.objects.exclude(state__in=[ProblemState.CLOSED, ProblemState.REGISTERED])
        .filter(handling_unit__isnull=False, deadline__isnull=False)
        .only("pk", "number", "title", "state", "deadline", "applied_on", "handling_unit_id", "leader_id")
        .order_by("pk")
    )
    for p in rows.iterator(chunk_size=2000):
        verdict = wf.colour(p.state, p.deadline, p.applied_on, today, blue_days)
        if verdict is None:
            continue
        colour, reason = verdict
        yield LightResult(
            obj=p,
            period="",
            colour=colour,
            reason=reason,
            unit_id=p.handling_unit_id,
            leader_id=p.leader_id,
            numbers={
                "deadline": p.deadline.isoformat(),
                "days_overdue": p.days_overdue(today),
                "days_to_due": (p.deadline - today).days,
                "applied_on": p.applied_on.isoformat() if p.applied_on else None,
            },
        )
