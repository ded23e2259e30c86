"""The demo's history: what each unit reported, when 督查 reviewed it, which milestones were met, what leaders did.

Pure: no database. :func:`plan_year` draws a whole year for every item from a fixed seed, independently of the
day it runs, so the history of April is the same whether the demo is loaded in May or in December.
:func:`as_of` then keeps only what had happened by ``now``: reports only for periods that have ended, events
only before ``now``, milestones and leader actions only up to today.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace

from gongjian.campaigns import periods
from gongjian.campaigns.choices import ItemKind, LeaderActionKind

from .data import ITEMS, ItemSpec, reporters

__all__ = [
    "SEED",
    "ActionPlan",
    "Content",
    "Event",
    "ItemHistory",
    "MilestonePlan",
    "ReportPlan",
    "as_of",
    "plan_year",
]

SEED = 20260320
REVIEWER = "ducha"

SUBMIT = "submit"
RESUBMIT = "resubmit"
RETURN = "return"
ACCEPT = "accept"

# Days off (month, day) on which nobody submits or reviews, in any year (weekends are skipped too).
_HOLIDAYS = {
    *((5, d) for d in range(1, 6)),
    *((10, d) for d in range(1, 8)),
}

_PACE = {"done": (1.0, 1.25), "steady": (0.92, 1.06), "lagging": (0.66, 0.8), "overdue": (0.72, 0.84)}
_CAP = {"done": 95, "steady": 95, "lagging": 90, "overdue": 85}
_TROUBLED = {"lagging", "overdue"}

_TASK_STEPS = (
    "制定工作方案，明确责任分工和时间节点",
    "召开专题推进会议，各项措施启动实施",
    "按计划推进各项任务，开展阶段性调度",
    "开展督导检查，对发现的问题跟踪整改",
    "总结评估工作成效，巩固提升",
)
_PROBLEMS = (
    "部门间数据共享不够充分，统计口径需进一步衔接。",
    "个别街道（镇）推进不平衡，进度相对滞后。",
    "专业人员不足，工作力量有待加强。",
    "部分企业配合意愿不强，资料报送不及时。",
    "受市场行情影响，部分企业投资意愿有所减弱。",
    "相关政策细则尚待上级明确，部分工作推进受限。",
)
_PROJECT_PROBLEMS = (
    "项目用地手续办理周期较长，影响施工进度。",
    "部分进口设备供货周期延长，安装调试时间后移。",
    "企业融资渠道单一，项目资金到位不及时。",
    "设备调试中工艺参数不够稳定，需厂家技术人员现场处理。",
    "施工受连续降雨影响，工期有所延误。",
)
_NEXT_STEPS = (
    "下月继续加大调度力度，确保按节点推进。",
    "协调相关部门解决存在问题，加快手续办理。",
    "强化跟踪服务，每周调度一次进展情况。",
    "对照时间节点查漏补缺，确保按期完成。",
    "加强与市直部门对接，争取政策和资金支持。",
)
_RETURN_REASONS = (
    "进展描述过于笼统，请补充本月具体完成的工作量和佐证材料。",
    "完成百分比与节点完成情况不符，请核实后重报。",
    "未附会议纪要、现场照片等佐证材料，请补充。",
    "存在问题和下步打算填写不完整，请补充后重报。",
    "数据与统计部门口径不一致，请与统计局核对后重报。",
)
_VAGUE = "本月按计划推进，进展顺利。"


@dataclass(frozen=True)
class Content:
    """What a unit wrote in one submission of a report."""

    percent: int
    narrative: str
    problems: str
    next_steps: str


@dataclass(frozen=True)
class Event:
    """One step of a report's workflow: who did what when (a submission carries what was written)."""

    action: str  # submit, return, resubmit, accept
    at: dt.datetime
    by: str
    reason: str = ""
    content: Content | None = None


@dataclass(frozen=True)
class ReportPlan:
    code: str
    period: periods.Period
    percent: int  # as finally accepted; 100 marks the item's last report
    events: tuple[Event, ...]
    deadline: dt.date

    @property
    def status(self) -> str:
        last = self.events[-1].action
        return {SUBMIT: "submitted", RESUBMIT: "submitted", RETURN: "returned", ACCEPT: "accepted"}[last]

    @property
    def is_late(self) -> bool:
        return self.events[0].at.date() > self.deadline

    @property
    def content(self) -> Content:
        """What the report says now: its latest submission."""
        return next(e.content for e in reversed(self.events) if e.content is not None)


@dataclass(frozen=True)
class MilestonePlan:
    title: str
    planned: dt.date
    actual: dt.date | None


@dataclass(frozen=True)
class ActionPlan:
    leader: str
    date: dt.date
    kind: str
    note: str


