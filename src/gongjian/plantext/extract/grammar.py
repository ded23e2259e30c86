"""The vocabulary of the target grammar: units, quantities, comparators, hedges, goal and past markers."""

from __future__ import annotations

import bisect
import re

from .model import HAN

# ---------------------------------------------------------------- grammar

UNITS = [
    "微克/立方米",
    "μg/m3",
    "μg/m³",
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
    "岁",
    "课时",
    "年",
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
    "穴",
    "头",
    "只",
    "袋",
    "‰",
    "平米",
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
    "穴",
    "人次",
    "份",
    "头",
    "只",
    "袋",
}
_NUM = r"(?:\d{1,15}(?:[,，]\d{3}){0,4}(?:\.\d{1,6})?|[零〇一二两三四五六七八九十百千]{1,10})"
_MAG = "(?:万亿|千亿|百亿|亿|千万|百万|万)"
_UNIT = "(?:" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + ")"
_QTY = re.compile(
    rf"(?<![A-Za-z0-9.第每])(?:(?P<lo>{_NUM})(?P<lomag>{_MAG})?(?P<lounit>{_UNIT})?\s*(?:至|到|-|－|～|~|—|–)\s*)?"
    rf"(?P<num>{_NUM})(?P<mag>{_MAG})?(?P<more>余|多)?(?P<unit>{_UNIT}|(?<=亿)(?![{HAN}A-Za-z0-9.]))"
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
    ("约", "~"),
    ("接近", "~"),
]
_POST = {"以上": ">=", "以下": "<=", "以内": "<=", "左右": "~"}
HEDGES = {"力争": "力争", "争取": "力争", "力求": "力争", "确保": "确保"}
_HEDGE_RE = re.compile("力争|争取|力求|确保")
_PERIOD_RE = re.compile(
    r"[“「‘]?十[一二三四五六]五[”」’]?(?:期间|时期末|时期|末|规划期)|到?(?P<y>20\d\d)年(?:年?底前|年?底|年末|前)?|(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日|底)前?"
    r"|全年|年内|今年|明年|年底前|年底|上半年|下半年|(?P<q>[一二三四1-4])季度|(?<![\d.A-Za-z])(?P<n>[一二三四五六七八九十两\d]{1,2})年(?:内|间)?(?![\d月])"
    r"|限期"
)
# 预计 is not among them: 预计全年地区生产总值… estimates the year just ended
_GOAL_RE = re.compile(
    r"力争|确保|争取|力求|预期|计划(?![的，,。；;、”\s]|目标|投资|总投资|$)|将(?![^，,；;。]{1,30}?(?:作为|列为|纳入|列入|视为|当作))|希望|目标[是为：:]|目标任务|(?:^|(?<=[，,：:说]))要(?=[一-鿿])(?!求)"
)  # 将…作为…: 将 takes the object, it marks no future
_PAST_RE = re.compile(
    r"同比|比上年|去年|今天|上年|截至|截止到|以来|[一二三四五六七八九十两\d]{1,2}年来|已经|已有|已建|已完成|累计|过去|近年来|近几年|现有|目前|共有|多年来|相比|先后|本次|此次|预计|从\d{1,2}月[初中下上底]?旬?(?:到|至)\d{1,2}月|\d{1,2}\s*(?:至|—|-|–|～|~)\s*\d{1,2}月"
    r"|前[一二三四五六七八九十两\d]{1,2}个?(?:季度|月)"
    r"|(?<![为除不])了(?![解])"
    r"|(?<![而得])已(?![经有建完])(?=[一-鿿])(?![^，,；;。的]{0,8}的)(?=[^，,；;。]*\d)"  # 已新增…235个: done
)
_AUTHORITY_RE = re.compile(r"[省市]委、[省市]政府|省委、市委|中央、省|国务院(?!总理)")  # 国务院总理…: the reporter
_LEAD_STRIP = re.compile(
    r"^(?:[、，,；;：:\s●■◆▲★·•]|今后|即|\d{1,2}\s+|\d{1,2}[.、．]|[（(]?[一二三四五六七八九十]{1,2}[）)、]|我们将|我们要|我们|还将|努力实现|另一个是|一个是|努力|并|同时|其中|全区|全县|全市|我区|我县|我市|将|要|力争|争取|力求|确保|"
    r"实现|分别|再|共|总计|累计|合计|年均|每年|当年|)+"
)
REACH_VERBS = ("达到", "突破", "超过", "达", "提高到", "提升到", "提高至", "提升至", "增加到", "增长到")
_TRAIL_STRIP = re.compile(r"(?:的|要|将|共|总计|合计|分别|再|[（(])+$")
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
_QUOTE_RE = re.compile(r"“([^“”]{1,14})”|‘([^‘’]{1,14})’|\"([^\"“”\n]{1,14})\"|《[^《》]*》")  # ASCII quotes too
_PROGRAMME_RE = re.compile(
    r"“([^“”]{2,20})”(?:["
    + HAN
    + r"]{0,2}?)(计划|工程|行动|活动|改革|机制)|“([^“”]{2,20}(?:计划|工程|行动|活动|改革|机制))”"
)
_MULT_RE = re.compile(r"翻两番|翻一番|翻番|倍增")
_ZERO_RE = re.compile(r"清零|零发生|零事故|全覆盖|100%覆盖")
_OWNER_RE = re.compile(rf"(?<![全本我各该])([{HAN}]{{1,5}}?[区县市旗])(?:将|要|作为|一定|坚持)")

_NOT_A_SUBJECT = re.compile(r"(?:主要|一共|总共|共|就|还|也)?(?:是|有|包括)")
# A section about a past year (2024年工作情况, 工作回顾): its figures are results, not targets.
_PAST_SECTION = re.compile(r"工作情况|工作回顾|工作总结|主要成绩|总结成绩|取得成效|完成情况")
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
        if (ch in seps or ch == "\n") and not _in_spans(i, protected) and not _thousands(text, i, end):
            out.append((s, i))
            s = i + 1
    out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip(" “”‘’")]


def _thousands(text: str, i: int, end: int) -> bool:
    """A comma between a digit and exactly three digits separates thousands (1,100万人), not clauses."""
    return (
        text[i] in ",，"
        and i > 0
        and text[i - 1].isdigit()
        and re.match(r"\d{3}(?!\d)", text[i + 1 : min(end, i + 5)]) is not None
    )


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """``spans`` sorted and non-overlapping: a binary search."""
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]
