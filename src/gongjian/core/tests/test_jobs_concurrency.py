"""Several workers on one queue (PostgreSQL): each job is claimed once, and a job another worker has locked is
skipped, not waited for (SELECT … FOR UPDATE SKIP LOCKED)."""

import threading

import pytest
from django.db import connections, transaction

from gongjian.core import jobs
from gongjian.core.models import Job
from gongjian.testing import make_user

# Row locks are PostgreSQL's (SQLite serialises the claims with its database lock): this runs in the PostgreSQL suite.
pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def _in_threads(count: int) -> list:
    barrier = threading.Barrier(count)
    got: list = [None] * count

    def run(i):
        try:
            barrier.wait()
            got[i] = jobs.claim()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return got


def test_workers_claim_each_job_once_and_skip_a_locked_one():
    user = make_user("queue_owner", None)
    first, second = (Job.objects.create(user=user, kind="core.import") for _ in range(2))
    with transaction.atomic():
        Job.objects.select_for_update().get(pk=first.pk)  # another worker is claiming the oldest job
        (got,) = _in_threads(1)
    assert got is not None and got.pk == second.pk and got.status == Job.Status.RUNNING
    Job.objects.filter(pk=second.pk).update(status=Job.Status.DONE)
    more = [Job.objects.create(user=user, kind="core.import").pk for _ in range(3)]
    claimed = _in_threads(4)
    pks = [j.pk for j in claimed if j is not None]
    assert sorted(pks) == sorted([first.pk, *more])  # four workers, four jobs, none twice
