"""The generator's problem part: a ledger with problems in every state, each with the timeline of its steps.

A problem's fields are what the workflow leaves: assigned ones have a handling unit and an original deadline,
applied ones a reply by a clerk of the handling unit, verified and closed ones a verifier (a supervision office
account, never the applicant) and, when the enterprise raised it, the enterprise's satisfaction; ``version``
is one more than the number of steps, as the services count it. One event row per step; the generated data
has one audit record for the whole run (see ``gongjian.synth``), not one per step.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from gongjian.org.choices import RoleChoices

from . import workflow as wf
from .models import Problem, ProblemCategory, ProblemEvent

if TYPE_CHECKING:
    from gongjian.synth.generator import Context

SOURCES = ["visit", "dispatch", "inspection", wf.SOURCE_ENTERPRISE, "hotline"]
#: share of problems in each state (a ledger that is mostly closed, with a live tail)
STATES = [
    (wf.CLOSED, 45),
    (wf.VERIFIED, 5),
    (wf.APPLIED, 10),
    (wf.IN_PROGRESS, 20),
    (wf.ASSIGNED, 12),
    (wf.REGISTERED, 8),
]
TITLES = ["用电增容报装", "环评审批进度", "项目用地指标", "流动资金贷款", "技术工人招聘", "道路配套建设", "消防验收"]


def run(ctx: Context) -> None:
    rng, w, sh = ctx.rng, ctx.writer, ctx.shared
    n = ctx.scale.problems
    today = ctx.today
    year_start = dt.date(today.year, 1, 1)
    span = max(1, (today - year_start).days)
    categories = list(ProblemCategory.objects.filter(is_active=True).values_list("id", flat=True))
    if not categories:  # every category removed by an administrator (or a flushed test database)
        other, _ = ProblemCategory.objects.get_or_create(code="other", defaults={"name": "其他", "sort_order": 99})
        categories = [other.pk]
    by_role = sh["users_by_role"]
    supervisors, leaders = by_role[RoleChoices.SUPERVISOR], by_role[RoleChoices.LEADER]
    raisers = by_role[RoleChoices.CADRE] or by_role[RoleChoices.CLERK]
    units = sh["bureaus"] + sh["streets"]
    clerk_of_unit = sh["clerk_of_unit"]
    unit_of_user = {}
    enterprises = sh.get("enterprise_ids") or []
    items = sh.get("item_ids") or []
    states, weights = zip(*STATES, strict=True)
    first = w.reserve(Problem, n)
    problems, events = [], []
    ev_id = w.next_id(ProblemEvent)

    def at(day: dt.date, hour: int = 10) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59)), tzinfo=dt.UTC)

    for i in range(n):
        pk = first + i
        state = rng.choices(states, weights)[0]
        order = wf.STATES.index(state)
        source = rng.choice(SOURCES)
        raised = year_start + dt.timedelta(days=rng.randrange(span))
        raiser = raisers[rng.randrange(len(raisers))]
        unit = units[rng.randrange(len(units))]
        handler = clerk_of_unit.get(unit["id"])
        if handler is None:
            continue
        enterprise = enterprises[rng.randrange(len(enterprises))] if enterprises and rng.random() < 0.85 else None
        item = items[rng.randrange(len(items))] if items and (enterprise is None or rng.random() < 0.2) else None
        if enterprise is None and item is None:
            item = items[0] if items else None
            if item is None:
                continue
        p = {
            "id": pk,
            "number": f"WT{raised.year}{pk:05d}",
            "title": f"{rng.choice(TITLES)}问题",
            "description": "企业反映相关手续办理进度较慢，请协调解决。",
            "source": source,
            "category_id": categories[rng.randrange(len(categories))] if categories else None,
            "enterprise_id": enterprise,
            "item_id": item,
            "leader_id": leaders[rng.randrange(len(leaders))],
            "raised_by_id": raiser,
            "raised_unit_id": unit_of_user.get(raiser),
            "raised_at": at(raised, 9),
            "state": state,
            "return_count": 0,
        }
        steps = [("create", "", wf.REGISTERED, raiser, raised)]
        day = raised
        if order >= wf.STATES.index(wf.ASSIGNED):
            day = min(today, day + dt.timedelta(days=rng.randint(0, 3)))
            sup = supervisors[rng.randrange(len(supervisors))]
            deadline = day + dt.timedelta(days=rng.choice((15, 30, 30, 60)))
            p.update(handling_unit_id=unit["id"], deadline=deadline, assigned_by_id=sup, assigned_at=at(day, 11))
            steps.append(("assign", wf.REGISTERED, wf.ASSIGNED, sup, day))
        if order >= wf.STATES.index(wf.IN_PROGRESS):
            day = min(today, day + dt.timedelta(days=rng.randint(0, 5)))
            steps.append(("start", wf.ASSIGNED, wf.IN_PROGRESS, handler, day))
        if order >= wf.STATES.index(wf.APPLIED):
            if rng.random() < 0.15:  # applied once, returned, applied again
                day = min(today, day + dt.timedelta(days=rng.randint(3, 20)))
                steps.append(("apply", wf.IN_PROGRESS, wf.APPLIED, handler, day))
                steps.append(("return", wf.APPLIED, wf.IN_PROGRESS, supervisors[0], day))
                p["return_count"] = 1
            day = min(today, day + dt.timedelta(days=rng.randint(3, 40)))
            p.update(reply="已协调相关部门办理完毕，附佐证材料。", applied_by_id=handler, applied_on=day)
            steps.append(("apply", wf.IN_PROGRESS, wf.APPLIED, handler, day))
        if order >= wf.STATES.index(wf.VERIFIED):
            day = min(today, day + dt.timedelta(days=rng.randint(0, 5)))
            sup = supervisors[rng.randrange(len(supervisors))]
            p.update(verified_by_id=sup, verified_at=at(day, 15), verification_note="经核实，问题已解决。")
            if source == wf.SOURCE_ENTERPRISE:
                p["satisfaction"] = rng.choice(["satisfied", "satisfied", "basically_satisfied"])
            steps.append(("verify", wf.APPLIED, wf.VERIFIED, sup, day))
        if order >= wf.STATES.index(wf.CLOSED):
            day = min(today, day + dt.timedelta(days=rng.randint(0, 3)))
            sup = supervisors[rng.randrange(len(supervisors))]
            p.update(closed_by_id=sup, closed_at=at(day, 16))
            steps.append(("close", wf.VERIFIED, wf.CLOSED, sup, day))
        p["version"] = len(steps)
        problems.append(p)
        for action, before, after, actor, when in steps:
            events.append(
                {
                    "id": ev_id,
                    "problem_id": pk,
                    "action": action,
                    "from_state": before,
                    "to_state": after,
                    "actor_id": actor,
                    "at": at(when, 12),
                    "text": "",
                    "data": "{}",
                }
            )
            ev_id += 1
    w.insert_dicts(Problem, problems)
    w.reserve(ProblemEvent, len(events))
    w.insert_dicts(ProblemEvent, events)
    ctx.count("problems", len(problems))
    ctx.count("problem_events", len(events))
