"""Signing a bulletin as a background job: rendering the .docx, the PDF (LibreOffice) and the Excel of a city's
bulletin takes longer than a request should, so the page queues the job and shows its progress (files rendered)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjian.core.models import AuditLog, Job
from gongjian.core.services import Actor

from . import services
from .models import Bulletin

__all__ = ["ISSUE_JOB", "run_issue"]

ISSUE_JOB = "bulletins.issue"
TITLE = gettext_lazy("Sign and issue a bulletin")


def run_issue(job: Job) -> dict[str, Any]:
    """The job's work: the same service the page called, as the job's user (a refusal is the job's error)."""
    bulletin = Bulletin.objects.restrict(job.user, "view").get(pk=job.params["bulletin"])
    issued = services.issue_bulletin(Actor(user=job.user, ip=job.ip, source=AuditLog.Source.WEB), bulletin)
    return {
        "ok": True,
        "message": _("Signed and issued as {number}.").format(number=issued.doc_number),
        "url": issued.get_absolute_url(),
    }
