"""``gongjian bulletins draft|export|issue|monthly``: the monthly 督查通报 from the command line and the timer.

* ``draft --campaign ID --month YYYY-MM [--by USERNAME]`` creates a draft; its id is alone on the last line.
* ``export ID --format docx|pdf|xlsx --output FILE``: an issued bulletin's stored file byte for byte; a draft's
  file rendered now.
* ``issue ID --by USERNAME``: 签发 by that user (who must hold the permission); the bulletin must be in review.
* ``monthly [--day N]``: for the timer: on or after day N (default GONGJIAN_BULLETIN_DAY, 3) drafts last month's
  bulletin of every running campaign that has none yet and notifies the supervision office.

Bad input exits with code 2 and one message; nothing is written.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongjian.bulletins import documents, services
from gongjian.bulletins.models import Bulletin
from gongjian.campaigns.models import Campaign
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor

BAD_INPUT = 2


def _fail(message) -> CommandError:
    return CommandError(str(message), returncode=BAD_INPUT)


def _messages(exc: ValidationError) -> str:
    return "; ".join(exc.messages)


class Command(BaseCommand):
    help = "Draft, export and issue the monthly supervision bulletins (督查通报)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{draft,export,issue,monthly}")
        draft = sub.add_parser("draft", help="create the draft bulletin of a campaign and month; prints its id")
        draft.add_argument("--campaign", required=True, type=int, metavar="ID")
        draft.add_argument("--month", required=True, metavar="YYYY-MM")
        draft.add_argument("--by", metavar="USERNAME", help="the drafting user (default: the system)")
        export = sub.add_parser("export", help="write a bulletin's file")
        export.add_argument("id", type=int)
        export.add_argument("--format", required=True, choices=["docx", "pdf", "xlsx"])
        export.add_argument("--output", required=True, metavar="FILE")
        issue = sub.add_parser("issue", help="sign and issue (签发) a bulletin in review")
        issue.add_argument("id", type=int)
        issue.add_argument("--by", required=True, metavar="USERNAME")
        monthly = sub.add_parser("monthly", help="the timer's job: draft last month's bulletins when due")
        monthly.add_argument("--day", type=int, metavar="N", help="the day of the month drafting starts")

    def handle(self, *args, subcommand, **options):
        with translation.override(options.get("language") or "zh-hans"):
            getattr(self, f"do_{subcommand}")(**options)

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise _fail(_("No active user {name}.").format(name=username)) from None

    def _bulletin(self, pk) -> Bulletin:
        try:
            return Bulletin.objects.select_related("issuer", "campaign").get(pk=pk)
        except Bulletin.DoesNotExist:
            raise _fail(_("No bulletin {id}.").format(id=pk)) from None

    def do_draft(self, campaign, month, by=None, **_options):
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", month)
        if not match:
            raise _fail(_("--month must be written YYYY-MM, e.g. 2026-03."))
        try:
            camp = Campaign.objects.get(pk=campaign)
        except Campaign.DoesNotExist:
            raise _fail(_("No campaign {id}.").format(id=campaign)) from None
        actor = Actor(user=self._user(by), source=AuditLog.Source.COMMAND) if by else Actor.system()
        try:
            bulletin = services.draft_bulletin(actor, camp, int(match[1]), int(match[2]))
        except ValidationError as exc:
            raise _fail(_messages(exc)) from None
        except PermissionDenied:
            raise _fail(_("{name} may not draft bulletins.").format(name=by)) from None
        self.stdout.write(_("Drafted: {title}").format(title=bulletin.title))
        self.stdout.write(str(bulletin.pk))

    def do_export(self, id, format, output, **_options):
        bulletin = self._bulletin(id)
        try:
            if bulletin.is_issued:
                stored = bulletin.files.filter(format=format).first()
                if stored is None:
                    raise _fail(
                        _("{number} was issued without a {format} file.").format(
                            number=bulletin.doc_number, format=format
                        )
                    )
                data = bytes(stored.data)
            elif format == "xlsx":
                data = documents.bulletin_xlsx(bulletin)
            else:
                data = documents.bulletin_docx(bulletin)
                if format == "pdf":
                    data = documents.pdf(data)
        except ValidationError as exc:
            raise _fail(_messages(exc)) from None
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            raise _fail(_("Cannot write {path}: {error}").format(path=output, error=exc.strerror)) from None
        self.stdout.write(_("Wrote {path} ({size} bytes).").format(path=output, size=len(data)))

    def do_issue(self, id, by, **_options):
        bulletin = self._bulletin(id)
        actor = Actor(user=self._user(by), source=AuditLog.Source.COMMAND)
        try:
            bulletin = services.issue_bulletin(actor, bulletin)
        except ValidationError as exc:
            raise _fail(_messages(exc)) from None
        except PermissionDenied:
            raise _fail(_("{name} may not sign bulletins.").format(name=by)) from None
        self.stdout.write(_("Issued {number}.").format(number=bulletin.doc_number))
        for f in bulletin.files.all():
            self.stdout.write(f"{f.name}  sha256 {f.sha256}")

    def do_monthly(self, day=None, **_options):
        from gongjian.bulletins.schedule import monthly

        for line in monthly(timezone.localdate(), day):
            self.stdout.write(line)
