"""``gongjian restore DIR --var-dir NEW [--database-url URL]``: restore a backup made by ``gongjian backup``.

The backup is verified first (a changed byte refuses it). SQLite: the database, uploaded files and audit head go
into the new var directory. PostgreSQL: the dump goes into the empty database the URL names (``pg_restore
--single-transaction --exit-on-error``); files and head into the new var directory. The restored row counts are
compared with the manifest: the command exits 1 listing every difference.
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
    help = "Restore a backup into a new var directory (SQLite) or an empty PostgreSQL database."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="the backup directory")
        parser.add_argument("--var-dir", type=Path, required=True, help="the new var directory to restore into")
        parser.add_argument("--database-url", help="PostgreSQL: the empty database to restore into")
        add_language(parser)

    def handle(self, *args, **options):
        with translation.override(language(options)):
            self._handle(options)

    def _handle(self, options):
        started = time.monotonic()
        try:
            differences = backup.restore(options["directory"], options["var_dir"], options["database_url"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        if differences:
            raise CommandError(
                _("Restored, with row-count differences: {differences}").format(differences=_("; ").join(differences)),
                returncode=1,
            )
        self.stdout.write(
            _("Restored into {directory}: row counts equal to the backup's, {seconds} s.").format(
                directory=options["var_dir"], seconds=f"{time.monotonic() - started:.1f}"
            )
        )
