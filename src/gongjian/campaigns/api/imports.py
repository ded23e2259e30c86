"""The task-list import through the API: the same reading and service as the import page."""

from __future__ import annotations

from gongjian.core.api_imports import ImportViewSet

from ..imports import import_items
from ..models import Campaign

__all__ = ["ItemImportViewSet"]


class ItemImportViewSet(ImportViewSet):
    """Import task-list items into a campaign: ``file`` and ``campaign`` (its id)."""

    permission = "campaigns.import_item"
    params = {"campaign": lambda user, value: Campaign.objects.restrict(user, "view").get(pk=int(value))}

    def run(self, actor, params, upload):
        return import_items(actor, params["campaign"], upload)
