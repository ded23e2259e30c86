"""Excel import pages of the registry: enterprises and figures, the templates, the error report."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from gongjian.core.excel import XLSX_CONTENT_TYPE, xlsx_response
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.core.xlsx_import import error_report_response, store_error_report

from . import imports
from .confidential import can_see_figures

__all__ = ["EnterpriseImportView", "FigureImportView", "ImportErrorsView", "TemplateView"]

IMPORT_PERMISSION = "enterprises.import_enterprise"
ERRORS_SHOWN = 500


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )


class ImportPermissionMixin(LoginRequiredMixin):
    figures = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not request.user.has_perm(IMPORT_PERMISSION):
                raise PermissionDenied
            if self.figures and not can_see_figures(request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class _ImportView(ImportPermissionMixin, View):
    template_name = "enterprises/import.html"
    title = ""
    templates: list[tuple[str, str]] = []

    def get(self, request):
        return self.render(UploadForm())

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        actor = Actor.from_request(request, source=AuditLog.Source.IMPORT)
        result = self.run(actor, upload)
        if result.ok:
            messages.success(request, self.success_message(result))
            return HttpResponseRedirect(reverse("enterprises:list"))
        token = store_error_report(request, result.errors)
        return self.render(
            form,
            status=400,
            result=result,
            errors=result.errors[:ERRORS_SHOWN],
            more_errors=result.error_count - min(len(result.errors), ERRORS_SHOWN),
            report_url=reverse("enterprises:import_errors", args=[token]),
            file_name=upload.name,
        )

    def render(self, form, status=200, **context):
        return render(
            self.request,
            self.template_name,
            {"title": self.title, "form": form, "templates": self.template_links(), **context},
            status=status,
        )


class EnterpriseImportView(_ImportView):
    title = gettext_lazy("Import enterprises from Excel")

    def template_links(self):
        return [(reverse("enterprises:import_template", args=["enterprises"]), _("Enterprise template"))]

    def run(self, actor, upload):
        return imports.import_enterprises(actor, upload)

    def success_message(self, result):
        count = len(result.created)
        return ngettext("Imported {count} enterprise.", "Imported {count} enterprises.", count).format(count=count)


class FigureImportView(_ImportView):
    title = gettext_lazy("Import enterprise figures from Excel")
    figures = True

    def template_links(self):
        return [
            (reverse("enterprises:import_template", args=[kind]), _("{department} template").format(department=label))
            for kind, (label, _fields) in imports.FIGURE_TEMPLATES.items()
        ]

    def run(self, actor, upload):
        return imports.import_figures(actor, upload)

    def success_message(self, result):
        s = result.created[0]
        return _("Figures imported: {created} periods added, {updated} updated.").format(**s)


class TemplateView(ImportPermissionMixin, View):
    """GET: an empty import workbook (enterprises, or the 税务 / 统计 figures template)."""

    def get(self, request, kind: str):
        if kind == "enterprises":
            return xlsx_response(imports.enterprise_template_bytes(), "企业导入模板.xlsx")
        if kind not in imports.FIGURE_TEMPLATES:
            raise Http404
        if not can_see_figures(request.user):
            raise PermissionDenied
        label = imports.FIGURE_TEMPLATES[kind][0]
        return xlsx_response(
            imports.figure_template_bytes(Actor.from_request(request), kind), f"企业经营数据导入模板（{label}）.xlsx"
        )


class ImportErrorsView(ImportPermissionMixin, View):
    def get(self, request, token: str):
        return error_report_response(request, token, _("Import errors") + ".xlsx")
