"""The 红黄绿灯 rules: a pure module, tested without Django or the database."""

import ast
import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from gongjian.indicators import rules as r
from gongjian.indicators.rules import (
    BLUE,
    DONE,
    GREEN,
    RED,
    YELLOW,
    IndicatorCase,
    ItemCase,
    MilestoneCase,
    Rules,
    Verdict,
    escalate,
    indicator_colour,
    item_colour,
    milestone_colour,
    rollup,
)

D = dt.date


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names


@pytest.mark.parametrize("module", ["rules.py", "forecast.py", "cases.py", "vectorised.py", "benchmark.py"])
def test_pure_modules_import_nothing_from_django(module):
    names = _imports(Path(r.__file__).with_name(module))
    assert not [n for n in names if n.startswith("django")]


# --- items ------------------------------------------------------------------------------------------------

# 100 days from start to due: every day is exactly one point of 序时进度.
START, DUE = D(2026, 1, 1), D(2026, 4, 11)


def item(percent, today, *, start=START, due=DUE, reported=D(2026, 3, 31), reporting="monthly", done=False, rules=None):
    case = ItemCase(start, due, percent, done, reporting, reported)
    return item_colour(case, today, rules or r.DEFAULT_RULES)


def test_gap_of_exactly_10_points_is_yellow_and_just_under_is_green():
    today = D(2026, 2, 10)  # 40 days in: 40 %
    assert item(30, today, reported=D(2026, 1, 31)) == Verdict(
        YELLOW, "behind", {"expected_percent": 40, "actual_percent": 30, "gap": 10, "days_to_due": 60}
    )
    assert item(31, today, reported=D(2026, 1, 31)) == Verdict(
        GREEN, "on_schedule", {"expected_percent": 40, "actual_percent": 31, "gap": 9, "days_to_due": 60}
    )
    assert item(Decimal("30.01"), today, reported=D(2026, 1, 31)).numbers["gap"] == 9.99
    assert item(Decimal("30.01"), today, reported=D(2026, 1, 31)).colour == GREEN


def test_gap_of_exactly_30_points_is_yellow_and_just_over_is_red():
    today = D(2026, 2, 10)
    assert item(10, today, reported=D(2026, 1, 31)) == Verdict(
        YELLOW, "behind", {"expected_percent": 40, "actual_percent": 10, "gap": 30, "days_to_due": 60}
    )
    assert item(9, today, reported=D(2026, 1, 31)) == Verdict(
        RED, "far_behind", {"expected_percent": 40, "actual_percent": 9, "gap": 31, "days_to_due": 60}
    )
    assert item(Decimal("9.99"), today, reported=D(2026, 1, 31)).colour == RED


def test_the_boundaries_are_exact_where_floats_are_not():
    # 3 of 10 days: 0.3 × 100 is 30.000000000000004 in floating point, which would wrongly be red.
    start, due = D(2026, 1, 1), D(2026, 1, 11)
    verdict = item(0, D(2026, 1, 4), start=start, due=due, reported=None)
    assert verdict == Verdict(
        YELLOW, "behind", {"expected_percent": 30, "actual_percent": 0, "gap": 30, "days_to_due": 7}
    )
    # A float percent is read as the decimal it prints as.
    assert item(0.1, D(2026, 1, 2), start=start, due=due, reported=None).numbers["gap"] == 9.9
    assert item(20.0, D(2026, 1, 4), start=start, due=due, reported=None).colour == YELLOW  # gap 10.0


def test_no_accepted_report_counts_as_zero_percent():
    assert item(None, D(2026, 1, 5), reported=None) == Verdict(
        GREEN, "on_schedule", {"expected_percent": 4, "actual_percent": 0, "gap": 4, "days_to_due": 96}
    )


def test_on_the_due_date_the_item_is_not_overdue_but_blue_or_behind():
    assert item(100, DUE, reported=D(2026, 3, 31)) == Verdict(
        BLUE, "near_due", {"expected_percent": 100, "actual_percent": 100, "gap": 0, "days_to_due": 0}
    )
    assert item(91, DUE).colour == BLUE
    assert item(90, DUE).colour == YELLOW
    assert item(69, DUE).colour == RED
    assert item(100, DUE + dt.timedelta(days=1)) == Verdict(RED, "overdue", {"due": "2026-04-11", "days_overdue": 1})


