"""The 亩产效益 evaluation over whole tables at once, with NumPy (pure: no Django imports, no per-row loop).

Input: a dict of equally long arrays, one row per enterprise (see :data:`COLUMNS`; numbers as float with NaN
for "missing", which is not 0). Output: an :class:`Evaluation` of arrays: the group and scope of each
enterprise, the reasons it is not rated, each indicator's value, score and "filled" flag, the total, the rank
within its unit × group, the class and the points missing to the next class, plus the benchmark table.

The rules are the issue's (docs/landuse.md). :mod:`.reference` computes the same thing one row at a time and
is the reference in tests: both perform the same floating-point operations in the same order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from .rules import ABOVE, BELOW, CLASSES, DEFAULT_RULES, FIXED, INDICATORS, K_MEAN, Rules, class_counts

__all__ = [
    "CLASS_CODES",
    "COLUMNS",
    "GROUP_CODES",
    "REASONS",
    "STATUS_CODES",
    "Evaluation",
    "evaluate",
    "explain",
    "reason_codes",
    "round6",
]

#: Input columns: name → kind ("str", "int", "bool", "date", "float").
COLUMNS: dict[str, str] = {
    "credit_code": "str",
    "unit": "str",  # evaluation unit (district or park); ints are accepted as already-coded units
    "above_scale": "bool",  # 规上 in the evaluation year
    "division": "int",  # GB/T 4754 division (first two digits of the industry code), -1 unknown
    "production_started": "date",  # datetime64[D], NaT unknown
    "exempt": "bool",  # on the exemption list
    "land_mu": "float",  # owned land, 亩
    "leased_m2": "float",  # leased plant area, m²
    "tax": "float",  # 万元
    "revenue": "float",  # 营业收入, 万元
    "energy_tce": "float",  # 综合能耗, 吨标准煤
    "rd": "float",  # R&D 经费, 万元
    "value_added": "float",  # 工业增加值, 万元
    "employees": "float",
    "emissions_t": "float",  # 主要污染物排放, 吨
    "bonus": "float",  # sum of bonus items (capped by the rules)
    "penalty": "float",  # sum of penalty items
}

#: Reason bits (a bitmask per enterprise). The first two put it out of scope, the rest make it T类.
REASONS: dict[str, int] = {
    "not_industrial": 1,
    "small_land": 2,  # 规下 with owned land below the threshold (or none)
    "exempt_industry": 4,
    "new_production": 8,
    "exemption_list": 16,
    "no_land_data": 32,
}
OUT_OF_SCOPE_MASK = REASONS["not_industrial"] | REASONS["small_land"]
NOT_RATED_MASK = REASONS["exempt_industry"] | REASONS["new_production"] | REASONS["exemption_list"]
NOT_RATED_MASK |= REASONS["no_land_data"]

GROUP_CODES = {0: "", 1: ABOVE, 2: BELOW}
STATUS_CODES = {0: "out_of_scope", 1: "rated", 2: "not_rated"}
CLASS_CODES = {0: "", 1: "A", 2: "B", 3: "C", 4: "D", 5: "T"}


def reason_codes(mask: int) -> list[str]:
    """The reason names of one bitmask, in :data:`REASONS` order."""
    return [name for name, bit in REASONS.items() if mask & bit]


def round6(x: np.ndarray) -> np.ndarray:
    """Totals are compared at 6 decimals, so that equal sums reached in a different order tie."""
    return np.rint(x * 1e6) / 1e6


@dataclass
class Evaluation:
    """Arrays of length n (rows as given) and the benchmark table per unit × group × indicator."""

    indicators: tuple[str, ...]  # column order of values / scores / filled
    units: np.ndarray  # unit names; unit_code indexes into it
    unit_code: np.ndarray  # int
    group: np.ndarray  # int8: 0 out of scope, 1 规上, 2 规下
    status: np.ndarray  # int8: 0 out of scope, 1 rated, 2 not rated (T)
    reasons: np.ndarray  # int16 bitmask of REASONS
    land: np.ndarray  # land basis, 亩 (NaN none)
    values: np.ndarray  # k × n (one row per indicator), NaN where missing
    scores: np.ndarray  # k × n, NaN for not rated
    filled: np.ndarray  # k × n bool: missing indicator that got the group's mean score
    bonus: np.ndarray  # bonus applied (capped)
    penalty: np.ndarray
    total: np.ndarray  # NaN for not rated
    rank: np.ndarray  # int32, 1-based within unit × group, 0 for not rated
    rated_count: np.ndarray  # int32: n rated in the enterprise's unit × group (0 when not rated)
    klass: np.ndarray  # int8: CLASS_CODES
    gap: np.ndarray  # points missing to the next better class (NaN for A, not rated, or no class above)
    benchmarks: np.ndarray  # (units × 2) × k: benchmark of group g of unit u at row u*2 + g - 1
    weights: np.ndarray  # 3 × k: weight of each indicator per group code

    def __len__(self) -> int:
        return len(self.group)

    def class_of(self, i: int) -> str:
        return CLASS_CODES[int(self.klass[i])]


def _col(table: dict[str, Any], name: str, n: int) -> np.ndarray:
    if name in table:
        return np.asarray(table[name])
    kind = COLUMNS[name]
    if kind == "float":
        return np.full(n, np.nan)
    if kind == "bool":
        return np.zeros(n, dtype=bool)
    if kind == "date":
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    if kind == "int":
        return np.full(n, -1, dtype=np.int16)
    raise KeyError(name)


def _runs(order: np.ndarray, *keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions in ``order`` of rows that tie with a neighbour on every key, and an id per run of ties."""
    same = np.ones(len(order) - 1, dtype=bool)
    for key in keys:
        sk = key[order]
        same &= sk[1:] == sk[:-1]
    in_run = np.zeros(len(order), dtype=bool)
    in_run[1:] |= same
    in_run[:-1] |= same
    run_id = np.cumsum(np.concatenate(([True], ~same)))
    pos = np.flatnonzero(in_run)
    return pos, run_id[pos]


