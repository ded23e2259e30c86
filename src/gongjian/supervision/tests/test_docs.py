"""docs/supervision.md says what the code does: the default points, the reply days, the retries, the command."""

from __future__ import annotations

import re
from pathlib import Path

from gongjian.supervision import escalation, events, notify, scoring

DOC = Path(__file__).resolve().parents[4] / "docs" / "supervision.md"


def _text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_the_default_points_table_matches_the_code():
    rows = dict(re.findall(r"^\| `(\w+)` — [^|]+\| ([+−-]?\d+) \|$", _text(), flags=re.MULTILINE))
    documented = {k: int(v.replace("−", "-").replace("+", "")) for k, v in rows.items()}
    assert documented == scoring.DEFAULT_POINTS.as_dict()


def test_numbers_in_the_text_match_the_code():
    text = _text()
    assert escalation.REPLY_DAYS == 7 and "reply date 7 days later" in text
    assert notify.MAX_ATTEMPTS == 3 and "up to 3 attempts" in text
    assert events.REPORT_DUE_DAYS == 3 and events.MILESTONE_DUE_DAYS == 3


def test_the_cron_line_and_the_timer_run_the_real_command():
    text = _text()
    assert "gongjian warnings run >>" in text
    assert "ExecStart=/srv/gongjian/venv/bin/gongjian warnings run" in text
    assert "OnCalendar=" in text and "Persistent=true" in text
