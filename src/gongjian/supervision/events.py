"""The day's events as :class:`~.notify.Message` s: reports due in 3 days, reports overdue, milestones due,
colours turned red and 督办 issued. Counts per unit come from one query each, whatever the number of items."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gongjian.campaigns import periods
from gongjian.campaigns.models import Campaign, Item, Milestone, Report
from gongjian.campaigns.queries import due_a_report
from gongjian.core.formats import cn_date
from gongjian.indicators import rules as r

from .choices import Event
from .colours import ROLLUP_SOURCE
from .models import ColourRecord, Supervision
from .notify import Message

__all__ = ["MILESTONE_DUE_DAYS", "REPORT_DUE_DAYS", "day_messages", "supervision_messages"]

REPORT_DUE_DAYS = 3
MILESTONE_DUE_DAYS = 3
LISTED = 10  # objects named in a digest; the rest are counted


def _listing(names: list[str], total: int) -> str:
    lines = [f"- {n}" for n in names[:LISTED]]
    if total > LISTED:
        lines.append(_("… and {n} more").format(n=total - LISTED))
    return "\n".join(lines)


def _periods_with_deadline(campaign: Campaign, day: dt.date) -> list[periods.Period]:
    return [
        p
        for p in periods.periods_between(campaign.start_date, campaign.end_date, campaign.cycle)
        if periods.deadline(p, campaign.grace_days) == day
    ]


def report_messages(today: dt.date) -> list[Message]:
    out = []
    campaigns = Campaign.objects.filter(start_date__lte=today + dt.timedelta(days=REPORT_DUE_DAYS))
    for campaign in campaigns.filter(end_date__gte=today - dt.timedelta(days=62)):
        for event, day in (
            (Event.REPORT_DUE, today + dt.timedelta(days=REPORT_DUE_DAYS)),
            (Event.REPORT_OVERDUE, today - dt.timedelta(days=1)),
        ):
            for period in _periods_with_deadline(campaign, day):
                missing = (
                    Item.objects.filter(area__campaign=campaign)
                    .filter(due_a_report(period))
                    .exclude(Exists(Report.objects.filter(item=OuterRef("pk"), period_start=period.start)))
                    .order_by()
                    .values("lead_unit_id")
                    .annotate(n=Count("id"))
                )
                label = period.label("zh-hans")
                for row in missing:
                    if event == Event.REPORT_DUE:
                        title = ngettext(
                            "{n} report for {period} is due by {day}",
                            "{n} reports for {period} are due by {day}",
                            row["n"],
                        ).format(n=row["n"], period=label, day=cn_date(day))
                    else:
                        title = ngettext(
                            "{n} report for {period} is overdue (due {day})",
                            "{n} reports for {period} are overdue (due {day})",
                            row["n"],
                        ).format(n=row["n"], period=label, day=cn_date(day))
                    out.append(
                        Message(
                            event=event,
                            object_key=f"campaign:{campaign.pk}:{period.key}:unit:{row['lead_unit_id']}",
                            title=title,
                            body=_("Campaign: {campaign}.").format(campaign=campaign),
                            url=reverse("core:my_work"),
                            unit_id=row["lead_unit_id"],
                        )
                    )
    return out


def milestone_messages(today: dt.date) -> list[Message]:
    rows = (
        Milestone.objects.filter(
            actual_date__isnull=True,
            planned_date__gte=today,
            planned_date__lte=today + dt.timedelta(days=MILESTONE_DUE_DAYS),
        )
        .select_related("item")
        .order_by("item__lead_unit_id", "planned_date", "pk")
    )
    by_unit: dict[int, list[Milestone]] = defaultdict(list)
    for m in rows:
        by_unit[m.item.lead_unit_id].append(m)
    out = []
    for unit_id, ms in by_unit.items():
        names = [f"{m.item.code} {m.title}（{cn_date(m.planned_date)}）" for m in ms]
        out.append(
            Message(
                event=Event.MILESTONE_DUE,
                object_key=f"unit:{unit_id}",
                title=ngettext(
                    "{n} milestone is due within {days} days", "{n} milestones are due within {days} days", len(ms)
                ).format(n=len(ms), days=MILESTONE_DUE_DAYS),
                body=_listing(names, len(ms)),
                url=reverse("core:my_work"),
                unit_id=unit_id,
            )
        )
    return out


def red_messages(today: dt.date) -> list[Message]:
    """Objects whose colour turned red today: one digest per lead unit, one per responsible leader."""
    rows = (
        ColourRecord.objects.filter(current=True, judged_on=today, colour=r.RED)
        .exclude(source=ROLLUP_SOURCE)
        .order_by("unit_id", "object_repr")
        .values_list("unit_id", "leader_id", "object_repr")
    )
    by_unit: dict[int, list[str]] = defaultdict(list)
    by_leader: dict[int, list[str]] = defaultdict(list)
    for unit_id, leader_id, name in rows.iterator(chunk_size=5000):
        if unit_id is not None:
            by_unit[unit_id].append(name)
        if leader_id is not None:
            by_leader[leader_id].append(name)
    url = reverse("supervision:colour_list") + "?colour=red"
    out = []
    for unit_id, names in by_unit.items():
        out.append(
            Message(
                event=Event.TURNED_RED,
                object_key=f"unit:{unit_id}",
                title=ngettext(
                    "{n} of your unit's objects turned red", "{n} of your unit's objects turned red", len(names)
                ).format(n=len(names)),
                body=_listing(names, len(names)),
                url=url,
                unit_id=unit_id,
            )
        )
    for leader_id, names in by_leader.items():
        out.append(
            Message(
                event=Event.TURNED_RED,
                object_key=f"leader:{leader_id}",
                title=ngettext(
                    "{n} object you are responsible for turned red",
                    "{n} objects you are responsible for turned red",
                    len(names),
                ).format(n=len(names)),
                body=_listing(names, len(names)),
                url=url,
                users={leader_id},
            )
        )
    return out


def supervision_messages(supervisions: list[Supervision], *, digest: bool) -> list[Message]:
    """督办 received: one message per 督办 (issued by hand), or one digest per unit (issued by the daily run)."""
    if not digest:
        return [
            Message(
                event=Event.SUPERVISION,
                object_key=f"supervision:{s.pk}",
                title=_("{kind} received: {object}").format(kind=s.get_kind_display(), object=s.object_repr),
                body=_("{requirement}\nReply by {day}.").format(requirement=s.requirement, day=cn_date(s.reply_by)),
                url=s.get_absolute_url(),
                unit_id=s.unit_id,
            )
            for s in supervisions
        ]
    by_unit: dict[int, list[Supervision]] = defaultdict(list)
    for s in supervisions:
        by_unit[s.unit_id].append(s)
    out = []
    for unit_id, items in by_unit.items():
        names = [f"{s.get_kind_display()}：{s.object_repr}" for s in items]
        out.append(
            Message(
                event=Event.SUPERVISION,
                object_key=f"auto:unit:{unit_id}",
                title=ngettext(
                    "{n} supervision (督办) issued to your unit",
                    "{n} supervisions (督办) issued to your unit",
                    len(items),
                ).format(n=len(items)),
                body=_listing(names, len(items)),
                url=reverse("supervision:supervision_list") + "?status=open",
                unit_id=unit_id,
            )
        )
    return out


def day_messages(today: dt.date) -> list[Message]:
    """Every event of the day but the 督办 (see :func:`supervision_messages`)."""
    return [*report_messages(today), *milestone_messages(today), *red_messages(today)]
