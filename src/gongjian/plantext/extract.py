"""Extract a draft plan from a normalised Chinese text: pillars, measures, named programmes, quantified targets.

Pure Python, no Django: a rule-based grammar (docs/plan-from-text.md), explainable and conservative. Every
pillar, measure and target carries the span of the normalised text it comes from.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal

__all__ = ["Draft", "Measure", "Period", "Pillar", "Target", "extract", "parse_number"]

HAN = "\u4e00-\u9fff\u3400-\u4dbf\ufffd"

# ---------------------------------------------------------------- data


@dataclass
class Period:
    text: str
    start: str | None = None  # ISO dates; None when the text cannot be resolved
    end: str | None = None


@dataclass
class Measure:
    title: str
    start: int
    end: int
    programme: str = ""  # a named programme (“…”计划/工程/行动/…) in the clause


@dataclass
class Pillar:
    title: str
    start: int
    end: int
    measures: list[Measure] = field(default_factory=list)


@dataclass
class Target:
    indicator: str
    comparator: str  # ">=", ">", "<=", "<", "=", "~", "range"
    value: int | float | list
    unit: str
    period: Period | None
    hedge: str  # "力争" (aspirational), "确保" (binding) or ""
    pillar: int | None  # index into Draft.pillars
    evidence: str
    start: int
    end: int
    kind: str = "outcome"  # outcome | scope | multiplier | zero


@dataclass
class Draft:
    pillars: list[Pillar] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    owner: str = ""
    warnings: list[dict] = field(default_factory=list)  # {"code": ..., plus parameters}

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------- numbers

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_MAGS = {"万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4}


def parse_number(s: str) -> Decimal | None:
    """An Arabic (1,200 / 1.5) or Chinese (十二, 一百五十, 两百, 二〇二五) numeral, without magnitude."""
    s = s.replace(",", "").replace("，", "")
    if not s:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return Decimal(s)
    if not all(ch in _CN_DIGITS or ch in _CN_UNITS for ch in s):
        return None
    if not any(ch in _CN_UNITS for ch in s):  # 二〇二五: digit by digit
        return Decimal("".join(str(_CN_DIGITS[ch]) for ch in s))
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    if digit:
        total += digit
    return Decimal(total)


def _plain(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


# ---------------------------------------------------------------- grammar

UNITS = [
    "微克/立方米",
    "天",
    "份",
    "个百分点",
    "个工作日",
    "平方公里",
    "平方米",
    "立方米",
    "千瓦时",
    "标准箱",
    "亩",
    "公顷",
    "公里",
    "千米",
    "美元",
    "千瓦",
    "兆瓦",
    "人次",
    "元",
    "家",
    "个",
    "项",
    "户",
    "人",
    "名",
    "所",
    "座",
    "条",
    "套",
    "台",
    "辆",
    "吨",
    "件",
    "批",
    "次",
    "倍",
    "%",
    "斤",
    "处",
    "间",
    "张",
    "栋",
    "株",
    "棵",
    "米",
    "场",
    "期",
    "支",
    "宗",
    "篇",
    "部",
]
COUNT_UNITS = {
    "家",
    "个",
    "项",
    "户",
    "人",
    "名",
    "所",
    "座",
    "条",
    "套",
    "台",
    "辆",
    "件",
    "批",
    "次",
    "处",
    "间",
    "张",
    "栋",
    "场",
    "期",
    "支",
    "宗",
    "篇",
    "部",
    "人次",
    "份",
}
_NUM = r"(?:\d{1,15}(?:[,，]\d{3}){0,4}(?:\.\d{1,6})?|[零〇一二两三四五六七八九十百千]{1,10})"
_MAG = "(?:万亿|千亿|百亿|亿|千万|百万|万)"
_UNIT = "(?:" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + ")"
_QTY = re.compile(
    rf"(?<![A-Za-z0-9.第每])(?:(?P<lo>{_NUM})(?P<lomag>{_MAG})?(?P<lounit>{_UNIT})?\s*(?:至|到|-|－|～|~|—|–)\s*)?"
    rf"(?P<num>{_NUM})(?P<mag>{_MAG})?(?P<more>余|多)?(?P<unit>{_UNIT})"
    rf"|百分之(?P<pct>{_NUM}(?:点[零〇一二三四五六七八九]+)?)"
)
# comparator words right before the quantity, longest first
PRE = [
    ("不少于", ">="),
    ("不低于", ">="),
    ("提高到", ">="),
    ("提高至", ">="),
    ("提升到", ">="),
    ("提升至", ">="),
    ("增加到", ">="),
    ("增加至", ">="),
    ("增长到", ">="),
    ("增长至", ">="),
    ("稳定在", ">="),
    ("保持在", ">="),
    ("达到", ">="),
    ("达", ">="),
    ("不超过", "<="),
    ("不高于", "<="),
    ("控制在", "<="),
    ("下降到", "<="),
    ("下降至", "<="),
    ("降低到", "<="),
    ("降低至", "<="),
    ("降至", "<="),
    ("降到", "<="),
    ("压缩至", "<="),
    ("压缩到", "<="),
    ("缩短至", "<="),
    ("缩短到", "<="),
    ("低于", "<"),
    ("高于", ">"),
    ("突破", ">"),
    ("超过", ">"),
    ("超", ">"),
    ("过", ">"),
    ("实现", "="),
    ("为", "="),
]
_POST = {"以上": ">=", "以下": "<=", "以内": "<=", "左右": "~"}
HEDGES = {"力争": "力争", "争取": "力争", "力求": "力争", "确保": "确保"}
_HEDGE_RE = re.compile("力争|争取|力求|确保")
_PERIOD_RE = re.compile(
    r"“?十[四五六]五”?期间|到?(?P<y>20\d\d)年(?:底前|底|前)?|(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日|底)前?"
    r"|全年|年内|今年|明年|年底前|年底|上半年|下半年|(?P<q>[一二三四1-4])季度|(?P<n>[一二三四五六七八九十两\d]{1,2})年(?:内|间)?(?![\d月])"
    r"|限期"
)
_GOAL_RE = re.compile(r"力争|确保|争取|力求|预期|预计|计划|将|目标[是为：:]|目标任务")
_PAST_RE = re.compile(
    r"同比|比上年|去年|今天|上年|截至|截止到|以来|已经|已有|已建|已完成|累计|过去|近年来|近几年|现有|目前|共有|多年来"
    r"|(?<![为除不])了(?![解])"
)
_AUTHORITY_RE = re.compile(r"[省市]委、[省市]政府|省委、市委|中央、省|国务院")
_LEAD_STRIP = re.compile(
    r"^(?:[、，,；;：:\s]|我们将|我们要|我们|还将|并|同时|其中|全区|全县|全市|我区|我县|我市|将|要|力争|争取|力求|确保|"
    r"实现|分别|再|共|总计|累计|合计|年均|每年|当年|)+"
)
_TRAIL_STRIP = re.compile(r"(?:的|要|将|共|总计|合计|分别|再)+$")
LEAD_VERBS = (
    "新增",
    "新建",
    "新改建",
    "建成",
    "引进",
    "培育",
    "完成",
    "改造",
    "建设",
    "打造",
    "创建",
    "开工",
    "竣工",
    "招引",
    "认定",
    "新培育",
    "新引进",
    "提供",
    "开展",
    "举办",
)
_QUOTE_RE = re.compile(r"“([^“”]{1,14})”|《[^《》]*》")
_PROGRAMME_RE = re.compile(
    r"“([^“”]{2,20})”(?:["
    + HAN
    + r"]{0,2}?)(计划|工程|行动|活动|改革|机制)|“([^“”]{2,20}(?:计划|工程|行动|活动|改革|机制))”"
)
_MULT_RE = re.compile(r"翻两番|翻一番|翻番|倍增")
_ZERO_RE = re.compile(r"清零|零发生|零事故|全覆盖|100%覆盖")
_OWNER_RE = re.compile(rf"(?<![全本我各该])([{HAN}]{{1,5}}?[区县市旗])(?:将|要|作为|一定|坚持)")

# pillars: level 1 一、 ; level 2 （一）; level 3 一是 / 第一，; level 4 1. 1、
_CN_ORD = "一二三四五六七八九十"
_PILLAR_RES = [
    re.compile(rf"^\s*[{_CN_ORD}]{{1,3}}、"),
    re.compile(rf"^\s*[（(][{_CN_ORD}]{{1,3}}[）)]"),
    re.compile(rf"^\s*(?:[{_CN_ORD}]{{1,3}}是|第[{_CN_ORD}]{{1,3}}[，,、])"),
    re.compile(r"^\s*\d{1,2}(?:\.(?!\d)|、|．)"),
]

# measures: a clause whose head, after optional subject and adverbs, is an action verb
ADVERBS = (
    "进一步",
    "深入",
    "着力",
    "重点",
    "扎实",
    "全面",
    "大力",
    "持续",
    "积极",
    "认真",
    "坚决",
    "切实",
    "努力",
    "不断",
    "全力",
    "继续",
    "稳步",
    "有序",
    "逐步",
    "率先",
    "主动",
    "精准",
    "统筹",
    "集中",
    "系统",
    "加紧",
    "逐个",
    "逐项",
    "带头",
    "及时",
    "定期",
    "全方位",
    "加大力度",
)
ACTION_VERBS = (
    "实施",
    "推动",
    "推进",
    "开展",
    "建立",
    "健全",
    "完善",
    "制定",
    "出台",
    "设立",
    "打造",
    "培育",
    "引导",
    "探索",
    "抓好",
    "加快",
    "加强",
    "实行",
    "落实",
    "建设",
    "新建",
    "建成",
    "改造",
    "引进",
    "创新",
    "提升",
    "强化",
    "深化",
    "优化",
    "组织",
    "举办",
    "开工",
    "启动",
    "扶持",
    "支持",
    "鼓励",
    "组建",
    "构建",
    "创建",
    "整治",
    "治理",
    "清理",
    "摸排",
    "盘活",
    "打通",
    "扩大",
    "招引",
    "新增",
    "完成",
    "破除",
    "树立",
    "践行",
    "倒逼",
    "压实",
    "严格",
    "规范",
    "开发",
    "筹建",
    "搭建",
    "拓展",
    "拓宽",
    "保障",
    "做好",
    "抓实",
    "夯实",
    "整合",
    "引育",
    "谋划",
    "编制",
    "修订",
    "建好",
    "用好",
    "办好",
    "管好",
    "提高",
    "降低",
    "减少",
    "压减",
    "推行",
    "执行",
    "承办",
    "召开",
    "部署",
    "培训",
    "选派",
    "配备",
    "畅通",
    "巩固",
    "发展",
)
_NOT_A_SUBJECT = re.compile(r"(?:主要|一共|总共|共|就|还|也)?(?:是|有|包括)")
# A section about a past year (2024年工作情况, 工作回顾): its figures are results, not targets.
_PAST_SECTION = re.compile(r"工作情况|工作回顾|工作总结|主要成绩|取得成效|完成情况")
GENERIC_NOUNS = ("方面", "领域", "环节", "方向", "抓手", "板块")
FUNDING_VERBS = ("设立", "安排", "投入", "筹集", "统筹", "设置", "拨付")
_SUBJECT_HEAD = re.compile(
    rf"^(?:在[^，,。；;]{{1,15}}?[中上内]|我们将|我们要|我们|还将|并|同时|[{HAN}]{{2,6}}?[区县市局委办](?:将|要)|将|要)"
)


def _protected(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Short quotations and book titles: their separators do not split a clause (a quoted speech does)."""
    return [(m.start(), m.end()) for m in _PROTECT_RE.finditer(text, start, end)]


