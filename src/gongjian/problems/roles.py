"""Who does what in the problem ledger (see docs/problems.md, "Roles").

* Registers (登记, ``add_problem``): every working role — leaders, the supervision office, unit administrators
  and clerks, paired cadres (after their visits). Viewers and system administrators only look.
* Assigns (交办, ``assign_problem``): the supervision office (督查).
* Handles (签收, 办结申请, 延期申请; ``handle_problem``): the users of the handling unit (unit administrators and
  clerks), for problems assigned to their unit or a unit below it.
* Verifies or returns (核实/退回, ``verify_problem``): the supervision office; never the person who applied.
* Closes out (销号, ``close_problem``): the supervision office and leaders (the 包保 leader approves 销号).
* Approves or rejects an extension (``extend_problem``): the supervision office.
* Problem categories (data, in the admin site): the system administrator.
"""

from gongjian.org.choices import RoleChoices as R

_VIEW = [
    "problems.view_problem",
    "problems.view_problemattachment",
    "problems.view_problemevent",
    "problems.view_problemcategory",
]

PROBLEM_ROLE_PERMISSIONS = {
    R.LEADER: {*_VIEW, "problems.add_problem", "problems.close_problem"},
    R.SUPERVISOR: {
        *_VIEW,
        "problems.add_problem",
        "problems.assign_problem",
        "problems.verify_problem",
        "problems.close_problem",
        "problems.extend_problem",
    },
    R.UNIT_ADMIN: {*_VIEW, "problems.add_problem", "problems.handle_problem"},
    R.CLERK: {*_VIEW, "problems.add_problem", "problems.handle_problem"},
    R.CADRE: {*_VIEW, "problems.add_problem"},
    R.VIEWER: {*_VIEW},
    R.SYSADMIN: {*_VIEW, "problems.add_problemcategory", "problems.change_problemcategory"},
}
