"""Viewsets of the indicators API. Reads through restrict(); every write through ``indicators.services``."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gongjian.core.api import RestrictedViewSetMixin, ServiceCreateMixin, ServiceDestroyMixin, ServiceWriteMixin

from .. import services
from ..filtersets import ActualFilterSet, BenchmarkFilterSet, IndicatorFilterSet, PlannedValueFilterSet
from ..models import Actual, Benchmark, Indicator, PlannedValue
from ..queries import evaluate
from .serializers import (
    ActualReturnSerializer,
    ActualSerializer,
    BenchmarkSerializer,
    IndicatorSerializer,
    PlannedValueSerializer,
    PlanSerializer,
)

__all__ = ["ActualViewSet", "BenchmarkViewSet", "IndicatorViewSet", "PlannedValueViewSet"]

_READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


def _decorate(rows) -> None:
    statuses = evaluate(list(rows), timezone.localdate())
    for row in rows:
        row.status = statuses.get(row.pk)


class IndicatorViewSet(ServiceWriteMixin, RestrictedViewSetMixin, *_READ):
    """Indicators (量化指标) with today's colour, achievement and forecast. Writes: the 督查 office."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    select_related = ("campaign",)
    action_verbs = {"plan": "change"}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            _decorate(page)
        return page

    def get_object(self):
        obj = super().get_object()
        _decorate([obj])
        return obj

    def read_data(self, obj):
        fresh = self.get_queryset().filter(pk=obj.pk).first() or obj
        _decorate([fresh])
        return self.get_serializer(fresh).data

    def service_create(self, data):
        return services.create_indicator(self.actor, **data)

    def service_update(self, obj, data):
        return services.update_indicator(self.actor, obj, **data)

    def service_destroy(self, obj):
        services.delete_indicator(self.actor, obj)

    @extend_schema(request=PlanSerializer, responses={200: PlannedValueSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        """Replace the planned trajectory (every period of the year; an empty list: the linear plan)."""
        ind = self.get_object()
        serializer = PlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = {}
        for point in serializer.validated_data["values"]:
            high = point.get("value_high")
            values[point["period_start"]] = (point["value"], high) if high is not None else point["value"]
        rows = services.set_planned_values(self.actor, ind, values)
        return Response(PlannedValueSerializer(rows, many=True).data)


class PlannedValueViewSet(RestrictedViewSetMixin, *_READ):
    """The custom trajectories (read only; ``POST /api/indicators/{id}/plan/`` replaces one)."""

    queryset = PlannedValue.objects.all()
    serializer_class = PlannedValueSerializer
    filterset_class = PlannedValueFilterSet


class ActualViewSet(ServiceCreateMixin, RestrictedViewSetMixin, *_READ):
    """Actuals: the data-source unit enters them (``POST``; again to correct), 督查 accepts or returns them."""

    queryset = Actual.objects.all()
    serializer_class = ActualSerializer
    filterset_class = ActualFilterSet
    prefetch_related = ("revisions",)
    action_verbs = {"accept": "review", "return_actual": "review"}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = dict(serializer.validated_data)
        actual = services.submit_actual(
            self.actor,
            d["indicator"],
            period_start=d["period_start"],
            value=d["value"],
            note=d.get("note", ""),
            unit=d.get("unit"),
            year_to_date=d.get("year_to_date", False),
        )
        code = status.HTTP_201_CREATED if actual.revision == 1 else status.HTTP_200_OK
        return Response(self.read_data(actual), status=code)

    @extend_schema(request=None, responses={200: ActualSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept a submitted actual: it counts for the colours from now on."""
        return Response(self.read_data(services.accept_actual(self.actor, self.get_object())))

    @extend_schema(request=ActualReturnSerializer, responses={200: ActualSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_actual(self, request, pk=None):
        """Return a submitted actual to the data-source unit with a reason."""
        actual = self.get_object()
        serializer = ActualReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actual = services.return_actual(self.actor, actual, reason=serializer.validated_data["reason"])
        return Response(self.read_data(actual))


class BenchmarkViewSet(ServiceCreateMixin, ServiceDestroyMixin, RestrictedViewSetMixin, *_READ):
    """对标一流: peer regions' values per indicator and period (``POST`` again to correct one)."""

    queryset = Benchmark.objects.all()
    serializer_class = BenchmarkSerializer
    filterset_class = BenchmarkFilterSet

    def service_create(self, data):
        ind = data.pop("indicator")
        return services.set_benchmark(self.actor, ind, **data)

    def service_destroy(self, obj):
        services.delete_benchmark(self.actor, obj)