def test_near_due_is_seven_days_inclusive():
    assert item(100, DUE - dt.timedelta(days=7)).reason == "near_due"
    assert item(100, DUE - dt.timedelta(days=8)).reason == "on_schedule"
    assert item(100, DUE - dt.timedelta(days=8), rules=Rules(near_due_days=8)).reason == "near_due"


def test_done_wins_over_everything():
    assert item(0, D(2027, 1, 1), reported=None, done=True) == Verdict(DONE, "done", {})


def test_start_equal_to_due_is_0_percent_before_and_100_percent_on_the_day():
    day = D(2026, 6, 15)
    assert item(0, D(2026, 6, 10), start=day, due=day, reported=None).numbers["expected_percent"] == 0
    assert item(0, day, start=day, due=day, reported=None) == Verdict(
        RED, "far_behind", {"expected_percent": 100, "actual_percent": 0, "gap": 100, "days_to_due": 0}
    )
    assert item(100, day, start=day, due=day, reported=None).colour == BLUE


def test_time_progress_is_clipped_before_the_start():
    assert r.time_progress(D(2026, 3, 1), D(2026, 4, 1), D(2026, 2, 1)) == 0
    assert r.time_progress(D(2026, 3, 1), D(2026, 4, 1), D(2026, 5, 1)) == 100
    assert r.time_progress(D(2026, 1, 1), D(2026, 1, 4), D(2026, 1, 2)) == Fraction(100, 3)


def test_a_missing_report_turns_red_on_day_6_after_the_period_not_on_day_5():
    start, due = D(2026, 1, 1), D(2026, 12, 31)
    # May ends on the 31st: 5 June is day 5 of the grace, 6 June day 6.
    on_day_5 = item(40, D(2026, 6, 5), start=start, due=due, reported=D(2026, 4, 30))
    assert on_day_5.colour == GREEN and on_day_5.reason == "on_schedule"
    assert item(40, D(2026, 6, 6), start=start, due=due, reported=D(2026, 4, 30)) == Verdict(
        RED,
        "unreported",
        {"period": "2026-05", "period_end": "2026-05-31", "days_since_period_end": 6, "grace_days": 5},
    )
    # A report for May (or any later period) is enough.
    assert item(40, D(2026, 6, 6), start=start, due=due, reported=D(2026, 5, 31)).colour == GREEN
    assert item(40, D(2026, 6, 6), start=start, due=due, reported=D(2026, 5, 15)).colour == GREEN  # inside May
    assert item(40, D(2026, 6, 7), start=start, due=due, reported=D(2026, 4, 30), rules=Rules(grace_days=7)).colour == (
        GREEN
    )


def test_a_period_that_ended_before_the_start_needs_no_report():
    assert item(0, D(2026, 6, 20), start=D(2026, 6, 1), due=D(2026, 12, 31), reported=None).colour == GREEN
    # The period ended on the start day: it counts.
    assert item(0, D(2026, 6, 20), start=D(2026, 5, 31), due=D(2026, 12, 31), reported=None).reason == "unreported"


def test_weekly_reporting_across_a_year_end():
    # 2026 has 53 ISO weeks: week 53 runs from Monday 28 December 2026 to Sunday 3 January 2027.
    start, due = D(2026, 10, 1), D(2027, 6, 30)
    kwargs = {"start": start, "due": due, "reporting": "weekly", "reported": D(2026, 12, 27)}  # week 52
    assert item(30, D(2027, 1, 8), **kwargs).reason == "on_schedule"  # day 5 after week 53
    assert item(30, D(2027, 1, 9), **kwargs) == Verdict(
        RED,
        "unreported",
        {"period": "2026-W53", "period_end": "2027-01-03", "days_since_period_end": 6, "grace_days": 5},
    )
    assert item(30, D(2027, 1, 9), **{**kwargs, "reported": D(2027, 1, 3)}).reason == "on_schedule"
    assert item(30, D(2027, 1, 9), **{**kwargs, "reported": D(2026, 12, 30)}).reason == "on_schedule"


def test_the_issue_wording_forgives_a_missed_report_once_the_next_period_ends():
    """Only the last ended period P is checked: a missing May report is red until June ends, then the item is
    judged on its gap again until the June grace is over. The closing note reports this."""
    start, due = D(2026, 1, 1), D(2026, 12, 31)
    assert item(50, D(2026, 6, 30), start=start, due=due, reported=D(2026, 4, 30)).colour == RED
    assert item(50, D(2026, 7, 1), start=start, due=due, reported=D(2026, 4, 30)).colour == GREEN
    assert item(50, D(2026, 7, 5), start=start, due=due, reported=D(2026, 4, 30)).colour == GREEN
    assert item(50, D(2026, 7, 6), start=start, due=due, reported=D(2026, 4, 30)).colour == RED


