from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongjian.core.tables import Column

__all__ = ["COLOUR_COLUMNS", "DELIVERY_COLUMNS", "SUBSCRIPTION_COLUMNS", "SUPERVISION_COLUMNS"]

SUPERVISION_COLUMNS = [
    Column("object_repr", _("Object"), order_by="object_repr", link=True),
    Column("kind", _("Kind"), order_by="kind"),
    Column("origin", _("Origin")),
    Column("colour", _("Colour"), template="supervision/includes/cell_colour.html"),
    Column("unit", _("Addressed to"), order_by="unit__sort_order"),
    Column("issued_on", _("Issued on"), order_by="issued_on"),
    Column("reply_by", _("Reply by"), order_by="reply_by"),
    Column("status", _("Status"), order_by="status"),
]

COLOUR_COLUMNS = [
    Column("object_repr", _("Object"), order_by="object_repr"),
    Column("source_label", _("Kind of object"), order_by="source"),
    Column("period", _("Period"), order_by="period"),
    Column("colour", _("Colour"), order_by="colour", template="supervision/includes/cell_colour.html"),
    Column("unit", _("Lead unit"), order_by="unit__sort_order"),
    Column("leader", _("Responsible leader")),
    Column("judged_on", _("Since"), order_by="judged_on"),
]

DELIVERY_COLUMNS = [
    Column("created_at", _("Created at"), order_by="created_at", link=True),
    Column("channel", _("Channel"), order_by="channel"),
    Column("event", _("Event"), order_by="event"),
    Column("address", _("Address")),
    Column("webhook", _("Group robot")),
    Column("subscription", _("Webhook subscription")),
    Column("subject", _("Subject")),
    Column("status", _("Status"), order_by="status"),
    Column("status_code", _("Answer code")),
    Column("attempts", _("Attempts")),
    Column("last_error", _("Last error")),
]

SUBSCRIPTION_COLUMNS = [
    Column("name", _("Name"), order_by="name", link=True),
    Column("url", _("Address")),
    Column("event_labels", _("Events")),
    Column("is_active", _("Active"), order_by="is_active"),
    Column("owner", _("Owner")),
]
