"""Background jobs: long work (imports, evaluation runs, documents) taken off the request and run by the worker.

A page starts a job with :func:`start` (a service: audited) and answers at once with the job's page, which polls a
small progress fragment (htmx) until the job has finished and then shows its result. The worker
(``gongjian worker``, one or more processes on any machine sharing the database) claims waiting jobs with
``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL (a conditional update elsewhere), so no job runs twice, and
runs them with :func:`run_job`. With ``GONGJIAN_JOBS_IMMEDIATE`` (the test settings) :func:`start` runs the job
before it returns.

A kind of job is declared with ``registry.register_job(name, title, run)``: ``run(job)`` does the work through
the app's services, reports progress with ``gongjian.core.progress.report`` and returns the result (JSON) kept
with the job. An exception is recorded as a readable message; the traceback goes to the log, never to the user.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from importlib import import_module

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import progress
from .models import Job
from .registry import job_kinds
from .services import Actor, record

__all__ = ["claim", "fail_interrupted", "run_job", "run_pending", "start"]

logger = logging.getLogger(__name__)

#: Progress is written at most this often (seconds): a row each would cost a query each.
PROGRESS_INTERVAL = 0.5


def start(actor: Actor, kind: str, *, params: dict | None = None, data: bytes = b"", file_name: str = "") -> Job:
    """Queue a job of ``kind`` for the actor (audited); run it at once with ``GONGJIAN_JOBS_IMMEDIATE``."""
    _load_kinds()
    if kind not in job_kinds:
        raise ValueError(f"unknown job kind {kind!r}")
    if actor.user is None or not actor.user.is_authenticated:
        raise PermissionDenied("a job belongs to a user")
    with transaction.atomic():
        job = Job.objects.create(
            user=actor.user,
            kind=kind,
            params=params or {},
            data=data,
            file_name=file_name[:255],
            ip=actor.ip,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        record(actor, "job.start", job, after={"kind": kind, "file": file_name[:200]})
    if getattr(settings, "GONGJIAN_JOBS_IMMEDIATE", False):
        run_job(job)
        job.refresh_from_db()
    return job


def claim() -> Job | None:
    """The oldest waiting job, marked running for this worker; None when there is none."""
    while True:
        with transaction.atomic():
            qs = Job.objects.filter(status=Job.Status.PENDING).order_by("created_at", "id")
            if connection.features.has_select_for_update_skip_locked:
                qs = qs.select_for_update(skip_locked=True)
            pk = qs.values_list("pk", flat=True).first()
            if pk is None:
                return None
            # Conditional: where rows cannot be locked (SQLite), a job another worker took in between is skipped.
            taken = Job.objects.filter(pk=pk, status=Job.Status.PENDING).update(
                status=Job.Status.RUNNING, started_at=timezone.now()
            )
        if taken:
            return Job.objects.get(pk=pk)


class _Progress:
    """Writes the job's progress, at most every PROGRESS_INTERVAL seconds, where other connections can read it.

    Outside the work's own transaction (an import reads its file before it opens one) a plain update does. Inside
    it (issuing a bulletin renders its files under the lock of its number) the update would be seen only at the
    commit: on PostgreSQL it goes through a second connection of its own; SQLite has one writer at a time, so
    there the bar moves when the transaction ends.
    """

    def __init__(self, job: Job):
        self.job = job
        self.last = 0.0
        self.depth = len(connection.atomic_blocks)
        self.side = None

    def __call__(self, done: int, total: int | None) -> None:
        if total is not None:
            self.job.total = total
        self.job.done = done
        now = time.monotonic()
        if now - self.last < PROGRESS_INTERVAL:
            return
        self.last = now
        if len(connection.atomic_blocks) <= self.depth:
            Job.objects.filter(pk=self.job.pk).update(done=done, total=self.job.total)
        elif connection.vendor == "postgresql":
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Job._meta.db_table} SET done = %s, total = %s WHERE id = %s",  # noqa: S608 — our table
                    [done, self.job.total, self.job.pk],
                )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(str(m) for m in exc.messages)
    if isinstance(exc, PermissionDenied):
        return _("You are no longer allowed to do this.")
    return _(
        "The job failed because of an error on the server; nothing was written. "
        "The administrator can see the details in the log."
    )


def _load_kinds() -> None:
    """The kinds are registered by the modules that declare them (the views of each import): load them all."""
    import_module(settings.ROOT_URLCONF)


def run_job(job: Job) -> Job:
    """Run one job (already claimed, or started immediately) and record its end: the result, or the error."""
    _load_kinds()
    kind = job_kinds.get(job.kind)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=job.started_at or timezone.now())
    status, result, error = Job.Status.FAILED, None, ""
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            if kind is None:
                raise ValidationError(_("This kind of job is no longer known; start it again."))
            listener = _Progress(job)
            try:
                with progress.listening(listener):
                    result = kind.run(job)
            finally:
                listener.close()
            status = Job.Status.DONE
        except (ValidationError, PermissionDenied) as exc:
            error = _message(exc)
        except Exception as exc:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            error = _message(exc)
    Job.objects.filter(pk=job.pk).update(
        status=status,
        result=result,
        error=error,
        done=job.total if status == Job.Status.DONE and job.total else job.done,
        total=job.total,
        finished_at=timezone.now(),
        data=b"",  # the upload is not kept once read
    )
    job.refresh_from_db()
    return job


def run_pending(limit: int | None = None) -> int:
    """Run waiting jobs one after another until none is left (or ``limit`` ran); the number run."""
    count = 0
    while limit is None or count < limit:
        job = claim()
        if job is None:
            break
        run_job(job)
        count += 1
    return count


def fail_interrupted(older_than: dt.timedelta) -> int:
    """Jobs marked running for longer than ``older_than``: their worker was killed (a crash, a power cut) before it
    could record the end. They end as failed, with a message, so their users know to start them again; the number.

    The work itself was all or nothing, so nothing half-written remains. Called when a worker starts.
    """
    return Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=timezone.now() - older_than).update(
        status=Job.Status.FAILED,
        error=_("The job was interrupted (the worker stopped) and nothing was written; start it again."),
        finished_at=timezone.now(),
        data=b"",
    )
