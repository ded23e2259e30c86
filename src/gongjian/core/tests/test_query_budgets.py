"""N+1 guard for every page of every module: a page's query count does not grow with the data.

Each GET page of the permission matrix that the supervision office may open is requested after ``gongjian
generate`` has added a district's worth of units, accounts, items, reports, enterprises, buildings, problems (what
the modules' generator parts add) to the test world, and again after a second district's worth: the data doubles,
and the count may grow by at most ``SLACK`` queries: a section that appears only once some data exists (a warning
list, the monthly figures) asks its question once, whereas a query per row would add dozens, one per row added.
Pages with a fixed budget of their own are tested in their modules; this test catches a query per row anywhere.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian.core.tests.test_permission_matrix import MATRIX, _objects
from gongjian.synth.generator import generate

SLACK = 2
ROWS = [row for row in MATRIX if row.method == "get" and row.expected("supervisor") == "ok"]
#: pages whose answer is a file or a redirect, or which do not list data
SKIP = {"password_change", "campaigns:item_template"}


def _count(client, url) -> tuple[int, int]:
    cache.clear()  # a cached page (the public page) is measured doing its work, not answering from the cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx.captured_queries)


@pytest.mark.parametrize("row", [r for r in ROWS if r.name not in SKIP], ids=lambda r: r.name)
def test_query_count_does_not_grow_with_the_data(world, client, row):
    objs = _objects(world)
    client.force_login(world.user("supervisor"))
    url = row.url(world, objs)
    generate("district", seed=3, today=dt.date(2026, 11, 29), append=True)
    _count(client, url)  # warm caches (content types, sessions)
    status, before = _count(client, url)
    assert status == 200, url
    generate("district", seed=4, today=dt.date(2026, 11, 29), append=True)
    status, after = _count(client, url)
    assert status == 200, url
    assert after <= before + SLACK, f"{url}: {before} queries with a district's data, {after} with two districts'"
