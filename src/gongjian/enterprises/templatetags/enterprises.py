"""Figures as Chinese statistical tables write them: 万元 with thousands separators, 亿元 for large sums."""

from __future__ import annotations

import decimal

from django import template

from ..confidential import personal_value

register = template.Library()


def figure_text(value, places: int = 4) -> str:
    """12345.6700 → "12,345.67"; None → "—" (missing is not zero)."""
    if value is None or value == "":
        return "—"
    try:
        number = decimal.Decimal(value)
    except (decimal.InvalidOperation, TypeError, ValueError):
        return str(value)
    number = number.quantize(decimal.Decimal(1).scaleb(-places)) if places is not None else number
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@register.filter
def figure(value) -> str:
    return figure_text(value)


@register.filter
def attr_figure(obj, name: str) -> str:
    """A figure field of a row: ``{{ row|attr_figure:"main_revenue" }}``."""
    return figure_text(getattr(obj, name, None))


@register.filter
def yi(value) -> str:
    """万元 → 亿元 with two decimals: 123456 → "12.35"."""
    if value is None:
        return "—"
    return f"{decimal.Decimal(value) / 10000:,.2f}"


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{decimal.Decimal(value) * 100:.1f}%"


@register.simple_tag(takes_context=True)
def personal(context, enterprise, field: str) -> str:
    """A personal-data field as the request's user may see it (masked without the permission)."""
    allowed = context.get("can_see_personal")
    return personal_value(context["request"].user, enterprise, field, allowed=allowed) or "—"
