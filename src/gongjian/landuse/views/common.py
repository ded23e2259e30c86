"""Helpers shared by the land-use pages: the scoped evaluation and result querysets, reasons in words."""

from __future__ import annotations

from django.http import Http404

from ..choices import EvaluationStatus
from ..models import (
    EvaluationResult,
    EvaluationYear,
)
from ..texts import word

S = EvaluationStatus


def _results(user):
    return EvaluationResult.objects.restrict(user, "view")


def _evaluation(request, pk) -> EvaluationYear:
    try:
        return EvaluationYear.objects.restrict(request.user, "view").get(pk=pk)
    except (EvaluationYear.DoesNotExist, ValueError):
        raise Http404 from None


def _reasons(row) -> str:
    return "；".join(word(r) for r in row.reasons or [])
