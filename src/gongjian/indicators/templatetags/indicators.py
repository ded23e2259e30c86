from django import template

from ..models import fmt

register = template.Library()


@register.filter
def num(value) -> str:
    """A stored decimal as users write it: 0.32, 9, 79.2 (not 0.3200)."""
    return fmt(value)