@dataclass
class ItemHistory:
    spec: ItemSpec
    reports: list[ReportPlan] = field(default_factory=list)
    milestones: list[MilestonePlan] = field(default_factory=list)
    actions: list[ActionPlan] = field(default_factory=list)
    #: Periods ended and past their deadline for which no report exists (what 督查 counts as missing).
    missing: list[periods.Period] = field(default_factory=list)


# --- helpers ----------------------------------------------------------------------------------------------


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5 or (day.month, day.day) in _HOLIDAYS:
        day += dt.timedelta(days=1)
    return day


def _at(day: dt.date, rng: random.Random, tz: dt.tzinfo, first: int = 8, last: int = 17) -> dt.datetime:
    """A moment of office hours on ``day`` (local time)."""
    minutes = rng.randint(first * 60 + 30, last * 60 + 30)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60, rng.randint(0, 59)), tzinfo=tz)


def _short(title: str) -> str:
    for sep in ("，", "："):
        if sep in title:
            title = title.split(sep)[0]
    return title if len(title) <= 24 else title[:24] + "…"


def _metric_text(spec: ItemSpec, percent: int) -> str:
    m = spec.metric
    if m is None:
        return ""
    values = []
    for start, target in zip(m.start, m.target, strict=True):
        v = start + (target - start) * percent / 100
        values.append(f"{v:.{m.decimals}f}" if m.decimals else str(round(v)))
    return m.template.format(*values) + "；"


