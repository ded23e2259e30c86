"""Item status, derived (pure: no Django imports).

An item's status is never typed: it follows from its accepted reports and its milestones.

* 已完成 (done): the latest accepted report says 100 % and every milestone has an actual date.
* 推进中 (in progress): not done, and the start date has come, or progress was reported, or a milestone met.
* 未开始 (not started): otherwise.
* overdue: not done and the due date has passed (shown beside the status).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["DONE", "IN_PROGRESS", "NOT_STARTED", "ItemState", "derive_state", "is_complete"]

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE = "done"


@dataclass(frozen=True)
class ItemState:
    status: str
    overdue: bool
    days_overdue: int


def is_complete(latest_accepted_percent: int | None, milestones_total: int, milestones_met: int) -> bool:
    return latest_accepted_percent == 100 and milestones_met >= milestones_total


def derive_state(
    today: dt.date,
    start: dt.date,
    due: dt.date,
    completed_on: dt.date | None,
    progress: int,
    milestones_met: int = 0,
) -> ItemState:
    if completed_on is not None:
        return ItemState(DONE, False, 0)
    overdue = today > due
    days = (today - due).days if overdue else 0
    if progress > 0 or milestones_met > 0 or start <= today:
        return ItemState(IN_PROGRESS, overdue, days)
    return ItemState(NOT_STARTED, overdue, days)
