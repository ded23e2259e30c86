"""JSON answers for unknown API paths (the token exchange is gongjian.accounts.api)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

__all__ = ["not_found"]


def not_found(request, *args, **kwargs):
    """Any path under /api/ that no endpoint matches (e.g. a non-numeric id): a JSON 404, like the endpoints'."""
    return JsonResponse({"detail": _("Not found.")}, status=404)
