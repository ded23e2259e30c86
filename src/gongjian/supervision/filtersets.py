"""One FilterSet per model: the HTML list and its Excel export filter the same way."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongjian.org.models import Unit

from .choices import Channel, Colour, DeliveryStatus, SupervisionKind, SupervisionOrigin, SupervisionStatus
from .models import ColourRecord, Delivery, Supervision

__all__ = ["ColourFilterSet", "DeliveryFilterSet", "SupervisionFilterSet"]


class SupervisionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="object_repr", lookup_expr="icontains", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=SupervisionStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=SupervisionKind.choices, label=_("Kind"))
    origin = django_filters.ChoiceFilter(choices=SupervisionOrigin.choices, label=_("Origin"))
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("Addressed to"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Reply overdue"))

    class Meta:
        model = Supervision
        fields = ["q", "status", "kind", "origin", "unit", "overdue"]

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        late = {"status": SupervisionStatus.OPEN, "reply_by__lt": timezone.localdate()}
        return qs.filter(**late) if value else qs.exclude(**late)


class ColourFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="object_repr", lookup_expr="icontains", label=_("Search"))
    colour = django_filters.ChoiceFilter(choices=Colour.choices, label=_("Colour"))
    source = django_filters.CharFilter(label=_("Source"))
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("Lead unit"))

    class Meta:
        model = ColourRecord
        fields = ["q", "colour", "source", "unit"]


class DeliveryFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices, label=_("Status"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))

    class Meta:
        model = Delivery
        fields = ["status", "channel"]
