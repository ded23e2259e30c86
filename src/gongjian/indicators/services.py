"""Every write on indicators, planned values, actuals and benchmarks.

Each function takes the acting :class:`~gongjian.core.services.Actor`, checks permission and scope, runs in one
transaction, validates, and writes the audit record. Views, the API, the Excel import and the commands call
these functions and nothing else.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.campaigns import periods
from gongjian.core import registry
from gongjian.core.formats import cn_date
from gongjian.core.registry import data_sources
from gongjian.core.services import Actor, assign_fields, record, require, require_object, snapshot
from gongjian.org.models import is_leader

from . import figures, rules
from .choices import UNIT_FACTORS, UNITS, ActualStatus, Comparator, IndicatorKind
from .computed import RefreshSummary, archive, refresh_computed
from .models import Actual, Benchmark, Indicator, PlannedValue, fmt
from .queries import periods_of

__all__ = [
    "INDICATOR_FIELDS",
    "RefreshSummary",
    "accept_actual",
    "clean_value",
    "create_indicator",
    "delete_benchmark",
    "delete_indicator",
    "refresh_computed",
    "return_actual",
    "set_benchmark",
    "set_planned_values",
    "source_available",
    "submit_actual",
    "update_indicator",
]

INDICATOR_FIELDS = [
    "campaign",
    "area",
    "code",
    "name",
    "unit",
    "direction",
    "kind",
    "comparator",
    "target",
    "target_high",
    "baseline",
    "year",
    "frequency",
    "leader",
    "lead_unit",
    "source_unit",
    "source_key",
    "description",
]
#: Largest magnitude a value may have (18 digits, 4 after the point).
MAX_ABS = Decimal(10) ** 14


def _problem_texts() -> dict[str, str]:
    return {
        "comparator_contradicts_direction": _(
            "The comparator contradicts the direction (≥ or > when higher is better, ≤ or < when lower is better)."
        ),
        "range_needs_a_level": _("A range target needs a level, rate or growth indicator, not a cumulative one."),
        "range_needs_low_and_high": _("A range needs its upper bound."),
        "range_low_above_high": _("The upper bound must not be below the target."),
        "baseline_needed_for_linear_plan": _("Give last year's value: the plan of a level runs from it to the target."),
        "negative_value": _("A negative target is only possible for a growth rate."),
    }


def _today() -> dt.date:
    return timezone.localdate()


def _problem_message(code: str) -> str:
    return _problem_texts().get(code, code)


def source_available(indicator: Indicator) -> bool:
    return bool(indicator.source_key) and indicator.source_key in data_sources


# --- numbers --------------------------------------------------------------------------------------------------


def clean_value(indicator: Indicator, value: Any, field_name: str = "value", unit: str | None = None) -> Decimal:
    """A value of the indicator: a finite number of at most 4 decimal places, in range for its kind.

    ``unit``: the unit the value was given in; money converts between 元, 万元 and 亿元, anything else must be
    the indicator's own unit. Raises ValidationError naming ``field_name`` (or ``unit``).
    """
    if isinstance(value, bool) or value is None or value == "":
        raise ValidationError({field_name: _("Enter a number.")})
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except (decimal.InvalidOperation, ValueError):
        raise ValidationError({field_name: _("“{value}” is not a number.").format(value=value)}) from None
    if not number.is_finite():
        raise ValidationError({field_name: _("Enter a finite number (not NaN or infinity).")})
    if unit and unit != indicator.unit:
        if unit in UNIT_FACTORS and indicator.unit in UNIT_FACTORS:
            converted = number * UNIT_FACTORS[unit] / UNIT_FACTORS[indicator.unit]
            number = converted.quantize(Decimal("0.0001")) if converted.as_tuple().exponent < -4 else converted
        else:
            raise ValidationError(
                {
                    "unit": _("The value is in {given} but the indicator is measured in {unit}.").format(
                        given=unit, unit=indicator.unit
                    )
                }
            )
    if number.as_tuple().exponent < -4:
        raise ValidationError({field_name: _("At most 4 decimal places are allowed.")})
    if abs(number) >= MAX_ABS:
        raise ValidationError({field_name: _("The number is too large.")})
    if indicator.kind != IndicatorKind.GROWTH and number < 0:
        raise ValidationError({field_name: _("The value cannot be negative.")})
    if indicator.kind == IndicatorKind.RATE and indicator.unit == "%" and number > 100:
        raise ValidationError({field_name: _("A rate lies between 0 and 100 per cent.")})
    if indicator.kind == IndicatorKind.GROWTH and number <= -100:
        raise ValidationError({field_name: _("A growth rate cannot be −100 per cent or lower.")})
    return number


# --- indicators -----------------------------------------------------------------------------------------------


def _check_indicator(ind: Indicator) -> None:
    errors: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if ind.unit and ind.unit not in UNITS:
        fail(
            "unit",
            _("Unknown unit of measure “{unit}”: use one of {units}.").format(unit=ind.unit, units="、".join(UNITS)),
        )
    if ind.campaign_id:
        campaign = ind.campaign
        if ind.year and ind.year != campaign.year:
            fail("year", _("The indicator's year must be the campaign's year ({year}).").format(year=campaign.year))
        if ind.area_id and ind.area.campaign_id != ind.campaign_id:
            fail("area", _("The area belongs to another campaign."))
    if ind.leader_id and not is_leader(ind.leader):
        fail("leader", _("The responsible leader must hold the leader role."))
    for name in ("target", "target_high", "baseline"):
        value = getattr(ind, name)
        if value is not None and not Decimal(value).is_finite():
            fail(name, _("Enter a finite number (not NaN or infinity)."))
    if ind.comparator == Comparator.RANGE and ind.target_high is None:
        fail("target_high", _("A range needs its upper bound."))
    if ind.comparator != Comparator.RANGE and ind.target_high is not None:
        ind.target_high = None
    if not errors:
        for name, code in ind.problems():
            fail(name if name in INDICATOR_FIELDS else "target", _problem_message(code))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_indicator(actor: Actor, **data) -> Indicator:
    require(actor, Indicator, "add")
    ind = Indicator()
    if "year" not in data and data.get("campaign") is not None:
        data["year"] = data["campaign"].year
    assign_fields(ind, data, INDICATOR_FIELDS)
    ind.source_key = (ind.source_key or "").strip()
    ind.full_clean()
    _check_indicator(ind)
    ind.save()
    record(actor, "indicator.create", ind, after=snapshot(ind))
    figures.refresh([ind])
    return ind


@transaction.atomic
def update_indicator(actor: Actor, ind: Indicator, **data) -> Indicator:
    require_object(actor, ind, "change")
    ind = Indicator.objects.select_for_update().get(pk=ind.pk)
    before = snapshot(ind)
    data.pop("campaign", None)  # an indicator never moves to another campaign
    frozen = ind.actuals.exists()
    for name in ("year", "frequency", "kind"):
        if frozen and name in data and data[name] != getattr(ind, name):
            raise ValidationError({name: _("This cannot change once actuals have been entered.")})
    assign_fields(ind, data, INDICATOR_FIELDS)
    ind.source_key = (ind.source_key or "").strip()
    ind.full_clean()
    _check_indicator(ind)
    ind.save()
    record(actor, "indicator.update", ind, before=before, after=snapshot(ind))
    figures.refresh([ind])
    return ind


@transaction.atomic
def delete_indicator(actor: Actor, ind: Indicator) -> None:
    require_object(actor, ind, "delete")
    ind = Indicator.objects.select_for_update().get(pk=ind.pk)
    if ind.actuals.filter(accepted_value__isnull=False).exists():
        raise ValidationError(_("An indicator with accepted actuals cannot be deleted."))
    record(actor, "indicator.delete", ind, before=snapshot(ind))
    ind.delete()


# --- planned values -------------------------------------------------------------------------------------------


@transaction.atomic
def set_planned_values(actor: Actor, ind: Indicator, values: dict[dt.date, Any]) -> list[PlannedValue]:
    """Replace the custom trajectory. ``values`` maps each period's first day to a value (a (low, high) pair for a
    range); empty means the linear plan. A trajectory gives every period of the year."""
    require_object(actor, ind, "change")
    require(actor, PlannedValue, "change")
    ind = Indicator.objects.select_for_update().get(pk=ind.pk)
    ps = periods_of(ind.year, ind.frequency)
    starts = {p.start for p in ps}
    before = {
        str(k): [str(v), str(h) if h is not None else None]
        for k, v, h in ind.planned_values.values_list("period_start", "value", "value_high")
    }
    rows: list[PlannedValue] = []
    if values:
        errors: dict[str, list[str]] = {}
        unknown = [d for d in values if d not in starts]
        if unknown:
            errors.setdefault("period_start", []).append(
                _("{date} is not the first day of a period of {year}.").format(date=cn_date(unknown[0]), year=ind.year)
            )
        missing = [p for p in ps if p.start not in values]
        if missing:
            errors.setdefault("values", []).append(
                _("A trajectory gives every period of the year; missing: {periods}.").format(
                    periods="、".join(p.label() for p in missing[:6]) + ("…" if len(missing) > 6 else "")
                )
            )
        if errors:
            raise ValidationError(errors)
        for p in ps:
            raw = values[p.start]
            low, high = raw if isinstance(raw, tuple | list) else (raw, None)
            label = p.label()
            try:
                v = clean_value(ind, low, "values")
                h = clean_value(ind, high, "values") if high is not None else None
            except ValidationError as exc:
                raise ValidationError({"values": [f"{label}: {m}" for m in exc.messages]}) from None
            if ind.comparator == Comparator.RANGE:
                if h is None or h < v:
                    raise ValidationError(
                        {
                            "values": [
                                _("{period}: a range needs an upper bound not below the lower.").format(period=label)
                            ]
                        }
                    )
            rows.append(PlannedValue(indicator=ind, period_start=p.start, value=v, value_high=h))
    ind.planned_values.all().delete()
    PlannedValue.objects.bulk_create(rows)
    after = {str(r.period_start): [str(r.value), str(r.value_high) if r.value_high is not None else None] for r in rows}
    record(actor, "indicator.plan", ind, before={"planned": before}, after={"planned": after})
    figures.refresh([ind])
    return rows


# --- actuals --------------------------------------------------------------------------------------------------


def _check_period(ind: Indicator, period_start: dt.date, today: dt.date) -> periods.Period:
    if period_start is None:
        raise ValidationError({"period_start": _("Choose the period.")})
    period = periods.period_containing(period_start, ind.frequency)
    if period.start not in {p.start for p in periods_of(ind.year, ind.frequency)}:
        raise ValidationError(
            {
                "period_start": _("The period {period} is not in the indicator's year {year}.").format(
                    period=period.label(), year=ind.year
                )
            }
        )
    if period.end >= today:
        raise ValidationError(
            {
                "period_start": _(
                    "The period {period} is not over yet: its actual can be entered from {date} on."
                ).format(period=period.label(), date=cn_date(period.end + dt.timedelta(days=1)))
            }
        )
    return period


def _own_amount_from_ytd(ind: Indicator, period: periods.Period, ytd: Decimal) -> Decimal:
    earlier = [p for p in periods_of(ind.year, ind.frequency) if p.start < period.start]
    have = dict(ind.actuals.filter(period_start__lt=period.start).values_list("period_start", "value"))
    missing = [p for p in earlier if p.start not in have]
    if missing:
        raise ValidationError(
            {
                "value": _(
                    "A year-to-date figure needs the actuals of the earlier periods first (missing: {periods})."
                ).format(periods="、".join(p.label() for p in missing[:6]))
            }
        )
    previous = sum(have.values(), Decimal(0))
    if ytd < previous:
        raise ValidationError(
            {
                "value": _(
                    "The year-to-date figure {ytd} is below the sum of the earlier periods ({previous})."
                ).format(ytd=fmt(ytd), previous=fmt(previous))
            }
        )
    return ytd - previous


@transaction.atomic
def submit_actual(
    actor: Actor,
    ind: Indicator,
    *,
    period_start: dt.date,
    value: Any,
    note: str = "",
    year_to_date: bool = False,
    unit: str | None = None,
    today: dt.date | None = None,
) -> Actual:
    """Enter (or correct, or resubmit after a return) the actual of an indicator for an ended period.

    For cumulative kinds ``year_to_date`` takes the sum since the start of the year and stores the period's own
    amount. A correction of an accepted actual goes back to review; the accepted value still counts until then.
    """
    require_object(actor, ind, "enter")
    require(actor, Actual, "add")
    today = today or _today()
    ind = Indicator.objects.select_for_update().get(pk=ind.pk)
    if source_available(ind):
        raise ValidationError(
            _("This indicator is computed from {source}; its actuals update themselves.").format(
                source=data_sources[ind.source_key].label
            )
        )
    period = _check_period(ind, period_start, today)
    number = clean_value(ind, value, "value", unit)
    if year_to_date and ind.is_cumulative:
        number = _own_amount_from_ytd(ind, period, number)
    now = timezone.now()
    existing = Actual.objects.select_for_update().filter(indicator=ind, period_start=period.start).first()
    before = snapshot(existing) if existing else None
    if existing is not None:
        if (
            existing.status == ActualStatus.SUBMITTED
            and existing.value == number
            and existing.note == (note or "").strip()
        ):
            return existing  # the same figure again: nothing to do
        archive(existing, now)
        actual = existing
        actual.revision += 1
        action = "actual.correct" if existing.status == ActualStatus.ACCEPTED else "actual.resubmit"
    else:
        actual = Actual(indicator=ind, period_start=period.start)
        action = "actual.submit"
    actual.value = number
    actual.note = (note or "").strip()
    actual.status = ActualStatus.SUBMITTED
    actual.is_computed = False
    actual.submitted_by = actor.user
    actual.submitted_at = now
    actual.reviewed_by = None
    actual.reviewed_at = None
    actual.return_reason = ""
    actual.save()
    record(actor, action, actual, before=before, after=snapshot(actual))
    figures.refresh([ind])  # a submitted value counts provisionally
    return actual


def _locked_actual(actual: Actual) -> Actual:
    return Actual.objects.select_for_update().select_related("indicator").get(pk=actual.pk)


@transaction.atomic
def accept_actual(actor: Actor, actual: Actual) -> Actual:
    require_object(actor, actual, "review")
    actual = _locked_actual(actual)
    if actual.status != ActualStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted actual can be accepted."))
    if actual.submitted_by_id is not None and actual.submitted_by_id == getattr(actor.user, "pk", None):
        raise PermissionDenied("an actual cannot be reviewed by its author")
    before = snapshot(actual)
    actual.status = ActualStatus.ACCEPTED
    actual.accepted_value = actual.value
    actual.reviewed_by = actor.user
    actual.reviewed_at = timezone.now()
    actual.return_reason = ""
    actual.save()
    record(actor, "actual.accept", actual, before=before, after=snapshot(actual))
    figures.refresh([actual.indicator_id])
    registry.recolour([actual.indicator], timezone.localdate())  # the indicator's colour at once, not tomorrow
    return actual


@transaction.atomic
def return_actual(actor: Actor, actual: Actual, *, reason: str) -> Actual:
    require_object(actor, actual, "review")
    actual = _locked_actual(actual)
    if actual.status != ActualStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted actual can be returned."))
    if actual.submitted_by_id is not None and actual.submitted_by_id == getattr(actor.user, "pk", None):
        raise PermissionDenied("an actual cannot be reviewed by its author")
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Give the reason for returning the actual.")})
    before = snapshot(actual)
    actual.status = ActualStatus.RETURNED
    actual.reviewed_by = actor.user
    actual.reviewed_at = timezone.now()
    actual.return_reason = reason.strip()
    actual.save()
    record(actor, "actual.return", actual, before=before, after=snapshot(actual))
    figures.refresh([actual.indicator_id])
    return actual


# --- benchmarks -----------------------------------------------------------------------------------------------


@transaction.atomic
def set_benchmark(
    actor: Actor, ind: Indicator, *, period_start: dt.date, region: str, value: Any, source: str = ""
) -> Benchmark:
    """Record (or correct) a peer region's value for a period."""
    require_object(actor, ind, "view")
    require(actor, Benchmark, "add")
    region = (region or "").strip()
    if not region:
        raise ValidationError({"region": _("Name the peer region.")})
    if period_start is None:
        raise ValidationError({"period_start": _("Choose the period.")})
    period = periods.period_containing(period_start, ind.frequency)
    if period.start not in {p.start for p in periods_of(ind.year, ind.frequency)}:
        raise ValidationError(
            {
                "period_start": _("The period {period} is not in the indicator's year {year}.").format(
                    period=period.label(), year=ind.year
                )
            }
        )
    number = clean_value(ind, value, "value")
    existing = (
        Benchmark.objects.select_for_update().filter(indicator=ind, period_start=period.start, region=region).first()
    )
    before = snapshot(existing) if existing else None
    bm = existing or Benchmark(indicator=ind, period_start=period.start, region=region)
    bm.value = number
    bm.source = (source or "").strip()[:120]
    bm.full_clean(validate_constraints=False)
    bm.save()
    record(actor, "benchmark.set", bm, before=before, after=snapshot(bm))
    return bm


@transaction.atomic
def delete_benchmark(actor: Actor, bm: Benchmark) -> None:
    require_object(actor, bm, "delete")
    record(actor, "benchmark.delete", bm, before=snapshot(bm))
    bm.delete()


RULES_PROBLEMS = rules.indicator_problems  # re-exported for the forms
