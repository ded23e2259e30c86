"""The demo's problem ledger: about sixty problems over the year in every state, overdue and returned ones too.

Problems are raised on visits (by the visiting cadre), on campaign items (by the lead unit's clerk), in
inspections (by the 督查 office), by enterprises themselves and through 12345. Each walks the workflow through the
real services with the clock set to when each step happened (pairing.demo.at), so the timeline, the audit
records and the version counter are exactly those of a real history; a step that would lie after ``now`` is not
taken, which leaves recent problems open.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone
from django.utils.translation import gettext

from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.org.choices import RoleChoices
from gongjian.pairing.demo import at

from . import services
from .choices import ProblemSource, ProblemState
from .models import ProblemCategory

__all__ = ["load_demo"]

# (title, description, category code)
PROBLEMS = [
    ("新上生产线用电增容", "企业新上两条生产线，需由现有800千伏安增容至2000千伏安，申请已提交供电公司。", "factors"),
    ("天然气管网未接入厂区", "厂区燃气管道未接入，影响锅炉改造，需协调燃气公司延伸管网。", "factors"),
    ("污水排放指标不足", "扩产后污水排放量增加，需协调增加排污指标。", "factors"),
    ("技改项目环评批复慢", "技改项目环评报告已报送一个月，尚未批复。", "approval"),
    ("厂房消防验收", "新建厂房已完工，消防验收预约排期较长。", "approval"),
    ("施工许可证办理", "二期厂房施工许可证办理材料反复补正。", "approval"),
    ("不动产权证办理", "土地已摘牌，不动产权证尚未办理。", "approval"),
    ("流动资金贷款缺口", "原材料涨价，流动资金缺口约2000万元，需对接银行续贷。", "finance"),
    ("技改设备融资租赁", "拟通过融资租赁购置设备，需推荐合作机构。", "finance"),
    ("普工招聘难", "春节后普工缺口约80人，需组织专场招聘。", "labour"),
    ("技术工人短缺", "数控操作技术工人短缺，希望对接职业院校订单培养。", "labour"),
    ("员工子女入学", "外地技术骨干子女入学需协调。", "labour"),
    ("扩建用地指标", "企业计划扩建，需新增用地约30亩。", "land"),
    ("闲置地块盘活", "相邻闲置地块权属不清，影响企业整合利用。", "land"),
    ("厂区门前道路破损", "厂区门前道路破损严重，重载车辆通行困难。", "infrastructure"),
    ("园区路灯不亮", "园区主干道路灯损坏，夜间通行存在安全隐患。", "infrastructure"),
    ("雨污管网堵塞", "雨季厂区周边雨污管网堵塞，积水严重。", "infrastructure"),
    ("物流车辆限行", "城区限行影响原材料运输，希望办理通行证。", "other"),
    ("周边施工噪声扰民投诉", "企业反映周边工地夜间施工，影响职工休息。", "other"),
    ("出口退税进度", "出口退税办理周期较长，影响资金周转。", "other"),
]

#: category → the unit that handles it
HANDLERS = {
    "factors": "GXJ",
    "approval": "FGJ",
    "finance": "CZJ",
    "labour": "SWJ",
    "land": "ZRJ",
    "infrastructure": "ZJJ",
    "other": "GXJ",
}

#: The state a problem raised more than RECENT_DAYS ago is left in (cycled): most are closed out, a few stay
#: open and overdue, so the 见底清零 curve falls towards zero but is not there yet.
OLD_ENDINGS = [
    ProblemState.CLOSED,
    ProblemState.CLOSED,
    ProblemState.CLOSED,
    ProblemState.IN_PROGRESS,
    ProblemState.CLOSED,
    ProblemState.CLOSED,
    ProblemState.VERIFIED,
    ProblemState.CLOSED,
    ProblemState.CLOSED,
    ProblemState.CLOSED,
]
#: Recent problems are spread over every state of the line.
RECENT_ENDINGS = [
    ProblemState.REGISTERED,
    ProblemState.ASSIGNED,
    ProblemState.IN_PROGRESS,
    ProblemState.APPLIED,
    ProblemState.VERIFIED,
    ProblemState.CLOSED,
    ProblemState.IN_PROGRESS,
]
RECENT_DAYS = 60


def _actor(user) -> Actor:
    return Actor(user=user, ip=None, source=AuditLog.Source.COMMAND)


class _Story:
    """One problem's history: steps taken in order with the clock moving forward, never past ``now``."""

    def __init__(self, problem, clock: dt.datetime, now: dt.datetime, rng: random.Random):
        self.problem = problem
        self.clock = clock
        self.now = now
        self.rng = rng

    def step(self, days: tuple[int, int], fn, *args, **kwargs) -> bool:
        """Take ``fn`` some days after the last step, in office hours; not if that lies after ``now``."""
        day = timezone.localdate(self.clock) + dt.timedelta(days=self.rng.randint(*days))
        moment = timezone.make_aware(
            dt.datetime.combine(day, dt.time(self.rng.randint(9, 17), self.rng.randint(0, 59)))
        )
        if moment <= self.clock:
            moment = self.clock + dt.timedelta(minutes=30)
        if moment >= self.now:
            return False
        with at(moment):
            self.problem = fn(*args, self.problem, **kwargs)
        self.clock = moment
        return True


