"""Computed indicators: their actuals written from the registered data sources (``gongjian indicators refresh``).

The figures of each indicator written are refreshed in the same transaction (:mod:`.figures`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongjian.core.registry import data_sources
from gongjian.core.services import Actor, record, snapshot

from . import figures
from .choices import ActualStatus, IndicatorKind
from .models import Actual, ActualRevision, Indicator
from .queries import periods_of

__all__ = ["RefreshSummary", "archive", "refresh_computed"]


def archive(actual: Actual, now) -> None:
    ActualRevision.objects.create(
        actual=actual,
        revision=actual.revision,
        value=actual.value,
        status=actual.status,
        is_computed=actual.is_computed,
        note=actual.note,
        submitted_by_id=actual.submitted_by_id,
        submitted_at=actual.submitted_at,
        reviewed_by_id=actual.reviewed_by_id,
        reviewed_at=actual.reviewed_at,
        return_reason=actual.return_reason,
        replaced_at=now,
    )


# --- computed indicators --------------------------------------------------------------------------------------


@dataclass
class RefreshSummary:
    written: int = 0  # actuals created or changed
    unchanged: int = 0
    indicators: int = 0  # indicators whose source answered
    unavailable: list[Indicator] = field(default_factory=list)  # bound to a key no module registered
    failed: list[tuple[Indicator, str]] = field(default_factory=list)  # the source raised an error


def _to_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return number if number.is_finite() else None


def refresh_computed(
    actor: Actor | None = None, today: dt.date | None = None, indicators: Iterable | None = None
) -> RefreshSummary:
    """Bring the actuals of computed indicators up to date from their data sources (idempotent).

    For each ended period of the indicator's year the source gives the figure as known at the period's end; a
    cumulative indicator stores the difference to the previous period. Values are stored accepted and marked
    computed; an unchanged value writes nothing. Each indicator is one transaction.
    """
    actor = actor or Actor.system()
    today = today or timezone.localdate()
    summary = RefreshSummary()
    qs = Indicator.objects.exclude(source_key="").filter(year__gte=today.year - 1, year__lte=today.year)
    if indicators is not None:
        qs = qs.filter(pk__in=[i.pk for i in indicators])
    for ind in qs.select_related("campaign").order_by("pk"):
        source = data_sources.get(ind.source_key)
        if source is None:
            summary.unavailable.append(ind)
            continue
        ended = [p for p in periods_of(ind.year, ind.frequency) if p.end < today]
        try:
            values = [(p, _to_decimal(source.compute(ind.year, p.end))) for p in ended]
        except Exception as exc:
            summary.failed.append((ind, str(exc)[:200]))
            continue
        summary.indicators += 1
        with transaction.atomic():
            if _write_computed(actor, ind, values, summary):
                figures.refresh([ind], today)
    return summary


def _write_computed(actor: Actor, ind: Indicator, values, summary: RefreshSummary) -> int:
    """Write the changed computed actuals of ``ind``; the number written."""
    written = summary.written
    existing = {a.period_start: a for a in Actual.objects.select_for_update().filter(indicator=ind)}
    previous: Decimal | None = Decimal(0)
    now = timezone.now()
    for period, to_date in values:
        if to_date is None:
            previous = None
            continue
        if ind.is_cumulative:
            if previous is None:  # the source has no figure for the period before: the difference is unknown
                previous = to_date
                continue
            value = to_date - previous
            previous = to_date
        else:
            value = to_date
        value = value.quantize(Decimal("0.0001"))
        if ind.kind != IndicatorKind.GROWTH and value < 0:
            value = Decimal(0)  # a source that revised its count down does not make a period negative
        actual = existing.get(period.start)
        if (
            actual is not None
            and actual.is_computed
            and actual.status == ActualStatus.ACCEPTED
            and actual.value == value
            and actual.accepted_value == value
        ):
            summary.unchanged += 1
            continue
        before = snapshot(actual) if actual else None
        if actual is not None:
            archive(actual, now)
            actual.revision += 1
        else:
            actual = Actual(indicator=ind, period_start=period.start)
        actual.value = value
        actual.accepted_value = value
        actual.status = ActualStatus.ACCEPTED
        actual.is_computed = True
        actual.note = ""
        actual.submitted_by = None
        actual.submitted_at = now
        actual.reviewed_by = None
        actual.reviewed_at = now
        actual.return_reason = ""
        actual.save()
        record(actor, "actual.compute", actual, before=before, after=snapshot(actual))
        summary.written += 1
    return summary.written - written
