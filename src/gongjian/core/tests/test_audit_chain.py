"""The tamper-evident audit chain: every record sealed with an HMAC over its predecessor and its content.

``audit verify`` detects the five kinds of tampering (a changed field, a deleted record, an inserted record,
reordered records, a truncated tail) even when the append-only triggers were disabled first, and names the
first broken record. A full rewrite with another key is detected too. Both databases.
"""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gongjian.core import audit, chain
from gongjian.core.models import AuditChainHead, AuditLog
from gongjian.core.services import Actor, record

pytestmark = pytest.mark.django_db

TABLE = "core_auditlog"


@pytest.fixture
def head_file(tmp_path, settings):
    settings.AUDIT_HEAD_FILE = tmp_path / "audit_head.json"
    return settings.AUDIT_HEAD_FILE


@pytest.fixture
def six(head_file, django_capture_on_commit_callbacks):
    """Six records, each in its own committed write (the head file follows)."""
    for i in range(6):
        with django_capture_on_commit_callbacks(execute=True):
            record(Actor(user=None, ip="10.0.0.1", source="command"), "test.event", after={"n": i, "名": "甲"})
    return list(AuditLog.objects.order_by("seq"))


def _sql(statement, params=()):
    """Raw SQL as someone with database access, the append-only trigger disabled first (rolled back later)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending: ALTER TABLE may run
            cur.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER core_auditlog_no_change")
        else:
            cur.execute("DROP TRIGGER IF EXISTS core_auditlog_no_update")
        cur.execute(statement, params)


def _verify_fails(match):
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", "--lang", "en")
    assert exc.value.returncode == 1
    assert match in str(exc.value), str(exc.value)
    return str(exc.value)


def test_records_are_sealed_in_sequence_and_the_head_is_kept(six, head_file, capsys):
    assert [r.seq for r in six] == [1, 2, 3, 4, 5, 6]
    assert all(len(r.chain) == 64 for r in six)
    assert json.loads(head_file.read_text()) == {"seq": 6, "value": six[-1].chain}
    assert AuditChainHead.objects.get().seq == 6
    call_command("audit", "verify")  # in Chinese unless asked otherwise
    assert "审计链完整：共 6 条记录，链头序号 6。" in capsys.readouterr().out
    call_command("audit", "verify", "--lang", "en")
    assert "Audit chain intact: 6 records, head 6." in capsys.readouterr().out


def test_a_changed_field_is_detected(six):
    _sql(f"UPDATE {TABLE} SET object_repr = 'x' WHERE id = %s", [six[2].pk])
    message = _verify_fails(f"record id {six[2].pk} (sequence number 3)")
    assert "changed" in message
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert str(exc.value) == f"审计链在记录 ID {six[2].pk}（序号 3）处断裂：已被改动（内容或链值不符）。"


def test_a_changed_json_value_is_detected(six):
    _sql(f"UPDATE {TABLE} SET success = %s WHERE id = %s", [False, six[4].pk])
    _verify_fails(f"record id {six[4].pk} (sequence number 5)")


def test_a_deleted_record_is_detected(six):
    _sql(f"DELETE FROM {TABLE} WHERE id = %s", [six[1].pk])
    message = _verify_fails(f"record id {six[2].pk} (sequence number 3)")
    assert "missing" in message and "[sequence number 2 expected]" in message


def test_an_inserted_record_is_detected(six):
    # A copy of a real record (its chain value too) put in as the next one: its link does not fit there.
    src = six[3]
    _sql(
        f"INSERT INTO {TABLE} (at, actor_name, source, action, object_id, object_repr, parent_id, success, seq, chain)"
        " VALUES (%s, %s, %s, %s, '', %s, '', %s, %s, %s)",
        [src.at, src.actor_name, src.source, src.action, src.object_repr, True, 7, src.chain],
    )
    forged = AuditLog.objects.get(seq=7)
    _verify_fails(f"record id {forged.pk} (sequence number 7)")


def test_an_unsealed_record_is_detected(six):
    _sql(
        f"INSERT INTO {TABLE} (at, actor_name, source, action, object_id, object_repr, parent_id, success)"
        " VALUES (%s, 'x', 'web', 'auth.login', '', '', '', %s)",
        [six[0].at, True],
    )
    forged = AuditLog.objects.get(seq__isnull=True)
    assert "inserted" in _verify_fails(f"record id {forged.pk}")


def test_reordered_records_are_detected(six):
    a, b = six[1], six[2]
    _sql(f"UPDATE {TABLE} SET seq = -1 WHERE id = %s", [a.pk])
    _sql(f"UPDATE {TABLE} SET seq = %s WHERE id = %s", [a.seq, b.pk])
    _sql(f"UPDATE {TABLE} SET seq = %s WHERE id = %s", [b.seq, a.pk])
    _verify_fails(f"record id {b.pk} (sequence number 2)")


def test_a_truncated_tail_is_detected_by_the_kept_head(six):
    # Someone deletes the last two records and rewinds the head row: the chain itself is whole again...
    _sql(f"DELETE FROM {TABLE} WHERE seq > 4")
    AuditChainHead.objects.filter(pk=1).update(seq=4, value=six[3].chain)
    assert audit.verify(use_kept_head=False)[0] is None
    # ...but it no longer reaches the head kept outside the table.
    message = _verify_fails("kept head at sequence number 6")
    assert "cut off" in message


def test_a_full_rewrite_without_the_key_is_detected(six):
    # Every record recomputed with a key guessed by someone who only has the database.
    value = chain.GENESIS
    for rec in six:
        value = chain.link(b"guessed", value, rec.seq, audit.content_of(audit._record_values(rec)))
        _sql(f"UPDATE {TABLE} SET chain = %s WHERE id = %s", [value, rec.pk])
    _verify_fails(f"record id {six[0].pk} (sequence number 1)")


def test_bulk_created_records_join_the_chain(six, django_capture_on_commit_callbacks):
    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=True):
        AuditLog.objects.bulk_create([AuditLog(at=timezone.now(), action="bulk", object_repr=str(i)) for i in range(3)])
    assert list(AuditLog.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 10))
    call_command("audit", "verify")


def test_export_writes_the_records_before_a_day(six, tmp_path):
    import datetime as dt

    from django.utils import timezone

    out = tmp_path / "archive.jsonl"
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    call_command("audit", "export", "--before", tomorrow.isoformat(), "--output", str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0]["after"] == {"n": 0, "名": "甲"} and rows[-1]["chain"] == six[-1].chain
    call_command("audit", "export", "--before", timezone.localdate().isoformat(), "--output", str(out))
    assert out.read_text() == ""
    with pytest.raises(CommandError):
        call_command("audit", "export", "--before", "2026-13-01", "--output", str(out))


def test_a_transaction_keeps_the_head_once_and_a_rolled_back_savepoint_never_moves_it(
    head_file, django_capture_on_commit_callbacks
):
    from django.db import transaction

    actor = Actor(user=None, ip="10.0.0.1", source="command")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            for i in range(5):
                record(actor, "test.event", after={"n": i})
            try:
                with transaction.atomic():  # a savepoint: its record and its move of the head are undone
                    record(actor, "test.event", after={"n": "undone"})
                    raise RuntimeError
            except RuntimeError:
                pass
            record(actor, "test.event", after={"n": 5})
    sealed = list(AuditLog.objects.order_by("seq"))
    assert [r.seq for r in sealed] == [1, 2, 3, 4, 5, 6]
    assert len(callbacks) == 1  # one head write for the whole transaction
    assert json.loads(head_file.read_text()) == {"seq": 6, "value": sealed[-1].chain}
    call_command("audit", "verify")
