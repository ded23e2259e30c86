"""Enterprise figures written through the API (yearly and monthly), with the confidential right only."""

from __future__ import annotations

from decimal import Decimal

from rest_framework.test import APIClient

from gongjian.core.models import AuditLog
from gongjian.enterprises.models import EnterpriseFigure
from gongjian.enterprises.testing import make_enterprise


def api_for(world, role):
    api = APIClient()
    api.force_authenticate(world.user(role))
    return api


def test_yearly_figures_are_created_and_changed_through_the_api(world):
    e = make_enterprise(world)
    api = api_for(world, "supervisor")
    r = api.post(
        "/api/enterprise-figures/",
        {"enterprise": e.pk, "year": 2025, "main_revenue": "25000.5", "tax_district": "321"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    figure = EnterpriseFigure.objects.get(enterprise=e, year=2025, month=None)
    assert figure.main_revenue == Decimal("25000.5") and figure.tax_district == Decimal(321)
    assert r.json()["id"] == figure.pk and r.json()["month"] is None
    assert AuditLog.objects.filter(action="enterprise_figure.set", object_id=str(figure.pk)).count() == 1

    r = api.patch(f"/api/enterprise-figures/{figure.pk}/", {"tax_district": None, "year": 2024}, format="json")
    assert r.status_code == 400 and "year" in r.json()  # the period cannot be changed
    r = api.patch(f"/api/enterprise-figures/{figure.pk}/", {"tax_district": None}, format="json")
    assert r.status_code == 200, r.json()
    figure.refresh_from_db()
    assert figure.tax_district is None and figure.main_revenue == Decimal("25000.5")


def test_a_month_and_bad_values_are_named(world):
    e = make_enterprise(world)
    api = api_for(world, "supervisor")
    r = api.post("/api/enterprise-figures/", {"enterprise": e.pk, "year": 2025, "month": 13}, format="json")
    assert r.status_code == 400 and "month" in r.json()
    r = api.post(
        "/api/enterprise-figures/", {"enterprise": e.pk, "year": 2025, "month": 3, "main_revenue": "x"}, format="json"
    )
    assert r.status_code == 400 and "main_revenue" in r.json()
    assert not EnterpriseFigure.objects.filter(enterprise=e).exists()


def test_roles_without_the_confidential_right_write_nothing(world):
    e = make_enterprise(world)
    for role in ("clerk", "viewer", "cadre"):
        r = api_for(world, role).post(
            "/api/enterprise-figures/", {"enterprise": e.pk, "year": 2025, "main_revenue": "1"}, format="json"
        )
        assert r.status_code == 403, (role, r.status_code)
    assert not EnterpriseFigure.objects.filter(enterprise=e).exists()
