"""Read side: the rankings of a month, and the supervision panel of one object (used by other modules' pages)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.urls import reverse

from gongjian.campaigns import periods
from gongjian.campaigns.models import Campaign, Item, Milestone, Report
from gongjian.campaigns.queries import due_a_report
from gongjian.indicators import rules as r
from gongjian.org.models import Unit, User

from . import scoring
from .colours import ROLLUP_SOURCE
from .models import CampaignRules, ColourRecord, Supervision

__all__ = ["RankingTable", "latest_as_of", "month_bounds", "object_panel", "points_for", "rankings"]

GOOD = (r.DONE, r.GREEN, r.BLUE)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def latest_as_of(day: dt.date, campaign_id: int | None = None):
    """The ids of each object's colour record in force at the end of ``day`` (the latest judged by then).

    A subquery for ``ColourRecord.objects.filter(id__in=...)``: the state of a past day, from the history.
    """
    records = ColourRecord.objects.filter(judged_on__lte=day)
    if campaign_id is not None:
        records = records.filter(campaign_id=campaign_id)
    return records.order_by().values("content_type_id", "object_id").annotate(last=Max("id")).values("last")


def points_for(campaign: Campaign) -> scoring.Points:
    data = CampaignRules.objects.filter(campaign=campaign).values_list("points", flat=True).first()
    try:
        return scoring.Points.from_dict(data or {})
    except scoring.PointsError:
        return scoring.DEFAULT_POINTS


def _counts(campaign: Campaign, first: dt.date, last: dt.date, today: dt.date, by: str) -> dict:
    """key (unit id or leader id) → Counts for one month of one campaign."""
    as_of = min(last, today)
    key = "unit_id" if by == "unit" else "leader_id"
    out: dict = {}

    def bump(k, **values):
        if k is None:
            return
        row = out.setdefault(k, {})
        for name, n in values.items():
            row[name] = row.get(name, 0) + (n or 0)

    latest = (
        ColourRecord.objects.filter(campaign=campaign, judged_on__lte=as_of)
        .exclude(source=ROLLUP_SOURCE)
        .order_by()
        .values("content_type_id", "object_id")
        .annotate(last=Max("id"))
        .values("last")
    )
    for row in (
        ColourRecord.objects.filter(id__in=latest)
        .order_by()
        .values(key)
        .annotate(
            green=Count("id", filter=Q(colour__in=GOOD)),
            yellow=Count("id", filter=Q(colour=r.YELLOW)),
            red=Count("id", filter=Q(colour=r.RED)),
        )
    ):
        bump(row[key], green=row["green"], yellow=row["yellow"], red=row["red"])

    item_key = "lead_unit_id" if by == "unit" else "leader_id"
    for period in periods.periods_between(campaign.start_date, campaign.end_date, campaign.cycle):
        deadline = periods.deadline(period, campaign.grace_days)
        if not (first <= deadline <= last) or deadline >= today:
            continue
        on_time = Report.objects.filter(item=OuterRef("pk"), period_start=period.start, is_late=False)
        for row in (
            Item.objects.filter(area__campaign=campaign)
            .filter(due_a_report(period))
            .annotate(ok=Exists(on_time))
            .order_by()
            .values(item_key)
            .annotate(expected=Count("id"), on_time=Count("id", filter=Q(ok=True)))
        ):
            bump(row[item_key], reports_expected=row["expected"], reports_on_time=row["on_time"])

    for row in (
        Milestone.objects.filter(item__area__campaign=campaign, planned_date__gte=first, planned_date__lte=as_of)
        .filter(planned_date__lt=today)
        .filter(Q(actual_date__isnull=True) | Q(actual_date__gt=F("planned_date")))
        .order_by()
        .values(f"item__{item_key}")
        .annotate(n=Count("id"))
    ):
        bump(row[f"item__{item_key}"], overdue_milestones=row["n"])

    for row in (
        Supervision.objects.filter(campaign=campaign, issued_on__gte=first, issued_on__lte=last)
        .order_by()
        .values(key)
        .annotate(n=Count("id"))
    ):
        bump(row[key], supervisions=row["n"])
    return {k: scoring.Counts(**v) for k, v in out.items()}


@dataclass
class RankingTable:
    by: str
    year: int
    month: int
    rows: list  # RankedRow with .name
    points: scoring.Points


def rankings(campaign: Campaign, year: int, month: int, today: dt.date, by: str = "unit") -> RankingTable:
    points = points_for(campaign)
    first, last = month_bounds(year, month)
    this = _counts(campaign, first, last, today, by)
    py, pm = previous_month(year, month)
    pfirst, plast = month_bounds(py, pm)
    before = _counts(campaign, pfirst, plast, today, by) if plast >= campaign.start_date else {}
    rows = scoring.rank(this, before, points)
    model = Unit if by == "unit" else User
    names = {o.pk: str(o) for o in model.objects.filter(pk__in=[row.key for row in rows])}
    for row in rows:
        row.name = names.get(row.key, "—")
    return RankingTable(by, year, month, rows, points)


# --- the panel of one object ----------------------------------------------------------------------------------


def object_panel(user, obj, limit: int = 12) -> dict | None:
    """The supervision panel of ``obj`` (an item, an indicator…): its current colour, colour history and 督办.

    Returns None when the user may not see supervision. Three queries, whatever the length of the history.
    Other modules render it with ``{% load supervision %}{% supervision_panel object %}``.
    """
    if not user.has_perm("supervision.view_supervision"):
        return None
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    history = list(ColourRecord.objects.filter(content_type=ct, object_id=obj.pk).order_by("-judged_on", "-id")[:limit])
    supervisions = list(
        Supervision.objects.restrict(user, "view")
        .filter(content_type=ct, object_id=obj.pk)
        .select_related("unit")
        .order_by("-issued_on", "-id")
    )
    current = next((h for h in history if h.current), None)
    can_issue = (
        user.has_perm("supervision.add_supervision") and current is not None and current.colour in (r.RED, r.YELLOW)
    )
    issue_url = (
        reverse("supervision:supervision_add") + f"?type={ct.app_label}.{ct.model}&id={obj.pk}" if can_issue else ""
    )
    return {"current": current, "history": history, "supervisions": supervisions, "issue_url": issue_url}
