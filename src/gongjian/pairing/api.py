"""REST endpoints of pairing: pairings (the 督查 office writes them) and visits (recorded by the visitor)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from gongjian.core import uploads
from gongjian.core.api import (
    RestrictedViewSetMixin,
    ScopedPrimaryKeyRelatedField,
    ServiceCreateMixin,
    ServiceDestroyMixin,
    ServiceSerializer,
    ServiceWriteMixin,
    StrictSerializer,
)
from gongjian.enterprises.models import Enterprise
from gongjian.org.models import User

from . import queries, services
from .choices import GapKind
from .filtersets import PairingFilterSet, VisitFilterSet
from .models import Pairing, Visit

__all__ = [
    "PairingGapSerializer",
    "PairingGapViewSet",
    "PairingSerializer",
    "PairingViewSet",
    "VisitSerializer",
    "VisitViewSet",
    "register",
]

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


class PairingGapSerializer(StrictSerializer):
    """A 包保 gap: an enterprise with no paired cadre, or a pairing in force whose person has not visited in time."""

    kind = serializers.ChoiceField(choices=GapKind.choices)
    kind_name = serializers.CharField(source="kind_label")
    enterprise = serializers.IntegerField(source="enterprise.pk")
    enterprise_name = serializers.CharField(source="enterprise.name")
    credit_code = serializers.CharField(source="enterprise.credit_code")
    enterprise_url = serializers.CharField(source="enterprise.get_absolute_url")
    unit = serializers.SerializerMethodField(help_text="The responsible unit: the street, or the person's unit.")
    person = serializers.SerializerMethodField()
    person_name = serializers.SerializerMethodField()
    last_visit = serializers.DateField(allow_null=True)
    days_since = serializers.IntegerField(allow_null=True)

    def get_unit(self, gap) -> str:
        return str(gap.unit) if gap.unit is not None else ""

    def get_person(self, gap) -> int | None:
        return gap.person.pk if gap.person is not None else None

    def get_person_name(self, gap) -> str:
        return str(gap.person) if gap.person is not None else ""


class PairingGapViewSet(viewsets.GenericViewSet):
    """包保 gaps within the user's scope: the enterprises no one is paired with today, then the pairings in force
    whose person has not visited for ``days`` days (the setting GONGJIAN_VISIT_DAYS, 30 by default)."""

    queryset = Pairing.objects.none()  # the schema's model; the rows come from pairing.queries.gaps
    serializer_class = PairingGapSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=list(GapKind.values)),
            OpenApiParameter("unit", int, description="Responsible unit (and the units below it), by id."),
            OpenApiParameter("q", str, description="Enterprise name or credit code."),
            OpenApiParameter("days", int, description="Not visited for this many days (1–366)."),
        ]
    )
    def list(self, request):
        if not request.user.has_perm("pairing.view_pairing"):
            raise PermissionDenied
        form = queries.GapFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({field: [str(m) for m in messages] for field, messages in form.errors.items()})
        rows = queries.gaps(request.user, timezone.localdate(), **form.values())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def register(router) -> None:
    router.register("pairings", PairingViewSet, basename="pairing")
    router.register("pairing-gaps", PairingGapViewSet, basename="pairinggap")
    router.register("visits", VisitViewSet, basename="visit")
