"""One FilterSet per model: the HTML list, the API list and the Excel export filter the same way."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from gongjian.core.filters import IntegerFilter
from gongjian.org.models import Unit, leaders_queryset

from .choices import ItemKind, ItemStatus, LeaderActionKind, ReportStatus
from .models import Area, Campaign, Item, LeaderAction, Milestone, Report

__all__ = [
    "AreaFilterSet",
    "CampaignFilterSet",
    "ItemFilterSet",
    "LeaderActionFilterSet",
    "MilestoneFilterSet",
    "ReportFilterSet",
]


class CampaignFilterSet(django_filters.FilterSet):
    year = IntegerFilter(label=_("Year"))

    class Meta:
        model = Campaign
        fields = ["year"]


class AreaFilterSet(django_filters.FilterSet):
    class Meta:
        model = Area
        fields = ["campaign"]


def _areas(request):
    user = getattr(request, "user", None)
    return Area.objects.restrict(user, "view").select_related("campaign") if user else Area.objects.none()


class ItemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    campaign = django_filters.ModelChoiceFilter(
        field_name="area__campaign", queryset=Campaign.objects.all(), label=_("Campaign")
    )
    area = django_filters.ModelChoiceFilter(queryset=_areas, label=_("Area"))
    kind = django_filters.ChoiceFilter(choices=ItemKind.choices, label=_("Kind"))
    unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.filter(is_active=True), method="by_unit", label=_("Unit")
    )
    leader = django_filters.ModelChoiceFilter(queryset=leaders_queryset(), label=_("Responsible leader"))
    status = django_filters.ChoiceFilter(choices=ItemStatus.choices, method="by_status", label=_("Status"))
    overdue = django_filters.BooleanFilter(
        method="by_overdue",
        label=_("Overdue"),
        widget=forms.Select(choices=[("", "---------"), ("true", _("Yes")), ("false", _("No"))]),
    )
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("Due by"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Item
        fields = ["q", "campaign", "area", "kind", "unit", "leader", "status", "overdue", "due_before"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(code__icontains=value) | Q(description__icontains=value))

    @extend_schema_field(OpenApiTypes.INT)  # the API takes the unit's id
    def by_unit(self, queryset, name, unit):
        """Items the unit leads or co-operates on."""
        coop = Item.co_units.through.objects.filter(unit=unit).values("item_id")
        return queryset.filter(Q(lead_unit=unit) | Q(pk__in=coop))

    def by_status(self, queryset, name, value):
        return queryset.in_state(value, timezone.localdate())

    def by_overdue(self, queryset, name, value):
        today = timezone.localdate()
        if value is True:
            return queryset.overdue(today)
        if value is False:
            return queryset.exclude(pk__in=Item.objects.overdue(today).values("pk"))
        return queryset


class MilestoneFilterSet(django_filters.FilterSet):
    class Meta:
        model = Milestone
        fields = ["item"]


class ReportFilterSet(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(
        field_name="item__area__campaign", queryset=Campaign.objects.all(), label=_("Campaign")
    )
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    period = django_filters.DateFilter(field_name="period_start", label=_("Period"))
    late = django_filters.BooleanFilter(field_name="is_late", label=_("Late"))
    unit = django_filters.ModelChoiceFilter(
        field_name="item__lead_unit", queryset=Unit.objects.filter(is_active=True), label=_("Unit")
    )

    class Meta:
        model = Report
        fields = ["item", "campaign", "status", "period", "late", "unit"]


class LeaderActionFilterSet(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(
        field_name="item__area__campaign", queryset=Campaign.objects.all(), label=_("Campaign")
    )
    leader = django_filters.ModelChoiceFilter(queryset=leaders_queryset(), label=_("Leader"))
    kind = django_filters.ChoiceFilter(choices=LeaderActionKind.choices, label=_("Kind"))
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = LeaderAction
        fields = ["item", "campaign", "leader", "kind", "date_from", "date_to"]
