"""The tamper-evident audit chain, database side: sealing each new record, keeping the head, verifying.

* :func:`seal` gives new :class:`~.models.AuditLog` rows their links (:mod:`.chain`) as they are saved. It locks the
  one :class:`~.models.AuditChainHead` row first (``select_for_update`` on PostgreSQL; SQLite serialises
  writers), so two transactions never take the same sequence number and the chain never forks.
* After the transaction commits, the head (sequence number, value) is also written to ``AUDIT_HEAD_FILE``
  (by default ``var/audit_head.json``): a tail cut off the table, head row included, is still detected.
* :func:`verify` walks the whole table in sequence order and compares its end with the kept head.

The key is ``settings.AUDIT_KEY`` (``GONGJIAN_AUDIT_KEY``; derived from the secret key outside production).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import chain

if TYPE_CHECKING:
    from .models import AuditChainHead, AuditLog


def _models():
    # Looked up at run time: core.models calls seal() from AuditLog.save, so this module cannot import it.
    return apps.get_model("core", "AuditChainHead"), apps.get_model("core", "AuditLog")


__all__ = [
    "content_fields",
    "content_of",
    "db_anchor",
    "effective_anchor",
    "head_path",
    "read_anchor",
    "read_head",
    "seal",
    "verify",
    "write_anchor",
    "write_head",
]

_FIELDS = (
    "at",
    "actor_id",
    "actor_name",
    "ip",
    "source",
    "action",
    "content_type",
    "object_id",
    "object_repr",
    "parent_type",
    "parent_id",
    "before",
    "after",
    "success",
)


def _key() -> bytes:
    return str(settings.AUDIT_KEY).encode()


def _type_name(ct_id: int | None) -> str | None:
    if ct_id is None:
        return None
    ct = ContentType.objects.get_for_id(ct_id)
    return f"{ct.app_label}.{ct.model}"


def _when(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def content_fields(values: dict) -> dict:
    """The sealed fields of a record as plain JSON values (time in UTC, object types by name), given its field
    values (``content_type``/``parent_type`` as ids): what the chain seals and what an archive keeps."""
    fields = {name: values.get(name) for name in _FIELDS}
    fields["at"] = _when(fields["at"])
    fields["content_type"] = _type_name(fields["content_type"])
    fields["parent_type"] = _type_name(fields["parent_type"])
    return fields


def content_of(values: dict) -> bytes:
    """The canonical content of a record given its field values (``content_type``/``parent_type`` as ids)."""
    return chain.canonical(content_fields(values))


def _record_values(rec: AuditLog) -> dict:
    values = {name: getattr(rec, name) for name in _FIELDS if name not in ("content_type", "parent_type")}
    values["content_type"] = rec.content_type_id
    values["parent_type"] = rec.parent_type_id
    return values


def _locked_head() -> AuditChainHead:
    AuditChainHead, AuditLog = _models()
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    # First record (or the head row was removed): start from the table's own end, never from 0 over it.
    last = AuditLog.objects.filter(seq__isnull=False).order_by("-seq").values("seq", "chain").first()
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(
                pk=1, seq=last["seq"] if last else 0, value=(last["chain"] if last else chain.GENESIS)
            )
    except IntegrityError:
        pass  # created meanwhile by another writer
    return AuditChainHead.objects.select_for_update().get(pk=1)


def seal(records: list[AuditLog]) -> None:
    """Give each new record its sequence number and chain value, in order, and move the head (in one
    transaction with the insert: :meth:`AuditLog.save` and ``AuditLog.objects.bulk_create`` call this)."""
    AuditChainHead, _log_model = _models()
    if not records:
        return
    key = _key()
    head = _locked_head()
    seq, value = head.seq, head.value
    for rec in records:
        for name in ("before", "after"):
            if getattr(rec, name) is not None:
                # As the database gives it back (JSON types only): the content sealed is the content read.
                setattr(rec, name, json.loads(json.dumps(getattr(rec, name), cls=DjangoJSONEncoder)))
        seq += 1
        value = chain.link(key, value, seq, content_of(_record_values(rec)))
        rec.seq, rec.chain = seq, value
    AuditChainHead.objects.filter(pk=1).update(seq=seq, value=value)
    _keep_head_after_commit()


class _HeadAfterCommit:
    """The on-commit callback that keeps the head outside the table: one per transaction, however many records
    it seals, so a transaction that writes a thousand records writes the head file once. It reads the head row
    as committed, so it never carries a value from a savepoint that was rolled back."""

    ran = False

    def __call__(self) -> None:
        self.ran = True  # (a test that captures on-commit callbacks runs them without a commit)
        AuditChainHead, _log_model = _models()
        head = AuditChainHead.objects.filter(pk=1).values("seq", "value").first()
        if head is not None:
            write_head(head["seq"], head["value"])


def _keep_head_after_commit() -> None:
    # One callback is enough while one is pending: a rollback that discards it (of the savepoint it was registered
    # in) also undoes every record sealed since, and the next record registers a new one.
    pending = transaction.get_connection().run_on_commit
    if not any(isinstance(func, _HeadAfterCommit) and not func.ran for _sids, func, _robust in pending):
        transaction.on_commit(_HeadAfterCommit())


# --- the head kept outside the table ----------------------------------------------------------------------


def head_path() -> Path:
    return Path(settings.AUDIT_HEAD_FILE)


def read_head(path: Path | None = None) -> chain.Head | None:
    """The kept head, or None when none was kept yet (a new installation)."""
    path = path or head_path()
    try:
        data = json.loads(path.read_text())
        return chain.Head(int(data["seq"]), str(data["value"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(_("{file}: not an audit head file").format(file=path)) from exc


def read_anchor(path: Path | None = None) -> chain.Head | None:
    """The anchor kept in the head file (the last purged record), or None when nothing was ever purged."""
    path = path or head_path()
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except ValueError as exc:
        raise ValueError(_("{file}: not an audit head file").format(file=path)) from exc
    if not isinstance(data, dict) or "anchor_seq" not in data:
        return None
    try:
        return chain.Head(int(data["anchor_seq"]), str(data["anchor_value"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(_("{file}: not an audit head file").format(file=path)) from exc


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _replace(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_head(seq: int, value: str, path: Path | None = None, *, force: bool = False) -> None:
    """Keep the head outside the table; a later sequence number only (commits may call back out of order).
    The anchor kept in the same file stays as it is."""
    path = path or head_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            current = read_head(path)
        except ValueError:
            current = None
        if current is not None and current.seq >= seq and not force:
            return
        anchor = {k: v for k, v in _read_json(path).items() if k in ("anchor_seq", "anchor_value")}
        _replace(path, {"seq": seq, "value": value, **anchor})


def write_anchor(anchor: chain.Head, head: chain.Head, path: Path | None = None) -> None:
    """Keep the anchor of a purge in the head file (with ``head`` when the file holds none yet)."""
    path = path or head_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = _read_json(path)
        if "seq" not in data:
            data = {"seq": head.seq, "value": head.value}
        _replace(
            path, {"seq": data["seq"], "value": data["value"], "anchor_seq": anchor.seq, "anchor_value": anchor.value}
        )


def effective_anchor(path: Path | None = None) -> chain.Head:
    """Where the records in the table start: the anchor kept in the head file; with a head file that has none,
    the genesis (nothing was purged); without a head file, the head row's anchor."""
    kept = read_anchor(path)
    if kept is not None:
        return kept
    if read_head(path) is not None:
        return chain.Head(0, chain.GENESIS)
    return db_anchor()


