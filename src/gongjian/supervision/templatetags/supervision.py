"""``{% load supervision %}``: colour badges, reasons in words and the supervision panel of an object."""

from __future__ import annotations

from django import template

from gongjian.campaigns.lights import CSS, colour_label
from gongjian.indicators import rules as r
from gongjian.indicators.texts import period_label, reason_text

from .. import queries

register = template.Library()


@register.filter
def colour_css(colour: str) -> str:
    return CSS.get(colour, "secondary")


@register.filter
def colour_name(colour: str) -> str:
    return colour_label(colour) if colour in r.COLOURS else (colour or "—")


@register.filter
def colour_reason(record) -> str:
    """A stored colour's reason in words (the reason code when it has no sentence, e.g. a module's own code)."""
    try:
        return reason_text(record.reason, record.numbers or {}, r.DEFAULT_RULES)
    except (KeyError, IndexError, ValueError, TypeError):
        return record.reason


@register.filter
def period_key_label(key: str) -> str:
    return period_label(key) if key else "—"


@register.inclusion_tag("supervision/includes/object_panel.html", takes_context=True)
def supervision_panel(context, obj):
    """The panel of ``obj``: current colour, colour history and 督办 (nothing without the permission)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    panel = queries.object_panel(user, obj) if user is not None and user.is_authenticated else None
    return {"panel": panel, "request": request, "today": context.get("today")}
