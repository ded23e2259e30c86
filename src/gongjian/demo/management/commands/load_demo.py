"""``gongjian load_demo``: fill an empty database with Decheng District's 2026 campaign (make demo)."""

from __future__ import annotations

import time
import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongjian.demo import loader
from gongjian.demo.data import PASSWORD


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = (
        "Load the demo: Decheng District's 2026 key-work campaign with units, accounts and history up to today. "
        "Does nothing if the demo is already loaded; refuses to run in production."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                _(
                    "load_demo refuses to run in production (GONGJIAN_ENV=production): "
                    "the demo creates accounts with a published password."
                )
            )
        loaded = loader.loaded_campaign()
        if loaded is not None:
            self.stdout.write(_("The demo data is already loaded ({name}); nothing changed.").format(name=loaded.name))
            self._print_logins()
            return
        started = time.monotonic()
        try:
            counts = loader.load()
        except loader.DemoConflict as exc:
            raise CommandError(
                _(
                    "load_demo only fills an empty database, and these demo units or accounts already exist: {names}"
                ).format(names=exc)
            ) from exc
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                _("Loaded the demo: {name} ({seconds} s).").format(
                    name=loader.loaded_campaign().name, seconds=f"{seconds:.1f}"
                )
            )
        )
        self.stdout.write(
            "  "
            + _(
                "{units} units, {users} accounts, {areas} areas, {items} items ({items_done} completed), "
                "{milestones} milestones ({milestones_met} met), {leader_actions} leader actions"
            ).format(**counts)
        )
        self.stdout.write(
            "  "
            + _(
                "{reports} reports: {reports_accepted} accepted, {reports_submitted} awaiting review, "
                "{reports_returned} returned, {reports_late} late; {reports_missing} missing"
            ).format(**counts)
        )
        for line in counts["module_lines"]:
            self.stdout.write("  " + line)
        self._print_logins()

    def _print_logins(self) -> None:
        header = (_("Username"), _("Full name"), _("Unit"), _("Role"))
        rows = [header] + [(x.username, x.name, x.unit, x.role) for x in loader.logins()]
        widths = [max(_width(r[i]) for r in rows) for i in range(4)]
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password for every account: {password})").format(password=PASSWORD))
        for n, row in enumerate(rows):
            self.stdout.write("  " + "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if n == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))
