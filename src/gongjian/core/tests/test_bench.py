"""The benchmark harness (pure) and one short run of the whole suite, so `make bench` keeps working."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from gongjian.bench.harness import Result, goal_met, measure, table
from gongjian.core import benchmarking


@pytest.mark.parametrize(
    ("ratio", "goal", "ok"),
    [(2.9, "<= 3", True), (3.0, "<= 3", True), (3.1, "<= 3", False), (50, ">= 50", True), (49.9, ">= 50", False)],
)
def test_goal_met(ratio, goal, ok):
    assert goal_met(ratio, goal) is ok


def test_goal_with_an_unknown_operator_is_an_error():
    with pytest.raises(ValueError):
        goal_met(1, "== 1")


def test_measure_reports_median_and_p95_of_the_runs():
    calls = []
    timing = measure(lambda: calls.append(1), repeat=9, warmup=2)
    assert len(calls) == 11
    assert timing.runs == 9
    assert 0 <= timing.median_s <= timing.p95_s


def test_table_marks_missed_goals():
    r = Result("page:x", "small", "sqlite", 0.02, 0.03, 12, "raw", 0.001, 20.0, "<= 10")
    assert not r.ok
    assert "NO" in table([r]) and r.as_dict()["goal_met"] is False


def test_a_p95_goal_is_met_only_below_it_whatever_the_ratio():
    fast = Result("page:x", "city", "postgresql", 0.02, 0.09, 12, "raw", 0.02, 1.0, "<= 1.5", 0.100)
    slow_tail = Result("page:x", "city", "postgresql", 0.02, 0.10, 12, "raw", 0.02, 1.0, "<= 1.5", 0.100)
    assert fast.ok and not slow_tail.ok
    assert "< 100 ms" in table([slow_tail]) and table([slow_tail]).rstrip().endswith("NO")
    assert slow_tail.as_dict()["p95_goal_s"] == 0.1 and slow_tail.as_dict()["goal_met"] is False


def test_the_collector_counts_queries_measures_both_and_skips_what_only_leaves_out():
    calls = {"fn": 0, "base": 0, "counted": 0}

    def counter(fn):
        calls["counted"] += 1
        fn()
        return 7

    def fn():
        calls["fn"] += 1

    def base():
        calls["base"] += 1

    out = benchmarking.Collector("district", "sqlite", 1, counter)
    try:
        benchmarking.only(("page:",))
        assert out.add("api:x", fn, "raw", base, "<= 2") is None
        assert calls == {"fn": 0, "base": 0, "counted": 0}
        result = out.add("page:x", fn, "raw", base, "<= 2", p95_goal_s=0.5)
    finally:
        benchmarking.only()
    assert out == [result] and result.queries == 7 and result.p95_goal_s == 0.5
    assert calls == {"fn": 1 + 2 + 1, "base": 2 + 1, "counted": 1}  # counted once, warm-up 2, timed once
    assert result.ratio == result.median_s / result.baseline_median_s
    assert benchmarking.wanted("api:x")  # the filter is gone once reset


def test_bench_command_runs_and_writes_json(tmp_path):
    """The whole command in its own process, as `make bench` runs it, at the district scale with a few repeats and
    a 100-row import: every scenario writes its row; under gunicorn (2 workers) and wrk (16 connections) the API
    list and the minimal view answer without errors. (One run for both: each run generates the district first.)"""
    if shutil.which("wrk") is None:
        if os.environ.get("CI"):
            pytest.fail("wrk is required in CI (apt-get install wrk)")
        pytest.skip("wrk is not installed")
    out = tmp_path / "bench.json"
    env = {**os.environ, "GONGJIAN_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "gongjian.settings"}
    args = ["--scales", "district", "--repeat", "3", "--import-rows", "100", "--seconds", "1", "--output", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "gongjian", "bench", *args], env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads(out.read_text())
    names = {r["name"] for r in rows}
    assert {"page:overview", "page:item_list", "page:item_detail", "api:items_list", "export:items_xlsx"} <= names
    assert {"page:enterprise_list", "page:problem_list", "page:building_list"} <= names
    for r in rows:
        assert set(r) >= {"name", "scale", "database", "median_s", "p95_s", "queries", "baseline", "ratio", "goal"}
        assert r["ratio"] > 0, r
        assert r["median_s"] > 0 or r["name"].startswith("throughput:"), r
    row = {r["name"]: r for r in rows}["throughput:api_items_list"]
    assert row["ratio"] > 0 and row["goal"] == ">= 0.5"
    assert "req/s" in row["baseline"]
