"""The quarterly building survey through the API: the same reading and service as the import page."""

from __future__ import annotations

import datetime as dt

from gongjian.core.api_imports import ImportViewSet

from ..imports import import_district_survey, import_survey
from ..models import Building

__all__ = ["SurveyImportViewSet"]


class SurveyImportViewSet(ImportViewSet):
    """Import the quarterly survey: ``file``, ``survey_date`` (YYYY-MM-DD) and ``building`` (its id); without
    ``building`` the district's survey, a 楼宇 column naming each row's building."""

    permission = "buildings.import_survey"
    params = {
        "building": lambda user, value: Building.objects.restrict(user, "view").get(pk=int(value)),
        "survey_date": lambda user, value: dt.date.fromisoformat(value),
    }
    optional = frozenset({"building"})

    def run(self, actor, params, upload):
        if params["building"] is None:
            return import_district_survey(actor, params["survey_date"], upload)
        return import_survey(actor, params["building"], params["survey_date"], upload)
