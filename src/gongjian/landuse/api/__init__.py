"""REST endpoints of the land-use module (read-only): evaluation years, current results, land plots."""

from __future__ import annotations

from .views import EvaluationViewSet, PlotViewSet, ResultViewSet

__all__ = ["register"]


def register(router) -> None:
    router.register("landuse-evaluations", EvaluationViewSet, basename="landuse-evaluation")
    router.register("landuse-results", ResultViewSet, basename="landuse-result")
    router.register("landuse-plots", PlotViewSet, basename="landuse-plot")
