"""What the campaign services share: the editable fields of each model, today, and the row lock."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

__all__ = ["AREA_FIELDS", "CAMPAIGN_FIELDS", "ITEM_FIELDS", "MILESTONE_FIELDS"]

CAMPAIGN_FIELDS = ["name", "year", "start_date", "end_date", "cycle", "grace_days", "description"]
AREA_FIELDS = ["campaign", "number", "title", "plan_text", "leader", "lead_unit"]
ITEM_FIELDS = [
    "area",
    "code",
    "kind",
    "title",
    "description",
    "expected_results",
    "leader",
    "lead_unit",
    "start_date",
    "due_date",
    "weight",
]
MILESTONE_FIELDS = ["title", "planned_date", "actual_date"]


def _today() -> dt.date:
    return timezone.localdate()


def _locked(obj):
    """The object's current row, locked for the transaction.

    Services never trust the instance they are given for the "before" of the audit or for fields they do not
    change: a bound ModelForm has already written the new values on it, and it may be stale.
    """
    return type(obj).objects.select_for_update().get(pk=obj.pk)
