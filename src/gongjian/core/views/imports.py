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
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from ..excel import XLSX_CONTENT_TYPE
from ..models import AuditLog
from ..services import Actor
from ..xlsx_import import ImportResult, error_report_response, store_error_report

__all__ = ["ACCEPTED_FILES", "ImportErrorsView", "ImportPermissionMixin", "ImportView", "UploadForm", "upload_field"]

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
