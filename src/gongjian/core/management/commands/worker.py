"""``gongjian worker``: run the background jobs (imports, documents) as they are queued.

Run one or more, on any machine that reaches the database: each job is claimed by one worker only. ``--once``
runs what is waiting and exits (for a timer or a test). SIGTERM (systemd stop, Ctrl-C) lets the running job
finish first. On start, jobs left running longer than ``GONGJIAN_JOB_TIMEOUT_MINUTES`` by a worker that was killed
are marked failed.
"""

from __future__ import annotations

import datetime as dt
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from gongjian.core import jobs


class Command(BaseCommand):
    help = "Run the queued background jobs (imports, documents); --once to run what is waiting and exit."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the waiting jobs, then exit")
        parser.add_argument("--poll", type=float, default=None, help="seconds between looks when idle")

    def handle(self, *args, once=False, poll=None, **options):
        poll = poll if poll is not None else settings.GONGJIAN_WORKER_POLL_SECONDS
        if once:
            count = jobs.run_pending()
            self.stdout.write(f"{count}")
            return
        self.stopping = False

        def stop(signum, frame):
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        interrupted = jobs.fail_interrupted(dt.timedelta(minutes=settings.GONGJIAN_JOB_TIMEOUT_MINUTES))
        self.stdout.write(f"worker started ({interrupted} interrupted jobs marked failed)")
        while not self.stopping:
            # A connection the database closed (a restart, an idle timeout) is replaced, as a request would.
            close_old_connections()
            if jobs.run_pending(limit=1) == 0:
                time.sleep(poll)
