"""List columns of pairing (HTML table and Excel export from one definition)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongjian.core.tables import Column

__all__ = ["PAIRING_COLUMNS", "VISIT_COLUMNS"]

PAIRING_COLUMNS = [
    Column(
        "enterprise", _("Enterprise"), order_by="enterprise__name", template="pairing/includes/cell_enterprise.html"
    ),
    Column("person", _("Person"), order_by="person__username"),
    Column("person.unit", _("Unit")),
    Column("role", _("Pairing role"), order_by="role"),
    Column("start_date", _("From"), order_by="start_date", css="text-nowrap"),
    Column("end_date", _("To"), order_by="end_date", css="text-nowrap"),
    Column("note", _("Note")),
]

VISIT_COLUMNS = [
    Column("date", _("Date of visit"), order_by="date", link=True, css="text-nowrap"),
    Column("enterprise", _("Enterprise"), order_by="enterprise__name"),
    Column("visitor", _("Visited by"), order_by="visitor__username"),
    Column("met_with", _("Met with")),
    Column("discussed", _("What was discussed")),
    Column("problem_count", _("Problems raised"), css="num"),
]
