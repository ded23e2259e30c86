"""The NumPy variant of the item rule gives the per-row function's colour and reason."""

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gongjian.indicators.benchmark import generate, to_arrays
from gongjian.indicators.rules import COLOURS, ItemCase, Rules, item_colour
from gongjian.indicators.vectorised import REASONS, item_colours

DAYS = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31))


def _both(cases, rules=Rules()):
    codes, reasons = item_colours(to_arrays(cases), rules)
    vectorised = [(COLOURS[c], REASONS[r]) for c, r in zip(codes, reasons, strict=True)]
    per_row = [(v.colour, v.reason) for v in (item_colour(c, t, rules) for c, t in cases)]
    return vectorised, per_row


def test_same_as_per_row_on_a_generated_district():
    vectorised, per_row = _both(generate(20_000, seed=7))
    assert vectorised == per_row
    assert {c for c, _ in per_row} == set(COLOURS)


@st.composite
def cases(draw):
    start = draw(DAYS)
    due = start + dt.timedelta(days=draw(st.integers(0, 400)))
    percent = draw(st.none() | st.integers(0, 100) | st.sampled_from([0.5, 12.25, 99.75]))
    reporting = draw(st.sampled_from(["monthly", "weekly"]))
    case = ItemCase(start, due, percent, draw(st.booleans()), reporting, draw(st.none() | DAYS))
    return case, draw(DAYS)


@settings(max_examples=200, deadline=None)
@given(st.lists(cases(), min_size=1, max_size=30), st.integers(0, 10), st.integers(0, 30), st.integers(30, 60))
def test_same_as_per_row_on_any_cases(batch, grace, yellow, red):
    rules = Rules(grace_days=grace, yellow_gap=yellow, red_gap=red)
    vectorised, per_row = _both(batch, rules)
    assert vectorised == per_row


def test_boundaries_at_10_and_30_points():
    # Day 3 of 10 is 30 % (0.3 × 100 is not 30 in floating point); day 4 is 40 %.
    start, due = dt.date(2026, 1, 1), dt.date(2026, 1, 11)
    batch = [(ItemCase(start, due, p, False, "monthly", None), dt.date(2026, 1, 4)) for p in (0, 20, 21)]
    batch.append((ItemCase(start, due, 9, False, "monthly", None), dt.date(2026, 1, 5)))
    codes, reasons = item_colours(to_arrays(batch))
    assert [REASONS[r] for r in reasons] == ["behind", "behind", "near_due", "far_behind"]
    assert codes.tolist() == [3, 3, 2, 4]
    assert codes.dtype == np.int8
