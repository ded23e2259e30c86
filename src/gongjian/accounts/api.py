"""API: exchange a password (and the second factor where required) for a token; list and revoke one's tokens."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from gongjian.core.api import PK_PATTERN, StrictFieldsMixin, StrictModelSerializer, actor_for
from gongjian.core.auth import security_event
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor, client_ip

from . import lockout, services
from .mfa import mfa_required
from .models import ApiToken
from .otp import verify_code

__all__ = ["ApiTokenViewSet", "ObtainTokenView", "register"]


class TokenRequestSerializer(StrictFieldsMixin, AuthTokenSerializer):
    otp = serializers.CharField(
        label=gettext_lazy("Second-factor code"), required=False, allow_blank=True, write_only=True
    )
    name = serializers.CharField(label=gettext_lazy("Name"), required=False, max_length=60, default="API")
    scope = serializers.ChoiceField(choices=ApiToken.Scope.choices, required=False, default=ApiToken.Scope.READ)
    days = serializers.IntegerField(required=False, min_value=1, default=30)


class ObtainTokenView(APIView):
    """POST username and password (and ``otp`` for accounts that need a second factor); the answer is
    ``{"token": "..."}`` for ``Authorization: Token <key>``, valid ``days`` days with the ``scope`` asked for.

    The same locks as the login page: a locked (account, address) pair gets no token, even with the right
    password; a password that must be changed first gets none either.
    """

    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = TokenRequestSerializer

    def post(self, request, *args, **kwargs):
        username = str(request.data.get("username", "")) if hasattr(request.data, "get") else ""
        lock = lockout.refuse_if_locked(request, username) if username else None
        if lock is not None:
            return Response({"non_field_errors": [lockout.locked_message(lock)]}, status=status.HTTP_400_BAD_REQUEST)
        serializer = self.serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        account = serializer.validated_data["user"]
        if account.is_superuser and not settings.GONGJIAN_SUPERUSER_LOGIN:
            security_event(request, username, "auth.superuser_refused")
            return Response({"non_field_errors": [_("Unable to log in with provided credentials.")]}, status=400)
        if mfa_required(account):
            device = verify_code(account, serializer.validated_data.get("otp", ""))
            if device is None:
                security_event(request, account.get_username(), "auth.mfa_failed")
                return Response({"otp": [_("Enter a valid second-factor code.")]}, status=400)
        if services.must_change_password(account):
            return Response({"non_field_errors": [_("Change your password on the web page first.")]}, status=400)
        lockout.clear_failures(request, account.get_username())
        actor = Actor(user=account, ip=client_ip(request), source=AuditLog.Source.API)
        data = serializer.validated_data
        try:
            _token, secret = services.create_token(actor, name=data["name"], scope=data["scope"], days=data["days"])
        except ValidationError as exc:
            return Response(exc.message_dict, status=400)
        return Response({"token": secret})


class ApiTokenSerializer(StrictModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "scope", "created_at", "expires_at", "last_used_at", "revoked_at"]
        read_only_fields = fields


class ApiTokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The requesting user's own tokens (never their secrets); ``revoke`` ends one."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticated]
    queryset = ApiToken.objects.all()
    lookup_value_regex = PK_PATTERN

    def get_queryset(self):
        return ApiToken.objects.restrict(self.request.user).order_by("-created_at", "-id")

    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        token = services.revoke_token(actor_for(request), self.get_object())
        return Response(self.get_serializer(token).data)


def register(router) -> None:
    from .api_locks import LoginLockViewSet
    from .api_users import UserAdminViewSet

    router.register("tokens", ApiTokenViewSet, basename="apitoken")
    router.register("login-locks", LoginLockViewSet, basename="loginlock")
    router.register("users", UserAdminViewSet, basename="user")