def load_demo(ctx) -> str:
    from gongjian.enterprises.models import Enterprise
    from gongjian.pairing.models import Visit

    rng = random.Random(20260320)  # noqa: S311 - a repeatable demo, not a secret
    users, units = ctx.users, ctx.units
    ducha = next(u for u in users.values() if u.groups.filter(name=RoleChoices.SUPERVISOR).exists())
    hotline_clerk = users.get("zfb_jbr") or ducha
    categories = {c.code: c for c in ProblemCategory.objects.all()}
    visits = list(Visit.objects.select_related("enterprise", "visitor").order_by("date", "pk"))
    enterprises = list(Enterprise.objects.order_by("pk")[:40])
    items = [i for i in ctx.items.values()]
    now = ctx.now
    start = timezone.make_aware(dt.datetime.combine(ctx.campaign.start_date, dt.time(9)))
    span = max((now - start).days - 3, 30)
    made = 0
    # More problems early in the year (the first visits find most of them), fewer later.
    times = [
        start + dt.timedelta(days=int(span * (n / 60) ** 1.6) + rng.randint(0, 2), hours=rng.randint(0, 7))
        for n in range(60)
    ]
    # Recent problems, newest first, take the states of the line in order: the newest is still only registered.
    recent = sorted((t for t in times if (now - t).days <= RECENT_DAYS), reverse=True)
    endings = {t: RECENT_ENDINGS[k % len(RECENT_ENDINGS)] for k, t in enumerate(recent)}
    for n, raised in enumerate(times):
        title, description, cat = PROBLEMS[n % len(PROBLEMS)]
        if raised >= now:
            continue
        kind = n % 5
        fields = {"title": title, "description": description, "category": categories[cat]}
        if kind == 0 and visits:
            visit = min(visits, key=lambda v: abs((v.date - raised.date()).days))
            raiser, fields["visit"], fields["source"] = visit.visitor, visit, ProblemSource.VISIT
            raised = max(raised, timezone.make_aware(dt.datetime.combine(visit.date, dt.time(16))))
        elif kind in (1,) or not enterprises:
            item = items[n % len(items)]
            clerk = users.get(f"{item.lead_unit.code.lower()}_jbr") or ducha
            raiser, fields["item"], fields["source"] = clerk, item, ProblemSource.DISPATCH
        elif kind == 2:
            raiser, fields["enterprise"], fields["source"] = (
                ducha,
                enterprises[n % len(enterprises)],
                ProblemSource.INSPECTION,
            )
        elif kind == 3:
            raiser, fields["enterprise"], fields["source"] = (
                ducha,
                enterprises[n % len(enterprises)],
                ProblemSource.ENTERPRISE,
            )
        else:
            raiser, fields["enterprise"], fields["source"] = (
                hotline_clerk,
                enterprises[n % len(enterprises)],
                ProblemSource.HOTLINE,
            )
        if raised >= now:
            continue
        with at(raised):
            problem = services.create_problem(_actor(raiser), **fields)
        made += 1
        _walk(
            problem, raised, now, rng, n, endings.get(raised) or OLD_ENDINGS[n % len(OLD_ENDINGS)], users, units, ducha
        )
    counts = {}
    from .models import Problem

    for state in Problem.objects.values_list("state", flat=True):
        counts[state] = counts.get(state, 0) + 1
    summary = ", ".join(f"{ProblemState(s).label} {c}" for s, c in sorted(counts.items()))
    return gettext("Problems: {n} ({summary})").format(n=made, summary=summary)


def _walk(problem, raised, now, rng, n, ending, users, units, ducha):
    if ending == ProblemState.REGISTERED:
        return
    story = _Story(problem, raised, now, rng)
    code = HANDLERS[problem.category.code]
    unit = units[code]
    handler = users.get(f"{code.lower()}_jbr")
    other_handler = users.get(f"{code.lower()}_admin") or handler
    sup = _actor(ducha)
    # Deadlines of 10 to 30 days; every third problem is answered after its deadline (overdue in the lights).
    late = n % 3 == 1
    deadline_days = rng.randint(10, 30)
    assign_day = story.clock + dt.timedelta(days=2)
    if not story.step(
        (1, 3),
        services.assign_problem,
        sup,
        unit=unit,
        deadline=timezone.localdate(assign_day) + dt.timedelta(days=deadline_days),
        text="请按期办结并反馈",
    ):
        return
    if ending == ProblemState.ASSIGNED or not story.step((0, 2), services.start_problem, _actor(handler)):
        return
    if n % 7 == 3:  # an extension asked and approved: still judged against the original deadline
        if story.step(
            (3, 6),
            services.request_extension,
            _actor(handler),
            deadline=story.problem.deadline + dt.timedelta(days=20),
            text="需等待上级部门批复，申请延期",
        ):
            story.step((1, 2), services.approve_extension, sup, text="同意延期")
    if ending == ProblemState.IN_PROGRESS:
        return
    work = (deadline_days + 3, deadline_days + 12) if late else (4, max(5, deadline_days - 3))
    if (now - raised).days <= RECENT_DAYS:
        work = (1, 4)
    source = problem.source
    satisfaction = "satisfied" if source == ProblemSource.ENTERPRISE else ""
    if not story.step(work, services.apply_closure, _actor(handler), text="已协调相关单位办理完毕，企业问题已解决。"):
        return
    if n % 4 == 0:  # 退回 once: the evidence was not enough
        if not story.step((1, 4), services.return_problem, sup, text="佐证材料不足，请补充现场照片和企业确认意见"):
            return
        if not story.step((2, 6), services.apply_closure, _actor(other_handler), text="已补充现场照片和企业确认意见。"):
            return
    if ending == ProblemState.APPLIED:
        return
    if not story.step(
        (1, 4), services.verify_problem, sup, satisfaction=satisfaction, text="经电话回访企业，问题已解决"
    ):
        return
    if ending == ProblemState.VERIFIED:
        return
    closer = sup
    leader = story.problem.leader
    if leader is not None and n % 2 == 0:
        closer = _actor(leader)  # the 包保 leader approves 销号
    story.step((1, 3), services.close_problem, closer)
