"""``gongjian generate``: fill an empty database with synthetic data at district, city or province scale."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongjian.synth.generator import SCALES, GenerateError, generate


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("--today must be a date written YYYY-MM-DD, not {value!r}.").format(value=value)) from exc


class Command(BaseCommand):
    help = (
        "Fill an empty database with consistent synthetic data (units, accounts, a campaign with items, "
        "milestones and a year of reports, and each installed module's data) at district, city or province "
        "scale. Refuses a non-empty database unless --append, and refuses production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="district")
        parser.add_argument("--seed", type=int, default=2026, help="same seed, same data (default 2026)")
        parser.add_argument("--today", default=None, help="the day the data is generated up to (default: today)")
        parser.add_argument("--append", action="store_true", help="add beside existing data")

    def handle(self, *args, scale, seed, today, append, **options):
        started = time.monotonic()
        try:
            ctx = generate(scale, seed=seed, today=_date(today) if today else None, append=append)
        except GenerateError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.monotonic() - started
        counts = ", ".join(f"{k} {v:,}" for k, v in ctx.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                _("Generated {scale} scale data in {seconds} s: {counts}").format(
                    scale=scale, seconds=f"{seconds:.1f}", counts=counts
                )
            )
        )
