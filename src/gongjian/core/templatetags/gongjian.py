"""Template helpers: table cells from column definitions, and numbers and dates as Chinese users write them."""

from __future__ import annotations

import datetime as dt
import decimal

from django import template
from django.template.loader import get_template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gongjian.core.tables import Column

register = template.Library()


def _format(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float, decimal.Decimal)):
        return formats.number_format(value, use_l10n=True)
    return str(value)


@register.simple_tag(takes_context=True)
def cell(context, row, col: Column):
    value = col.value(row)
    if col.template:
        inner = get_template(col.template).render({"row": row, "value": value, "request": context.get("request")})
        return format_html('<td class="{}" data-label="{}">{}</td>', col.css, col.label, inner)
    text = _format(value)
    if col.link and hasattr(row, "get_absolute_url"):
        return format_html('<td class="{}" data-label="{}"><a href="{}">{}</a></td>', col.css, col.label,
                           row.get_absolute_url(), text)
    return format_html('<td class="{}" data-label="{}">{}</td>', col.css, col.label, text)


@register.filter
def month_label(day: dt.date | None) -> str:
    """2026年3月 (English: Mar 2026)."""
    if not day:
        return "—"
    if (get_language() or "zh-hans").startswith("zh"):
        return f"{day.year}年{day.month}月"
    return day.strftime("%b %Y")


@register.filter
def cn_date(day: dt.date | None) -> str:
    """2026年3月20日 (English: 2026-03-20)."""
    if not day:
        return "—"
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    if (get_language() or "zh-hans").startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


@register.filter
def days_until(day: dt.date | None) -> int | None:
    if not day:
        return None
    return (day - timezone.localdate()).days
