"""Every write of the land-use module: evaluation years and their workflow, inputs, appeals, policies, plots.

Each function takes the acting :class:`~gongjian.core.services.Actor`, checks permission and the workflow state,
runs in one transaction and writes the audit record. The workflow (domain.md §1.7):

    collecting → reviewing → confirming → calculated → publicity → published → (new version) confirming …

A calculation stores a run with its rules and every enterprise's result; an upheld appeal is followed by a new
calculation; published results are locked: a change needs a new version, which keeps the published run.

One module per responsibility: ``evaluation`` (the year and its workflow), ``imports`` (a department's Excel
file) and ``registers`` (class policies, exit plans, land plots, disposals); this package re-exports them.
"""

from gongjian.core.services import Actor

from .evaluation import (
    DEPARTMENT_FIELDS,
    EDITABLE,
    add_working_days,
    calculate,
    confirm_input,
    create_evaluation,
    decide_appeal,
    file_appeal,
    new_version,
    publish,
    review,
    set_input,
    start_publicity,
    table_of,
    update_evaluation,
)
from .imports import DepartmentSpec, department_spec, import_department
from .registers import DISPOSAL_FIELDS, PLOT_FIELDS, save_disposal, save_exit_plan, save_plot, save_policy

__all__ = [
    "DEPARTMENT_FIELDS",
    "DISPOSAL_FIELDS",
    "EDITABLE",
    "PLOT_FIELDS",
    "Actor",
    "DepartmentSpec",
    "add_working_days",
    "calculate",
    "confirm_input",
    "create_evaluation",
    "decide_appeal",
    "department_spec",
    "file_appeal",
    "import_department",
    "new_version",
    "publish",
    "review",
    "save_disposal",
    "save_exit_plan",
    "save_plot",
    "save_policy",
    "set_input",
    "start_publicity",
    "table_of",
    "update_evaluation",
]
