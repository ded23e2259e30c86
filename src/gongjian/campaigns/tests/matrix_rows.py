"""Permission-matrix rows of the campaigns app kept beside it (its pages' rows are in core's matrix test)."""

from __future__ import annotations

from gongjian.core.tests.matrix import Row

MATRIX: list[Row] = []

API_MATRIX: list[Row] = [
    # POST without a file: whoever may import is told what is missing (400); nobody else learns more (403).
    Row(
        "api:import-items-list",
        lambda w, o: "/api/imports/items/",
        set(),
        method="post",
        data=lambda w, o: {},
        special={"supervisor": "invalid"},
    ),
]
