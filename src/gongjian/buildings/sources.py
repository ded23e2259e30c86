"""What the building economy gives the rest of the platform: figures for computed indicators and the
一楼一策 plans' traffic lights.

* ``buildings.new_enterprises`` (家, cumulative): enterprises that moved into a building of the district between
  1 January and the day asked, and were in none of its buildings on 31 December before (a tenant moving from one
  building to another is not new to the building economy).
* ``buildings.tax_total`` (亿元, cumulative): the district tax attributed to the buildings for the year (the
  tenancies' recorded figures, else the registry's figures shared by tenancy period and area: metrics.attribute_tax).
* Light source ``building_plan``: each plan of the year gets the colour an item would get, with the year as its
  span (1 January – 31 December) and its latest quarterly progress as percent complete, judged against 序时进度 by
  indicators.rules.item_colour. Progress is reported quarterly, so the monthly "unreported" rule does not apply:
  a plan without progress counts as 0 % done.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gongjian.core.registry import DataSource, LightResult
from gongjian.indicators import rules

from . import queries
from .models import Building, BuildingPlan, PlanProgress
from .queries import new_enterprises

__all__ = ["DATA_SOURCES", "new_enterprises", "plan_lights", "tax_total"]


def tax_total(year: int, as_of: dt.date) -> Decimal | None:
    buildings = list(Building.objects.only("pk", "floor_area", "lettable_area"))
    if not buildings:
        return None
    facts = queries.facts_for(buildings, [year])
    values = [v for v in facts.attributed(year).values() if v is not None]
    if not values:
        return None
    return (sum(values, Decimal(0)) / Decimal(10000)).quantize(Decimal("0.0001"))


DATA_SOURCES = [
    DataSource(
        key="buildings.new_enterprises",
        label=_("Enterprises brought into buildings this year"),
        unit="家",
        compute=new_enterprises,
        kind="cumulative",
    ),
    DataSource(
        key="buildings.tax_total",
        label=_("Building economy district tax"),
        unit="亿元",
        compute=tax_total,
        kind="cumulative",
    ),
]


def plan_case(year: int, percent, today: dt.date) -> rules.ItemCase:
    return rules.ItemCase(
        start=dt.date(year, 1, 1),
        due=dt.date(year, 12, 31),
        percent_complete=percent if percent is not None else 0,
        done=percent is not None and percent >= 100,
        latest_reported_period_end=today,
    )


def plan_lights(today: dt.date):
    plans = list(BuildingPlan.objects.filter(year=today.year).select_related("building"))
    latest: dict[int, int] = {}
    for plan_id, percent in (
        PlanProgress.objects.filter(plan__in=plans).order_by("quarter").values_list("plan_id", "percent")
    ):
        latest[plan_id] = percent
    quarter = (today.month - 1) // 3 + 1
    for plan in plans:
        verdict = rules.item_colour(plan_case(plan.year, latest.get(plan.pk), today), today)
        yield LightResult(
            obj=plan,
            period=f"{plan.year}-Q{quarter}",
            colour=verdict.colour,
            reason=verdict.reason,
            unit_id=plan.building.street_id,
            leader_id=plan.leader_id,
            numbers=verdict.numbers,
        )
