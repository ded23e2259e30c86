"""A user's background jobs: the list, one job's page with its progress bar (htmx polls the fragment until the
job has finished) and its result, and the errors of a refused import as a workbook."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from ..excel import xlsx_response
from ..models import Job
from ..xlsx_import import RowError, error_report_bytes

__all__ = ["JobDetailView", "JobErrorsView", "JobListView"]

#: Errors of a refused import shown on the page; the workbook has them all.
ERRORS_SHOWN = 500


def _jobs(user):
    return Job.objects.restrict(user, "view").defer("data")


def _errors(job: Job) -> list[RowError]:
    return [RowError(e["row"], e["column"], e["message"]) for e in (job.result or {}).get("errors", [])]


class JobListView(LoginRequiredMixin, View):
    def get(self, request):
        page = Paginator(_jobs(request.user), 50).get_page(request.GET.get("page"))
        return render(request, "core/job_list.html", {"page": page, "title": _("My background jobs")})


class JobDetailView(LoginRequiredMixin, View):
    """The job's page; with htmx (or ``?fragment=1``) only the progress fragment, which polls while unfinished."""

    def get(self, request, pk):
        job = get_object_or_404(_jobs(request.user), pk=pk)
        errors = _errors(job)
        result = job.result or {}
        context = {
            "job": job,
            "result": result,
            "errors": errors[:ERRORS_SHOWN],
            "more_errors": max(0, result.get("error_count", 0) - min(len(errors), ERRORS_SHOWN)),
            "title": job.title,
        }
        fragment = getattr(request, "htmx", False) or request.GET.get("fragment")
        template = "core/job_progress.html" if fragment else "core/job_detail.html"
        return render(request, template, context)


class JobErrorsView(LoginRequiredMixin, View):
    """GET: every error of the job's refused import, as a workbook (行, 列, 错误)."""

    def get(self, request, pk):
        job = get_object_or_404(_jobs(request.user), pk=pk)
        return xlsx_response(error_report_bytes(_errors(job)), _("Import errors") + ".xlsx")
