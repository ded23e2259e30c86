"""What the benchmark scenarios of every module measure with: a page as a logged-in user requests it, raw SQL as
the baseline, and the number of queries a call runs. (Timing and reporting are in ``core.benchmarking``.)"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client

__all__ = ["count_queries", "logged_in", "page", "raw", "raw_many"]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client: Client, url: str) -> Callable[[], object]:
    """A GET of ``url``; anything but 200 stops the benchmark (a page that fails is not fast)."""

    def run():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return response

    return run


def raw(sql: str, params: list) -> Callable[[], object]:
    return raw_many((sql, params))


def raw_many(*queries: tuple[str, list]) -> Callable[[], object]:
    """The baseline: each query run with a cursor and its rows fetched."""

    def run():
        out = []
        with connection.cursor() as cursor:
            for sql, params in queries:
                cursor.execute(sql, params)
                out.append(cursor.fetchall())
        return out

    return run


def count_queries(fn: Callable[[], object]) -> int:
    """The queries one call of ``fn`` runs, counted as they execute (the debug log may be full after a long run)."""
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        fn()
    return count[0]