# --- milestones -------------------------------------------------------------------------------------------


def test_milestone_colours():
    planned = D(2026, 6, 30)
    assert milestone_colour(MilestoneCase(planned), D(2026, 7, 1)) == Verdict(
        RED, "milestone_missed", {"planned": "2026-06-30", "days_overdue": 1}
    )
    assert milestone_colour(MilestoneCase(planned), planned) == Verdict(
        BLUE, "milestone_near", {"planned": "2026-06-30", "days_to_due": 0}
    )
    assert milestone_colour(MilestoneCase(planned), D(2026, 6, 23)).colour == BLUE
    assert milestone_colour(MilestoneCase(planned), D(2026, 6, 22)) == Verdict(
        GREEN, "milestone_ahead", {"planned": "2026-06-30", "days_to_due": 8}
    )
    assert milestone_colour(MilestoneCase(planned, done=True), D(2026, 8, 1)) == Verdict(DONE, "done", {})


# --- indicators -------------------------------------------------------------------------------------------


def cumulative(actuals, target=12, **kw):
    return IndicatorCase(kw.pop("direction", "higher"), "cumulative", target, 2026, actuals, **kw)


def level(actuals, target, baseline, direction="higher", **kw):
    return IndicatorCase(direction, kw.pop("kind", "level"), target, 2026, actuals, baseline=baseline, **kw)


def test_cumulative_sums_the_actuals_against_the_linear_plan():
    assert indicator_colour(cumulative([1, 1, 1]), D(2026, 4, 3)) == Verdict(
        GREEN, "on_plan", {"period": "2026-03", "actual": 3, "planned": 3, "achievement_percent": 100}
    )
    assert indicator_colour(cumulative([1, 1, 0.7]), D(2026, 4, 3)).numbers["achievement_percent"] == 90
    assert indicator_colour(cumulative([1, 1, 0.7]), D(2026, 4, 3)).colour == GREEN
    assert indicator_colour(cumulative([1, 1, 0.69]), D(2026, 4, 3)) == Verdict(
        YELLOW, "below_plan", {"period": "2026-03", "actual": 2.69, "planned": 3, "achievement_percent": 89.67}
    )
    assert indicator_colour(cumulative([1, 0.25, 1]), D(2026, 4, 3)).colour == YELLOW  # exactly 75 %
    assert indicator_colour(cumulative([1, 0.24, 1]), D(2026, 4, 3)) == Verdict(
        RED, "far_below_plan", {"period": "2026-03", "actual": 2.24, "planned": 3, "achievement_percent": 74.67}
    )
    # A gap in the middle counts as nothing reported.
    assert indicator_colour(cumulative([2, None, 1]), D(2026, 4, 3)).numbers["actual"] == 3


def test_custom_planned_values_for_a_back_loaded_plan():
    planned = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2]
    case = cumulative([0, 0, 1], target=12, planned=planned)
    assert indicator_colour(case, D(2026, 4, 1)) == Verdict(
        GREEN, "on_plan", {"period": "2026-03", "actual": 1, "planned": 1, "achievement_percent": 100}
    )
    # Nothing planned to date: a zero denominator is green.
    assert indicator_colour(cumulative([0, 0], planned=planned), D(2026, 3, 1)) == Verdict(
        GREEN, "zero_denominator", {"period": "2026-02", "actual": 0, "planned": 0, "achievement_percent": None}
    )


def test_missing_actual_within_the_grace_judges_the_period_before_and_beyond_it_is_red():
    case = cumulative([1, 1])  # March not in yet
    assert indicator_colour(case, D(2026, 4, 5)) == Verdict(
        GREEN,
        "on_plan",
        {
            "awaiting_period": "2026-03",
            "period": "2026-02",
            "actual": 2,
            "planned": 2,
            "achievement_percent": 100,
            "judged_previous_period": True,
        },
    )
    assert indicator_colour(case, D(2026, 4, 6)) == Verdict(
        RED,
        "unreported",
        {"period": "2026-03", "period_end": "2026-03-31", "days_since_period_end": 6, "grace_days": 5},
    )
    # The period before is itself missing and long past its grace.
    assert indicator_colour(cumulative([1, None]), D(2026, 4, 2)).numbers["period"] == "2026-02"
    assert indicator_colour(cumulative([1, None]), D(2026, 4, 2)).reason == "unreported"


