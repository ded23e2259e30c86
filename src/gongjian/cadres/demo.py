"""The demo's cadre side: 容错免责 cases in every state, 一线考察 notes, two commendations and one 约谈, all tied
to the colours the daily warnings run stored for the demo (red lights get cases and the 约谈, green units and
leaders get the commendations). Everything goes through the services, as the organisation would enter it."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext

from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.indicators import rules as r
from gongjian.org.choices import RoleChoices
from gongjian.supervision.colours import ROLLUP_SOURCE
from gongjian.supervision.models import ColourRecord

from . import services
from .choices import AccountabilityForm, CommendationGrade, NoteCategory, Outcome, Recommendation, SubjectKind

__all__ = ["load_demo"]

ALL_CRITERIA = ["public_interest", "due_procedure", "no_personal_gain", "no_repeat", "losses_remedied"]

CASES = [
    # (title, facts, the step it reaches)
    (
        "先行先试审批方式导致进度滞后",
        "为加快项目落地，采用并联审批试点，因上级系统对接未完成导致节点延误，已主动协调补正。",
        "decided_exempted",
    ),
    ("受汛期影响工期延误", "汛期连续降雨致施工停工18天，属不可抗力，已调整施工组织挽回部分工期。", "decided_partly"),
    ("招商项目签约后未如期开工", "企业投资计划调整致开工推迟，单位已及时报告并推动替代项目。", "reviewed"),
    ("用地报批材料反复补正", "因规划调整需重新编制材料，单位按程序集体研究后报批。", "accepted"),
    ("产值指标未达序时进度", "主要企业订单下滑，单位正在组织帮扶，申请容错。", "applied"),
    ("项目资金拨付滞后", "资金拨付手续未按规定报批，单位申请容错。", "not_accepted"),
]

NOTES = [
    (NoteCategory.INITIATIVE, "现场踏勘", "主动靠前协调电力增容问题，一周内召开两次现场调度会。"),
    (NoteCategory.RESULTS, "节点对账", "分管项目节点全部按序时完成，进度居全区前列。"),
    (NoteCategory.CONDUCT, "走访群众", "深入企业一线，企业反映服务主动、答复及时。"),
    (NoteCategory.PROBLEM, "列席会议", "个别项目调度会研究不深，问题清单未逐项销号。"),
]


def _actor(user) -> Actor:
    return Actor(user=user, ip=None, source=AuditLog.Source.COMMAND)


def load_demo(ctx) -> str:
    users = ctx.users
    examiner, inspector = users.get("zzb_kaocha"), users.get("jiwei")
    if examiner is None or inspector is None:
        return ""
    today = ctx.now.date()
    current = list(
        ColourRecord.objects.filter(campaign=ctx.campaign, current=True)
        .exclude(source=ROLLUP_SOURCE)
        .select_related("unit", "leader")
        .order_by("unit__sort_order", "id")
    )
    admins = {
        u.unit_id: u for u in users.values() if u.unit_id and u.groups.filter(name=RoleChoices.UNIT_ADMIN).exists()
    }
    warned = [c for c in current if c.colour in (r.RED, r.YELLOW) and c.unit_id in admins]
    n_cases = 0
    seen_units: set[int] = set()
    for record in warned:
        if n_cases == len(CASES):
            break
        if record.unit_id in seen_units:
            continue
        seen_units.add(record.unit_id)
        title, facts, reach = CASES[n_cases]
        applicant = _actor(admins[record.unit_id])
        case = services.apply_case(
            applicant,
            subject_kind=SubjectKind.UNIT,
            title=title,
            facts=facts,
            criteria=ALL_CRITERIA,
            colour_record=record,
        )
        n_cases += 1
        if reach == "applied":
            continue
        if reach == "not_accepted":
            services.not_accept_case(_actor(inspector), case, "未履行规定程序，不属于容错情形。")
            continue
        services.accept_case(_actor(inspector), case)
        if reach == "accepted":
            continue
        confirmed = ALL_CRITERIA if reach != "decided_partly" else ["public_interest", "no_personal_gain"]
        recommendation = Recommendation.PARTLY if reach == "decided_partly" else Recommendation.EXEMPTED
        services.add_opinion(
            _actor(inspector),
            case,
            recommendation=recommendation,
            confirmed=confirmed,
            text="经调查核实，符合容错情形，建议予以容错。",
        )
        if reach == "reviewed":
            continue
        services.decide_case(
            _actor(examiner),
            case,
            outcome=Outcome.PARTLY if reach == "decided_partly" else Outcome.EXEMPTED,
            reasons="经集体研究，认定符合容错免责条件；红灯记录保留并标注免责。",
            document_number=f"德城组字〔{today.year}〕{n_cases}号",
            corrective_measures="限期完成整改，一个月内报送纠错情况。",
        )

    # 一线考察 notes on the leaders of the current colours (the demo's real items).
    n_notes = 0
    leaders = []
    for record in current:
        if record.leader_id and record.leader not in leaders:
            leaders.append(record.leader)
    items = {i.leader_id: i for i in ctx.items.values()}
    for i, leader in enumerate(leaders[: len(NOTES)]):
        category, place, text = NOTES[i]
        services.add_note(
            _actor(examiner),
            cadre=leader,
            observed_on=today - dt.timedelta(days=7 * (i + 1)),
            category=category,
            item=items.get(leader.pk),
            place=place,
            text=text,
        )
        n_notes += 1

    # Two commendations: the unit and the leader with the most green lights and no red one.
    def best(key):
        tally: dict = {}
        for c in current:
            k = getattr(c, key)
            if k is None:
                continue
            green, red = tally.get(k, (0, 0))
            tally[k] = (green + (c.colour in (r.GREEN, r.BLUE, r.DONE)), red + (c.colour in (r.RED, r.YELLOW)))
        ok = [(g, k) for k, (g, bad) in tally.items() if g and not bad]
        return max(ok, key=lambda t: (t[0], -t[1].pk))[1] if ok else None

    n_awards = 0
    unit, leader = best("unit"), best("leader")
    if unit is not None:
        services.add_commendation(
            _actor(examiner),
            subject_kind=SubjectKind.UNIT,
            unit=unit,
            grade=CommendationGrade.PRAISE,
            reason="攻坚任务全部绿灯运行，比学赶超排名靠前。",
            awarded_on=today,
            awarded_by="中共德城区委",
            document_number=f"德城发〔{today.year}〕8号",
        )
        n_awards += 1
    if leader is not None:
        services.add_commendation(
            _actor(examiner),
            subject_kind=SubjectKind.PERSON,
            person=leader,
            grade=CommendationGrade.COMMENDATION,
            reason="分管攻坚事项进展顺利，担当作为表现突出。",
            item=items.get(leader.pk),
            awarded_on=today,
            awarded_by="中共德城区委组织部",
            document_number=f"德城组字〔{today.year}〕12号",
        )
        n_awards += 1

    # One 约谈 on a red light that has no case.
    n_held = 0
    red = next((c for c in current if c.colour == r.RED and c.unit_id and c.unit_id not in seen_units), None)
    if red is not None:
        services.add_accountability(
            _actor(inspector),
            subject_kind=SubjectKind.UNIT,
            unit=red.unit,
            form=AccountabilityForm.INTERVIEW,
            facts="事项连续亮红灯，督办后仍未扭转，对单位主要负责人进行约谈。",
            colour_record=red,
            decided_on=today,
            decided_by_body="区纪委监委",
        )
        n_held += 1
    return gettext(
        "Cadres: {cases} tolerance cases, {notes} field notes, {awards} commendations, {held} accountability records"
    ).format(cases=n_cases, notes=n_notes, awards=n_awards, held=n_held)
