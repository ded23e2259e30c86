"""What the shipped roles may do with pairings and visits (see docs/problems.md).

* Every campaign role sees pairings and visits within its scope (own, own unit and below; leaders, 督查 and
  administrators everything).
* The supervision office (督查室) decides who is paired with which enterprise (add, change, delete).
* Leaders and paired cadres record their visits; the supervision office may record a visit too, and delete one
  entered by mistake.
"""

from gongjian.org.choices import RoleChoices as R

_VIEW = ["pairing.view_pairing", "pairing.view_visit", "pairing.view_visitattachment"]

PAIRING_ROLE_PERMISSIONS = {
    R.LEADER: {*_VIEW, "pairing.add_visit"},
    R.SUPERVISOR: {
        *_VIEW,
        "pairing.add_pairing",
        "pairing.change_pairing",
        "pairing.delete_pairing",
        "pairing.add_visit",
        "pairing.delete_visit",
    },
    R.UNIT_ADMIN: {*_VIEW},
    R.CLERK: {*_VIEW},
    R.CADRE: {*_VIEW, "pairing.add_visit"},
    R.VIEWER: {*_VIEW},
    R.SYSADMIN: {*_VIEW},
}
