"""The demo's part: the demo campaign opts in to the public page, and last month's bulletin waits as a draft."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.services import Actor

from . import services
from .models import Bulletin, PublicCampaign

__all__ = ["load_demo"]


def load_demo(ctx) -> str:
    PublicCampaign.objects.get_or_create(campaign=ctx.campaign)
    lines = [_("Public page: the campaign {name} is published at /public/").format(name=ctx.campaign.name)]
    today = timezone.localtime(ctx.now).date()
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    if not Bulletin.objects.filter(campaign=ctx.campaign, year=year, month=month).exists():
        try:
            bulletin = services.draft_bulletin(Actor.system(), ctx.campaign, year, month)
        except ValidationError:
            pass  # the campaign had not started last month: nothing to report yet
        else:
            lines.append(_("Bulletins: the draft for {month}").format(month=bulletin.month_label))
    return "; ".join(lines)
