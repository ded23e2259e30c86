"""The audit log's hash chain, as pure functions (no Django): canonical content, the HMAC link, the walk.

Every audit record carries ``value = HMAC-SHA256(key, previous value ‖ sequence number ‖ canonical content)``.
The key is held outside the database (settings or environment), so someone with database access alone cannot
recompute the chain after changing, inserting, deleting or reordering records. The chain's head (the last
sequence number and value) is also kept outside the table; a tail cut off the table no longer reaches it.

:func:`walk` checks a sequence of records and returns the first fault, or ``None`` when the chain is whole.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["GENESIS", "Fault", "Head", "SealedRecord", "canonical", "link", "walk"]

#: The "previous value" of the first record.
GENESIS = "0" * 64

MODIFIED = "modified"  # the record's content or value does not match its link
MISSING = "missing"  # a sequence number is skipped: records were deleted
INSERTED = "inserted"  # a record without a sequence number, or one repeated
TRUNCATED = "truncated"  # the chain ends before the head kept outside the table
HEAD_MISMATCH = "head_mismatch"  # the record at the kept head's number is not the one that was kept


@dataclass(frozen=True)
class SealedRecord:
    """One record as stored: its id (to name it), sequence number, canonical content and stored value."""

    id: int
    seq: int | None
    content: bytes
    value: str | None


@dataclass(frozen=True)
class Head:
    seq: int
    value: str


@dataclass(frozen=True)
class Fault:
    """The first break found: its kind, the record's id (None for a truncated tail) and sequence number."""

    kind: str
    record_id: int | None
    seq: int | None
    detail: str = ""


def canonical(fields: dict) -> bytes:
    """The record's content as bytes: sorted keys, no spaces, UTF-8 (the same on every database)."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def link(key: bytes, previous: str, seq: int, content: bytes) -> str:
    """The value of record ``seq`` following ``previous``."""
    message = previous.encode() + b"\n" + str(seq).encode() + b"\n" + content
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def walk(
    records: Iterable[SealedRecord], key: bytes, head: Head | None = None, start: Head | None = None
) -> tuple[Fault | None, int]:
    """Check ``records`` in sequence order against ``key`` and the kept ``head``; (first fault, records read).

    Records must come ordered by sequence number (unsealed ones, seq None, first). The chain starts at 1, or just
    after ``start`` (the anchor left by a purge, or the record before an archive's first): its number and value.
    """
    previous, expected, count = (start.value, start.seq + 1, 0) if start else (GENESIS, 1, 0)
    last: SealedRecord | None = None
    for rec in records:
        count += 1
        if rec.seq is None:
            return Fault(INSERTED, rec.id, None, "no sequence number"), count
        if last is not None and rec.seq == last.seq:
            return Fault(INSERTED, rec.id, rec.seq, "sequence number repeated"), count
        if rec.seq != expected:
            return Fault(MISSING, rec.id, rec.seq, f"expected {expected}"), count
        value = link(key, previous, rec.seq, rec.content)
        if rec.value is None or not hmac.compare_digest(value, rec.value):
            return Fault(MODIFIED, rec.id, rec.seq), count
        if head is not None and rec.seq == head.seq and not hmac.compare_digest(rec.value, head.value):
            return Fault(HEAD_MISMATCH, rec.id, rec.seq), count
        previous, expected, last = rec.value, expected + 1, rec
    end = last.seq if last else expected - 1
    if head is not None and end < head.seq:
        return Fault(TRUNCATED, None, head.seq, f"the chain ends at {end}"), count
    return None, count
