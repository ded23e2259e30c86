"""One FilterSet per model: the HTML list, the API list and the Excel export filter the same way."""

from __future__ import annotations

import functools
import operator

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from gongjian.core.filters import IntegerFilter
from gongjian.org.choices import UnitKind
from gongjian.org.models import Unit

from .choices import CultivationStatus, EnterpriseStatus
from .industry_data import SECTIONS
from .models import CultivationRecord, Enterprise, EnterpriseFigure, ScaleCategory, TierBand

__all__ = ["CultivationFilterSet", "EnterpriseFigureFilterSet", "EnterpriseFilterSet", "ScaleCategoryFilterSet"]

_YES_NO = [("", "---------"), ("true", _("Yes")), ("false", _("No"))]


def _sections():
    return [(letter, f"{letter} {name}") for letter, name, _d in SECTIONS]


def _bands():
    return [(b.code, b.name) for b in TierBand.objects.filter(is_active=True).order_by("floor")]


def section_q(letter: str, field: str = "industry_code") -> Q:
    divisions = next((d for s, _n, d in SECTIONS if s == letter), [])
    if not divisions:
        return Q(pk__in=[])
    return functools.reduce(operator.or_, (Q(**{f"{field}__startswith": code}) for code, _n in divisions))


class EnterpriseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    street = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.filter(kind=UnitKind.STREET, is_active=True), label=_("Street / town")
    )
    park = django_filters.CharFilter(field_name="park", lookup_expr="icontains", label=_("Park"))
    section = django_filters.ChoiceFilter(choices=_sections, method="by_section", label=_("Industry section"))
    division = django_filters.CharFilter(method="by_division", label=_("Industry code"))
    status = django_filters.ChoiceFilter(choices=EnterpriseStatus.choices, label=_("Status"))
    above_scale = django_filters.BooleanFilter(
        method="by_above_scale", label=_("规上"), widget=forms.Select(choices=_YES_NO)
    )
    tier = django_filters.ChoiceFilter(choices=_bands, method="by_tier", label=_("Tier"))

    class Meta:
        model = Enterprise
        fields = ["q", "street", "park", "section", "division", "status", "above_scale", "tier"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(former_names__icontains=value) | Q(credit_code__icontains=value.upper())
        )

    @extend_schema_field(OpenApiTypes.STR)
    def by_section(self, queryset, name, value):
        return queryset.filter(section_q(value)) if value else queryset

    def by_division(self, queryset, name, value):
        value = "".join(value.split())
        return queryset.filter(industry_code__startswith=value) if value else queryset

    def by_above_scale(self, queryset, name, value):
        if value is None:
            return queryset
        from . import queries

        year = queries.status_year(timezone.localdate())
        above = Q(year_statuses__year=year, year_statuses__is_above_scale=True)
        ids = Enterprise.objects.filter(above).values("pk")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)

    @extend_schema_field(OpenApiTypes.STR)
    def by_tier(self, queryset, name, value):
        """Enterprises whose current tier (rolling 12 months, else the last year's figure) is ``value``."""
        if not value:
            return queryset
        from . import queries

        today = timezone.localdate()
        end = queries.latest_month(today)
        rows = queries.tier_rows(
            queryset.select_related(None).only("pk", "industry_code"), year=today.year - 1, end=end
        )
        ids = [r.enterprise.pk for r in rows if (tier := current_tier(r)) is not None and tier.code == value]
        return queryset.filter(pk__in=ids)


def current_tier(row):
    """The tier shown as "current": on the rolling 12 months when there are monthly figures, else annual."""
    if row.rolling is not None and row.rolling.total is not None:
        return row.rolling_tier
    return row.annual_tier


class EnterpriseFigureFilterSet(django_filters.FilterSet):
    enterprise = IntegerFilter(field_name="enterprise_id", label=_("Enterprise"))
    year = IntegerFilter(label=_("Year"))
    month = IntegerFilter(label=_("Month"))
    annual = django_filters.BooleanFilter(field_name="month", lookup_expr="isnull", label=_("Whole-year figures"))

    class Meta:
        model = EnterpriseFigure
        fields = ["enterprise", "year", "month", "annual"]


class ScaleCategoryFilterSet(django_filters.FilterSet):
    class Meta:
        model = ScaleCategory
        fields = ["is_active"]


class CultivationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("Search"))
    street = django_filters.ModelChoiceFilter(
        field_name="enterprise__street",
        queryset=Unit.objects.filter(kind=UnitKind.STREET, is_active=True),
        label=_("Street / town"),
    )
    status = django_filters.ChoiceFilter(choices=CultivationStatus.choices, label=_("Status"))

    class Meta:
        model = CultivationRecord
        fields = ["q", "street", "status"]
