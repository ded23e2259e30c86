"""Field confidentiality with a canary: a unique figure never reaches a role without the permission.

The canary 98765.4321 (万元) is written as figures of one enterprise (its whole year, a month, a tax figure)
through the services, so the audit log holds it too. Every page, API response, Excel export, search result and
audit view a role can reach is searched for the canary in every form it could be written in, and for the gap to
the next band it implies. Roles with the permission see it.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from gongjian.core.services import Actor
from gongjian.enterprises import services
from gongjian.enterprises.models import EnterpriseFigure
from gongjian.enterprises.testing import make_enterprise
from gongjian.testing import PASSWORD

CANARY = Decimal("98765.4321")
FORMS = ["98765.4321", "98,765.4321", "98765.43", "98,765.43", "9.88亿", "9.8765", "1234.5679", "1,234.5679"]
NOT_PERMITTED = ["clerk", "cadre", "viewer", "street_clerk", "nobody"]
PERMITTED = ["leader", "supervisor", "unit_admin", "sysadmin"]


@pytest.fixture
def canary(world):
    e = make_enterprise(world, name="金丝雀化工有限公司", former_names="旧名化工厂")
    actor = Actor(user=world.user("supervisor"), ip="127.0.0.1")
    services.set_figures(actor, e, 2025, None, main_revenue=CANARY, tax_total=CANARY, employees=321)
    services.set_figures(actor, e, 2026, 1, main_revenue=CANARY, rd_expense=CANARY)
    return e


def _pages(e):
    return [
        "/",
        "/my-work/",
        "/audit/",
        "/enterprises/",
        "/enterprises/?q=金丝雀",
        "/enterprises/?q=旧名",
        f"/enterprises/?q={e.credit_code}",
        "/enterprises/?tier=over_500m",
        f"/enterprises/{e.pk}/",
        "/enterprises/tiers/",
        "/enterprises/pool/",
        "/enterprises/categories/",
        f"/enterprises/{e.pk}/figures/?year=2025",
    ]


def _api(e):
    return [
        "/api/enterprises/",
        f"/api/enterprises/?q={e.credit_code}",
        f"/api/enterprises/{e.pk}/",
        "/api/enterprise-figures/",
        f"/api/enterprise-figures/?enterprise={e.pk}",
        f"/api/enterprise-figures/{EnterpriseFigure.objects.filter(enterprise=e).first().pk}/",
        "/api/scale-categories/",
    ]


def _text_of_xlsx(content: bytes) -> tuple[str, list]:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    values = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    return " ".join(str(v) for v in values), values


def _leaks(text: str) -> list[str]:
    return [f for f in FORMS if f in text]


@pytest.mark.parametrize("role", NOT_PERMITTED)
def test_canary_never_reaches_a_role_without_the_permission(world, client, canary, role):
    assert client.login(username=world.user(role).username, password=PASSWORD)
    for url in _pages(canary):
        response = client.get(url)
        assert response.status_code in (200, 403, 404), (url, response.status_code)
        assert _leaks(response.content.decode()) == [], (role, url)
    export = client.get("/enterprises/?export=xlsx")
    if export.status_code == 200:
        text, values = _text_of_xlsx(export.content)
        assert _leaks(text) == []
        assert not any(isinstance(v, (int, float)) and abs(v - float(CANARY)) < 0.01 for v in values)
    api = APIClient()
    api.force_authenticate(world.user(role))
    for url in _api(canary):
        response = api.get(url)
        assert response.status_code in (200, 403, 404), (url, response.status_code)
        body = response.content.decode()
        assert _leaks(body) == [], (role, url)
        assert '"main_revenue":' not in body and '"annual_figures"' not in body, (role, url)


@pytest.mark.parametrize("role", PERMITTED)
def test_canary_reaches_the_roles_with_the_permission(world, client, canary, role):
    assert client.login(username=world.user(role).username, password=PASSWORD)
    detail = client.get(f"/enterprises/{canary.pk}/").content.decode()
    assert "98,765.4321" in detail
    assert "98,765.4321" in client.get("/enterprises/?q=金丝雀").content.decode()  # the revenue columns
    assert "1,234.5679" in client.get("/enterprises/tiers/").content.decode()  # the gap to 过10亿
    _text, values = _text_of_xlsx(client.get("/enterprises/?export=xlsx").content)
    assert any(isinstance(v, float) and abs(v - float(CANARY)) < 1e-6 for v in values)
    api = APIClient()
    api.force_authenticate(world.user(role))
    body = api.get(f"/api/enterprises/{canary.pk}/").json()
    assert Decimal(body["annual_figures"][0]["main_revenue"]) == CANARY
    figures = api.get(f"/api/enterprise-figures/?enterprise={canary.pk}").json()["results"]
    assert {Decimal(f["main_revenue"]) for f in figures} == {CANARY}


def test_audit_view_shows_the_figures_to_auditors_only(world, client, canary):
    """The audit log page is for holders of core.view_auditlog (who all hold the figure permission)."""
    assert client.login(username="supervisor", password=PASSWORD)
    assert "98765.4321" in client.get("/audit/").content.decode()
    client.logout()
    assert client.login(username="clerk", password=PASSWORD)
    assert client.get("/audit/").status_code == 403


@pytest.mark.parametrize("role", ["clerk", "viewer", "street_clerk"])
def test_personal_data_is_masked(world, client, canary, role):
    assert client.login(username=world.user(role).username, password=PASSWORD)
    page = client.get(f"/enterprises/{canary.pk}/").content.decode()
    assert "13812345678" not in page and "张三丰" not in page
    assert "138****5678" in page and "张**" in page
    api = APIClient()
    api.force_authenticate(world.user(role))
    body = api.get(f"/api/enterprises/{canary.pk}/").json()
    assert body["contact_phone"] == "138****5678" and body["legal_representative"] == "张**"


@pytest.mark.parametrize("role", ["cadre", "leader", "unit_admin"])
def test_personal_data_shown_to_permitted_roles(world, client, canary, role):
    assert client.login(username=world.user(role).username, password=PASSWORD)
    page = client.get(f"/enterprises/{canary.pk}/").content.decode()
    assert "13812345678" in page and "张三丰" in page
