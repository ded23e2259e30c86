"""Read side: a cadre's performance record (实绩档案) computed from the campaign's own data, and the
commendation candidates derived from the rankings. Nothing here is typed twice: every figure is a query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from gongjian.campaigns.models import Area, Item, Report
from gongjian.indicators import rules as r
from gongjian.pairing.models import Pairing, Visit
from gongjian.problems.choices import ProblemState
from gongjian.problems.models import Problem
from gongjian.supervision import queries as supervision_queries
from gongjian.supervision.colours import ROLLUP_SOURCE
from gongjian.supervision.models import ColourRecord, Supervision, SupervisionReply

from .choices import CaseState, Outcome
from .models import Accountability, Commendation, FieldNote, ToleranceCase, holds

__all__ = ["CadreRecord", "Candidate", "cadre_record", "candidates", "exemptions_by_record"]

GOOD = (r.DONE, r.GREEN, r.BLUE)


def exemptions_by_record(record_ids) -> dict[int, ToleranceCase]:
    """Colour record id → the decided case that exempts it (fully or partly)."""
    cases = ToleranceCase.objects.filter(
        colour_record_id__in=list(record_ids),
        state=CaseState.DECIDED,
        outcome__in=(Outcome.EXEMPTED, Outcome.PARTLY),
    ).order_by("decided_on", "pk")
    return {c.colour_record_id: c for c in cases}


@dataclass
class CadreRecord:
    person: object
    start: dt.date
    end: dt.date
    items: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    reports_total: int = 0
    reports_on_time: int = 0
    colours: list = field(default_factory=list)  # ColourRecord with .exemption (a case or None)
    red: int = 0
    yellow: int = 0
    green: int = 0
    exempted: int = 0
    supervisions: list = field(default_factory=list)
    supervisions_answered: int = 0
    pairings: list = field(default_factory=list)
    visits: int = 0
    problems_closed: int = 0
    notes: list | None = None  # None: the reader may not see notes
    cases: list = field(default_factory=list)
    commendations: list = field(default_factory=list)
    accountabilities: list = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        """Share of the reports on the cadre's items that came on time; None when there were none."""
        return self.reports_on_time / self.reports_total if self.reports_total else None

    @property
    def on_time_percent(self) -> str:
        rate = self.on_time_rate
        return "—" if rate is None else f"{rate * 100:.1f}%"


