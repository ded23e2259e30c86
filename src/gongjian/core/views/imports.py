"""The one import flow: upload, template download, check, per-row report, write (all or nothing), audit.

Every import declares itself in a few lines — its permission, form, the function that reads and writes (which
calls the app's service and so writes the audit record), where to go on success — and gets the same pages:

    class ItemImportView(ImportView):
        permission = "campaigns.import_item"
        title = gettext_lazy("Import the task list from Excel")
        template_name = "campaigns/item_import.html"
        form_class = ItemImportForm
        errors_url_name = "campaigns:item_import_errors"

        def run(self, actor, data, upload):
            return import_items(actor, data["campaign"], upload)

A refused file re-renders the form with the errors by row and column (the first ``errors_shown``) and a link to
the complete report as a workbook; columns that were ignored are shown as warnings either way.

The import runs as a background job (gongjian.core.jobs): the form is checked in the request, the file is kept
with the job, the page answers at once with the job's progress, and the worker re-checks the form as the user
(their scope may have changed) and runs the same ``run``. With ``GONGJIAN_JOBS_IMMEDIATE`` it runs in the request.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from .. import jobs
from ..excel import XLSX_CONTENT_TYPE
from ..models import AuditLog, Job
from ..registry import register_job
from ..services import Actor
from ..xlsx_import import ImportResult, error_report_response, read_upload, store_error_report
from ..xlsx_import.sources import UploadRefused

__all__ = [
    "ACCEPTED_FILES",
    "IMPORT_JOB",
    "ImportErrorsView",
    "ImportPermissionMixin",
    "ImportView",
    "UploadForm",
    "import_result",
    "upload_field",
]

#: The kind of job an import page starts.
IMPORT_JOB = "core.import"

#: What the file input offers; the reading layer decides by content, not by this.
ACCEPTED_FILES = f".xlsx,.xls,.csv,{XLSX_CONTENT_TYPE},application/vnd.ms-excel,text/csv"


def upload_field() -> forms.FileField:
    return forms.FileField(
        label=gettext_lazy("Excel or CSV file (.xlsx, .xls, .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )


class UploadForm(forms.Form):
    """The file alone; imports that need more (the campaign) subclass it."""

    file = upload_field()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class ImportPermissionMixin(LoginRequiredMixin):
    """Anonymous users go to the login page; a user without ``permission`` (or ``has_import_permission``) gets 403."""

    permission = ""

    def has_import_permission(self, user) -> bool:
        return user.has_perm(self.permission)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.has_import_permission(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportView(ImportPermissionMixin, View):
    """GET: the upload form. POST: check the file; every error is listed and nothing is written, or every row is."""

    title: Any = ""
    template_name = "core/import.html"
    form_class: type[forms.Form] = UploadForm
    errors_url_name = ""
    errors_shown = 500

    # --- the declaration -------------------------------------------------------------------------------------
    def run(self, actor: Actor, data: dict[str, Any], upload) -> ImportResult:
        """Read and write through the app's service; return its result."""
        raise NotImplementedError

    def success_url(self, data: dict[str, Any], result: ImportResult) -> str:
        raise NotImplementedError

    def success_message(self, data: dict[str, Any], result: ImportResult) -> str:
        count = len(result.created) or len(result.rows)
        return ngettext("Imported {count} row.", "Imported {count} rows.", count).format(count=count)

    def get_initial(self) -> dict[str, Any]:
        return {}

    def extra_context(self) -> dict[str, Any]:
        return {}

    # --- the flow --------------------------------------------------------------------------------------------
    def get(self, request, *args, **kwargs):
        return self.render(self.form_class(initial=self.get_initial(), user=request.user))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        actor = Actor.from_request(request, source=AuditLog.Source.IMPORT)
        if not getattr(settings, "GONGJIAN_JOBS_IMMEDIATE", False):
            try:
                data = read_upload(upload)
            except UploadRefused as exc:
                form.add_error("file", exc.message)
                return self.render(form, status=400)
            fields = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
            view = f"{type(self).__module__}.{type(self).__qualname__}"
            params = {"view": view, "fields": fields, "kwargs": kwargs}
            job = jobs.start(actor, IMPORT_JOB, params=params, data=data, file_name=upload.name or "")
            return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
        result = self.run(actor, form.cleaned_data, upload)
        if result.ok:
            messages.success(request, self.success_message(form.cleaned_data, result))
            for warning in result.warnings:
                messages.warning(request, warning)
            return HttpResponseRedirect(self.success_url(form.cleaned_data, result))
        token = store_error_report(request, result.errors)
        return self.render(
            form,
            status=400,
            result=result,
            errors=result.errors[: self.errors_shown],
            more_errors=result.error_count - min(len(result.errors), self.errors_shown),
            report_url=reverse(self.errors_url_name, args=[token]),
            file_name=upload.name,
            warnings=result.warnings,
        )

    def render(self, form, status: int = 200, **context):
        return render(
            self.request,
            self.template_name,
            {"title": self.title, "form": form, **self.extra_context(), **context},
            status=status,
        )


class ImportErrorsView(ImportPermissionMixin, View):
    """GET: the errors of this session's failed import, as a workbook (行, 列, 错误)."""

    def get(self, request, token: str, **kwargs):
        return error_report_response(request, token, _("Import errors") + ".xlsx")


def import_result(result: ImportResult, **extra: Any) -> dict[str, Any]:
    """What a finished import keeps with its job: the count written (and where to look), or every error."""
    payload: dict[str, Any] = {"ok": result.ok, "warnings": [str(w) for w in result.warnings], **extra}
    if result.ok:
        payload["imported"] = len(result.created) or len(result.rows)
    else:
        payload["error_count"] = result.error_count
        payload["errors"] = [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors]
    return payload


def _run_import_job(job: Job) -> dict[str, Any]:
    """The worker's half of an import page: the view's form checked again as the job's user, then its ``run``."""
    params = job.params
    view_class = import_string(params["view"])
    if not (isinstance(view_class, type) and issubclass(view_class, ImportView)):
        raise ValueError(f"{params['view']} is not an import")
    request = HttpRequest()
    request.user = job.user
    request.method = "POST"
    view = view_class()
    view.setup(request, **params.get("kwargs", {}))
    if not view.has_import_permission(job.user):
        raise PermissionDenied
    post = QueryDict(mutable=True)
    for key, values in params.get("fields", {}).items():
        post.setlist(key, values)
    upload = SimpleUploadedFile(job.file_name or "upload", bytes(job.data))
    form = view.form_class(post, {"file": upload}, user=job.user)
    if not form.is_valid():
        errors = [f"{form.fields[f].label if f in form.fields else ''}：{'；'.join(m)}" for f, m in form.errors.items()]
        raise ValidationError(errors)
    actor = Actor(user=job.user, ip=job.ip, source=AuditLog.Source.IMPORT)
    result = view.run(actor, form.cleaned_data, upload)
    if not result.ok:
        return import_result(result)
    return import_result(
        result,
        message=str(view.success_message(form.cleaned_data, result)),
        url=view.success_url(form.cleaned_data, result),
    )


register_job(IMPORT_JOB, gettext_lazy("Excel import"), _run_import_job)