def test_before_the_first_period_ends_and_within_the_first_grace_the_indicator_is_green():
    assert indicator_colour(cumulative([]), D(2026, 1, 31)) == Verdict(GREEN, "no_period_ended", {})
    assert indicator_colour(cumulative([]), D(2026, 2, 5)) == Verdict(
        GREEN, "awaiting_first_actual", {"awaiting_period": "2026-01", "grace_days": 5}
    )
    assert indicator_colour(cumulative([]), D(2026, 2, 6)).reason == "unreported"
    # A year that has not begun.
    assert indicator_colour(cumulative([]), D(2025, 12, 31)).reason == "no_period_ended"


def test_after_the_year_the_last_period_is_judged():
    case = cumulative([1] * 12)
    assert indicator_colour(case, D(2027, 3, 1)).numbers == {
        "period": "2026-12",
        "actual": 12,
        "planned": 12,
        "achievement_percent": 100,
    }


def test_levels_are_judged_against_the_linear_plan_from_the_baseline():
    # Baseline 60, target 72: 63 planned for March.
    assert indicator_colour(level([61, 62, 63], 72, 60), D(2026, 4, 10)).numbers == {
        "period": "2026-03",
        "actual": 63,
        "planned": 63,
        "achievement_percent": 100,
    }
    assert indicator_colour(level([0, 0, 56.7], 72, 60), D(2026, 4, 10)).colour == GREEN  # 90 %
    assert indicator_colour(level([0, 0, 47.25], 72, 60), D(2026, 4, 10)).colour == YELLOW  # 75 %
    assert indicator_colour(level([0, 0, 47.24], 72, 60), D(2026, 4, 10)).colour == RED
    # Only the judged period's value counts, not the sum.
    assert indicator_colour(level([100, 100, 63], 72, 60), D(2026, 4, 10)).numbers["actual"] == 63


def test_lower_is_better_divides_planned_by_actual():
    # Energy per unit of output: 1.00 last year, 0.88 targeted; 0.97 planned for March.
    case = level([1.0, 1.0, 1.2], 0.88, 1.0, direction="lower", kind="rate")
    assert indicator_colour(case, D(2026, 4, 10)) == Verdict(
        YELLOW, "below_plan", {"period": "2026-03", "actual": 1.2, "planned": 0.97, "achievement_percent": 80.83}
    )
    assert (
        indicator_colour(level([1, 1, 0.5], 0.88, 1.0, direction="lower"), D(2026, 4, 10)).numbers[
            "achievement_percent"
        ]
        == 194
    )
    # Accidents, at most 12 a year: 3 planned to March, 4 happened; none happened is a zero denominator.
    assert (
        indicator_colour(cumulative([1, 2, 1], direction="lower"), D(2026, 4, 3)).numbers["achievement_percent"] == 75
    )
    assert indicator_colour(cumulative([0, 0, 0], direction="lower"), D(2026, 4, 3)).reason == "zero_denominator"


def test_ranges_are_green_inside_and_judged_against_the_missed_bound():
    def rate(value):
        case = IndicatorCase("higher", "rate", (3, 5), 2026, [value], comparator="range")
        return indicator_colour(case, D(2026, 2, 10))

    assert rate(4).numbers == {"period": "2026-01", "actual": 4, "planned": [3, 5], "achievement_percent": 100}
    assert rate(3).colour == GREEN and rate(5).colour == GREEN
    assert rate(2.7) == Verdict(
        GREEN, "on_plan", {"period": "2026-01", "actual": 2.7, "planned": [3, 5], "achievement_percent": 90}
    )
    assert rate(6).numbers["achievement_percent"] == 83.33
    assert rate(6).colour == YELLOW
    assert rate(2).colour == RED
    # A custom band per period.
    planned = [(1, 2)] + [(3, 5)] * 11
    case = IndicatorCase("higher", "rate", (3, 5), 2026, [2], comparator="range", planned=planned)
    assert indicator_colour(case, D(2026, 2, 10)).numbers["achievement_percent"] == 100


