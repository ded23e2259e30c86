"""Retention of the audit log: archive old records to a file that can be checked, then purge them.

* :func:`write_archive` writes the records older than a day — the unbroken run of the chain from its start (the
  anchor of the last purge) up to the first younger record — as JSON lines, each with its sequence number, chain
  value and sealed fields, and beside it a manifest (``FILE.manifest.json``): the numbers of the first and last
  record, the chain value before the first, the last value, the count and the SHA-256 of the file.
* :func:`verify_archive` checks the file against its manifest and walks its chain with the audit key: a changed,
  added, removed or reordered line is found as in the table (``gongjian audit verify --archive FILE``).
* :func:`purge` deletes those records from the table, refusing anything younger than the retention period
  (``AUDIT_RETENTION_DAYS``, at least 180 days), a chain that does not verify, and records that are not in a
  verified archive. The last deleted record becomes the anchor — kept in the head file first, then in the head
  row — where ``audit verify`` starts; the purge itself is audited (``audit.purge``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, chain
from .models import AuditChainHead, AuditLog
from .services import Actor, record

__all__ = ["ArchiveError", "manifest_path", "purge", "verify_archive", "write_archive"]

KIND = "gongjian-audit-archive"
FORMAT = 1


class ArchiveError(Exception):
    """An archive or purge that cannot go on; the message says why (nothing was written or deleted)."""


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _run_end(before: dt.date, anchor: chain.Head) -> int | None:
    """The last sequence number of the run of records after ``anchor`` that are all older than ``before``."""
    after = AuditLog.objects.filter(seq__gt=anchor.seq)
    young = after.filter(at__gte=_start_of(before)).order_by("seq").values_list("seq", flat=True).first()
    end = young - 1 if young is not None else after.order_by("-seq").values_list("seq", flat=True).first()
    return end if end is not None and end > anchor.seq else None


def _row(rec: AuditLog) -> dict:
    return {"id": rec.pk, "seq": rec.seq, "chain": rec.chain, **audit.content_fields(audit._record_values(rec))}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_archive(before: dt.date, output: Path) -> dict:
    """Archive the records older than ``before`` still in the table into ``output`` (and its manifest); returns
    the manifest. A file never replaces another."""
    output = Path(output)
    if output.exists() or manifest_path(output).exists():
        raise ArchiveError(_("{file} exists: an archive never replaces another file.").format(file=output))
    anchor = audit.effective_anchor()
    end = _run_end(before, anchor)
    if end is None:
        raise ArchiveError(_("There are no audit records before {day} to archive.").format(day=before.isoformat()))
    output.parent.mkdir(parents=True, exist_ok=True)
    count, last = 0, None
    with open(output, "w", encoding="utf-8") as fh:
        for rec in AuditLog.objects.filter(seq__gt=anchor.seq, seq__lte=end).order_by("seq").iterator(2000):
            fh.write(json.dumps(_row(rec), ensure_ascii=False, sort_keys=True) + "\n")
            count, last = count + 1, rec
    manifest = {
        "kind": KIND,
        "format": FORMAT,
        "before": before.isoformat(),
        "created_at": timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        "records": count,
        "first_seq": anchor.seq + 1,
        "last_seq": last.seq,
        "previous": anchor.value,
        "last_value": last.chain,
        "file": output.name,
        "sha256": _sha256(output),
    }
    manifest_path(output).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    _manifest, fault, _count = verify_archive(output)
    if fault is not None:  # the table's chain is broken within the run: no archive of it
        output.unlink()
        manifest_path(output).unlink()
        raise ArchiveError(
            _(
                "The audit chain is broken at sequence number {seq}: nothing archived; run gongjian audit verify."
            ).format(seq=fault.seq)
        )
    return manifest


def _read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(manifest_path(path).read_text(encoding="utf-8"))
        if manifest.get("kind") != KIND or manifest.get("format") != FORMAT:
            raise ValueError(manifest.get("kind"))
        for key in ("records", "first_seq", "last_seq"):
            int(manifest[key])
        for key in ("previous", "last_value", "sha256"):
            str(manifest[key])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise ArchiveError(
            _("{file}: no readable archive manifest ({manifest}).").format(file=path, manifest=manifest_path(path))
        ) from None
    return manifest


def _records(path: Path):
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            try:
                row = json.loads(line)
                fields = {name: row[name] for name in audit._FIELDS}
                yield chain.SealedRecord(int(row["id"]), int(row["seq"]), chain.canonical(fields), str(row["chain"]))
            except (ValueError, KeyError, TypeError):
                raise ArchiveError(_("{file}, line {n}: not an audit record.").format(file=path, n=n)) from None


def verify_archive(path: Path) -> tuple[dict, chain.Fault | None, int]:
    """(manifest, first fault or None, records read): the file's SHA-256 against the manifest, then its chain."""
    path = Path(path)
    manifest = _read_manifest(path)
    if not path.is_file():
        raise ArchiveError(_("{file}: the archive file is missing.").format(file=path))
    if _sha256(path) != manifest["sha256"]:
        raise ArchiveError(_("{file}: its SHA-256 is not the manifest's: the archive was changed.").format(file=path))
    start = chain.Head(int(manifest["first_seq"]) - 1, manifest["previous"])
    end = chain.Head(int(manifest["last_seq"]), manifest["last_value"])
    fault, count = chain.walk(_records(path), audit._key(), end, start=start)
    if fault is None and count != int(manifest["records"]):
        raise ArchiveError(
            _("{file} holds {count} records, its manifest {records}: the archive was changed.").format(
                file=path, count=count, records=manifest["records"]
            )
        )
    return manifest, fault, count


