"""One FilterSet per model: the HTML list, the API list and the Excel export filter the same way."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import RoleChoices, UnitKind
from .models import Unit, User

__all__ = ["UnitFilterSet", "UserFilterSet"]


class UnitFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("Kind"))
    parent = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("Parent unit"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Unit
        fields = ["kind", "parent", "is_active"]


class UserFilterSet(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("Unit"))
    role = django_filters.ChoiceFilter(choices=RoleChoices.choices, field_name="groups__name", label=_("Role"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["unit", "role", "is_active"]
