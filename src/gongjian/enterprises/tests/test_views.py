"""Registry pages: filters and search, forms with reasons, figures entry, exports, and query budgets."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from gongjian.core.models import AuditLog
from gongjian.enterprises.models import CultivationRecord, Enterprise, EnterpriseFigure, EnterpriseYearStatus
from gongjian.enterprises.testing import make_enterprise
from gongjian.enterprises.uscc import make_code
from gongjian.testing import PASSWORD


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def login(client, username):
    assert client.login(username=username, password=PASSWORD)


def _names(response) -> set[str]:
    return {e.name for e in response.context["rows"]}


@pytest.mark.dates
def test_list_filters_and_search(world, client):
    a = make_enterprise(world, name="甲纺织有限公司", industry_code="1713", park="天衢工业园", former_names="老甲厂")
    b = make_enterprise(world, name="乙商贸有限公司", industry_code="5123", status="suspended")
    c = make_enterprise(name="丙科技有限公司", industry_code="6513")
    this_year = timezone.localdate().year  # no monthly figures: the status year is this year
    EnterpriseYearStatus.objects.create(enterprise=a, year=this_year, is_above_scale=True, category="industry")
    EnterpriseYearStatus.objects.create(enterprise=b, year=this_year - 1, is_above_scale=True, category="wholesale")
    login(client, "viewer")
    assert _names(client.get("/enterprises/?above_scale=true")) == {a.name}
    assert _names(client.get("/enterprises/?above_scale=false")) == {b.name, c.name}
    assert _names(client.get("/enterprises/")) == {a.name, b.name, c.name}
    assert _names(client.get("/enterprises/?q=老甲")) == {a.name}  # former name
    assert _names(client.get(f"/enterprises/?q={b.credit_code.lower()}")) == {b.name}
    assert _names(client.get(f"/enterprises/?street={world.street.pk}")) == {a.name, b.name}
    assert _names(client.get("/enterprises/?section=C")) == {a.name}
    assert _names(client.get("/enterprises/?section=F")) == {b.name}
    assert _names(client.get("/enterprises/?division=65")) == {c.name}
    assert _names(client.get("/enterprises/?status=suspended")) == {b.name}
    assert _names(client.get("/enterprises/?park=天衢")) == {a.name}
    assert _names(client.get("/enterprises/?sort=-name")) == {a.name, b.name, c.name}


def test_tier_filter_uses_rolling_revenue(world, client):
    big = make_enterprise(world, name="过亿企业")
    small = make_enterprise(world, name="小企业")
    for m in range(1, 13):
        EnterpriseFigure.objects.create(enterprise=big, year=2025, month=m, main_revenue=900)  # 10800 over 12 months
        EnterpriseFigure.objects.create(enterprise=small, year=2025, month=m, main_revenue=10)
    login(client, "clerk")
    assert _names(client.get("/enterprises/?tier=over_100m")) == {big.name}
    assert _names(client.get("/enterprises/?tier=above_scale")) == set()


def test_export_has_figure_columns_only_for_permitted_roles(world, client):
    make_enterprise(world)
    login(client, "clerk")
    header = next(
        load_workbook(io.BytesIO(client.get("/enterprises/?export=xlsx").content)).active.iter_rows(values_only=True)
    )
    assert not any("收入" in str(h) for h in header)
    client.logout()
    login(client, "leader")
    header = next(
        load_workbook(io.BytesIO(client.get("/enterprises/?export=xlsx").content)).active.iter_rows(values_only=True)
    )
    assert any("主营业务收入" in str(h) for h in header)


def test_add_form_says_why_a_code_is_invalid(world, client):
    login(client, "supervisor")
    code = make_code("form")
    wrong = code[:17] + ("A" if code[17] != "A" else "B")
    data = {
        "credit_code": wrong,
        "name": "表单企业",
        "industry_code": "1391",
        "street": world.street.pk,
        "status": "operating",
    }
    response = client.post("/enterprises/add/", data)
    assert response.status_code == 400
    assert f"校验码（第18位）为{wrong[17]}，但按前17位计算应为{code[17]}" in response.content.decode()
    response = client.post("/enterprises/add/", {**data, "credit_code": "91371402ABC"})
    assert "应为18位" in response.content.decode()
    response = client.post("/enterprises/add/", {**data, "credit_code": code, "industry_code": "99"})
    assert response.status_code == 400 and "未知的行业代码" in response.content.decode()
    assert not Enterprise.objects.exists()
    response = client.post("/enterprises/add/", {**data, "credit_code": code})
    assert response.status_code == 302
    e = Enterprise.objects.get()
    assert e.industry.code == "13" and AuditLog.objects.filter(action="enterprise.create").exists()


def test_figures_entry_validates_and_updates(world, client):
    e = make_enterprise(world)
    login(client, "supervisor")
    response = client.post(f"/enterprises/{e.pk}/figures/", {"year": 2026, "month": 2, "main_revenue": "-3"})
    assert response.status_code == 400 and "不能为负数" in response.content.decode()
    response = client.post(f"/enterprises/{e.pk}/figures/", {"year": 2026, "month": 13, "main_revenue": "3"})
    assert response.status_code == 400
    assert not EnterpriseFigure.objects.exists()
    response = client.post(f"/enterprises/{e.pk}/figures/", {"year": 2026, "month": 2, "main_revenue": "3.5"})
    assert response.status_code == 302
    # The period has figures: a form not opened on it may not overwrite them.
    response = client.post(f"/enterprises/{e.pk}/figures/", {"year": 2026, "month": 2, "tax_total": "1"})
    assert response.status_code == 400 and "该期间已有数据" in response.content.decode()
    assert EnterpriseFigure.objects.get().main_revenue == Decimal("3.5")
    page = client.get(f"/enterprises/{e.pk}/figures/?year=2026&month=2").content.decode()
    assert 'name="loaded" value="2026-2"' in page
    response = client.post(
        f"/enterprises/{e.pk}/figures/", {"year": 2026, "month": 2, "tax_total": "1", "loaded": "2026-2"}
    )
    assert response.status_code == 302
    f = EnterpriseFigure.objects.get()
    assert f.main_revenue is None and f.tax_total == Decimal(1)  # the form gives every field: empty clears
    page = client.get(f"/enterprises/{e.pk}/figures/?year=2026&month=2").content.decode()
    assert 'value="1.0000"' in page


def test_pool_candidates_and_plan(world, client):
    e = make_enterprise(world, name="培育对象有限公司")
    for m in range(1, 13):
        EnterpriseFigure.objects.create(enterprise=e, year=2025, month=m, main_revenue=100)  # 1200万: 60 %
    login(client, "cadre")
    page = client.get("/enterprises/pool/").content.decode()
    assert "培育对象有限公司" in page
    client.logout()
    login(client, "supervisor")
    response = client.post(
        f"/enterprises/{e.pk}/pool/add/",
        {"cadre": world.user("cadre").pk, "project_measures": "技改", "status": "active", "target_year": 2026},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = CultivationRecord.objects.get()
    client.logout()
    login(client, "cadre")
    response = client.post(
        f"/enterprises/pool/{record.pk}/edit/",
        {"cadre": world.user("cadre").pk, "progress": "已签约新订单", "status": "active"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.progress == "已签约新订单"
    assert AuditLog.objects.filter(action="cultivation.update").exists()


def test_settings_edit_and_status_refresh(world, client):
    e = make_enterprise(world)
    EnterpriseFigure.objects.create(enterprise=e, year=2025, month=None, main_revenue=2500)
    login(client, "supervisor")
    response = client.post("/enterprises/categories/", {"year": 2025})
    assert response.status_code == 302
    assert EnterpriseYearStatus.objects.get(enterprise=e, year=2025).is_above_scale
    from gongjian.enterprises.models import ScaleCategory

    cat = ScaleCategory.objects.get(code="industry")
    data = {
        "name": cat.name,
        "industries": "B C D",
        "basis": "main_revenue",
        "threshold": "3000",
        "sort_order": 1,
        "is_active": "on",
    }
    assert client.post(f"/enterprises/categories/{cat.pk}/edit/", data).status_code == 302
    client.post("/enterprises/categories/", {"year": 2025})
    assert not EnterpriseYearStatus.objects.get(enterprise=e, year=2025).is_above_scale
    assert client.post("/enterprises/tier-settings/", {"near_low": "1.5", "pool_share": "0.5"}).status_code == 400
    assert client.post("/enterprises/tier-settings/", {"near_low": "0.9", "pool_share": "0.4"}).status_code == 302


def test_detail_shows_sections_of_other_modules(world, client):
    from gongjian.enterprises import sections

    e = make_enterprise(world)

    def panel(request, enterprise):
        return {"title": "测试面板", "template": "enterprises/includes/cell_figure.html", "value": "面板内容42"}

    sections.register_enterprise_section(panel)
    try:
        login(client, "viewer")
        assert "面板内容42" in client.get(f"/enterprises/{e.pk}/").content.decode()
    finally:
        sections.enterprise_sections.remove(panel)


# --- query budgets ------------------------------------------------------------------------------------------


def _grow(world, n, start=0):
    for i in range(start, start + n):
        e = make_enterprise(world, name=f"预算企业{i:03d}")
        EnterpriseYearStatus.objects.create(enterprise=e, year=2026, is_above_scale=i % 2 == 0)
        EnterpriseFigure.objects.create(enterprise=e, year=2025, month=None, main_revenue=1000 + i * 500)
        for m in (1, 2, 3):
            EnterpriseFigure.objects.create(enterprise=e, year=2026, month=m, main_revenue=100 + i)


PAGES = [
    "/enterprises/",
    "/enterprises/?export=xlsx",
    "/enterprises/?tier=above_scale",
    "/enterprises/tiers/",
    "/enterprises/pool/",
    "DETAIL",
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["supervisor", "clerk"])
def test_query_count_does_not_grow_with_rows(world, client, page, role):
    login(client, world.user(role).username)
    first = make_enterprise(world, name="详情企业")

    def count():
        url = f"/enterprises/{first.pk}/" if page == "DETAIL" else page
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _grow(world, 3)
    small = count()
    _grow(world, 30, start=3)
    large = count()
    assert large == small, f"{page}: {small} queries with few rows, {large} with many"
    # the page gathers the panels of the other modules (buildings, pairing, problems): a few queries each
    assert small <= (40 if page == "DETAIL" else 30)


def test_my_work_lists_the_cadres_cultivation_plans(world, client):
    e = make_enterprise(world, name="我的培育企业有限公司")
    CultivationRecord.objects.create(enterprise=e, cadre=world.user("cadre"), progress="已走访")
    login(client, "cadre")
    page = client.get("/my-work/").content.decode()
    assert "我的培育企业有限公司" in page and "已走访" in page
    client.logout()
    login(client, "clerk")
    assert "我的培育企业有限公司" not in client.get("/my-work/").content.decode()


def test_detail_shows_the_tier_of_each_year_to_every_role(world, client):
    e = make_enterprise(world)
    EnterpriseFigure.objects.create(enterprise=e, year=2024, month=None, main_revenue=1500)
    EnterpriseFigure.objects.create(enterprise=e, year=2025, month=None, main_revenue=10000)  # exactly 1亿
    login(client, "viewer")
    page = client.get(f"/enterprises/{e.pk}/").content.decode()
    assert "2025 过亿 · 2024 —" in page
    assert "10,000" not in page and "1,500" not in page


def test_tiers_page_counts_each_band_and_at_least(world, client):
    for revenue in (2004, 10008, 60000, 150000, 1992):  # multiples of 12: exact monthly amounts
        e = make_enterprise(world)
        for m in range(1, 13):
            EnterpriseFigure.objects.create(enterprise=e, year=2025, month=m, main_revenue=Decimal(revenue) / 12)
    login(client, "viewer")
    response = client.get("/enterprises/tiers/")
    rows = {b["band"].code: (b["rolling"], b["rolling_at_least"]) for b in response.context["bands"]}
    assert rows == {"above_scale": (1, 4), "over_100m": (1, 3), "over_500m": (1, 2), "over_1b": (1, 1)}
    assert [r.near.band.code for r in response.context["near"]] == ["above_scale"]  # 1992: 99.6 % of 规上


def test_a_street_administrator_adds_enterprises_in_the_own_street_only(world, client):
    from gongjian.testing import make_unit, make_user

    other = make_unit("运河街道办事处", "YH", world.district, kind="street")
    make_user("yh_admin", other, "unit_admin")
    login(client, "yh_admin")
    page = client.get("/enterprises/add/")
    assert list(page.context["form"].fields["street"].queryset) == [other]
    data = {"credit_code": make_code("street"), "name": "运河企业", "industry_code": "1391", "status": "operating"}
    response = client.post("/enterprises/add/", {**data, "street": world.street.pk})
    assert response.status_code == 400 and not Enterprise.objects.exists()
    assert client.post("/enterprises/add/", {**data, "street": other.pk}).status_code == 302
    e = Enterprise.objects.get()
    assert client.get(f"/enterprises/{e.pk}/edit/").status_code == 200


def test_every_user_of_an_areas_lead_unit_reads_the_registry_without_figures_unless_permitted(world):
    """The bureau leads the area; the street's enterprises are read by each of its users (the registry is the
    whole campaign's), in the API as on the pages; figures only reach its administrator, never its clerk."""
    from rest_framework.test import APIClient

    ent = make_enterprise(world, name="街道纺织有限公司")  # in the street, not in the bureau
    EnterpriseFigure.objects.create(enterprise=ent, year=2025, month=None, main_revenue=Decimal("4321.5"))
    api = APIClient()
    for role in ("unit_admin", "clerk", "cadre", "viewer"):
        api.force_authenticate(world.user(role))
        rows = api.get("/api/enterprises/", {"q": "街道纺织"}).json()["results"]
        assert [r["id"] for r in rows] == [ent.pk], role
        assert ("annual_figures" in rows[0]) is (role == "unit_admin"), role
        assert api.get(f"/api/enterprises/{ent.pk}/").status_code == 200
    # reading is not keeping: the bureau changes nothing of the street's enterprise
    for role in ("unit_admin", "clerk"):
        assert not Enterprise.objects.restrict(world.user(role), "change").filter(pk=ent.pk).exists()
    api.force_authenticate(world.user("nobody"))
    assert api.get(f"/api/enterprises/{ent.pk}/").status_code in (403, 404)
