"""``{% load bulletins %}``: colour names and badge classes for the public page."""

from django import template

from gongjian.campaigns.lights import CSS, colour_label
from gongjian.indicators import rules as r

register = template.Library()


@register.filter
def public_css(colour: str) -> str:
    return CSS.get(colour, "secondary")


@register.filter
def public_colour(colour: str) -> str:
    return colour_label(colour) if colour in r.COLOURS else "—"
