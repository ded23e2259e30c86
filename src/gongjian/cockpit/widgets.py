"""The cockpit's widgets: each a chart with a title that states the finding, its data as a table (for screen
readers, print and Excel) and, for every bar, segment and point, the URL of the list behind it.

The page and ``/api/cockpit/`` both call :func:`build`. Every figure is read through ``restrict()``; the
drill-down URLs filter the list pages through the FilterSets those pages use (``supervision.ColourFilterSet``
with ``as_of``, so the list shows the state of the same day and its count equals the segment's value). The number
of queries depends on the campaign's months, never on the amount of data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from gongjian.campaigns.lights import colour_label
from gongjian.campaigns.models import Area, Item
from gongjian.core.formats import month_label
from gongjian.core.numbers import count, number, percent, with_unit
from gongjian.indicators import rules as r
from gongjian.indicators.models import Indicator
from gongjian.indicators.queries import evaluate
from gongjian.supervision.choices import source_label
from gongjian.supervision.colours import ROLLUP_SOURCE
from gongjian.supervision.models import ColourRecord
from gongjian.supervision.queries import latest_as_of, rankings

from .base import COLOURS, Widget, no_data
from .module_widgets import building_occupancy, building_tax, idle_land, pairing_coverage, problem_burndown
from .selection import Selection, month_end

__all__ = ["COLOURS", "WIDGETS", "Widget", "build", "build_one"]


def _colour_list(**params) -> str:
    return reverse("supervision:colour_list") + "?" + urlencode({k: v for k, v in params.items() if v is not None})


def _records(user, sel: Selection, day):
    """Each object's colour in force at the end of ``day``, among the objects the user may see."""
    return ColourRecord.objects.restrict(user, "view").filter(
        campaign=sel.campaign, id__in=latest_as_of(day, sel.campaign.pk)
    )


def _change_text(now: int, before: int | None) -> str:
    if before is None:
        return ""
    if now > before:
        return _("{n} more than last month").format(n=now - before)
    if now < before:
        return _("{n} fewer than last month").format(n=before - now)
    return _("as many as last month")


def _colour_series(categories: list, counts: dict, link: Callable[[Any, str], str]) -> list[dict]:
    """One series per colour; ``counts[(category key, colour)]``; colours without any count are left out."""
    series = []
    for colour, css in COLOURS:
        data = [{"value": counts.get((key, colour), 0), "drilldown": link(key, colour)} for key, _label in categories]
        if any(d["value"] for d in data):
            series.append({"key": colour, "name": colour_label(colour), "colour": css, "data": data})
    return series


def _table(categories: list, series: list[dict], first: str) -> tuple[list[str], list[list]]:
    headers = [first] + [s["name"] for s in series] + [_("Total")]
    rows = []
    for i, (_key, label) in enumerate(categories):
        values = [s["data"][i]["value"] for s in series]
        rows.append([label, *values, sum(values)])
    return headers, rows


# --- items by area ---------------------------------------------------------------------------------------------


def items_by_area(user, sel: Selection) -> Widget:
    w = Widget("areas", _("Items by area"), "", "bar")
    item_ct = ContentType.objects.get_for_model(Item)
    w.drilldown = _colour_list(campaign=sel.campaign.pk, source="item", as_of=sel.as_of.isoformat())
    empty = no_data(sel)
    counts: dict = {}
    if not empty:
        area_of = Subquery(Item.objects.filter(pk=OuterRef("object_id")).values("area_id")[:1])
        for row in (
            _records(user, sel, sel.as_of)
            .filter(source="item", content_type=item_ct)
            .annotate(area_pk=area_of)
            .order_by()
            .values("area_pk", "colour")
            .annotate(n=Count("id"))
        ):
            counts[(row["area_pk"], row["colour"])] = row["n"]
    shown = {k for k, _c in counts}
    areas = [
        (a.pk, str(a))
        for a in Area.objects.restrict(user, "view").filter(campaign=sel.campaign).order_by("number")
        if a.pk in shown
    ]

    def link(area_pk, colour):
        return _colour_list(
            campaign=sel.campaign.pk, source="item", area=area_pk, colour=colour, as_of=sel.as_of.isoformat()
        )

    w.categories = [label for _k, label in areas]
    w.series = _colour_series(areas, counts, link)
    w.headers, w.rows = _table(areas, w.series, _("Area"))
    red = sum(n for (_k, colour), n in counts.items() if colour == r.RED)
    before = None
    if sel.previous is not None and not empty:
        before = _records(user, sel, sel.previous).filter(source="item", colour=r.RED).count()
    change = _change_text(red, before)
    w.title = (
        _("Red: {n} items, {change}").format(n=count(red), change=change)
        if change
        else _("Red: {n} items").format(n=count(red))
    )
    w.empty_text = empty or ("" if counts else _("No item has a colour yet."))
    return w


