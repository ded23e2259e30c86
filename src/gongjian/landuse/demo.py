"""Demo part: last year's evaluation published, this year's in its public notice, policies, exit plans, plots.

Runs after the enterprise registry's demo part (INSTALLED_APPS order) and uses its enterprises; when there are
fewer than 24, it adds demo enterprises of its own through the registry's service.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils.translation import gettext

from gongjian.core.services import Actor
from gongjian.enterprises import services as ent_services
from gongjian.enterprises.models import Enterprise
from gongjian.enterprises.uscc import make_code

from . import services
from .choices import DisposalMethod, DisposalStatus, LowEfficiencyKind, PolicyType
from .models import EnterpriseInput

PARK = "德城经济开发区"
_INDUSTRIES = ["1311", "1713", "2614", "3311", "3484", "3921", "2710", "4411", "1761", "2929", "3130", "3670"]


def _actor(ctx) -> Actor:
    for user in ctx.users.values():
        if user.has_perm("landuse.publish_evaluationyear") and user.has_perm("enterprises.add_enterprise"):
            return Actor.system(user)
    raise RuntimeError("no demo user may run the land-use evaluation")


def _enterprises(actor: Actor, year: int) -> list[Enterprise]:
    existing = list(Enterprise.objects.order_by("pk")[:60])
    n = len(existing)
    for i in range(n, 24):
        existing.append(
            ent_services.create_enterprise(
                actor,
                credit_code=make_code(f"landuse-demo-{i}"),
                name=f"德城亩产示范企业{i + 1:02d}有限公司",
                industry_code=_INDUSTRIES[i % len(_INDUSTRIES)],
                park=PARK if i % 3 == 0 else "",
                production_started_on=dt.date(year - 1, 3, 1) if i == 5 else dt.date(2010 + i % 10, 5, 1),
                power_account=f"0531{i:08d}",
                water_account=f"SW{i:06d}",
                gas_account=f"RQ{i:06d}" if i % 2 else "",
            )
        )
    return existing


def _inputs(actor: Actor, ev, ents: list[Enterprise], rng: random.Random) -> None:
    for i, e in enumerate(ents):
        above = i % 4 != 3
        land = Decimal(rng.choice([0, 2, 4, 8, 15, 30, 60]) if i % 11 else 0)
        revenue = Decimal(rng.randint(300, 40000))
        figures = {
            "above_scale": above,
            "land_mu": land or None,
            "leased_m2": Decimal(rng.choice([0, 2000, 6000])) or None,
            "tax": (revenue * Decimal(rng.uniform(-0.01, 0.07))).quantize(Decimal("0.01")),
            "revenue": revenue,
            "energy_tce": Decimal(rng.randint(20, 5000)) if i % 7 else None,
            "rd": (revenue * Decimal(rng.uniform(0, 0.05))).quantize(Decimal("0.01")),
            "value_added": (revenue * Decimal(rng.uniform(0.15, 0.35))).quantize(Decimal("0.01")),
            "employees": Decimal(rng.randint(8, 900)),
            "exempt": i == 17,
            "bonus": Decimal(rng.choice([0, 0, 0, 5, 10])),
        }
        services.set_input(actor, ev, e, **figures)


def load_demo(ctx) -> str:
    actor = _actor(ctx)
    rng = random.Random(2025)  # noqa: S311 - demo data
    today = ctx.today
    year = ctx.year  # the campaign's year: last year's evaluation is published, this year's is in its public notice
    ents = _enterprises(actor, year)

    # last year: the whole workflow, published
    ev = services.create_evaluation(actor, year=year - 1, parks=[PARK])
    _inputs(actor, ev, ents, rng)
    services.review(actor, ev)
    services.review(actor, ev)
    for inp in EnterpriseInput.objects.filter(evaluation=ev)[:10]:
        services.confirm_input(actor, inp)
    services.calculate(actor, ev)
    services.start_publicity(actor, ev, today - dt.timedelta(days=28))  # over before the demo's today
    services.publish(actor, ev, today=today)
    run = ev.current_run()
    for policy_type, klass, value in (
        (PolicyType.LAND, "A", "新增用地指标优先保障"),
        (PolicyType.ELECTRICITY, "D", "执行差别化电价（标准由价格主管部门公布）"),
        (PolicyType.CREDIT, "A", "列入金融机构重点支持名单"),
        (PolicyType.FUNDS, "D", "不得申报各级财政奖补资金"),
    ):
        services.save_policy(
            actor,
            year=year - 1,
            klass=klass,
            policy_type=policy_type,
            value=value,
            legal_basis="德城区亩产效益评价办法",
        )
    for r in run.results.filter(klass="D").select_related("enterprise")[:3]:
        services.save_exit_plan(
            actor,
            evaluation=ev,
            enterprise=r.enterprise,
            plan="限期技改提升，逾期实施兼并重组",
            deadline=dt.date(year, 12, 31),
            status=DisposalStatus.IN_PROGRESS,
        )

    # this year: calculated and in its public notice, with one open appeal
    ev26 = services.create_evaluation(actor, year=year, parks=[PARK])
    _inputs(actor, ev26, ents, rng)
    services.review(actor, ev26)
    services.review(actor, ev26)
    services.calculate(actor, ev26)
    services.start_publicity(actor, ev26, today)
    rated = ev26.current_run().results.filter(klass="D").select_related("enterprise").first()
    if rated is not None:
        reason = "税务数据漏计一笔年度汇算清缴税款，附完税证明。"
        services.file_appeal(actor, ev26, rated.enterprise, reason, today=today)

    # plots in every state
    owner = ents[:8]
    plots = [
        (
            "DC-2019-001",
            35,
            "not idle",
            dict(
                agreed_start_on=dt.date(2019, 5, 1),
                construction_started_on=dt.date(2019, 6, 1),
                developed_percent=100,
                invested_percent=100,
            ),
        ),
        ("DC-2023-014", 20, "idle: not started", dict(agreed_start_on=dt.date(2024, 3, 1))),
        (
            "DC-2021-007",
            48,
            "idle: stopped",
            dict(
                agreed_start_on=dt.date(2021, 4, 1),
                construction_started_on=dt.date(2021, 8, 1),
                developed_percent=25,
                invested_percent=40,
                stopped_since=dt.date(2024, 10, 1),
            ),
        ),
        ("DC-2020-003", 12, "批而未供", dict(low_efficiency_kind=LowEfficiencyKind.APPROVED_NOT_SUPPLIED)),
        (
            "DC-2022-011",
            16,
            "供而未用",
            dict(low_efficiency_kind=LowEfficiencyKind.SUPPLIED_NOT_USED, agreed_start_on=dt.date(year - 1, 9, 1)),
        ),
        (
            "DC-2018-021",
            60,
            "用而未尽",
            dict(
                low_efficiency_kind=LowEfficiencyKind.USED_NOT_FULLY,
                construction_started_on=dt.date(2018, 6, 1),
                developed_percent=55,
            ),
        ),
        (
            "DC-2017-009",
            28,
            "建而未投",
            dict(
                low_efficiency_kind=LowEfficiencyKind.BUILT_NOT_PRODUCING,
                construction_started_on=dt.date(2017, 3, 1),
                developed_percent=100,
                idle_plant_m2=Decimal("8200"),
            ),
        ),
        (
            "DC-2016-002",
            40,
            "投而未达标",
            dict(
                low_efficiency_kind=LowEfficiencyKind.PRODUCING_BELOW_STANDARD,
                construction_started_on=dt.date(2016, 3, 1),
                developed_percent=100,
            ),
        ),
    ]
    made = []
    for i, (code, area, _label, facts) in enumerate(plots):
        made.append(
            services.save_plot(
                actor,
                code=code,
                area_mu=Decimal(area),
                location=f"新湖大街以东{i + 1}号地块",
                use="工业",
                owner=owner[i],
                **facts,
            )
        )
    for plot, method, status, extra in (
        (made[1], DisposalMethod.RECOVER, DisposalStatus.PLANNED, {}),
        (made[2], DisposalMethod.SWAP, DisposalStatus.IN_PROGRESS, {"disposed_area_mu": Decimal(20)}),
        (made[5], DisposalMethod.UPGRADE, DisposalStatus.IN_PROGRESS, {}),
        (made[6], DisposalMethod.MERGER, DisposalStatus.DONE, {"disposed_area_mu": Decimal(28)}),
        (
            made[7],
            DisposalMethod.ATTRACT,
            DisposalStatus.DONE,
            {
                "disposed_area_mu": Decimal(40),
                "old_occupant": made[7].owner,
                "new_occupant": ents[9],
                "tax_per_mu_before": Decimal("3.2"),
                "tax_per_mu_after": Decimal("18.6"),
            },
        ),
    ):
        services.save_disposal(actor, plot=plot, method=method, status=status, progress="按计划推进", **extra)
    return gettext(
        "Land use: evaluations {last} (published) and {this} (public notice), {n} enterprises, {plots} plots"
    ).format(last=year - 1, this=year, n=len(ents), plots=len(made))
