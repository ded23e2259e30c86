"""Cockpit widgets over the domain modules: the problem ledger's burn-down (见底清零), 包保 coverage, building
occupancy and (confidential) building tax. A fixed number of queries each, whatever the number of rows; figures
through ``restrict()``."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from gongjian.buildings.choices import Tier
from gongjian.core.formats import cn_date
from gongjian.core.numbers import area_m2, count, money, number, percent
from gongjian.enterprises.models import Enterprise
from gongjian.pairing.choices import GapKind
from gongjian.pairing.models import Pairing, Visit
from gongjian.pairing.queries import visit_days
from gongjian.problems.models import Problem

from .base import Widget, no_data
from .selection import Selection

__all__ = ["WEEKS", "building_occupancy", "building_tax", "idle_land", "pairing_coverage", "problem_burndown"]

#: The burn-down's weeks, ending with the week of the day shown.
WEEKS = 12


def _instant(day: dt.date) -> dt.datetime:
    """The start of ``day`` in the platform's time zone."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def problem_burndown(user, sel: Selection) -> Widget:
    """Open problems at each week's end and those closed out (销号) in the week, for the last twelve weeks."""
    w = Widget("problems", _("Problem ledger: open and closed out by week"), "", "combo")
    w.drilldown = reverse("problems:problem_list") + "?" + urlencode({"state": "open"})
    empty = no_data(sel)
    ends = [sel.as_of - dt.timedelta(weeks=i) for i in range(WEEKS - 1, -1, -1)]
    aggs = {}
    for i, end in enumerate(ends):
        upto = _instant(end + dt.timedelta(days=1))
        since = _instant(end - dt.timedelta(days=6))
        aggs[f"open{i}"] = Count(
            "pk", filter=Q(raised_at__lt=upto) & (Q(closed_at__isnull=True) | Q(closed_at__gte=upto))
        )
        aggs[f"closed{i}"] = Count("pk", filter=Q(closed_at__gte=since, closed_at__lt=upto))
    row = {} if empty else Problem.objects.restrict(user, "view").aggregate(**aggs)
    opened = [row.get(f"open{i}") or 0 for i in range(WEEKS)]
    closed = [row.get(f"closed{i}") or 0 for i in range(WEEKS)]
    w.categories = [cn_date(end) for end in ends]
    w.series = [
        {
            "key": "closed",
            "name": _("Closed out in the week"),
            "colour": "#198754",
            "type": "bar",
            "data": [{"value": n, "drilldown": w.drilldown} for n in closed],
        },
        {
            "key": "open",
            "name": _("Open at the week's end"),
            "colour": "#dc3545",
            "type": "line",
            "data": [{"value": n, "drilldown": w.drilldown} for n in opened],
        },
    ]
    w.headers = [_("Week ending"), _("Closed out in the week"), _("Open at the week's end")]
    w.rows = [[label, c, o] for label, c, o in zip(w.categories, closed, opened, strict=True)]
    now = opened[-1]
    if now == 0 and any(opened + closed):
        w.title = _("Every problem closed out (见底清零)")
    else:
        w.title = _("{n} problems open, {m} closed out in twelve weeks").format(n=count(now), m=count(sum(closed)))
    w.empty_text = empty or ("" if any(opened + closed) else _("No problem in the ledger."))
    return w


