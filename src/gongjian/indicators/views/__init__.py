"""Pages of the indicators app. Concrete views configure the generic ones; services do every write.

One module per responsibility: the indicator pages, actuals (with the planned trajectory and benchmarks), the
Excel import of actuals, and indicators from a plan-from-text draft.
"""

from .actuals import ActualEntryView, ActualReviewView, BenchmarkDeleteView, BenchmarkEditView, PlannedValuesView
from .from_plan import FromPlanCommonForm, FromPlanListView, FromPlanView, from_plan_create
from .imports import ActualImportErrorsView, ActualImportForm, ActualImportView, ActualTemplateView
from .indicators import IndicatorDeleteView, IndicatorDetailView, IndicatorEditView, IndicatorListView

__all__ = [
    "ActualEntryView",
    "ActualImportErrorsView",
    "ActualImportForm",
    "ActualImportView",
    "ActualReviewView",
    "ActualTemplateView",
    "BenchmarkDeleteView",
    "BenchmarkEditView",
    "FromPlanCommonForm",
    "FromPlanListView",
    "FromPlanView",
    "IndicatorDeleteView",
    "IndicatorDetailView",
    "IndicatorEditView",
    "IndicatorListView",
    "PlannedValuesView",
    "from_plan_create",
]
