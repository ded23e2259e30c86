"""红黄绿灯 on the campaign pages: an item's colour under the default rules (issue 3's pure core).

The colour is computed from the item's derived fields when an item's page is shown; the campaign overview counts
the lights stored by :mod:`.figures` (kept by the services and the daily run). Colours with their history,
per-campaign rules and escalation come with the warnings module.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

import numpy as np
from django.utils.translation import gettext as _

from . import periods, rules, vectorised
from .choices import Cycle
from .texts import reason_text

__all__ = ["Light", "colour_label", "item_arrays", "item_light", "light_counts"]

#: colour → Bootstrap class and sort order, worst first
CSS = {
    rules.RED: "danger",
    rules.YELLOW: "warning",
    rules.BLUE: "info",
    rules.GREEN: "success",
    rules.DONE: "secondary",
}


def colour_label(colour: str) -> str:
    return str(
        {
            rules.RED: _("Red"),
            rules.YELLOW: _("Yellow"),
            rules.BLUE: _("Blue (due soon)"),
            rules.GREEN: _("Green"),
            rules.DONE: _("Done"),
        }[colour]
    )


class Light:
    """The colour of one item, with its reason in words (translated when first read)."""

    __slots__ = ("colour", "numbers", "reason_code")

    def __init__(self, verdict: rules.Verdict):
        self.colour = verdict.colour
        self.reason_code = verdict.reason
        self.numbers = verdict.numbers

    @property
    def css(self) -> str:
        return CSS[self.colour]

    @property
    def label(self) -> str:
        return colour_label(self.colour)

    @property
    def reason(self) -> str:
        return reason_text(self.reason_code, self.numbers, rules.DEFAULT_RULES)


def _case(start, due, progress, completed_on, last_report_period, cycle) -> rules.ItemCase:
    latest_end = periods.period_containing(last_report_period, cycle).end if last_report_period else None
    return rules.ItemCase(
        start=start,
        due=due,
        percent_complete=progress,
        done=completed_on is not None,
        reporting=cycle,
        latest_reported_period_end=latest_end,
    )


def item_light(item, today: dt.date) -> Light:
    """``item`` needs its area and campaign loaded (select_related) to avoid a query."""
    cycle = item.area.campaign.cycle
    case = _case(item.start_date, item.due_date, item.progress, item.completed_on, item.last_report_period, cycle)
    return Light(rules.item_colour(case, today))


def item_arrays(rows: list[tuple], today: dt.date) -> vectorised.ItemArrays:
    """The vectorised rules' arrays from tuples (start, due, progress, completed_on, last_report_period, cycle)."""
    start, due, progress, completed_on, last_period, cycle = zip(*rows, strict=True)
    return vectorised.ItemArrays(
        start=np.array(start, dtype="datetime64[D]"),
        due=np.array(due, dtype="datetime64[D]"),
        today=np.full(len(rows), np.datetime64(today, "D")),
        percent_complete=np.array(progress, dtype=np.float64),
        done=np.array([d is not None for d in completed_on], dtype=bool),
        weekly=np.array([c == Cycle.WEEKLY for c in cycle], dtype=bool),
        latest_reported_period_end=np.array(last_period, dtype="datetime64[D]"),  # any day of the period; None: NaT
    )


def light_counts(rows: Iterable[tuple], today: dt.date) -> Counter:
    """Colour → count, from tuples (start, due, progress, completed_on, last_report_period, cycle).

    Vectorised (indicators.vectorised, the same rule over arrays): a city's campaign is counted in milliseconds.
    """
    rows = list(rows)
    if not rows:
        return Counter()
    severity, _reasons = vectorised.item_colours(item_arrays(rows, today))
    counts = np.bincount(severity.astype(np.int64), minlength=len(rules.COLOURS))
    return Counter({rules.COLOURS[i]: int(n) for i, n in enumerate(counts) if n})
