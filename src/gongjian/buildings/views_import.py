"""The quarterly building survey: the template, the upload page and the error report."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from gongjian.core.excel import xlsx_response
from gongjian.core.views.imports import ImportErrorsView, ImportPermissionMixin, ImportView

from .forms import SurveyImportForm
from .imports import import_district_survey, import_survey, survey_template_bytes

PERMISSION = "buildings.import_survey"


class SurveyTemplateView(ImportPermissionMixin, View):
    permission = PERMISSION

    def get(self, request):
        if request.GET.get("district"):
            return xlsx_response(survey_template_bytes(district=True), _("District building survey template") + ".xlsx")
        return xlsx_response(survey_template_bytes(), _("Building survey template") + ".xlsx")


class SurveyImportView(ImportView):
    permission = PERMISSION
    title = gettext_lazy("Import the quarterly building survey")
    template_name = "buildings/survey_import.html"
    form_class = SurveyImportForm
    errors_url_name = "buildings:survey_import_errors"

    def get_initial(self):
        value = self.request.GET.get("building", "")
        return {"building": int(value)} if value.isdigit() else {}

    def run(self, actor, data, upload):
        if data["building"] is None:
            return import_district_survey(actor, data["survey_date"], upload)
        return import_survey(actor, data["building"], data["survey_date"], upload)

    def success_url(self, data, result):
        return data["building"].get_absolute_url() if data["building"] else reverse("buildings:overview")

    def success_message(self, data, result):
        count = len(result.rows)
        text = ngettext("Imported {count} row.", "Imported {count} rows.", count).format(count=count)
        gone = len(getattr(result, "moved_out", []))
        if gone:
            text += " " + ngettext(
                "{count} tenant not in the survey was recorded as moved out.",
                "{count} tenants not in the survey were recorded as moved out.",
                gone,
            ).format(count=gone)
        return text


class SurveyImportErrorsView(ImportErrorsView):
    permission = PERMISSION
