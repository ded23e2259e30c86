"""REST endpoints of supervision: 督办 and the current colours (read-only), the webhook subscriptions of other
systems (the system administrator writes them) and the deliveries log, through restrict()."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gongjian.core.api import (
    ReadOnlyRestrictedViewSet,
    RestrictedViewSetMixin,
    ServiceSerializer,
    ServiceUpdateMixin,
    StrictModelSerializer,
)

from . import services
from .api_supervisions import SupervisionWriteMixin
from .choices import OUTBOUND_EVENTS
from .filtersets import ColourFilterSet, DeliveryFilterSet, SupervisionFilterSet
from .models import ColourRecord, Delivery, Supervision, WebhookSubscription

__all__ = ["ColourViewSet", "DeliveryViewSet", "SubscriptionViewSet", "SupervisionViewSet", "register"]


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


class SupervisionViewSet(SupervisionWriteMixin, ReadOnlyRestrictedViewSet):
    """督办 addressed to the user's unit (or all, for whole-campaign roles); issued, replied to and closed as on the
    pages (see :class:`SupervisionWriteMixin`)."""

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


class SubscriptionSerializer(ServiceSerializer):
    """A webhook subscription; the secret is never read back (it is in the answer to a create or a rotate)."""

    events = serializers.ListField(
        child=serializers.ChoiceField(choices=[(e.value, e.label) for e in OUTBOUND_EVENTS]), allow_empty=False
    )
    owner_name = serializers.SerializerMethodField()

    class Meta:
        model = WebhookSubscription
        fields = ["id", "name", "url", "events", "is_active", "owner", "owner_name", "created_at", "updated_at"]
        read_only_fields = ["owner"]

    def get_owner_name(self, obj) -> str | None:
        return str(obj.owner) if obj.owner_id else None


_SECRET = inline_serializer("WebhookSecret", {"secret": serializers.CharField()})


class SubscriptionViewSet(
    ServiceUpdateMixin,
    RestrictedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Other systems' webhooks (system administrator). Switch one off with ``is_active: false``."""

    queryset = WebhookSubscription.objects.all()
    serializer_class = SubscriptionSerializer
    select_related = ("owner",)
    action_verbs = {"rotate_secret": "change"}

    @extend_schema(responses={201: SubscriptionSerializer})
    def create(self, request, *args, **kwargs):
        """A new subscription: the answer carries ``secret``, shown this once."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sub, secret = services.create_subscription(self.actor, **serializer.validated_data)
        return Response({**self.read_data(sub), "secret": secret}, status=status.HTTP_201_CREATED)

    def service_update(self, obj, data):
        return services.update_subscription(self.actor, obj, **data)

    @extend_schema(request=None, responses={200: _SECRET})
    @action(detail=True, methods=["post"], url_path="rotate-secret", url_name="rotate-secret")
    def rotate_secret(self, request, pk=None):
        """A new secret (the old one stops working at once), shown this once."""
        sub = self.get_object()
        return Response({"secret": services.rotate_secret(self.actor, sub)})


class DeliverySerializer(StrictModelSerializer):
    subscription_name = serializers.SerializerMethodField()
    webhook_name = serializers.SerializerMethodField()
    attempt_log = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = [
            "id",
            "channel",
            "event",
            "subscription",
            "subscription_name",
            "webhook",
            "webhook_name",
            "address",
            "subject",
            "status",
            "status_code",
            "attempts",
            "last_error",
            "sent_at",
            "next_attempt_at",
            "created_at",
            "attempt_log",
        ]

    def get_subscription_name(self, obj) -> str | None:
        return str(obj.subscription) if obj.subscription_id else None

    def get_webhook_name(self, obj) -> str | None:
        return str(obj.webhook) if obj.webhook_id else None

    def get_attempt_log(self, obj) -> list[dict]:
        return [
            {"at": a.at.isoformat(), "status_code": a.status_code, "ok": a.ok, "error": a.error}
            for a in obj.attempt_log.all()
        ]


class DeliveryViewSet(ReadOnlyRestrictedViewSet):
    """The log of messages sent outside the platform: e-mails, group-robot posts and webhooks, with attempts."""

    queryset = Delivery.objects.all()
    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilterSet
    select_related = ("subscription", "webhook__unit")
    prefetch_related = ("attempt_log",)
    action_verbs = {"resend": "change"}

    @extend_schema(request=None, responses={200: DeliverySerializer})
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        """Send the delivery again (audited)."""
        delivery = self.get_object()
        services.resend_delivery(self.actor, delivery)
        return Response(self.read_data(delivery))


def register(router) -> None:
    router.register("supervisions", SupervisionViewSet, basename="supervision")
    router.register("colours", ColourViewSet, basename="colour")
    router.register("webhooks", SubscriptionViewSet, basename="webhook-subscription")
    router.register("deliveries", DeliveryViewSet, basename="delivery")
