"""The quarterly survey import: template download, upload page, error report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from gongjian.core.excel import xlsx_response
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.core.xlsx_import import error_report_response, store_error_report

from .forms import SurveyImportForm
from .imports import import_survey, survey_template_bytes

PERMISSION = "buildings.import_survey"
ERRORS_SHOWN = 500


class _Perm(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SurveyTemplateView(_Perm, View):
    def get(self, request):
        return xlsx_response(survey_template_bytes(), _("Building survey template") + ".xlsx")


class SurveyImportView(_Perm, View):
    template_name = "buildings/survey_import.html"

    def get(self, request):
        initial = {}
        value = request.GET.get("building", "")
        if value.isdigit():
            initial["building"] = int(value)
        return self.render(SurveyImportForm(user=request.user, initial=initial))

    def post(self, request):
        form = SurveyImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render(form, status=400)
        building = form.cleaned_data["building"]
        upload = form.cleaned_data["file"]
        actor = Actor.from_request(request, source=AuditLog.Source.IMPORT)
        result = import_survey(actor, building, form.cleaned_data["survey_date"], upload)
        if result.ok:
            count = len(result.rows)
            text = ngettext("Imported {count} row.", "Imported {count} rows.", count).format(count=count)
            gone = len(getattr(result, "moved_out", []))
            if gone:
                text += " " + ngettext(
                    "{count} tenant not in the survey was recorded as moved out.",
                    "{count} tenants not in the survey were recorded as moved out.",
                    gone,
                ).format(count=gone)
            messages.success(request, text)
            return HttpResponseRedirect(building.get_absolute_url())
        token = store_error_report(request, result.errors)
        return self.render(
            form,
            status=400,
            result=result,
            errors=result.errors[:ERRORS_SHOWN],
            more_errors=result.error_count - min(len(result.errors), ERRORS_SHOWN),
            report_url=reverse("buildings:survey_import_errors", args=[token]),
            file_name=upload.name,
        )

    def render(self, form, status=200, **context):
        return render(
            self.request,
            self.template_name,
            {"title": _("Import the quarterly building survey"), "form": form, **context},
            status=status,
        )


class SurveyImportErrorsView(_Perm, View):
    def get(self, request, token: str):
        return error_report_response(request, token, _("Import errors") + ".xlsx")
