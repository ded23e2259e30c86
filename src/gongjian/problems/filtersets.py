"""One FilterSet for the problem list, the API list and the Excel export."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongjian.campaigns.models import Item
from gongjian.core.filters import IntegerFilter
from gongjian.org.models import Unit, leaders_queryset

from .choices import ProblemSource, ProblemState
from .models import Problem, ProblemCategory

__all__ = ["OPEN", "ProblemFilterSet"]

OPEN = "open"
_YES_NO = forms.Select(choices=[("", "---------"), ("true", _("Yes")), ("false", _("No"))])


def _items(request):
    user = getattr(request, "user", None)
    return Item.objects.restrict(user, "view") if user else Item.objects.none()


class ProblemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    state = django_filters.ChoiceFilter(
        choices=[(OPEN, _("Open (not closed out)")), *ProblemState.choices], method="by_state", label=_("State")
    )
    category = django_filters.ModelChoiceFilter(queryset=ProblemCategory.objects.all(), label=_("Category"))
    source = django_filters.ChoiceFilter(choices=ProblemSource.choices, label=_("Source"))
    unit = django_filters.ModelChoiceFilter(
        field_name="handling_unit", queryset=Unit.objects.filter(is_active=True), label=_("Handling unit")
    )
    leader = django_filters.ModelChoiceFilter(queryset=leaders_queryset(), label=_("Responsible leader"))
    overdue = django_filters.BooleanFilter(method="by_overdue", label=_("Overdue"), widget=_YES_NO)
    # By id (links from the enterprise page, the API): a select of every enterprise would not scale; the search
    # box finds enterprises by name.
    enterprise = IntegerFilter(field_name="enterprise", label=_("Enterprise"), widget=forms.HiddenInput)
    item = django_filters.ModelChoiceFilter(queryset=_items, label=_("Campaign item"))
    returned = django_filters.BooleanFilter(method="by_returned", label=_("Returned at least once"), widget=_YES_NO)

    class Meta:
        model = Problem
        fields = ["q", "state", "category", "source", "unit", "leader", "overdue", "enterprise", "item", "returned"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(number__icontains=value) | Q(description__icontains=value))

    def by_state(self, queryset, name, value):
        if value == OPEN:
            return queryset.exclude(state=ProblemState.CLOSED)
        return queryset.filter(state=value) if value else queryset

    def by_overdue(self, queryset, name, value):
        today = timezone.localdate()
        if value is True:
            return queryset.overdue(today)
        if value is False:
            return queryset.exclude(pk__in=Problem.objects.overdue(today).values("pk"))
        return queryset

    def by_returned(self, queryset, name, value):
        if value is True:
            return queryset.filter(return_count__gt=0)
        if value is False:
            return queryset.filter(return_count=0)
        return queryset
