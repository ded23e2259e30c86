"""Retention of the audit log: ``audit archive`` writes the old records with their chain values and a manifest
that ``audit verify --archive`` checks; ``audit purge`` deletes them only when they are older than the retention
period and held by a verified archive, and the chain still verifies afterwards (it starts after the anchor kept
in the head file). Both databases."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from gongjian.core import audit, chain
from gongjian.core.models import AuditChainHead, AuditLog
from gongjian.core.services import Actor, record

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
TABLE = "core_auditlog"
TODAY = dt.datetime(2026, 10, 1, 9, 0, tzinfo=TZ)  # the retention period (180 days) reaches back to 4 April


@pytest.fixture
def head_file(tmp_path, settings):
    settings.AUDIT_HEAD_FILE = tmp_path / "audit_head.json"
    return settings.AUDIT_HEAD_FILE


@pytest.fixture
def log(head_file, time_machine, django_capture_on_commit_callbacks):
    """Seven records: three in January, two in March, two in September; today is 1 October 2026."""
    for month, n in ((1, 3), (3, 2), (9, 2)):
        for i in range(n):
            time_machine.move_to(dt.datetime(2026, month, 10 + i, 11, 0, tzinfo=TZ), tick=False)
            with django_capture_on_commit_callbacks(execute=True):
                record(Actor(user=None, ip="10.0.0.1", source="command"), "test.event", after={"m": month, "名": i})
    time_machine.move_to(TODAY, tick=False)
    return list(AuditLog.objects.order_by("seq"))


def run(*args, capture):
    """The command with its on-commit callbacks (the kept head) run, as outside a test transaction."""
    with capture(execute=True):
        call_command("audit", *args)


def _sql(statement, params=()):
    """Raw SQL as someone with database access, the append-only trigger disabled first (rolled back later)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cur.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER core_auditlog_no_change")
        cur.execute(statement, params)


def test_archive_then_purge_and_the_chain_still_verifies(
    log, head_file, tmp_path, capsys, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    out = tmp_path / "audit-2026q1.jsonl"
    run("archive", "--before", "2026-04-01", "--output", str(out), capture=capture)
    assert "条审计记录（序号 1 至 5）归档到" in capsys.readouterr().out
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["after"] == {"m": 1, "名": 0} and rows[-1]["chain"] == log[4].chain
    manifest = json.loads((tmp_path / "audit-2026q1.jsonl.manifest.json").read_text())
    assert (manifest["first_seq"], manifest["last_seq"], manifest["records"]) == (1, 5, 5)
    run("verify", "--archive", str(out), "--lang", "en", capture=capture)
    assert "Archive intact: 5 records, sequence numbers 1 to 5" in capsys.readouterr().out

    run("purge", "--before", "2026-04-01", "--archived", str(out), capture=capture)
    assert "5 条审计记录已清理" in capsys.readouterr().out
    assert list(AuditLog.objects.order_by("seq").values_list("seq", flat=True)) == [6, 7, 8]
    purge = AuditLog.objects.get(seq=8)
    assert purge.action == "audit.purge" and purge.after["records"] == 5 and purge.after["to"] == 5
    assert purge.after["archive_sha256"] == manifest["sha256"]
    assert audit.read_anchor() == audit.db_anchor() == chain.Head(5, log[4].chain)
    assert json.loads(head_file.read_text())["seq"] == 8

    run("verify", capture=capture)
    assert "审计链完整：共 3 条记录，链头序号 8。" in capsys.readouterr().out
    # The chain keeps its evidence after the purge: a record removed after the anchor is still found missing.
    _sql(f"DELETE FROM {TABLE} WHERE seq = 6")
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", "--lang", "en")
    assert "missing" in str(exc.value) and "[sequence number 6 expected]" in str(exc.value)


def test_purge_refuses_records_younger_than_the_retention_period(log, tmp_path, django_capture_on_commit_callbacks):
    out = tmp_path / "all.jsonl"
    run("archive", "--before", "2026-09-30", "--output", str(out), capture=django_capture_on_commit_callbacks)
    with pytest.raises(CommandError) as exc:
        call_command("audit", "purge", "--before", "2026-09-30", "--archived", str(out))
    message = str(exc.value)
    assert exc.value.returncode == 1
    assert "审计记录保留 180 天" in message and "2026-04-04" in message, message
    with pytest.raises(CommandError, match="kept 180 days: --before may be 2026-04-04 at the latest"):
        call_command("audit", "purge", "--before", "2026-04-05", "--archived", str(out), "--lang", "en")
    assert AuditLog.objects.count() == 7 and audit.db_anchor().seq == 0


def test_purge_refuses_records_that_are_not_in_a_verified_archive(log, tmp_path, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    january = tmp_path / "january.jsonl"
    run("archive", "--before", "2026-02-01", "--output", str(january), capture=capture)
    # An archive of fewer records than the purge would remove.
    with pytest.raises(CommandError, match="archive them first"):
        call_command("audit", "purge", "--before", "2026-04-01", "--archived", str(january), "--lang", "en")
    # A changed archive.
    text = january.read_text(encoding="utf-8")
    january.write_text(text.replace('"名": 1', '"名": 9'), encoding="utf-8")
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("audit", "purge", "--before", "2026-02-01", "--archived", str(january), "--lang", "en")
    # The same change with the manifest's SHA-256 recomputed: the chain, keyed outside the files, still tells.
    manifest_file = tmp_path / "january.jsonl.manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["sha256"] = __import__("hashlib").sha256(january.read_bytes()).hexdigest()
    manifest_file.write_text(json.dumps(manifest))
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", "--archive", str(january))
    assert "序号 2" in str(exc.value) and "已被改动" in str(exc.value)
    with pytest.raises(CommandError, match="does not verify"):
        call_command("audit", "purge", "--before", "2026-02-01", "--archived", str(january), "--lang", "en")
    # No archive at all.
    with pytest.raises(CommandError, match="no readable archive manifest"):
        call_command("audit", "purge", "--before", "2026-02-01", "--archived", str(tmp_path / "x"), "--lang", "en")
    assert AuditLog.objects.count() == 7 and audit.read_anchor() is None and audit.db_anchor().seq == 0


def test_records_deleted_from_the_start_without_a_purge_are_found(log, head_file):
    # Someone with database access deletes the oldest records and moves the anchor in the head row: the anchor
    # kept in the head file (none: nothing was purged) still makes the walk start at 1.
    _sql(f"DELETE FROM {TABLE} WHERE seq <= 2")
    AuditChainHead.objects.filter(pk=1).update(anchor_seq=2, anchor_value=log[1].chain)
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", "--lang", "en")
    assert "missing" in str(exc.value) and "[sequence number 1 expected]" in str(exc.value)


@pytest.mark.postgresql  # the DELETE trigger is PostgreSQL's
def test_the_database_refuses_to_delete_a_record_above_the_anchor(log):
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE} WHERE seq = 1")
    AuditChainHead.objects.filter(pk=1).update(anchor_seq=1)
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE} WHERE seq = 1")
        assert cur.rowcount == 1
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"UPDATE {TABLE} SET action = 'x' WHERE seq = 2")
