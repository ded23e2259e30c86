"""What the shipped roles may do in the land-use module.

* Everyone in the campaign sees evaluation years, results (class and rank), policies and plots. Figures — the
  inputs, indicator values, scores and totals — need ``enterprises.view_confidential`` (see enterprises/roles.py).
* Supervisor and system administrator run the evaluation: rules, calculation, 公示, publication, appeals, policies,
  plots and disposals. Unit administrators (the departments) import and review their data, record enterprise
  confirmations and file appeals for enterprises; clerks file appeals.
"""

from gongjian.org.choices import RoleChoices as R

_VIEW = [
    "landuse.view_evaluationyear",
    "landuse.view_evaluationrun",
    "landuse.view_evaluationresult",
    "landuse.view_appeal",
    "landuse.view_classpolicy",
    "landuse.view_exitplan",
    "landuse.view_landplot",
    "landuse.view_plotsurvey",
    "landuse.view_disposal",
]
_INPUT = ["landuse.view_enterpriseinput"]
_DEPARTMENT = [
    "landuse.change_enterpriseinput",
    "landuse.import_enterpriseinput",
    "landuse.review_enterpriseinput",
    "landuse.confirm_enterpriseinput",
    "landuse.add_appeal",
]
_RUN = [
    "landuse.add_evaluationyear",
    "landuse.change_evaluationyear",
    "landuse.calculate_evaluationyear",
    "landuse.publish_evaluationyear",
    "landuse.decide_appeal",
    "landuse.add_classpolicy",
    "landuse.change_classpolicy",
    "landuse.add_exitplan",
    "landuse.change_exitplan",
    "landuse.add_landplot",
    "landuse.change_landplot",
    "landuse.add_disposal",
    "landuse.change_disposal",
]

LANDUSE_ROLE_PERMISSIONS = {
    R.LEADER: {*_VIEW, *_INPUT},
    R.SUPERVISOR: {*_VIEW, *_INPUT, *_DEPARTMENT, *_RUN},
    R.SYSADMIN: {*_VIEW, *_INPUT, *_DEPARTMENT, *_RUN},
    R.UNIT_ADMIN: {*_VIEW, *_INPUT, *_DEPARTMENT},
    R.CLERK: {*_VIEW, "landuse.add_appeal"},
    R.CADRE: {*_VIEW},
    R.VIEWER: {*_VIEW},
}
