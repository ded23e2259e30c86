"""Benchmark scenarios of the cockpit for ``gongjian bench`` (registered with core.registry.register_bench).

* ``page:cockpit`` and ``api:cockpit``: the generated campaign's cockpit of the last ended month, as the supervision
  office opens it (every widget, the district's scope), with its number of queries, against raw SQL computing the
  colour figures of the same month: the items by area and colour at the month's end, the items by colour at each
  month's end of the campaign (the trend) and the objects by kind and colour.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.utils import timezone

from gongjian.core.benchmarking import Result, measure

from .selection import select

__all__ = ["scenarios"]

#: A loose bound, to be tightened once measured at district and city scale: the page renders nine charts with their
#: tables and drill-downs, the baseline only the three colour aggregates (on a test world of a few items the fixed
#: cost of a request dominates: about 90-140 times the baseline's half-millisecond).
GOAL = "<= 200"

#: The latest colour of each object judged on or before a day (a correlated subquery: SQLite and PostgreSQL alike).
_LATEST = """
    SELECT c.object_id, c.source, c.colour FROM supervision_colourrecord c
    WHERE c.campaign_id = %s AND c.judged_on <= %s AND c.source <> 'rollup'
      AND c.id = (SELECT c2.id FROM supervision_colourrecord c2
                  WHERE c2.content_type_id = c.content_type_id AND c2.object_id = c.object_id AND c2.judged_on <= %s
                  ORDER BY c2.judged_on DESC, c2.id DESC LIMIT 1)
"""
# The fragments are constants of this module (no input reaches the text; the values are parameters).
AREAS_SQL = f"""
    SELECT i.area_id, l.colour, COUNT(*) FROM ({_LATEST}) l JOIN campaigns_item i ON i.id = l.object_id
    WHERE l.source = 'item' GROUP BY i.area_id, l.colour
"""  # noqa: S608
KINDS_SQL = f"SELECT l.source, l.colour, COUNT(*) FROM ({_LATEST}) l GROUP BY l.source, l.colour"  # noqa: S608
TREND_SQL = f"SELECT l.colour, COUNT(*) FROM ({_LATEST}) l WHERE l.source = 'item' GROUP BY l.colour"  # noqa: S608


def _month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _baseline(campaign_id: int, as_of: dt.date, months: list[dt.date]):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(AREAS_SQL, [campaign_id, as_of, as_of])
            out = [cursor.fetchall()]
            cursor.execute(KINDS_SQL, [campaign_id, as_of, as_of])
            out.append(cursor.fetchall())
            for month in months:
                end = min(_month_end(month), as_of)
                cursor.execute(TREND_SQL, [campaign_id, end, end])
                out.append(cursor.fetchall())
        return out

    return run


def _get(client: Client, url: str):
    def run():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return response

    return run


def _count_queries(fn) -> int:
    """The queries ``fn`` runs (counted as they execute: the debug log may be full after a long run)."""
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        fn()
    return count[0]


def scenarios(world, repeat: int, database: str) -> list[Result]:
    campaign = world.campaign
    sel = select(world.supervisor, timezone.localdate(), str(campaign.pk), None)
    months = [m for m in sel.months if m <= sel.month]
    client = Client()
    client.force_login(world.supervisor)
    baseline = _baseline(campaign.pk, sel.as_of, months)
    out: list[Result] = []
    for name, url in (
        ("page:cockpit", f"/cockpit/?campaign={campaign.pk}&month={sel.key}"),
        ("api:cockpit", f"/api/cockpit/?campaign={campaign.pk}&month={sel.key}"),
    ):
        fn = _get(client, url)
        queries = _count_queries(fn)
        t, b = measure(fn, repeat=repeat), measure(baseline, repeat=repeat)
        ratio = t.median_s / b.median_s if b.median_s else float("inf")
        out.append(
            Result(
                name,
                world.scale,
                database,
                t.median_s,
                t.p95_s,
                queries,
                "raw SQL: colours by area, kind and month",
                b.median_s,
                ratio,
                GOAL,
            )
        )
    return out
