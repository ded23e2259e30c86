"""The backup drill, on both databases: backup → verify → restore into a fresh database → zero row-count
differences, the uploaded files back, and ``audit verify`` passes on the restored copy. A flipped byte is
refused."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from gongjian.core.models import AuditLog
from gongjian.core.services import Actor, record

pytestmark = pytest.mark.django_db(transaction=True)

SKIP = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


@pytest.fixture
def files(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.AUDIT_HEAD_FILE = tmp_path / "audit_head.json"
    evidence = tmp_path / "media" / "problems" / "现场照片.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 evidence")
    return evidence


def _pg_url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def scratch_database():
    """PostgreSQL: an empty database to restore into, dropped afterwards."""
    if connection.vendor != "postgresql":
        yield None
        return
    name = f"gj_drill_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}")
    try:
        yield _pg_url(name)
    finally:
        with connection.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _audit_verify(var_dir, database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGJIAN_") and k not in SKIP}
    env.update(
        {
            "GONGJIAN_ENV": "development",
            "GONGJIAN_VAR_DIR": str(var_dir),
            "GONGJIAN_AUDIT_KEY": django_settings.AUDIT_KEY,
            "GONGJIAN_AUDIT_HEAD_FILE": str(var_dir / "audit_head.json"),
        }
    )
    if database_url:
        env["GONGJIAN_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "gongjian", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_backup_restore_drill(world, files, tmp_path, scratch_database, capsys):
    for i in range(5):
        record(Actor(user=world.user("supervisor"), ip="10.0.0.2", source="web"), "drill.event", after={"n": i})
    audit_rows = AuditLog.objects.count()
    backup_dir = tmp_path / "backup"
    call_command("backup", "--output", str(backup_dir))
    assert "备份已写入" in capsys.readouterr().out  # the messages are in Chinese unless asked otherwise
    call_command("backup", "verify", str(backup_dir), "--lang", "en")
    assert "Backup intact" in capsys.readouterr().out

    new_var = tmp_path / "restored"
    args = [str(backup_dir), "--var-dir", str(new_var)]
    if scratch_database:
        args += ["--database-url", scratch_database]
    call_command("restore", *args)  # exits 1 on any row-count difference
    assert "行数与备份一致" in capsys.readouterr().out
    assert (new_var / "media" / "problems" / "现场照片.pdf").read_bytes() == files.read_bytes()
    if not scratch_database:
        assert (new_var / "gongjian.sqlite3").is_file()

    result = _audit_verify(new_var, scratch_database)
    assert result.returncode == 0, result.stderr
    assert f"共 {audit_rows} 条记录" in result.stdout


def test_a_flipped_byte_refuses_the_backup(world, files, tmp_path):
    backup_dir = tmp_path / "backup"
    call_command("backup", "--output", str(backup_dir))
    dump = next(p for p in backup_dir.iterdir() if p.name.startswith("database."))
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0x01
    dump.write_bytes(bytes(data))
    with pytest.raises(CommandError) as exc:
        call_command("backup", "verify", str(backup_dir))
    assert f"备份校验未通过：已被改动：{dump.name}" in str(exc.value)
    with pytest.raises(CommandError) as exc:
        call_command("backup", "verify", str(backup_dir), "--lang", "en")
    assert f"changed: {dump.name}" in str(exc.value)
    with pytest.raises(CommandError) as exc:
        call_command("restore", str(backup_dir), "--var-dir", str(tmp_path / "new"), "--lang", "en")
    assert "does not verify" in str(exc.value)
    assert not (tmp_path / "new").exists()


def test_a_backup_goes_into_a_new_directory_and_a_restore_into_an_empty_one(world, files, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x")
    with pytest.raises(CommandError, match="不是空目录：备份须写入新目录"):
        call_command("backup", "--output", str(tmp_path / "used"))
    with pytest.raises(CommandError, match="not empty: a backup goes into a new directory"):
        call_command("backup", "--output", str(tmp_path / "used"), "--lang", "en")
    call_command("backup", "--output", str(tmp_path / "b"))
    with pytest.raises(CommandError, match="不是空目录：请恢复到新目录"):
        call_command("restore", str(tmp_path / "b"), "--var-dir", str(tmp_path / "used"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "b"), "--var-dir", str(tmp_path / "used"), "--lang", "en")
