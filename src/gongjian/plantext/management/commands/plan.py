"""``gongjian plan extract FILE [--date YYYY-MM-DD] --json``: the draft plan of a document, as JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from gongjian.plantext.draft import build_draft, draft_json
from gongjian.plantext.messages import error_message
from gongjian.plantext.reader import MAX_BYTES, ReadError, read_document


class Command(BaseCommand):
    help = "Plan from text: extract a draft plan (pillars, measures, targets) from a .txt, .docx or .pdf file."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ex = sub.add_parser("extract", help="print the draft plan of FILE")
        ex.add_argument("file")
        ex.add_argument("--date", help="document date YYYY-MM-DD (default: today)")
        ex.add_argument("--json", action="store_true", help="print JSON (the only format)")

    def handle(self, *args, action, file, date=None, **options):
        translation.activate(settings.LANGUAGE_CODE)  # errors in the site's language (Chinese by default)
        try:
            today = dt.date.fromisoformat(date) if date else dt.date.today()
        except ValueError as exc:
            raise CommandError(_("Invalid date {date}: use YYYY-MM-DD.").format(date=date)) from exc
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: {file}").format(file=file))
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(error_message("too_large", mb=MAX_BYTES // (1024 * 1024)))
        try:
            text = read_document(path.name, path.read_bytes())
        except ReadError as exc:
            raise CommandError(error_message(exc.code, **exc.params)) from exc
        norm, draft = build_draft(text, today)
        self.stdout.write(json.dumps(draft_json(norm, draft), ensure_ascii=False, indent=2))
