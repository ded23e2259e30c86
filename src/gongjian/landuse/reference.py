"""The 亩产效益 evaluation one enterprise at a time, in plain Python (pure: no Django imports).

The straightforward reading of the rules, kept as the reference for :mod:`.engine`: tests check that both give
the same groups, reasons, scores, totals, ranks and classes on random data, and the benchmark measures the
engine against it. It performs the same floating-point operations in the same order as the engine.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from .engine import NOT_RATED_MASK, REASONS
from .rules import ABOVE, BELOW, DEFAULT_RULES, FIXED, INDICATORS, K_MEAN, Rules, class_counts

__all__ = ["evaluate", "records_from_table"]

_FIELDS = ("tax", "revenue", "energy_tce", "rd", "value_added", "employees", "emissions_t")


def _num(x: Any) -> float | None:
    if x is None:
        return None
    f = float(x)
    return None if math.isnan(f) else f


def records_from_table(table: dict[str, Any]) -> list[dict[str, Any]]:
    """The engine's column arrays as one dict per row (Python values, ``None`` for missing)."""
    n = len(table["credit_code"])
    cols = {k: (v.tolist() if hasattr(v, "tolist") else list(v)) for k, v in table.items()}
    out = []
    for i in range(n):
        row = {k: v[i] for k, v in cols.items()}
        started = row.get("production_started")
        row["production_started"] = started if isinstance(started, dt.date) else None
        out.append(row)
    return out


def _round6(x: float) -> float:
    return round(x * 1e6) / 1e6


def evaluate(records: list[dict[str, Any]], year: int, rules: Rules = DEFAULT_RULES) -> list[dict[str, Any]]:
    """One result dict per record, in the same order."""
    keys = rules.indicator_keys
    cutoff = dt.date(year - rules.new_production_years, 1, 1)
    exempt_divs = {int(d) for d in rules.exempt_divisions}
    out = []
    for r in records:
        division = r.get("division", -1)
        division = -1 if division is None else int(division)
        above_scale = bool(r.get("above_scale", False))
        land_mu = _num(r.get("land_mu"))
        leased = _num(r.get("leased_m2"))
        industrial = 6 <= division <= 46
        reasons = 0
        group = 0
        if not industrial:
            reasons |= REASONS["not_industrial"]
        elif above_scale:
            group = 1
        elif land_mu is not None and land_mu >= rules.below_scale_min_land_mu:
            group = 2
        else:
            reasons |= REASONS["small_land"]
        if land_mu is not None and land_mu > 0:
            land = land_mu
        elif leased is not None and leased > 0:
            land = leased / rules.leased_m2_per_mu
        else:
            land = None
        if group:
            if division in exempt_divs:
                reasons |= REASONS["exempt_industry"]
            started = r.get("production_started")
            if started is not None and started >= cutoff:
                reasons |= REASONS["new_production"]
            if r.get("exempt"):
                reasons |= REASONS["exemption_list"]
            if land is None:
                reasons |= REASONS["no_land_data"]
        rated = group > 0 and not reasons & NOT_RATED_MASK
        f = {name: _num(r.get(name)) for name in _FIELDS}
        if f["tax"] is not None and f["tax"] < 0:
            f["tax"] = 0.0
        f["land"] = land
        values = []
        for key in keys:
            ind = INDICATORS[key]
            num, den = f[ind.numerator], f[ind.denominator]
            values.append(None if num is None or den is None or den == 0 else num / den * ind.factor)
        tie = f["tax"] / land if f["tax"] is not None and land is not None else -math.inf
        bonus = _num(r.get("bonus")) or 0.0
        out.append(
            {
                "unit": r["unit"],
                "credit_code": r["credit_code"],
                "group": group,
                "status": 1 if rated else (2 if group else 0),
                "reasons": reasons,
                "land": land,
                "values": values,
                "tie": tie,
                "bonus": min(bonus, rules.bonus_cap),
                "penalty": _num(r.get("penalty")) or 0.0,
            }
        )

    # benchmarks and scores per unit × group
    groups: dict[tuple[Any, int], list[dict[str, Any]]] = {}
    for res in out:
        if res["status"] == 1:
            groups.setdefault((res["unit"], res["group"]), []).append(res)
        res.update(scores=None, filled=[False] * len(keys), total=None, rank=0, rated_count=0, klass=0, gap=None)
        if res["status"] == 2:
            res["klass"] = 5
    for (_, g), members in groups.items():
        grules = rules.groups[ABOVE if g == 1 else BELOW]
        for m in members:
            m["scores"] = [0.0] * len(keys)
        for j, key in enumerate(keys):
            w = grules.weight(key)
            if w <= 0:
                continue
            have = [m for m in members if m["values"][j] is not None]
            total = 0.0
            for m in have:
                total += m["values"][j]
            mean = total / len(have) if have else None
            b = grules.benchmark(key)
            if b.mode == FIXED:
                bench = b.value
            elif b.mode == K_MEAN:
                bench = b.k * mean if mean is not None else None
            else:
                bench = mean
            score_sum = 0.0
            for m in have:
                if bench is not None and bench > 0:
                    m["scores"][j] = w * min(max(m["values"][j] / bench, 0.0), rules.cap)
                score_sum += m["scores"][j]
            fill = score_sum / len(have) if have and bench is not None and bench > 0 else 0.0
            for m in members:
                if m["values"][j] is None:
                    m["scores"][j] = fill
                    m["filled"][j] = True
        for m in members:
            t = 0.0
            for s in m["scores"]:
                t = t + s
            m["total"] = t + m["bonus"] - m["penalty"]

        # rank and class
        members.sort(key=lambda m: (-_round6(m["total"]), -m["tie"], m["credit_code"]))
        n = len(members)
        a, b_, c_, d = class_counts(n, rules)
        last = {1: a, 2: a + b_, 3: n - d}
        count = {1: a, 2: b_, 3: c_}
        for pos, m in enumerate(members, start=1):
            m["rank"] = pos
            m["rated_count"] = n
            m["klass"] = 1 if pos <= a else 2 if pos <= a + b_ else 4 if pos > n - d else 3
            for above_c in range(m["klass"] - 1, 0, -1):
                if count[above_c] > 0:
                    other = members[last[above_c] - 1]
                    m["gap"] = max(_round6(other["total"]) - _round6(m["total"]), 0.0)
                    break
    return out
