"""Precision and recall on the public gold set (gold_public/gold.json), per kind of target and per type of text.

``python -m gongjian.plantext.tests.public_eval [dev|heldout] [-v]`` prints the tables (and, with -v, every miss
and false positive). The held-out half is for measuring only: never change a rule after reading its errors.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

from gongjian.plantext.extract import COUNT_UNITS, extract
from gongjian.plantext.normalise import normalise

from .corpus_eval import _key, indicator_match

GOLD = Path(__file__).parent / "gold_public"


def target_kind(comparator: str, value, unit: str) -> str:
    """The form of a target, for the per-kind table: relative, range, rate, money, count or quantity."""
    if isinstance(value, str):
        return "relative"
    if comparator == "range":
        return "range"
    if unit in ("%", "个百分点", "倍"):
        return "rate"
    if unit in ("元", "美元"):
        return "money"
    if unit in COUNT_UNITS:
        return "count"
    return "quantity"


def _same_value(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and indicator_match(a, b)
    if isinstance(a, list) or isinstance(b, list):
        return (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and all(abs(float(x) - float(y)) < 1e-9 for x, y in zip(a, b, strict=True))
        )
    return abs(float(a) - float(b)) < 1e-6 * max(1.0, abs(float(b)))


def measure_match(predicted: str, gold: str) -> bool:
    """A predicted measure covers a gold one: it contains the key phrase, or most of the key's bigrams."""
    p, g = _key(predicted), _key(gold)
    if not p or not g:
        return False
    if g in p:
        return True
    gg = {g[i : i + 2] for i in range(len(g) - 1)}
    return bool(gg) and sum(b in p for b in gg) / len(gg) >= 0.8


def score_text(name: str, entry: dict) -> dict:
    text = (GOLD / name).read_text(encoding="utf-8")
    draft = extract(normalise(text).text, dt.date.fromisoformat(entry["date"]))
    predicted = draft.targets
    gold = entry["targets"]
    used: set[int] = set()
    matches, false_pos = [], []
    for t in predicted:
        hit = next(
            (
                k
                for k, g in enumerate(gold)
                if k not in used
                and t.comparator == g[1]
                and t.unit == g[3]
                and _same_value(t.value, g[2])
                and indicator_match(t.indicator, g[0])
            ),
            None,
        )
        if hit is None:
            false_pos.append(t)
        else:
            used.add(hit)
            matches.append((t, gold[hit]))
    missed = [g for k, g in enumerate(gold) if k not in used]
    periods_checked = [(t, g) for t, g in matches if len(g) > 4]
    periods_right = sum(1 for t, g in periods_checked if t.period is not None and t.period.end == g[4])
    row = {
        "name": name,
        "type": entry["type"],
        "matches": matches,
        "fp": false_pos,
        "missed": missed,
        "periods": (periods_right, len(periods_checked)),
        "measures": None,
    }
    if entry.get("measures") is not None:
        found = [m for p in draft.pillars for m in p.measures]
        gold_m = entry["measures"]
        hit_gold = [g for g in gold_m if any(measure_match(m.title, g[0]) for m in found)]
        leads = [g for g in gold_m if g[1]]
        leads_right = [
            g for g in leads if any(measure_match(m.title, g[0]) and getattr(m, "lead", "") == g[1] for m in found)
        ]
        row["measures"] = {
            "gold": len(gold_m),
            "found": len(hit_gold),
            "predicted": len(found),
            "missed": [g[0] for g in gold_m if g not in hit_gold],
            "leads": (len(leads_right), len(leads)),
        }
    return row


def _pr(tp: int, pred: int, gold: int) -> dict:
    return {
        "tp": tp,
        "predicted": pred,
        "gold": gold,
        "precision": tp / pred if pred else 1.0,
        "recall": tp / gold if gold else 1.0,
    }


def evaluate(split: str | None = None) -> dict:
    gold = json.loads((GOLD / "gold.json").read_text(encoding="utf-8"))
    rows = [score_text(n, e) for n, e in sorted(gold.items()) if not n.startswith("_") and split in (None, e["split"])]
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        for t, _g in r["matches"]:
            by_kind[target_kind(t.comparator, t.value, t.unit)][0] += 1
        for t in [t for t, _g in r["matches"]] + r["fp"]:
            by_kind[target_kind(t.comparator, t.value, t.unit)][1] += 1
        for g in [g for _t, g in r["matches"]] + r["missed"]:
            by_kind[target_kind(g[1], g[2], g[3])][2] += 1
        cell = by_type[r["type"]]
        cell[0] += len(r["matches"])
        cell[1] += len(r["matches"]) + len(r["fp"])
        cell[2] += len(r["matches"]) + len(r["missed"])
    tp = sum(len(r["matches"]) for r in rows)
    pred = tp + sum(len(r["fp"]) for r in rows)
    gl = tp + sum(len(r["missed"]) for r in rows)
    m_rows = [r["measures"] for r in rows if r["measures"] is not None]
    m_gold = sum(m["gold"] for m in m_rows)
    m_found = sum(m["found"] for m in m_rows)
    leads = (sum(m["leads"][0] for m in m_rows), sum(m["leads"][1] for m in m_rows))
    periods = (sum(r["periods"][0] for r in rows), sum(r["periods"][1] for r in rows))
    return {
        "rows": rows,
        "targets": _pr(tp, pred, gl),
        "by_kind": {k: _pr(*v) for k, v in sorted(by_kind.items())},
        "by_type": {k: _pr(*v) for k, v in sorted(by_type.items())},
        "measures": {"gold": m_gold, "found": m_found, "recall": m_found / m_gold if m_gold else 1.0},
        "measure_leads": leads,
        "periods": periods,
        "texts": len(rows),
    }


def report(result: dict, verbose: bool = False) -> str:
    lines = [f"texts: {result['texts']}"]

    def fmt(label: str, d: dict) -> str:
        return (
            f"{label:<14} P {d['precision']:.2f}  R {d['recall']:.2f}  "
            f"(TP {d['tp']}, predicted {d['predicted']}, gold {d['gold']})"
        )

    lines.append(fmt("targets", result["targets"]))
    lines.append("per kind:")
    lines += ["  " + fmt(k, v) for k, v in result["by_kind"].items()]
    lines.append("per type of text:")
    lines += ["  " + fmt(k, v) for k, v in result["by_type"].items()]
    m = result["measures"]
    lines.append(f"measures       R {m['recall']:.2f}  (found {m['found']} of {m['gold']})")
    lines.append("lead units of measures: {} of {}".format(*result["measure_leads"]))
    lines.append("periods of matched targets: {} of {}".format(*result["periods"]))
    if verbose:
        for r in result["rows"]:
            lines.append(f"{r['name']} [{r['type']}]")
            lines += [f"   FP   {t.indicator} {t.comparator} {t.value} {t.unit} | {t.evidence}" for t in r["fp"]]
            lines += [f"   MISS {g}" for g in r["missed"]]
            lines += [
                f"   PERIOD {t.indicator}: {t.period} (gold {g[4]})"
                for t, g in r["matches"]
                if len(g) > 4 and (t.period is None or t.period.end != g[4])
            ]
            if r["measures"]:
                lines += [f"   MISS measure {g}" for g in r["measures"]["missed"]]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    print(report(evaluate(args[0] if args else None), verbose="-v" in sys.argv))