# --- colour trend month by month -------------------------------------------------------------------------------


def colour_trend(user, sel: Selection) -> Widget:
    w = Widget("trend", _("Item colours month by month"), "", "line")
    w.drilldown = _colour_list(campaign=sel.campaign.pk, source="item", as_of=sel.as_of.isoformat())
    months = sel.elapsed_months
    counts: dict = {}
    for first in months:
        day = min(month_end(first), sel.today)
        for row in _records(user, sel, day).filter(source="item").order_by().values("colour").annotate(n=Count("id")):
            counts[(first, row["colour"])] = row["n"]
    categories = [(m, month_label(m)) for m in months]

    def link(first, colour):
        day = min(month_end(first), sel.today)
        return _colour_list(campaign=sel.campaign.pk, source="item", colour=colour, as_of=day.isoformat())

    w.categories = [label for _k, label in categories]
    w.series = _colour_series(categories, counts, link)
    w.headers, w.rows = _table(categories, w.series, _("Month"))
    reds = [counts.get((m, r.RED), 0) for m in months]
    if len(reds) >= 2:
        w.title = _("Red items: {a} in {first}, {b} in {last}").format(
            a=count(reds[0]), first=month_label(months[0]), b=count(reds[-1]), last=month_label(months[-1])
        )
    else:
        w.title = _("Red items: {n}").format(n=count(reds[0] if reds else 0))
    w.empty_text = no_data(sel) or ("" if counts else _("No item has a colour yet."))
    return w


# --- colours by kind of object ---------------------------------------------------------------------------------


def colours_by_kind(user, sel: Selection) -> Widget:
    w = Widget("kinds", _("Warnings by kind of object"), "", "bar")
    w.drilldown = _colour_list(campaign=sel.campaign.pk, colour=r.RED, as_of=sel.as_of.isoformat())
    empty = no_data(sel)
    counts: dict = {}
    if not empty:
        for row in (
            _records(user, sel, sel.as_of)
            .exclude(source=ROLLUP_SOURCE)
            .order_by()
            .values("source", "colour")
            .annotate(n=Count("id"))
        ):
            counts[(row["source"], row["colour"])] = row["n"]
    sources = sorted({k for k, _c in counts})
    categories = [(s, source_label(s)) for s in sources]

    def link(source, colour):
        return _colour_list(campaign=sel.campaign.pk, source=source, colour=colour, as_of=sel.as_of.isoformat())

    w.categories = [label for _k, label in categories]
    w.series = _colour_series(categories, counts, link)
    w.headers, w.rows = _table(categories, w.series, _("Kind of object"))
    reds = {s: counts.get((s, r.RED), 0) for s in sources}
    total = sum(reds.values())
    if total:
        worst = max(reds, key=lambda s: reds[s])
        w.title = _("{n} red objects, most of them {kind} ({m})").format(
            n=count(total), kind=source_label(worst), m=count(reds[worst])
        )
    else:
        w.title = _("No red object")
    w.empty_text = empty or ("" if counts else _("Nothing has a colour yet."))
    return w


# --- unit ranking ----------------------------------------------------------------------------------------------


def unit_ranking(user, sel: Selection, limit: int = 15) -> Widget:
    w = Widget("ranking", _("Unit ranking (争先进位)"), "", "hbar")
    w.drilldown = reverse("supervision:rankings") + "?" + urlencode({"campaign": sel.campaign.pk, "month": sel.key})
    empty = no_data(sel)
    rows = [] if empty else rankings(sel.campaign, sel.month.year, sel.month.month, sel.today, "unit").rows
    shown = rows[:limit]
    w.categories = [row.name for row in shown]
    w.series = [
        {
            "key": "score",
            "name": _("Score"),
            "colour": "#1f4e8c",
            "data": [{"value": float(row.score), "change": row.change, "drilldown": w.drilldown} for row in shown],
        }
    ]
    w.headers = [_("Rank"), _("Unit"), _("Score"), _("Change against last month")]
    w.rows = [[row.rank, row.name, float(row.score), _change_places(row.change)] for row in rows]
    if rows:
        up = sum(1 for row in rows if (row.change or 0) > 0)
        w.title = _("First: {name} ({score} points); {n} units moved up").format(
            name=rows[0].name, score=number(rows[0].score, 1), n=count(up)
        )
    else:
        w.title = _("No unit ranked yet")
    w.empty_text = empty or ("" if rows else _("No unit has been ranked for this month."))
    return w


