"""Permission-matrix rows of the building economy (collected by core/tests/test_permission_matrix.py).

The building lies in the world's street (新湖街道) and its 楼长 is the paired cadre: district roles and the street
clerk see it through their scope, the cadre as its 楼长; the bureau's unit roles do not (404).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gongjian.core.tests.matrix import ALL, BUREAU, VIEWERS, WHOLE, Row

SEE = WHOLE | {"street_clerk", "cadre"}
HIDDEN = {"unit_admin", "clerk", "viewer", "nobody"}
STREET_DATA = {"supervisor", "unit_admin", "clerk", "street_clerk"}  # may add spaces and tenancies, import
LEAD_SEE = WHOLE | BUREAU | {"street_clerk"}


def objects(world) -> dict:
    from gongjian.buildings.testing import make_building, make_plan, make_space, make_tenancy

    b = make_building(world, name="矩阵大厦", floor_leader=world.user("cadre"))
    space = make_space(b, floor="1F", room="101")
    tenancy = make_tenancy(b, space=space, move_in=dt.date(2025, 1, 1), taxes={2025: Decimal(100)})
    plan = make_plan(b, 2026, floor_leader=world.user("cadre"))
    led = make_building(world, name="领域大厦")  # named in the bureau's area: the bureau reads it, the street keeps it
    led.areas.add(world.area)
    return {"building": b, "space": space, "tenancy": tenancy, "plan": plan, "led_building": led}


def _b(o):
    return o["building"].pk


MATRIX = [
    Row("buildings:overview", lambda w, o: "/buildings/", VIEWERS),
    Row("buildings:building_list", lambda w, o: "/buildings/list/", VIEWERS),
    Row("buildings:building_add", lambda w, o: "/buildings/add/", {"supervisor", "unit_admin"}),
    Row("buildings:building_detail", lambda w, o: f"/buildings/{_b(o)}/", SEE, HIDDEN),
    Row("buildings:building_edit", lambda w, o: f"/buildings/{_b(o)}/edit/", {"supervisor"}, HIDDEN),
    # a building of an area the bureau leads: every user of the bureau reads it (and only reads it)
    Row("buildings:building_detail", lambda w, o: f"/buildings/{o['led_building'].pk}/", LEAD_SEE, {"nobody"}),
    Row(
        "buildings:space_add",
        lambda w, o: f"/buildings/spaces/add/?building={o['led_building'].pk}",
        STREET_DATA,
        method="post",
        data=lambda w, o: {"building": o["led_building"].pk, "floor": "2F", "area": "100", "use": "rented"},
        special={"unit_admin": "unexpected 400", "clerk": "unexpected 400"},  # refused on the field
    ),
    Row("buildings:building_delete", lambda w, o: f"/buildings/{_b(o)}/delete/", {"supervisor"}, HIDDEN),
    Row("buildings:space_add", lambda w, o: f"/buildings/spaces/add/?building={_b(o)}", STREET_DATA),
    Row(
        "buildings:space_edit",
        lambda w, o: f"/buildings/spaces/{o['space'].pk}/edit/",
        {"supervisor", "street_clerk"},
        HIDDEN,
    ),
    Row(
        "buildings:space_delete",
        lambda w, o: f"/buildings/spaces/{o['space'].pk}/delete/",
        {"supervisor", "street_clerk"},
        HIDDEN,
    ),
    Row("buildings:tenancy_add", lambda w, o: f"/buildings/tenancies/add/?building={_b(o)}", STREET_DATA),
    Row(
        "buildings:tenancy_edit",
        lambda w, o: f"/buildings/tenancies/{o['tenancy'].pk}/edit/",
        {"supervisor", "street_clerk"},
        HIDDEN,
    ),
    Row(
        "buildings:tenancy_delete",
        lambda w, o: f"/buildings/tenancies/{o['tenancy'].pk}/delete/",
        {"supervisor"},
        HIDDEN,
    ),
    Row(
        "buildings:tenancy_edit",
        lambda w, o: f"/buildings/tenancies/{o['tenancy'].pk}/edit/",
        {"supervisor", "street_clerk"},
        HIDDEN,
        method="post",
        data=lambda w, o: {
            "enterprise": o["tenancy"].enterprise_id,
            "building": o["building"].pk,
            "space": o["space"].pk,
            "leased_area": "400",
            "move_in": "2025-01-01",
        },
    ),
    Row(
        "buildings:replacement_add",
        lambda w, o: f"/buildings/replacements/add/?building={_b(o)}",
        {"supervisor", "unit_admin"},
    ),
    Row("buildings:plan_list", lambda w, o: "/buildings/plans/", VIEWERS),
    Row("buildings:plan_add", lambda w, o: "/buildings/plans/add/", {"supervisor", "unit_admin"}),
    Row("buildings:plan_detail", lambda w, o: f"/buildings/plans/{o['plan'].pk}/", SEE, HIDDEN),
    Row("buildings:plan_edit", lambda w, o: f"/buildings/plans/{o['plan'].pk}/edit/", {"supervisor"}, HIDDEN),
    Row(
        "buildings:plan_progress",
        lambda w, o: f"/buildings/plans/{o['plan'].pk}/progress/",
        {"supervisor", "cadre"},
        HIDDEN,
    ),
    Row(
        "buildings:plan_progress",
        lambda w, o: f"/buildings/plans/{o['plan'].pk}/progress/",
        {"supervisor", "cadre"},
        HIDDEN,
        method="post",
        data=lambda w, o: {"quarter": 1, "percent": 20, "narrative": "招商洽谈"},
    ),
    Row("buildings:survey_import", lambda w, o: "/buildings/survey/import/", STREET_DATA),
    Row("buildings:survey_template", lambda w, o: "/buildings/survey/template/", STREET_DATA),
    # An error report belongs to the session that made it: for every other session it does not exist.
    Row(
        "buildings:survey_import_errors", lambda w, o: "/buildings/survey/errors/0123456789abcdef/", set(), STREET_DATA
    ),
]

BUILDING_WRITERS = {"supervisor"}  # add_building with scope over the world's street (the bureau admin has none)

API_MATRIX = [
    # POST without a file: whoever may import is told what is missing (400); nobody else learns more (403).
    Row(
        "api:import-building-survey-list",
        lambda w, o: "/api/imports/building-survey/",
        set(),
        method="post",
        data=lambda w, o: {},
        special={r: "invalid" for r in STREET_DATA},
    ),
    # the bureau's users list the building of the area their unit leads (and only that one)
    Row("api:building-list", lambda w, o: "/api/buildings/", SEE | LEAD_SEE, {"nobody"}),
    Row("api:building-detail", lambda w, o: f"/api/buildings/{_b(o)}/", SEE, HIDDEN),
    Row(
        "api:building-detail",
        lambda w, o: f"/api/buildings/{_b(o)}/",
        {"supervisor"},
        HIDDEN,
        method="patch",
        data=lambda w, o: {"main_business": "软件信息"},
    ),
    Row(
        "api:building-list",
        lambda w, o: "/api/buildings/",
        {"supervisor"},
        method="post",
        special={"unit_admin": "invalid"},  # may add buildings, but only in its own street
        data=lambda w, o: {
            "name": "接口大厦",
            "street": w.street.pk,
            "kind": "office",
            "floor_area": "1000",
            "lettable_area": "800",
        },
    ),
    Row("api:space-list", lambda w, o: "/api/spaces/", SEE, HIDDEN - {"nobody"}, special={"nobody": "empty"}),
    Row("api:space-detail", lambda w, o: f"/api/spaces/{o['space'].pk}/", SEE, HIDDEN),
    Row("api:tenancy-list", lambda w, o: "/api/tenancies/", SEE, HIDDEN - {"nobody"}, special={"nobody": "empty"}),
    Row("api:tenancy-detail", lambda w, o: f"/api/tenancies/{o['tenancy'].pk}/", SEE, HIDDEN),
    Row(
        "api:tenancy-detail",
        lambda w, o: f"/api/tenancies/{o['tenancy'].pk}/",
        {"supervisor", "street_clerk"},
        HIDDEN,
        method="patch",
        data=lambda w, o: {"leaving_intention": True, "leaving_reason": "扩租"},
    ),
    Row(
        "api:buildingplan-list",
        lambda w, o: "/api/building-plans/",
        SEE,
        HIDDEN - {"nobody"},
        special={"nobody": "empty"},
    ),
    Row("api:buildingplan-detail", lambda w, o: f"/api/building-plans/{o['plan'].pk}/", SEE, HIDDEN),
    # the matrix world records no 腾楼换企: the list is empty for everyone (the scope: buildings/tests/test_api.py)
    Row("api:replacement-list", lambda w, o: "/api/building-replacements/", set(), ALL),
    Row(
        "api:replacement-list",
        lambda w, o: "/api/building-replacements/",
        {"supervisor"},
        method="post",
        data=lambda w, o: {"building": _b(o), "vacated": o["tenancy"].pk, "date": "2026-03-01", "notes": "低效退出"},
        special={"unit_admin": "invalid"},  # may record one, but not in a building of another street
    ),
    Row(
        "api:buildingplan-progress",
        lambda w, o: f"/api/building-plans/{o['plan'].pk}/progress/",
        {"supervisor", "cadre"},
        HIDDEN,
        method="post",
        data=lambda w, o: {"quarter": 1, "percent": 20, "narrative": "招商洽谈"},
    ),
]
