"""The buildings API: tax figures only with the confidential right; writes through the services."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from gongjian.buildings.models import Tenancy
from gongjian.buildings.testing import make_building, make_plan, make_tenancy
from gongjian.testing import WORLD_TODAY

YEAR = WORLD_TODAY.year  # the clock is frozen at WORLD_TODAY for every test here

pytestmark = pytest.mark.usefixtures("world_today")


def client_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_tax_in_api_only_with_permission(world):
    b = make_building(world)
    t = make_tenancy(b, taxes={YEAR: 4321})
    make_plan(b, YEAR, target_tax=Decimal(5000))
    sup = client_for(world.user("supervisor"))
    data = sup.get(f"/api/buildings/{b.pk}/").json()
    assert data["metrics"]["tax_total"] == "4321.00" and data["metrics"]["tier"] == "qianwan"
    assert sup.get(f"/api/tenancies/{t.pk}/").json()["taxes"] == [{"year": YEAR, "tax_district": "4321.00"}]
    assert "target_tax" in sup.get("/api/building-plans/").json()["results"][0]
    clerk = client_for(world.user("street_clerk"))
    data = clerk.get(f"/api/buildings/{b.pk}/").json()
    assert "tax_total" not in data["metrics"] and "tier" not in data["metrics"]
    assert data["metrics"]["tenant_count"] == 1
    assert "taxes" not in clerk.get(f"/api/tenancies/{t.pk}/").json()
    assert "target_tax" not in clerk.get("/api/building-plans/").json()["results"][0]
    listing = clerk.get("/api/buildings/").json()["results"]
    assert "4321" not in str(listing)


def test_api_validation_names_the_field(world):
    b = make_building(world, lettable_area=Decimal(100))
    t = make_tenancy(b, leased_area=Decimal(50))
    r = client_for(world.user("supervisor")).patch(f"/api/tenancies/{t.pk}/", {"leased_area": "150"}, format="json")
    assert r.status_code == 400 and "leased_area" in r.json()
    assert Tenancy.objects.get().leased_area == Decimal(50)


def test_api_list_query_count_does_not_grow(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = client_for(world.user("supervisor"))

    def count(url):
        api.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(url).status_code == 200
        return len(ctx.captured_queries)

    def grow(n):
        for _ in range(n):
            b = make_building(world)
            make_tenancy(b, taxes={YEAR: 10})
            make_plan(b, YEAR)

    grow(2)
    small = {u: count(u) for u in ("/api/buildings/", "/api/tenancies/", "/api/building-plans/")}
    grow(20)
    large = {u: count(u) for u in small}
    assert small == large


def test_api_tier_filter(world):
    a, b = make_building(world, name="亿元"), make_building(world, name="小楼")
    make_tenancy(a, taxes={YEAR: 10000})
    make_tenancy(b, taxes={YEAR: 10})
    names = [r["name"] for r in client_for(world.user("supervisor")).get("/api/buildings/?tier=yi").json()["results"]]
    assert names == ["亿元"]
    # without the right to see tax the tier is no filter (it would reveal the tax)
    names = [r["name"] for r in client_for(world.user("street_clerk")).get("/api/buildings/?tier=yi").json()["results"]]
    assert sorted(names) == ["亿元", "小楼"]


def test_a_tenancys_taxes_are_written_on_create_and_update_not_dropped(world):
    from gongjian.enterprises.testing import make_enterprise

    b = make_building(world, lettable_area=Decimal(1000))
    ent = make_enterprise(street=b.street)
    sup = client_for(world.user("supervisor"))
    body = {
        "enterprise": ent.pk,
        "building": b.pk,
        "leased_area": "200",
        "move_in": f"{YEAR}-01-01",
        "taxes": [{"year": YEAR - 1, "tax_district": "120.50"}, {"year": YEAR, "tax_district": "80"}],
    }
    r = sup.post("/api/tenancies/", body, format="json")
    assert r.status_code == 201, r.json()
    t = Tenancy.objects.get(pk=r.json()["id"])
    assert dict(t.taxes.values_list("year", "tax_district")) == {YEAR - 1: Decimal("120.50"), YEAR: Decimal(80)}
    assert r.json()["taxes"] == [
        {"year": YEAR - 1, "tax_district": "120.50"},
        {"year": YEAR, "tax_district": "80.00"},
    ]
    r = sup.patch(f"/api/tenancies/{t.pk}/", {"taxes": [{"year": YEAR, "tax_district": None}]}, format="json")
    assert r.status_code == 200, r.json()
    assert list(t.taxes.values_list("year", flat=True)) == [YEAR - 1]
    twice = sup.patch(f"/api/tenancies/{t.pk}/", {"taxes": [{"year": YEAR, "tax_district": "1"}] * 2}, format="json")
    assert twice.status_code == 400 and "taxes" in twice.json()


def test_tenancy_taxes_are_not_written_without_the_right_to_see_them(world):
    b = make_building(world)
    t = make_tenancy(b)
    clerk = client_for(world.user("street_clerk"))
    r = clerk.patch(f"/api/tenancies/{t.pk}/", {"taxes": [{"year": YEAR, "tax_district": "5"}]}, format="json")
    assert r.status_code == 403
    assert not t.taxes.exists()


def test_metrics_as_of_a_day_as_well_as_a_year(world):
    import datetime as dt

    b = make_building(world, lettable_area=Decimal(1000))
    make_tenancy(b, leased_area=Decimal(500), move_in=dt.date(YEAR, 3, 1), taxes={YEAR - 1: 10, YEAR: 20})
    api = client_for(world.user("supervisor"))

    def metrics(query):
        r = api.get(f"/api/buildings/{b.pk}/?{query}")
        assert r.status_code == 200, r.content
        return r.json()["metrics"]

    before = metrics(f"as_of={YEAR}-02-01")
    assert before["year"] == YEAR and before["as_of"] == f"{YEAR}-02-01" and before["tenant_count"] == 0
    after = metrics(f"as_of={YEAR}-06-30")
    assert after["as_of"] == f"{YEAR}-06-30" and after["tenant_count"] == 1 and after["tax_total"] == "20.00"
    last_year = metrics(f"as_of={YEAR - 1}-12-31")
    assert last_year["year"] == YEAR - 1 and last_year["tenant_count"] == 0  # moved in this year
    assert metrics(f"year={YEAR}&as_of={YEAR}-06-30")["as_of"] == f"{YEAR}-06-30"
    # a day after today is taken as today; a year alone as before
    assert metrics(f"as_of={YEAR}-12-31")["as_of"] == WORLD_TODAY.date().isoformat()
    assert metrics(f"year={YEAR - 1}")["as_of"] == f"{YEAR - 1}-12-31"
    listing = api.get(f"/api/buildings/?as_of={YEAR}-02-01").json()["results"]
    assert listing[0]["metrics"]["as_of"] == f"{YEAR}-02-01"


@pytest.mark.parametrize(
    "query",
    ["as_of=2026-13-01", "as_of=03/04/2026", "as_of=yesterday", "as_of=2026-02-30", "year=2025&as_of=2026-06-30"],
)
def test_a_bad_day_is_refused_naming_the_parameter(world, query):
    b = make_building(world)
    api = client_for(world.user("supervisor"))
    for url in (f"/api/buildings/?{query}", f"/api/buildings/{b.pk}/?{query}"):
        r = api.get(url)
        assert r.status_code == 400 and list(r.json()) == ["as_of"], (url, r.content)


def test_a_quarters_progress_on_a_plan_through_the_api(world):
    from gongjian.buildings.models import PlanProgress

    plan = make_plan(make_building(world), YEAR)
    api = client_for(world.user("supervisor"))
    url = f"/api/building-plans/{plan.pk}/progress/"
    r = api.post(url, {"quarter": 2, "percent": 40, "occupancy": "85.5", "narrative": "新引进2家"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["progress"] == [
        {"quarter": 2, "percent": 40, "occupancy": "85.50", "new_enterprises": None, "narrative": "新引进2家"}
    ]
    r = api.post(url, {"quarter": 2, "percent": 55}, format="json")
    assert r.status_code == 200 and PlanProgress.objects.get(plan=plan, quarter=2).percent == 55  # replaced
    r = api.post(url, {"quarter": 5, "percent": 101, "colour": "red"}, format="json")
    assert r.status_code == 400 and set(r.json()) == {"colour"}  # the unknown field is named first
    r = api.post(url, {"quarter": 5, "percent": 101}, format="json")
    assert r.status_code == 400 and set(r.json()) == {"quarter", "percent"}
    viewer = client_for(world.user("viewer"))
    assert viewer.post(url, {"quarter": 3, "percent": 1}, format="json").status_code in (403, 404)
    assert PlanProgress.objects.filter(plan=plan).count() == 1


def test_a_replacement_through_the_api_tax_only_with_the_right_and_only_in_scope(world):
    import datetime as dt

    from gongjian.buildings.models import Replacement

    b = make_building(world)
    old = make_tenancy(b, move_in=dt.date(2024, 1, 1), leased_area=Decimal(100), taxes={YEAR - 1: 20})
    new = make_tenancy(b, move_in=dt.date(YEAR, 3, 1), leased_area=Decimal(100), taxes={YEAR: 50})
    sup = client_for(world.user("supervisor"))
    body = {"building": b.pk, "vacated": old.pk, "replacement": new.pk, "date": f"{YEAR}-03-01"}
    r = sup.post("/api/building-replacements/", body, format="json")
    assert r.status_code == 201, r.content
    rec = Replacement.objects.get()
    assert rec.tax_per_m2_before == Decimal(2000) and rec.tax_per_m2_after == Decimal(5000)  # 万元 → 元/m²
    assert Decimal(r.json()["tax_per_m2_after"]) == Decimal(5000)
    r = sup.post("/api/building-replacements/", {**body, "replacement": old.pk}, format="json")
    assert r.status_code == 400 and "replacement" in r.json()
    clerk = client_for(world.user("street_clerk"))
    listed = clerk.get(f"/api/building-replacements/?building={b.pk}").json()["results"]
    assert [x["id"] for x in listed] == [rec.pk] and "tax_per_m2_after" not in listed[0]
    assert client_for(world.user("viewer")).get("/api/building-replacements/").json()["results"] == []
    assert Replacement.objects.count() == 1
