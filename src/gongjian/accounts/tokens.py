"""API token authentication: ``Authorization: Token <secret>``; the token must be neither expired nor revoked,
and a read-only token may only read."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import SAFE_METHODS

from .models import ApiToken
from .services import digest

__all__ = ["ApiTokenAuthentication"]

_TOUCH = dt.timedelta(minutes=1)


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"
    model = ApiToken

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and result[1].scope == ApiToken.Scope.READ and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("This token may only read."))
        return result

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=digest(key)).first()
        now = timezone.now()
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token.last_used_at is None or now - token.last_used_at > _TOUCH:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
