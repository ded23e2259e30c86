"""REST endpoints of pairing: pairings (the 督查 office writes them) and visits (recorded by the visitor)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, viewsets

from gongjian.core import uploads
from gongjian.core.api import (
    RestrictedViewSetMixin,
    ScopedPrimaryKeyRelatedField,
    ServiceCreateMixin,
    ServiceDestroyMixin,
    ServiceSerializer,
    ServiceWriteMixin,
)
from gongjian.enterprises.models import Enterprise
from gongjian.org.models import User

from . import services
from .filtersets import PairingFilterSet, VisitFilterSet
from .models import Pairing, Visit

__all__ = ["PairingSerializer", "PairingViewSet", "VisitSerializer", "VisitViewSet", "register"]

_READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class PairingSerializer(ServiceSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(Enterprise)
    person = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    person_name = serializers.StringRelatedField(source="person")

    class Meta:
        model = Pairing
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "person",
            "person_name",
            "role",
            "start_date",
            "end_date",
            "note",
            "created_at",
            "updated_at",
        ]


class PairingViewSet(ServiceWriteMixin, RestrictedViewSetMixin, *_READ):
    """Who is paired with which enterprise (包保), over which period."""

    queryset = Pairing.objects.all()
    serializer_class = PairingSerializer
    filterset_class = PairingFilterSet
    select_related = ("enterprise", "person")

    def service_create(self, data):
        return services.create_pairing(self.actor, **data)

    def service_update(self, obj, data):
        return services.update_pairing(self.actor, obj, **data)

    def service_destroy(self, obj):
        services.delete_pairing(self.actor, obj)


class VisitSerializer(ServiceSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(Enterprise)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    visitor_name = serializers.StringRelatedField(source="visitor")
    attachments = serializers.SerializerMethodField()
    problems = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    files = serializers.ListField(child=serializers.FileField(), write_only=True, required=False)

    class Meta:
        model = Visit
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "visitor",
            "visitor_name",
            "date",
            "companions",
            "met_with",
            "discussed",
            "attachments",
            "problems",
            "files",
            "created_at",
        ]
        read_only_fields = ["visitor"]

    def get_attachments(self, obj) -> list[str]:
        return [a.name for a in obj.attachments.all()]

    def validate_files(self, files):
        for f in files:
            try:
                uploads.validate_upload(f)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages) from None
        return files


class VisitViewSet(ServiceCreateMixin, ServiceDestroyMixin, RestrictedViewSetMixin, *_READ):
    """Visits to enterprises (走访). ``POST`` records a visit of the requesting user."""

    queryset = Visit.objects.all()
    serializer_class = VisitSerializer
    filterset_class = VisitFilterSet
    select_related = ("enterprise", "visitor")
    prefetch_related = ("attachments", "problems")

    def service_create(self, data):
        files = data.pop("files", [])
        return services.record_visit(self.actor, attachments=files, **data)

    def service_destroy(self, obj):
        services.delete_visit(self.actor, obj)


def register(router) -> None:
    router.register("pairings", PairingViewSet, basename="pairing")
    router.register("visits", VisitViewSet, basename="visit")
