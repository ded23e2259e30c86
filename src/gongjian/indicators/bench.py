"""Benchmark scenarios of the indicators module for ``gongjian bench`` (registered with core.registry.register_bench).

* ``lights:indicators``: the light source of the daily warnings run over every indicator (colours and forecasts),
  against reading the same rows (indicators and their actuals) without judging them.
* ``lights:items``: the item light source (per-row reference rule, model instances) against the NumPy version of
  the same rule on arrays read with one query.
* ``page:indicators``: the indicator list as the supervision office opens it, against the raw rows.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.utils import timezone

from gongjian.campaigns.models import Item
from gongjian.core.bench_requests import count_queries, logged_in, page
from gongjian.core.benchmarking import Collector, Result

from . import light_sources
from .models import Actual, Indicator
from .vectorised import ItemArrays, item_colours

__all__ = ["scenarios"]

#: the goals every page has in the speed issue (the same as the campaign pages' in the benchmark suite)
PAGE_GOAL = "<= 1.5"
PAGE_P95_S = 0.100


def _read_indicator_rows():
    list(Indicator.objects.values_list("id", "target", "kind", "comparator", "year", "frequency"))
    list(Actual.objects.values_list("indicator_id", "period_start", "accepted_value", "value"))


def _vectorised_items(today: dt.date):
    def run():
        rows = list(
            Item.objects.values_list(
                "start_date", "due_date", "progress", "completed_on", "last_report_period", "area__campaign__cycle"
            )
        )
        if not rows:
            return None
        starts, dues, progress, done, last, cycles = zip(*rows, strict=True)
        arrays = ItemArrays(
            start=np.array(starts, dtype="datetime64[D]"),
            due=np.array(dues, dtype="datetime64[D]"),
            today=np.full(len(rows), np.datetime64(today, "D")),
            percent_complete=np.array(progress, dtype=np.float64),
            done=np.array([d is not None for d in done]),
            weekly=np.array([c == "weekly" for c in cycles]),
            latest_reported_period_end=np.array(
                [d if d is not None else np.datetime64("NaT") for d in last], dtype="datetime64[D]"
            ),
        )
        return item_colours(arrays)

    return run


def scenarios(world, repeat: int, database: str) -> list[Result]:
    today = timezone.localdate()
    out = Collector(world.scale, database, repeat, count_queries)
    out.add(
        "lights:indicators",
        lambda: list(light_sources.indicator_lights(today)),
        "read the same rows",
        _read_indicator_rows,
        "<= 40",
    )
    out.add(
        "lights:items",
        lambda: list(light_sources.item_lights(today)),
        "NumPy rule on arrays",
        _vectorised_items(today),
        "<= 40",
    )
    out.add(
        "page:indicators",
        page(logged_in(world.supervisor), "/indicators/"),
        "read the same rows",
        _read_indicator_rows,
        PAGE_GOAL,
        p95_goal_s=PAGE_P95_S,
    )
    return list(out)
