"""Read-side aggregates of the problem ledger: the 见底清零 figures, computed in the database.

Open problems at the end of each month: raised before the month ended and not closed out by then. Grouped by
responsible leader, handling unit and category with one query each (conditional aggregates, one per month).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum

from . import workflow as wf
from .choices import ProblemState
from .models import Problem

__all__ = ["Trend", "month_ends", "summary", "trend"]


def month_ends(year: int, today: dt.date) -> list[tuple[int, dt.datetime]]:
    """(month, the instant the month ends) for the months of ``year`` that have begun by ``today``."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    out = []
    for month in range(1, 13):
        start = dt.date(year, month, 1)
        if start > today:
            break
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        out.append((month, dt.datetime(nxt.year, nxt.month, 1, tzinfo=tz)))
    return out


def _open_at(end: dt.datetime) -> Q:
    return Q(raised_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))


def _aggregates(months, today: dt.date) -> dict:
    aggs = {f"m{m}": Count("pk", filter=_open_at(end)) for m, end in months}
    duration = ExpressionWrapper(F("closed_at") - F("raised_at"), output_field=DurationField())
    aggs.update(
        open=Count("pk", filter=~Q(state=ProblemState.CLOSED)),
        closed=Count("pk", filter=Q(state=ProblemState.CLOSED)),
        total=Count("pk"),
        overdue=Count("pk", filter=_overdue_q(today)),
        returned=Sum("return_count"),
        avg_close=Avg(duration, filter=Q(closed_at__isnull=False)),
    )
    return aggs


def _overdue_q(today: dt.date) -> Q:
    working = Q(state__in=wf.WORKING_STATES, deadline__lt=today)
    answered_late = Q(state__in=[ProblemState.APPLIED, ProblemState.VERIFIED], applied_on__gt=F("deadline"))
    return working | answered_late


class Trend:
    """One row of the dashboard: a label, the open count at each month end, and the totals."""

    def __init__(self, key, label: str, row: dict, months):
        self.key = key
        self.label = label
        self.series = [row.get(f"m{m}") or 0 for m, _end in months]
        self.open = row.get("open") or 0
        self.closed = row.get("closed") or 0
        self.total = row.get("total") or 0
        self.overdue = row.get("overdue") or 0
        self.returned = row.get("returned") or 0
        avg = row.get("avg_close")
        self.avg_days = round(avg.total_seconds() / 86400, 1) if avg is not None else None
        peak = max(self.series, default=0)
        self.peak = peak
        self.bars = [(v, round(100 * v / peak) if peak else 0) for v in self.series]

    @property
    def cleared(self) -> bool:
        return self.total > 0 and self.open == 0


def _label(row: dict, fields: tuple[str, ...], empty: str) -> str:
    for f in fields:
        if row.get(f):
            return str(row[f])
    return empty


def trend(qs: QuerySet, year: int, today: dt.date, by: str | None = None) -> list[Trend] | Trend:
    """The month-end open counts and totals of ``qs`` (already restricted), overall or grouped ``by`` one of
    ``leader``, ``unit``, ``category``."""
    months = month_ends(year, today)
    qs = qs.filter(raised_at__lt=months[-1][1]) if months else qs.none()
    aggs = _aggregates(months, today)
    if by is None:
        return Trend(None, "", qs.aggregate(**aggs), months)
    fields = {
        "leader": ("leader", ("leader__display_name", "leader__username")),
        "unit": ("handling_unit", ("handling_unit__short_name", "handling_unit__name")),
        "category": ("category", ("category__name",)),
    }[by]
    key, labels = fields
    rows = qs.order_by().values(key, *labels).annotate(**aggs).order_by(f"-{'open'}", key)
    from django.utils.translation import gettext as _

    empty = {"leader": _("(no leader)"), "unit": _("(not assigned)"), "category": ""}[by]
    return [Trend(r[key], _label(r, labels, empty), r, months) for r in rows]


def summary(user, year: int, today: dt.date) -> dict:
    qs = Problem.objects.restrict(user, "view")
    months = month_ends(year, today)
    return {
        "months": [m for m, _end in months],
        "overall": trend(qs, year, today),
        "by_leader": trend(qs, year, today, "leader"),
        "by_unit": trend(qs, year, today, "unit"),
        "by_category": trend(qs, year, today, "category"),
    }


# --- what pairing shows of the ledger (registered in apps.py through pairing.hooks) ------------------------------


def open_problems_of_enterprise(enterprise_ref):
    """The number of open problems of the enterprise ``enterprise_ref`` (an OuterRef), as a one-column queryset."""
    return (
        Problem.objects.filter(enterprise_id=enterprise_ref)
        .exclude(state=ProblemState.CLOSED)
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("pk"))
        .values("n")
    )


def problems_of_visit(user, visit):
    """The problems raised on ``visit`` that ``user`` may see."""
    return Problem.objects.restrict(user, "view").filter(visit=visit).select_related("category", "handling_unit")