def _narrative(spec: ItemSpec, period: periods.Period, percent: int) -> str:
    steps = spec.steps or _TASK_STEPS
    if percent >= 100:
        step = steps[-1] + "，各项任务全部完成"
    else:
        step = steps[min(len(steps) - 1, percent * len(steps) // 100)]
    return f"{period.label()}：{step}。{_metric_text(spec, percent)}累计完成{percent}%。"


# --- one item's year --------------------------------------------------------------------------------------


def _percents(spec: ItemSpec, plist: list[periods.Period], rng: random.Random) -> list[int]:
    """Percent complete at the end of each period, rising, 100 only when the item is finished."""
    span = (spec.due - spec.start).days + 1
    pace = rng.uniform(*_PACE[spec.profile])
    out: list[int] = []
    last = 0
    for p in plist:
        frac = min(1.0, ((min(p.end, spec.due) - spec.start).days + 1) / span)
        raw = frac * pace * 100 + rng.uniform(-4, 4)
        if spec.profile in ("done", "steady") and (frac >= 1 or (spec.profile == "done" and raw >= 100)):
            pct = 100
        else:
            pct = min(_CAP[spec.profile], int(round(raw / 5) * 5))
        pct = max(pct, last, 5)
        out.append(pct)
        last = pct
        if pct == 100:
            break
    return out


def _returned_draft(content: Content, rng: random.Random) -> tuple[str, Content]:
    """Why 督查 returned a first submission, and what that submission said."""
    reason = rng.choice(_RETURN_REASONS)
    if reason == _RETURN_REASONS[0]:
        return reason, replace(content, narrative=_VAGUE)
    if reason == _RETURN_REASONS[1] and content.percent <= 85:
        return reason, replace(content, percent=content.percent + 10)
    if reason == _RETURN_REASONS[3]:
        return reason, replace(content, problems="", next_steps="")
    return reason, content


def _report_year(
    spec: ItemSpec, grace: int, cycle: str, rng: random.Random, tz: dt.tzinfo
) -> tuple[list[ReportPlan], list[periods.Period]]:
    """Every report of the item over its whole span, and the periods for which it never reports."""
    plist = periods.periods_between(spec.start, spec.due, cycle)
    percents = _percents(spec, plist, rng)
    troubled = spec.profile in _TROUBLED
    who = reporters(spec.lead) or [REVIEWER]
    reports: list[ReportPlan] = []
    skipped: list[periods.Period] = []
    for p, pct in zip(plist, percents, strict=False):
        final = pct == 100
        deadline = periods.deadline(p, grace)
        roll = rng.random()
        if not final and roll < (0.22 if troubled else 0.11):
            skipped.append(p)
            continue
        if roll > (0.82 if troubled else 0.91):
            day = _workday(deadline + dt.timedelta(days=rng.randint(1, 12)))
        else:
            # Units file in the last days of the month or the first working days after it, by the deadline.
            days = [p.end + dt.timedelta(days=n) for n in range(-1, grace + 1)]
            day = rng.choice([d for d in days if d == _workday(d) and d >= p.start] or [p.end])
        author = who[0] if len(who) == 1 or rng.random() < 0.85 else who[1]
        problem_pool = _PROJECT_PROBLEMS if spec.kind == ItemKind.MAJOR_PROJECT else _PROBLEMS
        content = Content(
            pct,
            _narrative(spec, p, pct),
            rng.choice(problem_pool) if rng.random() < (0.75 if troubled else 0.3) else "",
            rng.choice(_NEXT_STEPS) if pct < 100 else "做好总结归档，巩固提升工作成效。",
        )
        submitted = _at(day, rng, tz)
        review_day = _workday(submitted.date() + dt.timedelta(days=rng.randint(1, 6)))
        reviewed = _at(review_day, rng, tz, 9, 18)
        if rng.random() < (0.2 if troubled else 0.1):
            reason, first = _returned_draft(content, rng)
            again = _at(_workday(review_day + dt.timedelta(days=rng.randint(1, 4))), rng, tz)
            events = [
                Event(SUBMIT, submitted, author, content=first),
                Event(RETURN, reviewed, REVIEWER, reason=reason),
                Event(RESUBMIT, again, author, content=content),
            ]
            reviewed = _at(_workday(again.date() + dt.timedelta(days=rng.randint(1, 4))), rng, tz, 9, 18)
        else:
            events = [Event(SUBMIT, submitted, author, content=content)]
        events.append(Event(ACCEPT, reviewed, REVIEWER))
        reports.append(ReportPlan(spec.code, p, pct, tuple(events), deadline))
    return reports, skipped


def _milestone_year(spec: ItemSpec, finish: dt.date | None, rng: random.Random) -> list[MilestonePlan]:
    """When each milestone is met; an item that reaches 100 % has met them all by its final report."""
    out: list[MilestonePlan] = []
    last_index = len(spec.milestones) - 1
    for i, (title, planned) in enumerate(spec.milestones):
        if rng.random() < (0.45 if spec.profile in _TROUBLED else 0.25):
            offset = rng.randint(3, 30 if spec.profile in _TROUBLED else 18)
        else:
            offset = -rng.randint(0, 8)
        actual: dt.date | None = planned + dt.timedelta(days=offset)
        if spec.profile == "overdue" and i == last_index:
            actual = None  # the item stalls before its last node
        elif spec.profile == "lagging" and i == last_index and rng.random() < 0.6:
            actual = None
        if finish is not None:
            actual = min(actual or finish, finish)
        if actual is not None:
            actual = max(actual, spec.start)
        out.append(MilestonePlan(title, planned, actual))
    return out


_NOTES = {
    LeaderActionKind.DEPLOY: "主持召开专题会议，部署“{short}”工作，明确{unit}牵头、时间节点和责任分工。",
    LeaderActionKind.ENQUIRE: "听取{unit}关于“{short}”进展情况的汇报，询问存在的困难，要求加快推进。",
    LeaderActionKind.DISPATCH: "在重点工作调度会上调度“{short}”，协调解决推进中的问题，明确下步任务。",
    LeaderActionKind.SUPERVISE: "“{short}”进度滞后，批示督办：{unit}要倒排工期、挂图作战，每周报告进展。",
}
_SITE_DISPATCH = "深入项目现场调度“{short}”，现场协调解决用地、资金和施工问题，要求按节点加快建设。"


def _actions_year(
    spec: ItemSpec, area_leader: str, unit_name: str, end: dt.date, rng: random.Random
) -> list[ActionPlan]:
    """The leaders' personal actions (亲自部署/过问/调度/督办) over the item's span."""
    short = _short(spec.title)

    def note(kind: str) -> str:
        return _NOTES[kind].format(short=short, unit=unit_name)

    def day_between(a: dt.date, b: dt.date) -> dt.date:
        return _workday(a + dt.timedelta(days=rng.randint(0, max(0, (b - a).days))))

    last = min(spec.due, end)
    mid = spec.start + (last - spec.start) / 2
    out: list[ActionPlan] = []
    if rng.random() < 0.85:
        out.append(
            ActionPlan(
                spec.leader,
                _workday(spec.start + dt.timedelta(days=rng.randint(0, 6))),
                LeaderActionKind.DEPLOY,
                note(LeaderActionKind.DEPLOY),
            )
        )
    if rng.random() < 0.6:
        by = area_leader if rng.random() < 0.4 else spec.leader
        out.append(
            ActionPlan(
                by,
                day_between(spec.start + dt.timedelta(days=15), mid),
                LeaderActionKind.ENQUIRE,
                note(LeaderActionKind.ENQUIRE),
            )
        )
    if spec.kind == ItemKind.MAJOR_PROJECT:
        out.append(
            ActionPlan("shuji", day_between(mid, last), LeaderActionKind.DISPATCH, _SITE_DISPATCH.format(short=short))
        )
    elif rng.random() < 0.5:
        by = "quzhang" if rng.random() < 0.5 else spec.leader
        out.append(ActionPlan(by, day_between(mid, last), LeaderActionKind.DISPATCH, note(LeaderActionKind.DISPATCH)))
    if spec.profile in _TROUBLED:
        by = "shuji" if rng.random() < 0.5 else "quzhang"
        out.append(
            ActionPlan(
                by,
                day_between(mid, min(spec.due + dt.timedelta(days=20), end)),
                LeaderActionKind.SUPERVISE,
                note(LeaderActionKind.SUPERVISE),
            )
        )
    return sorted(out, key=lambda a: a.date)


def plan_year(campaign_end: dt.date, grace: int, cycle: str, tz: dt.tzinfo,
              area_leaders: dict[int, str], unit_names: dict[str, str],
              items: list[ItemSpec] | None = None) -> list[ItemHistory]:  # fmt: skip
    """The whole year of every item, drawn from the fixed seed, before any cut to the present.

    ``items`` is the task list moved into the campaign's year (:func:`gongjian.demo.calendar.in_year`); by default
    the plan as written.
    """
    histories = []
    for spec in ITEMS if items is None else items:
        rng = random.Random(f"{SEED}:{spec.code}")  # noqa: S311 - reproducible demo data, not secrets
        reports, skipped = _report_year(spec, grace, cycle, rng, tz)
        finish = reports[-1].events[0].at.date() if reports and reports[-1].percent == 100 else None
        milestones = _milestone_year(spec, finish, rng)
        actions = _actions_year(spec, area_leaders[spec.area_number], unit_names[spec.lead], campaign_end, rng)
        histories.append(ItemHistory(spec, reports, milestones, actions, skipped))
    return histories


# --- the present --------------------------------------------------------------------------------------------


def _cut(report: ReportPlan, now: dt.datetime) -> ReportPlan | None:
    events = tuple(e for e in report.events if e.at < now)
    return replace(report, events=events) if events else None


def as_of(year: list[ItemHistory], now: dt.datetime, grace: int) -> list[ItemHistory]:
    """What had happened by ``now``: the state the demo database shows.

    Reports exist only for periods that ended before today and only with the events that took place before
    ``now``; a period past its deadline with no report counts as missing. A few of the latest reports are
    left waiting for 督查 (submitted, or returned and not yet resubmitted) so the review queues are never empty.
    """
    today = now.date()
    out: list[ItemHistory] = []
    for h in year:
        reports = []
        for r in h.reports:
            if r.period.end >= today:
                continue
            cut = _cut(r, now)
            if cut is not None:
                reports.append(cut)
        have = {r.period.start for r in reports}
        final = h.reports[-1].period.start if h.reports and h.reports[-1].percent == 100 else None
        considered = [r.period for r in h.reports] + h.missing
        missing = sorted(
            p
            for p in considered
            if p.start not in have and periods.deadline(p, grace) < today and (final is None or p.start <= final)
        )
        milestones = [replace(m, actual=m.actual if m.actual and m.actual <= today else None) for m in h.milestones]
        actions = [a for a in h.actions if a.date <= today]
        out.append(ItemHistory(h.spec, reports, milestones, actions, missing))
    _keep_queues_busy(out, now)
    return out


def _keep_queues_busy(histories: list[ItemHistory], now: dt.datetime, submitted: int = 5, returned: int = 2) -> None:
    """Leave some of the most recent reports still in 督查's hands, whatever day the demo is loaded.

    On most days of a month the previous month's reports are all reviewed; a few of the latest ones are then
    kept waiting (their review not yet done), and a few returned and not yet resubmitted.
    """
    latest = [(h.reports[-1].events[0].at, h) for h in histories if h.reports and h.reports[-1].percent < 100]
    latest.sort(key=lambda t: t[0], reverse=True)
    pending = sum(1 for h in histories for r in h.reports if r.status == "submitted")
    back = sum(1 for h in histories for r in h.reports if r.status == "returned")
    for first_at, h in latest:
        r = h.reports[-1]
        if r.status != "accepted":
            continue
        if back < returned:
            if r.events[1].action == RETURN:
                events = r.events[:2]
            else:
                ret_day = _workday(first_at.date() + dt.timedelta(days=1))
                ret_at = dt.datetime.combine(ret_day, first_at.timetz()) + dt.timedelta(minutes=47)
                events = (r.events[0], Event(RETURN, ret_at, REVIEWER, reason=_RETURN_REASONS[2]))
            if events[-1].at < now:
                h.reports[-1] = replace(r, events=events)
                back += 1
                continue
        if pending < submitted:
            h.reports[-1] = replace(r, events=r.events[:-1])  # everything but the acceptance
            pending += 1
