"""The cockpit's rows of the role × page permission matrix (core/tests/test_permission_matrix.py)."""

from __future__ import annotations

from gongjian.core.tests.matrix import ALL, VIEWERS, Row

#: the leaders and the supervision office (the district), unit administrators (their unit's variant)
COCKPIT = {"leader", "supervisor", "unit_admin"}

MATRIX: list[Row] = [
    Row("cockpit:cockpit", lambda w, o: "/cockpit/", COCKPIT),
    Row("cockpit:widget_export", lambda w, o: "/cockpit/widgets/areas.xlsx", COCKPIT),
    # only redirects, every logged-in user to their own starting page (cockpit/tests/test_landing.py)
    Row("cockpit:start", lambda w, o: "/cockpit/start/", set(), special={r: "unexpected 302" for r in ALL}),
    Row("cockpit:alerts", lambda w, o: "/cockpit/alerts/", VIEWERS),
    Row("cockpit:alerts", lambda w, o: "/cockpit/alerts/?export=xlsx", VIEWERS),
    Row("cockpit:alerts", lambda w, o: "/cockpit/alerts/?kind=supervision", VIEWERS),
]

API_MATRIX: list[Row] = [
    Row("api-cockpit", lambda w, o: "/api/cockpit/", COCKPIT),
    Row("api-alerts", lambda w, o: "/api/alerts/", VIEWERS),
    # the overdue 督办 (not colours): the same roles, each within its scope (cockpit/tests/test_alerts.py)
    Row("api-alerts", lambda w, o: "/api/alerts/?kind=supervision", VIEWERS),
]
