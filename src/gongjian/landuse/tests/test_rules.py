"""Rules: the issue's defaults, validation naming the field, JSON and TOML."""

import pytest

from gongjian.landuse.rules import DEFAULT_RULES, RulesError, class_counts, load_rules, parse_rules


def test_defaults_are_the_issue_defaults():
    r = DEFAULT_RULES
    assert dict(r.groups["above"].weights) == {
        "tax_per_mu": 40,
        "revenue_per_mu": 20,
        "revenue_per_energy": 15,
        "rd_intensity": 15,
        "labour_productivity": 10,
    }
    assert dict(r.groups["below"].weights) == {"tax_per_mu": 60, "revenue_per_mu": 40}
    assert all(b.mode == "mean" for g in r.groups.values() for k in g.keys for b in [g.benchmark(k)])
    assert (r.cap, r.bonus_cap, r.below_scale_min_land_mu, r.leased_m2_per_mu) == (2, 20, 3, 666.67)
    assert r.exempt_divisions == ("44", "45", "46") and r.new_production_years == 1
    assert (r.share_a, r.share_b, r.share_d) == (2000, 4000, 500)
    assert r.labels == {"A": "优先发展类", "B": "支持发展类", "C": "提升发展类", "D": "限制发展类"}
    assert class_counts(20) == (4, 8, 7, 1) and class_counts(21) == (4, 8, 7, 2)


def problems(raw):
    with pytest.raises(RulesError) as exc:
        parse_rules(raw)
    return {(p.field, p.code) for p in exc.value.problems}


def test_weights_must_be_positive_and_indicators_known():
    got = problems({"groups": {"above": {"weights": {"tax_per_mu": 0, "revenue_per_mu": -5, "tax_per_acre": 3}}}})
    assert got == {
        ("groups.above.weights.tax_per_mu", "weight_not_positive"),
        ("groups.above.weights.revenue_per_mu", "weight_not_positive"),
        ("groups.above.weights.tax_per_acre", "unknown_indicator"),
    }
    assert problems({"groups": {"above": {"weights": {"tax_per_mu": "40"}}}}) == {
        ("groups.above.weights.tax_per_mu", "not_a_number")
    }
    assert problems({"groups": {"middle": {"weights": {"tax_per_mu": 1}}}}) == {("groups.middle", "unknown_group")}
    assert problems({"groups": {"below": {"weights": {}}}}) == {("groups.below.weights", "no_weights")}


def test_shares_over_100_and_bad_percentages():
    assert problems({"classes": {"shares": {"A": 60, "B": 40}}}) == {("classes.shares", "shares_over_100")}
    assert problems({"classes": {"shares": {"A": 101}}}) >= {("classes.shares.A", "percent_out_of_range")}
    assert problems({"classes": {"shares": {"C": 30}}}) == {("classes.shares.C", "unknown_class_share")}
    assert problems({"classes": {"shares": {"A": 20.001}}}) == {("classes.shares.A", "not_a_percent")}
    assert problems({"classes": {"labels": {"A": " "}}}) == {("classes.labels.A", "empty_label")}


def test_benchmarks_and_other_fields():
    assert problems(
        {"groups": {"below": {"weights": {"tax_per_mu": 1}, "benchmarks": {"tax_per_mu": {"mode": "median"}}}}}
    ) == {("groups.below.benchmarks.tax_per_mu.mode", "unknown_benchmark_mode")}
    assert problems(
        {"groups": {"below": {"weights": {"tax_per_mu": 1}, "benchmarks": {"revenue_per_mu": "mean"}}}}
    ) == {("groups.below.benchmarks.revenue_per_mu", "benchmark_without_weight")}
    assert problems({"cap": 0, "bonus_cap": -1, "colour": 1}) == {
        ("cap", "not_a_positive_number"),
        ("bonus_cap", "negative_value"),
        ("colour", "unknown_field"),
    }
    assert problems({"exempt_divisions": [44]}) == {("exempt_divisions", "not_a_division_list")}


def test_round_trip_and_toml():
    rules = parse_rules({"classes": {"shares": {"A": 25, "B": 45, "D": 5}, "labels": {"D": "落后整治类"}}})
    assert parse_rules(rules.as_dict()) == rules
    assert (rules.share_a, rules.share_b, rules.labels["D"]) == (2500, 4500, "落后整治类")
    toml = b"""
year = 2025
cap = 2.5
[groups.below.weights]
tax_per_mu = 100
[groups.below.benchmarks.tax_per_mu]
mode = "fixed"
value = 11.59
[classes.shares]
A = 20
D = 10
"""
    rules, raw = load_rules(toml, ".toml")
    assert raw["year"] == 2025 and rules.cap == 2.5 and rules.share_d == 1000
    assert dict(rules.groups["below"].weights) == {"tax_per_mu": 100}
    assert rules.groups["below"].benchmark("tax_per_mu").value == 11.59
    assert rules.groups["above"] == DEFAULT_RULES.groups["above"]
    with pytest.raises(RulesError) as exc:
        load_rules(b"{not json", ".json")
    assert exc.value.problems[0].code == "unreadable"
