"""The building-economy part of the demo: every tier, a plan each, two years of tax, warnings to see."""

from collections import Counter

import pytest
from django.db.models import Count
from django.utils import timezone

from gongjian.buildings import queries
from gongjian.buildings.demo import BUILDINGS
from gongjian.buildings.models import Building, BuildingPlan, Replacement, Tenancy, TenancyTax
from gongjian.demo import calendar
from gongjian.enterprises.models import EnterpriseFigure

# Deadlines and periods here are counted from today: CI also runs these at calendar edges (GONGJIAN_TEST_TODAY).
pytestmark = pytest.mark.dates


def test_buildings_tiers_plans_and_tax(demo):
    year = calendar.demo_year(timezone.localdate())  # the year of the campaign the demo shows
    buildings = list(Building.objects.all())
    assert len(buildings) == len(BUILDINGS) == 30
    ms, ws = queries.metrics_and_warnings(buildings, year)
    tiers = Counter(m.tier for m in ms.values())
    assert tiers["yi"] and tiers["zhunyi"] and tiers["qianwan"] and tiers[""]
    assert BuildingPlan.objects.filter(year=year).count() == 30
    assert EnterpriseFigure.objects.filter(year=year - 1, tax_district__isnull=False).exists()
    assert TenancyTax.objects.filter(year=year).exists()
    assert Tenancy.objects.filter(move_out__isnull=False).exists()  # move-out history
    in_two = Tenancy.objects.values("enterprise").annotate(n=Count("building", distinct=True)).filter(n__gt=1)
    assert in_two.exists()  # a tenant in two buildings
    assert Replacement.objects.count() == 2
    kinds = {w.kind for warnings in ws.values() for w in warnings}
    assert {"occupancy_drop", "big_tenant_leaving", "tax_drop"} <= kinds
    assert "楼宇" in demo.output
