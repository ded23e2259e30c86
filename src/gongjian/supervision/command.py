"""``gongjian warnings run [--date YYYY-MM-DD] [--no-send] [--json]``: the daily run (see docs/supervision.md)."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

__all__ = ["add_run_arguments", "add_send_arguments", "run_command", "send_command"]


def add_run_arguments(parser) -> None:
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the day to run for (default: today)")
    parser.add_argument("--no-send", action="store_true", help="queue notifications but send nothing")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def run_command(command, *, date=None, no_send=False, json=False, **_options) -> None:
    from .daily import run

    if date:
        try:
            today = dt.date.fromisoformat(date)
        except ValueError:
            raise CommandError(_("--date must be a date written YYYY-MM-DD"), returncode=2) from None
    else:
        today = timezone.localdate()
    summary = run(today, send=not no_send)
    if json:
        command.stdout.write(_json_dumps(summary.as_dict()))
        return
    command.stdout.write(summary_text(summary))


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def summary_text(summary) -> str:
    lines = [
        _("Warnings run for {day}").format(day=summary.day.isoformat()),
        _("Sources: {sources}").format(
            sources=", ".join(f"{k} {v}" for k, v in summary.sources.items()) or _("none registered")
        ),
        _("Stored figures: {figures}").format(
            figures=", ".join(
                _("{key} {repaired} of {checked} rewritten").format(key=k, **v) for k, v in summary.figures.items()
            )
            or _("none registered")
        ),
        _("Colours: {new} new, {unchanged} unchanged; areas and campaigns: {rollups} new").format(
            new=summary.colours_new, unchanged=summary.colours_unchanged, rollups=summary.rollups_new
        ),
        _("Supervisions issued: {n}").format(n=summary.supervisions),
        _("Notifications: {n}; deliveries queued: {d}; sent: {s}; failed: {f}").format(
            n=summary.notifications, d=summary.deliveries, s=summary.sent, f=summary.failed
        ),
    ]
    for key, error in summary.source_errors.items():
        lines.append(_("Source {key} failed: {error}").format(key=key, error=error))
    lines += [f"- {note}" for note in summary.notes]
    lines.append(_("Time: {seconds} s").format(seconds=round(sum(summary.seconds.values()), 2)))
    return "\n".join(lines)


def add_send_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")


def send_command(command, *, json=False, **_options) -> None:
    """``gongjian warnings send``: the pending deliveries and the retries that are due (e-mail, robots, webhooks)."""
    from .notify import send_pending

    result = send_pending()
    if json:
        command.stdout.write(_json_dumps({"sent": result.sent, "failed": result.failed}))
        return
    command.stdout.write(_("Deliveries sent: {s}; failed: {f}").format(s=result.sent, f=result.failed))
