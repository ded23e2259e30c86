"""The load scenario briefly, as `make bench` runs it: nginx in front of two gunicorn instances and a jobs worker on
the benchmark's throw-away database (district scale), 10 sessions for 3 seconds."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from gongjian.bench import load


def _gone(pid: int) -> bool:
    """Whether no process is left in the process group ``pid`` (the process and everything it started)."""
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_load_scenario_spreads_the_sessions_over_both_instances_without_errors_and_leaves_no_process(tmp_path):
    missing = [tool for tool, path in (("nginx", load.nginx_path()), ("wrk", shutil.which("wrk"))) if path is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{' and '.join(missing)} required in CI (apt-get install nginx-light wrk)")
        pytest.skip(f"{' and '.join(missing)} not installed")
    out = tmp_path / "bench.json"
    env = {**os.environ, "GONGJIAN_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "gongjian.settings"}
    if env.get("GONGJIAN_DATABASE_URL"):  # a throw-away database of its own, beside the other benchmark test's
        env["GONGJIAN_DATABASE_URL"] += "_load"
    args = ["--scales", "district", "--only", "load:", "--load-seconds", "3", "--load-sessions", "10"]
    done = subprocess.run(
        [sys.executable, "-m", "gongjian", "bench", *args, "--output", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    lines = {line.split(" {", 1)[0]: "{" + line.split(" {", 1)[1] for line in done.stdout.splitlines() if " {" in line}
    pids = json.loads(lines["load: process ids"])
    assert set(pids) == {"nginx", "gunicorn1", "gunicorn2", "worker"}
    assert all(_gone(pid) for pid in pids.values()), pids
    served = json.loads(lines["load: stopped; requests served per instance"])
    assert len(served) == 2 and all(n > 0 for n in served.values()), served  # nginx used both instances

    rows = json.loads(out.read_text())
    assert [r["name"] for r in rows] == ["load:district"]
    row = rows[0]
    assert set(row) >= {"name", "scale", "database", "median_s", "p95_s", "ratio", "goal", "p95_goal_s", "errors"}
    assert row["errors"] == 0, row
    assert 0 < row["median_s"] <= row["p95_s"] and row["p95_goal_s"] == 0.3
    assert "10 sessions" in row["baseline"] and "req/s" in row["baseline"]
    assert sum(served.values()) > 0 and "goal_met" in row


def test_a_result_with_errors_misses_its_goal_whatever_its_times():
    from gongjian.core.benchmarking import Result

    def result(errors):
        return Result("load:city", "city", "postgresql", 0.05, 0.1, None, "wrk", 0.01, 0.33, "<= 1", 0.3, errors=errors)

    assert result(None).ok and result(0).ok
    assert not result(1).ok and result(1).as_dict()["errors"] == 1 and result(1).as_dict()["goal_met"] is False
