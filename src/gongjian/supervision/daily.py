"""The daily warnings run (``gongjian warnings run``): the modules' stored figures recomputed (drift repaired and
counted); colours from every light source, stored as history;
areas and campaigns rolled up; 督办 issued; notifications queued and sent. Idempotent: a second run on the same
day adds no colour record, no 督办, no notification and sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import translation

from gongjian.core.models import SYSTEM_ACTOR_NAME, AuditLog
from gongjian.core.registry import light_sources, stored_figures

from . import colours, escalation, events, notify
from .choices import SupervisionOrigin
from .models import Supervision

__all__ = ["Summary", "run"]

log = logging.getLogger(__name__)

#: The PostgreSQL advisory lock key of the daily run ("gjwarn" in ASCII).
RUN_LOCK = 0x676A7761726E


@dataclass
class Summary:
    day: dt.date
    sources: dict[str, int] = field(default_factory=dict)
    source_errors: dict[str, str] = field(default_factory=dict)
    figures: dict[str, dict[str, int]] = field(default_factory=dict)
    colours_new: int = 0
    colours_unchanged: int = 0
    rollups_new: int = 0
    supervisions: int = 0
    notifications: int = 0
    deliveries: int = 0
    sent: int = 0
    failed: int = 0
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "sources": self.sources,
            "source_errors": self.source_errors,
            "figures": self.figures,
            "colours_new": self.colours_new,
            "colours_unchanged": self.colours_unchanged,
            "rollups_new": self.rollups_new,
            "supervisions": self.supervisions,
            "notifications": self.notifications,
            "deliveries": self.deliveries,
            "sent": self.sent,
            "failed": self.failed,
            "notes": self.notes,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


def _refresh_figures(today: dt.date, summary: Summary) -> None:
    """Every module's stored figures recomputed for the day; how many were out of date (the colours move with the
    date; anything else is drift from a write that bypassed the services) and rewritten."""
    for key, refresh in list(stored_figures.items()):
        try:
            with transaction.atomic():
                checked, repaired = refresh(today)
        except Exception as exc:
            log.exception("stored figures %s failed", key)
            summary.notes.append(f"stored figures {key} failed: {type(exc).__name__}: {exc}")
            continue
        summary.figures[key] = {"checked": checked, "repaired": repaired}


def _collect(today: dt.date, summary: Summary) -> list[tuple[str, object]]:
    pairs: list[tuple[str, object]] = []
    for key, source in list(light_sources.items()):
        try:
            results = list(source(today))
        except Exception as exc:
            log.exception("light source %s failed", key)
            summary.source_errors[key] = f"{type(exc).__name__}: {exc}"
            continue
        summary.sources[key] = len(results)
        pairs.extend((key, result) for result in results)
    return pairs


@contextmanager
def _one_run_at_a_time():
    """On PostgreSQL a second run waits for the first (a session advisory lock); SQLite serialises writers."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [RUN_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [RUN_LOCK])


def run(today: dt.date, *, send: bool = True) -> Summary:
    """Run the day. Sources are asked outside the transaction; everything stored is written in one."""
    summary = Summary(today)
    with translation.override(settings.LANGUAGE_CODE), _one_run_at_a_time():
        t0 = time.perf_counter()
        _refresh_figures(today, summary)
        summary.seconds["figures"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        pairs = _collect(today, summary)
        summary.seconds["sources"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        with transaction.atomic():
            stored = colours.store(pairs, today)
            summary.colours_new, summary.colours_unchanged = stored.created, stored.unchanged
            summary.notes += stored.notes
            summary.seconds["store"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            rolled = colours.store(colours.rollup(today), today)
            summary.rollups_new = rolled.created
            summary.seconds["rollup"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            esc = escalation.escalate(today)
            summary.supervisions = len(esc.created)
            if esc.skipped_no_unit:
                summary.notes.append(f"{esc.skipped_no_unit} escalations skipped: the object has no lead unit")
            summary.seconds["escalate"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            auto = list(
                Supervision.objects.filter(issued_on=today).exclude(origin=SupervisionOrigin.MANUAL).order_by("pk")
            )
            messages = events.day_messages(today) + events.supervision_messages(auto, digest=True)
            summary.notifications, summary.deliveries = notify.queue(messages, today)
            summary.seconds["notify"] = time.perf_counter() - t0
            AuditLog.objects.create(
                at=dt.datetime.now(dt.UTC),
                actor_name=SYSTEM_ACTOR_NAME,
                source=AuditLog.Source.SYSTEM,
                action="warnings.run",
                object_repr=today.isoformat(),
                after={k: v for k, v in summary.as_dict().items() if k != "seconds"},
            )
        if send:
            t0 = time.perf_counter()
            sent = notify.send_pending()
            summary.sent, summary.failed = sent.sent, sent.failed
            summary.seconds["send"] = time.perf_counter() - t0
    return summary
