"""The generator's campaign part: one campaign of the year with areas, items, milestones, monthly reports and
leader actions, consistent as the services would leave them.

Each item gets a pace (how fast it moves against the time schedule); its monthly reports follow that pace, so
the pages show a realistic mix of green, yellow, red, overdue and completed items. The derived item fields
(progress, milestones met, last reported period, completed on) are computed here exactly as
``services.plan._refresh`` computes them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from gongjian.core import synthetic_names as names
from gongjian.org.choices import RoleChoices

from . import figures
from . import status as item_status
from .choices import ItemKind, LeaderActionKind, ReportStatus
from .models import Area, Campaign, Item, LeaderAction, Milestone, Report

if TYPE_CHECKING:
    from gongjian.synth.generator import Context

AREAS = [
    "项目建设攻坚",
    "产业升级攻坚",
    "招商引资攻坚",
    "城市更新攻坚",
    "营商环境攻坚",
    "民生保障攻坚",
    "生态环保攻坚",
    "安全稳定攻坚",
]
NARRATIVES = ["按计划推进，完成本月目标", "已完成设备招标，正在安装调试", "主体工程施工中", "已完成立项和环评"]
PROBLEMS = ["", "", "", "用地指标紧张", "资金拨付滞后", "审批手续待办"]


def _month_end(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def run(ctx: Context) -> None:
    rng, w, sh = ctx.rng, ctx.writer, ctx.shared
    today = ctx.today
    year = today.year
    n_items = ctx.scale.items
    leaders = [pk for group in sh["leaders_by_region"] for pk in group]
    supervisors = sh["users_by_role"][RoleChoices.SUPERVISOR]
    lead_units = sh["bureaus"] + sh["streets"] + sh["parks"]
    clerk_of_unit = sh["clerk_of_unit"]
    region = sh["regions"][0]["name"].removesuffix("人民政府")

    campaign_id = w.reserve(Campaign, 1)
    suffix = "" if sh["tag"] == "G000" else f"（{sh['tag']}）"
    w.insert_dicts(
        Campaign,
        [
            {
                "id": campaign_id,
                "name": f"{year}年重点工作攻坚年{suffix}",
                "year": year,
                "start_date": dt.date(year, 1, 1),
                "end_date": dt.date(year, 12, 31),
                "cycle": "monthly",
                "grace_days": 5,
                "description": "生成的示范数据",
            }
        ],
    )
    n_areas = min(len(AREAS), max(4, n_items // 500))
    area_first = w.reserve(Area, n_areas)
    w.insert_dicts(
        Area,
        [
            {
                "id": area_first + a,
                "campaign_id": campaign_id,
                "number": a + 1,
                "title": AREAS[a],
                "leader_id": leaders[a % len(leaders)],
                "lead_unit_id": lead_units[a % len(lead_units)]["id"],
            }
            for a in range(n_areas)
        ],
    )

    item_first = w.reserve(Item, n_items)
    items, co_units, milestones, reports, actions = [], [], [], [], []
    ms_id = w.next_id(Milestone)
    rep_id = w.next_id(Report)
    last_ended = today.replace(day=1) - dt.timedelta(days=1)  # end of the last month that has ended
    for i in range(n_items):
        pk = item_first + i
        unit = lead_units[rng.randrange(len(lead_units))]
        start = dt.date(year, rng.choice((1, 1, 1, 2, 3, 4)), 1)
        due = _month_end(dt.date(year, rng.choice((6, 9, 10, 11, 12, 12, 12)), 1))
        pace = rng.choice((0.45, 0.7, 0.85, 1.0, 1.0, 1.05, 1.1, 1.2))
        span = (due - start).days

        def planned(d, start=start, span=span):
            return max(0.0, min(1.0, (d - start).days / span)) if span else 1.0

        # milestones at a third and two thirds of the span
        ms_rows = []
        for k, frac in enumerate((1 / 3, 2 / 3)):
            when = start + dt.timedelta(days=int(span * frac))
            met = when < today and pace >= 0.8 + 0.1 * k
            actual = min(today - dt.timedelta(days=1), when + dt.timedelta(days=rng.randint(-5, 10))) if met else None
            ms_rows.append(
                {
                    "id": ms_id,
                    "item_id": pk,
                    "title": ("完成前期手续", "主体工程完工")[k],
                    "planned_date": when,
                    "actual_date": actual,
                }
            )
            ms_id += 1
        milestones.extend(ms_rows)
        met = sum(1 for m in ms_rows if m["actual_date"])

        # monthly reports from the start month to the last ended month (and not after the due month)
        period = start
        item_reports = []
        while period <= last_ended and period <= due:
            end = _month_end(period)
            if rng.random() < 0.9:
                percent = min(100, round(100 * pace * planned(end)))
                if end >= due and pace >= 1.0:
                    percent = 100
                submitted = dt.datetime.combine(
                    end + dt.timedelta(days=rng.randint(1, 8)), dt.time(9, 30), tzinfo=dt.UTC
                )
                item_reports.append(
                    {
                        "id": rep_id,
                        "item_id": pk,
                        "period_start": period,
                        "percent": percent,
                        "narrative": rng.choice(NARRATIVES),
                        "problems": rng.choice(PROBLEMS),
                        "next_steps": "加快推进",
                        "status": ReportStatus.ACCEPTED,
                        "submitted_by_id": clerk_of_unit.get(unit["id"], leaders[0]),
                        "submitted_at": submitted,
                        "first_submitted_at": submitted,
                        "revision": 1,
                        "reviewed_by_id": supervisors[0],
                        "reviewed_at": submitted + dt.timedelta(days=1),
                        "return_reason": "",
                        "is_late": submitted.date() > end + dt.timedelta(days=5),
                    }
                )
                rep_id += 1
            period = end + dt.timedelta(days=1)
        if item_reports:  # the latest report is sometimes still waiting for review, or was returned
            last = item_reports[-1]
            roll = rng.random()
            if roll < 0.1:
                last.update(status=ReportStatus.SUBMITTED, reviewed_by_id=None, reviewed_at=None)
            elif roll < 0.15:
                last.update(status=ReportStatus.RETURNED, return_reason="请补充佐证材料")
        reports.extend(item_reports)
        accepted = [r for r in item_reports if r["status"] == ReportStatus.ACCEPTED]
        latest = accepted[-1]["percent"] if accepted else None
        completed_on = None
        if item_status.is_complete(latest, len(ms_rows), met):
            done_period = _month_end(accepted[-1]["period_start"])
            completed_on = min(today, done_period + dt.timedelta(days=6))
        items.append(
            {
                "id": pk,
                "area_id": area_first + i % n_areas,
                "code": f"{i % n_areas + 1}-{i // n_areas + 1:04d}",
                "kind": rng.choice(ItemKind.values),
                "title": names.item_title(rng, region),
                "description": "",
                "expected_results": "按期完成年度目标",
                "leader_id": leaders[rng.randrange(len(leaders))],
                "lead_unit_id": unit["id"],
                "start_date": start,
                "due_date": due,
                "weight": rng.choice((1, 1, 2, 3)),
                "progress": latest or 0,
                "milestones_total": len(ms_rows),
                "milestones_met": met,
                "completed_on": completed_on,
                "last_report_period": item_reports[-1]["period_start"] if item_reports else None,
            }
        )
        for _ in range(rng.choice((0, 0, 1, 2))):
            other = lead_units[rng.randrange(len(lead_units))]["id"]
            if other != unit["id"] and (pk, other) not in co_units[-2:]:
                co_units.append((pk, other))
        if rng.random() < 0.2:
            actions.append(
                {
                    "item_id": pk,
                    "leader_id": leaders[rng.randrange(len(leaders))],
                    "date": min(today, start + dt.timedelta(days=rng.randint(10, 120))),
                    "kind": rng.choice(LeaderActionKind.values),
                    "note": "现场调度，协调解决用地问题",
                }
            )
    w.insert_dicts(Item, items)
    w.insert(Item.co_units.through._meta.db_table, ["item_id", "unit_id"], sorted(set(co_units)))
    w.reserve(Milestone, len(milestones))
    w.insert_dicts(Milestone, milestones)
    w.reserve(Report, len(reports))
    w.insert_dicts(Report, reports)
    la_first = w.reserve(LeaderAction, len(actions))
    w.insert_dicts(LeaderAction, [{"id": la_first + k, **a} for k, a in enumerate(actions)])
    figures.refresh([item["id"] for item in items], today)  # their lights, as the services store them
    ctx.count("campaigns", 1)
    ctx.count("items", len(items))
    ctx.count("milestones", len(milestones))
    ctx.count("reports", len(reports))
    ctx.count("leader_actions", len(actions))
    ctx.shared.update(campaign_id=campaign_id, item_ids=range(item_first, item_first + n_items), year=year)
