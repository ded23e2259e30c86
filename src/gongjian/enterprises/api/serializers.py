"""Serializers of the registry API. Personal data is masked and figures are absent for users without the
permissions (the keys are left out, not nulled, so a client cannot tell a hidden figure from a missing one)."""

from __future__ import annotations

from rest_framework import serializers

from gongjian.core.api import ScopedPrimaryKeyRelatedField, ServiceSerializer, StrictModelSerializer
from gongjian.org.models import Unit

from ..confidential import PERSONAL_FIELDS, can_see_figures, can_see_personal, personal_value
from ..models import FIGURE_FIELDS, Enterprise, EnterpriseFigure, EnterpriseYearStatus, ScaleCategory

__all__ = ["EnterpriseFigureSerializer", "EnterpriseSerializer", "ScaleCategorySerializer"]


class FigureValuesSerializer(StrictModelSerializer):
    class Meta:
        model = EnterpriseFigure
        fields = ["year", "month", *FIGURE_FIELDS]


class YearStatusSerializer(StrictModelSerializer):
    class Meta:
        model = EnterpriseYearStatus
        fields = ["year", "category", "is_above_scale", "entered_on"]


class EnterpriseSerializer(ServiceSerializer):
    street = ScopedPrimaryKeyRelatedField(Unit, allow_null=True, required=False)
    street_name = serializers.CharField(source="street", read_only=True, default=None)
    industry_name = serializers.CharField(source="industry.name", read_only=True, default=None)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    year_statuses = YearStatusSerializer(many=True, read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "credit_code",
            "name",
            "former_names",
            "industry_code",
            "industry_name",
            "street",
            "street_name",
            "park",
            "address",
            "registered_on",
            "production_started_on",
            "status",
            "status_label",
            "legal_representative",
            "contact_name",
            "contact_phone",
            "power_account",
            "water_account",
            "gas_account",
            "year_statuses",
            "url",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {"credit_code": {"validators": []}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if not self.context.setdefault("personal_ok", can_see_personal(user)):
            for field in PERSONAL_FIELDS:
                data[field] = personal_value(user, instance, field, allowed=False)
        if self.context.setdefault("figures_ok", can_see_figures(user)):
            annual = getattr(instance, "annual_figures", None)
            if annual is None:
                annual = list(instance.figures.filter(month__isnull=True).order_by("-year"))
            data["annual_figures"] = FigureValuesSerializer(annual, many=True).data
        return data


class EnterpriseFigureSerializer(ServiceSerializer):
    """A year's (``month`` null) or a month's figures. Written through ``set_figures``: only the figures given
    change, a figure given as null is cleared; the enterprise and the period cannot be changed afterwards."""

    enterprise = ScopedPrimaryKeyRelatedField(Enterprise)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    immutable_fields = ("enterprise", "year", "month")

    class Meta:
        model = EnterpriseFigure
        fields = ["id", "enterprise", "enterprise_name", "year", "month", *FIGURE_FIELDS]
        extra_kwargs = {"month": {"required": False}}


class ScaleCategorySerializer(StrictModelSerializer):
    class Meta:
        model = ScaleCategory
        fields = ["id", "code", "name", "industries", "basis", "threshold", "sort_order", "is_active"]
        read_only_fields = fields
