"""REST endpoints of the building economy: buildings, spaces, tenancies, 一楼一策 plans and 腾楼换企."""

from __future__ import annotations

from .imports import SurveyImportViewSet
from .views import BuildingPlanViewSet, BuildingViewSet, ReplacementViewSet, SpaceViewSet, TenancyViewSet

__all__ = ["register"]


def register(router) -> None:
    router.register("buildings", BuildingViewSet, basename="building")
    router.register("spaces", SpaceViewSet, basename="space")
    router.register("tenancies", TenancyViewSet, basename="tenancy")
    router.register("building-plans", BuildingPlanViewSet, basename="buildingplan")
    router.register("building-replacements", ReplacementViewSet, basename="replacement")
    router.register("imports/building-survey", SurveyImportViewSet, basename="import-building-survey")