def pairing_coverage(user, sel: Selection) -> Widget:
    """Pairings in force on the day shown: visited by their person within the coverage window of it (the setting
    GONGJIAN_VISIT_DAYS, 30 days by default), or not; and the enterprises nobody is paired with that day."""
    days = visit_days()
    w = Widget("pairing", _("包保 coverage"), "", "bar")
    gaps = reverse("pairing:coverage")
    w.drilldown = gaps + "?" + urlencode({"days": days, "kind": GapKind.NOT_VISITED})
    empty = no_data(sel)
    day = sel.as_of
    last = (
        Visit.objects.filter(enterprise_id=OuterRef("enterprise_id"), visitor_id=OuterRef("person_id"), date__lte=day)
        .order_by("-date")
        .values("date")[:1]
    )
    recent = Q(last_visit__gte=day - dt.timedelta(days=days))
    row = (
        {}
        if empty
        else Pairing.objects.restrict(user, "view")
        .active(day)
        .annotate(last_visit=Subquery(last))
        .aggregate(total=Count("pk"), visited=Count("pk", filter=recent))
    )
    total, visited = row.get("total") or 0, row.get("visited") or 0
    in_force = Pairing.objects.active(day).values("enterprise")
    unpaired = 0 if empty else Enterprise.objects.restrict(user, "view").exclude(pk__in=in_force).count()
    visited_label = _("Visited within {days} days").format(days=days)
    not_visited_label = _("Not visited within {days} days").format(days=days)
    w.categories = [visited_label, not_visited_label, _("Enterprises with no paired cadre")]
    pairings = reverse("pairing:pairing_list") + "?" + urlencode({"active": "true"})
    w.series = [
        {
            "key": "pairings",
            "name": _("Pairings"),
            "colour": "#1f4e8c",
            "data": [
                {"value": visited, "itemStyle": {"color": "#198754"}, "drilldown": pairings},
                {"value": total - visited, "itemStyle": {"color": "#dc3545"}, "drilldown": w.drilldown},
                {
                    "value": unpaired,
                    "itemStyle": {"color": "#fd7e14"},
                    "drilldown": gaps + "?" + urlencode({"kind": GapKind.UNPAIRED}),
                },
            ],
        }
    ]
    w.headers = [_("Pairings in force"), visited_label, not_visited_label, _("Enterprises with no paired cadre")]
    w.rows = [[total, visited, total - visited, unpaired]]
    w.title = _("{n} pairings in force, {m} visited within {days} days; {k} enterprises with no paired cadre").format(
        n=count(total), m=count(visited), days=days, k=count(unpaired)
    )
    w.empty_text = empty or ("" if total or unpaired else _("No pairing in force."))
    return w


# --- buildings -------------------------------------------------------------------------------------------------

#: The buildings a chart shows (the largest by lettable area); the data table and the Excel have them all.
BUILDINGS_SHOWN = 15


def _buildings(user, sel: Selection):
    """The buildings in the user's scope and their metrics on the day shown (once per request: two widgets)."""
    from gongjian.buildings import queries as bq
    from gongjian.buildings.models import Building

    key = ("buildings", user.pk)
    if key not in sel.memo:
        buildings = list(Building.objects.restrict(user, "view").order_by("-lettable_area", "pk"))
        found = bq.metrics_for(buildings, sel.month.year, sel.as_of) if buildings and not no_data(sel) else {}
        sel.memo[key] = (buildings, found)
    return sel.memo[key]


def building_occupancy(user, sel: Selection) -> Widget:
    """Occupancy (入驻率) of each building at the end of the day shown."""
    w = Widget("buildings", _("Building occupancy"), "", "hbar")
    w.drilldown = reverse("buildings:building_list")
    buildings, metrics = _buildings(user, sel)
    rows = [(b, metrics[b.pk]) for b in buildings if b.pk in metrics]
    top = rows[:BUILDINGS_SHOWN]
    w.categories = [b.name for b, _m in top]
    w.series = [
        {
            "key": "occupancy",
            "name": _("Occupancy (%)"),
            "colour": "#1f4e8c",
            "suffix": "%",
            "data": [
                {"value": float(m.occupancy) if m.occupancy is not None else 0, "drilldown": b.get_absolute_url()}
                for b, m in top
            ],
        }
    ]
    w.headers = [_("Building"), _("Lettable area"), _("Occupied area"), _("Occupancy")]
    w.rows = [[b.name, area_m2(b.lettable_area), area_m2(m.occupied_area), percent(m.occupancy)] for b, m in rows]
    lettable = sum((b.lettable_area for b, _m in rows), Decimal(0))
    occupied = sum((m.occupied_area for _b, m in rows), Decimal(0))
    w.title = _("{n} buildings, {rate} of the lettable area occupied").format(
        n=count(len(rows)), rate=percent(occupied * 100 / lettable) if lettable else "—"
    )
    w.empty_text = no_data(sel) or ("" if rows else _("No building in your scope."))
    return w