_PROTECT_RE = re.compile(r"“[^“”\n]{1,30}”|‘[^‘’\n]{1,30}’|《[^《》\n]{1,60}》")


def _clauses(text: str, start: int, end: int, seps: str) -> list[tuple[int, int]]:
    """Split text[start:end] at separators that are not inside a short quotation or a book title."""
    protected = _protected(text, start, end)
    out, s = [], start
    for i in range(start, end):
        ch = text[i]
        if (ch in seps or ch == "\n") and not _in_spans(i, protected):
            out.append((s, i))
            s = i + 1
    out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip(" “”‘’")]


# ---------------------------------------------------------------- periods


def _period(m: re.Match, today: dt.date) -> Period:
    text = m.group(0)
    y = today.year

    def iso(d: dt.date) -> str:
        return d.isoformat()

    def year_end(year: int) -> str:
        return iso(dt.date(year, 12, 31))

    if text == "限期":
        return Period(text)
    if "十四五" in text:
        return Period(text, "2021-01-01", "2025-12-31")
    if "十五五" in text:
        return Period(text, "2026-01-01", "2030-12-31")
    if "十六五" in text:
        return Period(text, "2031-01-01", "2035-12-31")
    if m.group("y"):
        year = int(m.group("y"))
        return Period(text, iso(today) if year >= y else None, year_end(year))
    if m.group("m"):
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            return Period(text)
        day = int(m.group("d")) if m.group("d") else calendar.monthrange(y, month)[1]
        try:
            return Period(text, iso(today), iso(dt.date(y, month, day)))
        except ValueError:
            return Period(text)
    if text in ("全年", "年内", "今年"):
        return Period(text, iso(dt.date(y, 1, 1)), year_end(y))
    if text in ("年底前", "年底"):
        return Period(text, iso(today), year_end(y))
    if text == "明年":
        return Period(text, iso(dt.date(y + 1, 1, 1)), year_end(y + 1))
    if text == "上半年":
        return Period(text, iso(dt.date(y, 1, 1)), iso(dt.date(y, 6, 30)))
    if text == "下半年":
        return Period(text, iso(dt.date(y, 7, 1)), year_end(y))
    if m.group("q"):
        q = int(parse_number(m.group("q")) or 1)
        last = 3 * q
        return Period(text, iso(dt.date(y, last - 2, 1)), iso(dt.date(y, last, calendar.monthrange(y, last)[1])))
    if m.group("n"):
        n = int(parse_number(m.group("n")) or 0)
        if 1 <= n <= 30:
            return Period(text, iso(dt.date(y, 1, 1)), year_end(y + n - 1))
    return Period(text)


