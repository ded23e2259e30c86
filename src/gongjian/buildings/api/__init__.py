"""REST endpoints of the building economy: buildings, spaces, tenancies and 一楼一策 plans."""

from __future__ import annotations

from .imports import SurveyImportViewSet
from .views import BuildingPlanViewSet, BuildingViewSet, SpaceViewSet, TenancyViewSet

__all__ = ["register"]


def register(router) -> None:
    router.register("buildings", BuildingViewSet, basename="building")
    router.register("spaces", SpaceViewSet, basename="space")
    router.register("tenancies", TenancyViewSet, basename="tenancy")
    router.register("building-plans", BuildingPlanViewSet, basename="buildingplan")
    router.register("imports/building-survey", SurveyImportViewSet, basename="import-building-survey")
