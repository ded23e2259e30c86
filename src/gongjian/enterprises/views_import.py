"""Excel import pages of the registry: enterprises and figures, the templates, the error report."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from gongjian.core.excel import xlsx_response
from gongjian.core.services import Actor
from gongjian.core.views.imports import ImportErrorsView as BaseImportErrorsView
from gongjian.core.views.imports import ImportPermissionMixin as BasePermissionMixin
from gongjian.core.views.imports import ImportView

from . import imports
from .confidential import can_see_figures

__all__ = ["EnterpriseImportView", "FigureImportView", "ImportErrorsView", "TemplateView"]

IMPORT_PERMISSION = "enterprises.import_enterprise"


class ImportPermissionMixin(BasePermissionMixin):
    permission = IMPORT_PERMISSION
    figures = False

    def has_import_permission(self, user) -> bool:
        return super().has_import_permission(user) and (not self.figures or can_see_figures(user))


class _ImportView(ImportPermissionMixin, ImportView):
    template_name = "enterprises/import.html"
    errors_url_name = "enterprises:import_errors"

    def success_url(self, data, result):
        return reverse("enterprises:list")

    def extra_context(self):
        return {"templates": self.template_links()}


class EnterpriseImportView(_ImportView):
    title = gettext_lazy("Import enterprises from Excel")

    def template_links(self):
        return [(reverse("enterprises:import_template", args=["enterprises"]), _("Enterprise template"))]

    def run(self, actor, data, upload):
        return imports.import_enterprises(actor, upload)

    def success_message(self, data, result):
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

    def run(self, actor, data, upload):
        return imports.import_figures(actor, upload)

    def success_message(self, data, result):
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


class ImportErrorsView(ImportPermissionMixin, BaseImportErrorsView):
    pass
