"""Settings fail fast: a bad building-economy threshold or target stops the start, not a page."""

from django.core.checks import Error, register


@register()
def check_building_settings(app_configs=None, **kwargs):
    from . import queries

    errors = []
    for name, fn in (("GONGJIAN_BUILDINGS", queries.config), ("GONGJIAN_BUILDINGS_TARGETS", queries.targets)):
        try:
            fn()
        except (TypeError, ValueError, ArithmeticError) as exc:
            errors.append(Error(f"{name}: {exc}", id="buildings.E001"))
    return errors
