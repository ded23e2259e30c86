"""What every cockpit widget is: a chart with a title that states the finding, its data as a table and the URL
of the list behind each bar, segment and point (see widgets.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from gongjian.core.formats import month_label
from gongjian.core.numbers import number
from gongjian.indicators import rules as r

from .selection import Selection

__all__ = ["COLOURS", "Widget", "no_data"]

#: The colours in the order of a stacked bar, with the colour each is drawn in.
COLOURS = [(r.RED, "#dc3545"), (r.YELLOW, "#f0ad00"), (r.BLUE, "#0d6efd"), (r.GREEN, "#198754"), (r.DONE, "#6c757d")]


@dataclass
class Widget:
    key: str
    name: str  # what the chart shows ("Items by area")
    title: str  # the finding ("红灯 12 项，比上月增加 3 项")
    chart: str  # "bar" (stacked, categories on x), "hbar" (ranking) or "line"
    categories: list[str] = field(default_factory=list)
    series: list[dict] = field(default_factory=list)  # {"key", "name", "colour", "data": [{"value", "drilldown"}]}
    drilldown: str = ""  # the list behind the whole chart
    headers: list[str] = field(default_factory=list)  # the data table
    rows: list[list[Any]] = field(default_factory=list)
    empty_text: str = ""  # set when there is nothing to draw: says so instead of an empty chart

    @property
    def empty(self) -> bool:
        return bool(self.empty_text)

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "title": self.title,
            "chart": self.chart,
            "categories": self.categories,
            "series": self.series,
            "drilldown": self.drilldown,
            "empty": self.empty_text,
        }

    def table_rows(self) -> list[list[str]]:
        """The data table as text (numbers written as people write them)."""
        return [
            [number(v, 2) if isinstance(v, int | float) and not isinstance(v, bool) else v for v in row]
            for row in self.rows
        ]


def no_data(sel: Selection) -> str:
    if not sel.has_data:
        return _("{month} has not begun: no figures yet.").format(month=month_label(sel.month))
    return ""
