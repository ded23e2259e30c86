"""Pages of the land-use module (a package: evaluations, results, plots).

Class and rank are shared with everyone who may see results; figures (inputs, indicator values, scores, totals)
only with holders of ``enterprises.view_confidential``.
"""

from .evaluations import (
    AppealAddView,
    AppealDecideView,
    EvaluationActionView,
    EvaluationDetailView,
    EvaluationEditView,
    EvaluationListView,
    InputConfirmView,
    InputImportView,
    InputListView,
    class_counts,
)
from .plots import (
    DisposalEditView,
    PlotDetailView,
    PlotEditView,
    PlotImportErrorsView,
    PlotImportView,
    PlotListView,
    PlotTemplateView,
)
from .results import (
    ExitPlanEditView,
    PolicyEditView,
    ResultListView,
    ResultsInUseView,
    SupplierExportView,
    WhatIfView,
    enterprise_section,
    exit_list,
    movement,
)

__all__ = [
    "AppealAddView",
    "AppealDecideView",
    "DisposalEditView",
    "EvaluationActionView",
    "EvaluationDetailView",
    "EvaluationEditView",
    "EvaluationListView",
    "ExitPlanEditView",
    "InputConfirmView",
    "InputImportView",
    "InputListView",
    "PlotDetailView",
    "PlotEditView",
    "PlotImportErrorsView",
    "PlotImportView",
    "PlotListView",
    "PlotTemplateView",
    "PolicyEditView",
    "ResultListView",
    "ResultsInUseView",
    "SupplierExportView",
    "WhatIfView",
    "class_counts",
    "enterprise_section",
    "exit_list",
    "movement",
]
