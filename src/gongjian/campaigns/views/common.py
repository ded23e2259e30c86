"""What the campaign pages share: today, the item a child page hangs off, a stored file as a download."""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.http import FileResponse, Http404
from django.utils import timezone

from ..models import Item


def _today() -> dt.date:
    return timezone.localdate()


class _ItemChildMixin:
    """Views under /items/<item_pk>/…: the item must be visible to the user, else 404."""

    def item(self, item_pk) -> Item:
        try:
            return Item.objects.restrict(self.request.user, "view").select_related("area__campaign").get(pk=item_pk)
        except (Item.DoesNotExist, ValueError):
            raise Http404 from None


def _file_response(field, name: str):
    try:
        fh = field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(fh, as_attachment=True, filename=name, content_type=content_type)
