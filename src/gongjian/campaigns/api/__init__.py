"""REST endpoints of the campaigns app: campaigns, areas, items, milestones, reports and leader actions."""

from __future__ import annotations

from .imports import ItemImportViewSet
from .views import (
    AreaViewSet,
    CampaignViewSet,
    ItemViewSet,
    LeaderActionViewSet,
    MilestoneViewSet,
    ReportViewSet,
)

__all__ = ["register"]


def register(router) -> None:
    router.register("campaigns", CampaignViewSet, basename="campaign")
    router.register("areas", AreaViewSet, basename="area")
    router.register("items", ItemViewSet, basename="item")
    router.register("milestones", MilestoneViewSet, basename="milestone")
    router.register("reports", ReportViewSet, basename="report")
    router.register("leader-actions", LeaderActionViewSet, basename="leaderaction")
    router.register("imports/items", ItemImportViewSet, basename="import-items")
