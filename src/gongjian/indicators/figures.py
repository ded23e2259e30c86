"""Stored figures of indicators (:class:`~.models.IndicatorFigures`): written here, read by the list.

* :func:`figures_of` turns a judgement of the pure rules (verdict, forecast, problems) into the stored values:
  plain data in and out, no query.
* :func:`refresh` recomputes the figures of some indicators and stores those that changed; every service that
  changes what they derive from (an indicator's target or plan, an actual submitted, accepted, corrected or
  returned, a computed actual) calls it in its own transaction.
* :func:`refresh_all` does the same for every indicator, a chunk at a time; the daily warnings run calls it
  (the colours move with the date) and reports how many stored figures it found out of date.
* :func:`status_of` rebuilds the :class:`~.queries.Status` the templates show from the stored row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils import timezone

from . import rules
from .forecast import Forecast
from .models import Indicator, IndicatorFigures
from .queries import Status, evaluate, rules_for

__all__ = [
    "FIELDS",
    "campaign_changed",
    "computed",
    "figures_of",
    "refresh",
    "refresh_all",
    "status_of",
    "stored_values",
]

#: The stored values, compared to tell a figure out of date.
FIELDS = ("colour", "severity", "reason", "numbers", "achievement", "forecast", "projected_miss", "problems")
CHUNK = 500  # indicators a query names at a time (SQLite's limit on parameters)
_FORECAST_KEYS = ("method", "projected", "meets_target", "gap", "warning", "current")


def _exact_out(x) -> Any:
    """An exact number as JSON: ints stay ints, fractions are written "n/d" (read back by :func:`_exact_in`)."""
    if x is None or isinstance(x, int | float):
        return x
    if isinstance(x, Fraction):
        return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    return str(x)


def _exact_in(x) -> Any:
    return Fraction(x) if isinstance(x, str) else x


def _percent(x) -> Decimal | None:
    return None if x is None else Decimal(str(x)).quantize(Decimal("0.01"))


def figures_of(verdict: rules.Verdict | None, forecast: Forecast | None, problems) -> dict[str, Any]:
    """The stored values of an indicator judged ``verdict`` (None: cannot be judged) with ``forecast``."""
    fc = None
    if forecast is not None:
        fc = {
            "method": forecast.method,
            "projected": _exact_out(forecast.projected),
            "meets_target": forecast.meets_target,
            "gap": _exact_out(forecast.gap),
            "warning": forecast.warning,
            "current": forecast.current,
            "numbers": forecast.numbers,
        }
    return {
        "colour": verdict.colour if verdict else "",
        "severity": rules.severity(verdict.colour) if verdict else None,
        "reason": verdict.reason if verdict else "",
        "numbers": dict(verdict.numbers) if verdict else {},
        "achievement": _percent(verdict.numbers.get("achievement_percent")) if verdict else None,
        "forecast": fc,
        "projected_miss": bool(forecast and forecast.warning == "projected_miss"),
        "problems": [list(p) for p in problems],
    }


def stored_values(row: IndicatorFigures) -> dict[str, Any]:
    return {f: getattr(row, f) for f in FIELDS}


def _status_values(status: Status) -> dict[str, Any]:
    return figures_of(status.verdict, status.forecast, status.problems)


def status_of(indicator: Indicator, row: IndicatorFigures | None) -> Status | None:
    """The status shown for ``indicator`` from its stored figures (None when none are stored yet)."""
    if row is None:
        return None
    verdict = rules.Verdict(row.colour, row.reason, row.numbers) if row.colour else None
    fc = None
    if row.forecast is not None:
        f = row.forecast
        fc = Forecast(
            f["method"],
            _exact_in(f["projected"]),
            f["meets_target"],
            _exact_in(f["gap"]),
            f["warning"],
            f["current"],
            f.get("numbers") or {},
        )
    problems = [tuple(p) for p in row.problems]
    return Status(indicator, verdict, fc, problems, rules_for(indicator.campaign.grace_days))


def _normal(values: dict[str, Any]) -> dict[str, Any]:
    """Values as they read back from the database (JSON turns tuples into lists)."""
    out = dict(values)
    for key in ("numbers", "forecast", "problems"):
        out[key] = json.loads(json.dumps(out[key]))
    return out


def computed(indicators: list[Indicator], today: dt.date) -> dict[int, dict[str, Any]]:
    """indicator id → the figures recomputed from scratch (as they would be stored), for indicators loaded with
    their campaign."""
    return {pk: _normal(_status_values(status)) for pk, status in evaluate(indicators, today).items()}


def _store(indicators: list[Indicator], today: dt.date) -> int:
    """Write the figures of ``indicators`` that differ from the stored ones; the number of rows written."""
    fresh = computed(indicators, today)
    stored = {r.pk: r for r in IndicatorFigures.objects.filter(pk__in=list(fresh))}
    changed: list[IndicatorFigures] = []
    for pk, values in fresh.items():
        row = stored.get(pk)
        if row is not None and stored_values(row) == values:
            continue
        changed.append(IndicatorFigures(indicator_id=pk, as_of=today, **values))
    if changed:
        IndicatorFigures.objects.bulk_create(
            changed, update_conflicts=True, unique_fields=["indicator"], update_fields=["as_of", *FIELDS]
        )
    return len(changed)


def refresh(indicators: Iterable[Indicator | int], today: dt.date | None = None) -> int:
    """Recompute and store the figures of ``indicators`` (call inside the writing transaction)."""
    ids = [i if isinstance(i, int) else i.pk for i in indicators]
    today = today or timezone.localdate()
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = Indicator.objects.filter(pk__in=ids[start : start + CHUNK]).select_related("campaign")
        written += _store(list(chunk), today)
    return written


def campaign_changed(campaign, fields: set[str]) -> None:
    """A campaign's grace days judge its indicators' late actuals: their figures again (campaigns.hooks)."""
    if "grace_days" in fields:
        refresh(Indicator.objects.filter(campaign=campaign).values_list("pk", flat=True))


def refresh_all(today: dt.date) -> tuple[int, int]:
    """Recompute every indicator's figures; (indicators checked, stored figures found out of date and rewritten).

    Figures of unchanged indicators keep their row; ``as_of`` moves to ``today`` in one statement.
    """
    checked = repaired = 0
    last = 0
    while True:
        chunk = list(Indicator.objects.filter(pk__gt=last).select_related("campaign").order_by("pk")[:CHUNK])
        if not chunk:
            break
        last = chunk[-1].pk
        checked += len(chunk)
        repaired += _store(chunk, today)
    IndicatorFigures.objects.exclude(as_of=today).update(as_of=today)
    return checked, repaired
