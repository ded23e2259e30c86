"""Every write on campaigns, areas, items, milestones, reports and leader actions.

Each function takes the acting :class:`~gongjian.core.services.Actor`, checks permission and scope, runs in one
transaction, validates the model, and writes the audit record. Views, the API, Excel import and commands call
these functions and nothing else. ``plan`` holds the writes on the plan (campaigns, areas, items), ``progress``
those on its progress (milestones, reports, leader actions).
"""

from __future__ import annotations

# The forms' fields, the derived fields and two helpers are read by other modules too (explicit re-exports).
from .common import AREA_FIELDS as AREA_FIELDS
from .common import CAMPAIGN_FIELDS as CAMPAIGN_FIELDS
from .common import ITEM_FIELDS as ITEM_FIELDS
from .common import MILESTONE_FIELDS as MILESTONE_FIELDS
from .plan import DERIVED_FIELDS as DERIVED_FIELDS
from .plan import (
    ItemRowsInvalid,
    create_area,
    create_campaign,
    create_item,
    create_items_bulk,
    delete_area,
    delete_campaign,
    delete_item,
    refresh_item,
    update_area,
    update_campaign,
    update_item,
)
from .plan import next_item_code as next_item_code
from .progress import (
    accept_report,
    add_milestone,
    delete_leader_action,
    delete_milestone,
    record_leader_action,
    record_milestone,
    return_report,
    submit_report,
    update_milestone,
)
from .progress import reportable_periods as reportable_periods

__all__ = [
    "ItemRowsInvalid",
    "accept_report",
    "add_milestone",
    "create_area",
    "create_campaign",
    "create_item",
    "create_items_bulk",
    "delete_area",
    "delete_campaign",
    "delete_item",
    "delete_leader_action",
    "delete_milestone",
    "record_leader_action",
    "record_milestone",
    "refresh_item",
    "return_report",
    "submit_report",
    "update_area",
    "update_campaign",
    "update_item",
    "update_milestone",
]
