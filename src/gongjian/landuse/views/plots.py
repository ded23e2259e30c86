"""Idle and low-efficiency land: plots and their disposals."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gongjian.core.excel import xlsx_response
from gongjian.core.tables import Column
from gongjian.core.views.generic import ObjectDetailView, ObjectEditView, ObjectListView
from gongjian.core.views.imports import ImportErrorsView, ImportPermissionMixin, ImportView
from gongjian.enterprises.confidential import can_see_figures
from gongjian.enterprises.models import Enterprise

from .. import services
from ..choices import EvaluationStatus
from ..filtersets import PlotFilterSet
from ..imports import import_plots, plot_template_bytes
from ..models import (
    Disposal,
    LandPlot,
    PlotSurvey,
)

S = EvaluationStatus


# --- land plots ------------------------------------------------------------------------------------------


def _idle_label(plot) -> str:
    reason = plot.idle_reason(timezone.localdate())
    return {
        "not_started": _("Idle: not started a year after the agreed date"),
        "stopped": _("Idle: stopped for a year with too little built"),
    }.get(reason or "", "")


class PlotListView(ObjectListView):
    model = LandPlot
    filterset_class = PlotFilterSet
    select_related = ("owner",)
    default_ordering = ("code",)
    columns = [
        Column("code", gettext_lazy("Plot code"), order_by="code", link=True),
        Column("area_mu", gettext_lazy("Area (mu)"), order_by="area_mu"),
        Column("location", gettext_lazy("Location")),
        Column("use", gettext_lazy("Current use")),
        Column("owner.name", gettext_lazy("Occupant enterprise")),
        Column("low_efficiency_kind", gettext_lazy("Low-efficiency kind")),
        Column("idle_label", gettext_lazy("Idle land"), export=_idle_label),
        Column("idle_plant_m2", gettext_lazy("Idle plant (m²)")),
    ]
    add_url_name = "landuse:plot_add"
    add_permission = "landuse.add_landplot"
    extra_actions = [("/landuse/plots/import/", gettext_lazy("Import the idle land survey"), "landuse.change_landplot")]
    title = gettext_lazy("Idle and low-efficiency land")
    template_name = "landuse/plot_list.html"

    def decorate_rows(self, rows):
        for p in rows:
            p.idle_label = _idle_label(p)

    def extra_context(self):
        dormant = Enterprise.objects.restrict(self.request.user, "view").filter(status="suspended")
        return {"dormant": list(dormant.order_by("name")[:50]), "dormant_count": dormant.count()}


class PlotForm(forms.ModelForm):
    class Meta:
        model = LandPlot
        fields = list(services.PLOT_FIELDS)
        widgets = {
            f: forms.DateInput(attrs={"type": "date"})
            for f in ("agreed_start_on", "construction_started_on", "stopped_since")
        }


class PlotEditView(ObjectEditView):
    model = LandPlot
    form_class = PlotForm

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.PLOT_FIELDS}
        return services.save_plot(self.actor, obj, **data)

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj else reverse("landuse:plot_list")


class PlotDetailView(ObjectDetailView):
    model = LandPlot
    template_name = "landuse/plot_detail.html"
    select_related = ("owner",)

    def detail_context(self, plot):
        disposals = plot.disposals.select_related("old_occupant", "new_occupant", "responsible_unit")
        surveys = list(
            PlotSurvey.objects.restrict(self.request.user, "view")
            .filter(plot=plot)
            .select_related("owner")
            .order_by("-year", "-quarter")
        )
        words = {"not_started": _("not started a year after the agreed date"), "stopped": _("stopped for a year")}
        for survey in surveys:
            survey.idle_words = words.get(survey.idle_reason, "")
        return {
            "idle": _idle_label(plot),
            "disposals": disposals,
            "surveys": surveys,
            "figures": can_see_figures(self.request.user),
        }


class DisposalForm(forms.ModelForm):
    class Meta:
        model = Disposal
        fields = [f for f in services.DISPOSAL_FIELDS if f != "plot"]


class DisposalEditView(ObjectEditView):
    model = Disposal
    form_class = DisposalForm

    def get(self, request, pk=None, plot_pk=None):
        self.plot = self._plot(plot_pk)
        return super().get(request, pk)

    def post(self, request, pk=None, plot_pk=None):
        self.plot = self._plot(plot_pk)
        return super().post(request, pk)

    def _plot(self, plot_pk):
        if plot_pk is None:
            return None
        try:
            return LandPlot.objects.restrict(self.request.user, "view").get(pk=plot_pk)
        except LandPlot.DoesNotExist:
            raise Http404 from None

    def load(self, pk):
        obj = super().load(pk)
        if obj is not None:
            self.plot = obj.plot
        return obj

    def form_initial(self):
        return {"old_occupant": self.plot.owner_id} if self.plot else {}

    def save(self, form, obj):
        return services.save_disposal(self.actor, obj, plot=self.plot, **form.cleaned_data)

    def success_url(self, obj):
        return obj.plot.get_absolute_url()

    def cancel_url(self, obj):
        return self.plot.get_absolute_url()


# --- the 闲置 survey as a workbook ------------------------------------------------------------------------

PLOT_IMPORT = ("landuse.add_landplot", "landuse.change_landplot")


class _PlotImportPermission(ImportPermissionMixin):
    def has_import_permission(self, user) -> bool:
        return all(user.has_perm(p) for p in PLOT_IMPORT)


class PlotTemplateView(_PlotImportPermission, View):
    def get(self, request):
        return xlsx_response(plot_template_bytes(), _("Idle land survey template") + ".xlsx")


class PlotImportView(_PlotImportPermission, ImportView):
    title = gettext_lazy("Import the idle land survey")
    errors_url_name = "landuse:plot_import_errors"

    def run(self, actor, data, upload):
        return import_plots(actor, upload)

    def success_url(self, data, result):
        return reverse("landuse:plot_list")

    def extra_context(self):
        return {"templates": [(reverse("landuse:plot_template"), _("Idle land survey template"))]}


class PlotImportErrorsView(_PlotImportPermission, ImportErrorsView):
    pass
