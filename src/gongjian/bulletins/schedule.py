"""The monthly timer's job: draft last month's bulletin of every running campaign, and tell the office.

Run daily by cron or a systemd timer (docs/bulletins.md): ``gongjian bulletins monthly``. On or after the
configured day of the month (GONGJIAN_BULLETIN_DAY, default 3) it drafts the bulletin of the month before for each
campaign that has none, and notifies every user who may draft bulletins. Running it again does nothing new.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from gongjian.campaigns.models import Campaign
from gongjian.core.services import Actor

from . import services
from .models import Bulletin

__all__ = ["monthly"]


def monthly(today: dt.date, day: int | None = None) -> list[str]:
    day = day or int(getattr(settings, "GONGJIAN_BULLETIN_DAY", 3))
    if today.day < day:
        return [_("Bulletins are drafted from day {day} of the month.").format(day=day)]
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    last = dt.date(year, month, 1)
    lines = []
    for campaign in Campaign.objects.filter(start_date__lte=today, end_date__gte=last).order_by("pk"):
        if Bulletin.objects.filter(campaign=campaign, year=year, month=month).exists():
            continue
        try:
            bulletin = services.draft_bulletin(Actor.system(), campaign, year, month)
        except ValidationError as exc:
            lines.append(f"{campaign}: {'; '.join(exc.messages)}")
            continue
        _notify(bulletin, today)
        lines.append(_("Drafted: {title}").format(title=bulletin.title))
    return lines or [_("Nothing to draft.")]


def _notify(bulletin: Bulletin, today: dt.date) -> None:
    """Through the supervision module's queue: an inbox notice (and an e-mail) to each user who drafts bulletins."""
    from gongjian.supervision.choices import Event
    from gongjian.supervision.notify import Message, queue

    perm = Q(groups__permissions__codename="add_bulletin", groups__permissions__content_type__app_label="bulletins")
    users = set(get_user_model().objects.filter(perm, is_active=True).values_list("pk", flat=True))
    title = _("The draft bulletin for {month} is ready").format(month=bulletin.month_label)
    queue(
        [
            Message(
                Event.SUPERVISION,
                f"bulletin:{bulletin.pk}",
                title,
                bulletin.title,
                bulletin.get_absolute_url(),
                None,
                users,
            )
        ],
        today,
    )
