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
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongjian.campaigns.models import Item
from gongjian.core.benchmarking import Result, measure

from . import light_sources
from .models import Actual, Indicator
from .vectorised import ItemArrays, item_colours

__all__ = ["scenarios"]


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


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
    out: list[Result] = []

    def add(name, fn, baseline_name, baseline_fn, goal, count_queries=True):
        queries = _queries(fn) if count_queries else None
        t, b = measure(fn, repeat=repeat), measure(baseline_fn, repeat=repeat)
        ratio = t.median_s / b.median_s if b.median_s else float("inf")
        out.append(
            Result(name, world.scale, database, t.median_s, t.p95_s, queries, baseline_name, b.median_s, ratio, goal)
        )

    add(
        "lights:indicators",
        lambda: list(light_sources.indicator_lights(today)),
        "read the same rows",
        _read_indicator_rows,
        "<= 40",
    )
    add(
        "lights:items",
        lambda: list(light_sources.item_lights(today)),
        "NumPy rule on arrays",
        _vectorised_items(today),
        "<= 40",
    )
    client = Client()
    client.force_login(world.supervisor)
    add("page:indicators", lambda: client.get("/indicators/"), "read the same rows", _read_indicator_rows, "<= 40")
    return out
