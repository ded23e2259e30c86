"""Demo enterprises: about 300 in the demo's streets and parks, with 2025 and 2026-to-date figures.

The mix gives every tier (规上, 过亿, 过5亿, 过10亿), enterprises close to the next band, 小升规 candidates (some
with a cultivation plan) and new 规上 enterprises in 2026 (seven so far, against the campaign's target of nine).
Rows are written in bulk (the demo's own data, validated by construction: every credit code passes GB 32100),
with one audit record per batch; the demo loader runs all of it in its one transaction.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from gongjian.core.models import AuditLog
from gongjian.core.services import Actor, record
from gongjian.org.choices import RoleChoices, UnitKind

from . import scale, tiers, uscc
from .choices import CultivationStatus, EnterpriseStatus
from .industry_data import division_section
from .models import CultivationRecord, Enterprise, EnterpriseFigure, EnterpriseYearStatus, Industry, ScaleCategory

__all__ = ["load"]

D = Decimal
PARKS = ["天衢工业园", "德城经济开发区", "运河新材料产业园", ""]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红立新海峰春玉兰凤文"
WORDS = "鑫盛恒达华泰宏远瑞丰金鼎正通德润新源天元永安博远汇丰长城中兴运河天衢广川黄河齐鲁鲁北经纬凯旋佳和宇航"
INDUSTRIES = [
    # (industry code, words of the name, weight)
    ("1391", "食品", 3), ("1431", "食品", 2), ("1713", "纺织", 4), ("1810", "服饰", 2), ("2614", "化工", 3),
    ("2651", "新材料", 3), ("2927", "塑料制品", 3), ("3021", "建材", 2), ("3311", "金属制品", 3),
    ("3441", "机械", 4), ("3511", "装备", 3), ("3811", "电机", 2), ("3971", "电子", 2), ("4411", "热电", 1),
    ("5123", "商贸", 3), ("5261", "商贸", 3), ("6210", "餐饮", 2), ("6110", "酒店", 1), ("6513", "科技", 2),
    ("7211", "企业管理", 2), ("7452", "检测技术", 1), ("8010", "家政服务", 1), ("5434", "物流", 2),
]  # fmt: skip
SUFFIX = ["有限公司", "股份有限公司", "有限责任公司"]
SEASON = [0.78, 0.72, 1.02, 1.0, 1.03, 1.08, 0.98, 0.97, 1.04, 1.06, 1.08, 1.24]


def _profile(rng: random.Random) -> list[tuple[str, Decimal, float]]:
    """(kind, 2025 annual main revenue 万元, growth into 2026) for each demo enterprise."""
    p: list[tuple[str, Decimal, float]] = []
    for v in (185000, 152000, 128000, 106000):  # 过10亿
        p.append(("big", D(v), rng.uniform(0.02, 0.10)))
    p.append(("near", D(88000), 0.08))  # close to 10亿
    for v in (72000, 61000):  # 过5亿
        p.append(("big", D(v), rng.uniform(0.0, 0.08)))
    p.append(("near", D(43000), 0.06))  # close to 5亿
    for _ in range(11):  # 过亿
        p.append(("big", D(rng.randint(10500, 38000)), rng.uniform(-0.05, 0.12)))
    for v in (8600, 9100, 9500, 8200):  # close to 过亿
        p.append(("near", D(v), rng.uniform(0.01, 0.05)))
    for _ in range(72):  # 规上, 2000万–1亿
        p.append(("above", D(rng.randint(2300, 7800)), rng.uniform(-0.08, 0.15)))
    for v in (1700, 1750, 1820, 1880, 1650, 1790, 1720):  # new 规上 in 2026
        p.append(("new", D(v), 0.0))
    for _ in range(16):  # 小升规 candidates: rolling 1000–2000万
        p.append(("pool", D(rng.randint(1050, 1600)), rng.uniform(0.0, 0.12)))
    while len(p) < 300:  # small enterprises
        p.append(("small", D(rng.randint(60, 850)), rng.uniform(-0.1, 0.2)))
    return p


def _name(rng: random.Random, words: str, used: set[str]) -> str:
    while True:
        name = "德州" + rng.choice(WORDS) + rng.choice(WORDS) + words + rng.choice(SUFFIX)
        if name not in used:
            used.add(name)
            return name


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _address(rng: random.Random, street) -> str:
    road = rng.choice(WORDS) + rng.choice(WORDS)
    return f"德州市德城区{street.short_name if street else ''}{road}路{rng.randint(1, 999)}号"


def _q(value: float) -> Decimal:
    return D(str(round(value, 2)))


def _figures(
    enterprise: Enterprise, year: int, month: int | None, main: float, industrial: bool, rng
) -> EnterpriseFigure:
    tax = main * rng.uniform(0.025, 0.05)
    return EnterpriseFigure(
        enterprise=enterprise,
        year=year,
        month=month,
        main_revenue=_q(main),
        operating_revenue=_q(main * 1.04),
        value_added=_q(main * 0.26) if industrial else None,
        tax_total=_q(tax),
        tax_district=_q(tax * 0.36),
        profit=_q(main * rng.uniform(-0.02, 0.09)),
        employees=max(3, int(main / rng.uniform(60, 110))) if month is None else None,
        energy_tce=_q(main * 0.08) if industrial else None,
        electricity_kwh=_q(main * 0.12),
        rd_expense=_q(main * 0.018) if industrial else None,
    )


def load(ctx) -> str:
    rng = random.Random(2026)  # noqa: S311 - demo data, not secrets
    admin = next(u for u in ctx.users.values() if u.groups.filter(name=RoleChoices.SYSADMIN).exists())
    actor = Actor(user=admin, ip=None, source=AuditLog.Source.COMMAND)
    streets = [u for u in ctx.units.values() if u.kind == UnitKind.STREET]
    cadres = [u for u in ctx.users.values() if u.groups.filter(name=RoleChoices.CADRE).exists()]
    industries = {i.code: i for i in Industry.objects.filter(level="division")}
    cats = [
        scale.Category(c.code, c.name, tuple(c.industry_codes), c.basis, c.threshold)
        for c in ScaleCategory.objects.filter(is_active=True)
    ]
    year, last = ctx.year, ctx.year - 1  # the campaign's year and the one before it
    today = ctx.today
    last_month = today.month - 1 if today.year == year else (12 if today.year > year else 0)
    weights = [w for _c, _n, w in INDUSTRIES]

    used: set[str] = set()
    enterprises, plans = [], []
    for i, (kind, revenue, growth) in enumerate(_profile(rng)):
        if kind in ("big", "near", "new", "pool") or rng.random() < 0.6:
            code, words, _w = rng.choices(INDUSTRIES[:14], weights=weights[:14])[0]
        else:
            code, words, _w = rng.choices(INDUSTRIES, weights=weights)[0]
        status = EnterpriseStatus.OPERATING
        if kind == "small" and rng.random() < 0.06:
            status = rng.choice([EnterpriseStatus.SUSPENDED, EnterpriseStatus.CANCELLED, EnterpriseStatus.MOVED_OUT])
        street = rng.choice(streets) if streets else None
        e = Enterprise(
            credit_code=uscc.make_code(f"demo-{i}"),
            name=_name(rng, words, used),
            industry=industries.get(code[:2]),
            industry_code=code,
            street=street,
            park=rng.choice(PARKS) if division_section(code) in ("B", "C", "D") else "",
            address=_address(rng, street),
            registered_on=dt.date(rng.randint(1998, 2023), rng.randint(1, 12), rng.randint(1, 28)),
            status=status,
            legal_representative=_person(rng),
            contact_name=_person(rng),
            contact_phone=f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            power_account=f"37{rng.randint(10**9, 10**10 - 1)}",
            water_account=f"DCS{rng.randint(100000, 999999)}",
            gas_account=f"RQ{rng.randint(1000000, 9999999)}" if rng.random() < 0.7 else "",
        )
        e.demo_kind, e.demo_revenue, e.demo_growth = kind, revenue, growth
        enterprises.append(e)
    if len({e.credit_code for e in enterprises}) != len(enterprises):  # pragma: no cover - make_code is a hash
        raise ValueError("duplicate demo credit codes")
    Enterprise.objects.bulk_create(enterprises, batch_size=500)

    figures, statuses = [], []
    new_count = 0
    for e in enterprises:
        industrial = division_section(e.industry_code) in ("B", "C", "D")
        base = float(e.demo_revenue)
        months_last = [base * s / 12 * rng.uniform(0.95, 1.05) for s in SEASON]
        total_last = sum(months_last)
        monthly: dict[tuple[int, int], Decimal] = {}
        for m, v in enumerate(months_last, start=1):
            figures.append(_figures(e, last, m, v, industrial, rng))
            monthly[(last, m)] = _q(v)
        figures.append(_figures(e, last, None, total_last, industrial, rng))
        growth = e.demo_growth
        if e.demo_kind == "new":
            growth = (2000 * 1.12 / total_last) ** (12 / max(last_month, 1)) - 1 if last_month else 0.3
        for m in range(1, last_month + 1):
            v = months_last[m - 1] * (1 + growth)
            if e.status != EnterpriseStatus.OPERATING and m > 6:
                continue
            figures.append(_figures(e, year, m, v, industrial, rng))
            monthly[(year, m)] = _q(v)
        cat = scale.match_category(e.industry_code, division_section(e.industry_code) or "", cats)
        above_last = bool(scale.above_scale(cat, _q(total_last), _q(total_last * 1.04)))
        code = cat.code if cat else ""
        statuses.append(
            EnterpriseYearStatus(
                enterprise=e,
                year=last,
                category=code,
                is_above_scale=above_last,
                entered_on=dt.date(last, 1, 1) if above_last else None,
            )
        )
        entered = dt.date(year, 1, 1) if above_last else None
        if not above_last and cat and cat.threshold is not None and last_month:
            for m in range(1, last_month + 1):
                rolling = tiers.rolling_sum(monthly, (year, m)).total
                if rolling is not None and rolling >= cat.threshold:
                    entered = dt.date(year, m + 1, 10) if m < 12 else dt.date(year + 1, 1, 10)
                    break
        if entered is not None and entered > today:
            entered = None
        if entered is not None and not above_last:
            new_count += 1
        statuses.append(
            EnterpriseYearStatus(
                enterprise=e, year=year, category=code, is_above_scale=entered is not None, entered_on=entered
            )
        )
        if e.demo_kind == "pool" and len(plans) < 9 and cadres:
            plans.append(
                CultivationRecord(
                    enterprise=e,
                    cadre=rng.choice(cadres),
                    target_year=year + 1 if rng.random() < 0.5 else year,
                    project_measures="推进智能化技改项目，新增生产线一条，争取年内投产达效。",
                    tech_measures="对接高校院所共建研发中心，申报创新型中小企业。",
                    finance_measures="协调银行“专精特新贷”授信500万元，落实小升规奖励政策。",
                    progress=f"{today.month}月走访：订单饱满，预计年内主营业务收入接近2000万元。",
                    status=CultivationStatus.ACTIVE,
                )
            )
    EnterpriseFigure.objects.bulk_create(figures, batch_size=2000)
    EnterpriseYearStatus.objects.bulk_create(statuses, batch_size=1000)
    CultivationRecord.objects.bulk_create(plans)
    record(
        actor,
        "enterprise.demo",
        None,
        after={
            "enterprises": len(enterprises),
            "figures": len(figures),
            "statuses": len(statuses),
            "cultivation_records": len(plans),
        },
    )
    return (
        f"企业 {len(enterprises)} 家（经营数据 {len(figures)} 条，{year}年新增规上 {new_count} 家，"
        f"小升规培育 {len(plans)} 家）"
    )
