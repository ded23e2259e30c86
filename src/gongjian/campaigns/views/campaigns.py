"""The campaign overview (the front page), the campaign form and the areas."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from gongjian.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
)

from .. import queries, services
from ..forms import (
    AreaForm,
    CampaignForm,
)
from ..models import Area, Campaign, Item
from .common import _today

# --- overview ---------------------------------------------------------------------------------------------


class HomeView(LoginRequiredMixin, View):
    """Campaign overview: the areas with item counts and completion, and this period's reporting figures."""

    def get(self, request, pk=None):
        if not request.user.has_perm("campaigns.view_campaign"):
            raise PermissionDenied
        today = _today()
        campaign = queries.current_campaign(request.user, today, pk)
        if campaign is None:
            if pk is not None:
                raise Http404
            return render(request, "campaigns/overview_empty.html", {"title": _("Overview")})
        context = {
            "title": campaign.name,
            "campaign": campaign,
            "campaigns": Campaign.objects.restrict(request.user, "view").order_by("-year"),
            "areas": queries.area_summary(request.user, campaign, today),
            "totals": queries.campaign_totals(request.user, campaign, today),
            "today": today,
            "can_add_area": request.user.has_perm("campaigns.add_area"),
            "can_change": request.user.has_perm("campaigns.change_campaign"),
            "can_add_campaign": request.user.has_perm("campaigns.add_campaign"),
        }
        return render(request, "campaigns/overview.html", context)


class CampaignEditView(ObjectEditView):
    model = Campaign
    form_class = CampaignForm

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.CAMPAIGN_FIELDS}
        if obj is None:
            return services.create_campaign(self.actor, **data)
        return services.update_campaign(self.actor, obj, **data)

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj else reverse("core:home")


# --- areas ------------------------------------------------------------------------------------------------


class AreaDetailView(ObjectDetailView):
    model = Area
    template_name = "campaigns/area_detail.html"
    select_related = ("campaign", "leader", "lead_unit")

    def detail_context(self, area):
        today = _today()
        items = (
            Item.objects.restrict(self.request.user, "view")
            .filter(area=area)
            .with_state(today)
            .select_related("leader", "lead_unit")
            .prefetch_related("co_units")
            .order_by("code")
        )
        return {
            "title": str(area),
            "items": items,
            "history": self.history(area, 20, visible_children=items),
            "can_edit": self.request.user.has_perm("campaigns.change_area"),
            "can_delete": self.request.user.has_perm("campaigns.delete_area"),
            "can_add_item": self.request.user.has_perm("campaigns.add_item"),
        }


class AreaEditView(ObjectEditView):
    model = Area
    form_class = AreaForm

    def form_initial(self):
        initial = {}
        campaign = self.request.GET.get("campaign")
        if campaign and campaign.isdigit():
            initial["campaign"] = campaign
            last = Area.objects.filter(campaign_id=campaign).order_by("-number").values_list("number", flat=True)
            initial["number"] = (last.first() or 0) + 1
        return initial

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.AREA_FIELDS if f in form.cleaned_data}
        if obj is None:
            return services.create_area(self.actor, **data)
        data.pop("campaign", None)
        return services.update_area(self.actor, obj, **data)

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj else reverse("core:home")


class AreaDeleteView(ObjectDeleteView):
    model = Area

    def delete(self, obj):
        services.delete_area(self.actor, obj)

    def success_url(self, obj):
        return obj.campaign.get_absolute_url()
