"""Evaluation years and results (read-only; figures — scores, totals, 亩均税收 — only for holders of
enterprises.view_confidential) and the land plots of the 闲置 survey (written through ``services.save_plot``)."""

from __future__ import annotations

from rest_framework import mixins, serializers, viewsets

from gongjian.core.api import (
    RestrictedViewSetMixin,
    ScopedPrimaryKeyRelatedField,
    ServiceCreateMixin,
    ServiceSerializer,
    ServiceUpdateMixin,
    StrictModelSerializer,
)
from gongjian.enterprises.confidential import can_see_figures
from gongjian.enterprises.models import Enterprise
from gongjian.org.models import Unit

from .. import services
from ..filtersets import DisposalFilterSet, PlotFilterSet, ResultFilterSet
from ..models import Disposal, EvaluationResult, EvaluationYear, LandPlot, PlotSurvey
from ..services import DISPOSAL_FIELDS, PLOT_FIELDS

_READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)
FIGURES = ("land_mu", "tax_per_mu", "total", "gap", "detail")


class EvaluationSerializer(StrictModelSerializer):
    class Meta:
        model = EvaluationYear
        fields = ["id", "year", "district_name", "parks", "status", "version", "publicity_start", "publicity_end"]


class ResultSerializer(StrictModelSerializer):
    credit_code = serializers.CharField(source="enterprise.credit_code", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = EvaluationResult
        fields = [
            "id",
            "enterprise",
            "credit_code",
            "enterprise_name",
            "unit_name",
            "group",
            "status",
            "reasons",
            "rank",
            "rated",
            "klass",
            *FIGURES,
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not can_see_figures(request.user):
            for name in FIGURES:
                data.pop(name, None)
        return data


class PlotSurveySerializer(StrictModelSerializer):
    """One quarter's survey of a plot (read-only: written with the plot)."""

    class Meta:
        model = PlotSurvey
        fields = [
            "year",
            "quarter",
            "surveyed_on",
            "owner",
            "developed_percent",
            "invested_percent",
            "stopped_since",
            "idle_plant_m2",
            "low_efficiency_kind",
            "idle_reason",
        ]
        read_only_fields = fields


class PlotSerializer(ServiceSerializer):
    """A plot of the 闲置 survey with its survey history by quarter, the latest first (``surveys``, read-only);
    writing a plot records this quarter's survey."""

    owner = ScopedPrimaryKeyRelatedField(Enterprise, allow_null=True, required=False)
    surveys = PlotSurveySerializer(many=True, read_only=True)

    class Meta:
        model = LandPlot
        fields = ["id", *PLOT_FIELDS, "surveys"]


class EvaluationViewSet(RestrictedViewSetMixin, *_READ):
    queryset = EvaluationYear.objects.all()
    serializer_class = EvaluationSerializer


class ResultViewSet(RestrictedViewSetMixin, *_READ):
    """Results of the current run of each evaluation year; filter with ?evaluation=<id>&klass=D…"""

    queryset = EvaluationResult.objects.all()
    serializer_class = ResultSerializer
    filterset_class = ResultFilterSet
    select_related = ("enterprise",)

    def get_queryset(self):
        return super().get_queryset().filter(run__is_current=True)


class PlotViewSet(ServiceCreateMixin, ServiceUpdateMixin, RestrictedViewSetMixin, *_READ):
    """Land plots of the 闲置 survey: listed, added and changed (``landuse.add_landplot`` /
    ``landuse.change_landplot``) as on the plot pages; each write records the quarter's survey."""

    queryset = LandPlot.objects.all()
    serializer_class = PlotSerializer
    filterset_class = PlotFilterSet
    select_related = ("owner",)
    prefetch_related = ("surveys",)
    http_method_names = ["get", "post", "patch", "head", "options"]

    def service_create(self, data):
        return services.save_plot(self.actor, None, **data)

    def service_update(self, obj, data):
        return services.save_plot(self.actor, obj, **data)


#: A disposal's tax per 亩 before and after: the registry's figures, confidential.
DISPOSAL_FIGURES = ("tax_per_mu_before", "tax_per_mu_after")


class DisposalSerializer(ServiceSerializer):
    """处置 of a plot; the tax per 亩 before and after only with ``enterprises.view_confidential`` (read and write)."""

    plot = ScopedPrimaryKeyRelatedField(LandPlot)
    responsible_unit = ScopedPrimaryKeyRelatedField(Unit, allow_null=True, required=False)
    old_occupant = ScopedPrimaryKeyRelatedField(Enterprise, allow_null=True, required=False)
    new_occupant = ScopedPrimaryKeyRelatedField(Enterprise, allow_null=True, required=False)
    immutable_fields = ("plot",)

    class Meta:
        model = Disposal
        fields = ["id", *DISPOSAL_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and not can_see_figures(request.user):
            for name in DISPOSAL_FIGURES:
                fields.pop(name, None)
        return fields


class DisposalViewSet(ServiceCreateMixin, ServiceUpdateMixin, RestrictedViewSetMixin, *_READ):
    """Disposals of the 闲置 survey's plots (``?plot=``): listed, added and changed as on the plot's page."""

    queryset = Disposal.objects.all()
    serializer_class = DisposalSerializer
    filterset_class = DisposalFilterSet
    select_related = ("plot", "responsible_unit", "old_occupant", "new_occupant")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def service_create(self, data):
        return services.save_disposal(self.actor, None, **data)

    def service_update(self, obj, data):
        return services.save_disposal(self.actor, obj, **data)
