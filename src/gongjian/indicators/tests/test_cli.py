"""``gongjian warnings explain``, end to end with files. Reasons are read in English unless a test says so."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

SRC = Path(__file__).resolve().parents[3]

CASES = [
    {
        "type": "item",
        "id": "技改-01",
        "start": "2026-01-01",
        "due": "2026-04-11",
        "today": "2026-02-10",
        "percent_complete": 30,
        "reporting": "monthly",
        "latest_reported_period_end": "2026-01-31",
    },
    {
        "type": "item",
        "start": "2026-01-01",
        "due": "2026-12-31",
        "today": "2026-06-06",
        "percent_complete": 40,
        "latest_reported_period_end": "2026-04-30",
    },
    {"type": "milestone", "planned": "2026-06-30", "today": "2026-07-02"},
    {
        "type": "indicator",
        "id": "新增规上企业",
        "direction": "higher",
        "kind": "cumulative",
        "target": 12,
        "actuals": [2, 2, 1, 0, 0],
        "today": "2026-06-10",
    },
    {
        "type": "indicator",
        "direction": "lower",
        "kind": "rate",
        "target": 0.88,
        "baseline": 1.0,
        "actuals": [1.0, 1.0, 1.2],
        "today": "2026-04-10",
    },
]


def explain(tmp_path, cases, rules=None, language="en"):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    args = ["warnings", "explain", str(path), "--language", language]
    if rules is not None:
        rules_path = tmp_path / "rules.json"
        rules_path.write_text(rules if isinstance(rules, str) else json.dumps(rules), encoding="utf-8")
        args += ["--rules", str(rules_path)]
    out = io.StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def test_explain_prints_colour_reason_and_numbers(tmp_path):
    data = explain(tmp_path, CASES)
    assert data["rules"]["grace_days"] == 5
    results = data["results"]
    assert results[0] == {
        "index": 0,
        "id": "技改-01",
        "type": "item",
        "colour": "yellow",
        "reason_code": "behind",
        "numbers": {"expected_percent": 40, "actual_percent": 30, "gap": 10, "days_to_due": 60},
        "reason": "10 points behind the time schedule (expected 40 %, reported 30 %): 10 to 30 points.",
    }
    assert (results[1]["colour"], results[1]["reason"]) == (
        "red",
        "No report for May 2026, which ended 6 days ago (grace: 5 days).",
    )
    assert (results[2]["colour"], results[2]["reason"]) == (
        "red",
        "The milestone was planned for 2026-06-30 and is 2 days late.",
    )
    assert results[3]["colour"] == "green"
    assert results[3]["reason"] == "On plan at May 2026: 100 % achieved (actual 5, planned 5)."
    assert results[3]["forecast"] == {
        "method": "linear",
        "projected": 10.5,
        "meets_target": False,
        "gap": 1.5,
        "warning": "projected_miss",
        "current": "green",
        "to_date": 5,
        "periods_with_data": 5,
        "text": "On track now, projected to miss: 10.5 at the end of the year, 1.5 short of the target.",
    }
    assert results[4]["reason"] == "Behind plan at Mar 2026: 80.83 % achieved (actual 1.2, planned 0.97)."
    assert results[4]["forecast"]["text"] is None


def test_reasons_are_in_chinese_by_default(tmp_path):
    out = io.StringIO()
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(CASES[:2]), encoding="utf-8")
    call_command("warnings", "explain", str(path), stdout=out)
    results = json.loads(out.getvalue())["results"]
    assert results[0]["reason"] == "落后序时进度 10 个百分点（序时进度 40%，已报完成 30%）：在 10 至 30 个百分点之间。"
    assert results[1]["reason"] == "2026年5月未报送，该期已结束 6 天（宽限 5 天）。"


def test_a_rules_file_overrides_the_defaults(tmp_path):
    data = explain(tmp_path, CASES[:2], rules={"yellow_gap": 5, "red_gap": 8, "grace_days": 7})
    assert data["rules"]["red_gap"] == 8 and data["rules"]["grace_days"] == 7
    assert data["results"][0]["colour"] == "red"
    assert data["results"][0]["reason"] == (
        "10 points behind the time schedule (expected 40 %, reported 30 %): more than 8 points."
    )
    assert data["results"][1]["colour"] == "green"


def test_weighted_and_fractional_rules_are_read_exactly(tmp_path):
    data = explain(tmp_path, CASES[:1], rules={"yellow_gap": 10.5})
    assert data["rules"]["yellow_gap"] == 10.5
    assert data["results"][0]["colour"] == "green"


def test_the_judged_previous_period_is_explained(tmp_path):
    case = {**CASES[3], "actuals": [1, 1], "today": "2026-04-05"}
    result = explain(tmp_path, [case])["results"][0]
    assert result["reason"] == (
        "On plan at Feb 2026: 100 % achieved (actual 2, planned 2). "
        "The actual for Mar 2026 is still within the grace of 5 days."
    )


@pytest.mark.parametrize(
    ("cases", "message"),
    [
        ({"type": "item"}, "The cases file must hold a JSON list of cases."),
        ([1], "Case 0: a case must be a JSON object"),
        ([{"type": "task"}], 'Case 0, field "type": must be "item", "milestone" or "indicator"'),
        ([CASES[0], {**CASES[0], "due": "2026-13-01"}], 'Case 1, field "due": must be a date written YYYY-MM-DD'),
        ([{**CASES[0], "due": "2025-12-31"}], 'Case 0, field "due": is before the start date'),
        ([{k: v for k, v in CASES[0].items() if k != "today"}], 'Case 0, field "today": is required'),
        ([{**CASES[0], "percent_complete": 101}], 'Case 0, field "percent_complete": must be between 0 and 100'),
        ([{**CASES[0], "percent_complete": "30"}], 'Case 0, field "percent_complete": must be a finite number'),
        ([{**CASES[0], "done": "no"}], 'Case 0, field "done": must be true or false'),
        ([{**CASES[0], "reporting": "daily"}], 'Case 0, field "reporting": must be "monthly" or "weekly"'),
        ([{**CASES[0], "colour": "red"}], 'Case 0, field "colour": is not a known field'),
        ([{**CASES[3], "kind": "stock"}], 'Case 0, field "kind": must be "cumulative", "level", "rate" or "growth"'),
        ([{**CASES[3], "actuals": [1, "x"]}], 'Case 0, field "actuals[1]": must be a finite number'),
        ([{**CASES[3], "actuals": [1] * 6}], 'Case 0, field "actuals[5]": is for Jun 2026, which is not over yet'),
        ([{**CASES[3], "actuals": [1, -1]}], 'Case 0, field "actuals": must not be negative'),
        ([{**CASES[3], "comparator": "<="}], 'Case 0, field "comparator": contradicts the direction'),
        ([{**CASES[3], "planned": [1, 2]}], 'Case 0, field "planned": needs one value for every period of the year'),
        ([{**CASES[3], "year": "2026"}], 'Case 0, field "year": must be a whole number'),
        ([{**CASES[3], "profile": [1]}], 'Case 0, field "profile": needs one value for every period of the year'),
        (
            [{**CASES[4], "baseline": None}],
            'Case 0, field "baseline": is required for a linear plan of a level, rate or growth',
        ),
        (
            [{**CASES[4], "comparator": "range", "target": [5]}],
            'Case 0, field "target": a range needs two numbers: [low, high]',
        ),
    ],
)
def test_bad_cases_name_the_case_and_the_field(tmp_path, cases, message):
    with pytest.raises(CommandError) as err:
        explain(tmp_path, cases)
    assert str(err.value) == message
    assert err.value.returncode == 2


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"grace": 3}, 'Rules file, field "grace": is not a known field'),
        ({"grace_days": -1}, 'Rules file, field "grace_days": must be a whole number, 0 or more'),
        ({"yellow_gap": 40}, 'Rules file, field "yellow_gap": must not be above red_gap'),
        ({"rollup": "mean"}, 'Rules file, field "rollup": must be "worst" or "weighted"'),
        ([1], "The rules file must hold a JSON object."),
    ],
)
def test_bad_rules_name_the_field(tmp_path, rules, message):
    with pytest.raises(CommandError) as err:
        explain(tmp_path, CASES[:1], rules=rules)
    assert (str(err.value), err.value.returncode) == (message, 2)


def test_bad_json_and_missing_files(tmp_path):
    path = tmp_path / "cases.json"
    path.write_text('[{"type": "item",', encoding="utf-8")
    with pytest.raises(CommandError) as err:
        call_command("warnings", "explain", str(path), "--language", "en")
    assert str(err.value).startswith(f"{path} is not valid JSON: Expecting property name")
    path.write_text('[{"type": "item", "percent_complete": NaN}]', encoding="utf-8")
    with pytest.raises(CommandError) as err:
        call_command("warnings", "explain", str(path), "--language", "en")
    assert str(err.value) == f"{path} is not valid JSON: NaN is not a number"
    with pytest.raises(CommandError) as err:
        call_command("warnings", "explain", str(tmp_path / "nope.json"), "--language", "en")
    assert str(err.value).startswith(f"Cannot read {tmp_path / 'nope.json'}: ")
    assert err.value.returncode == 2


def _run(*args, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(SRC), "GONGJIAN_VAR_DIR": str(tmp_path / "var")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "gongjian", "warnings", "explain", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_the_console_exits_with_code_2_and_no_traceback(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(CASES), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([CASES[0], {**CASES[0], "start": 20260101}]), encoding="utf-8")
    ok = _run(str(good), "--language", "en", tmp_path=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert [r["colour"] for r in json.loads(ok.stdout)["results"]] == ["yellow", "red", "red", "green", "yellow"]
    failed = _run(str(bad), "--language", "en", tmp_path=tmp_path)
    assert failed.returncode == 2
    assert failed.stdout == ""
    assert "Traceback" not in failed.stderr
    assert failed.stderr.strip() == 'CommandError: Case 1, field "start": must be a date written YYYY-MM-DD'


def test_reasons_name_weekly_periods_as_users_write_them(tmp_path):
    case = {
        "type": "item",
        "start": "2026-10-01",
        "due": "2027-06-30",
        "today": "2027-01-09",
        "percent_complete": 30,
        "reporting": "weekly",
        "latest_reported_period_end": "2026-12-27",
    }
    zh = explain(tmp_path, [case], language="zh-hans")["results"][0]
    assert zh["numbers"]["period"] == "2026-W53"
    assert zh["reason"] == "2026年第53周未报送，该期已结束 6 天（宽限 5 天）。"
    en = explain(tmp_path, [case])["results"][0]
    assert en["reason"] == "No report for 2026 week 53, which ended 6 days ago (grace: 5 days)."