def test_equal_comparator_takes_the_smaller_ratio():
    case = lambda v: level([v], 10, None, comparator="=", planned=[10] * 12)  # noqa: E731
    assert indicator_colour(case(10), D(2026, 2, 10)).numbers["achievement_percent"] == 100
    assert indicator_colour(case(9), D(2026, 2, 10)).numbers["achievement_percent"] == 90
    assert indicator_colour(case(12), D(2026, 2, 10)).numbers["achievement_percent"] == 83.33


def test_negative_growth_rates_compare_without_a_ratio():
    def growth(actual, planned):
        case = IndicatorCase("higher", "growth", 5, 2026, [actual], planned=[planned] * 12)
        return indicator_colour(case, D(2026, 2, 10)).numbers["achievement_percent"]

    assert growth(-2, 5) == 0
    assert growth(6, 5) == 120
    assert growth(0, -1) == 100
    assert growth(-2, -1) == 0


def test_weekly_indicators_use_the_iso_weeks_of_the_iso_year():
    assert len(r.periods_of_year(2026, "weekly")) == 53
    assert len(r.periods_of_year(2027, "weekly")) == 52
    assert r.periods_of_year(2026, "weekly")[0].start == D(2025, 12, 29)
    case = IndicatorCase("higher", "cumulative", 53, 2026, [1] * 53, frequency="weekly")
    assert indicator_colour(case, D(2027, 1, 4)).numbers == {
        "period": "2026-W53",
        "actual": 53,
        "planned": 53,
        "achievement_percent": 100,
    }


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"direction": "up"}, ("direction", "unknown_direction")),
        ({"kind": "stock"}, ("kind", "unknown_kind")),
        ({"comparator": "<="}, ("comparator", "comparator_contradicts_direction")),
        ({"comparator": "~"}, ("comparator", "unknown_comparator")),
        ({"comparator": "range"}, ("comparator", "range_needs_a_level")),
        ({"planned": [1] * 11}, ("planned", "planned_needs_every_period")),
        ({"actuals": [1] * 13}, ("actuals", "more_actuals_than_periods")),
        ({"actuals": [1, -1]}, ("actuals", "negative_value")),
        ({"kind": "level"}, ("baseline", "baseline_needed_for_linear_plan")),
        ({"frequency": "daily"}, ("frequency", "unknown_frequency")),
    ],
)
def test_indicator_problems(kwargs, problem):
    base = {"direction": "higher", "kind": "cumulative", "target": 12, "year": 2026, "actuals": []}
    assert r.indicator_problems(IndicatorCase(**{**base, **kwargs}))[0] == problem


def test_target_met_and_shortfall_for_every_comparator():
    def case(comparator, target, direction="higher"):
        return IndicatorCase(direction, "level", target, 2026, comparator=comparator, baseline=0)

    assert r.target_met(9, case(">=", 9)) and not r.target_met(9, case(">", 9))
    assert r.target_met(6.01, case(">", 6))
    assert r.target_met(5, case("<=", 5, "lower")) and not r.target_met(5, case("<", 5, "lower"))
    assert r.target_met(5, case("=", 5)) and not r.target_met(5.5, case("=", 5))
    assert r.target_met(4, case("range", (3, 5))) and not r.target_met(5.5, case("range", (3, 5)))
    assert r.shortfall(7, case(">=", 9)) == 2
    assert r.shortfall(7, case("<=", 5, "lower")) == 2
    assert r.shortfall(2, case("range", (3, 5))) == 1
    assert r.shortfall(Decimal("5.5"), case("range", (3, 5))) == Fraction(1, 2)
    assert r.shortfall(10, case(">=", 9)) == 0


# --- rules ------------------------------------------------------------------------------------------------


def test_the_default_rules_are_the_issues():
    assert r.DEFAULT_RULES.as_dict() == {
        "grace_days": 5,
        "yellow_gap": 10,
        "red_gap": 30,
        "near_due_days": 7,
        "green_achievement": 90,
        "yellow_achievement": 75,
        "escalation_yellows": 2,
        "red_notice": True,
        "rollup": "worst",
    }


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"grace_days": -1}, "grace_days", "not_a_non_negative_integer"),
        ({"grace_days": 1.5}, "grace_days", "not_a_non_negative_integer"),
        ({"red_gap": float("nan")}, "red_gap", "not_a_number"),
        ({"yellow_gap": 40}, "yellow_gap", "yellow_gap_above_red_gap"),
        ({"yellow_achievement": 95}, "yellow_achievement", "yellow_above_green"),
        ({"escalation_yellows": 0}, "escalation_yellows", "not_a_positive_integer"),
        ({"rollup": "average"}, "rollup", "unknown_rollup"),
        ({"red_notice": "yes"}, "red_notice", "not_a_boolean"),
    ],
)
def test_bad_rules_are_refused_with_the_field(kwargs, field, code):
    with pytest.raises(r.RulesError) as err:
        Rules(**kwargs)
    assert (err.value.field, err.value.code) == (field, code)


