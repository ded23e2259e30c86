"""``GET /api/alerts/``: red and why (预警清单) as JSON, paginated and filtered like the page."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError

from gongjian.core.api import StrictSerializer
from gongjian.supervision.models import ColourRecord

from . import alerts
from .views import decorate_for

__all__ = ["AlertListAPIView"]


class AlertSerializer(StrictSerializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(source="source")
    kind_name = serializers.CharField(source="kind_text")
    object = serializers.CharField(source="object_text")
    object_url = serializers.CharField()
    parent_item = serializers.CharField(source="parent_text")
    area = serializers.CharField(source="area_text")
    lead_unit = serializers.SerializerMethodField()
    leader = serializers.SerializerMethodField()
    colour = serializers.CharField()
    reason = serializers.CharField(source="reason_words")
    since = serializers.DateField(source="judged_on")
    latest_report = serializers.SerializerMethodField()
    supervision = serializers.SerializerMethodField()

    def get_lead_unit(self, row) -> str:
        return str(row.unit) if row.unit_id else ""

    def get_leader(self, row) -> str:
        return str(row.leader) if row.leader_id else ""

    def get_latest_report(self, row) -> str | None:
        return timezone.localtime(row.latest_report).isoformat() if row.latest_report else None

    def get_supervision(self, row) -> dict | None:
        sup = row.supervision
        if sup is None:
            return None
        return {"id": sup.pk, "status": sup.status, "status_name": row.supervision_text, "url": sup.get_absolute_url()}


class AlertListAPIView(generics.ListAPIView):
    serializer_class = AlertSerializer
    filterset_class = alerts.AlertFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no user, only the model
            return ColourRecord.objects.none()
        if not self.request.user.has_perm("supervision.view_colourrecord"):
            raise PermissionDenied
        return alerts.alerts(self.request.user).order_by("colour", "judged_on", "pk")

    def filter_queryset(self, queryset):
        """The colours through the FilterSet, then the overdue 督办 (filtered alike) put before them."""
        filterset = self.filterset_class(self.request.query_params or None, queryset=queryset, request=self.request)
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        colours = filterset.qs if filterset.is_bound else queryset
        return alerts.filtered_rows(self.request.user, filterset, colours)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            decorate_for(self.request.user, page)
        return page
