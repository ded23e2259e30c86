"""Who opens the cockpit (merged into org.roles.ROLE_PERMISSIONS): the leaders and the supervision office see
the district; a unit administrator sees the unit-level variant (restrict() narrows every figure to the unit)."""

from gongjian.org.choices import RoleChoices as R

ROLE_PERMISSIONS = {
    R.LEADER: {"cockpit.view_cockpit"},
    R.SUPERVISOR: {"cockpit.view_cockpit"},
    R.UNIT_ADMIN: {"cockpit.view_cockpit"},
}
