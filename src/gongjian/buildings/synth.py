"""The generator's building part: buildings with floors of rented and vacant space, tenancies of registry
enterprises with two years of district tax, and a 一楼一策 plan each.

Every building's rented area stays within its lettable area, each space has one tenancy (no overlaps), and a
building's tax is drawn from a log-normal spread so that 亿元楼, 准亿元楼 and 千万元楼 appear at every scale.
Runs after the enterprise part and uses its enterprises as tenants (none: the part does nothing).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import TYPE_CHECKING

from gongjian.org.choices import RoleChoices

from . import figures
from .choices import BuildingKind, SpaceUse
from .models import Building, BuildingPlan, Space, Tenancy, TenancyTax

if TYPE_CHECKING:
    from gongjian.synth.generator import Context

BUSINESS = ["金融服务", "软件和信息服务", "商务服务", "电子商务", "文化创意", "科技研发"]
STEMS = ["金融", "科创", "国际", "商务", "中心", "总部", "数码", "财富", "时代", "环球"]
D2 = Decimal("0.01")


def run(ctx: Context) -> None:
    rng, w, sh = ctx.rng, ctx.writer, ctx.shared
    enterprises = list(sh.get("enterprise_ids") or [])
    if not enterprises:
        return
    n = ctx.scale.buildings
    year, today = ctx.today.year, ctx.today
    streets = sh["streets"] or sh["bureaus"]
    cadres = sh["users_by_role"][RoleChoices.CADRE] or sh["users_by_role"][RoleChoices.LEADER]
    leaders = sh["users_by_role"][RoleChoices.LEADER]
    first = w.reserve(Building, n)
    buildings, spaces, tenancies, taxes, plans = [], [], [], [], []
    space_id, ten_id = w.next_id(Space), w.next_id(Tenancy)
    next_tenant = rng.randrange(len(enterprises))
    for b in range(n):
        pk = first + b
        street = streets[rng.randrange(len(streets))]
        floors = rng.randint(8, 32)
        floor_area = Decimal(rng.randrange(12_000, 60_000, 500))
        lettable = (floor_area * Decimal("0.85")).quantize(Decimal(1))
        buildings.append(
            {
                "id": pk,
                "name": f"{street['name'][:2]}{rng.choice(STEMS)}大厦{pk}",
                "address": f"{street['name']}{rng.randint(1, 999)}号",
                "street_id": street["id"],
                "kind": rng.choice(BuildingKind.values),
                "grade": rng.choice(["", "super_a", "a", "b"]),
                "owner": "城投集团",
                "property_manager": "物业服务有限公司",
                "property_contact": "王经理",
                "property_phone": f"0534-2{rng.randint(100000, 999999)}",
                "floor_leader_id": cadres[rng.randrange(len(cadres))],
                "main_business": rng.choice(BUSINESS),
                "floor_area": floor_area,
                "lettable_area": lettable,
                "floors": floors,
            }
        )
        occupancy = rng.uniform(0.55, 0.97)
        count = rng.randint(4, 12)
        building_tax = math.exp(rng.gauss(math.log(1500), 1.3))  # 万元 a year
        per_tenant = (lettable * Decimal(str(round(occupancy, 3))) / count).quantize(Decimal(1))
        for t in range(count):
            floor = f"{1 + t * floors // count}F"
            spaces.append(
                {
                    "id": space_id,
                    "building_id": pk,
                    "floor": floor,
                    "room": f"{t + 1:02d}",
                    "area": per_tenant,
                    "use": SpaceUse.RENTED,
                }
            )
            new = rng.random() < 0.15
            move_in = (
                dt.date(year, rng.randint(1, max(1, today.month - 1)), rng.randint(1, 28))
                if new
                else dt.date(rng.randint(2015, year - 2), rng.randint(1, 12), 1)
            )
            tenancies.append(
                {
                    "id": ten_id,
                    "enterprise_id": enterprises[next_tenant % len(enterprises)],
                    "building_id": pk,
                    "space_id": space_id,
                    "leased_area": per_tenant,
                    "move_in": move_in,
                    "registered_local": rng.random() < 0.8,
                    "tax_local": rng.random() < 0.75,
                    "leaving_intention": rng.random() < 0.04,
                }
            )
            next_tenant += 1
            share = building_tax / count * rng.uniform(0.5, 1.5)
            if not new:
                taxes.append({"tenancy_id": ten_id, "year": year - 1, "tax_district": Decimal(share).quantize(D2)})
            elapsed = (today - dt.date(year, 1, 1)).days / 365
            taxes.append({"tenancy_id": ten_id, "year": year, "tax_district": Decimal(share * elapsed).quantize(D2)})
            space_id += 1
            ten_id += 1
        vacant = lettable - per_tenant * count
        if vacant > 0:
            spaces.append(
                {
                    "id": space_id,
                    "building_id": pk,
                    "floor": f"{floors}F",
                    "room": "",
                    "area": vacant,
                    "use": SpaceUse.VACANT,
                }
            )
            space_id += 1
        plans.append(
            {
                "building_id": pk,
                "year": year,
                "target_occupancy": Decimal(min(98, round(occupancy * 100) + 6)),
                "target_registration": Decimal(85),
                "target_tax": Decimal(building_tax * 1.1).quantize(D2),
                "target_new_enterprises": rng.randint(2, 5),
                "measures": "一楼一策：招引总部企业，提升属地注册率。",
                "leader_id": leaders[rng.randrange(len(leaders))],
                "floor_leader_id": buildings[-1]["floor_leader_id"],
            }
        )
    w.insert_dicts(Building, buildings)
    w.reserve(Space, len(spaces))
    w.insert_dicts(Space, spaces)
    w.reserve(Tenancy, len(tenancies))
    w.insert_dicts(Tenancy, tenancies)
    tax_first = w.reserve(TenancyTax, len(taxes))
    w.insert_dicts(TenancyTax, [{"id": tax_first + k, **t} for k, t in enumerate(taxes)])
    plan_first = w.reserve(BuildingPlan, len(plans))
    w.insert_dicts(BuildingPlan, [{"id": plan_first + k, **p} for k, p in enumerate(plans)])
    figures.refresh_all(ctx.today)  # the stored figures of the buildings, as the services keep them
    ctx.count("buildings", len(buildings))
    ctx.count("spaces", len(spaces))
    ctx.count("tenancies", len(tenancies))
    ctx.count("building_plans", len(plans))
