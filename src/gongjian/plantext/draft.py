"""From raw text to a draft: normalise, extract, collect warnings. Shared by the CLI and the pages."""

from __future__ import annotations

import datetime as dt

from .extract import Draft, extract
from .normalise import Normalised, normalise
from .reader import labelled_columns

# A draft is for a person to review on one page (and one form, within DATA_UPLOAD_MAX_NUMBER_FIELDS).
MAX_PILLARS = 50
MAX_MEASURES = 1000
MAX_TARGETS = 500


def _cap(draft: Draft) -> None:
    truncated = len(draft.pillars) > MAX_PILLARS or len(draft.targets) > MAX_TARGETS
    del draft.pillars[MAX_PILLARS:]
    del draft.targets[MAX_TARGETS:]
    draft.targets = [t for t in draft.targets if t.pillar is None or t.pillar < MAX_PILLARS]
    room = MAX_MEASURES
    for pillar in draft.pillars:
        if len(pillar.measures) > room:
            truncated = True
            del pillar.measures[room:]
        room -= len(pillar.measures)
    if truncated:
        draft.warnings.append(
            {"code": "truncated", "pillars": MAX_PILLARS, "measures": MAX_MEASURES, "targets": MAX_TARGETS}
        )


def build_draft(text: str, today: dt.date) -> tuple[Normalised, Draft]:
    norm = normalise(labelled_columns(text))
    draft = extract(norm.text, today)
    _cap(draft)
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
                    {
                        "title": m.title,
                        "programme": m.programme or None,
                        "lead": m.lead or None,
                        "period": _period_json(m.period),
                        "evidence": span(m.start, m.end),
                    }
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
                "period": _period_json(t.period),
                "hedge": t.hedge or None,
                "pillar": t.pillar,
                "kind": t.kind,
                "lead": t.lead or None,
                "written": t.written or None,
                "evidence": {"text": t.evidence, **span(t.start, t.end)},
            }
            for t in draft.targets
        ],
        "warnings": [{"code": w["code"], "message": warning_message(w)} for w in draft.warnings],
        "lost_characters": [{"index": lost.index, "pinyin": lost.pinyin} for lost in norm.lost],
    }


def _period_json(period) -> dict | None:
    return None if period is None else {"text": period.text, "start": period.start, "end": period.end}
