"""Shared pieces of the role × page permission matrix (core/tests/test_permission_matrix.py).

A module adds its own rows in ``gongjian/<module>/tests/matrix_rows.py``: a list ``MATRIX`` of web rows, a list
``API_MATRIX`` of API rows and, optionally, ``objects(world) -> dict`` that creates the objects its rows point at
(merged into the ``o`` argument of every row's ``url`` and ``data`` functions). The matrix test collects every
installed module's rows, so a module's pages are tested in the same table as everyone else's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ROLES = [
    "leader",
    "supervisor",
    "unit_admin",
    "clerk",
    "cadre",
    "viewer",
    "sysadmin",
    "secadmin",
    "auditadmin",
    "street_clerk",
    "nobody",
    "anonymous",
]
ALL = set(ROLES) - {"anonymous"}
#: The security and audit administrators hold no business permission (三权分立): on a row that does not name
#: them they get what a user without any role gets.
NO_BUSINESS = {"secadmin", "auditadmin"}
VIEWERS = ALL - {"nobody"} - NO_BUSINESS  # every business role may look at the campaign
WHOLE = {"leader", "supervisor", "sysadmin"}  # roles that see the whole campaign
BUREAU = {"unit_admin", "clerk", "cadre", "viewer"}  # unit roles in 发改局 (leads own_item)


@dataclass
class Row:
    name: str  # URL name
    url: Any  # function(world, objs) -> str
    ok: set[str]
    hide: set[str] = frozenset()
    method: str = "get"
    data: Any = None  # function(world, objs) -> dict, for POST
    special: dict = None  # role -> outcome, where a role's outcome is none of the above

    def expected(self, role: str) -> str:
        if self.special and role in self.special:
            return self.special[role]
        if role == "anonymous":
            return "login"
        if role in NO_BUSINESS and role not in self.ok and role not in self.hide:
            return Row.expected(self, "nobody")
        if role in self.ok:
            return "ok"
        if role in self.hide:
            return "hide"
        return "deny"


OWN_ITEM_VISIBLE = WHOLE | BUREAU
OWN_HIDDEN = {"street_clerk", "nobody"}
