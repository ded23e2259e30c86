"""Declarative list columns: one definition serves the HTML table and the Excel export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Column", "resolve"]


def resolve(obj: Any, accessor: str) -> Any:
    """Follow a dotted accessor (``lead_unit.name``); call ``get_x_display`` for choice fields; None-safe."""
    value = obj
    for part in accessor.split("."):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) else getattr(value, part, None)
        if callable(value) and not hasattr(value, "all"):
            value = value()
    if hasattr(value, "all"):  # many-to-many manager
        return "、".join(str(v) for v in value.all())
    return value


@dataclass
class Column:
    """A list column. ``accessor`` is read from each row; ``order_by`` makes it sortable."""

    accessor: str
    label: Any
    order_by: str | None = None
    link: bool = False
    template: str | None = None  # an include for the HTML cell (gets ``row`` and ``value``)
    export: Callable[[Any], Any] | None = None  # value written to Excel; default: the resolved value
    css: str = ""
    extra: dict = field(default_factory=dict)
    #: how the HTML cell writes the value (``gongjian.core.numbers``: areas whole, money with separators …); the
    #: Excel export keeps the number itself
    fmt: Callable[[Any], str] | None = None

    def value(self, row: Any) -> Any:
        return resolve(row, self.accessor)

    def export_value(self, row: Any) -> Any:
        if self.export is not None:
            return self.export(row)
        value = self.value(row)
        return value if isinstance(value, (int, float, str)) or value is None else _plain(value)


def _plain(value: Any) -> Any:
    import datetime as dt
    import decimal

    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bool):
        return value
    return str(value)
