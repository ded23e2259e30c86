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
        return format_html(
            '<td class="{}" data-label="{}"><a href="{}">{}</a></td>', col.css, col.label, row.get_absolute_url(), text
        )
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


_SKIP_IN_HISTORY = {"id", "path"}


def _human(field, value):
    if value is None or value == "" or value == []:
        return "—"
    if field is not None and getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)
        return parsed.strftime("%Y-%m-%d %H:%M")
    return str(value)


@register.simple_tag
def audit_changes(entry) -> list[tuple[str, str, str]]:
    """(field label, before, after) of an audit record, with verbose field names and choice labels."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    rows = []
    for key, before, after in entry.changes:
        if key in _SKIP_IN_HISTORY:
            continue
        if entry.before is None and after in (None, "", [], 0, False):
            continue  # a creation: show what was filled in
        try:
            field = model._meta.get_field(key) if model is not None else None
        except Exception:
            field = None
        label = str(getattr(field, "verbose_name", key))
        rows.append((label, _human(field, before) if entry.before is not None else "", _human(field, after)))
    return rows


@register.filter
def audit_action(code: str) -> str:
    from gongjian.core.registry import audit_action_labels

    return str(audit_action_labels.get(code, code))
