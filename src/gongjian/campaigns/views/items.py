"""The item list, an item's page, the item form and deletion."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from gongjian.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from .. import lights, periods, services
from ..filtersets import ItemFilterSet
from ..forms import (
    ItemForm,
)
from ..models import Area, Item, Milestone, Report
from ..tables import ITEM_COLUMNS
from .common import _today

# --- items ------------------------------------------------------------------------------------------------


class ItemListView(ObjectListView):
    model = Item
    filterset_class = ItemFilterSet
    title = gettext_lazy("Task list")
    template_name = "campaigns/item_list.html"
    select_related = ("area", "area__campaign", "leader", "lead_unit")
    prefetch_related = ("co_units",)
    default_ordering = ("area__campaign", "area__number", "code")
    add_url_name = "campaigns:item_add"
    add_permission = "campaigns.add_item"
    export_name = gettext_lazy("Task list items")

    def get_columns(self):
        return ITEM_COLUMNS

    def get_queryset(self):
        return super().get_queryset().with_state(_today())

    def decorate_rows(self, rows):
        today = _today()
        for item in rows:
            item.light = lights.item_light(item, today)

    def extra_context(self):
        can_import = self.request.user.has_perm("campaigns.import_item")
        return {"can_import": can_import, "import_url": reverse("campaigns:item_import") if can_import else None}


class ItemDetailView(ObjectDetailView):
    model = Item
    template_name = "campaigns/item_detail.html"
    select_related = ("area", "area__campaign", "leader", "lead_unit")
    prefetch_related = ("co_units",)

    def get_object(self, pk, action="view"):
        try:
            return self.base_queryset(action).with_state(_today()).get(pk=pk)
        except (Item.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    def detail_context(self, item):
        user = self.request.user
        today = _today()
        reports = list(
            item.reports.select_related("submitted_by", "reviewed_by")
            .prefetch_related("attachments")
            .order_by("-period_start")
        )
        for r in reports:
            r.item = item  # the item (and its campaign) is already loaded
        can_report = Item.objects.restrict(user, "report").filter(pk=item.pk).exists()
        return {
            "title": str(item),
            "today": today,
            "light": lights.item_light(item, today),
            "milestones": list(item.milestones.order_by("planned_date", "pk")),
            "reports": reports,
            "leader_actions": list(item.leader_actions.select_related("leader")),
            "history": self.history(item, 100),
            "can_edit": user.has_perm("campaigns.change_item"),
            "can_delete": user.has_perm("campaigns.delete_item"),
            "can_report": can_report and user.has_perm("campaigns.add_report") and item.completed_on is None,
            "can_review": user.has_perm("campaigns.review_report"),
            "can_add_milestone": user.has_perm("campaigns.add_milestone") and user.has_perm("campaigns.change_item"),
            "can_change_milestone": user.has_perm("campaigns.change_milestone"),
            "can_complete_milestone": user.has_perm("campaigns.complete_milestone")
            and Milestone.objects.restrict(user, "complete").filter(item=item).exists(),
            "can_lead": user.has_perm("campaigns.add_leaderaction"),
            "can_delete_action": user.has_perm("campaigns.delete_leaderaction"),
            "missing_periods": _missing_periods(item, reports, today),
        }


def _missing_periods(item: Item, reports: list[Report], today: dt.date) -> list[periods.Period]:
    """Ended periods of the item whose report deadline passed without any report."""
    campaign = item.area.campaign
    reported = {r.period_start for r in reports}
    end = min(today, item.completed_on or item.due_date)
    return [
        p
        for p in periods.periods_between(item.start_date, end, campaign.cycle)
        if p.start not in reported and periods.deadline(p, campaign.grace_days) < today
    ]


class ItemEditView(ObjectEditView):
    model = Item
    form_class = ItemForm
    select_related = ("area__campaign",)

    def form_kwargs(self, obj):
        return {"user": self.request.user}

    def form_initial(self):
        area = self.request.GET.get("area")
        if not (area and area.isdigit()):
            return {}
        a = Area.objects.restrict(self.request.user, "view").select_related("campaign").filter(pk=area).first()
        if a is None:
            return {}
        return {
            "area": a.pk,
            "start_date": a.campaign.start_date,
            "due_date": a.campaign.end_date,
            "lead_unit": a.lead_unit_id,
            "leader": a.leader_id,
        }

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.ITEM_FIELDS}
        co_units = form.cleaned_data.get("co_units") or []
        if obj is None:
            return services.create_item(self.actor, co_units=co_units, **data)
        return services.update_item(self.actor, obj, co_units=co_units, **data)

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj else reverse("campaigns:item_list")


class ItemDeleteView(ObjectDeleteView):
    model = Item

    def delete(self, obj):
        services.delete_item(self.actor, obj)

    def success_url(self, obj):
        return obj.area.get_absolute_url()
