"""REST endpoints of the land-use module: evaluation years, current results and land plots (read-only); the 闲置
survey and the departments' figures imported."""

from __future__ import annotations

from .imports import DepartmentImportViewSet, PlotImportViewSet
from .views import DisposalViewSet, EvaluationViewSet, PlotViewSet, ResultViewSet

__all__ = ["register"]


def register(router) -> None:
    router.register("landuse-evaluations", EvaluationViewSet, basename="landuse-evaluation")
    router.register("landuse-results", ResultViewSet, basename="landuse-result")
    router.register("landuse-plots", PlotViewSet, basename="landuse-plot")
    router.register("landuse-disposals", DisposalViewSet, basename="landuse-disposal")
    router.register("imports/land-plots", PlotImportViewSet, basename="import-land-plots")
    router.register("imports/landuse-inputs", DepartmentImportViewSet, basename="import-landuse-inputs")
