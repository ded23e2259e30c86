"""The public page (公开): the opted-in campaigns' areas and items with status, colour and dates, and the bulletins
issued and marked public. Read side only.

What is shown is chosen field by field here, never a model dumped whole: no enterprise figure (tax, revenue,
energy, employees) is read at all, and people's names appear only where the campaign allows it
(``PublicCampaign.show_names``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from gongjian.campaigns.models import Area, Item
from gongjian.supervision.models import ColourRecord

from .choices import BulletinState
from .models import Bulletin, PublicCampaign

__all__ = ["STATUS_LABELS", "PublicItem", "campaigns", "item_status", "public_bulletins"]

STATUS_LABELS = {
    "done": _("Done"),
    "overdue": _("Overdue"),
    "in_progress": _("In progress"),
    "not_started": _("Not started"),
}


def item_status(completed_on, due_date, progress: int, today: dt.date) -> str:
    if completed_on is not None:
        return "done"
    if due_date < today:
        return "overdue"
    return "in_progress" if progress > 0 else "not_started"


@dataclass
class PublicItem:
    code: str
    title: str
    lead_unit: str
    leader: str
    status: str
    colour: str
    progress: int
    due_date: dt.date
    completed_on: dt.date | None

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def campaigns(today: dt.date) -> list[dict]:
    """Each published campaign with its areas and their items (a handful of queries whatever the size)."""
    out = []
    published = list(PublicCampaign.objects.select_related("campaign").order_by("-campaign__year", "campaign_id"))
    if not published:
        return out
    ct = ContentType.objects.get_for_model(Item)
    for pub in published:
        campaign = pub.campaign
        colours = dict(
            ColourRecord.objects.filter(content_type=ct, current=True, campaign=campaign).values_list(
                "object_id", "colour"
            )
        )
        areas = list(Area.objects.filter(campaign=campaign).select_related("lead_unit").order_by("number"))
        items: dict[int, list[PublicItem]] = {a.pk: [] for a in areas}
        fields = ["pk", "area_id", "code", "title", "lead_unit__name", "due_date", "completed_on", "progress"]
        if pub.show_names:
            fields += ["leader__display_name", "leader__last_name", "leader__first_name"]
        for row in Item.objects.filter(area__campaign=campaign).order_by("code").values(*fields):
            leader = ""
            if pub.show_names:
                leader = (
                    row["leader__display_name"] or f"{row['leader__last_name'] or ''}{row['leader__first_name'] or ''}"
                )
            items[row["area_id"]].append(
                PublicItem(
                    code=row["code"],
                    title=row["title"],
                    lead_unit=row["lead_unit__name"] or "",
                    leader=leader,
                    status=item_status(row["completed_on"], row["due_date"], row["progress"], today),
                    colour=colours.get(row["pk"], ""),
                    progress=row["progress"],
                    due_date=row["due_date"],
                    completed_on=row["completed_on"],
                )
            )
        out.append(
            {
                "campaign": campaign,
                "show_names": pub.show_names,
                "areas": [{"area": a, "items": items[a.pk]} for a in areas],
                "bulletins": public_bulletins().filter(campaign=campaign),
            }
        )
    return out


def public_bulletins():
    """Issued bulletins marked public, of the campaigns that are published."""
    published = PublicCampaign.objects.values("campaign_id")
    return (
        Bulletin.objects.filter(state=BulletinState.ISSUED, is_public=True, campaign_id__in=published)
        .prefetch_related("files")
        .order_by("-year", "-month", "-pk")
    )
