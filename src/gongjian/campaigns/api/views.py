"""Viewsets of the campaigns API. Reads through restrict(); every write through ``campaigns.services``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gongjian.core.api import (
    RestrictedViewSetMixin,
    ServiceCreateMixin,
    ServiceDestroyMixin,
    ServiceWriteMixin,
)

from .. import services
from ..filtersets import (
    AreaFilterSet,
    CampaignFilterSet,
    ItemFilterSet,
    LeaderActionFilterSet,
    MilestoneFilterSet,
    ReportFilterSet,
)
from ..models import Area, Campaign, Item, LeaderAction, Milestone, Report
from .serializers import (
    AreaSerializer,
    CampaignSerializer,
    ItemSerializer,
    LeaderActionSerializer,
    MilestoneCreateSerializer,
    MilestoneRecordSerializer,
    MilestoneSerializer,
    ReportReturnSerializer,
    ReportSerializer,
)

__all__ = [
    "AreaViewSet",
    "CampaignViewSet",
    "ItemViewSet",
    "LeaderActionViewSet",
    "MilestoneViewSet",
    "ReportViewSet",
]

_READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class CampaignViewSet(ServiceWriteMixin, RestrictedViewSetMixin, *_READ):
    """Campaigns (攻坚年). Writes need the campaign permissions of the 督查 office."""

    queryset = Campaign.objects.all()
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet

    def service_create(self, data):
        return services.create_campaign(self.actor, **data)

    def service_update(self, obj, data):
        return services.update_campaign(self.actor, obj, **data)

    def service_destroy(self, obj):
        services.delete_campaign(self.actor, obj)


class AreaViewSet(ServiceWriteMixin, RestrictedViewSetMixin, *_READ):
    """Areas (攻坚领域) of a campaign."""

    queryset = Area.objects.all()
    serializer_class = AreaSerializer
    filterset_class = AreaFilterSet
    select_related = ("campaign", "leader", "lead_unit")

    def service_create(self, data):
        return services.create_area(self.actor, **data)

    def service_update(self, obj, data):
        return services.update_area(self.actor, obj, **data)

    def service_destroy(self, obj):
        services.delete_area(self.actor, obj)


class ItemViewSet(ServiceWriteMixin, RestrictedViewSetMixin, *_READ):
    """Items of the task list (清单事项), with derived progress, status and overdue flag."""

    queryset = Item.objects.all()
    serializer_class = ItemSerializer
    filterset_class = ItemFilterSet
    select_related = ("area", "leader", "lead_unit")
    prefetch_related = ("co_units",)

    def service_create(self, data):
        return services.create_item(self.actor, **data)

    def service_update(self, obj, data):
        return services.update_item(self.actor, obj, **data)

    def service_destroy(self, obj):
        services.delete_item(self.actor, obj)


class MilestoneViewSet(ServiceWriteMixin, RestrictedViewSetMixin, *_READ):
    """Milestones (节点) of items. The 督查 office plans them; the unit records them as met (``record``)."""

    queryset = Milestone.objects.all()
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    action_verbs = {"record": "complete"}

    def get_serializer_class(self):
        if self.action == "create":
            return MilestoneCreateSerializer
        return super().get_serializer_class()

    def service_create(self, data):
        item = data.pop("item")
        return services.add_milestone(self.actor, item, **data)

    def service_update(self, obj, data):
        return services.update_milestone(self.actor, obj, **data)

    def service_destroy(self, obj):
        services.delete_milestone(self.actor, obj)

    @extend_schema(request=MilestoneRecordSerializer, responses={200: MilestoneSerializer})
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """Record the actual date (and optionally an evidence file) of a milestone."""
        ms = self.get_object()
        serializer = MilestoneRecordSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        ms = services.record_milestone(self.actor, ms, **serializer.validated_data)
        return Response(self.read_data(ms))


class ReportViewSet(ServiceCreateMixin, RestrictedViewSetMixin, *_READ):
    """Progress reports (进展报告).

    ``POST`` submits the report of an item for a period; posting again for the same period corrects a report not
    yet reviewed or resubmits a returned one (answer 200 instead of 201). Reviewers accept or return it.
    """

    queryset = Report.objects.all()
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    select_related = ("item__area__campaign", "submitted_by", "reviewed_by")
    prefetch_related = ("attachments",)
    action_verbs = {"accept": "review", "return_report": "review"}

    @extend_schema(responses={201: ReportSerializer, 200: ReportSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        item = data.pop("item")
        data["attachments"] = data.pop("files", [])
        report = services.submit_report(self.actor, item, **data)
        code = status.HTTP_201_CREATED if report.revision == 1 else status.HTTP_200_OK
        return Response(self.read_data(report), status=code)

    @extend_schema(request=None, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept a submitted report: the item's progress follows it."""
        report = services.accept_report(self.actor, self.get_object())
        return Response(self.read_data(report))

    @extend_schema(request=ReportReturnSerializer, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request, pk=None):
        """Return a submitted report to the unit with a reason."""
        report = self.get_object()
        serializer = ReportReturnSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        report = services.return_report(self.actor, report, reason=serializer.validated_data["reason"])
        return Response(self.read_data(report))


class LeaderActionViewSet(ServiceCreateMixin, ServiceDestroyMixin, RestrictedViewSetMixin, *_READ):
    """Leaders' personal actions on items (亲自部署 / 过问 / 调度 / 督办)."""

    queryset = LeaderAction.objects.all()
    serializer_class = LeaderActionSerializer
    filterset_class = LeaderActionFilterSet
    select_related = ("leader",)

    def service_create(self, data):
        item = data.pop("item")
        leader = data.pop("leader", None) or self.request.user
        return services.record_leader_action(self.actor, item, leader=leader, **data)

    def service_destroy(self, obj):
        services.delete_leader_action(self.actor, obj)
