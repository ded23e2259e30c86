"""Read-only viewsets; figures (scores, totals, 亩均税收) only for holders of enterprises.view_confidential."""

from __future__ import annotations

from rest_framework import mixins, serializers, viewsets

from gongjian.core.api import RestrictedViewSetMixin, StrictModelSerializer
from gongjian.enterprises.confidential import can_see_figures

from ..filtersets import PlotFilterSet, ResultFilterSet
from ..models import EvaluationResult, EvaluationYear, LandPlot
from ..services import PLOT_FIELDS

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


class PlotSerializer(StrictModelSerializer):
    class Meta:
        model = LandPlot
        fields = ["id", *PLOT_FIELDS]


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


class PlotViewSet(RestrictedViewSetMixin, *_READ):
    queryset = LandPlot.objects.all()
    serializer_class = PlotSerializer
    filterset_class = PlotFilterSet
