"""Quantified targets in one sentence."""

from __future__ import annotations

import datetime as dt
import re

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
    _clauses,
    _in_spans,
)
from .model import HAN, Target
from .numbers import _MAGS, _plain, parse_number
from .periods import _last_before, _period, _pick_period
from .subjects import _comparator_before, _quantity_value, _strip_subject


def _targets_in_sentence(text: str, s0: int, s1: int, today: dt.date, pillar: int | None) -> list[Target]:
    sent = text[s0:s1]
    out: list[Target] = []
    authority = _AUTHORITY_RE.search(sent)
    if authority and not re.search(r"(?:落实|贯彻|按照|根据|对照)$", sent[: authority.start()]):
        return out  # the higher level's plan, described: not ours
    skip = [(s0 + q.start(), s0 + q.end()) for q in _QUOTE_RE.finditer(sent)]
    periods = [(s0 + p.start(), _period(p, today)) for p in _PERIOD_RE.finditer(sent)]
    hedges = [(s0 + h.start(), HEDGES[h.group(0)]) for h in _HEDGE_RE.finditer(sent)]
    goal_match = _GOAL_RE.search(sent)
    first_goal = s0 + goal_match.end() if goal_match else len(text) + 1
    opener = re.match(r"^\s*(?:[^，,。：:]{1,6}[：:])?\s*(?:(去年|上年|过去|今年以来|近年来)|(20\d\d)年[，,])", sent)
    past_sentence = bool(opener) and (opener.group(1) is not None or int(opener.group(2)) < today.year)
    clauses = _clauses(text, s0, s1, "，,；;：:")
    for c0, c1 in clauses:
        clause = text[c0:c1]
        goal = first_goal <= c1
        past = bool(_PAST_RE.search(clause)) or past_sentence
        if past and not goal:
            past_sentence = True  # 去年完成税收4.2亿元，引进项目18个: the past carries to the next clauses
            continue
        if m_year := re.search(r"(20\d\d)年", clause):
            if int(m_year.group(1)) < today.year and not goal:
                continue
        boundary = c0
        clause_prev: Target | None = None
        clause_prev_pre = False
        for q in _QTY.finditer(text, c0, c1):
            qs, qe = q.start(), q.end()
            if _in_spans(qs, skip):
                continue
            value, unit = _quantity_value(q)
            if value is None:
                continue
            if re.fullmatch(r"[一两二]", q.group("num") or "") and unit in COUNT_UNITS and not q.group("lo"):
                continue  # 一批, 一个, 两个: idioms rather than targets
            after = text[qe:c1]
            post = ""
            for word in _POST:
                if after.startswith(word):
                    post = word
                    break
            rest = after[len(post) :]
            before = text[boundary:qs]
            conjunct = before.lstrip().startswith("、")
            cmp, subject = _comparator_before(before)
            followed_by_noun = bool(rest) and (rest[0] == "的" or re.match(f"[{HAN}]", rest[0]) is not None)
            if followed_by_noun and not rest.startswith(("以", "左右", "其中")):
                funded = unit in ("元", "美元") and before.endswith(FUNDING_VERBS)
                threshold = not funded and (
                    before.endswith(("过", "超", "超过", "以上"))
                    or unit not in COUNT_UNITS
                    or rest[0] == "的"
                    or (post in ("以上", "以下") and unit not in COUNT_UNITS)
                )
                if threshold:
                    continue  # part of a subject: 过10亿元企业, 10亿元以上项目
                noun = re.match(f"[{HAN}A-Za-z0-9]+", rest)
                indicator = noun.group(0) if noun else ""
                if indicator.startswith("事") or any(g in indicator[:6] for g in GENERIC_NOUNS):
                    continue  # 四个方面, 12个领域, 三件事: a count of topics, not a target
                if re.search(r"每(?:年|季度?|月|周|日|天|半年)[一-鿿]{0,4}$", before):
                    continue  # 每月开展1次…: a frequency, not a target
                kind = "scope"
                comparator = _POST.get(post, "=")
            else:
                kind = "outcome"
                indicator = _strip_subject(subject)
                comparator = _POST.get(post) or cmp or "="
                if q.group("more"):
                    comparator = ">"
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
            if kind == "outcome" and (not indicator or _NOT_A_SUBJECT.fullmatch(indicator)):
                continue
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
            period = _pick_period(periods, qs, c1)
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
            )
            if kind == "scope":
                target.end = qe + len(post) + len(indicator)
                target.evidence = text[ev0 : target.end]
            out.append(target)
            if kind == "outcome":
                clause_prev = target
                clause_prev_pre = bool(cmp) and comparator == cmp
            boundary = target.end
        # multiplicative and zero targets
        for m in _MULT_RE.finditer(clause):
            factor = 4 if m.group(0) == "翻两番" else 2
            head = clause[: m.start()]
            n_period = re.search(r"([一二三四五六七八九十两\d]{1,2})年(?:内)?$", head.rstrip("“"))
            period = None
            if n_period:
                pm = _PERIOD_RE.search(n_period.group(0))
                period = _period(pm, today) if pm else None
                head = head.rstrip("“")[: n_period.start()]
            else:
                period = _pick_period(periods, c0 + m.start(), c1)
            head = re.sub(r"(?:实现|达到|力争|确保)$", "", head)
            head = re.sub(r"^.*?(?:实施|实现|推动|力争|确保)", "", head)
            indicator = _strip_subject(head)
            if not indicator:
                continue
            out.append(
                Target(
                    indicator,
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
            )
        for m in _ZERO_RE.finditer(clause):
            head = clause[: m.start()]
            hm = _HEDGE_RE.search(head)
            if not hm and "实现" not in head:
                continue
            head = head[hm.end() :] if hm else head.split("实现", 1)[1]
            indicator = re.sub(r"(?:限期|见底|动态|全部|实现|基本|全面|做到)+$", "", head).strip()
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
