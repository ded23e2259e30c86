"""REST endpoints of supervision (read-only): 督办 and the current colours, through restrict()."""

from __future__ import annotations

from rest_framework import serializers

from gongjian.core.api import ReadOnlyRestrictedViewSet, StrictModelSerializer

from .filtersets import ColourFilterSet, SupervisionFilterSet
from .models import ColourRecord, Supervision

__all__ = ["ColourViewSet", "SupervisionViewSet", "register"]


class SupervisionSerializer(StrictModelSerializer):
    object_type = serializers.SerializerMethodField()
    unit_name = serializers.StringRelatedField(source="unit")

    class Meta:
        model = Supervision
        fields = [
            "id",
            "kind",
            "origin",
            "status",
            "object_type",
            "object_id",
            "object_repr",
            "colour",
            "requirement",
            "unit",
            "unit_name",
            "leader",
            "campaign",
            "issued_by",
            "issued_on",
            "reply_by",
            "closed_on",
            "closing_note",
        ]

    def get_object_type(self, obj) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"


class ColourSerializer(StrictModelSerializer):
    object_type = serializers.SerializerMethodField()

    class Meta:
        model = ColourRecord
        fields = [
            "id",
            "object_type",
            "object_id",
            "object_repr",
            "source",
            "period",
            "colour",
            "reason",
            "numbers",
            "judged_on",
            "unit",
            "leader",
            "campaign",
        ]

    def get_object_type(self, obj) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"


class SupervisionViewSet(ReadOnlyRestrictedViewSet):
    """督办 addressed to the user's unit (or all, for whole-campaign roles)."""

    queryset = Supervision.objects.all()
    serializer_class = SupervisionSerializer
    filterset_class = SupervisionFilterSet
    select_related = ("content_type", "unit")


class ColourViewSet(ReadOnlyRestrictedViewSet):
    """The current colour of every object in the user's scope (the latest stored record)."""

    queryset = ColourRecord.objects.all()
    serializer_class = ColourSerializer
    filterset_class = ColourFilterSet
    select_related = ("content_type",)

    def get_queryset(self):
        return super().get_queryset().filter(current=True)


def register(router) -> None:
    router.register("supervisions", SupervisionViewSet, basename="supervision")
    router.register("colours", ColourViewSet, basename="colour")