def _rank_order(gk: np.ndarray, key: np.ndarray, tie: np.ndarray, codes: np.ndarray, n_keys: int) -> np.ndarray:
    """Sort order by group, total desc, 亩均税收 desc, credit code asc.

    A sort by total and a stable radix sort by the small group key put the rows in order; then only the runs
    of equal totals are sorted by 亩均税收, and only the runs where that ties too by credit code: sorting a
    million strings would be the slowest thing the engine does.
    """
    if len(key) and n_keys < 2**20 and np.abs(key).max() < 2e6:
        # one sort of an int64 key: group in the high bits, the total in millionths (|x| < 2**41) negated below
        micro = np.rint(key * 1e6).astype(np.int64)
        order = np.argsort((gk.astype(np.int64) << 42) - micro)
    else:
        order = np.argsort(-key)
        g = gk[order]
        order = order[np.argsort(g.astype(np.int16) if n_keys < 2**15 else g, kind="stable")]
    if len(order) < 2:
        return order
    pos, run = _runs(order, gk, key)
    if len(pos):
        rows = order[pos]
        order[pos] = rows[np.lexsort((-tie[rows], run))]
        pos, run = _runs(order, gk, key, tie)
        if len(pos):
            rows = order[pos]
            order[pos] = rows[np.lexsort((codes[rows], run))]
    return order


def _spread(values: np.ndarray, rows: np.ndarray, n: int) -> np.ndarray:
    out = np.full(n, np.nan)
    out[rows] = values
    return out


