"""Viewsets of the buildings API. Reads through restrict(); every write through ``buildings.services``."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from gongjian.core.api import RestrictedViewSetMixin, ServiceCreateMixin, ServiceWriteMixin
from gongjian.enterprises.confidential import can_see_figures

from .. import queries, services
from ..filtersets import BuildingFilterSet, BuildingPlanFilterSet, SpaceFilterSet, TenancyFilterSet
from ..models import Building, BuildingPlan, Replacement, Space, Tenancy
from .serializers import (
    BuildingPlanSerializer,
    BuildingSerializer,
    PlanProgressWriteSerializer,
    ReplacementSerializer,
    SpaceSerializer,
    TenancySerializer,
)

__all__ = ["BuildingPlanViewSet", "BuildingViewSet", "ReplacementViewSet", "SpaceViewSet", "TenancyViewSet"]

_READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class BuildingViewSet(ServiceWriteMixin, RestrictedViewSetMixin, *_READ):
    """Buildings with the year's metrics (``?year=``, or ``?as_of=YYYY-MM-DD`` for the metrics as they stood that
    day); tax figures only with the confidential right."""

    queryset = Building.objects.all()
    serializer_class = BuildingSerializer
    filterset_class = BuildingFilterSet
    select_related = ("street", "floor_leader")

    def _metrics(self, rows):
        year, as_of = queries.period(self.request.query_params)
        return queries.metrics_for(rows, year, as_of)

    def filter_queryset(self, queryset):
        """``?tier=`` (computed from the year's tax) narrows the list for those who may see tax figures."""
        queryset = super().filter_queryset(queryset)
        tier = self.request.query_params.get("tier")
        if tier and self.action == "list" and can_see_figures(self.request.user):
            rows = list(queryset)
            ms = self._metrics(rows)
            queryset = queryset.filter(pk__in=[r.pk for r in rows if ms[r.pk].tier == tier])
        return queryset

    def get_serializer(self, *args, **kwargs):
        objs = args[0] if args else kwargs.get("instance")
        if objs is not None and self.request.method == "GET":
            rows = list(objs) if isinstance(objs, (list, tuple)) else [objs]
            context = self.get_serializer_context()
            context["metrics"] = self._metrics(rows)
            kwargs["context"] = context
        return super().get_serializer(*args, **kwargs)

    def service_create(self, data):
        return services.create_building(self.actor, **data)

    def service_update(self, obj, data):
        return services.update_building(self.actor, obj, **data)

    def service_destroy(self, obj):
        services.delete_building(self.actor, obj)


class SpaceViewSet(ServiceWriteMixin, RestrictedViewSetMixin, *_READ):
    queryset = Space.objects.all()
    serializer_class = SpaceSerializer
    filterset_class = SpaceFilterSet
    select_related = ("building",)

    def service_create(self, data):
        return services.create_space(self.actor, **data)

    def service_update(self, obj, data):
        return services.update_space(self.actor, obj, **data)

    def service_destroy(self, obj):
        services.delete_space(self.actor, obj)


class TenancyViewSet(ServiceWriteMixin, RestrictedViewSetMixin, *_READ):
    """Tenancies; ``taxes`` (the per-year tax table) only with the confidential right."""

    queryset = Tenancy.objects.all()
    serializer_class = TenancySerializer
    filterset_class = TenancyFilterSet
    select_related = ("enterprise", "building", "space")
    prefetch_related = ("taxes",)

    def service_create(self, data):
        return services.create_tenancy(self.actor, **data)

    @transaction.atomic
    def service_update(self, obj, data):
        taxes = data.pop("taxes", None) or {}
        tenancy = services.update_tenancy(self.actor, obj, **data)
        for year, amount in taxes.items():
            services.set_tenancy_tax(self.actor, tenancy, year, amount)
        return tenancy

    def service_destroy(self, obj):
        services.delete_tenancy(self.actor, obj)


class BuildingPlanViewSet(ServiceWriteMixin, RestrictedViewSetMixin, *_READ):
    """一楼一策 plans with their quarterly progress."""

    queryset = BuildingPlan.objects.all()
    serializer_class = BuildingPlanSerializer
    filterset_class = BuildingPlanFilterSet
    select_related = ("building", "leader", "floor_leader")
    prefetch_related = ("progress",)
    action_verbs = {"progress": "view"}  # the plan in scope (else 404), then the right to record progress (403)

    def get_serializer_class(self):
        return PlanProgressWriteSerializer if self.action == "progress" else BuildingPlanSerializer

    def service_create(self, data):
        return services.create_plan(self.actor, **data)

    def service_update(self, obj, data):
        return services.update_plan(self.actor, obj, **data)

    def service_destroy(self, obj):
        services.delete_plan(self.actor, obj)

    @extend_schema(request=PlanProgressWriteSerializer, responses={200: BuildingPlanSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """Record a quarter's progress (楼长 and the supervision office): percent complete, occupancy, new
        enterprises, narrative; a second report of the quarter replaces it."""
        plan = self.get_object()
        if not request.user.has_perm("buildings.add_planprogress"):
            raise PermissionDenied
        body = PlanProgressWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        services.record_progress(self.actor, plan, data.pop("quarter"), **data)
        fresh = self.get_queryset().get(pk=plan.pk)
        return Response(BuildingPlanSerializer(fresh, context=self.get_serializer_context()).data)


class ReplacementViewSet(ServiceCreateMixin, RestrictedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """腾楼换企 records of the buildings in scope (``?building=``); recorded as on the building's page (a record is
    not changed afterwards: the page has no edit either)."""

    queryset = Replacement.objects.all()
    serializer_class = ReplacementSerializer
    filterset_fields = ["building"]
    select_related = ("building", "vacated__enterprise", "replacement__enterprise")

    def service_create(self, data):
        return services.record_replacement(self.actor, **data)
