"""Derived item status: a pure module, tested without Django or the database."""

import datetime as dt

import pytest

from gongjian.campaigns import status
from gongjian.campaigns.status import DONE, IN_PROGRESS, NOT_STARTED, ItemState, derive_state, is_complete

D = dt.date
START, DUE = D(2026, 3, 1), D(2026, 6, 30)


def test_status_values_match_the_item_status_choices():
    # The database annotation (ItemQuerySet.with_state) and the pure function must speak the same values.
    from gongjian.campaigns.choices import ItemStatus

    assert (NOT_STARTED, IN_PROGRESS, DONE) == (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.DONE)


@pytest.mark.parametrize(
    ("today", "completed_on", "progress", "met", "expected"),
    [
        # done wins over everything, even a past due date
        (D(2026, 8, 1), D(2026, 7, 20), 100, 0, ItemState(DONE, False, 0)),
        (D(2026, 2, 1), D(2026, 1, 20), 0, 0, ItemState(DONE, False, 0)),
        # before the start, nothing reported, nothing met: not started
        (D(2026, 2, 28), None, 0, 0, ItemState(NOT_STARTED, False, 0)),
        # the start date itself starts the item
        (D(2026, 3, 1), None, 0, 0, ItemState(IN_PROGRESS, False, 0)),
        (D(2026, 4, 1), None, 0, 0, ItemState(IN_PROGRESS, False, 0)),
        # reported progress or a met milestone starts it early
        (D(2026, 2, 1), None, 10, 0, ItemState(IN_PROGRESS, False, 0)),
        (D(2026, 2, 1), None, 0, 1, ItemState(IN_PROGRESS, False, 0)),
        # the due date itself is not overdue; the day after is one day overdue
        (D(2026, 6, 30), None, 90, 0, ItemState(IN_PROGRESS, False, 0)),
        (D(2026, 7, 1), None, 90, 0, ItemState(IN_PROGRESS, True, 1)),
        (D(2026, 7, 31), None, 0, 0, ItemState(IN_PROGRESS, True, 31)),
        (D(2027, 1, 1), None, 100, 2, ItemState(IN_PROGRESS, True, 185)),
    ],
)
def test_derive_state(today, completed_on, progress, met, expected):
    assert derive_state(today, START, DUE, completed_on, progress, met) == expected


def test_milestones_met_defaults_to_zero():
    assert derive_state(D(2026, 2, 1), START, DUE, None, 0) == ItemState(NOT_STARTED, False, 0)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 5, 9), ItemState(NOT_STARTED, False, 0)),
        (D(2026, 5, 10), ItemState(IN_PROGRESS, False, 0)),
        (D(2026, 5, 11), ItemState(IN_PROGRESS, True, 1)),
        (D(2026, 5, 20), ItemState(IN_PROGRESS, True, 10)),
    ],
)
def test_one_day_item_start_equals_due(today, expected):
    day = D(2026, 5, 10)
    assert derive_state(today, day, day, None, 0) == expected


@pytest.mark.parametrize(
    ("percent", "total", "met", "expected"),
    [
        (100, 0, 0, True),
        (100, 3, 3, True),
        (100, 3, 2, False),
        (99, 0, 0, False),
        (99, 2, 2, False),
        (0, 0, 0, False),
        (None, 0, 0, False),  # no accepted report yet
        (None, 2, 2, False),
    ],
)
def test_is_complete(percent, total, met, expected):
    assert is_complete(percent, total, met) is expected


def test_item_state_is_immutable():
    state = derive_state(D(2026, 4, 1), START, DUE, None, 0)
    with pytest.raises(AttributeError):
        state.status = status.DONE
