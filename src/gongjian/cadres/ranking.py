"""The 容错免责 marks on supervision's rankings page (registered through supervision.hooks).

The ranking itself is not touched: supervision computes its scores from the colour history, which an exemption
never changes. For 组织部 and 纪检监察 users this adds, on the row of the unit or leader concerned, a 免责 mark
linking to the decision and the score without the exempted penalty (half of it for a partial exemption), from
the month of the decision on. Other users see the rankings exactly as before.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from gongjian.indicators import rules as r
from gongjian.supervision.colours import ROLLUP_SOURCE
from gongjian.supervision.models import ColourRecord
from gongjian.supervision.queries import month_bounds

from . import workflow as wf
from .choices import CaseState, Outcome
from .models import SEE_ALL, ToleranceCase, holds

__all__ = ["annotate", "counted_in_month", "exemption_adjustments"]


def counted_in_month(record: ColourRecord, as_of) -> bool:
    """Whether the ranking of a month ending ``as_of`` counts ``record`` (the object's latest colour by then)."""
    if record.judged_on > as_of:
        return False
    later = ColourRecord.objects.filter(
        content_type_id=record.content_type_id, object_id=record.object_id, judged_on__lte=as_of, id__gt=record.id
    ).exclude(source=ROLLUP_SOURCE)
    return not later.exists()


def exemption_adjustments(campaign, year: int, month: int, today, by: str, points) -> dict:
    """key (unit or leader id) → (points given back, [cases]) for the exemptions decided by the month's end."""
    first, last = month_bounds(year, month)
    as_of = min(last, today)
    key_field = "unit_id" if by == "unit" else "leader_id"
    cases = (
        ToleranceCase.objects.filter(
            state=CaseState.DECIDED, outcome__in=(Outcome.EXEMPTED, Outcome.PARTLY), decided_on__lte=as_of
        )
        .filter(Q(colour_record__campaign=campaign) | Q(supervision__campaign=campaign))
        .select_related("colour_record", "supervision")
        .order_by("decided_on", "pk")
    )
    out: dict = {}
    for case in cases:
        share = Decimal(1) - Decimal(str(wf.penalty_factor(case.outcome)))
        rec, sup = case.colour_record, case.supervision
        if rec is not None and rec.colour in (r.RED, r.YELLOW) and counted_in_month(rec, as_of):
            penalty = points.red if rec.colour == r.RED else points.yellow
            back, found = out.setdefault(getattr(rec, key_field), (Decimal(0), []))
            out[getattr(rec, key_field)] = (back - penalty * share, [*found, case])
        if sup is not None and first <= sup.issued_on <= last:
            back, found = out.setdefault(getattr(sup, key_field), (Decimal(0), []))
            out[getattr(sup, key_field)] = (
                back - points.supervision * share,
                found if case in found else [*found, case],
            )
    return out


def annotate(user, table, campaign, today) -> None:
    if not (holds(user, "view_tolerancecase") and holds(user, SEE_ALL)):
        return
    adjustments = exemption_adjustments(campaign, table.year, table.month, today, table.by, table.points)
    for row in table.rows:
        if row.key not in adjustments:
            continue
        back, cases = adjustments[row.key]
        row.adjusted_score = (row.score + back).quantize(Decimal("0.01"))
        for case in cases:
            row.marks.append((f"{case.get_outcome_display()} · {case.number}", case.get_absolute_url()))
