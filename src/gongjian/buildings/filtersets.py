"""One FilterSet per model: the HTML lists, the API lists and the Excel exports filter the same way."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongjian.core.filters import IntegerFilter
from gongjian.org.choices import UnitKind
from gongjian.org.models import Unit

from .choices import BuildingGrade, BuildingKind, Tier
from .models import Building, BuildingPlan, Space, Tenancy

__all__ = ["BuildingFilterSet", "BuildingPlanFilterSet", "SpaceFilterSet", "TenancyFilterSet"]


class BuildingFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        year, day = data.get("year"), data.get("as_of")
        if year and day and day.year != year:
            self.add_error("as_of", _("{date} is not in the year {year} given.").format(date=day, year=year))
        return data


def _streets(request=None):
    return Unit.objects.filter(kind=UnitKind.STREET, is_active=True)


class BuildingFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    street = django_filters.ModelChoiceFilter(queryset=_streets, label=_("Street"))
    kind = django_filters.ChoiceFilter(choices=BuildingKind.choices, label=_("Type"))
    grade = django_filters.ChoiceFilter(choices=BuildingGrade.choices, label=_("Grade"))
    # The tier comes from the year's tax: the list view filters it on the stored figures of the year (and only
    # for users who may see tax figures); here it only validates the value.
    # The year whose metrics are shown (the list view and the API read it; it selects no rows).
    year = IntegerFilter(method="no_filter", label=_("Year"), min_value=2000, max_value=2100)
    # Or the day (YYYY-MM-DD, and only so: 03/04/2026 reads two ways) on which the metrics are judged.
    as_of = django_filters.DateFilter(
        method="no_filter",
        label=_("As of"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("A day, written YYYY-MM-DD; the metrics are those of its year as they stood that day."),
    )
    tier = django_filters.ChoiceFilter(choices=Tier.choices[:3], method="no_filter", label=_("Tier"))

    class Meta:
        model = Building
        fields = ["q", "year", "as_of", "street", "kind", "grade", "tier"]
        form = BuildingFilterForm

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        from gongjian.enterprises.confidential import can_see_figures

        if not can_see_figures(getattr(request, "user", None)):
            self.filters.pop("tier", None)  # the tier reveals the tax: no filter for those who may not see it

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(address__icontains=value) | Q(main_business__icontains=value))

    def no_filter(self, qs, name, value):
        return qs


class SpaceFilterSet(django_filters.FilterSet):
    class Meta:
        model = Space
        fields = ["building", "use"]


class TenancyFilterSet(django_filters.FilterSet):
    current = django_filters.BooleanFilter(method="by_current", label=_("Current tenants only"))

    class Meta:
        model = Tenancy
        fields = ["building", "enterprise", "registered_local", "tax_local", "leaving_intention", "current"]

    def by_current(self, qs, name, value):
        today = timezone.localdate()
        current = (Q(move_in__isnull=True) | Q(move_in__lte=today)) & (Q(move_out__isnull=True) | Q(move_out__gt=today))
        return qs.filter(current) if value else qs.exclude(current)


class BuildingPlanFilterSet(django_filters.FilterSet):
    year = IntegerFilter(label=_("Year"))
    street = django_filters.ModelChoiceFilter(field_name="building__street", queryset=_streets, label=_("Street"))

    class Meta:
        model = BuildingPlan
        fields = ["year", "street", "building"]
