"""Subjects and quantities: the indicator before a quantity, its comparator, the value in base units."""

from __future__ import annotations

import re
from decimal import Decimal

from .grammar import _LEAD_STRIP, _PERIOD_RE, _TRAIL_STRIP, PRE
from .numbers import _CN_DIGITS, _MAGS, parse_number

_GOAL_ANNOUNCED = re.compile(
    r"^(?:[^，,；;]{1,12}?(?:预期)?目标(?:是|为|[：:])?|(?:预期)?目标(?:是|为|[：:]))(?=[^，,；;]{2})"
)


def _strip_subject(s: str) -> str:
    s = re.sub(r"[（(][^（()）]{1,30}[)）](?=.)", "", s)  # 亿元(县区3000万元)以上项目: a remark, not the indicator
    # (今年发展主要)预期目标是GDP…, 今年目标城镇新增就业…: the words that announce the goal
    s = _GOAL_ANNOUNCED.sub("", s)
    s = _PERIOD_RE.sub("", s)
    s = _LEAD_STRIP.sub("", s)
    s = _TRAIL_STRIP.sub("", s)
    s = re.sub(r"(?<=.)(?:力争|确保|争取|力求)", "", s)  # 主要经济指标力争高于…: the hedge is a field
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
    unit = m.group("unit") or "元"  # GDP超过百亿: an amount in 亿 without its unit is in yuan (checked by the caller)
    if unit in ("μg/m3", "μg/m³"):
        unit = "微克/立方米"
    if unit == "平米":
        unit = "平方米"
    mag = _MAGS.get(m.group("mag") or "", 1)
    if unit in ("%", "个百分点", "倍"):
        mag = 1 if not m.group("mag") else mag
    return num * mag, unit
