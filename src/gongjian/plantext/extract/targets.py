"""Quantified targets in one sentence."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from .context import Context
from .counts import _DESCRIBE_RE, _STRONG_GOAL_RE, WEAK_PAST, not_a_scope_target
from .grammar import (
    _AUTHORITY_RE,
    _GOAL_RE,
    _HEDGE_RE,
    _MULT_RE,
    _NOT_A_SUBJECT,
    _PAST_RE,
    _PERIOD_RE,
    _POST,
    _QTY,
    _QUOTE_RE,
    _ZERO_RE,
    COUNT_UNITS,
    FUNDING_VERBS,
    GENERIC_NOUNS,
    HEDGES,
    LEAD_VERBS,
    REACH_VERBS,
    _clauses,
    _in_spans,
)
from .model import HAN, Target
from .numbers import _MAGS, _plain, parse_number
from .periods import _last_before, _period, _pick_period
from .relative import index_targets, relative_targets
from .several import distribute, several_list, several_subject
from .structure import BUILD_VERBS
from .subjects import _comparator_before, _quantity_value, _strip_subject


def _targets_in_sentence(
    text: str, s0: int, s1: int, today: dt.date, pillar: int | None, ctx: Context | None = None
) -> list[Target]:
    sent = text[s0:s1]
    out: list[Target] = []
    ctx = ctx or Context()
    if ctx.past and not _STRONG_GOAL_RE.search(sent):
        return out  # a section or paragraph of past results
    sent_years = [int(y) for y in re.findall(r"(20\d\d)年", sent)]
    if sent_years and max(sent_years) < today.year and not _GOAL_RE.search(sent) and "今年" not in sent:
        return out  # …一项项数据，串联起2024年不凡历程: the sentence is about an earlier year
    if _RESULT_VS_PLAN.search(sent) and not _GOAL_RE.search(_RESULT_VS_PLAN.sub("", sent)):
        return out  # 完成投资5.04亿元，比年度计划高20.3个百分点: a result measured against the plan
    if len(re.findall("[A-Za-z]", sent)) > 2 * len(re.findall(f"[{HAN}]", sent)):
        return out  # a translation or a Latin passage: the targets are read from the Chinese text
    if _STATUS_OPENER.match(sent) and not _GOAL_RE.search(sent):
        return out  # 现在我们建起的食品加工厂有18家…: the present state, described
    if re.fullmatch(r"[^，,。；;\n]{1,60}[：:]", sent.strip()):
        return out  # …负责人、…副局长 寿小丽：: a speaker's tag or a label
    if sent.rstrip().endswith(("?", "？")) or text[s1 : s1 + 1] in ("?", "？"):
        return out  # a question (an interviewer's, a title's) states no target
    authority = _AUTHORITY_RE.search(sent)
    if authority and not re.search(r"(?:落实|贯彻|按照|根据|对照|促进|推动|围绕)$", sent[: authority.start()]):
        return out  # the higher level's plan, described: not ours
    skip = [(s0 + q.start(), s0 + q.end()) for q in _QUOTE_RE.finditer(sent)]
    skip = sorted(skip + [(s0 + q.start(), s0 + q.end()) for q in _SLOGAN_LIST.finditer(sent)])
    periods = [(s0 + p.start(), _period(p, today)) for p in _PERIOD_RE.finditer(sent) if not _baseline(sent, p)]
    hedges = [(s0 + h.start(), HEDGES[h.group(0)]) for h in _HEDGE_RE.finditer(sent)]
    ended = [p for _pos, p in periods if "五" in p.text and p.end and p.end < today.isoformat()]
    if ended and not _GOAL_RE.search(sent):
        return out  # 整个“十二五”时期…分别以年均9.4%和15.9%的速度增长: a plan period that has ended, reviewed
    goal_match = _GOAL_RE.search(sent)
    first_goal = s0 + goal_match.end() if goal_match else len(text) + 1
    if _GOAL_LEAD_IN.search(text[max(0, s0 - 16) : s0]):
        first_goal = s0  # 1.发展目标。2021年产业增加值达到…，同比增速16%以上: the label before says these are goals
        ctx = Context(plan=True, period=ctx.period)
    opener = re.match(r"^\s*(?:[^，,。：:]{1,6}[：:])?\s*(?:(去年|上年|过去|今年以来|近年来)|(20\d\d)年[，,])", sent)
    past_sentence = bool(opener) and (opener.group(1) is not None or int(opener.group(2)) < today.year)
    clauses = _clauses(text, s0, s1, "，,；;：:|")  # | separates the columns of a pasted table
    year_marks = [(s0 + m.start(), int(m.group(1))) for m in re.finditer(r"(20\d\d)年", sent)]
    latest_year = 0
    for c0, c1 in clauses:
        clause = text[c0:c1]
        goal = first_goal <= c1
        past_words = [m.group(0) for m in _PAST_RE.finditer(clause)]
        if ctx.plan:
            past_words = [w for w in past_words if w not in WEAK_PAST]  # 累计降低17%: under a plan heading
        past = bool(past_words) or past_sentence
        share = False  # 实现20%的村集体年收入超30万元: the share is the target, what follows is its threshold
        if past and not goal:
            past_sentence = True  # 去年完成税收4.2亿元，引进项目18个: the past carries to the next clauses
            continue
        while year_marks and year_marks[0][0] < c1:
            latest_year = max(latest_year, year_marks.pop(0)[1])
        if (
            latest_year
            and latest_year < today.year
            and re.search(r"20\d\d年", clause)
            and not goal
            and "今年" not in clause
        ):
            continue  # an earlier year's figure (到2017年…比2012年下降10%: the later year governs)
        boundary = c0
        several = several_list(text, s0, c0, c1)
        clause_prev: Target | None = None
        clause_prev_pre = False
        criterion = False  # a criterion of what counts was read in this clause (单个项目总投资不低于3亿元)
        for q in _QTY.finditer(text, c0, c1):
            qs, qe = q.start(), q.end()
            if _in_spans(qs, skip):
                continue
            value, unit = _quantity_value(q)
            if value is None:
                continue
            if (
                re.fullmatch(r"[一两二]", q.group("num") or "")
                and unit in COUNT_UNITS
                and not q.group("lo")
                and not (q.group("num") in "两二" and text[c0:qs].endswith(BUILD_VERBS + LEAD_VERBS))
                # 推广新品种不少于两只: bounded and closing the clause, a target (达到两个百亿 is a slogan)
                and not (_comparator_before(text[c0:qs])[0] and not re.match(f"[{HAN}]", text[qe : qe + 1]))
            ):
                continue  # 一批, 一个, 两个: idioms rather than targets
            after = text[qe:c1]
            if share:
                continue
            if _BRACKETED_THRESHOLD.match(after):
                continue  # 亿元(永泰3000万元)以上项目: the bracket qualifies a threshold inside the subject
            if criterion and _open_bracket(text[c0:qs]):
                continue  # 二产单个项目总投资不低于3亿元(技改不低于1亿元): the bracket is a criterion too
            post = ""
            for word in _POST:
                if after.startswith(word):
                    post = word
                    break
            rest = after[len(post) :]
            shared = _LIST_TAIL.match(rest) if not post else None
            shared_post = shared.group(1) if shared else ""  # 分别增长10.6%和12.3%左右: the last word bounds all
            before = text[boundary:qs]
            conjunct = before.lstrip().startswith(("、", "和", "及"))
            cmp, subject = _comparator_before(before)
            if q.group("num") and not q.group("unit") and not (cmp and _MONEY_SUBJECT.search(subject)):
                continue  # 人口14亿，: a bare 亿 is an amount only after a comparator and a money indicator
            if not goal and before.endswith("高达"):
                continue  # 企业占比高达80%以上: a fact stressed, not a target
            if not cmp and re.search(r"(?:(?<![增延])长|宽|深)$", before):
                continue  # 形成长2.3公里、总面积70万平方米的水面: a dimension, described
            if unit in ("年", "岁") and not cmp:
                continue  # 2025年, 三年: a year or a span, not a quantity (提高到11.7年 is one)
            if unit == "%" and re.search(r"完成[^，,；;]{0,12}(?:目标|任务|计划)[^，,；;]{0,4}的$", before):
                continue  # 完成全年目标任务的43.36%: progress, not a target
            if unit == "%" and not cmp and re.search(r"占[^，,；;]{0,10}的$|占比$", before):
                continue  # 占总任务的7.7%, 占比27%: a share of a list, reported
            if unit in COUNT_UNITS and not goal and re.search(r"(?<![拥具保占])有(?!量|率)[一-鿿]{1,4}$", before):
                continue  # 最大的一家有工人3000人: what there is, described
            if unit in COUNT_UNITS and (
                before.endswith(("有", "含", "第"))
                or rest.startswith(("正在", "已", "未完成", "未办结", "未开工", "未启动"))
            ):
                continue  # 欠进度的有17个, （含25个子项目）, 16件正在办理: the state of a list
            if unit in COUNT_UNITS and not post and _DESCRIBE_RE.search(before) and not cmp:
                continue  # 《政府工作报告》明确145项, 常务会议确定事项22件: the document's size
            if unit in COUNT_UNITS and not post and before.endswith("共") and not conjunct:
                continue  # 共32项: the size of a list
            followed_by_noun = bool(rest) and (
                rest[0] in "的“" or re.match(f"[{HAN}]", rest[0]) is not None or _THRESHOLD_NOUN.match(rest) is not None
            )  # 新增企业10家; 引进1个30亿元以上工业项目 (the noun opens with its threshold)
            listed = bool(re.match(r"[和及与、]\s*[\d零〇一二两三四五六七八九十百千]", rest))  # 90家和870家
            reached = rest.startswith("的") and cmp in (">=", ">") and before.endswith(REACH_VERBS)
            if reached and re.search(r"(?:达到|达|有|为|超过|突破|是)\s*[\d一二两三四五六七八九十]", rest):
                continue  # 年产量达到一万吨以上的达到5家: the threshold of the subject counted next
            if reached:  # 达到1000亿元的工业开票销售收入: the value before its indicator
                noun = re.match(f"[{HAN}A-Za-z0-9“”]+", rest[1:])
                subject = noun.group(0) if noun else ""
                followed_by_noun = False
            goal_noun = rest.startswith(("的目标", "的增长目标", "的预期目标"))  # 增幅8%的目标
            if unit == "%" and not goal_noun and rest.startswith("的") and _SHARE_BEFORE.search(before):
                share = True
                subject = rest[1:].strip("，,；;。 ")
                followed_by_noun = False
                reached = True  # the indicator is the noun after the value
            verb_after = rest.startswith(("安排", "来安排", "运行", "以内", "目标"))  # 赤字率按4%左右安排
            if (
                followed_by_noun
                and not (listed or goal_noun or verb_after)
                and not rest.startswith(("以", "左右", "其中"))
            ):
                funded = unit in ("元", "美元") and before.endswith(FUNDING_VERBS)
                built = unit not in COUNT_UNITS and unit not in ("元", "美元", "%") and before.endswith(BUILD_VERBS)
                built = built or (unit in _AREA_UNITS and _AREA_ACTION.search(before) is not None)
                threshold = (
                    not funded
                    and not built
                    and (
                        before.endswith(("过", "超", "超过", "以上"))
                        or unit not in COUNT_UNITS
                        or rest[0] == "的"
                        or (post in ("以上", "以下") and unit not in COUNT_UNITS)
                    )
                )
                if threshold:
                    continue  # part of a subject: 过10亿元企业, 10亿元以上项目
                noun = re.match(f"“?[{HAN}A-Za-z0-9“”]+", rest)
                indicator = noun.group(0) if noun else ""
                if _SLOGAN_NOUN.match(indicator):
                    continue  # 三个“一”工程, 五篇“大文章”: a count in a slogan's name
                if indicator.startswith("事") or any(g in indicator[:6] for g in GENERIC_NOUNS):
                    continue  # 四个方面, 12个领域, 三件事: a count of topics, not a target
                if not_a_scope_target(before, indicator, unit, text[c0:c1]):
                    continue  # 确定了12项重点任务, 出台8条措施, 四次会议: the document or an event, described
                if re.search(r"每(?:年|季度?|月|周|日|天|半年)[一-鿿]{0,4}$", before):
                    continue  # 每月开展1次…: a frequency, not a target
                if re.search(r"每(?:个|一个|村|户|镇|乡)", before):
                    continue  # 每个未改厕村建设3-5户“试点厕”: a quota for each, not one target
                if _list_total(before) and not _DONE_AFTER.search(text[qe + len(post) : c1]):
                    continue  # 培育壮大A、B、C等5个产业集群: the size of the list just named, not a target
                kind = "scope"
                comparator = _POST.get(post) or (">=" if _AT_LEAST.search(before) else "=")
            else:
                kind = "outcome"
                indicator = subject if reached else _strip_subject(subject)
                comparator = _POST.get(post) or _POST.get(shared_post) or cmp or "="
                if q.group("more"):
                    comparator = ">"
            if several is not None and qs > several["pos"] and kind == "outcome":
                indicator, comparator, cmp = several_subject(several, comparator, cmp)
                conjunct = False
                if not indicator:
                    continue
            # inherit across a 、 list: subject prefix and comparator
            if kind == "outcome" and (conjunct or not indicator) and clause_prev is not None:
                pi = clause_prev.indicator
                if indicator and indicator[0] in pi[1:]:
                    indicator = pi[: pi.index(indicator[0], 1)] + indicator
                elif indicator:
                    lead = next((v for v in LEAD_VERBS if pi.startswith(v)), "")
                    if lead and not indicator.startswith(lead):
                        indicator = lead + indicator
                else:
                    indicator = pi
                if not cmp and not post and clause_prev_pre:
                    comparator = clause_prev.comparator  # 达到5家、7家: the verb governs the list
                    cmp = comparator
            if kind == "outcome" and _BARE_CHANGE.fullmatch(indicator) and out and out[-1].start >= s0:
                level = out[-1]  # 地方财政收入11.13亿元，增长18%: the change of the level just given
                relative_unit = level.unit in ("%", "个百分点", "倍")
                if level.kind == "outcome" and not relative_unit and level.comparator != "range":
                    indicator = re.sub(r"^(?:计划)?(?:完成|实现|达到)", "", level.indicator) + indicator
            if kind == "outcome" and indicator in _BARE_VERBS and unit in COUNT_UNITS and clause_prev is None:
                counted = re.findall(rf"\d+{unit}([{HAN}]{{2,8}})", text[s0:c0])
                if counted:
                    indicator += counted[-1]  # 有18个专业市场，…今年争取完成2个: the thing counted before
            if kind == "outcome" and (not indicator or _NOT_A_SUBJECT.fullmatch(indicator)):
                continue
            if kind == "outcome" and unit in COUNT_UNITS and not (cmp or post) and _DOC_PART.search(indicator):
                continue  # 具体任务194项: the document's size, not a target
            if kind == "outcome" and indicator.startswith(("比", "较")) and out:
                continue  # …达到21.31亿元，比2020年增加2.94亿元: the same target, restated as a change
            budget = kind == "outcome" and unit in ("元", "美元") and _PROJECT_BUDGET.fullmatch(indicator)
            if budget and not (cmp or post):
                continue  # …的项目有5个，年度计划投资29亿元: the year's budget of a set of projects, not a target
            if unit in ("元", "美元") and indicator in _BUDGETS and text[c1:s1].strip("，,。；; "):
                continue  # 投资5000万元，提升改造低等级公路40公里: the cost of a task, not a target
            if _CRITERION.search(indicator):
                criterion = True
                continue  # 一产单个项目总投资不低于3000万元: what a project must be to count, not a target
            if q.group("lo"):
                lo = parse_number(q.group("lo"))
                if lo is not None:
                    lomag = _MAGS.get(q.group("lomag") or q.group("mag") or "", 1)
                    if unit in ("%", "个百分点", "倍"):
                        lomag = 1
                    value_out: object = [_plain(lo * lomag), _plain(value)]
                    comparator = "range"
                else:
                    value_out = _plain(value)
            else:
                value_out = _plain(value)
            period = _pick_period(periods, qs, c1) or ctx.period
            hedge = _last_before(hedges, qs) or ""
            if unit == "倍":
                kind = "multiplier"
            ev0 = min(qs, boundary + len(before) - len(before.lstrip("、，,;； “”‘’")))
            target = Target(
                indicator=indicator,
                comparator=comparator,
                value=value_out,
                unit=unit,
                period=period,
                hedge=hedge,
                pillar=pillar,
                evidence=text[ev0 : qe + len(post)],
                start=ev0,
                end=qe + len(post),
                kind=kind,
                written=text[qs:qe],
            )
            if kind == "scope":
                target.end = qe + len(post) + len(indicator)
                target.evidence = text[ev0 : target.end]
            if kind == "outcome" and indicator.endswith(("均", "都")) and not several:
                for subject in distribute(indicator[:-1]):  # X、Y均达到…: one target each
                    out.append(replace(target, indicator=subject))
                boundary = target.end
                continue
            out.append(target)
            if kind == "outcome":
                clause_prev = target
                clause_prev_pre = bool(cmp) and comparator == cmp
            boundary = target.end
        for ind, cmp_, ref, r0, r1 in relative_targets(clause):
            out.append(
                Target(
                    ind,
                    cmp_,
                    ref,
                    "",
                    _pick_period(periods, c0 + r0, c1) or ctx.period,
                    _last_before(hedges, c0 + r0) or "",
                    pillar,
                    clause[r0:r1],
                    c0 + r0,
                    c0 + r1,
                    "relative",
                )
            )
        for ind, cmp_, val, r0, r1 in index_targets(clause):
            period = _pick_period(periods, c0 + r0, c1) or ctx.period
            hedge = _last_before(hedges, c0 + r0) or ""
            out.append(Target(ind, cmp_, val, "", period, hedge, pillar, clause[r0:r1], c0 + r0, c0 + r1))
        # multiplicative and zero targets
        for m in _MULT_RE.finditer(clause):
            factor = 4 if m.group(0) == "翻两番" else 2
            if clause[max(0, m.start() - 1) : m.start()] == "双":
                continue  # “双倍增”: a programme's name for two targets stated with their numbers
            head = clause[: m.start()]
            if clause[m.end() : m.end() + 2] == "计划" and not re.search(r"[一二三四五六七八九十两\d]年“?$", head):
                continue  # 实施A、B倍增计划: a programme's name; its target, if any, is stated with its years
            n_period = re.search(r"(?<![\d.])([一二三四五六七八九十两\d]{1,2})年(?:内)?$", head.rstrip("“"))
            period = None
            if n_period:
                pm = _PERIOD_RE.search(n_period.group(0))
                period = _period(pm, today) if pm else None
                head = head.rstrip("“")[: n_period.start()]
            else:
                period = _pick_period(periods, c0 + m.start(), c1)
            head = re.sub(r"(?:实现|达到|力争|确保)$", "", head)
            head = re.sub(r"^.*?(?:实施|实现|推动|力争|确保)", "", head)
            head = re.sub(r"在[^，,；;]{0,14}?的?基础上", "", head)  # 在2011年的基础上: the baseline
            indicator = re.sub(r"(?:要|将)$", "", _strip_subject(head))
            if re.fullmatch(r"“?[一二三四五六七八九十两\d]+[个项大]“?", indicator):
                continue  # 实现“四个翻番”: the slogan; its subjects follow
            if not indicator and n_period and out and out[-1].kind == "outcome" and out[-1].start >= s0:
                # 财政收入增长20%以上，力争实现四年翻一番: the level whose growth was just given
                indicator = re.sub(r"(?:年均)?(?:增长|增加|提高|提升)$", "", out[-1].indicator)
            if not indicator:
                listed = re.search(
                    r"(?:就是|即|包括)?([^，,；;：:]+?)(?:这|等)[一二三四五六七八九十两\d]+项指标$",
                    text[s0:c0].rstrip("，, "),
                )
                indicator = _strip_subject(re.sub(r"^.*(?:就是|即|包括)", "", listed.group(1))) if listed else ""
            if not indicator:
                continue
            out.extend(
                Target(
                    subject,
                    "=",
                    factor,
                    "倍",
                    period,
                    _last_before(hedges, c0 + m.start()) or "",
                    pillar,
                    clause.strip(),
                    c0,
                    c1,
                    "multiplier",
                )
                for subject in distribute(indicator)
            )
        for m in _ZERO_RE.finditer(clause):
            head = clause[: m.start()]
            hm = _HEDGE_RE.search(head)
            if not hm and "实现" not in head:
                continue
            head = head[hm.end() :] if hm else head.split("实现", 1)[1]
            indicator = re.sub(r"(?:限期|见底|动态|全部|实现|基本|全面|做到)+$", "", head).strip()
            indicator = re.sub(r"应[一-鿿]尽[一-鿿]", "", indicator).strip("、，, ")  # 应纳尽纳、应扶尽扶: slogans
            if not indicator:
                continue
            value, unit = (100, "%") if "覆盖" in m.group(0) else (0, "")
            out.append(
                Target(
                    indicator + ("覆盖率" if unit else ""),
                    "=",
                    value,
                    unit,
                    _pick_period(periods, c0 + m.start(), c1),
                    _last_before(hedges, c0 + m.start()) or "",
                    pillar,
                    clause.strip(),
                    c0,
                    c1,
                    "zero",
                )
            )
    return out


# a threshold quantity whose bracketed remark closes before 以上/以下 (亿元(县区3000万元)以上项目)
_BRACKETED_THRESHOLD = re.compile(r"^[^（()）]{0,6}[)）]以[上下]")
# a count right after an enumeration (A、B、C等5个…) totals the list; it is a target only when a completion
# follows (A、B等19个项目年内完工)
_LIST_ITEM = re.compile(r"[^、，,；;。：:\d]{1,24}")
_DONE_AFTER = re.compile(r"完工|竣工|开工|建成|投产|落地|签约|达产|开业|运营|完成")
_MONEY_SUBJECT = re.compile(r"GDP|生产总值|产值|收入|总额|投资|税收|营收|销售|增加值|资金|规模|额$")
_RESULT_VS_PLAN = re.compile(
    r"[比较](?:年度|全年|年初)?计划(?:投资|目标|任务)?[^，,。；;\d]{0,2}(?:高|低|多|少|超|增加|提高)|与(?:年度|全年|年初)?计划持平"
    r"|完成(?:年度|全年)[^，,。；;\d]{0,6}(?:计划|任务)的?\s*\d|(?:领先|超过|快于|慢于|落后于?)时间进度"
    r"|超(?:计划|时序|时间)进度|(?:已|提前|超额)+完成(?:全年|年度)[^，,。；;\d]{0,4}(?:目标任务|任务|计划)"
)
_LIST_TAIL = re.compile(r"(?:\s*[、和及与]\s*[\d.]+\s*(?:%|‰|个百分点)?)+\s*(左右|以上|以内|以下)")
# “三个高于、五个走在前、七个争上游”: a slogan of counted phrases
_SLOGAN_LIST = re.compile(r"“(?:[一二三四五六七八九十两\d]+[个大项条][^、“”]{1,8}、?){2,}”")
# 加快推进7公顷工业用地报批, 启动西侧400亩地块征地拆迁: an area acted on is the scope of the task
_AREA_UNITS = ("亩", "公顷", "平方米", "平方公里", "公里", "千米")
_AREA_ACTION = re.compile(r"(?:推进|启动|完成|实施|征收|流转|复垦|盘活|供应|出让|报批)(?:[东西南北][侧部片])?$")
_SLOGAN_NOUN = re.compile(r"[“\"][一二三四五六七八九十两百千\d个]{1,4}[”\"]")
_STATUS_OPENER = re.compile(r"^\W{0,3}(?:现在|目前|当前)")
_BUDGETS = ("投资", "计划投资", "估算投资", "概算投资", "预计投资")  # 总投资 sums a set of projects
_DOC_PART = re.compile(r"(?:任务|措施|举措|事项|条款|方面|要求|意见)$")
_BARE_CHANGE = re.compile(r"(?:年均)?(?:增长|增加|提高|提升|下降|降低|减少)")
_PROJECT_BUDGET = re.compile(r"(?:年度|年)(?:计划投资|投资计划)")
_BARE_VERBS = ("完成", "实现", "新增", "达到", "再完成")
_GOAL_LEAD_IN = re.compile(r"(?:发展|主要|工作|预期)?目标[。：:]\s*$")
# 确保A区、B区50%的城市社区建成…: the places named between the verb and the share stay outside the indicator
_SHARE_BEFORE = re.compile(r"(?:^|实现|推动|确保|力争|使|让|引导|带动)(?:[^，,；;。\d]{0,60}?[区县市镇乡])?\s*$")
_THRESHOLD_NOUN = re.compile(r"\d[\d.]*(?:万亿|亿|千万|百万|万)?元以上[^，,；;。\d]")
_AT_LEAST = re.compile(r"(?:至少|不少于|不低于)[一-鿿]{0,3}$")
# per-item criteria (单个项目总投资, 单体面积): what counts, not a target
_CRITERION = re.compile(r"单个|单体|单宗|单笔|每个项目|每宗")


def _list_total(before: str) -> bool:
    """``before`` ends with an enumeration of names (A、B、C等): its last two items hold no figure (打造100个课堂、
    推出5000场活动 is two targets, not a list)."""
    items = re.split(r"[，,；;：:]", before)[-1].split("、")
    return len(items) >= 2 and all(_LIST_ITEM.fullmatch(item) for item in items[-2:])


def _open_bracket(s: str) -> bool:
    return s.count("(") + s.count("（") > s.count(")") + s.count("）")


def _baseline(sent: str, m) -> bool:
    """A year named as a baseline (比2012年, 在2022年的基础上) is not the target's period."""
    return sent[max(0, m.start() - 1) : m.start()] in ("比", "较", "与", "同") or sent[m.end() :].startswith(
        ("的基础上", "基础上", "相比", "同期")
    )
