"""API authentication: exchange a username and password for a token; JSON answers for unknown API paths."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from .auth import clear_failures, locked_message, refuse_if_locked
from .models import AuditLog
from .services import Actor, client_ip, record

__all__ = ["ObtainTokenView", "not_found"]


class ObtainTokenView(ObtainAuthToken):
    """POST username and password; the answer is ``{"token": "..."}`` for ``Authorization: Token <key>``.

    The same failure limit as the login page: a locked account gets no token, even with the right password.
    """

    renderer_classes = ObtainAuthToken.renderer_classes

    def post(self, request, *args, **kwargs):
        username = str(request.data.get("username", "")) if hasattr(request.data, "get") else ""
        if refuse_if_locked(request, username):
            return Response({"non_field_errors": [locked_message()]}, status=status.HTTP_400_BAD_REQUEST)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        account = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=account)
        clear_failures(account.get_username())
        record(Actor(user=account, ip=client_ip(request), source=AuditLog.Source.API), "auth.token", account)
        return Response({"token": token.key})


def not_found(request, *args, **kwargs):
    """Any path under /api/ that no endpoint matches (e.g. a non-numeric id): a JSON 404, like the endpoints'."""
    return JsonResponse({"detail": _("Not found.")}, status=404)
