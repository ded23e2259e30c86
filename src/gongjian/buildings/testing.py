"""Builders for tests of the building economy (the given of a test, created directly; the stored figures of the
buildings concerned are refreshed as the services would)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from . import figures
from .models import Building, BuildingPlan, Space, Tenancy, TenancyTax

__all__ = ["make_building", "make_plan", "make_space", "make_tenancy"]

_seq = itertools.count(1)


def make_building(world, **overrides) -> Building:
    n = next(_seq)
    fields = {
        "name": f"测试大厦{n}",
        "address": f"新湖大街{n}号",
        "street": world.street,
        "kind": "office",
        "floor_area": Decimal(20000),
        "lettable_area": Decimal(16000),
        "floors": 20,
    }
    fields.update(overrides)
    building = Building.objects.create(**fields)
    figures.touch([building.pk])
    return building


def make_space(building, **overrides) -> Space:
    n = next(_seq)
    fields = {"building": building, "floor": f"{n % 20 + 1}F", "room": f"R{n}", "area": Decimal(500), "use": "rented"}
    fields.update(overrides)
    space = Space.objects.create(**fields)
    figures.touch([space.building_id])
    return space


def make_tenancy(building, enterprise=None, taxes=None, **overrides) -> Tenancy:
    if enterprise is None:
        from gongjian.enterprises.testing import make_enterprise

        enterprise = make_enterprise(street=building.street)
    fields = {"building": building, "enterprise": enterprise, "leased_area": Decimal(500)}
    fields.update(overrides)
    tenancy = Tenancy.objects.create(**fields)
    for year, amount in (taxes or {}).items():
        TenancyTax.objects.create(tenancy=tenancy, year=year, tax_district=Decimal(amount))
    figures.touch([tenancy.building_id], [tenancy.enterprise_id])
    return tenancy


def make_plan(building, year, **overrides) -> BuildingPlan:
    fields = {"building": building, "year": year, "target_occupancy": Decimal(90), "target_new_enterprises": 5}
    fields.update(overrides)
    return BuildingPlan.objects.create(**fields)
