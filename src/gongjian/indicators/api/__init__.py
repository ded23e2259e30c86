"""REST endpoints of the indicators app: indicators, planned values, actuals (accept / return), benchmarks."""

from __future__ import annotations

from .imports import ActualImportViewSet
from .views import ActualViewSet, BenchmarkViewSet, IndicatorViewSet, PlannedValueViewSet

__all__ = ["register"]


def register(router) -> None:
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("planned-values", PlannedValueViewSet, basename="plannedvalue")
    router.register("actuals", ActualViewSet, basename="actual")
    router.register("benchmarks", BenchmarkViewSet, basename="benchmark")
    router.register("imports/actuals", ActualImportViewSet, basename="import-actuals")
