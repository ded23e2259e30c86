"""The quarterly building survey through the API: the same reading and service as the import page."""

from __future__ import annotations

import datetime as dt

from gongjian.core.api_imports import ImportViewSet

from ..imports import import_survey
from ..models import Building

__all__ = ["SurveyImportViewSet"]


class SurveyImportViewSet(ImportViewSet):
    """Import one building's quarterly survey: ``file``, ``building`` (its id) and ``survey_date`` (YYYY-MM-DD)."""

    permission = "buildings.import_survey"
    params = {
        "building": lambda user, value: Building.objects.restrict(user, "view").get(pk=int(value)),
        "survey_date": lambda user, value: dt.date.fromisoformat(value),
    }

    def run(self, actor, params, upload):
        return import_survey(actor, params["building"], params["survey_date"], upload)
