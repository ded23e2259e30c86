from django import template

from ..export import figures

register = template.Library()


@register.simple_tag
def record_figures(rec):
    return figures(rec)
