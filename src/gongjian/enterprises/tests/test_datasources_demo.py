"""The counters for computed indicators, the demo enterprises, and the API's writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from rest_framework.test import APIClient

from gongjian.core.registry import data_sources
from gongjian.enterprises import datasources, queries, uscc
from gongjian.enterprises.filtersets import current_tier
from gongjian.enterprises.models import CultivationRecord, Enterprise, EnterpriseFigure, EnterpriseYearStatus
from gongjian.enterprises.testing import make_enterprise

D = dt.date


def test_sources_are_registered():
    assert {
        "enterprises.new_above_scale",
        "enterprises.over_100m",
        "enterprises.over_500m",
        "enterprises.over_1b",
    } <= set(data_sources)
    assert data_sources["enterprises.new_above_scale"].kind == "cumulative"
    assert data_sources["enterprises.over_1b"].kind == "level"


def test_new_above_scale_counts_entries_of_the_year_up_to_the_date(world):
    a, b, c, gone = (make_enterprise(world) for _ in range(4))
    for e in (a, b, c, gone):
        EnterpriseYearStatus.objects.create(enterprise=e, year=2025, is_above_scale=e is c)
    EnterpriseYearStatus.objects.create(enterprise=a, year=2026, is_above_scale=True, entered_on=D(2026, 4, 10))
    EnterpriseYearStatus.objects.create(enterprise=b, year=2026, is_above_scale=True, entered_on=D(2026, 9, 10))
    EnterpriseYearStatus.objects.create(enterprise=c, year=2026, is_above_scale=True, entered_on=D(2026, 1, 1))
    gone.status = "moved_out"
    gone.save()
    EnterpriseYearStatus.objects.create(enterprise=gone, year=2026, is_above_scale=True, entered_on=D(2026, 2, 1))
    assert datasources.new_above_scale(2026, D(2026, 3, 31)) == 0
    assert datasources.new_above_scale(2026, D(2026, 4, 10)) == 1
    assert datasources.new_above_scale(2026, D(2026, 12, 31)) == 2  # c was 规上 already; gone moved out
    assert datasources.new_above_scale(2027, D(2027, 1, 31)) is None


def test_over_counts_on_rolling_revenue_at_the_band_floor(world):
    exact, below, annual_only = (make_enterprise(world) for _ in range(3))
    for m in range(1, 13):
        EnterpriseFigure.objects.create(enterprise=exact, year=2025, month=m, main_revenue=Decimal(10000) / 12)
        EnterpriseFigure.objects.create(enterprise=below, year=2025, month=m, main_revenue=Decimal("833.33"))
    EnterpriseFigure.objects.create(enterprise=annual_only, year=2024, month=None, main_revenue=60000)
    # 12 × 833.333… rounds to 9999.9996 at 4 places: just under 1亿.
    assert datasources.count_over("over_100m", 2025, D(2025, 12, 31)) == 0
    EnterpriseFigure.objects.filter(enterprise=exact, year=2025, month=12).update(main_revenue=Decimal("833.3337"))
    assert datasources.count_over("over_100m", 2025, D(2025, 12, 31)) == 1
    assert datasources.count_over("over_100m", 2024, D(2024, 12, 31)) == 1  # annual figures, no months in 2024
    assert datasources.count_over("over_500m", 2024, D(2024, 12, 31)) == 1
    assert datasources.count_over("over_1b", 2024, D(2024, 12, 31)) == 0
    assert datasources.count_over("over_1b", 2023, D(2023, 12, 31)) is None


@pytest.mark.django_db
def test_demo_enterprises_give_every_tier_and_the_counters():
    from gongjian.demo import loader

    now = dt.datetime(2026, 11, 29, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    counts = loader.load(now=now)
    assert any("企业 300 家" in line for line in counts["module_lines"])
    ours = Enterprise.objects.filter(credit_code__in=[uscc.make_code(f"demo-{i}") for i in range(300)])
    assert ours.count() == 300  # other modules' demos may register more
    assert all(uscc.is_valid(c) for c in Enterprise.objects.values_list("credit_code", flat=True))
    assert not ours.filter(street__isnull=True).exists()
    today = now.date()
    rows = queries.tier_rows(
        Enterprise.objects.exclude(status__in=["cancelled", "moved_out"]), year=2025, end=queries.latest_month(today)
    )
    tiers = {current_tier(r).code for r in rows if current_tier(r)}
    assert tiers == {"above_scale", "over_100m", "over_500m", "over_1b"}
    assert sum(1 for r in rows if r.near) >= 5
    assert sum(1 for r in rows if r.pool) >= 10
    assert datasources.new_above_scale(2026, today) == 7
    assert datasources.count_over("over_1b", 2026, today) == 4
    assert datasources.count_over("over_100m", 2026, today) < 22  # the campaign's target is still ahead
    assert CultivationRecord.objects.count() == 9
    assert EnterpriseFigure.objects.filter(year=2026, month__gt=10).count() == 0  # November is not over


def test_api_create_refuses_a_bad_code_with_its_reason(world):
    api = APIClient()
    api.force_authenticate(world.user("supervisor"))
    code = uscc.make_code("api")
    bad = code[:17] + ("0" if code[17] != "0" else "1")
    response = api.post(
        "/api/enterprises/",
        {"credit_code": bad, "name": "接口企业", "industry_code": "1391", "street": world.street.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "check character" in str(response.json())
    assert not Enterprise.objects.exists()
    response = api.post(
        "/api/enterprises/",
        {"credit_code": code, "name": "接口企业", "industry_code": "1391", "street": world.street.pk},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["industry_name"] == "农副食品加工业"


@pytest.mark.parametrize("role", ["clerk", "supervisor"])
def test_api_list_query_count_does_not_grow(world, role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = APIClient()
    api.force_authenticate(world.user(role))

    def grow(n):
        for _ in range(n):
            e = make_enterprise(world)
            EnterpriseYearStatus.objects.create(enterprise=e, year=2026, is_above_scale=True)
            EnterpriseFigure.objects.create(enterprise=e, year=2025, month=None, main_revenue=3000)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            body = api.get("/api/enterprises/").json()
        assert body["results"][0]["year_statuses"][0]["is_above_scale"] is True
        assert ("annual_figures" in body["results"][0]) is (role == "supervisor")
        return len(ctx.captured_queries)

    grow(2)
    count()  # warms the user's permission cache
    small = count()
    grow(20)
    assert count() == small
