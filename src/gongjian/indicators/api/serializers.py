"""Serializers of the indicators API: they validate and shape data; ``indicators.services`` writes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongjian.campaigns.models import Area, Campaign
from gongjian.core.api import ScopedPrimaryKeyRelatedField, ServiceSerializer, StrictModelSerializer, StrictSerializer
from gongjian.org.models import Unit, leaders_queryset

from ..choices import UNITS, ActualStatus, Frequency
from ..models import Actual, ActualRevision, Benchmark, Indicator, PlannedValue
from ..services import INDICATOR_FIELDS

__all__ = [
    "ActualReturnSerializer",
    "ActualSerializer",
    "BenchmarkSerializer",
    "IndicatorSerializer",
    "PlanSerializer",
    "PlannedValueSerializer",
]


def _inline_enum(choices):
    """A choice field described inline: the same value sets as the campaigns' (cycle, report status) under other
    field names would otherwise give the schema two names for one enum."""

    values = " | ".join(v for v, _label in choices)

    @extend_schema_field({"type": "string", "description": f"One of: {values}.", "example": choices[0][0]})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField


FrequencyField = _inline_enum(Frequency.choices)
StatusField = _inline_enum(ActualStatus.choices)


class IndicatorSerializer(ServiceSerializer):
    """An indicator with today's colour, achievement and year-end forecast (computed, never written)."""

    campaign = ScopedPrimaryKeyRelatedField(Campaign, help_text=_("Fixed once the indicator is created."))
    area = ScopedPrimaryKeyRelatedField(Area, required=False, allow_null=True)
    unit = serializers.ChoiceField(choices=[(u, u) for u in UNITS])
    leader = serializers.PrimaryKeyRelatedField(queryset=leaders_queryset(), required=False, allow_null=True)
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    source_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    frequency = FrequencyField(choices=Frequency.choices, required=False)
    colour = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()
    achievement_percent = serializers.SerializerMethodField()
    forecast = serializers.SerializerMethodField()

    immutable_fields = ("campaign",)

    class Meta:
        model = Indicator
        fields = [
            "id",
            *INDICATOR_FIELDS,
            "colour",
            "reason",
            "achievement_percent",
            "forecast",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["year"]

    @staticmethod
    def _status(obj):
        return getattr(obj, "status", None)

    def get_colour(self, obj) -> str | None:
        s = self._status(obj)
        return s.colour if s else None

    def get_reason(self, obj) -> str | None:
        s = self._status(obj)
        return s.verdict.reason if s and s.verdict else None

    def get_achievement_percent(self, obj) -> float | None:
        s = self._status(obj)
        return s.achievement if s else None

    def get_forecast(self, obj) -> dict | None:
        s = self._status(obj)
        return s.forecast.as_dict() if s and s.forecast else None


class PlannedValueSerializer(StrictModelSerializer):
    class Meta:
        model = PlannedValue
        fields = ["id", "indicator", "period_start", "value", "value_high"]
        read_only_fields = fields


class _PlanPoint(StrictSerializer):
    period_start = serializers.DateField()
    value = serializers.DecimalField(max_digits=18, decimal_places=4)
    value_high = serializers.DecimalField(max_digits=18, decimal_places=4, required=False, allow_null=True)


class PlanSerializer(StrictSerializer):
    values = _PlanPoint(many=True, help_text=_("Every period of the year, or none for the linear plan."))


class ActualRevisionSerializer(StrictModelSerializer):
    status = StatusField(choices=ActualStatus.choices, read_only=True)

    class Meta:
        model = ActualRevision
        fields = [
            "revision",
            "value",
            "status",
            "is_computed",
            "submitted_at",
            "reviewed_at",
            "return_reason",
            "replaced_at",
        ]


class ActualSerializer(ServiceSerializer):
    """``POST`` enters the actual of an ended period (for cumulative kinds the period's own amount, or with
    ``year_to_date`` the total since January); posting again corrects it. The earlier values are in ``revisions``."""

    indicator = ScopedPrimaryKeyRelatedField(Indicator)
    value = serializers.DecimalField(max_digits=18, decimal_places=4)
    unit = serializers.ChoiceField(choices=[(u, u) for u in UNITS], required=False, write_only=True)
    year_to_date = serializers.BooleanField(required=False, default=False, write_only=True)
    revisions = ActualRevisionSerializer(many=True, read_only=True)
    status = StatusField(choices=ActualStatus.choices, read_only=True)

    class Meta:
        model = Actual
        fields = [
            "id",
            "indicator",
            "period_start",
            "value",
            "unit",
            "year_to_date",
            "accepted_value",
            "note",
            "status",
            "is_computed",
            "revision",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "return_reason",
            "revisions",
        ]
        read_only_fields = [
            "accepted_value",
            "status",
            "is_computed",
            "revision",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "return_reason",
        ]


class ActualReturnSerializer(StrictSerializer):
    reason = serializers.CharField()


class BenchmarkSerializer(ServiceSerializer):
    indicator = ScopedPrimaryKeyRelatedField(Indicator)
    value = serializers.DecimalField(max_digits=18, decimal_places=4)

    class Meta:
        model = Benchmark
        fields = ["id", "indicator", "period_start", "region", "value", "source"]
