"""List columns of the campaigns app (HTML table and Excel export from one definition)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongjian.core.tables import Column

from .choices import ItemStatus
from .lights import item_light

__all__ = ["ITEM_COLUMNS", "REPORT_COLUMNS"]


def _status_label(item) -> str:
    label = str(ItemStatus(item.state).label)
    return gettext("{status} (overdue)").format(status=label) if item.is_overdue else label


def _light_label(item) -> str:
    light = item_light(item, timezone.localdate())
    return gettext("{colour}: {reason}").format(colour=light.label, reason=light.reason)


ITEM_COLUMNS = [
    Column("code", _("Number"), order_by="code", link=True, css="text-nowrap"),
    Column("title", _("Title"), order_by="title", link=True),
    Column("kind", _("Kind"), order_by="kind"),
    Column("area.title", _("Area"), order_by="area__number"),
    Column("leader", _("Responsible leader"), order_by="leader__display_name"),
    Column("lead_unit", _("Lead unit"), order_by="lead_unit__code"),
    Column("co_units", _("Co-operating units")),
    Column("start_date", _("Start date"), order_by="start_date", css="text-nowrap"),
    Column("due_date", _("Due date"), order_by="due_date", css="text-nowrap"),
    Column(
        "progress",
        _("Percent complete"),
        order_by="progress",
        template="campaigns/includes/cell_progress.html",
        css="num",
    ),
    Column("state", _("Status"), template="campaigns/includes/cell_status.html", export=_status_label),
    Column("light", _("Warning"), template="campaigns/includes/cell_light.html", export=_light_label),
]

REPORT_COLUMNS = [
    Column("item.code", _("Number"), order_by="item__code", css="text-nowrap"),
    Column("item.title", _("Item"), link=True),
    Column("item.lead_unit", _("Lead unit")),
    Column("period_label", _("Period"), order_by="period_start", css="text-nowrap"),
    Column(
        "percent", _("Percent complete"), order_by="percent", css="num", template="campaigns/includes/cell_percent.html"
    ),
    Column("status", _("Status"), order_by="status", template="campaigns/includes/cell_report_status.html"),
    Column("is_late", _("Late"), template="campaigns/includes/cell_bool.html"),
    Column("submitted_by", _("Submitted by")),
    Column("submitted_at", _("Submitted at"), order_by="submitted_at", css="text-nowrap"),
]
