"""Demo part of the building economy: 30 buildings in the town streets with tenants, two years of tax, a
一楼一策 plan each, buildings in every tier, move-ins and move-outs, warnings to see and two 腾楼换企.

The demo's data (names, reasons, measures) is written in Chinese, as users would enter it. Tenants are
enterprises of the registry: those the registry's demo created in the same streets (when it did and they are not
industrial), and more registered here through the registry's service. Last year's tax is the
registry's annual figure (shared among the enterprise's buildings by the attribution rule); this year's, to
date, is recorded per tenancy (the tax bureau's per-building figure).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils.translation import gettext as _

from gongjian.core.models import AuditLog
from gongjian.core.services import Actor

from . import metrics, services
from .choices import BuildingGrade, BuildingKind, SpaceUse

__all__ = ["load"]

STREETS = ["XH", "XHUA", "TQ", "GC", "YH"]
#: (name, kind, grade, last year's building tax in 万元, main business)
BUILDINGS = [
    ("德州金融中心", BuildingKind.OFFICE, BuildingGrade.SUPER_A, 26000, "金融保险"),
    ("天衢国际大厦", BuildingKind.OFFICE, BuildingGrade.A, 17500, "总部经济"),
    ("新湖总部港", BuildingKind.OFFICE, BuildingGrade.A, 13800, "总部经济"),
    ("运河商务中心", BuildingKind.OFFICE, BuildingGrade.A, 8600, "商务服务"),
    ("德城数字经济产业园A座", BuildingKind.INDUSTRIAL, "", 7900, "软件和信息技术服务"),
    ("万达广场写字楼", BuildingKind.COMPLEX, BuildingGrade.A, 7100, "商贸零售"),
    ("广川科创大厦", BuildingKind.INDUSTRIAL, BuildingGrade.B, 5800, "科技服务"),
    ("新华财富中心", BuildingKind.OFFICE, BuildingGrade.B, 4600, "金融服务"),
    ("德州电商产业园", BuildingKind.SPECIALISED, "", 3900, "电子商务"),
    ("天衢人力资源产业园", BuildingKind.SPECIALISED, "", 3100, "人力资源服务"),
    ("运河文创大厦", BuildingKind.OFFICE, BuildingGrade.B, 2600, "文化创意"),
    ("新湖时代广场", BuildingKind.COMPLEX, BuildingGrade.B, 2200, "商贸零售"),
    ("德城检验检测大厦", BuildingKind.SPECIALISED, "", 1900, "检验检测"),
    ("广川物流总部大厦", BuildingKind.OFFICE, BuildingGrade.B, 1600, "现代物流"),
    ("新华设计大厦", BuildingKind.OFFICE, "", 1350, "工程设计"),
    ("天衢软件园B座", BuildingKind.INDUSTRIAL, "", 1150, "软件和信息技术服务"),
    ("运河商厦", BuildingKind.COMPLEX, "", 950, "商贸零售"),
    ("新湖创业大厦", BuildingKind.OFFICE, "", 820, "创业孵化"),
    ("德城医药健康大厦", BuildingKind.SPECIALISED, "", 700, "医药健康"),
    ("广川商务楼", BuildingKind.OFFICE, "", 560, "商务服务"),
    ("新华科技楼", BuildingKind.INDUSTRIAL, "", 480, "科技服务"),
    ("天衢商务大厦", BuildingKind.OFFICE, "", 400, "商务服务"),
    ("运河文旅大厦", BuildingKind.OFFICE, "", 330, "文化旅游"),
    ("新湖金融街3号楼", BuildingKind.OFFICE, "", 280, "金融服务"),
    ("德城律师大厦", BuildingKind.SPECIALISED, "", 220, "法律服务"),
    ("广川电商楼", BuildingKind.SPECIALISED, "", 170, "电子商务"),
    ("新华广告创意楼", BuildingKind.OFFICE, "", 120, "广告创意"),
    ("天衢众创空间", BuildingKind.INDUSTRIAL, "", 90, "创业孵化"),
    ("运河老商业楼", BuildingKind.COMPLEX, "", 60, "商贸零售"),
    ("新湖老办公楼", BuildingKind.OFFICE, "", 40, "商务服务"),
]
#: GB/T 4754 divisions of the service trades the tenants come from.
ROADS = "东方红路 新湖大街 天衢路 三八路 湖滨北路".split()
INDUSTRIES = ["66", "67", "68", "65", "64", "72", "73", "74", "75", "51", "52", "70", "71", "86"]
TENANT_WORDS = [
    "科技",
    "信息",
    "金融",
    "投资",
    "咨询",
    "商贸",
    "网络",
    "数据",
    "设计",
    "传媒",
    "物流",
    "人力",
    "检测",
    "文化",
]
SURNAMES = [
    "德城",
    "天衢",
    "运河",
    "新湖",
    "鲁北",
    "齐鲁",
    "德信",
    "华鲁",
    "众诚",
    "恒通",
    "瑞丰",
    "盛泰",
    "宏远",
    "金桥",
]


#: The demo plan's items that work on the buildings (all led by the 商务局).
BUILDING_ITEMS = ("3-06", "3-09", "3-10", "3-11")


def load(ctx) -> str:
    from gongjian.enterprises import uscc
    from gongjian.enterprises.models import Enterprise
    from gongjian.enterprises.services import create_enterprise, set_figures

    rng = random.Random(20260320)  # noqa: S311 - demo data, not secrets
    today = ctx.as_of  # this year's figures run to today, or to 31 December of a campaign year that is over
    year = ctx.year
    # The quarters ended by the demo's day, counted as the warnings count them (a quarter ends on its last day).
    quarters_ended = max((q for q in (1, 2, 3, 4) if metrics.quarter_end(year, q) <= today), default=0)
    actor = Actor(user=ctx.users["ducha"], source=AuditLog.Source.COMMAND)
    elapsed = Decimal((today - dt.date(year, 1, 1)).days + 1) / Decimal(365)
    streets = [ctx.units[c] for c in STREETS if c in ctx.units]
    cadres = [u for k, u in ctx.users.items() if k.startswith("baobao_")] or [ctx.users["ducha"]]
    leader = ctx.users.get("fqz_shangwu")
    # the items of the building economy (一楼一策, 腾楼换企, …): their lead unit, the 商务局, reads every building
    building_items = [ctx.items[c] for c in BUILDING_ITEMS if c in ctx.items]

    pool = list(
        Enterprise.objects.filter(street__in=streets, tenancies__isnull=True)
        .exclude(industry_code__regex=r"^(0[6-9]|[1-3][0-9]|4[0-6])")
        .order_by("pk")
    )
    made = [0]

    def tenant(street):
        for i, e in enumerate(pool):
            if e.street_id == street.pk:
                return pool.pop(i)
        made[0] += 1
        n = made[0]
        name = f"{rng.choice(SURNAMES)}{rng.choice(TENANT_WORDS)}{_demo_suffix(n)}有限公司"
        return create_enterprise(
            actor,
            credit_code=uscc.make_code(f"building-demo-{n}"),
            name=name,
            industry_code=rng.choice(INDUSTRIES),
            street=street,
            registered_on=dt.date(rng.randint(2008, year - 1), rng.randint(1, 12), 1),
        )

    shared = None  # one enterprise in two buildings: last year's tax is split by leased area
    plans = tenancies = 0
    registry_tax: dict[int, Decimal] = {}
    for index, (name, kind, grade, last_tax, business) in enumerate(BUILDINGS):
        street = streets[index % len(streets)]
        floors = rng.randint(8, 32)
        floor_area = Decimal(rng.randrange(12000, 60000, 500))
        lettable = (floor_area * Decimal("0.82")).quantize(Decimal(1))
        building = services.create_building(
            actor,
            name=name,
            address=f"{street.short_name or street.name}{rng.choice(ROADS)}{rng.randint(1, 999)}号",
            street=street,
            kind=kind,
            grade=grade,
            owner=f"{name[:2]}置业有限公司",
            property_manager=f"{name[:2]}物业服务有限公司",
            property_contact=rng.choice(["王经理", "李经理", "张经理", "刘经理"]),
            property_phone=f"0534-2{rng.randint(100000, 999999)}",
            floor_leader=cadres[index % len(cadres)],
            main_business=business,
            floor_area=floor_area,
            lettable_area=lettable,
            floors=floors,
            items=building_items,
        )
        occupancy = Decimal(rng.randint(58, 97)) / 100
        count = rng.randint(4, 9)
        weights = [rng.random() + 0.2 for _ in range(count)]
        occupied = lettable * occupancy
        areas = [(occupied * Decimal(w / sum(weights))).quantize(Decimal(1)) for w in weights]
        shares = [Decimal(w / sum(weights)) for w in weights]
        growth = Decimal(rng.randint(86, 125)) / 100
        for t_index, (area, share) in enumerate(zip(areas, shares, strict=True)):
            ent = tenant(street)
            floor = f"{t_index * floors // count + 1}F"
            space = services.create_space(
                actor,
                building=building,
                floor=floor,
                room=f"{floor[:-1]}0{t_index + 1}",
                area=area,
                use=SpaceUse.RENTED,
            )
            new_this_year = t_index == count - 1 and index % 3 != 2
            move_in = (
                dt.date(year, rng.randint(1, max(1, today.month - 1)), rng.randint(1, 28))
                if new_this_year
                else dt.date(rng.randint(2015, year - 2), rng.randint(1, 12), 1)
            )
            if new_this_year and index == 6:  # keep the drop on the quarter below (see the move-out below)
                move_in = dt.date(year, 1, rng.randint(2, 28))
            big_leaving = index == 1 and t_index == 0
            t = services.create_tenancy(
                actor,
                enterprise=ent,
                building=building,
                space=space,
                leased_area=area,
                move_in=move_in,
                registered_local=rng.random() < 0.8,
                tax_local=rng.random() < 0.75,
                leaving_intention=big_leaving or rng.random() < 0.05,
                leaving_reason="需要更大的办公场所" if big_leaving else "",
            )
            tenancies += 1
            amount = (Decimal(last_tax) * share).quantize(Decimal("0.01"))
            if not new_this_year:
                registry_tax[ent.pk] = registry_tax.get(ent.pk, Decimal(0)) + amount
                this_year = (amount * growth * elapsed).quantize(Decimal("0.01"))
                if index == 9:  # a building whose tax fell sharply
                    this_year = (this_year * Decimal("0.5")).quantize(Decimal("0.01"))
                services.set_tenancy_tax(actor, t, year, this_year)
            else:
                services.set_tenancy_tax(actor, t, year, (amount * elapsed / 2).quantize(Decimal("0.01")))
            if shared is None and index == 3 and t_index == 0:
                shared = (ent, area)
        # some vacant and self-used space, and a tenant that left last year
        services.create_space(
            actor,
            building=building,
            floor=f"{floors}F",
            room="",
            area=(lettable - occupied).quantize(Decimal(1)) / 2,
            use=SpaceUse.VACANT,
        )
        gone = tenant(street)
        services.create_tenancy(
            actor,
            enterprise=gone,
            building=building,
            leased_area=Decimal(rng.randint(150, 600)),
            move_in=dt.date(year - 4, 3, 1),
            move_out=dt.date(year - 1, rng.randint(2, 11), 1),
            registered_local=True,
            tax_local=True,
            leaving_reason="迁往其他区县",
        )
        registry_tax[gone.pk] = Decimal(rng.randint(20, 120))
        if index == 6:  # a big tenant moved out last quarter: occupancy down on the quarter before
            ended = quarters_ended
            q_start = dt.date(year, 3 * ended - 2, 1) if ended else dt.date(year - 1, 10, 1)
            leaving = (
                building.tenancies.filter(move_out__isnull=True, move_in__lt=dt.date(year - 1, 1, 1))
                .order_by("-leased_area")
                .first()
            )
            if leaving is not None:
                services.move_out(actor, leaving, q_start + dt.timedelta(days=10), "迁入自有楼宇")
        plan = services.create_plan(
            actor,
            building=building,
            year=year,
            target_occupancy=min(Decimal(98), (occupancy * 100 + 6).quantize(Decimal(1))),
            target_registration=Decimal(85),
            target_tax=(Decimal(last_tax) * Decimal("1.1")).quantize(Decimal(1)),
            target_new_enterprises=rng.randint(2, 5),
            measures=(
                "1. 每季度走访全部入驻企业，协调解决企业诉求。\n"
                "2. 围绕楼宇主导业态开展招商，盘活空置楼层。\n"
                "3. 动员区外注册企业在本区注册、纳税。"
            ),
            leader=leader,
        )
        plans += 1
        ended = quarters_ended
        for quarter in range(1, ended + 1):
            expected = quarter * 25
            services.record_progress(
                actor,
                plan,
                quarter,
                percent=max(0, min(100, expected + rng.choice([-35, -12, 0, 12, 20]))),
                occupancy=(occupancy * 100).quantize(Decimal("0.01")),
                new_enterprises=rng.randint(0, 2),
                narrative="已走访入驻企业；正与意向企业洽谈空置楼层招商。",
            )
    if shared is not None:  # the same enterprise also rents in the 准亿元楼 next door
        ent, area = shared
        other = type(ent).objects.get(pk=ent.pk)
        from .models import Building

        second = Building.objects.get(name=BUILDINGS[4][0])
        services.create_tenancy(
            actor,
            enterprise=other,
            building=second,
            leased_area=area / 2,
            move_in=dt.date(year - 3, 5, 1),
            registered_local=True,
            tax_local=True,
        )
    for pk, amount in registry_tax.items():
        set_figures(actor, Enterprise.objects.get(pk=pk), year - 1, None, tax_district=amount)
    _replacements(actor, year)
    return _("Building economy: {buildings} buildings, {tenancies} tenancies, {plans} plans").format(
        buildings=len(BUILDINGS), tenancies=tenancies, plans=plans
    )


def _demo_suffix(n: int) -> str:
    return "".join("零一二三四五六七八九"[int(d)] for d in str(n))


def _replacements(actor, year: int) -> None:
    """Two 腾楼换企: a low-tax tenant of an old building replaced by a better one."""
    from .models import Building

    for name in (BUILDINGS[-1][0], BUILDINGS[-2][0]):
        building = Building.objects.get(name=name)
        current = list(building.tenancies.filter(move_out__isnull=True).order_by("leased_area"))
        if len(current) < 2:
            continue
        vacated, replacement = current[0], current[-1]
        day = dt.date(year, 2, 1)
        services.move_out(actor, vacated, day, "贡献偏低，已腾楼换企")
        services.record_replacement(
            actor,
            building=building,
            vacated=vacated,
            replacement=replacement,
            date=day,
            tax_per_m2_before=Decimal("35.00"),
            tax_per_m2_after=Decimal("260.00"),
        )