def building_tax(user, sel: Selection) -> Widget:
    """Tax per m² of each building this year (亿元楼 …): confidential, only for holders of the figures' permission."""
    w = Widget("building_tax", _("Building tax per m²"), "", "hbar")
    w.drilldown = reverse("buildings:building_list")
    buildings, metrics = _buildings(user, sel)
    rows = [(b, metrics[b.pk]) for b in buildings if b.pk in metrics]
    rows.sort(key=lambda bm: -(bm[1].tax_per_m2 or 0))
    top = rows[:BUILDINGS_SHOWN]
    w.categories = [b.name for b, _m in top]
    w.series = [
        {
            "key": "tax_per_m2",
            "name": _("Tax per m² (元)"),
            "colour": "#8c5a1f",
            "data": [{"value": round(float(m.tax_per_m2 or 0), 2), "drilldown": b.get_absolute_url()} for b, m in top],
        }
    ]
    tiers = dict(Tier.choices)
    w.headers = [_("Building"), _("Tax this year"), _("Tax per m² (元)"), _("Tier")]
    w.rows = [[b.name, money(m.tax_total), number(m.tax_per_m2, 2), str(tiers.get(m.tier, "")) or "—"] for b, m in rows]
    yi = sum(1 for _b, m in rows if m.tier == Tier.YI)
    total = sum((m.tax_total for _b, m in rows), Decimal(0))
    w.title = _("Building tax {tax}; {n} 亿元楼").format(tax=money(total), n=count(yi))
    w.empty_text = no_data(sel) or ("" if rows else _("No building in your scope."))
    return w


# --- land use ----------------------------------------------------------------------------------------------------


def idle_land(user, sel: Selection) -> Widget:
    """The 闲置 survey of the last four quarters: plots found idle each quarter and plots surveyed; the title is the
    latest quarter's."""
    from gongjian.landuse.queries import idle_by_quarter

    w = Widget("idle_land", _("Idle land by quarter (闲置摸排)"), "", "bar")
    w.drilldown = reverse("landuse:plot_list")
    empty = no_data(sel)
    quarters = [] if empty else idle_by_quarter(user, sel.as_of)
    w.categories = [q.label for q in quarters]
    w.series = [
        {
            "key": "idle",
            "name": _("Idle plots"),
            "colour": "#dc3545",
            "data": [{"value": q.idle, "drilldown": w.drilldown} for q in quarters],
        },
        {
            "key": "surveyed",
            "name": _("Plots surveyed"),
            "colour": "#1f4e8c",
            "data": [{"value": q.surveyed, "drilldown": w.drilldown} for q in quarters],
        },
    ]
    w.headers = [_("Quarter"), _("Plots surveyed"), _("Idle plots"), _("Idle area (mu)"), _("Idle plant (m²)")]
    w.rows = [[q.label, q.surveyed, q.idle, q.idle_mu, q.idle_plant_m2] for q in quarters]
    latest = quarters[-1] if quarters else None
    if latest is not None:
        w.title = _(
            "{quarter}: {idle} of {surveyed} plots surveyed idle, {mu} 亩; {plant} of idle plant; {total} plots"
        ).format(
            quarter=latest.label,
            idle=count(latest.idle),
            surveyed=count(latest.surveyed),
            mu=number(latest.idle_mu, 2),
            plant=area_m2(latest.idle_plant_m2),
            total=count(latest.plots),
        )
    w.empty_text = empty or ("" if any(q.surveyed for q in quarters) else _("No plot surveyed in these quarters."))
    return w
