"""Two leaders issue at the same moment: consecutive 文号, never the same one, never a gap (both databases).

On PostgreSQL the counter row's lock (select_for_update) makes the second issue wait for the first to commit; on
SQLite the database lock serialises them (the test waits on "locked" as a deployment's busy timeout would).
"""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections

from gongjian.bulletins import services
from gongjian.bulletins.models import Bulletin, NumberCounter
from gongjian.core.services import Actor

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait()
            for _attempt in range(400):
                try:
                    results[i] = fn()
                    break
                except OperationalError as exc:
                    if connection.vendor != "sqlite" or "locked" not in str(exc):
                        raise
                    time.sleep(0.02)
            else:
                raise AssertionError("the database stayed locked")
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_bulletins_issued_at_once_get_consecutive_numbers(world, reds, april):
    sup = Actor(user=world.user("supervisor"), ip="127.0.0.1")
    drafts = [
        services.submit_bulletin(sup, services.draft_bulletin(sup, world.campaign, 2026, month)) for month in (1, 2, 3)
    ]

    def issue(pk):
        leader = type(world.user("leader")).objects.get(pk=world.user("leader").pk)
        return services.issue_bulletin(Actor(user=leader, ip="127.0.0.1"), Bulletin.objects.get(pk=pk))

    results = _race([lambda pk=b.pk: issue(pk) for b in drafts])
    assert all(isinstance(r, Bulletin) for r in results), results
    numbers = sorted(Bulletin.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    assert sorted(Bulletin.objects.values_list("doc_number", flat=True)) == [f"攻坚督〔2026〕{n}号" for n in (1, 2, 3)]
    assert NumberCounter.objects.get(year=2026).last == 3


def test_the_same_bulletin_signed_twice_at_once_is_issued_once(world, reds, april):
    sup = Actor(user=world.user("supervisor"), ip="127.0.0.1")
    b = services.submit_bulletin(sup, services.draft_bulletin(sup, world.campaign, 2026, 3))

    def issue():
        leader = type(world.user("leader")).objects.get(pk=world.user("leader").pk)
        return services.issue_bulletin(Actor(user=leader, ip="127.0.0.1"), Bulletin.objects.get(pk=b.pk))

    results = _race([issue, issue])
    assert sum(isinstance(r, Bulletin) for r in results) == 1, results
    assert sum(isinstance(r, services.BulletinRefused) for r in results) == 1, results
    assert NumberCounter.objects.get(year=2026).last == 1
    assert Bulletin.objects.get(pk=b.pk).files.count() == 2
