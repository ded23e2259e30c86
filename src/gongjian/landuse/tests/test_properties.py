"""Properties over generated tables (Hypothesis): engine = reference; raising an indicator never lowers the total;
class counts follow the share rule for every n."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gongjian.landuse import engine, synthetic
from gongjian.landuse.rules import DEFAULT_RULES, class_counts, parse_rules

from .test_engine import _compare

YEAR = 2025


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 300), seed=st.integers(0, 10_000), units=st.integers(1, 3), missing=st.floats(0, 0.5))
def test_engine_agrees_with_the_per_row_reference(n, seed, units, missing):
    _compare(synthetic.generate(n, seed=seed, units=units, missing=missing))


RULES = st.builds(
    lambda a, b, d, cap, kmode: parse_rules(
        {
            "cap": cap,
            "classes": {"shares": {"A": a, "B": b, "D": d}},
            "groups": {"above": {"weights": {"tax_per_mu": 40, "rd_intensity": 30}, "benchmarks": kmode}},
        }
    ),
    st.integers(0, 40),
    st.integers(0, 40),
    st.integers(0, 20),
    st.sampled_from([1.5, 2, 3]),
    st.sampled_from(
        [{}, {"tax_per_mu": {"mode": "k_mean", "k": 1.5}}, {"rd_intensity": {"mode": "fixed", "value": 2}}]
    ),
)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 200), seed=st.integers(0, 10_000), rules=RULES)
def test_engine_agrees_with_the_reference_under_other_rules(n, seed, rules):
    _compare(synthetic.generate(n, seed=seed, units=2), rules=rules)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(2, 120),
    seed=st.integers(0, 10_000),
    field=st.sampled_from(["tax", "rd", "value_added"]),
    factor=st.floats(1.01, 50),
    pick=st.integers(0, 10_000),
)
def test_raising_an_indicator_never_lowers_the_total(n, seed, field, factor, pick):
    table = synthetic.generate(n, seed=seed, units=2)
    before = engine.evaluate(table, YEAR)
    rated = np.flatnonzero(before.status == 1)
    candidates = [i for i in rated if np.isfinite(table[field][i]) and table[field][i] > 0]
    if not candidates:
        return
    i = candidates[pick % len(candidates)]
    raised = {k: v.copy() for k, v in table.items()}
    raised[field][i] = table[field][i] * factor + 1
    after = engine.evaluate(raised, YEAR)
    assert after.total[i] >= before.total[i] - 1e-9


@given(n=st.integers(1, 5000))
def test_class_counts_follow_the_share_rule(n):
    a, b, c, d = class_counts(n)
    assert a == (20 * n) // 100  # floor(0.20 n)
    assert d == -((-5 * n) // 100)  # ceil(0.05 n)
    assert b == (40 * n + 50) // 100  # floor(0.40 n + 0.5)
    assert c == n - a - b - d >= 0
    assert a <= 0.2 * n and d >= 0.05 * n


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 400), seed=st.integers(0, 1000))
def test_engine_class_counts_per_unit_and_group(n, seed):
    table = synthetic.generate(n, seed=seed, units=2)
    ev = engine.evaluate(table, YEAR)
    key = ev.unit_code * 2 + ev.group
    for k in np.unique(key[ev.status == 1]):
        rows = (key == k) & (ev.status == 1)
        got = tuple(int(((ev.klass == c) & rows).sum()) for c in (1, 2, 3, 4))
        assert got == class_counts(int(rows.sum()), DEFAULT_RULES)
        assert sorted(ev.rank[rows].tolist()) == list(range(1, int(rows.sum()) + 1))
