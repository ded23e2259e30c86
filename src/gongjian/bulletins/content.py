"""The tables of a bulletin, computed from the modules' data as of a cut-off date (read side only).

``build(campaign, year, month, cutoff)`` returns plain JSON (numbers, dates as text, names as words) that the
bulletin stores while in draft and that the documents are rendered from. It reads the other modules through
their queries and models; it writes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q
from django.utils import translation
from django.utils.translation import gettext as _

from gongjian.campaigns.lights import colour_label
from gongjian.campaigns.models import Campaign, Item, Report
from gongjian.indicators import queries as indicator_queries
from gongjian.indicators import rules as r
from gongjian.indicators.models import Indicator
from gongjian.problems.models import Problem
from gongjian.supervision import queries as supervision_queries
from gongjian.supervision.choices import SupervisionStatus
from gongjian.supervision.colours import ROLLUP_SOURCE
from gongjian.supervision.models import ColourRecord, Supervision
from gongjian.supervision.templatetags.supervision import colour_reason

__all__ = ["NoData", "build", "month_bounds"]

month_bounds = supervision_queries.month_bounds


class NoData(Exception):
    """The campaign has nothing to report for the month (no items, or none started by the cut-off)."""


def _percent(weighted: float, weight: float) -> int:
    return round(weighted / weight) if weight else 0


def _latest_colours(campaign: Campaign, cutoff: dt.date) -> list[ColourRecord]:
    latest = (
        ColourRecord.objects.filter(campaign=campaign, judged_on__lte=cutoff)
        .exclude(source=ROLLUP_SOURCE)
        .order_by()
        .values("content_type_id", "object_id")
        .annotate(last=Max("id"))
        .values("last")
    )
    return list(ColourRecord.objects.filter(id__in=latest).select_related("unit").order_by("object_repr", "id"))


def _items(campaign: Campaign, cutoff: dt.date, item_colours: dict[int, str]) -> tuple[dict, list]:
    items = list(Item.objects.filter(area__campaign=campaign).select_related("area", "lead_unit").order_by("code"))
    if not items:
        raise NoData(_("The campaign has no items: there is nothing to report."))
    reported = {}
    for item_id, percent in (
        Report.objects.filter(item__area__campaign=campaign, period_start__lte=cutoff)
        .exclude(status="returned")
        .order_by("item_id", "period_start", "pk")
        .values_list("item_id", "percent")
    ):
        reported[item_id] = percent  # the last one wins
    areas: dict[int, dict] = {}
    total = {"total": 0, "done": 0, "in_progress": 0, "not_started": 0, "overdue": 0, "w": 0.0, "wp": 0.0}
    for item in items:
        done = item.completed_on is not None and item.completed_on <= cutoff
        percent = 100 if done else reported.get(item.pk, 0)
        area = areas.setdefault(
            item.area_id,
            {
                "number": item.area.number,
                "title": item.area.title,
                "total": 0,
                "done": 0,
                "overdue": 0,
                "red": 0,
                "w": 0.0,
                "wp": 0.0,
            },
        )
        weight = float(item.weight or 1)
        overdue = not done and item.due_date < cutoff
        for bucket in (area, total):
            bucket["total"] += 1
            bucket["done"] += done
            bucket["overdue"] += overdue
            bucket["w"] += weight
            bucket["wp"] += weight * percent
        total["in_progress"] += (not done) and percent > 0
        total["not_started"] += (not done) and percent == 0
        area["red"] += item_colours.get(item.pk) == r.RED
    rows = []
    for a in sorted(areas.values(), key=lambda a: a["number"]):
        a["percent"] = _percent(a.pop("wp"), a.pop("w"))
        rows.append(a)
    total["percent"] = _percent(total.pop("wp"), total.pop("w"))
    return total, rows


def _ranking(campaign: Campaign, year: int, month: int, cutoff: dt.date) -> list[dict]:
    table = supervision_queries.rankings(campaign, year, month, cutoff + dt.timedelta(days=1), by="unit")
    return [
        {
            "rank": row.rank,
            "unit": row.name,
            "score": str(row.score.quantize(Decimal("0.1"))),
            "change": row.change,
            "red": row.counts.red,
            "yellow": row.counts.yellow,
        }
        for row in table.rows
    ]


def _supervision(campaign: Campaign, first: dt.date, last: dt.date, cutoff: dt.date) -> dict:
    month = Supervision.objects.filter(campaign=campaign, issued_on__gte=first, issued_on__lte=last)
    counts = month.aggregate(
        issued=Count("id"),
        answered=Count("id", filter=~Q(status=SupervisionStatus.OPEN)),
    )
    counts["overdue"] = Supervision.objects.filter(
        campaign=campaign, status=SupervisionStatus.OPEN, reply_by__lt=cutoff, issued_on__lte=cutoff
    ).count()
    return counts


def _indicators(campaign: Campaign, cutoff: dt.date) -> list[dict]:
    qs = Indicator.objects.filter(campaign=campaign).select_related("lead_unit").order_by("code", "pk")
    statuses = indicator_queries.evaluate(qs, cutoff, with_forecast=False)
    rows = []
    for ind in qs:
        st = statuses.get(ind.pk)
        rows.append(
            {
                "code": ind.code,
                "name": ind.name,
                "unit": ind.lead_unit.name if ind.lead_unit_id else "",
                "target": f"{_plain(ind.target)}{ind.unit}",
                "colour": st.colour if st else None,
                "status": st.label if st else "—",
                "reason": st.reason if st else "",
            }
        )
    return rows


def _plain(value) -> str:
    if value is None:
        return "—"
    text = format(Decimal(value).normalize(), "f")
    return text


def _problems(first: dt.date, last: dt.date, cutoff: dt.date) -> dict:
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(cutoff + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    closed = Problem.objects.filter(closed_at__gte=start, closed_at__lt=end).count()
    still_open = (
        Problem.objects.filter(created_at__lt=end).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end)).count()
    )
    return {"closed": closed, "open": still_open}


def build(campaign: Campaign, year: int, month: int, cutoff: dt.date) -> dict:
    """Every table of the bulletin of ``campaign`` for ``year``-``month`` with the data as of ``cutoff``."""
    with translation.override("zh-hans"):
        first, last = month_bounds(year, month)
        colours = _latest_colours(campaign, cutoff)
        item_ct = ContentType.objects.get_for_model(Item)
        item_colours = {c.object_id: c.colour for c in colours if c.content_type_id == item_ct.id}
        headline, areas = _items(campaign, cutoff, item_colours)
        headline.update(
            {
                "red": sum(c.colour == r.RED for c in colours),
                "yellow": sum(c.colour == r.YELLOW for c in colours),
                "green": sum(c.colour in (r.GREEN, r.BLUE, r.DONE) for c in colours),
            }
        )
        reds = [
            {
                "object": c.object_repr,
                "unit": c.unit.name if c.unit_id else "",
                "reason": colour_reason(c),
                "colour": colour_label(c.colour),
            }
            for c in colours
            if c.colour == r.RED
        ]
        return {
            "campaign": campaign.name,
            "year": year,
            "month": month,
            "cutoff": cutoff.isoformat(),
            "headline": headline,
            "areas": areas,
            "ranking": _ranking(campaign, year, month, cutoff),
            "reds": reds,
            "supervision": _supervision(campaign, first, last, cutoff),
            "indicators": _indicators(campaign, cutoff),
            "problems": _problems(first, last, cutoff),
        }
