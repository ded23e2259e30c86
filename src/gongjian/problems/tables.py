"""List columns of the problem ledger (HTML table and Excel export from one definition)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongjian.core.tables import Column

__all__ = ["PROBLEM_COLUMNS"]


def _overdue(row) -> int | None:
    return getattr(row, "overdue_days", None) or None


PROBLEM_COLUMNS = [
    Column("number", _("Number"), order_by="number", link=True, css="text-nowrap"),
    Column("title", _("Title"), order_by="title", link=True),
    Column("enterprise", _("Enterprise"), order_by="enterprise__name"),
    Column("item.code", _("Campaign item"), order_by="item__code"),
    Column("category", _("Category"), order_by="category__sort_order"),
    Column("source", _("Source"), order_by="source"),
    Column("state", _("State"), order_by="state", template="problems/includes/cell_state.html"),
    Column("handling_unit", _("Handling unit"), order_by="handling_unit__code"),
    Column("leader", _("Responsible leader"), order_by="leader__username"),
    Column("deadline", _("Deadline"), order_by="deadline", css="text-nowrap"),
    Column(
        "overdue_days",
        _("Days overdue"),
        css="num",
        template="problems/includes/cell_overdue.html",
        export=_overdue,
    ),
    Column("return_count", _("Times returned"), order_by="return_count", css="num"),
    Column("raised_at", _("Raised at"), order_by="raised_at", css="text-nowrap"),
]