def cadre_record(viewer, person, start: dt.date, end: dt.date) -> CadreRecord:
    """The record of ``person`` between ``start`` and ``end`` (inclusive), as ``viewer`` may read it."""
    rec = CadreRecord(person=person, start=start, end=end)
    rec.items = list(
        Item.objects.restrict(viewer, "view")
        .filter(leader=person, start_date__lte=end, due_date__gte=start)
        .select_related("area", "lead_unit")
        .order_by("area__number", "code")
    )
    rec.areas = list(Area.objects.restrict(viewer, "view").filter(leader=person).order_by("campaign", "number"))
    reports = (
        Report.objects.restrict(viewer, "view")
        .filter(item__leader=person, period_start__gte=start, period_start__lte=end)
        .aggregate(total=Count("id"), on_time=Count("id", filter=Q(is_late=False)))
    )
    rec.reports_total, rec.reports_on_time = reports["total"], reports["on_time"]
    rec.colours = list(
        ColourRecord.objects.restrict(viewer, "view")
        .filter(leader=person, judged_on__gte=start, judged_on__lte=end)
        .exclude(source=ROLLUP_SOURCE)
        .order_by("judged_on", "id")
    )
    exemptions = exemptions_by_record(c.pk for c in rec.colours)
    for c in rec.colours:
        c.exemption = exemptions.get(c.pk)
    rec.red = sum(1 for c in rec.colours if c.colour == r.RED)
    rec.yellow = sum(1 for c in rec.colours if c.colour == r.YELLOW)
    rec.green = sum(1 for c in rec.colours if c.colour in GOOD)
    rec.exempted = sum(1 for c in rec.colours if c.exemption is not None)
    replied = SupervisionReply.objects.filter(supervision=OuterRef("pk"))
    rec.supervisions = list(
        Supervision.objects.restrict(viewer, "view")
        .filter(leader=person, issued_on__gte=start, issued_on__lte=end)
        .annotate(answered=Exists(replied))
        .select_related("unit")
        .order_by("issued_on", "id")
    )
    rec.supervisions_answered = sum(1 for s in rec.supervisions if s.answered)
    rec.pairings = list(
        Pairing.objects.restrict(viewer, "view")
        .filter(person=person, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("enterprise")
        .order_by("start_date", "id")
    )
    rec.visits = Visit.objects.restrict(viewer, "view").filter(visitor=person, date__gte=start, date__lte=end).count()
    rec.problems_closed = (
        Problem.objects.restrict(viewer, "view")
        .filter(state=ProblemState.CLOSED, closed_at__date__gte=start, closed_at__date__lte=end)
        .filter(Q(raised_by=person) | Q(applied_by=person) | Q(leader=person))
        .count()
    )
    if holds(viewer, "view_fieldnote"):
        rec.notes = list(
            FieldNote.objects.restrict(viewer, "view")
            .filter(cadre=person, observed_on__gte=start, observed_on__lte=end)
            .select_related("author", "item")
            .order_by("observed_on", "id")
        )
    rec.cases = list(
        ToleranceCase.objects.restrict(viewer, "view")
        .filter(person=person, applied_on__lte=end)
        .filter(Q(decided_on__isnull=True) | Q(decided_on__gte=start))
        .order_by("applied_on", "id")
    )
    rec.commendations = list(
        Commendation.objects.restrict(viewer, "view")
        .filter(person=person, awarded_on__gte=start, awarded_on__lte=end)
        .order_by("awarded_on", "id")
    )
    rec.accountabilities = list(
        Accountability.objects.restrict(viewer, "view")
        .filter(person=person, decided_on__gte=start, decided_on__lte=end)
        .order_by("decided_on", "id")
    )
    return rec


# --- commendation candidates -----------------------------------------------------------------------------------


@dataclass
class Candidate:
    by: str  # "unit" or "leader"
    key: int
    name: str
    reason: str  # "green_streak" or "improved"
    detail: str


def _months_back(year: int, month: int, n: int) -> list[tuple[int, int]]:
    out = []
    for _i in range(n):
        out.append((year, month))
        year, month = supervision_queries.previous_month(year, month)
    return list(reversed(out))


def candidates(campaign, today: dt.date, streak: int = 3, improved: int = 3) -> list[Candidate]:
    """Units and leaders green ``streak`` months running (no red, no yellow, something green, by each month's end),
    and the ``improved`` rows that gained most places in the latest month."""
    out: list[Candidate] = []
    months = [
        (y, m) for y, m in _months_back(today.year, today.month, streak) if dt.date(y, m, 1) >= campaign.start_date
    ]
    for by in ("unit", "leader"):
        tables = [supervision_queries.rankings(campaign, y, m, today, by) for y, m in months]
        if len(tables) == streak:
            streaks = None
            for table in tables:
                good = {
                    row.key for row in table.rows if row.counts.red == 0 and row.counts.yellow == 0 and row.counts.green
                }
                streaks = good if streaks is None else streaks & good
            names = {row.key: row.name for row in tables[-1].rows}
            for key in sorted(streaks or (), key=lambda k: names.get(k, "")):
                out.append(Candidate(by, key, names.get(key, "—"), "green_streak", f"{streak}"))
        if tables:
            moved = sorted((row for row in tables[-1].rows if (row.change or 0) > 0), key=lambda row: -row.change)
            for row in moved[:improved]:
                out.append(Candidate(by, row.key, row.name, "improved", f"{row.change}"))
    return out
