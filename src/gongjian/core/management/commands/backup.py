"""``gongjian backup --output DIR`` and ``gongjian backup verify DIR`` (see core/backup.py and docs/deployment.md §7).

``backup`` writes the database (SQLite online backup, or ``pg_dump -Fc``), the uploaded files and the audit
chain's head into a new directory with a manifest of row counts and SHA-256 sums. ``backup verify`` checks every
file against the manifest (and SQLite's integrity check); it exits 1 naming each problem.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from gongjian.core import backup

from .audit import add_language, language


class Command(BaseCommand):
    help = "Back up the database, the uploaded files and the audit head; or verify a backup."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["verify"], help="verify: check an existing backup")
        parser.add_argument("directory", nargs="?", type=Path, help="the backup to verify")
        parser.add_argument("--output", type=Path, help="the new directory to write the backup into")
        add_language(parser)

    def handle(self, *args, **options):
        with translation.override(language(options)):
            self._handle(options)

    def _handle(self, options):
        try:
            if options["action"] == "verify":
                if options["directory"] is None:
                    raise CommandError(_("Name the backup directory: gongjian backup verify DIR"))
                manifest, problems = backup.verify_backup(options["directory"])
                if problems:
                    raise CommandError(
                        _("The backup does not verify: {problems}").format(problems=_("; ").join(problems)),
                        returncode=1,
                    )
                self.stdout.write(
                    _("Backup intact: {files} files, {tables} tables, {rows} rows ({database}, {created}).").format(
                        files=len(manifest["files"]),
                        tables=len(manifest["tables"]),
                        rows=sum(manifest["tables"].values()),
                        database=manifest["database"],
                        created=manifest["created_at"],
                    )
                )
                return
            if options["output"] is None:
                raise CommandError(_("Name the new backup directory: gongjian backup --output DIR"))
            started = time.monotonic()
            manifest = backup.create_backup(options["output"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Backup written to {directory}: {tables} tables, {rows} rows, {files} files, {seconds} s.").format(
                directory=options["output"],
                tables=len(manifest["tables"]),
                rows=sum(manifest["tables"].values()),
                files=len(manifest["files"]),
                seconds=f"{time.monotonic() - started:.1f}",
            )
        )
