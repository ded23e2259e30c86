"""Enterprise and figure imports through the API: the same reading and services as the import pages."""

from __future__ import annotations

from gongjian.core.api_imports import ImportViewSet

from .. import imports
from ..confidential import can_see_figures

__all__ = ["EnterpriseImportViewSet", "FigureImportViewSet"]


class EnterpriseImportViewSet(ImportViewSet):
    """Import enterprises into the registry: ``file``."""

    permission = "enterprises.import_enterprise"

    def run(self, actor, params, upload):
        return imports.import_enterprises(actor, upload)


class FigureImportViewSet(ImportViewSet):
    """Import enterprise figures (税务 or 统计 template): ``file``."""

    permission = "enterprises.import_enterprise"

    def has_import_permission(self, user) -> bool:
        return super().has_import_permission(user) and can_see_figures(user)

    def run(self, actor, params, upload):
        return imports.import_figures(actor, upload)
