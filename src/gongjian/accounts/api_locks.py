"""API: login locks for the security administrator (``/api/login-locks/``): listed, and lifted as on the locks
page (``accounts.services.lift_lock``, audited)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gongjian.core.api import RestrictedViewSetMixin, StrictModelSerializer, StrictSerializer

from . import services
from .models import LoginLock

__all__ = ["LoginLockSerializer", "LoginLockViewSet"]


class LoginLockSerializer(StrictModelSerializer):
    class Meta:
        model = LoginLock
        fields = ["id", "kind", "username", "ip", "failures", "locked_at", "until", "lifted_at", "lifted_by"]
        read_only_fields = fields


class LiftSerializer(StrictSerializer):
    """Lifting takes no input: any field given is refused by name."""


class LoginLockViewSet(
    RestrictedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Login locks, the latest first (``accounts.view_loginlock``); ``lift`` ends one now
    (``accounts.lift_loginlock``)."""

    queryset = LoginLock.objects.all()
    serializer_class = LoginLockSerializer
    select_related = ("lifted_by",)
    action_verbs = {"lift": "lift"}

    def get_serializer_class(self):
        return LiftSerializer if self.action == "lift" else LoginLockSerializer

    @extend_schema(request=LiftSerializer, responses={200: LoginLockSerializer})
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        lock = self.get_object()
        LiftSerializer(data=request.data or {}).is_valid(raise_exception=True)
        lock = services.lift_lock(self.actor, lock)
        return Response(LoginLockSerializer(lock, context=self.get_serializer_context()).data)
