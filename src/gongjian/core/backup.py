"""Backup and restore of the whole platform: the database, the uploaded files and the audit chain's head.

A backup is a directory::

    manifest.json        what is in it: the database kind, the row count of every table, SHA-256 of every file
    database.sqlite3     SQLite: a consistent copy made with SQLite's online backup API
    database.dump        PostgreSQL: pg_dump in its custom format
    media/…              the uploaded files (MEDIA_ROOT)
    audit_head.json      the audit chain's kept head

:func:`verify_backup` checks every file against the manifest (and that no file was added); a restore refuses a
backup that does not verify. :func:`restore` writes into a *new* var directory (SQLite) or an *empty*
PostgreSQL database (``pg_restore``), then counts the restored rows and returns the differences.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

__all__ = ["BackupError", "create_backup", "restore", "row_counts", "verify_backup"]

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
HEAD_FILE = "audit_head.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): _sha256(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - names from the introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def _django_tables() -> list[str]:
    return [t for t in connection.introspection.table_names() if not t.startswith("sqlite_")]


def _pg_env(db: dict) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args


def _run(cmd: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(_("{program} failed: {error}").format(program=cmd[0], error=result.stderr.strip()[:2000]))


def create_backup(output: Path) -> dict:
    """Write a backup into the new directory ``output``; return its manifest."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(_("{directory} is not empty: a backup goes into a new directory.").format(directory=output))
    output.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    with connection.cursor() as cursor:
        counts = row_counts(cursor, _django_tables())
    if vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(output / SQLITE_FILE)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif vendor == "postgresql":
        db = connection.settings_dict
        _run(["pg_dump", "-Fc", "-f", str(output / PG_FILE), *_pg_args(db), db["NAME"]], _pg_env(db))
    else:  # pragma: no cover - the platform runs on these two
        raise BackupError(_("unsupported database {vendor}").format(vendor=vendor))
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, output / "media")
    head = Path(settings.AUDIT_HEAD_FILE)
    if head.is_file():
        shutil.copy2(head, output / HEAD_FILE)
    manifest = {
        "format": 1,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "tables": counts,
        "files": _files(output),
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True))
    return manifest


def verify_backup(source: Path) -> tuple[dict, list[str]]:
    """(manifest, problems): each file's SHA-256 against the manifest, no file missing or added."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
        listed: dict[str, str] = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(
            _("{directory}: no readable {manifest} ({error})").format(directory=source, manifest=MANIFEST, error=exc)
        ) from None
    found = _files(source)
    problems = [_("missing: {name}").format(name=name) for name in sorted(set(listed) - set(found))]
    problems += [_("not in the manifest: {name}").format(name=name) for name in sorted(set(found) - set(listed))]
    problems += [
        _("changed: {name}").format(name=name)
        for name in sorted(set(listed) & set(found))
        if listed[name] != found[name]
    ]
    if not problems and manifest.get("database") == "sqlite":
        db = sqlite3.connect(f"file:{source / SQLITE_FILE}?mode=ro", uri=True)
        try:
            check = db.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            db.close()
        if check != "ok":
            problems.append(_("{file}: integrity check says {check}").format(file=SQLITE_FILE, check=check))
    return manifest, problems


def _diff(expected: dict[str, int], actual: dict[str, int]) -> list[str]:
    names = sorted(set(expected) | set(actual))
    return [
        _("{table}: {expected} in the backup, {actual} restored").format(
            table=t, expected=expected.get(t), actual=actual.get(t)
        )
        for t in names
        if expected.get(t) != actual.get(t)
    ]


def _copy_files(source: Path, var_dir: Path) -> None:
    if (source / "media").is_dir():
        shutil.copytree(source / "media", var_dir / "media", dirs_exist_ok=True)
    if (source / HEAD_FILE).is_file():
        shutil.copy2(source / HEAD_FILE, var_dir / HEAD_FILE)


def restore(source: Path, var_dir: Path, database_url: str | None = None) -> list[str]:
    """Restore into the new ``var_dir`` (SQLite file, media, head) or, with ``database_url``, into that empty
    PostgreSQL database (media and head still go to ``var_dir``). Returns the row-count differences."""
    source, var_dir = Path(source), Path(var_dir)
    manifest, problems = verify_backup(source)
    if problems:
        raise BackupError(_("the backup does not verify: {problems}").format(problems=_("; ").join(problems)))
    if var_dir.exists() and any(var_dir.iterdir()):
        raise BackupError(_("{directory} is not empty: restore into a new directory.").format(directory=var_dir))
    var_dir.mkdir(parents=True, exist_ok=True)
    if manifest["database"] == "sqlite":
        if database_url:
            raise BackupError(_("this is a SQLite backup: restore it into a var directory, without a database URL."))
        target = var_dir / "gongjian.sqlite3"
        src = sqlite3.connect(f"file:{source / SQLITE_FILE}?mode=ro", uri=True)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            actual = row_counts(
                dst.cursor(),
                [
                    n
                    for (n,) in dst.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    )
                ],
            )
        finally:
            src.close()
            dst.close()
    else:
        if not database_url:
            raise BackupError(_("this is a PostgreSQL backup: give the URL of an empty database (--database-url)."))
        import psycopg

        url = urlparse(database_url)
        with psycopg.connect(database_url) as conn:
            tables = conn.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchone()[0]
        if tables:
            raise BackupError(
                _("the database {name} is not empty ({tables} tables).").format(
                    name=url.path.lstrip("/"), tables=tables
                )
            )
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                "-d",
                database_url,
                str(source / PG_FILE),
            ],
            dict(os.environ),
        )
        with psycopg.connect(database_url) as conn:
            names = [
                r[0]
                for r in conn.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                    " AND table_type = 'BASE TABLE'"
                )
            ]
            actual = row_counts(conn.cursor(), names)
    _copy_files(source, var_dir)
    return _diff(manifest["tables"], actual)
