"""Background jobs: an import started on its page (or through the API) runs through the real queue and the worker,
records its progress, keeps its result or every error, stays all-or-nothing, and is its user's alone."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from gongjian.campaigns.models import Item
from gongjian.campaigns.tests.test_import import H_DUE, H_TITLE, row, xlsx
from gongjian.core import jobs
from gongjian.core.models import AuditLog, Job
from gongjian.core.registry import job_kinds, register_job
from gongjian.org.choices import RoleChoices as R


@pytest.fixture
def queued(settings, world):
    """The real queue: pages start jobs and answer at once; the test runs the worker's loop itself."""
    settings.GONGJIAN_JOBS_IMMEDIATE = False
    world.bureau.short_name = "发改局"
    world.bureau.save()
    return world


def _post(client, world, upload):
    return client.post(
        reverse("campaigns:item_import"), {"campaign": world.campaign.pk, "file": upload}, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_an_import_started_on_its_page_completes_through_the_worker(queued, client, monkeypatch):
    world = queued
    client.force_login(world.user(R.SUPERVISOR))
    items = Item.objects.count()
    seen: list[tuple[int, int | None]] = []
    # Every write of the progress as another connection would read it; a report every row, written every time.
    monkeypatch.setattr(jobs, "PROGRESS_INTERVAL", 0)
    monkeypatch.setattr("gongjian.core.xlsx_import.spec.PROGRESS_ROWS", 1)
    write = jobs._Progress.__call__

    def watch(self, done, total):
        write(self, done, total)
        seen.append(Job.objects.values_list("done", "total").get(pk=self.job.pk))

    monkeypatch.setattr(jobs._Progress, "__call__", watch)

    response = _post(client, world, xlsx([row(**{H_TITLE: f"事项{i}"}) for i in range(5)]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.status == Job.Status.PENDING and job.user == world.user(R.SUPERVISOR) and job.file_name == "清单.xlsx"
    assert Item.objects.count() == items  # nothing written in the request
    assert AuditLog.objects.filter(action="job.start", object_id=str(job.pk)).exists()
    page = client.get(reverse("core:job_detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'hx-trigger="every 1s"' in page and 'aria-valuenow="0"' in page

    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.finished_at is not None and job.data in (b"", memoryview(b""))
    assert Item.objects.count() == items + 5
    assert job.result["ok"] is True and job.result["imported"] == 5
    assert job.result["url"] == f"{reverse('campaigns:item_list')}?campaign={world.campaign.pk}"
    # Progress: rows counted as they were read, against the rows of the sheet (header included).
    assert seen[0] == (0, 6) and (5, 6) in seen and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert job.done == job.total == 6 and job.percent == 100

    fragment = client.get(reverse("core:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and "<html" not in fragment  # finished: the polling stops
    assert "Imported 5 items." in fragment and 'aria-valuenow="100"' in fragment
    # Only its user sees it, on the page and in the API.
    api = APIClient()
    api.force_authenticate(world.user(R.SUPERVISOR))
    body = api.get(reverse("job-detail", args=[job.pk])).json()
    assert body["status"] == "done" and body["percent"] == 100 and body["result"]["imported"] == 5
    client.force_login(world.user(R.LEADER))
    assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 404
    api.force_authenticate(world.user(R.LEADER))
    assert api.get(reverse("job-detail", args=[job.pk])).status_code == 404
    assert jobs.run_pending() == 0  # nothing runs twice


def test_a_refused_import_keeps_every_error_and_writes_nothing(queued, client, settings):
    world = queued
    # The reading time limit of a request does not bind the worker, which has its own (longer) one.
    settings.GONGJIAN_IMPORT_SECONDS, settings.GONGJIAN_JOB_IMPORT_SECONDS = -1, 600
    client.force_login(world.user(R.SUPERVISOR))
    counts = Item.objects.count(), AuditLog.objects.filter(action="item.create").count()
    _post(client, world, xlsx([row(), row(**{H_TITLE: None}), row(**{H_DUE: "not a date"})]))
    call_command("worker", "--once", stdout=open("/dev/null", "w"))
    job = Job.objects.get()
    assert job.status == Job.Status.DONE and job.result["ok"] is False
    assert (Item.objects.count(), AuditLog.objects.filter(action="item.create").count()) == counts  # all or nothing
    assert job.result["error_count"] == 2
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(3, H_TITLE), (4, H_DUE)]
    page = client.get(reverse("core:job_detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nothing was imported" in page and H_TITLE in page and "hx-trigger" not in page
    report = client.get(reverse("core:job_errors", args=[job.pk]))
    assert report.status_code == 200 and report["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_api_import_answers_202_and_the_job_holds_the_answer(queued):
    world = queued
    api = APIClient()
    api.force_authenticate(world.user(R.SUPERVISOR))
    items = Item.objects.count()
    response = api.post(
        "/api/imports/items/", {"campaign": world.campaign.pk, "file": xlsx([row(), row()])}, format="multipart"
    )
    assert response.status_code == 202, response.content
    url = response.json()["url"]
    assert api.get(url).json()["status"] == "pending"
    jobs.run_pending()
    body = api.get(url).json()
    assert body["status"] == "done" and body["result"]["imported"] == 2 and Item.objects.count() == items + 2


def test_a_failing_job_records_a_readable_error_never_the_traceback(queued, client):
    world = queued

    def broken(job):
        raise RuntimeError("secret internals at line 42")

    register_job("test.broken", "broken", broken)
    try:
        from gongjian.core.services import Actor

        job = jobs.start(Actor(user=world.user(R.CLERK)), "test.broken")
        jobs.run_pending()
    finally:
        job_kinds.pop("test.broken")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error and "secret" not in job.error
    client.force_login(world.user(R.CLERK))
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert job.error in page and "Traceback" not in page and "secret" not in page
    # A kind no longer known (a job queued before an upgrade) fails with a message too.
    orphan = Job.objects.create(user=world.user(R.CLERK), kind="gone.away")
    jobs.run_pending()
    orphan.refresh_from_db()
    assert orphan.status == Job.Status.FAILED and orphan.error


def test_a_job_left_running_by_a_killed_worker_ends_as_failed(world):
    import datetime as dt

    from django.utils import timezone

    old = Job.objects.create(
        user=world.user(R.CLERK),
        kind="core.import",
        status=Job.Status.RUNNING,
        started_at=timezone.now() - dt.timedelta(hours=5),
    )
    recent = Job.objects.create(
        user=world.user(R.CLERK), kind="core.import", status=Job.Status.RUNNING, started_at=timezone.now()
    )
    with translation.override("en"):
        assert jobs.fail_interrupted(dt.timedelta(hours=3)) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == Job.Status.FAILED and "start it again" in old.error and old.finished_at is not None
    assert recent.status == Job.Status.RUNNING  # perhaps still at work in another worker