def _change_places(change: int | None) -> str:
    if change is None:
        return _("new")
    if change > 0:
        return _("up {n}").format(n=change)
    if change < 0:
        return _("down {n}").format(n=-change)
    return _("unchanged")


# --- key indicators against the plan to date (序时) -------------------------------------------------------------

_COLOUR_CSS = dict(COLOURS)


def _planned_text(planned, unit: str) -> str:
    if isinstance(planned, list | tuple):
        return f"{with_unit(planned[0], unit)} – {with_unit(planned[1], unit)}"
    return with_unit(planned, unit)


def key_indicators(user, sel: Selection) -> Widget:
    """Each indicator's achievement of its plan to date (序时进度), 100% the line to reach, in its colour."""
    w = Widget("indicators", _("Key indicators against the plan to date"), "", "hbar")
    w.drilldown = reverse("indicators:indicator_list") + "?" + urlencode({"campaign": sel.campaign.pk})
    empty = no_data(sel)
    qs = Indicator.objects.restrict(user, "view").filter(campaign=sel.campaign).order_by("code", "name")
    statuses = {} if empty else evaluate(qs, sel.as_of, with_forecast=False)
    judged = [
        s
        for s in statuses.values()
        if s.verdict is not None and s.verdict.numbers.get("achievement_percent") is not None
    ]
    data = []
    w.headers = [_("Indicator"), _("Annual target"), _("Actual to date"), _("Plan to date"), _("Achieved"), _("Colour")]
    for st in judged:
        ind, numbers = st.indicator, st.verdict.numbers
        value = float(numbers["achievement_percent"])
        w.categories.append(ind.name)
        data.append(
            {
                "value": round(value, 1),
                "itemStyle": {"color": _COLOUR_CSS.get(st.colour, "#6c757d")},
                "drilldown": ind.get_absolute_url(),
            }
        )
        w.rows.append(
            [
                ind.name,
                with_unit(ind.target, ind.unit),
                with_unit(numbers.get("actual"), ind.unit),
                _planned_text(numbers.get("planned"), ind.unit),
                percent(value),
                colour_label(st.colour),
            ]
        )
    w.series = [
        {"key": "achieved", "name": _("Achieved (%)"), "colour": "#1f4e8c", "data": data, "mark": 100, "suffix": "%"}
    ]
    on_plan = sum(1 for st in judged if st.colour in (r.GREEN, r.DONE, r.BLUE))
    red = sum(1 for st in judged if st.colour == r.RED)
    w.title = _("{ok} of {n} indicators on plan, {red} far behind").format(
        ok=count(on_plan), n=count(len(judged)), red=count(red)
    )
    w.empty_text = empty or ("" if judged else _("No indicator can be judged yet."))
    return w


#: The widgets in the order of the screen: (key, builder, the permission or permissions needed to see it).
WIDGETS: list[tuple[str, Callable[[Any, Selection], Widget], str | tuple[str, ...] | None]] = [
    ("areas", items_by_area, None),
    ("trend", colour_trend, None),
    ("indicators", key_indicators, "indicators.view_indicator"),
    ("kinds", colours_by_kind, None),
    ("ranking", unit_ranking, "supervision.view_supervision"),
    ("problems", problem_burndown, "problems.view_problem"),
    ("pairing", pairing_coverage, "pairing.view_pairing"),
    ("buildings", building_occupancy, "buildings.view_building"),
    # tax figures are confidential: absent for whoever may not see the registry's figures
    ("building_tax", building_tax, ("buildings.view_building", "enterprises.view_confidential")),
    ("idle_land", idle_land, "landuse.view_landplot"),
]


def _may_see(user, perm) -> bool:
    if perm is None:
        return True
    return user.has_perms([perm] if isinstance(perm, str) else perm)


def build(user, sel: Selection) -> list[Widget]:
    """Every widget the user may see, in screen order."""
    return [builder(user, sel) for _key, builder, perm in WIDGETS if _may_see(user, perm)]


def build_one(user, sel: Selection, key: str) -> Widget | None:
    for k, builder, perm in WIDGETS:
        if k == key and _may_see(user, perm):
            return builder(user, sel)
    return None
