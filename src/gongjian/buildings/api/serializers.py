"""Serializers of the buildings API. Tax figures (a tenancy's tax table, a building's tax, tax per m², tier) are
present only for holders of ``enterprises.view_confidential``; for others the fields are absent."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from gongjian.core.api import ScopedPrimaryKeyRelatedField, ServiceSerializer, StrictModelSerializer, StrictSerializer
from gongjian.enterprises.confidential import can_see_figures
from gongjian.org.models import Unit, User, leaders_queryset

from ..models import Building, BuildingPlan, PlanProgress, Replacement, Space, Tenancy, TenancyTax
from ..services import BUILDING_FIELDS, REPLACEMENT_FIELDS

__all__ = [
    "BuildingPlanSerializer",
    "BuildingSerializer",
    "PlanProgressWriteSerializer",
    "ReplacementSerializer",
    "SpaceSerializer",
    "TenancySerializer",
]


def _can_see_tax(serializer) -> bool:
    request = serializer.context.get("request")
    if "can_see_tax" not in serializer.context:
        serializer.context["can_see_tax"] = can_see_figures(getattr(request, "user", None))
    return serializer.context["can_see_tax"]


class BuildingSerializer(ServiceSerializer):
    street = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    floor_leader = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    metrics = serializers.SerializerMethodField()

    class Meta:
        model = Building
        fields = [
            "id",
            *BUILDING_FIELDS,
            "metrics",
            "created_at",
            "updated_at",
        ]

    def get_metrics(self, obj) -> dict | None:
        """The year's metrics (``?year=``, default this year); tax figures only with the confidential right."""
        m = self.context.get("metrics", {}).get(obj.pk)
        if m is None:
            return None
        data = {
            "year": m.year,
            "as_of": m.as_of.isoformat(),
            "occupancy": m.occupancy,
            "occupied_area": m.occupied_area,
            "vacant_area": m.vacant_area,
            "registration_rate": m.registration_rate,
            "tax_local_rate": m.tax_local_rate,
            "tenant_count": m.tenant_count,
            "new_tenants": m.new_tenants,
        }
        if _can_see_tax(self):
            data.update(
                {"tax_total": m.tax_total, "tax_unknown": m.tax_unknown, "tax_per_m2": m.tax_per_m2, "tier": m.tier}
            )
        return {k: (str(v) if v is not None and not isinstance(v, (int, str)) else v) for k, v in data.items()}


class SpaceSerializer(ServiceSerializer):
    building = ScopedPrimaryKeyRelatedField(Building)
    immutable_fields = ("building",)

    class Meta:
        model = Space
        fields = ["id", "building", "floor", "room", "area", "use", "notes", "created_at", "updated_at"]


class TenancyTaxSerializer(StrictModelSerializer):
    """One year of a tenancy's district tax (万元); written with the tenancy, only with the confidential right."""

    class Meta:
        model = TenancyTax
        fields = ["year", "tax_district"]
        extra_kwargs = {"tax_district": {"allow_null": True, "required": True}}
        validators: list = []  # the (tenancy, year) pair is checked by the tenancy serializer


class TenancySerializer(ServiceSerializer):
    building = ScopedPrimaryKeyRelatedField(Building)
    taxes = TenancyTaxSerializer(many=True, required=False, write_only=True)
    space = ScopedPrimaryKeyRelatedField(Space, required=False, allow_null=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Tenancy
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "building",
            "space",
            "leased_area",
            "move_in",
            "move_out",
            "registered_local",
            "tax_local",
            "leaving_intention",
            "leaving_reason",
            "notes",
            "taxes",
            "created_at",
            "updated_at",
        ]

    def validate_taxes(self, value):
        """The tax table as year → 万元 (None clears a year); refused without the confidential right, and a year
        given twice is refused rather than one of them silently kept."""
        if not _can_see_tax(self):
            raise PermissionDenied(_("Tax figures may only be written with the right to see them."))
        years = [row["year"] for row in value]
        if len(set(years)) != len(years):
            raise serializers.ValidationError(_("A year is given more than once."))
        return {row["year"]: row["tax_district"] for row in value}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from gongjian.enterprises.models import Enterprise

        self.fields["enterprise"] = ScopedPrimaryKeyRelatedField(Enterprise)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if _can_see_tax(self):
            data["taxes"] = [{"year": t.year, "tax_district": str(t.tax_district)} for t in instance.taxes.all()]
        return data


class PlanProgressSerializer(StrictModelSerializer):
    class Meta:
        model = PlanProgress
        fields = ["quarter", "percent", "occupancy", "new_enterprises", "narrative"]


class PlanProgressWriteSerializer(StrictSerializer):
    """A quarter's progress on a plan: a second report of the same quarter replaces it."""

    quarter = serializers.IntegerField(min_value=1, max_value=4)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    occupancy = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)
    new_enterprises = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    narrative = serializers.CharField(required=False, allow_blank=True)


class BuildingPlanSerializer(ServiceSerializer):
    building = ScopedPrimaryKeyRelatedField(Building)
    leader = serializers.PrimaryKeyRelatedField(queryset=leaders_queryset(), required=False, allow_null=True)
    floor_leader = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    progress = PlanProgressSerializer(many=True, read_only=True)
    immutable_fields = ("building", "year")

    class Meta:
        model = BuildingPlan
        fields = [
            "id",
            "building",
            "year",
            "target_occupancy",
            "target_registration",
            "target_tax",
            "target_new_enterprises",
            "measures",
            "leader",
            "floor_leader",
            "progress",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not _can_see_tax(self):
            data.pop("target_tax", None)
        return data


class ReplacementSerializer(ServiceSerializer):
    """腾楼换企: the vacated tenancy and the one that replaced it (or none yet); tax per m² before and after only with
    the confidential right (left out, they default to the tenancies' recorded tax)."""

    building = ScopedPrimaryKeyRelatedField(Building)
    vacated = ScopedPrimaryKeyRelatedField(Tenancy)
    replacement = ScopedPrimaryKeyRelatedField(Tenancy, allow_null=True, required=False)

    class Meta:
        model = Replacement
        fields = ["id", *REPLACEMENT_FIELDS, "created_at"]
        read_only_fields = ["id", "created_at"]

    def get_fields(self):
        fields = super().get_fields()
        if not _can_see_tax(self):
            fields.pop("tax_per_m2_before", None)
            fields.pop("tax_per_m2_after", None)
        return fields
