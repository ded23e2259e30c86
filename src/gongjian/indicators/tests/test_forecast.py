"""Year-end forecasts and the "on track now, projected to miss" warning."""

import datetime as dt
from fractions import Fraction

import pytest

from gongjian.indicators.forecast import Forecast, forecast, linear_fit
from gongjian.indicators.rules import IndicatorCase

D = dt.date


def cumulative(actuals, target=12, **kw):
    return IndicatorCase(kw.pop("direction", "higher"), "cumulative", target, 2026, actuals, **kw)


def test_linear_fit():
    assert linear_fit([(1, 2), (2, 4), (3, 5), (4, 5), (5, 5)]) == (Fraction(21, 10), Fraction(7, 10))
    assert linear_fit([(3, 6)]) == (0, 2)  # one point: through the origin
    assert linear_fit([(2, 1), (2, 3)]) == (2, 0)
    with pytest.raises(ValueError):
        linear_fit([])


def test_a_steady_pace_is_projected_to_meet_the_target():
    assert forecast(cumulative([1, 1, 1, 1, 1]), D(2026, 6, 3)) == Forecast(
        "linear", 12, True, 0, None, "green", {"to_date": 5, "periods_with_data": 5}
    )


def test_on_track_now_but_projected_to_miss():
    # Cumulative 2, 4, 5, 5, 5: on plan in May (5 of 5), but the trend is 0.7 a month: 10.5 by December.
    result = forecast(cumulative([2, 2, 1, 0, 0]), D(2026, 6, 10))
    assert result == Forecast(
        "linear",
        Fraction(21, 2),
        False,
        Fraction(3, 2),
        "projected_miss",
        "green",
        {"to_date": 5, "periods_with_data": 5},
    )
    assert result.as_dict() == {
        "method": "linear",
        "projected": 10.5,
        "meets_target": False,
        "gap": 1.5,
        "warning": "projected_miss",
        "current": "green",
        "to_date": 5,
        "periods_with_data": 5,
    }


def test_behind_now_and_projected_to_miss_is_not_the_distinct_warning():
    result = forecast(cumulative([0, 1, 0, 1, 1], target=9), D(2026, 6, 3))  # 3 of 3.75: 80 %
    assert (result.current, result.meets_target, result.warning) == ("yellow", False, None)
    assert result.projected == Fraction(77, 10)


def test_one_period_is_a_run_rate():
    assert forecast(cumulative([2]), D(2026, 2, 3)).projected == 24


def test_last_years_monthly_profile():
    # Last year: 1 a month to June, 3 a month after: 5 of 24 by May. 5 this year → 24 at the year end.
    profile = [1] * 6 + [3] * 6
    result = forecast(cumulative([1, 1, 1, 1, 1]), D(2026, 6, 3), profile=profile)
    assert (result.method, result.projected, result.meets_target, result.gap) == ("profile", 24, True, 0)
    # Without a profile the same actuals are a straight line: 12.
    assert forecast(cumulative([1, 1, 1, 1, 1]), D(2026, 6, 3)).projected == 12
    # A profile with nothing to date falls back to the line.
    assert forecast(cumulative([1]), D(2026, 2, 3), profile=[0] * 6 + [1] * 6).method == "linear"


def test_levels_follow_the_trend_of_the_values():
    case = IndicatorCase("higher", "level", 72, 2026, [60, 61, 62], baseline=60)
    result = forecast(case, D(2026, 4, 10))
    assert (result.projected, result.meets_target, result.gap, result.current) == (71, False, 1, "green")
    assert result.warning == "projected_miss"
    assert result.numbers == {"latest": 62, "periods_with_data": 3}


def test_lower_is_better_and_ranges():
    lower = IndicatorCase("lower", "rate", 0.88, 2026, [1.0, 0.98, 0.96], baseline=1.0)
    result = forecast(lower, D(2026, 4, 10))
    assert (result.projected, result.meets_target, result.gap) == (Fraction(78, 100), True, 0)
    band = IndicatorCase("higher", "rate", (3, 5), 2026, [4, 4.5, 5], comparator="range")
    result = forecast(band, D(2026, 4, 10))
    assert (result.projected, result.meets_target, result.gap, result.warning) == (
        Fraction(19, 2),
        False,
        Fraction(9, 2),
        "projected_miss",
    )


def test_strict_comparator_at_the_target_misses():
    case = cumulative([1, 1, 1], comparator=">")
    assert forecast(case, D(2026, 4, 3)).meets_target is False
    assert forecast(cumulative([1, 1, 1]), D(2026, 4, 3)).meets_target is True


def test_without_actuals_there_is_no_projection():
    assert forecast(cumulative([]), D(2026, 3, 3)) == Forecast(
        None, None, None, None, None, "red", {"reason": "no_actuals"}
    )
    # Actuals of periods not over yet are not used.
    assert forecast(cumulative([1, 1, 1]), D(2026, 2, 3)).numbers["periods_with_data"] == 1
