"""The 亩产 evaluation run started from its page, as a background job: a city's tens of thousands of enterprises
take longer than a request should; the page follows the job's progress (enterprises evaluated)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjian.core.models import Job
from gongjian.core.services import Actor

from . import services
from .models import EvaluationYear

__all__ = ["CALCULATE_JOB", "TITLE", "run_calculate"]

CALCULATE_JOB = "landuse.calculate"
TITLE = gettext_lazy("Calculate the land-use evaluation")


def run_calculate(job: Job) -> dict[str, Any]:
    """The same service the button called, as the job's user; a refusal is the job's readable error."""
    evaluation = EvaluationYear.objects.restrict(job.user, "view").get(pk=job.params["evaluation"])
    run = services.calculate(Actor(user=job.user, ip=job.ip), evaluation)
    count = run.results.count()
    return {
        "ok": True,
        "message": _("Calculated: {count} enterprises evaluated.").format(count=count),
        "url": evaluation.get_absolute_url(),
    }
