"""REST endpoints of the registry: enterprises (field-level confidentiality), figures, categories."""

from __future__ import annotations

from .views import EnterpriseFigureViewSet, EnterpriseViewSet, ScaleCategoryViewSet

__all__ = ["register"]


def register(router) -> None:
    router.register("enterprises", EnterpriseViewSet, basename="enterprise")
    router.register("enterprise-figures", EnterpriseFigureViewSet, basename="enterprisefigure")
    router.register("scale-categories", ScaleCategoryViewSet, basename="scalecategory")
