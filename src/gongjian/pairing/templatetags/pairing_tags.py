"""Template helpers of pairing and problems."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch

register = template.Library()


@register.filter
def enterprise_url(enterprise) -> str:
    """The one-enterprise page, or "" while the registry's pages are not installed."""
    if enterprise is None:
        return ""
    try:
        return enterprise.get_absolute_url()
    except NoReverseMatch:
        return ""
