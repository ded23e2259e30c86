"""REST API: campaigns, areas and items; scope, permissions, bad input, query budget, OpenAPI schema and docs."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.validation import validate_schema

from gongjian.campaigns.models import Area, Campaign, Item
from gongjian.core.models import AuditLog
from gongjian.org.choices import RoleChoices as R
from gongjian.testing import make_item, make_unit

from .api_support import assert_audited, clients, freeze_today, results


@pytest.fixture(autouse=True)
def today(time_machine):
    return freeze_today(time_machine)


@pytest.fixture
def api(world):
    return clients(world)


def item_payload(world, **overrides) -> dict:
    data = {
        "area": world.area.pk,
        "title": "新建产业园区配套道路",
        "kind": "key_work",
        "leader": world.user(R.LEADER).pk,
        "lead_unit": world.bureau.pk,
        "co_units": [world.street.pk],
        "start_date": "2026-02-01",
        "due_date": "2026-09-30",
    }
    data.update(overrides)
    return data


# --- campaigns --------------------------------------------------------------------------------------------


def test_campaign_list_and_detail(world, api):
    rows = results(api(R.CLERK).get("/api/campaigns/"))
    assert [r["id"] for r in rows] == [world.campaign.pk]
    detail = api(R.VIEWER).get(f"/api/campaigns/{world.campaign.pk}/").json()
    assert detail["name"] == world.campaign.name
    assert detail["cycle"] == "monthly"
    assert results(api("nobody").get("/api/campaigns/")) == []
    assert api("nobody").get(f"/api/campaigns/{world.campaign.pk}/").status_code == 404


def test_campaign_create_update_delete(world, api):
    client = api(R.SUPERVISOR)
    response = client.post(
        "/api/campaigns/",
        {"name": "2027年重点工作攻坚年", "year": 2027, "start_date": "2027-01-01", "end_date": "2027-12-31"},
        format="json",
    )
    assert response.status_code == 201, response.content
    campaign = Campaign.objects.get(pk=response.json()["id"])
    assert campaign.year == 2027 and campaign.grace_days == 5
    assert_audited("campaign.create", campaign, user=world.user(R.SUPERVISOR))

    response = client.patch(f"/api/campaigns/{campaign.pk}/", {"cycle": "weekly"}, format="json")
    assert response.status_code == 200, response.content
    campaign.refresh_from_db()
    assert campaign.cycle == "weekly"
    assert_audited("campaign.update", campaign).after["cycle"] == "weekly"

    # Nobody holds delete_campaign in the shipped roles: the 督查 office gets 403.
    assert client.delete(f"/api/campaigns/{campaign.pk}/").status_code == 403
    assert Campaign.objects.filter(pk=campaign.pk).exists()


def test_campaign_delete_by_superuser_refuses_a_campaign_with_areas(world, api):
    from gongjian.campaigns.tests.api_support import client_for
    from gongjian.org.models import User

    admin = User.objects.create_superuser("root", password="x" * 12)
    client = client_for(admin)
    assert client.delete(f"/api/campaigns/{world.campaign.pk}/").status_code == 400
    assert Campaign.objects.filter(pk=world.campaign.pk).exists()
    empty = Campaign.objects.create(
        name="空", year=2030, start_date=dt.date(2030, 1, 1), end_date=dt.date(2030, 12, 31)
    )
    assert client.delete(f"/api/campaigns/{empty.pk}/").status_code == 204
    assert not Campaign.objects.filter(pk=empty.pk).exists()
    assert_audited("campaign.delete", Campaign, empty.pk, user=admin)


def test_campaign_create_denied_to_clerk(world, api):
    before = Campaign.objects.count()
    response = api(R.CLERK).post("/api/campaigns/", {"name": "x", "year": 2027}, format="json")
    assert response.status_code == 403
    assert Campaign.objects.count() == before
    assert not AuditLog.objects.filter(action="campaign.create").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"year": 2027, "start_date": "2027-01-01", "end_date": "2027-12-31"}, "name"),
        ({"name": "x", "year": "twenty", "start_date": "2027-01-01", "end_date": "2027-12-31"}, "year"),
        ({"name": "x", "year": 2027, "start_date": "2027-13-01", "end_date": "2027-12-31"}, "start_date"),
        ({"name": "x", "year": 2027, "start_date": "2027-06-01", "end_date": "2027-01-31"}, "end_date"),
        ({"name": "x", "year": 1999, "start_date": "2027-01-01", "end_date": "2027-12-31"}, "year"),
        ({"name": "x", "year": 2027, "start_date": "2027-01-01", "end_date": "2027-12-31", "cycle": "daily"}, "cycle"),
    ],
)
def test_campaign_bad_input_names_the_field(world, api, payload, field):
    before = Campaign.objects.count()
    response = api(R.SUPERVISOR).post("/api/campaigns/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Campaign.objects.count() == before


def test_campaign_duplicate_name_and_year_is_400(world, api):
    payload = {"name": world.campaign.name, "year": 2026, "start_date": "2026-01-01", "end_date": "2026-12-31"}
    response = api(R.SUPERVISOR).post("/api/campaigns/", payload, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert Campaign.objects.filter(name=world.campaign.name).count() == 1


# --- areas ------------------------------------------------------------------------------------------------


def test_area_create_update_delete(world, api):
    client = api(R.SUPERVISOR)
    payload = {"campaign": world.campaign.pk, "number": 3, "title": "攻城市品质之坚", "lead_unit": world.street.pk}
    response = client.post("/api/areas/", payload, format="json")
    assert response.status_code == 201, response.content
    area = Area.objects.get(pk=response.json()["id"])
    assert (area.number, area.lead_unit) == (3, world.street)
    assert response.json()["lead_unit_name"] == str(world.street)
    assert_audited("area.create", area)

    response = client.patch(f"/api/areas/{area.pk}/", {"title": "攻城市品质提升之坚"}, format="json")
    assert response.status_code == 200
    area.refresh_from_db()
    assert area.title == "攻城市品质提升之坚"
    assert_audited("area.update", area)

    assert client.delete(f"/api/areas/{area.pk}/").status_code == 204
    assert not Area.objects.filter(pk=area.pk).exists()
    assert_audited("area.delete", Area, area.pk)


def test_area_cannot_move_campaign_or_be_deleted_with_items(world, api):
    client = api(R.SUPERVISOR)
    other = Campaign.objects.create(
        name="其他", year=2026, start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31)
    )
    response = client.patch(f"/api/areas/{world.area.pk}/", {"campaign": other.pk}, format="json")
    assert response.status_code == 400
    assert "campaign" in response.json()
    world.area.refresh_from_db()
    assert world.area.campaign == world.campaign

    response = client.delete(f"/api/areas/{world.area.pk}/")
    assert response.status_code == 400
    assert Area.objects.filter(pk=world.area.pk).exists()


def test_area_duplicate_number_is_400(world, api):
    payload = {"campaign": world.campaign.pk, "number": world.area.number, "title": "重复"}
    response = api(R.SUPERVISOR).post("/api/areas/", payload, format="json")
    assert response.status_code == 400
    assert Area.objects.count() == 1


# --- items: reads -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (R.LEADER, {"2-01", "2-02", "2-03"}),
        (R.SUPERVISOR, {"2-01", "2-02", "2-03"}),
        (R.CLERK, {"2-01", "2-02"}),
        (R.VIEWER, {"2-01", "2-02"}),
        ("street_clerk", {"2-02", "2-03"}),
        ("nobody", set()),
    ],
)
def test_item_list_is_scoped(world, api, role, expected):
    assert {r["code"] for r in results(api(role).get("/api/items/"))} == expected


def test_item_outside_scope_is_404_for_read_change_and_delete(world, api):
    client = api(R.CLERK)
    other = world.other_item
    assert client.get(f"/api/items/{other.pk}/").status_code == 404
    assert client.patch(f"/api/items/{other.pk}/", {"title": "x"}, format="json").status_code == 404
    assert client.put(f"/api/items/{other.pk}/", item_payload(world), format="json").status_code == 404
    assert client.delete(f"/api/items/{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.title == "街道楼宇招商"
    # The supervisor's view of the same item is there, so the 404 was scope and not a missing row.
    assert api(R.SUPERVISOR).get(f"/api/items/{other.pk}/").status_code == 200


def test_item_detail_has_derived_state(world, api):
    item = world.own_item
    Item.objects.filter(pk=item.pk).update(due_date=dt.date(2026, 5, 31), progress=40)
    body = api(R.CLERK).get(f"/api/items/{item.pk}/").json()
    assert body["campaign"] == world.campaign.pk
    assert body["progress"] == 40
    assert body["status"] == "in_progress"
    assert body["is_overdue"] is True
    assert body["days_overdue"] == 15  # 2026-05-31 → 2026-06-15
    assert body["leader_name"] == "区长"

    future = make_item(world.area, "2-04", world.bureau, world.user(R.LEADER), start_date=dt.date(2026, 8, 1))
    body = api(R.CLERK).get(f"/api/items/{future.pk}/").json()
    assert (body["status"], body["is_overdue"], body["days_overdue"]) == ("not_started", False, 0)
    assert body["co_units"] == []
    coop = api(R.CLERK).get(f"/api/items/{world.coop_item.pk}/").json()
    assert coop["co_units"] == [world.bureau.pk]


def test_item_filters_use_the_item_filterset(world, api):
    Item.objects.filter(pk=world.own_item.pk).update(due_date=dt.date(2026, 5, 31))
    client = api(R.SUPERVISOR)
    assert [r["code"] for r in results(client.get("/api/items/?overdue=true"))] == ["2-01"]
    assert {r["code"] for r in results(client.get(f"/api/items/?unit={world.bureau.pk}"))} == {"2-01", "2-02"}
    assert [r["code"] for r in results(client.get("/api/items/?q=楼宇"))] == ["2-03"]
    response = client.get("/api/items/?status=bogus")
    assert response.status_code == 400
    assert "status" in response.json()
    assert client.get("/api/items/?due_before=2026-13-01").status_code == 400


# --- items: writes ----------------------------------------------------------------------------------------


def test_item_create_by_supervisor(world, api):
    response = api(R.SUPERVISOR).post("/api/items/", item_payload(world), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    item = Item.objects.get(pk=body["id"])
    assert item.code == "2-04"  # the next free number of the area
    assert item.title == "新建产业园区配套道路"
    assert list(item.co_units.all()) == [world.street]
    assert body["co_units"] == [world.street.pk]
    assert body["status"] == "in_progress"
    rec = assert_audited("item.create", item, user=world.user(R.SUPERVISOR))
    assert rec.after["title"] == "新建产业园区配套道路"


def test_item_create_denied_without_add_permission(world, api):
    before = Item.objects.count()
    for role in (R.CLERK, R.UNIT_ADMIN, R.LEADER, R.VIEWER, "nobody"):
        response = api(role).post("/api/items/", item_payload(world), format="json")
        assert response.status_code == 403, role
    # Permission is checked before the body: even invalid input gets 403, not 400.
    assert api(R.CLERK).post("/api/items/", {"title": ""}, format="json").status_code == 403
    assert Item.objects.count() == before
    assert not AuditLog.objects.filter(action="item.create").exists()


def test_item_change_in_scope_without_permission_is_403(world, api):
    item = world.own_item
    assert api(R.CLERK).patch(f"/api/items/{item.pk}/", {"title": "改"}, format="json").status_code == 403
    assert api(R.CLERK).delete(f"/api/items/{item.pk}/").status_code == 403
    # Found in scope, then the permission, then the body: invalid input from a clerk is still 403.
    response = api(R.CLERK).patch(f"/api/items/{item.pk}/", {"due_date": "2026-13-01"}, format="json")
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.title == "重大技改项目推进"
    assert not AuditLog.objects.filter(action__in=["item.update", "item.delete"]).exists()


def test_item_partial_and_full_update(world, api):
    client = api(R.SUPERVISOR)
    item = world.coop_item
    response = client.patch(f"/api/items/{item.pk}/", {"title": "梯队培育计划", "co_units": []}, format="json")
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.title == "梯队培育计划"
    assert list(item.co_units.all()) == []
    rec = assert_audited("item.update", item)
    assert rec.before["title"] == "梯队培育" and rec.after["title"] == "梯队培育计划"

    response = client.put(f"/api/items/{item.pk}/", item_payload(world, code="2-02"), format="json")
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert (item.title, item.lead_unit, item.due_date) == ("新建产业园区配套道路", world.bureau, dt.date(2026, 9, 30))
    assert list(item.co_units.all()) == [world.street]
    assert len([r for r in AuditLog.objects.filter(action="item.update")]) == 2


def test_item_derived_fields_are_not_writable(world, api):
    item = world.own_item
    response = api(R.SUPERVISOR).patch(f"/api/items/{item.pk}/", {"progress": 100, "status": "done"}, format="json")
    # Refused with both fields named, not silently dropped.
    assert response.status_code == 400
    assert set(response.json()) == {"progress", "status"}
    item.refresh_from_db()
    assert item.progress == 0 and item.completed_on is None


def test_item_delete(world, api):
    item = world.own_item
    assert api(R.SUPERVISOR).delete(f"/api/items/{item.pk}/").status_code == 204
    assert not Item.objects.filter(pk=item.pk).exists()
    rec = assert_audited("item.delete", Item, item.pk)
    assert rec.before["code"] == "2-01"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": None}, "title"),
        ({"start_date": "2026-13-01"}, "start_date"),
        ({"due_date": "next week"}, "due_date"),
        ({"lead_unit": 999999}, "lead_unit"),
        ({"co_units": [999999]}, "co_units"),
        ({"co_units": "FGJ"}, "co_units"),
        ({"area": 999999}, "area"),
        ({"leader": "区长"}, "leader"),
        ({"weight": "heavy"}, "weight"),
        ({"weight": -1}, "weight"),
        ({"kind": "dream"}, "kind"),
        ({"due_date": "2026-01-15"}, "due_date"),  # before the start date: the model's rule
        ({"due_date": "2027-03-01"}, "due_date"),  # outside the campaign
        ({"code": "2-01"}, "non_field_errors"),  # the area already has this number
    ],
)
def test_item_bad_input_is_400_naming_the_field(world, api, overrides, field):
    payload = {k: v for k, v in item_payload(world, **overrides).items() if v is not None}
    before = Item.objects.count()
    response = api(R.SUPERVISOR).post("/api/items/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Item.objects.count() == before


def test_item_leader_must_hold_the_leader_role(world, api):
    payload = item_payload(world, leader=world.user(R.CLERK).pk)
    response = api(R.SUPERVISOR).post("/api/items/", payload, format="json")
    assert response.status_code == 400
    assert "leader" in response.json()


def test_non_json_body_is_400(world, api):
    before = Item.objects.count()
    response = api(R.SUPERVISOR).post("/api/items/", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    response = api(R.SUPERVISOR).post("/api/items/", data=json.dumps([1, 2]), content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert Item.objects.count() == before


# --- robustness: no input yields a 500 --------------------------------------------------------------------

NASTY = [10**30, -1, "", "\x00", "２０２６", [], {}, None, True, 1.5, "1e400", "NaN", "' OR 1=1 --", "9" * 5000]
ENDPOINTS = ["campaigns", "areas", "items", "milestones", "reports", "leader-actions", "units", "users"]
FIELDS = [
    *("name", "year", "start_date", "end_date", "cycle", "grace_days", "campaign", "number", "area", "item"),
    *("leader", "lead_unit", "co_units", "due_date", "weight", "kind", "code", "planned_date", "actual_date"),
    *("period_start", "percent", "narrative", "date", "note"),
]


@pytest.mark.parametrize("value", NASTY)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_nasty_values_never_cause_a_server_error(world, api, endpoint, value):
    client = api(R.SUPERVISOR)
    response = client.post(f"/api/{endpoint}/", {f: value for f in FIELDS}, format="json")
    assert response.status_code in (400, 403, 405), response.content
    response = client.patch(f"/api/{endpoint}/1/", {f: value for f in FIELDS}, format="json")
    assert response.status_code in (400, 403, 404, 405), response.content
    for f in ("item", "campaign", "unit", "leader", "area", "status", "year", "page", "page_size", "overdue"):
        response = client.get(f"/api/{endpoint}/", {f: json.dumps(value) if not isinstance(value, str) else value})
        assert response.status_code in (200, 400, 404), (f, response.content)


@pytest.mark.parametrize("path", ["/api/items/99999999999999999999999/", "/api/items/abc/", "/api/items/-1/"])
def test_odd_ids_in_the_url_are_404(world, api, path):
    response = api(R.SUPERVISOR).get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"]}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_options_and_head_answer(world, api, endpoint):
    client = api(R.CLERK)
    assert client.options(f"/api/{endpoint}/").status_code == 200
    assert client.head(f"/api/{endpoint}/").status_code == 200
    assert client.options(f"/api/{endpoint}/999999/").status_code in (200, 404)


# --- query budget -----------------------------------------------------------------------------------------


def _queries_for_items_list(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/items/?page_size=100")
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [R.SUPERVISOR, R.CLERK])
def test_item_list_runs_a_constant_number_of_queries(world, api, role):
    leader = world.user(R.LEADER)
    extra = make_unit("区工信局", "GXJ", world.district)

    def add_items(start, count):
        for i in range(start, start + count):
            make_item(world.area, f"2-{i:03d}", world.bureau, leader, co_units=[world.street, extra])

    client = api(role)
    add_items(100, 2)  # 5 items in all
    assert len(results(client.get("/api/items/?page_size=100"))) == (5 if role == R.SUPERVISOR else 4)
    few = _queries_for_items_list(client)
    add_items(200, 45)  # 50 items in all
    rows = results(client.get("/api/items/?page_size=100"))
    assert len(rows) == (50 if role == R.SUPERVISOR else 49)
    assert all(len(r["co_units"]) == 2 for r in rows if r["code"].startswith("2-2"))
    many = _queries_for_items_list(client)
    assert few == many
    assert many <= 8


# --- schema and docs --------------------------------------------------------------------------------------

API_PATHS = [
    "/api/units/",
    "/api/units/{id}/",
    "/api/users/",
    "/api/users/{id}/",
    "/api/campaigns/",
    "/api/campaigns/{id}/",
    "/api/areas/",
    "/api/areas/{id}/",
    "/api/items/",
    "/api/items/{id}/",
    "/api/milestones/",
    "/api/milestones/{id}/",
    "/api/milestones/{id}/record/",
    "/api/reports/",
    "/api/reports/{id}/",
    "/api/reports/{id}/accept/",
    "/api/reports/{id}/return/",
    "/api/leader-actions/",
    "/api/leader-actions/{id}/",
    "/api/auth/token/",
]


def test_schema_and_docs_need_a_login(db, client):
    assert client.get("/api/schema/?format=json").status_code in (401, 403)
    assert client.get("/api/docs/").status_code in (401, 403)


def test_schema_is_a_valid_openapi_3_document_listing_every_endpoint(world, client):
    client.force_login(world.user("viewer"))
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document
    assert set(API_PATHS) <= set(schema["paths"])
    assert set(schema["paths"]["/api/items/{id}/"]) >= {"get", "put", "patch", "delete"}
    assert set(schema["paths"]["/api/reports/{id}/"]) == {"get"}
    assert set(schema["paths"]["/api/leader-actions/{id}/"]) == {"get", "delete"}
    components = schema["components"]["schemas"]
    item = components["Item"]["properties"]
    assert item["status"]["allOf"][0]["$ref"] == "#/components/schemas/ItemStatusEnum"
    assert components["ItemStatusEnum"]["enum"] == ["not_started", "in_progress", "done"]
    assert item["co_units"]["type"] == "array"
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_schema_generates_without_warnings(db, tmp_path):
    # --fail-on-warn turns any warning or error of the generator into a failure.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yml"))
    assert "/api/reports/{id}/return/:" in (tmp_path / "schema.yml").read_text()


def test_swagger_ui_is_served_locally(world, client):
    client.force_login(world.user("viewer"))
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        url = f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}"
        assert url in html
        assert finders.find(url.removeprefix("/static/")), asset
    # No inline script (the Content-Security-Policy forbids it): the start-up script is a separate file.
    assert "<script>" not in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
