"""The actuals import through the API: the same reading and service as the import page."""

from __future__ import annotations

from gongjian.campaigns.models import Campaign
from gongjian.core.api_imports import ImportViewSet

from .. import imports

__all__ = ["ActualImportViewSet"]


class ActualImportViewSet(ImportViewSet):
    """Import indicator actuals of a campaign: ``file`` and ``campaign`` (its id)."""

    params = {"campaign": lambda user, value: Campaign.objects.restrict(user, "view").get(pk=int(value))}

    def has_import_permission(self, user) -> bool:
        return user.has_perm("indicators.import_indicator") and user.has_perm("indicators.add_actual")

    def run(self, actor, params, upload):
        return imports.import_actuals(actor, params["campaign"], upload)
