"""One FilterSet per model: the HTML list, the API list and the Excel export filter the same way."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongjian.core.filters import IntegerFilter
from gongjian.org.models import Unit, User

from .choices import PairingRole
from .models import Pairing, Visit, active_on

__all__ = ["PairingFilterSet", "VisitFilterSet"]

_DATE = forms.DateInput(attrs={"type": "date"})


def _people(request):
    return User.objects.filter(groups__name__in=["leader", "cadre"]).distinct().order_by("username")


class PairingFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    enterprise = IntegerFilter(field_name="enterprise", label=_("Enterprise"), widget=forms.HiddenInput)
    person = django_filters.ModelChoiceFilter(queryset=_people, label=_("Person"))
    role = django_filters.ChoiceFilter(choices=PairingRole.choices, label=_("Pairing role"))
    unit = django_filters.ModelChoiceFilter(
        field_name="person__unit", queryset=Unit.objects.filter(is_active=True), label=_("Unit")
    )
    active = django_filters.BooleanFilter(
        method="by_active",
        label=_("In force today"),
        widget=forms.Select(choices=[("", "---------"), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = Pairing
        fields = ["q", "enterprise", "person", "role", "unit", "active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(enterprise__credit_code__icontains=value))

    def by_active(self, queryset, name, value):
        today = timezone.localdate()
        if value is True:
            return queryset.filter(active_on(today))
        if value is False:
            return queryset.exclude(active_on(today))
        return queryset


class VisitFilterSet(django_filters.FilterSet):
    # By id (links from the enterprise page, the API); a select of every enterprise would not scale.
    enterprise = IntegerFilter(field_name="enterprise", label=_("Enterprise"), widget=forms.HiddenInput)
    q = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("Search"))
    visitor = django_filters.ModelChoiceFilter(queryset=_people, label=_("Visited by"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"), widget=_DATE)
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"), widget=_DATE)

    class Meta:
        model = Visit
        fields = ["q", "enterprise", "visitor", "date_from", "date_to"]
