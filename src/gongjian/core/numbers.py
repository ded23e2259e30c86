"""Numbers as Chinese statistical tables write them, the one place pages, exports and documents take them from.

- money in 万元 with thousands separators (1,234.5万元), from 1 亿 up in 亿元 with two decimals (12.35亿元);
- land in 亩 with two decimals (15.00亩); floor space in m², whole (12,345 m²);
- counts whole (9家); percentages with one decimal (65.0%).

Missing is not zero: ``None`` (or an empty string) is written "—". Pure: no Django, plain numbers in and text out.
``core/formats.py`` re-exports these and ``core/templatetags/gongjian.py`` offers them as template filters.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "DASH",
    "area_m2",
    "area_mu",
    "count",
    "money",
    "money_yuan",
    "number",
    "percent",
    "ratio_percent",
    "to_decimal",
    "with_unit",
]

DASH = "—"
WAN_PER_YI = Decimal(10000)
YUAN_PER_WAN = Decimal(10000)


def to_decimal(value) -> Decimal | None:
    """A Decimal of an int, float, Decimal or numeric string; None when the value is missing or not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        result = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (decimal.InvalidOperation, TypeError, ValueError):
        return None
    return result if result.is_finite() else None


def _fixed(value: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    text = f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,f}"
    return "0" + text[2:] if text.startswith("-0") and not text.strip("-0.,") else text


def number(value, places: int = 2, *, trim: bool = True) -> str:
    """Thousands separators, at most ``places`` decimals (trailing zeros dropped unless ``trim`` is False)."""
    d = to_decimal(value)
    if d is None:
        return DASH
    text = _fixed(d, places)
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def money(value_wan, *, unit: bool = True) -> str:
    """An amount in 万元: 1,234.5万元 below 1 亿, 12.35亿元 from 1 亿 up (two decimals)."""
    d = to_decimal(value_wan)
    if d is None:
        return DASH
    if abs(d) >= WAN_PER_YI:
        return _fixed(d / WAN_PER_YI, 2) + ("亿元" if unit else "")
    return number(d, 2) + ("万元" if unit else "")


def money_yuan(value_yuan, *, unit: bool = True) -> str:
    """An amount in 元, written as :func:`money` writes 万元: 5000000000 → 50.00亿元."""
    d = to_decimal(value_yuan)
    return DASH if d is None else money(d / YUAN_PER_WAN, unit=unit)


def area_mu(value, *, unit: bool = True) -> str:
    """Land in 亩 with two decimals: 15.0000 → 15.00亩."""
    d = to_decimal(value)
    return DASH if d is None else _fixed(d, 2) + ("亩" if unit else "")


def area_m2(value, *, unit: bool = True) -> str:
    """Floor space in m², whole: 12345.6 → 12,346 m²."""
    d = to_decimal(value)
    return DASH if d is None else _fixed(d, 0) + (" m²" if unit else "")


def count(value, unit: str = "") -> str:
    """A count, whole, with its measure word: 8.56 → 9家."""
    d = to_decimal(value)
    return DASH if d is None else _fixed(d, 0) + unit


def percent(value) -> str:
    """A value already in percent, one decimal: 65 → 65.0%."""
    d = to_decimal(value)
    return DASH if d is None else _fixed(d, 1) + "%"


def ratio_percent(value) -> str:
    """A ratio as a percentage, one decimal: 0.653 → 65.3%."""
    d = to_decimal(value)
    return DASH if d is None else _fixed(d * 100, 1) + "%"


COUNT_UNITS = frozenset({"家", "个", "项", "户", "人", "栋", "座", "次", "件", "宗", "处", "幢"})


def with_unit(value, unit: str | None) -> str:
    """A value with the unit it is measured in, written as that unit is written.

    万元 and 元 as :func:`money` (so 5000000000 元 is 50.00亿元), 亿元 with two decimals, 亩 with two decimals,
    m² whole, % with one decimal, counts (家, 个, 项 …) whole; any other unit with at most two decimals.
    """
    unit = (unit or "").strip()
    d = to_decimal(value)
    if d is None:
        return DASH
    if unit == "万元":
        return money(d)
    if unit == "元":
        return money_yuan(d)
    if unit == "亿元":
        return _fixed(d, 2) + unit
    if unit == "亩":
        return area_mu(d)
    if unit in ("m²", "m2", "平方米"):
        return area_m2(d)
    if unit == "%":
        return percent(d)
    if unit in COUNT_UNITS:
        return count(d, unit)
    return number(d, 2) + unit
