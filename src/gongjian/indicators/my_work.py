"""Sections of "我的工作" contributed by the indicators app: actuals to enter, actuals to review."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ActualStatus
from .models import Actual, Indicator
from .queries import periods_of

__all__ = ["actuals_to_enter", "actuals_to_review"]

LIMIT = 50


def actuals_to_enter(request):
    """The data-source unit's indicators whose actual for the last ended period is missing or was returned."""
    user = request.user
    if not user.has_perm("indicators.enter_indicator"):
        return None
    today = timezone.localdate()
    rows = []
    total = 0
    qs = (
        Indicator.objects.restrict(user, "enter")
        .filter(year__gte=today.year - 1, year__lte=today.year, source_key__in=["", *_no_source_keys()])
        .select_related("campaign", "source_unit")
        .order_by("year", "code", "name")
    )
    by_period: dict[tuple, list[Indicator]] = {}
    for ind in qs:
        ended = [p for p in periods_of(ind.year, ind.frequency) if p.end < today]
        if ended:
            by_period.setdefault((ended[-1].start, ind.frequency), []).append(ind)
    for (start, _freq), inds in by_period.items():
        done = set(
            Actual.objects.filter(indicator__in=inds, period_start=start)
            .exclude(status=ActualStatus.RETURNED)
            .values_list("indicator_id", flat=True)
        )
        for ind in inds:
            if ind.pk in done:
                continue
            total += 1
            if len(rows) < LIMIT:
                period = next(p for p in periods_of(ind.year, ind.frequency) if p.start == start)
                rows.append({"indicator": ind, "period": period})
    return {
        "title": _("Actuals to enter"),
        "template": "indicators/includes/my_work_enter.html",
        "rows": rows,
        "count": total,
    }


def _no_source_keys() -> list[str]:
    """Keys bound to no registered data source: those indicators still take manual actuals."""
    from gongjian.core.registry import data_sources

    keys = set(Indicator.objects.exclude(source_key="").values_list("source_key", flat=True).distinct())
    return sorted(k for k in keys if k not in data_sources)


def actuals_to_review(request):
    user = request.user
    if not user.has_perm("indicators.review_actual"):
        return None
    qs = (
        Actual.objects.restrict(user, "review")
        .filter(status=ActualStatus.SUBMITTED)
        .select_related("indicator", "indicator__source_unit", "submitted_by")
        .order_by("submitted_at")
    )
    return {
        "title": _("Actuals to review"),
        "template": "indicators/includes/my_work_review.html",
        "rows": list(qs[:LIMIT]),
        "count": qs.count(),
    }
