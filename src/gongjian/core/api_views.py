"""API authentication: exchange a username and password for a token; JSON answers for unknown API paths."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.authtoken.views import ObtainAuthToken

__all__ = ["ObtainTokenView", "not_found"]


class ObtainTokenView(ObtainAuthToken):
    """POST username and password; the answer is ``{"token": "..."}`` for ``Authorization: Token <key>``."""

    renderer_classes = ObtainAuthToken.renderer_classes


def not_found(request, *args, **kwargs):
    """Any path under /api/ that no endpoint matches (e.g. a non-numeric id): a JSON 404, like the endpoints'."""
    return JsonResponse({"detail": _("Not found.")}, status=404)
