"""Precision and recall of the target extraction over the fixture corpus (corpus/gold.json)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from gongjian.plantext.extract import extract
from gongjian.plantext.normalise import normalise

CORPUS = Path(__file__).parent / "corpus"


def _key(s: str) -> str:
    return "".join(ch for ch in s if ch not in "“”‘’\"' ")


def indicator_match(a: str, b: str) -> bool:
    """The same indicator: one contains the other, or they share most of their character bigrams."""
    a, b = _key(a), _key(b)
    if not a or not b:
        return a == b
    if a in b or b in a:
        return True
    ga = {a[i : i + 2] for i in range(len(a) - 1)}
    gb = {b[i : i + 2] for i in range(len(b) - 1)}
    return bool(ga and gb) and len(ga & gb) / min(len(ga), len(gb)) >= 0.6


def _same_value(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and indicator_match(a, b)
    if isinstance(a, list) or isinstance(b, list):
        return (
            isinstance(a, list) and isinstance(b, list) and all(abs(x - y) < 1e-9 for x, y in zip(a, b, strict=False))
        )
    return abs(float(a) - float(b)) < 1e-6 * max(1.0, abs(float(b)))


def score(name: str, entry: dict) -> dict:
    text = (CORPUS / name).read_text(encoding="utf-8")
    draft = extract(normalise(text).text, dt.date.fromisoformat(entry["date"]))
    predicted = [(t.indicator, t.comparator, t.value, t.unit) for t in draft.targets]
    gold = [tuple(g) for g in entry["targets"]]
    used: set[int] = set()
    tp = 0
    false_pos = []
    for p in predicted:
        hit = next(
            (
                k
                for k, g in enumerate(gold)
                if k not in used
                and p[1] == g[1]
                and p[3] == g[3]
                and _same_value(p[2], g[2])
                and indicator_match(p[0], g[0])
            ),
            None,
        )
        if hit is None:
            false_pos.append(p)
        else:
            used.add(hit)
            tp += 1
    missed = [g for k, g in enumerate(gold) if k not in used]
    return {"name": name, "tp": tp, "predicted": len(predicted), "gold": len(gold), "fp": false_pos, "missed": missed}


def evaluate(split: str | None = None) -> dict:
    gold = json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))
    rows = [score(n, e) for n, e in sorted(gold.items()) if not n.startswith("_") and split in (None, e["split"])]
    tp = sum(r["tp"] for r in rows)
    pred = sum(r["predicted"] for r in rows)
    gl = sum(r["gold"] for r in rows)
    return {
        "rows": rows,
        "precision": tp / pred if pred else 0.0,
        "recall": tp / gl if gl else 0.0,
        "tp": tp,
        "predicted": pred,
        "gold": gl,
    }


if __name__ == "__main__":  # pragma: no cover
    import sys

    result = evaluate(sys.argv[1] if len(sys.argv) > 1 else None)
    for r in result["rows"]:
        print(r["name"], r["tp"], r["predicted"], r["gold"])
        for p in r["fp"]:
            print("   FP", p)
        for g in r["missed"]:
            print("   MISS", g)
    print({k: v for k, v in result.items() if k != "rows"})
