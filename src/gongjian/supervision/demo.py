"""The demo's part: one warnings run on the demo's day, when light sources are registered."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.registry import light_sources

__all__ = ["load_demo"]


def load_demo(ctx) -> str:
    if not light_sources:
        return ""
    from .daily import run

    summary = run(timezone.localtime(ctx.now).date(), send=False)
    return _("Warnings: {colours} colours stored, {supervisions} supervisions issued").format(
        colours=summary.colours_new + summary.rollups_new, supervisions=summary.supervisions
    )
