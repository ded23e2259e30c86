"""Template helpers: table cells from column definitions, and numbers and dates as Chinese users write them."""

from __future__ import annotations

import datetime as dt
import decimal

from django import template
from django.db import models
from django.template.loader import get_template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from gongjian.core import formats as formats_
from gongjian.core.tables import Column

register = template.Library()


def _format(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return formats_.cn_datetime(value)
    if isinstance(value, dt.date):
        return formats_.cn_date(value)
    if isinstance(value, (int, float, decimal.Decimal)):
        return formats.number_format(value, use_l10n=True)
    return str(value)


@register.simple_tag(takes_context=True)
def cell(context, row, col: Column):
    value = col.value(row)
    if col.template:
        inner = get_template(col.template).render({"row": row, "value": value, "request": context.get("request")})
        return format_html('<td class="{}" data-label="{}">{}</td>', col.css, col.label, inner)
    text = col.fmt(value) if col.fmt is not None else _format(value)
    if col.link and hasattr(row, "get_absolute_url"):
        return format_html(
            '<td class="{}" data-label="{}"><a href="{}">{}</a></td>', col.css, col.label, row.get_absolute_url(), text
        )
    return format_html('<td class="{}" data-label="{}">{}</td>', col.css, col.label, text)


@register.filter
def money(value) -> str:
    """An amount in 万元: 1,234.5万元, or 12.35亿元 from 1 亿 up."""
    return formats_.money(value)


@register.filter
def money_yuan(value) -> str:
    """An amount in 元 written as 万元/亿元: 5000000000 → 50.00亿元."""
    return formats_.money_yuan(value)


@register.filter
def mu(value) -> str:
    """Land in 亩, two decimals: 15.00亩."""
    return formats_.area_mu(value)


@register.filter
def m2(value) -> str:
    """Floor space in m², whole: 12,346 m²."""
    return formats_.area_m2(value)


@register.filter
def whole(value, unit: str = "") -> str:
    """A count, whole, with an optional measure word: ``{{ n|whole:"家" }}`` → 9家."""
    return formats_.count(value, unit)


@register.filter
def pct(value) -> str:
    """A value in percent, one decimal: 65.0%."""
    return formats_.percent(value)


@register.filter
def ratio_pct(value) -> str:
    """A ratio as a percentage, one decimal: 0.653 → 65.3%."""
    return formats_.ratio_percent(value)


@register.filter
def with_unit(value, unit) -> str:
    """A value in its unit of measure: ``{{ a.value|with_unit:a.indicator.unit }}`` → 9家, 15.00亩, 50.00亿元."""
    return formats_.with_unit(value, unit)


@register.filter
def month_label(day: dt.date | None) -> str:
    """2026年3月 (English: Mar 2026)."""
    return formats_.month_label(day)


@register.filter
def cn_date(day: dt.date | None) -> str:
    """2026年3月20日 (English: 2026-03-20)."""
    return formats_.cn_date(day)


@register.filter
def cn_datetime(value: dt.datetime | None) -> str:
    """2026年3月20日 14:05 in local time (English: 2026-03-20 14:05)."""
    return formats_.cn_datetime(value)


@register.filter
def period_label(period) -> str:
    """A reporting period in the active language: 2026年3月 / 2026年第12周 (English: Mar 2026 / 2026 week 12)."""
    return formats_.period_label(period)


@register.filter
def period_list(periods) -> str:
    """Reporting periods in the active language, listed as the language lists things: 2026年3月、2026年4月."""
    return formats_.enumeration(formats_.period_label(p) for p in periods)


@register.filter
def days_until(day: dt.date | None) -> int | None:
    if not day:
        return None
    return (day - timezone.localdate()).days


_SKIP_IN_HISTORY = {"id", "path"}


def _key_label(key) -> str:
    """A key that is no model field, in words (registered by its module); otherwise the key without underscores."""
    from gongjian.core.registry import audit_field_labels

    label = audit_field_labels.get(key)
    return capfirst(str(label)) if label is not None else capfirst(str(key).replace("_", " "))


def _human(field, value):
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, dict):  # e.g. a run's counts per source: "事项 12；节点 3", never "{'item': 12, …}"
        return "；".join(f"{_key_label(k)} {_human(None, v)}" for k, v in value.items())
    if field is not None and getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):  # codes a module registered (e.g. a webhook's events) in words
        from gongjian.core.registry import audit_field_labels

        return "、".join(str(audit_field_labels.get(v, v)) if isinstance(v, str) else str(v) for v in value)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return formats_.cn_datetime(parsed)
    if isinstance(value, str) and isinstance(field, models.DateField) and len(value) == 10:
        try:
            return formats_.cn_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
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
        label = capfirst(str(field.verbose_name)) if field is not None else _key_label(key)
        rows.append((label, _human(field, before) if entry.before is not None else "", _human(field, after)))
    return rows


@register.filter
def audit_action(code: str) -> str:
    from gongjian.core.registry import audit_action_labels

    return str(audit_action_labels.get(code, code))