# ---------------------------------------------------------------- targets


def _strip_subject(s: str) -> str:
    s = _PERIOD_RE.sub("", s)
    s = _LEAD_STRIP.sub("", s)
    s = _TRAIL_STRIP.sub("", s)
    return s.strip(" ，,、；;：:“”‘’")


def _comparator_before(s: str) -> tuple[str, str]:
    """(comparator, subject without the comparator word) for the text right before a quantity."""
    for word, cmp in PRE:
        if s.endswith(word):
            if word in ("过", "超") and not s[: -len(word)]:
                return cmp, ""
            return cmp, s[: -len(word)]
    for word in ("增长", "增加", "提高", "提升", "下降", "降低", "减少", "压减", "缩短", "年均增长"):
        if s.endswith(word):
            return "=", s  # a change: the indicator keeps the word (增长 8% is a growth rate)
    return "", s


def _quantity_value(m: re.Match) -> tuple[Decimal | None, str]:
    if m.group("pct"):  # 百分之三十五, 百分之二点五
        whole, _, frac = m.group("pct").partition("点")
        num = parse_number(whole)
        if num is not None and frac:
            num += Decimal("0." + "".join(str(_CN_DIGITS[ch]) for ch in frac))
        return num, "%"
    num = parse_number(m.group("num"))
    if num is None:
        return None, ""
    unit = m.group("unit")
    mag = _MAGS.get(m.group("mag") or "", 1)
    if unit in ("%", "个百分点", "倍"):
        mag = 1 if not m.group("mag") else mag
    return num * mag, unit


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """``spans`` sorted and non-overlapping: a binary search."""
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


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


