"""What the shipped roles may do with buildings.

* Every campaign role sees the buildings in its scope: district roles (leader, supervisor, system administrator)
  all of them, a street's users their street's buildings, a 楼长 the buildings they lead.
* Tax figures (a tenant's tax, a building's tax, tax per m², tier) follow the registry's confidentiality:
  only holders of ``enterprises.view_confidential``.
* The supervision office keeps everything; a street's unit administrator keeps its buildings, plans and
  replacements; clerks keep spaces and tenancies and import the quarterly survey; 楼长 (cadres) record a plan's
  quarterly progress.
"""

from gongjian.org.choices import RoleChoices as R

_VIEW = [
    "buildings.view_building",
    "buildings.view_space",
    "buildings.view_tenancy",
    "buildings.view_tenancytax",
    "buildings.view_buildingplan",
    "buildings.view_planprogress",
    "buildings.view_replacement",
    "buildings.view_buildingsurvey",
]
_DATA = [
    "buildings.add_space",
    "buildings.change_space",
    "buildings.delete_space",
    "buildings.add_tenancy",
    "buildings.change_tenancy",
    "buildings.import_survey",
]
_KEEP = [
    *_DATA,
    "buildings.add_building",
    "buildings.change_building",
    "buildings.delete_tenancy",
    "buildings.add_tenancytax",
    "buildings.change_tenancytax",
    "buildings.add_buildingplan",
    "buildings.change_buildingplan",
    "buildings.add_planprogress",
    "buildings.change_planprogress",
    "buildings.add_replacement",
]

BUILDING_ROLE_PERMISSIONS = {
    R.LEADER: {*_VIEW},
    R.SUPERVISOR: {*_VIEW, *_KEEP, "buildings.delete_building", "buildings.delete_buildingplan"},
    R.SYSADMIN: {*_VIEW},
    R.UNIT_ADMIN: {*_VIEW, *_KEEP},
    R.CLERK: {*_VIEW, *_DATA},
    R.CADRE: {*_VIEW, "buildings.add_planprogress", "buildings.change_planprogress"},
    R.VIEWER: {*_VIEW},
}
