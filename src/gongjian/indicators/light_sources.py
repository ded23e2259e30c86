"""Light sources of the daily warnings run (core.registry.register_light_source): indicators, items, milestones.

Each source is set-based: a fixed number of queries whatever the number of objects, then the pure rules of
:mod:`.rules`. Every result is a :class:`~gongjian.core.registry.LightResult`:

* ``"indicator"``: ``obj`` an Indicator (campaign loaded), ``period`` the judged period key ("2026-05"),
  ``colour``/``reason`` of :func:`.rules.indicator_colour`, ``unit_id`` the lead unit, ``leader_id`` the
  responsible leader; ``numbers`` the verdict's numbers plus ``forecast`` (the year-end projection as
  :meth:`.forecast.Forecast.as_dict`) when there are actuals. Indicators of the current year (and of last year
  during January, whose December is judged then).
* ``"item"``: ``obj`` an Item (loaded: id, area_id, code, title, the dates and derived fields the rule needs,
  lead_unit_id, leader_id; annotated ``campaign_cycle`` and ``campaign_grace_days``), ``period`` the last
  ended reporting period's key, colour and reason of :func:`.rules.item_colour` with the campaign's grace days;
  ``unit_id`` the lead unit, ``leader_id`` the responsible leader. Items of campaigns running on the day (and
  for 31 days after their end).
* ``"milestone"``: ``obj`` a Milestone (loaded: id, title, dates; its item with id, code, lead_unit_id,
  leader_id), ``period`` "", colour and reason of
  :func:`.rules.milestone_colour`; ``unit_id``/``leader_id`` those of its item. Milestones of open items of the
  same campaigns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import F

from gongjian.campaigns import periods
from gongjian.campaigns.lights import _case as item_case
from gongjian.campaigns.models import Item, Milestone
from gongjian.core.registry import LightResult

from . import rules
from .models import Indicator
from .queries import evaluate, rules_for

__all__ = ["indicator_lights", "item_lights", "milestone_lights", "register"]

#: A campaign's items keep being judged this many days after its end (the last period's reports come in then).
AFTER_END_DAYS = 31


def indicator_lights(today: dt.date, ids: list[int] | None = None) -> Iterator[LightResult]:
    """``ids``: only these indicators (an accepted actual judges its indicator at once)."""
    years = [today.year] + ([today.year - 1] if today.month == 1 else [])
    qs = Indicator.objects.filter(year__in=years).order_by("pk")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    for status in evaluate(qs, today).values():
        if status.verdict is None:
            continue
        ind = status.indicator
        numbers = dict(status.verdict.numbers)
        if status.forecast is not None and status.forecast.method is not None:
            numbers["forecast"] = status.forecast.as_dict()
        period = numbers.get("period") or numbers.get("awaiting_period") or ""
        yield LightResult(
            obj=ind,
            period=period,
            colour=status.verdict.colour,
            reason=status.verdict.reason,
            unit_id=ind.lead_unit_id,
            leader_id=ind.leader_id,
            numbers=numbers,
        )


def _running(today: dt.date):
    return {
        "area__campaign__start_date__lte": today,
        "area__campaign__end_date__gte": today - dt.timedelta(days=AFTER_END_DAYS),
    }


def item_lights(today: dt.date, ids: list[int] | None = None) -> Iterator[LightResult]:
    """``ids``: only these items (an accepted report judges its item at once)."""
    qs = (
        Item.objects.filter(**_running(today))
        .filter(**({"pk__in": ids} if ids is not None else {}))
        .annotate(campaign_cycle=F("area__campaign__cycle"), campaign_grace_days=F("area__campaign__grace_days"))
        .only(
            "id",
            "area_id",
            "code",
            "title",
            "start_date",
            "due_date",
            "progress",
            "completed_on",
            "last_report_period",
            "lead_unit_id",
            "leader_id",
        )
        .order_by("pk")
    )
    last_period: dict[str, str] = {}
    for item in qs.iterator(chunk_size=5000):
        cycle = item.campaign_cycle
        if cycle not in last_period:
            last_period[cycle] = periods.last_ended_period(today, cycle).key
        case = item_case(
            item.start_date, item.due_date, item.progress, item.completed_on, item.last_report_period, cycle
        )
        verdict = rules.item_colour(case, today, rules_for(item.campaign_grace_days))
        yield LightResult(
            obj=item,
            period=last_period[cycle],
            colour=verdict.colour,
            reason=verdict.reason,
            unit_id=item.lead_unit_id,
            leader_id=item.leader_id,
            numbers=verdict.numbers,
        )


def milestone_lights(today: dt.date) -> Iterator[LightResult]:
    running = {f"item__{k}": v for k, v in _running(today).items()}
    qs = (
        Milestone.objects.filter(item__completed_on__isnull=True, **running)
        .select_related("item")
        .only(
            "id",
            "title",
            "planned_date",
            "actual_date",
            "item__id",
            "item__code",
            "item__lead_unit_id",
            "item__leader_id",
        )
        .order_by("pk")
    )
    for ms in qs.iterator(chunk_size=5000):
        verdict = rules.milestone_colour(rules.MilestoneCase(ms.planned_date, ms.actual_date is not None), today)
        yield LightResult(
            obj=ms,
            period="",
            colour=verdict.colour,
            reason=verdict.reason,
            unit_id=ms.item.lead_unit_id,
            leader_id=ms.item.leader_id,
            numbers=verdict.numbers,
        )


def register() -> None:
    from gongjian.core.registry import register_light_source

    register_light_source("indicator", indicator_lights)
    register_light_source("item", item_lights)
    register_light_source("milestone", milestone_lights)
