"""Benchmark ranks (pure)."""

from fractions import Fraction

import pytest

from gongjian.indicators.ranking import rank


def test_higher_is_better_counts_peers_strictly_ahead():
    r = rank(8, [("陵城区", 10), ("禹城市", 6), ("齐河县", 8)], "higher")
    assert (r.position, r.of, r.leader, r.gap_to_leader) == (2, 4, "陵城区", 2)


def test_lower_is_better_reverses_the_order():
    r = rank(3, [("A", 2), ("B", 5)], "lower")
    assert (r.position, r.of, r.leader) == (2, 3, "A")


def test_leading_gives_rank_one_and_no_gap():
    r = rank(Fraction(21, 2), [("A", 10), ("B", 3)], "higher")
    assert (r.position, r.leader, r.gap_to_leader) == (1, "", 0)


def test_ties_share_a_rank():
    assert rank(5, [("A", 5), ("B", 5), ("C", 7)], "higher").position == 2


def test_no_own_value_has_no_rank():
    r = rank(None, [("A", 1)], "higher")
    assert r.position is None and r.of == 2


def test_unknown_direction_is_refused():
    with pytest.raises(ValueError):
        rank(1, [], "sideways")


def test_periods_of_year_is_cached_but_each_caller_gets_its_own_list():
    from gongjian.indicators.rules import periods_of_year

    first = periods_of_year(2026, "monthly")
    first.clear()
    assert len(periods_of_year(2026, "monthly")) == 12
    assert len(periods_of_year(2026, "weekly")) == 53
