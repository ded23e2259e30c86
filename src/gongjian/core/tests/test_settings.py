"""Production settings fail fast with a clear message, and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys

import pytest

SKIP = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run(env_extra: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGJIAN_") and k not in SKIP}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "gongjian", *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    ("extra", "missing"),
    [
        ({}, "GONGJIAN_SECRET_KEY and GONGJIAN_ALLOWED_HOSTS"),
        ({"GONGJIAN_ALLOWED_HOSTS": "gj.example.gov.cn"}, "GONGJIAN_SECRET_KEY"),
        ({"GONGJIAN_SECRET_KEY": secrets.token_urlsafe(64)}, "GONGJIAN_ALLOWED_HOSTS"),
    ],
)
def test_production_without_secret_or_hosts_stops_with_a_clear_message(tmp_path, extra, missing):
    result = run({"GONGJIAN_ENV": "production", "GONGJIAN_VAR_DIR": str(tmp_path), **extra}, "check")
    assert result.returncode == 2
    assert f"set {missing} in the environment" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_a_short_secret_and_debug(tmp_path):
    base = {"GONGJIAN_ENV": "production", "GONGJIAN_VAR_DIR": str(tmp_path), "GONGJIAN_ALLOWED_HOSTS": "x"}
    assert "at least 50" in run({**base, "GONGJIAN_SECRET_KEY": "short"}, "check").stderr
    result = run({**base, "GONGJIAN_SECRET_KEY": secrets.token_urlsafe(64), "GONGJIAN_DEBUG": "1"}, "check")
    assert result.returncode == 2 and "GONGJIAN_DEBUG" in result.stderr


def test_production_requires_the_audit_chain_key(tmp_path):
    base = {
        "GONGJIAN_ENV": "production",
        "GONGJIAN_VAR_DIR": str(tmp_path),
        "GONGJIAN_ALLOWED_HOSTS": "x",
        "GONGJIAN_SECRET_KEY": secrets.token_urlsafe(64),
    }
    for key in ({}, {"GONGJIAN_AUDIT_KEY": "short"}):
        result = run({**base, **key}, "check")
        assert result.returncode == 2 and "set GONGJIAN_AUDIT_KEY" in result.stderr
        assert "Traceback" not in result.stderr


def test_audit_retention_below_six_months_stops_the_start_up(tmp_path):
    result = run({"GONGJIAN_VAR_DIR": str(tmp_path), "GONGJIAN_AUDIT_RETENTION_DAYS": "90"}, "check")
    assert result.returncode == 2 and "at least 180 days" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_passes_the_deployment_checks(tmp_path):
    result = run(
        {
            "GONGJIAN_ENV": "production",
            "GONGJIAN_VAR_DIR": str(tmp_path),
            "GONGJIAN_SECRET_KEY": secrets.token_urlsafe(64),
            "GONGJIAN_ALLOWED_HOSTS": "gj.example.gov.cn",
            "GONGJIAN_AUDIT_KEY": secrets.token_urlsafe(48),
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr


def test_config_file_is_read_and_environment_wins(tmp_path):
    cfg = tmp_path / "gongjian.toml"
    key = secrets.token_urlsafe(64)
    audit_key = secrets.token_urlsafe(48)
    cfg.write_text(
        f'ENV = "production"\nallowed_hosts = "file.example.gov.cn"\nSECRET_KEY = "{key}"\naudit_key = "{audit_key}"\n'
    )
    code = "from django.conf import settings; print(settings.ALLOWED_HOSTS, settings.SECURE_HSTS_SECONDS)"
    env = {"GONGJIAN_CONFIG": str(cfg), "GONGJIAN_VAR_DIR": str(tmp_path)}
    result = run(env, "shell", "-c", code)
    assert "['file.example.gov.cn'] 31536000" in result.stdout, result.stderr
    result = run({**env, "GONGJIAN_ALLOWED_HOSTS": "env.example.gov.cn"}, "shell", "-c", code)
    assert "['env.example.gov.cn']" in result.stdout


def test_a_broken_config_file_is_named(tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("this is = = not toml")
    result = run({"GONGJIAN_CONFIG": str(cfg), "GONGJIAN_VAR_DIR": str(tmp_path)}, "check")
    assert result.returncode == 2 and "bad.toml" in result.stderr


def test_default_database_is_sqlite_in_wal_mode(tmp_path):
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = run({"GONGJIAN_VAR_DIR": str(tmp_path)}, "shell", "-c", code)
    assert result.stdout.strip().splitlines()[-1] == "wal", result.stderr
    assert (tmp_path / "gongjian.sqlite3").exists()