def db_anchor() -> chain.Head:
    """The anchor in the head row (sequence number 0 and the genesis value when nothing was purged)."""
    head_model, _log_model = _models()
    row = head_model.objects.filter(pk=1).values("anchor_seq", "anchor_value").first()
    return chain.Head(row["anchor_seq"], row["anchor_value"]) if row else chain.Head(0, chain.GENESIS)


# --- verification -----------------------------------------------------------------------------------------


def _sealed(queryset):
    for rec in queryset.iterator(chunk_size=2000):
        yield chain.SealedRecord(rec.pk, rec.seq, content_of(_record_values(rec)), rec.chain)


def verify(
    head: chain.Head | None = None, *, use_kept_head: bool = True, anchor: chain.Head | None = None
) -> tuple[chain.Fault | None, int]:
    """Walk the whole chain; (first fault or None, records checked). The kept head is read unless given.

    The walk starts after the anchor of the last purge: the one given, else the one kept in the head file, else
    (no kept head) the head row's. With a kept head file but no anchor in it, the walk starts at 1, so records
    deleted from the start of the table without a purge are found missing."""
    if head is None and use_kept_head:
        head = read_head()
    if anchor is None:
        anchor = effective_anchor() if use_kept_head else db_anchor()
    _head_model, AuditLog = _models()
    unsealed = AuditLog.objects.filter(seq__isnull=True).order_by("pk").first()
    if unsealed is not None:
        return chain.Fault(chain.INSERTED, unsealed.pk, None, "no sequence number"), 0
    # Records at or below the anchor are archived; one left behind by an interrupted purge is not walked.
    qs = AuditLog.objects.filter(seq__isnull=False, seq__gt=anchor.seq).order_by("seq", "pk")
    return chain.walk(_sealed(qs), _key(), head, start=anchor)
