"""Stored lights of items (:class:`~.models.ItemLight`): written here, counted by the campaign overview.

* :func:`computed` judges items with the vectorised rules (:mod:`.vectorised`, the same rule the overview used
  to apply to every item on each request): plain arrays in, colour and reason out.
* :func:`refresh` stores the lights of some items that changed; the services call it where they recompute an
  item's derived fields (a report submitted, accepted or returned, a milestone met, the item created or edited)
  and for every item of a campaign whose reporting cycle changed, in the same transaction.
* :func:`refresh_all` does the same for every item, a chunk at a time; the daily warnings run calls it (the
  colours move with the date) and reports how many stored lights it found out of date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from . import lights, rules, vectorised
from .models import Item, ItemLight

__all__ = ["COLUMNS", "computed", "refresh", "refresh_all"]

CHUNK = 500  # items a query names at a time (SQLite's limit on parameters)
COLUMNS = ("pk", "start_date", "due_date", "progress", "completed_on", "last_report_period", "area__campaign__cycle")


def computed(rows: list[tuple], today: dt.date) -> dict[int, tuple[str, str]]:
    """item id → (colour, reason) from rows of (id, start, due, progress, completed_on, last report period, cycle)."""
    if not rows:
        return {}
    ids = [row[0] for row in rows]
    severity, reasons = vectorised.item_colours(lights.item_arrays([row[1:] for row in rows], today))
    return {
        pk: (rules.COLOURS[int(s)], vectorised.REASONS[int(r)]) for pk, s, r in zip(ids, severity, reasons, strict=True)
    }


def _store(rows: list[tuple], today: dt.date) -> int:
    fresh = computed(rows, today)
    rows_stored = ItemLight.objects.filter(pk__in=list(fresh)).values_list("pk", "colour", "reason")
    stored = {pk: (colour, reason) for pk, colour, reason in rows_stored}
    changed = [
        ItemLight(item_id=pk, as_of=today, colour=colour, reason=reason)
        for pk, (colour, reason) in fresh.items()
        if stored.get(pk) != (colour, reason)
    ]
    if changed:
        ItemLight.objects.bulk_create(
            changed, update_conflicts=True, unique_fields=["item"], update_fields=["as_of", "colour", "reason"]
        )
    return len(changed)


def refresh(items: Iterable[Item | int], today: dt.date | None = None) -> int:
    """Judge ``items`` again and store the lights that changed (call inside the writing transaction)."""
    ids = [i if isinstance(i, int) else i.pk for i in items]
    today = today or timezone.localdate()
    written = 0
    for start in range(0, len(ids), CHUNK):
        rows = list(Item.objects.filter(pk__in=ids[start : start + CHUNK]).values_list(*COLUMNS))
        written += _store(rows, today)
    return written


def refresh_all(today: dt.date) -> tuple[int, int]:
    """Judge every item; (items checked, stored lights found out of date and rewritten)."""
    checked = repaired = 0
    last = 0
    while True:
        rows = list(Item.objects.filter(pk__gt=last).order_by("pk").values_list(*COLUMNS)[:CHUNK])
        if not rows:
            break
        last = rows[-1][0]
        checked += len(rows)
        repaired += _store(rows, today)
    ItemLight.objects.exclude(as_of=today).update(as_of=today)
    return checked, repaired
