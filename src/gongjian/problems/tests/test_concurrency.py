"""Two simultaneous actions on one problem make exactly one transition.

Two threads really race, on both databases. On PostgreSQL the row lock (select_for_update) makes the second
wait, re-read and be refused; on SQLite the database lock serialises them (the test emulates the busy timeout
of a deployment's file database) and the version check in the UPDATE refuses the second. The state check in
the UPDATE's WHERE alone is tested in test_services.test_the_update_requires_the_state_it_read.
"""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections
from django.utils import timezone

from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.problems import services
from gongjian.problems.choices import ProblemState
from gongjian.problems.models import Problem, ProblemEvent
from gongjian.problems.services import ProblemConflict
from gongjian.problems.testing import make_problem

# Deadlines and periods here are counted from today: CI also runs these at calendar edges (GONGJIAN_TEST_TODAY).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dates]


def _race(calls):
    """Run the callables at the same moment in threads; return their results (a value or the exception)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait()
            for _attempt in range(200):
                try:
                    results[i] = fn()
                    break
                except OperationalError as exc:
                    # SQLite's in-memory test database answers "table is locked" at once where the file
                    # database of a deployment waits (its busy timeout); wait and try again the same way.
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
        t.join(30)
    return results


def _actor(user):
    return Actor(user=type(user).objects.get(pk=user.pk), ip="127.0.0.1", source="web")


def _refused(result) -> bool:
    """The losing action is refused with a conflict: it waited for the winner, then saw the new version."""
    return isinstance(result, ProblemConflict)


def test_two_assignments_at_once_make_one_transition(world):
    p = make_problem(world)
    sup = world.user("supervisor")
    today = timezone.localdate()
    results = _race(
        [
            lambda: services.assign_problem(
                _actor(sup), Problem.objects.get(pk=p.pk), unit=world.bureau, deadline=today
            ),
            lambda: services.assign_problem(
                _actor(sup), Problem.objects.get(pk=p.pk), unit=world.street, deadline=today
            ),
        ]
    )
    ok = [r for r in results if isinstance(r, Problem)]
    refused = [r for r in results if _refused(r)]
    assert len(ok) == 1 and len(refused) == 1, results
    p.refresh_from_db()
    assert p.state == ProblemState.ASSIGNED and p.version == 2
    assert p.handling_unit == ok[0].handling_unit
    assert ProblemEvent.objects.filter(problem=p, action="assign").count() == 1
    assert AuditLog.objects.filter(object_id=str(p.pk), action="problem.assign").count() == 1


def test_verify_and_return_at_once_make_one_transition(world):
    p = make_problem(world)
    sup, clerk = world.user("supervisor"), world.user("clerk")
    today = timezone.localdate()
    p = services.assign_problem(_actor(sup), p, unit=world.bureau, deadline=today)
    p = services.start_problem(_actor(clerk), p)
    p = services.apply_closure(_actor(clerk), p, text="已解决")
    version = p.version
    results = _race(
        [
            lambda: services.verify_problem(_actor(sup), Problem.objects.get(pk=p.pk), expected_version=version),
            lambda: services.return_problem(
                _actor(sup), Problem.objects.get(pk=p.pk), text="材料不全", expected_version=version
            ),
        ]
    )
    ok = [r for r in results if isinstance(r, Problem)]
    assert len(ok) == 1 and sum(_refused(r) for r in results) == 1, results
    p.refresh_from_db()
    assert p.version == version + 1
    assert p.state in (ProblemState.VERIFIED, ProblemState.IN_PROGRESS)
    assert ProblemEvent.objects.filter(problem=p, action__in=["verify", "return"]).count() == 1
