"""From raw text to a draft: normalise, extract, collect warnings. Shared by the CLI and the pages."""

from __future__ import annotations

import datetime as dt

from .extract import Draft, extract
from .normalise import Normalised, normalise


def build_draft(text: str, today: dt.date) -> tuple[Normalised, Draft]:
    norm = normalise(text)
    draft = extract(norm.text, today)
    if norm.annotations:
        draft.warnings.insert(0, {"code": "annotations", "count": norm.annotations})
    if norm.lost:
        draft.warnings.insert(0, {"code": "lost", "count": len(norm.lost)})
    return norm, draft


def draft_json(norm: Normalised, draft: Draft) -> dict:
    """The CLI's JSON document (docs/plan-from-text.md)."""
    from .messages import warning_message

    def span(start: int, end: int) -> dict:
        o0, o1 = norm.to_original(start, end)
        return {"start": start, "end": end, "original_start": o0, "original_end": o1}

    return {
        "owner": draft.owner,
        "pillars": [
            {
                "title": p.title,
                "measures": [
                    {"title": m.title, "programme": m.programme or None, "evidence": span(m.start, m.end)}
                    for m in p.measures
                ],
            }
            for p in draft.pillars
        ],
        "programmes": draft.programmes,
        "targets": [
            {
                "indicator": t.indicator,
                "comparator": t.comparator,
                "value": t.value,
                "unit": t.unit,
                "period": None
                if t.period is None
                else {"text": t.period.text, "start": t.period.start, "end": t.period.end},
                "hedge": t.hedge or None,
                "pillar": t.pillar,
                "kind": t.kind,
                "evidence": {"text": t.evidence, **span(t.start, t.end)},
            }
            for t in draft.targets
        ],
        "warnings": [{"code": w["code"], "message": warning_message(w)} for w in draft.warnings],
        "lost_characters": [{"index": lost.index, "pinyin": lost.pinyin} for lost in norm.lost],
    }
