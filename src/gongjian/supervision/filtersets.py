"""One FilterSet per model: the HTML list and its Excel export filter the same way."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from gongjian.campaigns.models import Area, Campaign, Item
from gongjian.org.models import Unit

from .choices import Channel, Colour, DeliveryStatus, SupervisionKind, SupervisionOrigin, SupervisionStatus
from .models import ColourRecord, Delivery, Supervision, WebhookSubscription
from .queries import latest_as_of

__all__ = ["ColourFilterSet", "DeliveryFilterSet", "SupervisionFilterSet"]


@extend_schema_field(OpenApiTypes.INT)
class _AreaFilter(django_filters.ModelChoiceFilter):
    """An area by its id (the colours of its items): not a field of the colour record, so typed for the schema."""


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
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all(), label=_("Campaign"))
    area = _AreaFilter(queryset=Area.objects.all(), method="by_area", label=_("Area"))
    as_of = django_filters.DateFilter(method="by_day", label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = ColourRecord
        fields = ["q", "colour", "source", "unit", "campaign", "area", "as_of"]

    def by_area(self, qs, name, area):
        """The colours of the area's items."""
        if area is None:
            return qs
        items = Item.objects.filter(area=area).values("pk")
        return qs.filter(content_type=ContentType.objects.get_for_model(Item), object_id__in=items)

    def by_day(self, qs, name, day):
        """The colour each object had at the end of that day (the list shows today's colours without it)."""
        if day is None:
            return qs
        return qs.filter(id__in=latest_as_of(day))


class DeliveryFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices, label=_("Status"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))
    subscription = django_filters.ModelChoiceFilter(
        queryset=WebhookSubscription.objects.all(), label=_("Webhook subscription")
    )

    class Meta:
        model = Delivery
        fields = ["status", "channel", "subscription"]
