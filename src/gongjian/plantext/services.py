"""Writes on plan drafts: each checks who may make it, runs in a transaction and writes the audit record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongjian.core.services import Actor, record

from .models import PlanDraft

INDICATOR_MAX = 200


def merge_targets(actor: Actor, plan: PlanDraft, indices: list[int], indicator: str = "") -> dict:
    """Merge two or more extracted targets of a draft into one (two spans of text that state the same target).

    The first of them in the list keeps its comparator, value, unit, period, hedge and evidence; the others'
    evidence is kept beside it (``merged_evidence``) so that every span stays highlighted, and they leave the
    list. ``indicator``, when given, is the merged target's indicator. Returns the merged target.
    """
    if plan.created_by_id != getattr(actor.user, "pk", None):
        raise PermissionDenied("a draft is its author's only")
    chosen = sorted(set(indices))
    with transaction.atomic():
        plan = PlanDraft.objects.select_for_update().get(pk=plan.pk)
        targets = list(plan.data.get("targets", []))
        if len(chosen) < 2 or chosen[0] < 0 or chosen[-1] >= len(targets):
            raise ValidationError(_("Select two or more targets to merge."))
        first, others = targets[chosen[0]], [targets[k] for k in chosen[1:]]
        merged = {
            **first,
            "indicator": (indicator.strip() or first.get("indicator") or "")[:INDICATOR_MAX],
            "merged_evidence": [
                *first.get("merged_evidence", []),
                *(e for t in others for e in [t["evidence"], *t.get("merged_evidence", [])]),
            ],
        }
        before = [targets[k].get("indicator") for k in chosen]
        targets[chosen[0]] = merged
        plan.data = {**plan.data, "targets": [t for k, t in enumerate(targets) if k not in chosen[1:]]}
        plan.save(update_fields=["data"])
        record(
            actor,
            "plandraft.merge_targets",
            plan,
            before={"targets": before, "indices": chosen},
            after={"indicator": merged["indicator"]},
        )
    return merged
