"""Which campaign and which month the cockpit shows: the state as of that month's end, from the colour history.

Both are optional: by default the user's current campaign and the last month that has ended (the campaign's
first month while that one is still running). An unknown campaign or a month outside the campaign is
:class:`NotFound` with a message the page and the API show.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gongjian.campaigns.models import Campaign
from gongjian.campaigns.queries import current_campaign
from gongjian.core.formats import cn_date, month_label

__all__ = ["NotFound", "Selection", "month_end", "next_month", "select"]

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")


class NotFound(Exception):
    """The campaign or the month asked for does not exist (for this user): a 404 with this message."""


def next_month(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_end(first: dt.date) -> dt.date:
    return next_month(first) - dt.timedelta(days=1)


@dataclass
class Selection:
    campaign: Campaign
    month: dt.date  # the first day of the month shown
    today: dt.date
    months: list[dt.date]  # the campaign's months, first days, oldest first
    #: figures two widgets of one request share (the buildings' metrics), computed once
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def key(self) -> str:
        return f"{self.month.year}-{self.month.month:02d}"

    @property
    def has_data(self) -> bool:
        """False for a month of the campaign that has not begun: its charts are empty and say so."""
        return self.month <= self.today

    @property
    def as_of(self) -> dt.date:
        """The day whose end the figures describe: the month's last day, or today within the running month."""
        return min(month_end(self.month), self.today)

    @property
    def previous(self) -> dt.date | None:
        """The end of the month before, when the campaign ran then."""
        if self.month <= self.months[0]:
            return None
        return self.month - dt.timedelta(days=1)

    @property
    def elapsed_months(self) -> list[dt.date]:
        """The campaign's months up to the one shown (the trend's points); none for a month not begun."""
        if not self.has_data:
            return []
        return [m for m in self.months if m <= self.month]

    @property
    def query(self) -> dict[str, str]:
        return {"campaign": str(self.campaign.pk), "month": self.key}


def campaign_months(campaign: Campaign) -> list[dt.date]:
    months, first = [], campaign.start_date.replace(day=1)
    while first <= campaign.end_date:
        months.append(first)
        first = next_month(first)
    return months


def select(user, today: dt.date, campaign: str | None = None, month: str | None = None) -> Selection:
    pk = None
    if campaign:
        if not campaign.isdigit() or len(campaign) > 18:
            raise NotFound(_("There is no campaign {campaign}.").format(campaign=campaign))
        pk = int(campaign)
    found = current_campaign(user, today, pk)
    if found is None:
        if pk is not None:
            raise NotFound(_("There is no campaign {campaign}.").format(campaign=campaign))
        raise NotFound(_("There is no campaign yet."))
    months = campaign_months(found)
    if month:
        match = MONTH_RE.match(month)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise NotFound(_("The month is written as year and month, e.g. 2026-03."))
        first = dt.date(int(match.group(1)), int(match.group(2)), 1)
        if first not in months:
            raise NotFound(
                _("{month} lies outside the campaign ({start} – {end}).").format(
                    month=month_label(first), start=cn_date(found.start_date), end=cn_date(found.end_date)
                )
            )
    else:
        last_ended = today.replace(day=1) - dt.timedelta(days=1)
        ended = [m for m in months if month_end(m) <= last_ended]
        first = ended[-1] if ended else months[0]
    return Selection(found, first, today, months)
