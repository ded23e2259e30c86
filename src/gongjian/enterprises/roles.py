"""What the shipped roles may do in the enterprise registry.

* Every campaign role sees the registry's basic information (name, code, industry, street, status, 规上, tier).
* Figures (``view_confidential``): leader, supervisor, unit administrator and system administrator. Clerks,
  paired cadres, viewers and street clerks (the clerk role in a street) do not: they see the registry without
  figures. Units that must see figures give one of their people the unit-administrator role.
* Personal data (``view_personal``: legal representative, contact): the roles that see figures, plus paired cadres,
  who visit the enterprises and need to reach their contact.
* Writes: supervisor and system administrator (whole registry); unit administrators within their own streets.
  Paired cadres update the cultivation plan and progress of the 小升规 enterprises they are responsible for.
* The 四上 categories, tier bands and tier settings: supervisor and system administrator.
"""

from gongjian.org.choices import RoleChoices as R

_VIEW = [
    "enterprises.view_enterprise",
    "enterprises.view_industry",
    "enterprises.view_enterpriseyearstatus",
    "enterprises.view_scalecategory",
    "enterprises.view_tierband",
    "enterprises.view_cultivationrecord",
]
_FIGURES = ["enterprises.view_confidential", "enterprises.view_enterprisefigure"]
_WRITE = [
    "enterprises.add_enterprise",
    "enterprises.change_enterprise",
    "enterprises.change_enterprisefigure",
    "enterprises.change_enterpriseyearstatus",
    "enterprises.import_enterprise",
    "enterprises.add_cultivationrecord",
    "enterprises.change_cultivationrecord",
]
_SETTINGS = ["enterprises.change_scalecategory", "enterprises.change_tierband", "enterprises.change_tiersettings"]

ENTERPRISE_ROLE_PERMISSIONS = {
    R.LEADER: {*_VIEW, *_FIGURES, "enterprises.view_personal"},
    R.SUPERVISOR: {*_VIEW, *_FIGURES, *_WRITE, *_SETTINGS, "enterprises.view_personal", "enterprises.manage_registry"},
    R.SYSADMIN: {*_VIEW, *_FIGURES, *_WRITE, *_SETTINGS, "enterprises.view_personal", "enterprises.manage_registry"},
    R.UNIT_ADMIN: {*_VIEW, *_FIGURES, *_WRITE, "enterprises.view_personal"},
    R.CLERK: {*_VIEW},
    R.CADRE: {*_VIEW, "enterprises.view_personal", "enterprises.change_cultivationrecord"},
    R.VIEWER: {*_VIEW},
}
