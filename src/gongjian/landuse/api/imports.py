"""The land-use imports through the API: the same reading and services as the import pages."""

from __future__ import annotations

from gongjian.core.api_imports import ImportViewSet

from .. import services
from ..choices import Department
from ..imports import import_plots
from ..models import EvaluationYear

__all__ = ["DepartmentImportViewSet", "PlotImportViewSet"]

#: What importing the 闲置 survey needs: it adds plots and updates the known ones.
PLOT_IMPORT = ("landuse.add_landplot", "landuse.change_landplot")


def _department(user, value: str) -> str:
    if value not in Department.values:
        raise ValueError(value)
    return value


class PlotImportViewSet(ImportViewSet):
    """Import the 闲置 survey workbook: ``file``. Plots are matched by their code (a known code updates the plot, a
    new one adds it); each plot's survey of this quarter is recorded."""

    permission = PLOT_IMPORT[0]

    def has_import_permission(self, user) -> bool:
        return all(user.has_perm(p) for p in PLOT_IMPORT)

    def run(self, actor, params, upload):
        return import_plots(actor, upload)


class DepartmentImportViewSet(ImportViewSet):
    """Import a department's figures for an evaluation year: ``file``, ``evaluation`` (its id) and ``department``
    (tax, land, statistics, energy, environment or science)."""

    permission = "landuse.import_enterpriseinput"
    params = {
        "evaluation": lambda user, value: EvaluationYear.objects.restrict(user, "view").get(pk=int(value)),
        "department": _department,
    }

    def run(self, actor, params, upload):
        return services.import_department(actor, params["evaluation"], params["department"], upload)