def _last_before(marks: list[tuple[int, object]], pos: int):
    """The value of the last (position, value) before ``pos``; ``marks`` sorted by position."""
    k = bisect.bisect_left(marks, pos, key=lambda m: m[0]) - 1
    return marks[k][1] if k >= 0 else None


def _pick_period(periods: list[tuple[int, Period]], pos: int, clause_end: int) -> Period | None:
    """The last period before the quantity in its sentence, else the first after it in its clause."""
    before = _last_before(periods, pos)
    if before is not None:
        return before
    k = bisect.bisect_left(periods, pos, key=lambda m: m[0])
    return periods[k][1] if k < len(periods) and periods[k][0] < clause_end else None


# ---------------------------------------------------------------- structure


def _pillar_starts(text: str) -> list[tuple[int, int, int]]:
    """(line start, marker end, level) of lines that begin a pillar, at the top level used twice or more."""
    found: dict[int, list[tuple[int, int]]] = {}
    pos = 0
    for line in text.splitlines(keepends=True):
        for level, rx in enumerate(_PILLAR_RES):
            m = rx.match(line)
            if m:
                found.setdefault(level, []).append((pos, pos + m.end()))
                break
        pos += len(line)
    for level in sorted(found):
        if len(found[level]) >= 2:
            return [(a, b, level) for a, b in found[level]]
    return []


