"""Read-side aggregates of pairing: coverage (enterprises not visited for N days) and "my pairing enterprises"."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django import forms
from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gongjian.org.models import Unit

from . import hooks
from .choices import GapKind
from .models import Pairing, Visit

__all__ = [
    "DEFAULT_VISIT_DAYS",
    "Gap",
    "GapFilterForm",
    "GapKind",
    "GapRows",
    "coverage",
    "coverage_by_person",
    "gaps",
    "my_pairings",
    "unpaired",
    "visit_days",
    "with_last_visit",
]

#: A paired enterprise not visited for this many days shows on the coverage page (GONGJIAN_VISIT_DAYS).
DEFAULT_VISIT_DAYS = 30


def visit_days(value=None) -> int:
    """The coverage window: the value asked for (1–366), else the setting, else 30 days."""
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = int(getattr(settings, "GONGJIAN_VISIT_DAYS", DEFAULT_VISIT_DAYS))
    return min(max(days, 1), 366)


def with_last_visit(pairings: QuerySet) -> QuerySet:
    """Annotate ``last_visit``: the latest visit of the paired person to the enterprise."""
    last = (
        Visit.objects.filter(enterprise_id=OuterRef("enterprise_id"), visitor_id=OuterRef("person_id"))
        .order_by("-date")
        .values("date")[:1]
    )
    return pairings.annotate(last_visit=Subquery(last))


def _not_visited(today: dt.date, days: int) -> Q:
    return Q(last_visit__isnull=True) | Q(last_visit__lt=today - dt.timedelta(days=days))


def _search(value: str, prefix: str = "") -> Q:
    return Q(**{f"{prefix}name__icontains": value}) | Q(**{f"{prefix}credit_code__icontains": value})


def coverage(user, today: dt.date, days: int, *, unit: Unit | None = None, q: str = "") -> QuerySet:
    """Pairings in force today (within the user's scope) whose person has not visited within ``days``; ``unit``
    keeps those whose person belongs to it (or a unit below it), ``q`` searches the enterprise's name and code."""
    qs = with_last_visit(Pairing.objects.restrict(user, "view").active(today))
    if unit is not None:
        qs = qs.filter(person__unit__path__startswith=unit.path)
    if q.strip():
        qs = qs.filter(_search(q.strip(), "enterprise__"))
    return qs.filter(_not_visited(today, days)).select_related("enterprise", "person", "person__unit")


def unpaired(user, today: dt.date, *, unit: Unit | None = None, q: str = "") -> QuerySet:
    """Enterprises within the user's scope that no one is paired with today (包保空白), with their street, which
    answers for finding them a cadre; ``unit`` keeps the enterprises of its streets, ``q`` searches name and code."""
    from gongjian.enterprises.models import Enterprise

    paired = Pairing.objects.active(today).values("enterprise")
    qs = Enterprise.objects.restrict(user, "view").exclude(pk__in=paired)
    if unit is not None:
        qs = qs.filter(street__path__startswith=unit.path)
    if q.strip():
        qs = qs.filter(_search(q.strip()))
    return qs.select_related("street").order_by("street__name", "name", "pk")


_SELECT = {"class": "form-select form-select-sm w-auto"}


class GapFilterForm(forms.Form):
    """The filters of the 包保 gaps, the same on the page, in its exports and in ``/api/pairing-gaps/``."""

    kind = forms.ChoiceField(
        label=_("Gap"), choices=[("", _("Every gap")), *GapKind.choices], required=False, widget=forms.Select(_SELECT)
    )
    unit = forms.ModelChoiceField(
        label=_("Responsible unit"),
        queryset=Unit.objects.filter(is_active=True).order_by("path"),
        required=False,
        empty_label=_("Every unit"),
        widget=forms.Select(_SELECT),
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    days = forms.IntegerField(label=_("Not visited for (days)"), min_value=1, max_value=366, required=False)

    def values(self) -> dict:
        """The valid filters (an invalid one is left out), the days defaulting to the setting."""
        data = getattr(self, "cleaned_data", {})
        return {
            "kind": data.get("kind") or "",
            "unit": data.get("unit"),
            "q": data.get("q") or "",
            "days": visit_days(data.get("days")),
        }


@dataclasses.dataclass
class Gap:
    """One row of the 包保 gaps: an enterprise nobody is paired with, or a pairing whose person has not visited."""

    kind: str
    enterprise: object
    unit: Unit | None  # the street of an unpaired enterprise; the unit of the person who has not visited
    person: object | None = None
    last_visit: dt.date | None = None
    days_since: int | None = None

    @property
    def kind_label(self) -> str:
        return str(GapKind(self.kind).label)


class GapRows:
    """The enterprises with no paired cadre, then the pairings not visited in time, as one list a paginator pages
    through: counted and sliced in the database, neither list loaded whole."""

    def __init__(self, unpaired_qs: QuerySet, not_visited_qs: QuerySet, today: dt.date):
        self.unpaired, self.not_visited, self.today = unpaired_qs, not_visited_qs, today
        self._first = None

    def _unpaired_count(self) -> int:
        if self._first is None:
            self._first = self.unpaired.count()
        return self._first

    def count(self) -> int:
        return self._unpaired_count() + self.not_visited.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Gap]:
        first = self._unpaired_count()
        start = index.start or 0
        stop = self.count() if index.stop is None else index.stop
        rows = [Gap(GapKind.UNPAIRED, e, e.street) for e in self.unpaired[start:stop]] if start < first else []
        if stop > first:
            rows += [self._not_visited(p) for p in self.not_visited[max(start - first, 0) : stop - first]]
        return rows

    def _not_visited(self, pairing) -> Gap:
        last = pairing.last_visit
        days = (self.today - last).days if last else None
        return Gap(GapKind.NOT_VISITED, pairing.enterprise, pairing.person.unit, pairing.person, last, days)

    def __iter__(self):
        return iter(self[0:None])


def gaps(user, today: dt.date, *, kind: str = "", unit: Unit | None = None, q: str = "", days: int) -> GapRows:
    """包保 gaps within the user's scope: enterprises with no paired cadre, then pairings in force not visited
    within ``days`` (the longest unvisited first), filtered alike."""
    none_unpaired = kind == GapKind.NOT_VISITED
    none_visits = kind == GapKind.UNPAIRED
    first = unpaired(user, today, unit=unit, q=q)
    then = coverage(user, today, days, unit=unit, q=q).order_by(F("last_visit").asc(nulls_first=True), "pk")
    return GapRows(first.none() if none_unpaired else first, then.none() if none_visits else then, today)


def coverage_by_person(user, today: dt.date, days: int) -> list[dict]:
    """Per paired person: pairings in force, and how many of them were not visited within ``days``."""
    qs = with_last_visit(Pairing.objects.restrict(user, "view").active(today))
    rows = (
        qs.values("person", "person__display_name", "person__username", "person__unit__short_name")
        .annotate(total=Count("pk"), not_visited=Count("pk", filter=_not_visited(today, days)))
        .order_by("-not_visited", "person__username")
    )
    return list(rows)


def my_pairings(user, today: dt.date) -> QuerySet:
    """The user's pairings in force today with the last visit and the enterprise's open problems (我的包保企业)."""
    open_problems = hooks.open_problems_subquery(OuterRef("enterprise_id"))
    count = Subquery(open_problems, output_field=IntegerField()) if open_problems is not None else Value(0)
    qs = Pairing.objects.filter(person=user).active(today).select_related("enterprise")
    return with_last_visit(qs).annotate(open_problems=Coalesce(count, Value(0)))