def _archived_value(path: Path, seq: int) -> str | None:
    for rec in _records(path):
        if rec.seq == seq:
            return rec.value
    return None


def purge(actor: Actor, before: dt.date, archive: Path, *, today: dt.date | None = None) -> dict:
    """Delete the records older than ``before`` that ``archive`` holds; see the module's docstring."""
    archive = Path(archive)
    days = settings.AUDIT_RETENTION_DAYS
    latest = (today or timezone.localdate()) - dt.timedelta(days=days)
    if before > latest:
        raise ArchiveError(
            _(
                "Audit records are kept {days} days: --before may be {latest} at the latest, not {before}; "
                "nothing was deleted."
            ).format(days=days, latest=latest.isoformat(), before=before.isoformat())
        )
    manifest, fault, _count = verify_archive(archive)
    if fault is not None:
        raise ArchiveError(
            _("{file} does not verify (sequence number {seq}): nothing was deleted.").format(
                file=archive, seq=fault.seq
            )
        )
    fault, _count = audit.verify()
    if fault is not None:
        raise ArchiveError(_("The audit chain does not verify: nothing was deleted; run gongjian audit verify."))
    anchor = audit.effective_anchor()
    end = _run_end(before, anchor)
    if end is None:
        return {"records": 0, "anchor": anchor.seq}
    if int(manifest["first_seq"]) > anchor.seq + 1 or int(manifest["last_seq"]) < end:
        raise ArchiveError(
            _(
                "{file} holds the records {first} to {last}; the records before {day} are {need_first} to "
                "{need_last}: archive them first (gongjian audit archive). Nothing was deleted."
            ).format(
                file=archive,
                first=manifest["first_seq"],
                last=manifest["last_seq"],
                day=before.isoformat(),
                need_first=anchor.seq + 1,
                need_last=end,
            )
        )
    value = AuditLog.objects.filter(seq=end).values_list("chain", flat=True).get()
    if _archived_value(archive, end) != value:
        raise ArchiveError(
            _("{file} is not an archive of these records (record {seq} differs): nothing was deleted.").format(
                file=archive, seq=end
            )
        )
    new_anchor = chain.Head(end, value)
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", "value").first()
    # The kept anchor first: should the deletion fail, verify starts after records that are still there (and
    # archived); never the other way round, where records would be missing before the anchor it starts from.
    audit.write_anchor(new_anchor, chain.Head(*head) if head else new_anchor)
    with transaction.atomic():
        AuditChainHead.objects.select_for_update().filter(pk=1).update(anchor_seq=end, anchor_value=value)
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(AuditLog._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE seq IS NOT NULL AND seq <= %s", [end])  # noqa: S608
            deleted = cursor.rowcount
        record(
            actor,
            "audit.purge",
            after={
                "before": before.isoformat(),
                "from": anchor.seq + 1,
                "to": end,
                "records": deleted,
                "archive": archive.name,
                "archive_sha256": manifest["sha256"],
            },
        )
    return {"records": deleted, "anchor": end, "from": anchor.seq + 1}
