"""The indicators API: the same services, the same scope, clear 400s."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from gongjian.indicators.models import Actual, PlannedValue
from gongjian.testing import local_moment

from .support import TODAY, make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(local_moment(TODAY))


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_actual_workflow_through_the_api(world):
    ind = make_indicator(world)
    clerk, sup = api(world.user("clerk")), api(world.user("supervisor"))
    r = clerk.post("/api/actuals/", {"indicator": ind.pk, "period_start": "2026-06-01", "value": "2"}, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = sup.post(f"/api/actuals/{pk}/return/", {"reason": "请核实"}, format="json")
    assert r.json()["status"] == "returned"
    r = clerk.post("/api/actuals/", {"indicator": ind.pk, "period_start": "2026-06-01", "value": "3"}, format="json")
    assert r.status_code == 200 and r.json()["revision"] == 2
    assert [h["value"] for h in r.json()["revisions"]] == ["2.0000"]
    r = sup.post(f"/api/actuals/{pk}/accept/", format="json")
    assert r.json()["status"] == "accepted" and r.json()["accepted_value"] == "3.0000"


def test_actual_for_a_period_not_over_is_a_400_naming_the_field(world):
    ind = make_indicator(world)
    r = api(world.user("clerk")).post(
        "/api/actuals/", {"indicator": ind.pk, "period_start": "2026-07-01", "value": "2"}, format="json"
    )
    assert r.status_code == 400 and "period_start" in r.json()
    assert not Actual.objects.exists()


def test_indicator_list_carries_colour_achievement_and_forecast(world):
    ind = make_indicator(world)
    for m in range(1, 7):
        Actual.objects.create(
            indicator=ind,
            period_start=f"2026-{m:02d}-01",
            value=1,
            accepted_value=1,
            status="accepted",
            submitted_at=timezone.now(),
        )
    body = api(world.user("leader")).get("/api/indicators/").json()
    (row,) = body["results"]
    assert row["colour"] == "green" and row["achievement_percent"] == 100
    assert row["forecast"]["projected"] == 12 and row["forecast"]["warning"] is None


def test_plan_through_the_api(world):
    ind = make_indicator(world)
    values = [{"period_start": f"2026-{m:02d}-01", "value": "1"} for m in range(1, 13)]
    r = api(world.user("supervisor")).post(f"/api/indicators/{ind.pk}/plan/", {"values": values}, format="json")
    assert r.status_code == 200 and len(r.json()) == 12
    r = api(world.user("supervisor")).post(f"/api/indicators/{ind.pk}/plan/", {"values": values[:3]}, format="json")
    assert r.status_code == 400
    assert PlannedValue.objects.filter(indicator=ind).count() == 12


def test_benchmarks_through_the_api(world):
    ind = make_indicator(world)
    r = api(world.user("supervisor")).post(
        "/api/benchmarks/",
        {"indicator": ind.pk, "period_start": "2026-05-01", "region": "陵城区", "value": "NaN"},
        format="json",
    )
    assert r.status_code == 400 and "value" in r.json()


def test_every_user_of_an_areas_lead_unit_lists_its_indicators_and_no_other(world):
    """The street's indicators: one filed under the area the bureau leads, one under no area. Each user of the
    bureau lists, reads and filters the first by the area, never the second; neither may be changed by them."""
    street = {"lead_unit": world.street, "source_unit": world.street}
    in_area = make_indicator(world, code="S1", name="街道领域内指标", **street)
    outside = make_indicator(world, code="S2", name="街道领域外指标", area=None, **street)
    for role in ("unit_admin", "clerk", "cadre", "viewer"):
        client = api(world.user(role))
        listed = {r["id"] for r in client.get("/api/indicators/").json()["results"]}
        assert in_area.pk in listed and outside.pk not in listed, role
        by_area = {r["id"] for r in client.get("/api/indicators/", {"area": world.area.pk}).json()["results"]}
        assert in_area.pk in by_area, role
        assert client.get(f"/api/indicators/{in_area.pk}/").status_code == 200
        assert client.get(f"/api/indicators/{outside.pk}/").status_code == 404
        assert client.patch(f"/api/indicators/{in_area.pk}/", {"target": "1"}, format="json").status_code in (403, 404)
    street_clerk = api(world.user("street_clerk"))
    assert {in_area.pk, outside.pk} <= {r["id"] for r in street_clerk.get("/api/indicators/").json()["results"]}
