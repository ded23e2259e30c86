"""The demo's part: the colour history at the end of each month the campaign has run, then the warnings run on the
demo's day (when light sources are registered).

The daily run judges objects by their state now; the history is judged by the state each item and milestone was in
at each month's end, from the demo's own records (reports by when they were submitted and accepted, milestones by
when they were met, items by when they were completed). So the cockpit's months show the colours the campaign had
then, as if the daily run had run every month, rather than every colour stamped on the day the demo was loaded.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.registry import LightResult, light_sources

__all__ = ["history_lights", "load_demo", "month_ends"]


def month_ends(start: dt.date, today: dt.date) -> list[dt.date]:
    """The last day of each month from ``start``'s month that ended before ``today``."""
    out = []
    year, month = start.year, start.month
    while True:
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        if end >= today:
            return out
        out.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def history_lights(campaign, day: dt.date) -> list[tuple[str, LightResult]]:
    """The items' and milestones' colours at the end of ``day``, from the state they were in then."""
    from gongjian.campaigns import periods
    from gongjian.campaigns import rules as campaign_rules
    from gongjian.campaigns.choices import ReportStatus
    from gongjian.campaigns.lights import _case as item_case
    from gongjian.campaigns.models import Item, Milestone, Report
    from gongjian.indicators.queries import rules_for

    until = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    last_period: dict[int, dt.date] = {}
    accepted: dict[int, tuple[dt.date, int]] = {}
    reports = Report.objects.filter(item__area__campaign=campaign, first_submitted_at__lt=until).values_list(
        "item_id", "period_start", "percent", "status", "reviewed_at"
    )
    for item_id, period_start, percent, status, reviewed_at in reports:
        if period_start > last_period.get(item_id, dt.date.min):
            last_period[item_id] = period_start
        if status == ReportStatus.ACCEPTED and reviewed_at is not None and reviewed_at < until:
            if period_start >= accepted.get(item_id, (dt.date.min, 0))[0]:
                accepted[item_id] = (period_start, percent)
    rules = rules_for(campaign.grace_days)
    period = periods.last_ended_period(day, campaign.cycle).key
    pairs: list[tuple[str, LightResult]] = []
    done: set[int] = set()
    for item in Item.objects.filter(area__campaign=campaign).order_by("pk"):
        completed = item.completed_on if item.completed_on is not None and item.completed_on <= day else None
        if completed is not None:
            done.add(item.pk)
        progress = accepted.get(item.pk, (None, 0))[1]
        case = item_case(item.start_date, item.due_date, progress, completed, last_period.get(item.pk), campaign.cycle)
        verdict = campaign_rules.item_colour(case, day, rules)
        pairs.append(
            (
                "item",
                LightResult(
                    item, period, verdict.colour, verdict.reason, item.lead_unit_id, item.leader_id, verdict.numbers
                ),
            )
        )
    by_item = defaultdict(list)
    for ms in Milestone.objects.filter(item__area__campaign=campaign).select_related("item").order_by("pk"):
        by_item[ms.item_id].append(ms)
    for item_id, milestones in by_item.items():
        if item_id in done:
            continue
        for ms in milestones:
            met = ms.actual_date is not None and ms.actual_date <= day
            verdict = campaign_rules.milestone_colour(campaign_rules.MilestoneCase(ms.planned_date, met), day)
            pairs.append(
                (
                    "milestone",
                    LightResult(
                        ms, "", verdict.colour, verdict.reason, ms.item.lead_unit_id, ms.item.leader_id, verdict.numbers
                    ),
                )
            )
    return pairs


#: The demo's group robots: (unit code, its administrator, channel). They post to the application's own robot page.
DEMO_ROBOTS = (("SWJ", "swj_admin", "wecom"), ("FGJ", "fgj_admin", "dingtalk"))


def demo_robots(ctx) -> int:
    """Group robots for two units, addressed to the local robot page (``supervision:robot_echo``), so the messages
    the daily run would send to 企业微信 and 钉钉 are seen on the platform itself, and nothing leaves the machine."""
    from django.conf import settings
    from django.urls import reverse

    from gongjian.core.models import AuditLog
    from gongjian.core.services import Actor

    from .services import create_webhook

    site = (settings.GONGJIAN_SITE_URL or "http://127.0.0.1:8000").rstrip("/")
    made = 0
    for code, admin, channel in DEMO_ROBOTS:
        if code in ctx.units and admin in ctx.users:
            actor = Actor(user=ctx.users[admin], source=AuditLog.Source.COMMAND)
            create_webhook(actor, unit=ctx.units[code], channel=channel, url=site + reverse("supervision:robot_echo"))
            made += 1
    return made


def load_demo(ctx) -> str:
    demo_robots(ctx)
    if not light_sources:
        return ""
    from . import colours
    from .daily import run

    today = timezone.localtime(ctx.now).date()
    history_until = min(today, ctx.campaign.end_date + dt.timedelta(days=1))
    for day in month_ends(ctx.campaign.start_date, history_until):
        colours.store(history_lights(ctx.campaign, day), day)
        colours.store(colours.rollup(day, [ctx.campaign.pk]), day)
    summary = run(today, send=False)
    return _("Warnings: {colours} colours stored, {supervisions} supervisions issued").format(
        colours=summary.colours_new + summary.rollups_new, supervisions=summary.supervisions
    )