def test_configured_thresholds_apply():
    rules = Rules(yellow_gap=5, red_gap=20, grace_days=0, green_achievement=100, yellow_achievement=50)
    assert item(34, D(2026, 2, 10), reported=D(2026, 1, 31), rules=rules).colour == YELLOW  # gap 6
    assert item(19, D(2026, 2, 10), reported=D(2026, 1, 31), rules=rules).colour == RED  # gap 21
    assert item(50, D(2026, 2, 1), reported=D(2025, 12, 31), rules=rules).reason == "unreported"
    assert indicator_colour(cumulative([1, 1, 0.9]), D(2026, 4, 3), rules).colour == YELLOW


# --- escalation and roll-up -------------------------------------------------------------------------------


def test_two_yellows_in_a_row_escalate_to_duban():
    history = [("2026-01", GREEN), ("2026-03", YELLOW), ("2026-02", YELLOW)]  # read in period order
    assert escalate(history) == r.Escalation("supervise", "yellows_in_a_row", {"period": "2026-03", "yellows": 2})
    assert escalate([("2026-02", YELLOW), ("2026-03", GREEN)]).action == "none"
    assert escalate([("2026-02", YELLOW), ("2026-03", RED), ("2026-04", YELLOW)]).action == "none"
    assert escalate([("2026-03", YELLOW)]) == r.Escalation("none", "no_escalation", {"period": "2026-03"})
    assert escalate([("2026-02", YELLOW), ("2026-03", YELLOW)], Rules(escalation_yellows=3)).action == "none"
    assert escalate([(f"2026-0{m}", YELLOW) for m in (1, 2, 3)], Rules(escalation_yellows=3)).numbers == {
        "period": "2026-03",
        "yellows": 3,
    }
    assert escalate([]) == r.Escalation("none", "no_history", {})


def test_a_red_issues_a_duban_notice():
    assert escalate([("2026-02", GREEN), ("2026-03", RED)]) == r.Escalation("notice", "red", {"period": "2026-03"})
    assert escalate([("2026-02", YELLOW), ("2026-03", RED)], Rules(red_notice=False)).action == "none"


def test_rollup_worst_wins():
    assert rollup([GREEN, BLUE, YELLOW, DONE]) == Verdict(
        YELLOW, "worst_wins", {"counts": {DONE: 1, GREEN: 1, BLUE: 1, YELLOW: 1}}
    )
    assert rollup([GREEN, RED]).colour == RED
    assert rollup([GREEN, BLUE]).colour == BLUE
    assert rollup([DONE, DONE]) == Verdict(DONE, "all_done", {"counts": {DONE: 2}})
    assert rollup([]) == Verdict(GREEN, "no_children", {})


def test_rollup_weighted_share():
    weighted = Rules(rollup="weighted")
    assert rollup([(GREEN, 3), (RED, 1)], weighted) == Verdict(
        YELLOW, "weighted_share", {"counts": {GREEN: 1, RED: 1}, "on_track_percent": 75}
    )
    assert rollup([(GREEN, 9), (YELLOW, 1)], weighted).colour == GREEN
    assert rollup([(DONE, 1), (BLUE, 1), (RED, 1)], weighted).numbers["on_track_percent"] == 66.67
    assert rollup([(DONE, 1), (BLUE, 1), (RED, 1)], weighted).colour == RED
    assert rollup([GREEN, GREEN, GREEN, YELLOW], weighted).colour == YELLOW  # 75 %, equal weights
    assert rollup([(RED, 0)], weighted).reason == "zero_denominator"


def test_severity_orders_the_colours():
    assert [r.severity(c) for c in (DONE, GREEN, BLUE, YELLOW, RED)] == [0, 1, 2, 3, 4]
    assert r.worse(RED, YELLOW) and not r.worse(GREEN, BLUE)
