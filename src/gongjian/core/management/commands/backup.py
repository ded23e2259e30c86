"""``gongjian backup --output DIR`` and ``gongjian backup verify DIR`` (see core/backup.py and docs/deployment.md §7).

``backup`` writes the database (SQLite online backup, or ``pg_dump -Fc``), the uploaded files and the audit
chain's head into a new directory with a manifest of row counts and SHA-256 sums. ``backup verify`` checks every
file against the manifest (and SQLite's integrity check); it exits 1 naming each problem.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongjian.core import backup


class Command(BaseCommand):
    help = "Back up the database, the uploaded files and the audit head; or verify a backup."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["verify"], help="verify: check an existing backup")
        parser.add_argument("directory", nargs="?", type=Path, help="the backup to verify")
        parser.add_argument("--output", type=Path, help="the new directory to write the backup into")

    def handle(self, *args, **options):
        try:
            if options["action"] == "verify":
                if options["directory"] is None:
                    raise CommandError("Name the backup directory: gongjian backup verify DIR")
                manifest, problems = backup.verify_backup(options["directory"])
                if problems:
                    raise CommandError("The backup does not verify: " + "; ".join(problems), returncode=1)
                self.stdout.write(
                    f"Backup intact: {len(manifest['files'])} files, {len(manifest['tables'])} tables, "
                    f"{sum(manifest['tables'].values())} rows ({manifest['database']}, {manifest['created_at']})."
                )
                return
            if options["output"] is None:
                raise CommandError("Name the new backup directory: gongjian backup --output DIR")
            started = time.monotonic()
            manifest = backup.create_backup(options["output"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Backup written to {options['output']}: {len(manifest['tables'])} tables, "
            f"{sum(manifest['tables'].values())} rows, {len(manifest['files'])} files, "
            f"{time.monotonic() - started:.1f} s."
        )
