"""Quantified targets of a plan-from-text draft become indicators (plantext keeps them in the draft).

The draft's kept targets are in ``PlanDraft.created_objects["targets"]`` (indicator text, comparator, value or
edited value text, unit) with the campaign its areas were created in. :func:`proposals` turns them into
indicator fields for the review form; :func:`create_from_targets` creates the accepted ones through
``services.create_indicator`` in one transaction: all, or none with every row's errors.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongjian.core.services import Actor

from . import services
from .choices import UNITS
from .models import Indicator

__all__ = ["TargetRowsInvalid", "create_from_targets", "kept_targets", "proposals"]

_SPLIT = re.compile(r"\s*[–—~～至到-]\s*")


def kept_targets(draft) -> list[dict]:
    return list((draft.created_objects or {}).get("targets") or [])


def _numbers(target: dict) -> list[Decimal]:
    text = (target.get("value_text") or "").strip()
    raw: list[Any] = [p for p in _SPLIT.split(text) if p] if text else []
    if not raw:
        value = target.get("value")
        raw = list(value) if isinstance(value, list | tuple) else ([value] if value is not None else [])
    out = []
    for r in raw:
        try:
            out.append(Decimal(str(r).replace(",", "")))
        except InvalidOperation:
            return []
    return out


def proposals(draft, campaign) -> list[dict]:
    """One proposed indicator per kept target: name, unit, comparator, target (and upper bound), kind."""
    existing = set(Indicator.objects.filter(campaign=campaign).values_list("name", flat=True)) if campaign else set()
    out = []
    for k, t in enumerate(kept_targets(draft)):
        numbers = _numbers(t)
        comparator = t.get("comparator") or ">="
        if comparator == "~":
            comparator = ">="
        if len(numbers) == 2:
            comparator = "range" if comparator in ("range", "=", ">=") else comparator
        unit = (t.get("unit") or "").strip()
        name = (t.get("indicator") or "").strip()
        percent = unit == "%"
        kind = ("growth" if "增" in name else "rate") if percent else "cumulative"
        if comparator == "range" and kind == "cumulative":
            kind = "level"
        out.append(
            {
                "index": k,
                "name": name[:200],
                "unit": unit if unit in UNITS else "",
                "unit_text": unit,
                "comparator": comparator,
                "target": numbers[0] if numbers else None,
                "target_high": numbers[1] if len(numbers) > 1 else None,
                "kind": kind,
                "evidence": (t.get("evidence") or {}).get("text", ""),
                "exists": name in existing,
            }
        )
    return out


class TargetRowsInvalid(ValidationError):
    def __init__(self, rows: dict[int, dict[str, list[str]]]):
        self.rows = rows
        super().__init__({str(k): [f"{f}: {m}" for f, ms in v.items() for m in ms] for k, v in rows.items()})


def create_from_targets(
    actor: Actor, campaign, rows: list[dict], *, lead_unit, source_unit, leader=None
) -> list[Indicator]:
    """Create one indicator per row (dicts of indicator fields with ``index``); all or none."""
    errors: dict[int, dict[str, list[str]]] = {}
    created: list[Indicator] = []
    with transaction.atomic():
        for row in rows:
            data = {k: v for k, v in row.items() if k in services.INDICATOR_FIELDS}
            data.update(campaign=campaign, lead_unit=lead_unit, source_unit=source_unit, leader=leader)
            data.setdefault("direction", "lower" if data.get("comparator") in ("<=", "<") else "higher")
            try:
                with transaction.atomic():
                    created.append(services.create_indicator(actor, **data))
            except ValidationError as exc:
                errors[row["index"]] = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        if errors:
            raise TargetRowsInvalid(errors)
    return created
