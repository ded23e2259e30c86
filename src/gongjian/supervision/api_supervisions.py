"""督办 through the API: issued by the supervision office on a red or yellow object, replied to by the addressed
unit, closed by the office — the same services (and audit) as the pages."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gongjian.core.api import StrictSerializer

from . import services
from .choices import SupervisionKind

__all__ = ["SupervisionWriteMixin"]


class IssueSerializer(StrictSerializer):
    """The object (``type`` as ``app.model``, e.g. ``campaigns.item``, and its ``id``), the kind, the requirement
    and the day a reply is due."""

    type = serializers.CharField(help_text="app.model, e.g. campaigns.item or indicators.indicator")
    id = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=[(k, k.label) for k in (SupervisionKind.ORDER, SupervisionKind.LETTER)])
    requirement = serializers.CharField()
    reply_by = serializers.DateField(input_formats=["%Y-%m-%d"])

    def validate(self, attrs):
        user = self.context["request"].user
        try:
            model = apps.get_model(attrs["type"])
        except (LookupError, ValueError):
            raise serializers.ValidationError({"type": _("Not a kind of object that can be supervised.")}) from None
        manager = model._default_manager
        qs = manager.restrict(user, "view") if hasattr(manager, "restrict") else manager.none()
        target = qs.filter(pk=attrs["id"]).first()
        if target is None:
            raise serializers.ValidationError({"id": _("No such object that you may see.")})
        attrs["target"] = target
        return attrs


class ReplySerializer(StrictSerializer):
    text = serializers.CharField()
    attachment = serializers.FileField(required=False, allow_null=True)


class CloseSerializer(StrictSerializer):
    note = serializers.CharField(required=False, allow_blank=True)


class SupervisionWriteMixin:
    """``POST`` issues a 督办 (``supervision.add_supervision``); ``reply`` (``supervision.reply_supervision``, the
    addressed unit) and ``close`` (``supervision.close_supervision``) act on one in scope."""

    action_verbs = {"reply": "reply", "close": "close"}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _answer(self, obj, status: int = 200) -> Response:
        fresh = self.get_queryset().filter(pk=obj.pk).first() or obj
        return Response(self.serializer_class(fresh, context=self.get_serializer_context()).data, status=status)

    @extend_schema(request=IssueSerializer)
    def create(self, request, *args, **kwargs):
        body = IssueSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        target = data.pop("target")
        data.pop("type"), data.pop("id")
        return self._answer(services.issue_supervision(self.actor, target, **data), status=201)

    @extend_schema(request={"application/json": ReplySerializer, "multipart/form-data": ReplySerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        supervision = self.get_object()
        body = ReplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.reply_supervision(self.actor, supervision, text=data["text"], attachment=data.get("attachment"))
        return self._answer(supervision)

    @extend_schema(request=CloseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        supervision = self.get_object()
        body = CloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            services.close_supervision(self.actor, supervision, note=body.validated_data.get("note", ""))
        )
