"""One FilterSet per model: the HTML list, the API list and the Excel export filter the same way."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from gongjian.campaigns.lights import colour_label
from gongjian.campaigns.models import Area, Campaign
from gongjian.core.filters import IntegerFilter
from gongjian.org.models import Unit

from . import rules
from .choices import UNITS, ActualStatus, IndicatorKind
from .models import Actual, Benchmark, Indicator, PlannedValue

__all__ = ["ActualFilterSet", "BenchmarkFilterSet", "IndicatorFilterSet", "PlannedValueFilterSet"]


def _areas(request):
    user = getattr(request, "user", None)
    return Area.objects.restrict(user, "view").select_related("campaign") if user else Area.objects.none()


def _campaigns(request):
    user = getattr(request, "user", None)
    return Campaign.objects.restrict(user, "view") if user else Campaign.objects.none()


class _ColourChoices:
    def __iter__(self):
        return iter([(c, colour_label(c)) for c in (rules.RED, rules.YELLOW, rules.GREEN)])


class IndicatorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    campaign = django_filters.ModelChoiceFilter(queryset=_campaigns, label=_("Campaign"))
    area = django_filters.ModelChoiceFilter(queryset=_areas, label=_("Area"))
    unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.filter(is_active=True), method="by_unit", label=_("Unit")
    )
    measure = django_filters.ChoiceFilter(
        field_name="unit", choices=[(u, u) for u in UNITS], label=_("Unit of measure")
    )
    kind = django_filters.ChoiceFilter(choices=IndicatorKind.choices, label=_("Kind"))
    colour = django_filters.ChoiceFilter(choices=_ColourChoices(), method="by_colour", label=_("Warning"))
    year = IntegerFilter(label=_("Year"))

    class Meta:
        model = Indicator
        fields = ["q", "campaign", "area", "unit", "measure", "kind", "colour", "year"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))

    @extend_schema_field(OpenApiTypes.INT)  # the API takes the unit's id
    def by_unit(self, queryset, name, unit):
        """Indicators the unit leads or provides the figures of."""
        return queryset.filter(Q(lead_unit=unit) | Q(source_unit=unit))

    def by_colour(self, queryset, name, value):
        """The stored colour (see :mod:`.figures`): one condition of the query, however many indicators."""
        return queryset.filter(figures__colour=value)


class PlannedValueFilterSet(django_filters.FilterSet):
    class Meta:
        model = PlannedValue
        fields = ["indicator"]


class ActualFilterSet(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(
        field_name="indicator__campaign", queryset=_campaigns, label=_("Campaign")
    )
    status = django_filters.ChoiceFilter(choices=ActualStatus.choices, label=_("Status"))
    period = django_filters.DateFilter(field_name="period_start", label=_("Period"))

    class Meta:
        model = Actual
        fields = ["indicator", "campaign", "status", "period", "is_computed"]


class BenchmarkFilterSet(django_filters.FilterSet):
    period = django_filters.DateFilter(field_name="period_start", label=_("Period"))

    class Meta:
        model = Benchmark
        fields = ["indicator", "period", "region"]