def evaluate(table: dict[str, Any], year: int, rules: Rules = DEFAULT_RULES) -> Evaluation:
    """Evaluate every row of ``table`` for evaluation year ``year`` under ``rules``."""
    codes = np.asarray(table["credit_code"])
    n = len(codes)
    unit_raw = np.asarray(table["unit"])
    if unit_raw.dtype.kind in "iu" and (n == 0 or unit_raw.min() >= 0):
        unit_code = unit_raw.astype(np.int64, copy=False)
        units = np.arange(int(unit_code.max()) + 1 if n else 0)
    else:
        units, unit_code = np.unique(unit_raw, return_inverse=True)
        unit_code = unit_code.astype(np.int64)
    n_units = len(units)

    division = _col(table, "division", n)
    above_scale = _col(table, "above_scale", n).astype(bool, copy=False)
    land_mu = _col(table, "land_mu", n).astype(np.float64, copy=False)
    leased = _col(table, "leased_m2", n).astype(np.float64, copy=False)

    # scope and group
    industrial = (division >= 6) & (division <= 46)
    above = industrial & above_scale
    small = industrial & ~above_scale & ~(land_mu >= rules.below_scale_min_land_mu)
    below = industrial & ~above_scale & ~small
    group = above.view(np.int8) + 2 * below.view(np.int8)
    in_scope = above | below

    with np.errstate(divide="ignore", invalid="ignore"):
        land = np.where(land_mu > 0, land_mu, np.where(leased > 0, leased / rules.leased_m2_per_mu, np.nan))

    exempt_table = np.zeros(101, dtype=bool)  # division → exempt, one gather instead of np.isin
    exempt_table[[int(d) for d in rules.exempt_divisions]] = True
    cutoff = np.datetime64(dt.date(year - rules.new_production_years, 1, 1), "D")
    started = _col(table, "production_started", n).astype("datetime64[D]", copy=False)
    bits = (
        (~industrial, "not_industrial"),
        (small, "small_land"),
        (in_scope & exempt_table[np.clip(division, 0, 100)], "exempt_industry"),
        (in_scope & (started >= cutoff), "new_production"),
        (in_scope & _col(table, "exempt", n).astype(bool, copy=False), "exemption_list"),
        (in_scope & ~(land > 0), "no_land_data"),
    )
    reasons = np.zeros(n, dtype=np.int16)
    for mask, name in bits:
        reasons |= mask.view(np.int8) * np.int16(REASONS[name])
    rated = in_scope & ((reasons & NOT_RATED_MASK) == 0)
    status = in_scope.view(np.int8) * 2 - rated.view(np.int8)  # 0 out, 1 rated, 2 not rated

    # indicator values; a negative tax is 0 before anything is computed. A value is missing (NaN) when its
    # numerator or denominator is, or when the denominator is 0.
    fields = {
        name: _col(table, name, n).astype(np.float64, copy=False)
        for name in ("tax", "revenue", "energy_tce", "rd", "value_added", "employees", "emissions_t")
    }
    fields["tax"] = np.maximum(fields["tax"], 0.0)  # NaN stays NaN
    fields["land"] = land
    keys = rules.indicator_keys
    k = len(keys)
    values = np.empty((k, n))
    with np.errstate(divide="ignore", invalid="ignore"):
        for j, key in enumerate(keys):
            ind = INDICATORS[key]
            den = fields[ind.denominator]
            v = fields[ind.numerator] / den
            if ind.factor != 1.0:
                v *= ind.factor
            v[den == 0] = np.nan
            values[j] = v
        tie = fields["tax"] / land  # land is NaN or > 0
    tie[np.isnan(tie)] = -np.inf

    # scores of the rated, per unit × group (key u*2 + g - 1)
    weights = np.zeros((3, k))
    for g, name in ((1, ABOVE), (2, BELOW)):
        for j, key in enumerate(keys):
            weights[g, j] = rules.groups[name].weight(key)
    n_keys = n_units * 2
    ridx = np.flatnonzero(rated)
    m = len(ridx)
    grp = group[ridx]
    gk = unit_code[ridx] * 2 + (grp - 1)
    scores = np.full((k, n), np.nan)
    filled = np.zeros((k, n), dtype=bool)
    benchmarks = np.full((n_keys, k), np.nan)
    total_r = np.zeros(m)
    for j, key in enumerate(keys):
        w_row = weights[:, j][grp]
        applies = w_row > 0
        v = values[j][ridx]
        has = ~np.isnan(v) & applies
        sums = np.bincount(gk, weights=np.where(has, v, 0.0), minlength=n_keys)
        cnt = np.bincount(gk, weights=has, minlength=n_keys)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = sums / cnt  # NaN where nobody has it
        bench = np.full(n_keys, np.nan)
        for g, name in ((1, ABOVE), (2, BELOW)):
            if rules.groups[name].weight(key) <= 0:
                continue
            sl = slice(g - 1, None, 2)
            b = rules.groups[name].benchmark(key)
            bench[sl] = b.value if b.mode == FIXED else (b.k * mean[sl] if b.mode == K_MEAN else mean[sl])
        benchmarks[:, j] = bench
        b_row = bench[gk]
        with np.errstate(divide="ignore", invalid="ignore"):
            s = w_row * np.minimum(np.maximum(v / b_row, 0.0), rules.cap)
        s[~(has & (b_row > 0))] = 0.0
        fsum = np.bincount(gk, weights=s, minlength=n_keys)
        with np.errstate(divide="ignore", invalid="ignore"):
            fill = np.where((cnt > 0) & (bench > 0), fsum / cnt, 0.0)
        gap_rows = applies & ~has
        s[gap_rows] = fill[gk[gap_rows]]
        scores[j][ridx] = s
        filled[j][ridx] = gap_rows
        total_r += s

    bonus_r = np.minimum(np.nan_to_num(_col(table, "bonus", n)[ridx].astype(np.float64), nan=0.0), rules.bonus_cap)
    penalty_r = np.nan_to_num(_col(table, "penalty", n)[ridx].astype(np.float64), nan=0.0)
    total_r = total_r + bonus_r - penalty_r
    total = _spread(total_r, ridx, n)

    # rank within unit × group: total desc, 亩均税收 desc, credit code asc
    key_r = round6(total_r)
    order = _rank_order(gk, key_r, tie[ridx], codes[ridx], n_keys)
    n_g = np.bincount(gk, minlength=n_keys)
    start_g = np.cumsum(n_g) - n_g
    rank_r = np.empty(m, dtype=np.int64)
    rank_r[order] = np.arange(m) - np.repeat(start_g, n_g) + 1
    a = (rules.share_a * n_g) // 10000
    d = np.minimum(-((-rules.share_d * n_g) // 10000), n_g - a)
    b = np.minimum((rules.share_b * n_g + 5000) // 10000, n_g - a - d)
    ng_r, a_r, b_r, d_r = n_g[gk], a[gk], b[gk], d[gk]
    cls_r = np.full(m, 3, dtype=np.int8)
    cls_r[rank_r <= a_r + b_r] = 2
    cls_r[rank_r <= a_r] = 1
    cls_r[rank_r > ng_r - d_r] = 4

    # points missing to the nearest better class that has members: its last member's total − own total
    sorted_keys = key_r[order]
    last_rank = np.stack([a, a + b, n_g - d])  # last rank of A, B, C per group
    count = np.stack([a, b, n_g - a - b - d])
    gap_r = np.full(m, np.nan)
    for c in (2, 3, 4):
        target = np.full(n_keys, -1, dtype=np.int64)
        for above_c in range(c - 1, 0, -1):  # nearest non-empty class above
            pick = (target < 0) & (count[above_c - 1] > 0)
            target[pick] = start_g[pick] + last_rank[above_c - 1][pick] - 1
        rows = np.flatnonzero(cls_r == c)
        t = target[gk[rows]]
        ok = t >= 0
        gap_r[rows[ok]] = np.maximum(sorted_keys[t[ok]] - key_r[rows[ok]], 0.0)

    rank = np.zeros(n, dtype=np.int32)
    rank[ridx] = rank_r
    rated_count = np.zeros(n, dtype=np.int32)
    rated_count[ridx] = ng_r
    klass = np.where(status == 2, 5, 0).astype(np.int8)
    klass[ridx] = cls_r
    gap = np.full(n, np.nan)
    gap[ridx] = gap_r
    return Evaluation(
        indicators=keys,
        units=units,
        unit_code=unit_code,
        group=group,
        status=status,
        reasons=reasons,
        land=land,
        values=values,
        scores=scores,
        filled=filled,
        bonus=_spread(bonus_r, ridx, n),
        penalty=_spread(penalty_r, ridx, n),
        total=total,
        rank=rank,
        rated_count=rated_count,
        klass=klass,
        gap=gap,
        benchmarks=benchmarks,
        weights=weights,
    )


def _f(x: float) -> float | None:
    x = float(x)
    return None if np.isnan(x) else x


def explain(ev: Evaluation, i: int, rules: Rules = DEFAULT_RULES) -> dict[str, Any]:
    """One enterprise's result in plain data: each indicator's value, benchmark, weight and contribution."""
    g = int(ev.group[i])
    out: dict[str, Any] = {
        "group": GROUP_CODES[g],
        "status": STATUS_CODES[int(ev.status[i])],
        "reasons": reason_codes(int(ev.reasons[i])),
        "land": _f(ev.land[i]),
        "class": ev.class_of(i),
        "class_label": rules.labels.get(ev.class_of(i), ev.class_of(i)),
    }
    if ev.status[i] != 1:
        return out
    key_row = int(ev.unit_code[i]) * 2 + g - 1
    total = float(ev.total[i])
    parts = []
    for j, key in enumerate(ev.indicators):
        w = float(ev.weights[g, j])
        if w <= 0:
            continue
        score = float(ev.scores[j, i])
        parts.append(
            {
                "indicator": key,
                "label": INDICATORS[key].label,
                "unit": INDICATORS[key].unit,
                "value": _f(ev.values[j, i]),
                "benchmark": _f(ev.benchmarks[key_row, j]),
                "weight": w,
                "score": score,
                "max_score": w * rules.cap,
                "filled": bool(ev.filled[j, i]),
                "share_of_total": score / total if total > 0 else None,
            }
        )
    c = int(ev.klass[i])
    counts = class_counts(int(ev.rated_count[i]), rules)
    better = next((CLASSES[x] for x in range(c - 2, -1, -1) if counts[x] > 0), None) if c > 1 else None
    out.update(
        indicators=parts,
        bonus=float(ev.bonus[i]),
        penalty=float(ev.penalty[i]),
        total=total,
        rank=int(ev.rank[i]),
        rated=int(ev.rated_count[i]),
        gap=_f(ev.gap[i]),
        next_class=better,
    )
    return out
