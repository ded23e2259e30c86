"""What the shipped roles may do in the enterprise registry.

* Every campaign role sees the registry's basic information (name, code, industry, street, status, 规上, tier).
* Figures (``view_confidential``): leader, supervisor, unit administrator and system administrator. Clerks,
  paired cadres, viewers and street clerks (the clerk role in a street) do not: they see the registry without
  figures. Units that must see figures give one of their people the unit-administrator role.
* Personal data (``view_personal``: legal representative, contact): the roles that see figures, plus paired cadres,
  who visit the enterprises and need to reach their contact.
* Writes: supervisor and system administrator (whole registry); unit administrators within their own streets.
"""

from gongjian.org.choices import RoleChoices as R

_VIEW = [
    "enterprises.view_enterprise",
    "enterprises.view_industry",
    "enterprises.view_enterpriseyearstatus",
]
_FIGURES = ["enterprises.view_confidential", "enterprises.view_enterprisefigure"]
_WRITE = [
    "enterprises.add_enterprise",
    "enterprises.change_enterprise",
    "enterprises.change_enterprisefigure",
    "enterprises.change_enterpriseyearstatus",
    "enterprises.import_enterprise",
]

ENTERPRISE_ROLE_PERMISSIONS = {
    R.LEADER: {*_VIEW, *_FIGURES, "enterprises.view_personal"},
    R.SUPERVISOR: {*_VIEW, *_FIGURES, *_WRITE, "enterprises.view_personal", "enterprises.manage_registry"},
    R.SYSADMIN: {*_VIEW, *_FIGURES, *_WRITE, "enterprises.view_personal", "enterprises.manage_registry"},
    R.UNIT_ADMIN: {*_VIEW, *_FIGURES, *_WRITE, "enterprises.view_personal"},
    R.CLERK: {*_VIEW},
    R.CADRE: {*_VIEW, "enterprises.view_personal"},
    R.VIEWER: {*_VIEW},
}
