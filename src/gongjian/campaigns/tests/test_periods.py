"""Reporting periods: a pure module, tested without Django or the database."""

import ast
import datetime as dt
import itertools
from pathlib import Path

import pytest

from gongjian.campaigns import periods
from gongjian.campaigns.periods import Period, deadline, last_ended_period, period_containing, periods_between

D = dt.date
M, W = periods.MONTHLY, periods.WEEKLY


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names


@pytest.mark.parametrize("module", ["periods.py", "status.py"])
def test_pure_modules_import_nothing_from_django(module):
    names = _imports(Path(periods.__file__).with_name(module))
    assert not {n for n in names if n == "django" or n.startswith(("django.", "gongjian"))}


# --- months --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (D(2026, 3, 1), D(2026, 3, 1), D(2026, 3, 31)),
        (D(2026, 3, 17), D(2026, 3, 1), D(2026, 3, 31)),
        (D(2026, 3, 31), D(2026, 3, 1), D(2026, 3, 31)),
        (D(2026, 4, 30), D(2026, 4, 1), D(2026, 4, 30)),
        (D(2026, 12, 31), D(2026, 12, 1), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2027, 1, 1), D(2027, 1, 31)),
        (D(2026, 2, 14), D(2026, 2, 1), D(2026, 2, 28)),
        (D(2024, 2, 29), D(2024, 2, 1), D(2024, 2, 29)),  # leap year
        (D(2000, 2, 10), D(2000, 2, 1), D(2000, 2, 29)),  # divisible by 400: leap
        (D(2100, 2, 10), D(2100, 2, 1), D(2100, 2, 28)),  # divisible by 100 only: not leap
    ],
)
def test_month_boundaries(day, start, end):
    assert period_containing(day, M) == Period(start, end, M)


def test_month_key_and_labels():
    p = period_containing(D(2026, 3, 9), M)
    assert p.key == "2026-03"
    assert p.label() == "2026年3月"
    assert str(p) == "2026年3月"
    assert p.label("en") == "Mar 2026"
    assert period_containing(D(2026, 12, 9), M).label() == "2026年12月"


# --- ISO weeks -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (D(2026, 3, 16), D(2026, 3, 16), D(2026, 3, 22)),  # Monday
        (D(2026, 3, 22), D(2026, 3, 16), D(2026, 3, 22)),  # Sunday
        (D(2026, 3, 19), D(2026, 3, 16), D(2026, 3, 22)),
        (D(2026, 1, 1), D(2025, 12, 29), D(2026, 1, 4)),  # week 1 spans the new year
        (D(2025, 12, 31), D(2025, 12, 29), D(2026, 1, 4)),
        (D(2027, 1, 2), D(2026, 12, 28), D(2027, 1, 3)),  # 2026 has a week 53
        (D(2024, 2, 29), D(2024, 2, 26), D(2024, 3, 3)),
    ],
)
def test_week_boundaries(day, start, end):
    p = period_containing(day, W)
    assert p == Period(start, end, W)
    assert p.start.weekday() == 0 and p.end.weekday() == 6


@pytest.mark.parametrize(
    ("day", "key", "zh", "en"),
    [
        (D(2026, 3, 18), "2026-W12", "2026年第12周", "2026 week 12"),
        (D(2025, 12, 30), "2026-W01", "2026年第1周", "2026 week 1"),  # labelled by the ISO year, not the calendar
        (D(2026, 12, 31), "2026-W53", "2026年第53周", "2026 week 53"),
        (D(2027, 1, 3), "2026-W53", "2026年第53周", "2026 week 53"),
        (D(2027, 1, 4), "2027-W01", "2027年第1周", "2027 week 1"),
        (D(2025, 12, 28), "2025-W52", "2025年第52周", "2025 week 52"),  # 2025 has no week 53
    ],
)
def test_week_key_and_labels(day, key, zh, en):
    p = period_containing(day, W)
    assert p.key == key
    assert p.label() == zh
    assert p.label("zh-hans") == zh
    assert p.label("en") == en


def test_unknown_cycle_is_refused():
    with pytest.raises(ValueError, match="quarterly"):
        period_containing(D(2026, 3, 1), "quarterly")


