"""Numbers as people write them: Arabic (1,200 / 1.5), Chinese (十二, 一百五十, 两百, 二〇二五) and magnitudes."""

from __future__ import annotations

import re
from decimal import Decimal

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
