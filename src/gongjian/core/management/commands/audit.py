"""``gongjian audit verify|archive|purge|export``: the audit log's chain, its archive and its retention.

``verify`` walks the audit log's hash chain (core/chain.py) in sequence order, checks every record's HMAC, and
compares the chain's end with the head kept outside the table (``AUDIT_HEAD_FILE``, or ``--head FILE``). It
exits 1 naming the first broken record: a changed field, a deleted, inserted or reordered record, a cut-off tail.
The walk starts after the anchor of the last purge. ``verify --archive FILE`` checks an archive the same way.

``archive --before DATE --output FILE`` writes the records older than a date as JSON lines with their sequence
numbers and chain values, and a manifest with the SHA-256 (core/audit_archive.py). ``purge --before DATE
--archived FILE`` then deletes them from the table: never records younger than the retention period
(``GONGJIAN_AUDIT_RETENTION_DAYS``, at least 180 days), never records that are not in the verified archive.

``export`` writes the records older than a date as JSON lines (without a manifest): a copy for reading.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjian.core import audit, audit_archive, chain
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor

_KINDS = {
    chain.MODIFIED: gettext_lazy("changed (its content or chain value does not match)"),
    chain.MISSING: gettext_lazy("missing records before it (deleted)"),
    chain.INSERTED: gettext_lazy("inserted (not part of the chain)"),
    chain.TRUNCATED: gettext_lazy("records cut off the end of the chain"),
    chain.HEAD_MISMATCH: gettext_lazy("not the record the kept head names"),
}


def add_language(parser) -> None:
    """``--lang zh|en``: the language of the messages (default: the site's, Chinese), as ``landuse`` has it."""
    parser.add_argument(
        "--lang", "--language", dest="language", choices=["zh", "zh-hans", "en"], help="language of messages"
    )


def language(options) -> str:
    chosen = options.get("language")
    return {"zh": "zh-hans"}.get(chosen or "", chosen) or settings.LANGUAGE_CODE


def _detail(fault: chain.Fault) -> str:
    """The fault's detail in the reader's language (the pure chain module words it in English)."""
    if fault.kind == chain.INSERTED:
        text = _("no sequence number") if fault.seq is None else _("sequence number repeated")
    elif fault.kind == chain.MISSING and fault.detail.startswith("expected "):
        text = _("sequence number {n} expected").format(n=fault.detail.removeprefix("expected "))
    elif fault.kind == chain.TRUNCATED and fault.detail.startswith("the chain ends at "):
        text = _("the chain ends at {n}").format(n=fault.detail.removeprefix("the chain ends at "))
    else:
        text = fault.detail
    return f" [{text}]" if text else ""


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("--before {value}: give a date as YYYY-MM-DD.").format(value=repr(value))) from None


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; archive, purge or export old records."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        verify = sub.add_parser("verify", help="walk the chain and compare its end with the kept head")
        verify.add_argument("--head", type=Path, help="the head file (default: AUDIT_HEAD_FILE)")
        verify.add_argument("--no-head", action="store_true", help="check the chain alone (no kept head)")
        verify.add_argument("--archive", type=Path, metavar="FILE", help="check an archive file instead")
        add_language(verify)
        archive = sub.add_parser("archive", help="archive the records older than a date, with a manifest")
        archive.add_argument("--before", required=True, help="YYYY-MM-DD (local date): records before this day")
        archive.add_argument("--output", required=True, type=Path, help="the archive file to write (JSON lines)")
        add_language(archive)
        purge = sub.add_parser("purge", help="delete archived records older than the retention period")
        purge.add_argument("--before", required=True, help="YYYY-MM-DD (local date): records before this day")
        purge.add_argument("--archived", required=True, type=Path, metavar="FILE", help="the archive holding them")
        add_language(purge)
        export = sub.add_parser("export", help="write the records older than a date as JSON lines")
        export.add_argument("--before", required=True, help="YYYY-MM-DD (local date): records before this day")
        export.add_argument("--output", required=True, type=Path, help="the archive file to write")
        add_language(export)

    def handle(self, *args, **options):
        with translation.override(language(options)):
            try:
                return getattr(self, options["command"])(options)
            except audit_archive.ArchiveError as exc:
                raise CommandError(str(exc), returncode=1) from None

    def verify(self, options):
        if options["archive"]:
            return self.verify_archive(options["archive"])
        head = anchor = None
        if not options["no_head"]:
            path = options["head"] or audit.head_path()
            try:
                head = audit.read_head(path)
                anchor = audit.effective_anchor(path) if head is not None else None
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            if head is None:
                self.stderr.write(_("No kept head found: the tail of the chain cannot be checked."))
        fault, count = audit.verify(head, use_kept_head=False, anchor=anchor)
        if fault is None:
            end = head.seq if head else count
            self.stdout.write(_("Audit chain intact: {count} records, head {end}.").format(count=count, end=end))
            return
        what = _KINDS.get(fault.kind, fault.kind)
        if fault.record_id is None:
            where = _("after the last record (kept head at sequence number {seq})").format(seq=fault.seq)
        else:
            where = _("record id {id} (sequence number {seq})").format(
                id=fault.record_id, seq=fault.seq if fault.seq is not None else "—"
            )
        detail = _detail(fault)
        raise CommandError(
            _("Audit chain broken at {where}: {what}{detail}.").format(where=where, what=what, detail=detail),
            returncode=1,
        )

    def verify_archive(self, path: Path):
        manifest, fault, count = audit_archive.verify_archive(path)
        if fault is not None:
            where = _("record id {id} (sequence number {seq})").format(
                id=fault.record_id if fault.record_id is not None else "—", seq=fault.seq
            )
            what = _KINDS.get(fault.kind, fault.kind)
            raise CommandError(
                _("Archive {file} broken at {where}: {what}{detail}.").format(
                    file=path, where=where, what=what, detail=_detail(fault)
                ),
                returncode=1,
            )
        self.stdout.write(
            _("Archive intact: {count} records, sequence numbers {first} to {last}, before {day}.").format(
                count=count, first=manifest["first_seq"], last=manifest["last_seq"], day=manifest["before"]
            )
        )

    def archive(self, options):
        day = _day(options["before"])
        manifest = audit_archive.write_archive(day, options["output"])
        self.stdout.write(
            _(
                "{count} audit records before {day} (sequence numbers {first} to {last}) archived to {file}, "
                "manifest {manifest}."
            ).format(
                count=manifest["records"],
                day=day.isoformat(),
                first=manifest["first_seq"],
                last=manifest["last_seq"],
                file=options["output"],
                manifest=audit_archive.manifest_path(options["output"]),
            )
        )

    def purge(self, options):
        day = _day(options["before"])
        done = audit_archive.purge(Actor.system(), day, options["archived"])
        if not done["records"]:
            self.stdout.write(_("No audit records before {day} left to purge.").format(day=day.isoformat()))
            return
        self.stdout.write(
            _(
                "{count} audit records purged (sequence numbers {first} to {last}); the chain now starts after {last}."
            ).format(count=done["records"], first=done["from"], last=done["anchor"])
        )

    def export(self, options):
        day = _day(options["before"])
        start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        qs = AuditLog.objects.filter(at__lt=start).order_by("seq", "pk")
        out: Path = options["output"]
        out.parent.mkdir(parents=True, exist_ok=True)
        n = 0
        with open(out, "w", encoding="utf-8") as fh:
            for rec in qs.iterator(chunk_size=2000):
                row = {
                    "id": rec.pk,
                    "seq": rec.seq,
                    "chain": rec.chain,
                    "at": rec.at.isoformat(),
                    "actor_id": rec.actor_id,
                    "actor_name": rec.actor_name,
                    "ip": rec.ip,
                    "source": rec.source,
                    "action": rec.action,
                    "content_type": audit._type_name(rec.content_type_id),
                    "object_id": rec.object_id,
                    "object_repr": rec.object_repr,
                    "parent_type": audit._type_name(rec.parent_type_id),
                    "parent_id": rec.parent_id,
                    "before": rec.before,
                    "after": rec.after,
                    "success": rec.success,
                }
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
        self.stdout.write(
            _("{n} audit records before {day} written to {file}.").format(n=n, day=day.isoformat(), file=out)
        )
