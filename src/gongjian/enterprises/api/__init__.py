"""REST endpoints of the registry: enterprises (field-level confidentiality), figures, categories."""

from __future__ import annotations

from .imports import EnterpriseImportViewSet, FigureImportViewSet
from .views import EnterpriseFigureViewSet, EnterpriseViewSet, ScaleCategoryViewSet

__all__ = ["register"]


def register(router) -> None:
    router.register("enterprises", EnterpriseViewSet, basename="enterprise")
    router.register("enterprise-figures", EnterpriseFigureViewSet, basename="enterprisefigure")
    router.register("scale-categories", ScaleCategoryViewSet, basename="scalecategory")
    router.register("imports/enterprises", EnterpriseImportViewSet, basename="import-enterprises")
    router.register("imports/enterprise-figures", FigureImportViewSet, basename="import-enterprise-figures")
