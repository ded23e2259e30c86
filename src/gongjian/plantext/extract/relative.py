"""Relative targets: a level set against another one rather than a number (不低于全市平均水平, 与经济增长同步,
完成“十四五”国家考核目标, 达到全国藏区前列). The value is the text of the reference, the unit empty."""

from __future__ import annotations

import re

from .subjects import _strip_subject

_REF = r"(?:“[^”]{1,8}”)?(?:全国|全省|全市|全区|全县|国家|省|市|区|县|上级|省市)[^，,；;。]{0,12}?"
_REL_RE = re.compile(
    r"(?P<subj>[^，,；;。：:]{2,30}?)(?P<cmp>不低于|高于|快于|优于|好于|达到|完成)"
    rf"(?P<val>{_REF}(?:平均水平|平均|考核目标|下达任务|下达的任务|下达目标|目标任务|前列|规定要求|要求|标准))"
)
_SYNC_RE = re.compile(r"(?P<subj>[^，,；;。：:]{2,20}?)(?:与|和|同)(?P<val>[^，,；;。：:]{2,12}?)(?:基本)?同步")
_NAMED_TASK_RE = re.compile(
    r"(?:全面)?完成(?P<val>(?:国家|省|市|上级|省市)下达的?(?P<what>[^，,；;。的]{2,20}?)(?:任务|目标))"
    r"|完成(?P<val2>(?:年度|全年)(?P<what2>[^，,；;。的]{2,20}?(?:下降|降低|减少|增长|提高))(?:任务目标|目标任务|任务|目标))"
)
# 控制在省政府下达的范围之内: a ceiling set by the level above
_CEILING_RE = re.compile(
    r"(?P<subj>[^，,；;。：:]{2,20}?)控制在(?P<val>(?:国家|省|市|区|县|上级)[^，,；;。]{0,10}?下达的?[^，,；;。]{0,8}?"
    r"(?:范围|目标|指标|计划))(?:之内|以内|内)"
)
_RANK_RE = re.compile(
    r"(?P<subj>[^，,；;。：:]{2,90}?)(?P<chg>增幅|增速)?(?:均|都)?(?:位居|位列|保持|进入|稳居)"
    r"(?P<val>(?:全国|全省|全市|全区|全县|全州|省|市)[^，,；;。]{0,6}?(?:前列|前茅|第一方阵))"
)
_CMP = {"不低于": ">=", "达到": ">=", "高于": ">", "快于": ">", "优于": ">", "好于": ">", "完成": "="}


def _finds(pattern: re.Pattern, clause: str, words: tuple[str, ...]):
    """``pattern``'s matches, searched only when one of the words it needs is in the clause: each pattern opens
    with a lazy subject of up to 90 characters, tried at every position of a long clause without punctuation."""
    return pattern.finditer(clause) if any(w in clause for w in words) else ()


_REL_WORDS = ("不低于", "高于", "快于", "优于", "好于", "达到", "完成")


def relative_targets(clause: str) -> list[tuple[str, str, str, int, int]]:
    """(indicator, comparator, reference, start, end) of each relative target in a clause."""
    out = []
    for m in _finds(_REL_RE, clause, _REL_WORDS):
        subj = _strip_subject(m.group("subj"))
        if re.match(r"\s*[\d零〇一二两三四五六七八九十]", clause[m.end() :]):
            continue  # 高于全省平均水平1—2个百分点: a quantified target, read as such
        if subj:
            out.append((subj, _CMP[m.group("cmp")], m.group("val"), m.start("subj"), m.end()))
    if not out:
        for m in _finds(_NAMED_TASK_RE, clause, ("完成",)):  # 全面完成省下达节能减排任务: the task names the indicator
            what, val = (m.group("what"), m.group("val")) if m.group("val") else (m.group("what2"), m.group("val2"))
            out.append((what, "=", val, m.start(), m.end()))  # 完成年度单位GDP能耗下降任务目标: the same
    for m in _finds(
        _RANK_RE, clause, ("位居", "位列", "保持", "进入", "稳居")
    ):  # A、B增幅位居全市前列: a rank among peers, one target each
        if "“" in m.group("subj") or "”" in m.group("subj"):
            continue  # “三个翻番、十个增幅位居全市前列”: the slogan; its subjects follow
        change = m.group("chg") or ""
        for one in [p for p in _strip_subject(m.group("subj")).split("、") if p]:
            out.append((one + change, "=", m.group("val"), m.start("subj"), m.end()))
    for m in _finds(_CEILING_RE, clause, ("控制在",)):
        subj = _strip_subject(m.group("subj"))
        if subj:
            out.append((subj, "<=", m.group("val"), m.start("subj"), m.end()))
    for m in _finds(_SYNC_RE, clause, ("同步",)):
        subj = _strip_subject(m.group("subj"))
        for one in [p for p in subj.split("、") if p]:  # 居民可支配收入、一般公共预算收入与经济增长同步
            out.append((one, "=", m.group("val"), m.start("subj"), m.end()))
    return out


_INDEX_RE = re.compile(
    r"(?P<subj>[^，,；;。：:]{1,20}?指数)(?:涨幅)?(?P<cmp>控制在|不超过|保持在|稳定在|达到|为)?"
    r"(?P<num>\d{1,4}(?:\.\d{1,3})?)(?P<post>以内|以下|左右|以上)?(?![\d.%万亿个家项])"
)
_INDEX_CMP = {"控制在": "<=", "不超过": "<=", "保持在": ">=", "稳定在": ">=", "达到": ">=", "为": "="}
_INDEX_POST = {"以内": "<=", "以下": "<=", "左右": "~", "以上": ">="}


def index_targets(clause: str) -> list[tuple[str, str, float | int, int, int]]:
    """(indicator, comparator, value, start, end) of index targets without a unit (指数控制在102.5以内)."""
    out = []
    for m in _INDEX_RE.finditer(clause):
        if not (m.group("cmp") or m.group("post")):
            continue
        subj = _strip_subject(m.group("subj"))
        cmp_ = _INDEX_POST.get(m.group("post") or "") or _INDEX_CMP.get(m.group("cmp") or "", "=")
        num = float(m.group("num"))
        out.append((subj, cmp_, int(num) if num.is_integer() else num, m.start("subj"), m.end()))
    return out
