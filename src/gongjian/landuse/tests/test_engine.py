"""The engine and the per-row reference on the hand-computed worked example, and against each other."""

import numpy as np
import pytest

from gongjian.landuse import engine, reference
from gongjian.landuse.rules import DEFAULT_RULES

from . import worked_example as wx

YEAR = 2025


@pytest.fixture(scope="module")
def ev():
    return engine.evaluate(wx.table(), YEAR)


@pytest.fixture(scope="module")
def ref():
    return reference.evaluate(reference.records_from_table(wx.table()), YEAR)


@pytest.mark.parametrize("label", list(wx.EXPECTED))
def test_worked_example_status_class_rank_total(ev, ref, label):
    i = wx.INDEX[label]
    status, klass, rank, total, reasons = wx.EXPECTED[label]
    assert engine.STATUS_CODES[int(ev.status[i])] == status
    assert ev.class_of(i) == klass
    assert ev.rank[i] == rank
    assert engine.reason_codes(int(ev.reasons[i])) == reasons
    if total is None:
        assert np.isnan(ev.total[i])
        assert ref[i]["total"] is None
    else:
        assert ev.total[i] == pytest.approx(total, abs=1e-9)
        assert ref[i]["total"] == pytest.approx(total, abs=1e-9)
    assert ref[i]["rank"] == rank
    assert engine.CLASS_CODES[ref[i]["klass"]] == klass


@pytest.mark.parametrize("label", list(wx.GAPS))
def test_worked_example_points_to_next_class(ev, ref, label):
    i = wx.INDEX[label]
    expected = wx.GAPS[label]
    if expected is None:
        assert np.isnan(ev.gap[i])
        assert ref[i]["gap"] is None
    else:
        assert ev.gap[i] == pytest.approx(expected, abs=1e-6)
        assert ref[i]["gap"] == pytest.approx(expected, abs=1e-6)


def test_worked_example_scores_and_flags(ev):
    for label, per in wx.SCORES.items():
        i = wx.INDEX[label]
        for key, (score, flagged) in per.items():
            j = ev.indicators.index(key)
            assert ev.scores[j, i] == pytest.approx(score, abs=1e-9), (label, key)
            assert bool(ev.filled[j, i]) is flagged, (label, key)


def test_worked_example_benchmarks_and_land(ev):
    unit = list(ev.units).index("城区")
    for key, bench in wx.BENCHMARKS[("城区", "above")].items():
        assert ev.benchmarks[unit * 2, ev.indicators.index(key)] == pytest.approx(bench)
    assert ev.land[wx.INDEX["E4"]] == pytest.approx(10.0)  # leased 6666.7 m² ÷ 666.67
    assert ev.bonus[wx.INDEX["E3"]] == 20  # 25 capped


def test_explain_lists_each_contribution_and_the_gap(ev):
    out = engine.explain(ev, wx.INDEX["E5"], DEFAULT_RULES)
    assert out["class"] == "B" and out["class_label"] == "支持发展类"
    assert [p["indicator"] for p in out["indicators"]] == list(DEFAULT_RULES.groups["above"].keys)
    tax = out["indicators"][0]
    assert tax["filled"] is True and tax["score"] == pytest.approx(36) and tax["benchmark"] == pytest.approx(16)
    assert sum(p["score"] for p in out["indicators"]) == pytest.approx(out["total"])
    assert out["next_class"] == "A" and out["gap"] == pytest.approx(wx.GAPS["E5"])
    x2 = engine.explain(ev, wx.INDEX["X2"], DEFAULT_RULES)
    assert x2["next_class"] is None and x2["gap"] is None  # no A among 3
    t = engine.explain(ev, wx.INDEX["E7"], DEFAULT_RULES)
    assert t["class"] == "T" and t["reasons"] == ["exempt_industry", "new_production"] and "total" not in t


def test_fixed_and_k_mean_benchmarks():
    from gongjian.landuse.rules import parse_rules

    rules = parse_rules(
        {
            "groups": {
                "below": {
                    "weights": {"tax_per_mu": 60, "revenue_per_mu": 40},
                    "benchmarks": {
                        "tax_per_mu": {"mode": "fixed", "value": 20},
                        "revenue_per_mu": {"mode": "k_mean", "k": 2},
                    },
                }
            }
        }
    )
    ev = engine.evaluate(wx.table(), YEAR, rules)
    i = wx.INDEX["B5"]  # 亩均税收 20 = the fixed benchmark; 亩均营收 50 against 2 × 80
    assert ev.scores[0, i] == pytest.approx(60)
    assert ev.scores[1, i] == pytest.approx(40 * 50 / 160)
    ref = reference.evaluate(reference.records_from_table(wx.table()), YEAR, rules)
    assert ref[i]["total"] == ev.total[i]


def _compare(table, year=YEAR, rules=DEFAULT_RULES):
    ev = engine.evaluate(table, year, rules)
    ref = reference.evaluate(reference.records_from_table(table), year, rules)
    for i, r in enumerate(ref):
        assert (r["group"], r["status"], r["reasons"]) == (ev.group[i], ev.status[i], ev.reasons[i]), i
        assert (r["rank"], r["klass"], r["rated_count"]) == (ev.rank[i], ev.klass[i], ev.rated_count[i]), i
        if r["total"] is None:
            assert np.isnan(ev.total[i])
        else:
            assert r["total"] == ev.total[i], i
            assert r["scores"] == ev.scores[:, i].tolist(), i
            assert r["filled"] == ev.filled[:, i].tolist(), i
        assert (r["gap"] is None and np.isnan(ev.gap[i])) or r["gap"] == ev.gap[i], i
    return ev


def test_engine_and_reference_agree_on_a_larger_table():
    from gongjian.landuse import synthetic

    ev = _compare(synthetic.generate(4000, seed=7, units=3))
    assert set(np.unique(ev.klass)) == {0, 1, 2, 3, 4, 5}
    assert ev.filled.any()


def test_empty_and_single_enterprise():
    from gongjian.landuse import synthetic

    t = synthetic.generate(1, seed=3)
    _compare(t)
    empty = {k: v[:0] for k, v in t.items()}
    ev = engine.evaluate(empty, YEAR)
    assert len(ev) == 0
