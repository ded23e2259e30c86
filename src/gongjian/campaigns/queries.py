"""Read-side aggregates of the campaigns app: one query per figure set, whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Sum,
)

from gongjian.org.models import Unit

from . import lights, periods, rules
from .choices import ReportStatus
from .models import Area, Campaign, Item, Report

__all__ = ["AreaRow", "area_summary", "campaign_totals", "compliance", "current_campaign", "due_a_report"]


def due_a_report(period: periods.Period) -> Q:
    """Items that owe a report for ``period``: started by its end, not due before it began, not completed before it.

    The one definition used by the overview, the reporting page and "my work" (reports stop at the due date's
    period, as ``services.reportable_periods`` allows).
    """
    return Q(start_date__lte=period.end, due_date__gte=period.start) & (
        Q(completed_on__isnull=True) | Q(completed_on__gte=period.start)
    )


def current_campaign(user, today: dt.date, pk: int | None = None) -> Campaign | None:
    campaigns = Campaign.objects.restrict(user, "view")
    if pk is not None:
        return campaigns.filter(pk=pk).first()
    return (
        campaigns.filter(start_date__lte=today, end_date__gte=today).order_by("-start_date").first()
        or campaigns.order_by("-year", "-start_date").first()
    )


def _item_counts(today: dt.date) -> dict:
    started = Q(progress__gt=0) | Q(milestones_met__gt=0) | Q(start_date__lte=today)
    return {
        "total": Count("id"),
        "done": Count("id", filter=Q(completed_on__isnull=False)),
        "in_progress": Count("id", filter=Q(completed_on__isnull=True) & started),
        "overdue": Count("id", filter=Q(completed_on__isnull=True, due_date__lt=today)),
        "weighted": Sum(
            ExpressionWrapper(F("progress") * F("weight"), output_field=DecimalField(max_digits=14, decimal_places=2))
        ),
        "weight": Sum("weight"),
    }


def _percent(weighted, weight) -> int:
    if not weight:
        return 0
    return round(float(weighted or 0) / float(weight))


@dataclass
class AreaRow:
    area: Area
    total: int = 0
    done: int = 0
    in_progress: int = 0
    overdue: int = 0
    percent: int = 0

    @property
    def not_started(self) -> int:
        return self.total - self.done - self.in_progress


def area_summary(user, campaign: Campaign, today: dt.date) -> list[AreaRow]:
    """Each area with the counts of the items the user may see, and their weighted completion."""
    areas = list(campaign.areas.select_related("leader", "lead_unit").order_by("number"))
    counts = {
        r["area_id"]: r
        for r in Item.objects.restrict(user, "view")
        .filter(area__campaign=campaign)
        .order_by()
        .values("area_id")
        .annotate(**_item_counts(today))
    }
    rows = []
    for area in areas:
        c = counts.get(area.pk)
        if c is None:
            rows.append(AreaRow(area))
            continue
        rows.append(
            AreaRow(area, c["total"], c["done"], c["in_progress"], c["overdue"], _percent(c["weighted"], c["weight"]))
        )
    return rows


def campaign_totals(user, campaign: Campaign, today: dt.date) -> dict:
    items = Item.objects.restrict(user, "view").filter(area__campaign=campaign)
    # The stored lights are counted with the other figures (one query); see figures.py.
    stored_lights = {f"light_{c}": Count("id", filter=Q(stored_light__colour=c)) for c in rules.COLOURS}
    unstored = Count("id", filter=Q(stored_light__isnull=True))
    t = items.aggregate(**_item_counts(today), **stored_lights, unstored=unstored)
    last = periods.last_ended_period(today, campaign.cycle)
    expected = items.filter(due_a_report(last))
    # Missing = no report for that very period (a report for a later period does not make up for it).
    missing = expected.exclude(Exists(Report.objects.filter(item=OuterRef("pk"), period_start=last.start))).count()
    reports = Report.objects.restrict(user, "view").filter(item__area__campaign=campaign)
    r = reports.aggregate(
        to_review=Count("id", filter=Q(status=ReportStatus.SUBMITTED)),
        late_last=Count("id", filter=Q(period_start=last.start, is_late=True)),
    )
    colours = Counter({c: t[f"light_{c}"] for c in rules.COLOURS})
    if t["unstored"]:  # items written outside the services have no stored light yet: judged here, as they stand
        unstored = items.filter(stored_light__isnull=True).values_list(
            "start_date", "due_date", "progress", "completed_on", "last_report_period"
        )
        colours += lights.light_counts(((*row, campaign.cycle) for row in unstored.iterator(chunk_size=2000)), today)
    return {
        "lights": {c: colours.get(c, 0) for c in (rules.RED, rules.YELLOW, rules.BLUE, rules.GREEN)},
        "total": t["total"],
        "done": t["done"],
        "in_progress": t["in_progress"],
        "not_started": t["total"] - t["done"] - t["in_progress"],
        "overdue": t["overdue"],
        "percent": _percent(t["weighted"], t["weight"]),
        "last_period": last,
        "missing_last": missing,
        "late_last": r["late_last"],
        "to_review": r["to_review"],
        "deadline_last": periods.deadline(last, campaign.grace_days),
    }


@dataclass
class UnitCompliance:
    unit: object
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    to_review: int = 0
    returned: int = 0

    @property
    def rate(self) -> int:
        return round(100 * self.on_time / self.expected) if self.expected else 100


#: missing reports listed by name on the reporting page (the counts per unit are always complete)
MISSING_LISTED = 200


def compliance(user, campaign: Campaign, period: periods.Period, today: dt.date):
    """Who reported for ``period``: per lead unit, the items due a report and what became of them.

    A report is missing once the deadline (period end + grace days) has passed without one; before that the item
    is still "open", counted as expected but neither on time nor missing. Counted in the database (one GROUP BY
    over the items joined to their report for the period); the missing items are listed up to
    ``MISSING_LISTED``. Returns (rows, missing items listed, missing in all, deadline passed).
    """
    items = (
        Item.objects.restrict(user, "view")
        .filter(area__campaign=campaign)
        .filter(due_a_report(period))
        .annotate(r=FilteredRelation("reports", condition=Q(reports__period_start=period.start)))
    )
    counts = (
        items.values("lead_unit")
        .annotate(
            expected=Count("pk", distinct=True),
            reported=Count("r", distinct=True),
            late=Count("r", distinct=True, filter=Q(r__is_late=True)),
            to_review=Count("r", distinct=True, filter=Q(r__status=ReportStatus.SUBMITTED)),
            returned=Count("r", distinct=True, filter=Q(r__status=ReportStatus.RETURNED)),
        )
        .order_by()
    )
    deadline_passed = today > periods.deadline(period, campaign.grace_days)
    counts = list(counts)
    units = Unit.objects.in_bulk([c["lead_unit"] for c in counts])
    rows = []
    for c in sorted(counts, key=lambda c: (units[c["lead_unit"]].sort_order, units[c["lead_unit"]].code)):
        open_ = c["expected"] - c["reported"]
        rows.append(
            UnitCompliance(
                units[c["lead_unit"]],
                expected=c["expected"],
                on_time=c["reported"] - c["late"],
                late=c["late"],
                missing=open_ if deadline_passed else 0,
                to_review=c["to_review"],
                returned=c["returned"],
            )
        )
    rows.sort(key=lambda r: (r.rate, -r.missing))
    missing_total = sum(r.missing for r in rows)
    missing_items = []
    if deadline_passed and missing_total:
        missing_items = list(
            items.filter(r__isnull=True)
            .select_related("lead_unit", "area")
            .order_by("lead_unit__sort_order", "lead_unit__code", "code")
            .distinct()[:MISSING_LISTED]
        )
    return rows, missing_items, missing_total, deadline_passed