def _measures(text: str, start: int, end: int) -> list[Measure]:
    out = []
    for c0, c1 in _clauses(text, start, end, "，,；;。！!？?"):
        clause = text[c0:c1].strip()
        head = _SUBJECT_HEAD.sub("", clause)
        changed = True
        while changed:
            changed = False
            for adv in ADVERBS:
                if head.startswith(adv) and not head.startswith(ACTION_VERBS):
                    head = head[len(adv) :]
                    changed = True
        if not head.startswith(ACTION_VERBS) or len(clause) < 4:
            continue
        prog = _PROGRAMME_RE.search(clause)
        programme = ""
        if prog:
            programme = f"“{prog.group(1)}”{prog.group(2)}" if prog.group(1) else f"“{prog.group(3)}”"
        lead = len(text[c0:c1]) - len(text[c0:c1].lstrip())
        out.append(Measure(clause, c0 + lead, c1, programme))
    return out


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return _clauses(text, start, end, "。！!？?")


def _past_section(title: str, today: dt.date) -> bool:
    years = [int(y) for y in re.findall(r"(20\d\d)年", title)]
    return bool(_PAST_SECTION.search(title)) and (not years or max(years) < today.year)


def extract(text: str, today: dt.date | None = None) -> Draft:
    """The draft plan of a normalised text, periods resolved against ``today`` (the document date)."""
    today = today or dt.date.today()
    draft = Draft()
    if not text.strip():
        draft.warnings.append({"code": "empty"})
        return draft
    owner = _OWNER_RE.search(text)
    draft.owner = owner.group(1) if owner else ""
    starts = _pillar_starts(text)
    sections: list[tuple[int, int, int | None]] = []  # (start, end, pillar index)
    if starts:
        if starts[0][0] > 0:
            sections.append((0, starts[0][0], None))
        for k, (a, b, _level) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
            title_end = b
            while title_end < end and text[title_end] not in "。\n：:":
                title_end += 1
            title = text[b:title_end].strip(" ，,。")
            draft.pillars.append(Pillar(title, a, end))
            sections.append((b, end, k))
    else:
        sections.append((0, len(text), None))
    loose: list[Measure] = []
    for s, e, k in sections:
        measures = _measures(text, s, e)
        if k is None:
            loose.extend(measures)
        else:
            draft.pillars[k].measures = measures
        if k is not None and _past_section(draft.pillars[k].title, today):
            continue
        for a, b in _sentences(text, s, e):
            draft.targets.extend(_targets_in_sentence(text, a, b, today, k))
    if not draft.pillars and loose:
        draft.pillars.append(Pillar("", 0, len(text), loose))
    seen = set()
    for m in _PROGRAMME_RE.finditer(text):
        name = f"“{m.group(1)}”{m.group(2)}" if m.group(1) else f"“{m.group(3)}”"
        if name not in seen:
            seen.add(name)
            draft.programmes.append(name)
    if not starts:
        draft.warnings.append({"code": "no_pillars"})
    if not draft.targets:
        draft.warnings.append({"code": "no_targets"})
    return draft