def test_periods_order_by_start():
    a, b = period_containing(D(2026, 1, 5), M), period_containing(D(2026, 2, 5), M)
    assert a < b
    assert sorted([b, a]) == [a, b]


# --- deadlines -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "cycle", "grace", "expected"),
    [
        (D(2026, 3, 10), M, 5, D(2026, 4, 5)),
        (D(2026, 3, 10), M, 0, D(2026, 3, 31)),
        (D(2026, 2, 10), M, 5, D(2026, 3, 5)),
        (D(2024, 2, 10), M, 1, D(2024, 3, 1)),
        (D(2026, 12, 10), M, 5, D(2027, 1, 5)),  # December's reports are due in January
        (D(2026, 1, 31), M, 31, D(2026, 3, 3)),
        (D(2026, 3, 18), W, 2, D(2026, 3, 24)),
        (D(2026, 12, 30), W, 3, D(2027, 1, 6)),
    ],
)
def test_deadline_adds_grace_days_to_period_end(day, cycle, grace, expected):
    assert deadline(period_containing(day, cycle), grace) == expected


# --- last ended period ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "cycle", "start", "end"),
    [
        (D(2026, 4, 10), M, D(2026, 3, 1), D(2026, 3, 31)),
        (D(2026, 4, 1), M, D(2026, 3, 1), D(2026, 3, 31)),  # first day: the previous month has just ended
        (D(2026, 3, 31), M, D(2026, 2, 1), D(2026, 2, 28)),  # last day: the current month has not ended
        (D(2026, 1, 1), M, D(2025, 12, 1), D(2025, 12, 31)),
        (D(2024, 3, 1), M, D(2024, 2, 1), D(2024, 2, 29)),
        (D(2026, 1, 5), W, D(2025, 12, 29), D(2026, 1, 4)),  # Monday
        (D(2026, 1, 4), W, D(2025, 12, 22), D(2025, 12, 28)),  # Sunday
        (D(2027, 1, 4), W, D(2026, 12, 28), D(2027, 1, 3)),
    ],
)
def test_last_ended_period(today, cycle, start, end):
    p = last_ended_period(today, cycle)
    assert p == Period(start, end, cycle)
    assert p.end < today


# --- periods between -----------------------------------------------------------------------------------


def test_periods_between_months_overlapping_the_range():
    got = periods_between(D(2026, 3, 15), D(2026, 5, 2), M)
    assert [(p.start, p.end) for p in got] == [
        (D(2026, 3, 1), D(2026, 3, 31)),
        (D(2026, 4, 1), D(2026, 4, 30)),
        (D(2026, 5, 1), D(2026, 5, 31)),
    ]


def test_periods_between_across_the_year_and_february():
    got = periods_between(D(2023, 11, 30), D(2024, 3, 1), M)
    assert [p.key for p in got] == ["2023-11", "2023-12", "2024-01", "2024-02", "2024-03"]
    assert got[3].end == D(2024, 2, 29)


def test_periods_between_weeks_across_the_year():
    got = periods_between(D(2026, 12, 20), D(2027, 1, 5), W)
    assert [p.start for p in got] == [D(2026, 12, 14), D(2026, 12, 21), D(2026, 12, 28), D(2027, 1, 4)]
    assert [p.key for p in got] == ["2026-W51", "2026-W52", "2026-W53", "2027-W01"]


def test_periods_between_a_whole_year_of_weeks():
    got = periods_between(D(2026, 1, 1), D(2026, 12, 31), W)
    assert len(got) == 53
    assert got[0].start == D(2025, 12, 29) and got[-1].end == D(2027, 1, 3)
    assert all(b.start == a.end + dt.timedelta(days=1) for a, b in itertools.pairwise(got))


def test_periods_between_a_whole_year_of_months():
    got = periods_between(D(2026, 1, 1), D(2026, 12, 31), M)
    assert len(got) == 12
    assert sum((p.end - p.start).days + 1 for p in got) == 365


def test_periods_between_one_day_and_empty_range():
    assert periods_between(D(2026, 3, 9), D(2026, 3, 9), M) == [Period(D(2026, 3, 1), D(2026, 3, 31), M)]
    assert periods_between(D(2026, 3, 9), D(2026, 3, 8), M) == []
    assert periods_between(D(2026, 3, 9), D(2026, 3, 8), W) == []
