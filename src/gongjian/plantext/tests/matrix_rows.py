"""Permission-matrix rows of plan from text (collected by core/tests/test_permission_matrix.py).

The pages of a draft are its author's only (the supervisor's here); the other rows of plan from text are in the
core matrix.
"""

from __future__ import annotations

import datetime as dt

from gongjian.core.tests.matrix import Row


def _target(indicator: str, start: int) -> dict:
    evidence = {"text": indicator, "start": start, "end": start + 2, "original_start": start, "original_end": start + 2}
    return {"indicator": indicator, "comparator": ">=", "value": 9, "unit": "家", "evidence": evidence}


def objects(world) -> dict:
    from gongjian.plantext.models import PlanDraft

    draft = PlanDraft.objects.create(
        created_by=world.user("supervisor"),
        document_date=dt.date(2026, 3, 1),
        original="新增九家，新增9家",
        normalised="新增九家，新增9家",
        data={"targets": [_target("新增企业", 0), _target("新增规上企业", 5)]},
    )
    return {"plan_draft": draft}


MATRIX = [
    Row(
        "plantext:merge_targets",
        lambda w, o: f"/plan/{o['plan_draft'].pk}/merge-targets/",
        {"supervisor"},
        method="post",
        data=lambda w, o: {"t0-merge": "1", "t1-merge": "1"},
    ),
]
