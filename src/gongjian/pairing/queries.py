"""Read-side aggregates of pairing: coverage (enterprises not visited for N days) and "my pairing enterprises"."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from . import hooks
from .models import Pairing, Visit

__all__ = ["DEFAULT_VISIT_DAYS", "coverage_by_person", "my_pairings", "unpaired", "visit_days", "with_last_visit"]

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


def coverage(user, today: dt.date, days: int) -> QuerySet:
    """Pairings in force today (within the user's scope) whose person has not visited within ``days``."""
    qs = with_last_visit(Pairing.objects.restrict(user, "view").active(today))
    return qs.filter(_not_visited(today, days)).select_related("enterprise", "person", "person__unit")


def unpaired(user, today: dt.date) -> QuerySet:
    """Enterprises within the user's scope that no one is paired with today (包保空白), with their street."""
    from gongjian.enterprises.models import Enterprise

    paired = Pairing.objects.active(today).values("enterprise")
    return (
        Enterprise.objects.restrict(user, "view")
        .exclude(pk__in=paired)
        .select_related("street")
        .order_by("street__name", "name")
    )


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
