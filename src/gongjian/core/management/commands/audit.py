"""``gongjian audit verify`` and ``gongjian audit export --before DATE --output FILE``.

``verify`` walks the audit log's hash chain (core/chain.py) in sequence order, checks every record's HMAC, and
compares the chain's end with the head kept outside the table (``AUDIT_HEAD_FILE``, or ``--head FILE``). It
exits 1 naming the first broken record: a changed field, a deleted, inserted or reordered record, a cut-off tail.

``export`` writes the records older than a date as JSON lines (one record a line, with its sequence number and
chain value, so the archive can be checked against the chain): the archive kept beyond the six months of
retention. Records are never deleted by the platform.
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

from gongjian.core import audit, chain
from gongjian.core.models import AuditLog

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


class Command(BaseCommand):
    help = "Verify the audit log's hash chain, or export old records to an archive file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        verify = sub.add_parser("verify", help="walk the chain and compare its end with the kept head")
        verify.add_argument("--head", type=Path, help="the head file (default: AUDIT_HEAD_FILE)")
        verify.add_argument("--no-head", action="store_true", help="check the chain alone (no kept head)")
        add_language(verify)
        export = sub.add_parser("export", help="write the records older than a date as JSON lines")
        export.add_argument("--before", required=True, help="YYYY-MM-DD (local date): records before this day")
        export.add_argument("--output", required=True, type=Path, help="the archive file to write")
        add_language(export)

    def handle(self, *args, **options):
        with translation.override(language(options)):
            if options["command"] == "verify":
                return self.verify(options)
            return self.export(options)

    def verify(self, options):
        head = None
        if not options["no_head"]:
            try:
                head = audit.read_head(options["head"]) if options["head"] else audit.read_head()
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            if head is None:
                self.stderr.write(_("No kept head found: the tail of the chain cannot be checked."))
        fault, count = audit.verify(head, use_kept_head=False)
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

    def export(self, options):
        try:
            day = dt.date.fromisoformat(options["before"])
        except ValueError:
            raise CommandError(
                _("--before {value}: give a date as YYYY-MM-DD.").format(value=repr(options["before"]))
            ) from None
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
