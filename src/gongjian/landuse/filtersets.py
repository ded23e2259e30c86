"""One FilterSet per model: the HTML list, the API list and the Excel export filter the same way."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy

from gongjian.core.filters import IntegerFilter

from .choices import EfficiencyClass, Group, LowEfficiencyKind, ResultStatus
from .models import Disposal, EvaluationResult, LandPlot

__all__ = ["DisposalFilterSet", "PlotFilterSet", "ResultFilterSet"]


class ResultFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Search"))
    unit_name = django_filters.CharFilter(label=gettext_lazy("Evaluation unit"))
    group = django_filters.ChoiceFilter(choices=Group.choices, label=gettext_lazy("Group"))
    klass = django_filters.ChoiceFilter(choices=EfficiencyClass.choices, label=gettext_lazy("Class"))
    status = django_filters.ChoiceFilter(choices=ResultStatus.choices, label=gettext_lazy("Status"))

    evaluation = IntegerFilter(field_name="run__evaluation", label=gettext_lazy("Evaluation year"))

    class Meta:
        model = EvaluationResult
        fields = ["unit_name", "group", "klass", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)

    def search(self, qs, name, value):
        return qs.filter(enterprise__name__icontains=value) | qs.filter(enterprise__credit_code__iexact=value)


class PlotFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Search"))
    low_efficiency_kind = django_filters.ChoiceFilter(
        choices=LowEfficiencyKind.choices, label=gettext_lazy("Low-efficiency kind")
    )

    class Meta:
        model = LandPlot
        fields = ["low_efficiency_kind"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)

    def search(self, qs, name, value):
        return qs.filter(code__icontains=value) | qs.filter(owner__name__icontains=value)


class DisposalFilterSet(django_filters.FilterSet):
    class Meta:
        model = Disposal
        fields = ["plot", "method", "status"]
