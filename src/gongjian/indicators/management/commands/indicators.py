"""``gongjian indicators refresh [--date YYYY-MM-DD]``: update computed indicators from their data sources.

Idempotent: a second run on the same day writes nothing. The daily warnings run may call
``gongjian.indicators.services.refresh_computed`` directly instead.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.services import Actor
from gongjian.indicators.services import refresh_computed


class Command(BaseCommand):
    help = "Indicators: refresh the actuals of computed indicators from their data sources."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="Update computed indicators from their data sources.")
        refresh.add_argument("--date", help="The day to refresh as of (default: today), YYYY-MM-DD.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(_("--date must be a date written YYYY-MM-DD.")) from None
        summary = refresh_computed(Actor.system(), today)
        self.stdout.write(
            _("{indicators} computed indicators refreshed: {written} actuals written, {unchanged} unchanged.").format(
                indicators=summary.indicators, written=summary.written, unchanged=summary.unchanged
            )
        )
        for ind in summary.unavailable:
            self.stdout.write(
                _("{indicator}: source {key} not available; its actuals are entered by hand.").format(
                    indicator=ind, key=ind.source_key
                )
            )
        for ind, error in summary.failed:
            self.stderr.write(_("{indicator}: the source failed: {error}").format(indicator=ind, error=error))
