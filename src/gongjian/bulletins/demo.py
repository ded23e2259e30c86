"""The demo's part: the demo campaign opts in to the public page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import PublicCampaign

__all__ = ["load_demo"]


def load_demo(ctx) -> str:
    PublicCampaign.objects.get_or_create(campaign=ctx.campaign)
    return _("Public page: the campaign {name} is published at /public/").format(name=ctx.campaign.name)
