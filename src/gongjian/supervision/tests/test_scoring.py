"""The ranking score, alone (pure module, no database)."""

from decimal import Decimal

import pytest

from gongjian.supervision import scoring
from gongjian.supervision.scoring import Counts, Points, rank, score


def test_default_score_adds_and_deducts_the_documented_points():
    c = Counts(green=10, yellow=2, red=1, reports_expected=10, reports_on_time=8, overdue_milestones=1, supervisions=1)
    # 100 + 10×1 − 2×2 − 1×5 + 10×0.8 − 3 − 4
    assert score(c) == Decimal("102.00")


def test_no_report_expected_gives_full_marks_for_reporting():
    assert score(Counts()) == Decimal("110.00")
    assert score(Counts(reports_expected=4, reports_on_time=0)) == Decimal("100.00")


def test_points_are_configurable_and_checked():
    points = Points.from_dict({"red": -10, "green": 0.5})
    assert score(Counts(green=2, red=1), points) == Decimal("101.00")
    with pytest.raises(scoring.PointsError) as exc:
        Points.from_dict({"purple": 1})
    assert exc.value.field == "purple"
    with pytest.raises(scoring.PointsError):
        Points.from_dict({"red": "a lot"})
    assert Points().as_dict()["red"] == -5


def test_rank_orders_by_score_shares_places_and_reports_the_change():
    now = {"A": Counts(red=2), "B": Counts(green=3), "C": Counts(green=3), "D": Counts()}
    before = {"A": Counts(green=9), "B": Counts(), "D": Counts(red=5)}
    rows = rank(now, before)
    assert [(r.key, r.rank) for r in rows] == [("B", 1), ("C", 1), ("D", 3), ("A", 4)]
    change = {r.key: r.change for r in rows}
    # last month: A 1st, B 2nd, D 3rd; C was not ranked
    assert change == {"A": -3, "B": 1, "C": None, "D": 0}


def test_rank_of_nothing_is_empty():
    assert rank({}) == []
