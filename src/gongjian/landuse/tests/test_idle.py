import datetime as dt

from gongjian.landuse.idle import NOT_STARTED, STOPPED, idle_reason

D = dt.date


def test_not_started_more_than_a_year_after_the_agreed_start():
    assert idle_reason(D(2026, 3, 1), D(2025, 3, 1), None) is None  # exactly one year: not yet
    assert idle_reason(D(2026, 3, 2), D(2025, 3, 1), None) == NOT_STARTED
    assert idle_reason(D(2026, 3, 1), D(2024, 2, 29), None) == NOT_STARTED
    assert idle_reason(D(2026, 3, 1), None, None) is None


def test_started_but_too_little_and_stopped_a_year():
    started = D(2023, 5, 1)
    assert idle_reason(D(2026, 3, 1), D(2023, 1, 1), started, 30, 60, D(2025, 3, 1)) == STOPPED  # < 1/3 area
    assert idle_reason(D(2026, 3, 1), D(2023, 1, 1), started, 50, 20, D(2025, 3, 1)) == STOPPED  # < 25 % invested
    assert idle_reason(D(2026, 2, 28), D(2023, 1, 1), started, 30, 60, D(2025, 3, 1)) is None  # stopped < 1 year
    assert idle_reason(D(2026, 3, 1), D(2023, 1, 1), started, 40, 30, D(2024, 1, 1)) is None  # enough done
    assert idle_reason(D(2026, 3, 1), D(2023, 1, 1), started, 30, 60, None) is None  # still working
