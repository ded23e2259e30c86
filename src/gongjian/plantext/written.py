"""A target's value and unit as people write them (50亿元, not 5000000000 元): pure, no Django.

The extractor normalises values to base units for comparison; the review screen and the indicators made from a
draft show the magnitude the text used, or, for older drafts without the written form, the natural one.
"""

from __future__ import annotations

from decimal import Decimal

# magnitudes kept in the unit, as the indicators' units are written (亿元, 万元, 万平方米 …)
_MAGS = (("万亿", Decimal(10**12)), ("亿", Decimal(10**8)), ("万", Decimal(10**4)))
_MAG_UNITS = {"元", "美元", "平方米", "千瓦时", "吨", "亩", "人次"}


def plain(d: Decimal) -> str:
    """1.30 → 1.3, 50 → 50, never 5E+1."""
    text = format(d.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _magnitude(target: dict) -> tuple[str, Decimal]:
    written = target.get("written") or ""
    unit = target.get("unit") or ""
    if unit not in _MAG_UNITS:
        return "", Decimal(1)
    for name, factor in _MAGS:
        if name + unit in written or (name in written and unit in written):
            return name, factor
    if written or unit not in ("元", "美元"):
        return "", Decimal(1)
    values = target.get("value")
    values = values if isinstance(values, list) else [values]
    try:
        smallest = min(abs(Decimal(str(v))) for v in values)
    except (ArithmeticError, ValueError, TypeError):
        return "", Decimal(1)
    for name, factor in _MAGS[1:]:
        if smallest >= factor:
            return name, factor
    return "", Decimal(1)


def value_as_written(target: dict) -> tuple[str, str]:
    """(value text, unit text) of a draft target: ("50", "亿元"), ("4.5–5", "%"), ("全市平均水平", "")."""
    value = target.get("value")
    unit = target.get("unit") or ""
    if isinstance(value, str):
        return value, unit
    name, factor = _magnitude(target)
    values = value if isinstance(value, list) else [value]
    try:
        numbers = [plain(Decimal(str(v)) / factor) for v in values if v is not None]
    except (ArithmeticError, ValueError):
        return str(value), unit
    return "–".join(numbers), (name + unit if name else unit)
