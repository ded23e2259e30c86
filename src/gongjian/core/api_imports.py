"""Imports through the API: ``POST`` a file (multipart, field ``file``) with the import's parameters; all rows are
written or none, and a refusal lists every error by row and column as JSON.

An app declares an import in a few lines, with the same function its page calls::

    class ItemImportViewSet(ImportViewSet):
        permission = "campaigns.import_item"
        params = {"campaign": lambda user, value: Campaign.objects.restrict(user, "view").get(pk=int(value))}

        def run(self, actor, params, upload):
            return import_items(actor, params["campaign"], upload)

and registers it: ``router.register("imports/items", ItemImportViewSet, basename="import-items")``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied as NotAllowed
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from . import jobs
from .api import StrictSerializer
from .models import AuditLog, Job
from .registry import register_job
from .services import Actor
from .xlsx_import import ImportResult, read_upload
from .xlsx_import.sources import UploadRefused

__all__ = ["API_IMPORT_JOB", "ImportViewSet", "result_payload"]

#: The kind of job an API import starts.
API_IMPORT_JOB = "core.api_import"


class ImportRowErrorSerializer(StrictSerializer):
    row = serializers.IntegerField(allow_null=True, help_text="The row number as Excel shows it; null for the file")
    column = serializers.CharField(help_text="The column header; empty for the file or the row")
    message = serializers.CharField()


class ImportResultSerializer(StrictSerializer):
    imported = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())


class ImportRefusedSerializer(StrictSerializer):
    error_count = serializers.IntegerField()
    errors = ImportRowErrorSerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())


def result_payload(result: ImportResult) -> dict[str, Any]:
    """The JSON of a result: the count written, or every error (up to the report limit) and their number."""
    if result.ok:
        return {"imported": len(result.created) or len(result.rows), "warnings": list(result.warnings)}
    return {
        "error_count": result.error_count,
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors],
        "warnings": list(result.warnings),
    }


class ImportViewSet(viewsets.ViewSet):
    """``POST``: import the uploaded file. 201 with the count written, or 400 with every error; nothing is written
    unless every row is valid."""

    permission = ""
    #: Parameters besides the file: name → function(user, text) giving the object (a missing or out-of-scope one
    #: raises ObjectDoesNotExist, answered as 400 naming the parameter).
    params: dict[str, Callable[[Any, str], Any]] = {}
    #: Parameters that may be left out (given as None to ``run``).
    optional: frozenset[str] = frozenset()
    parser_classes = [MultiPartParser, FormParser, JSONParser]  # JSON only to answer "file: required"
    permission_classes = [IsAuthenticated]

    def has_import_permission(self, user) -> bool:
        return user.has_perm(self.permission)

    def run(self, actor: Actor, params: dict[str, Any], upload) -> ImportResult:
        raise NotImplementedError

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "ImportUpload", {"file": serializers.FileField(help_text=".xlsx, .xls or .csv")}
            )
        },
        responses={
            201: ImportResultSerializer,
            202: OpenApiResponse(description="Queued as a background job: its id and its URL under /api/jobs/"),
            400: OpenApiResponse(ImportRefusedSerializer),
        },
    )
    def create(self, request):
        if not self.has_import_permission(request.user):
            raise NotAllowed
        problems: dict[str, list[str]] = {}
        upload = request.FILES.get("file")
        if upload is None:
            problems["file"] = [_("Choose a file.")]
        params: dict[str, Any] = {}
        for name, find in self.params.items():
            value = request.data.get(name)
            if value in (None, ""):
                if name in self.optional:
                    params[name] = None
                else:
                    problems[name] = [_("This field is required.")]
                continue
            try:
                params[name] = find(request.user, str(value))
            except (ObjectDoesNotExist, ValueError, TypeError):
                problems[name] = [_("“{value}” is not valid.").format(value=value)]
        if problems:
            return Response(problems, status=status.HTTP_400_BAD_REQUEST)
        actor = Actor.from_request(request, source=AuditLog.Source.IMPORT)
        if not getattr(settings, "GONGJIAN_JOBS_IMMEDIATE", False):
            try:
                data = read_upload(upload)
            except UploadRefused as exc:
                return Response({"file": [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
            raw = {name: str(request.data.get(name) or "") for name in self.params}
            viewset = f"{type(self).__module__}.{type(self).__qualname__}"
            job = jobs.start(
                actor, API_IMPORT_JOB, params={"viewset": viewset, "params": raw}, data=data, file_name=upload.name
            )
            return Response(
                {"job": job.pk, "url": reverse("job-detail", args=[job.pk])}, status=status.HTTP_202_ACCEPTED
            )
        result = self.run(actor, params, upload)
        code = status.HTTP_201_CREATED if result.ok else status.HTTP_400_BAD_REQUEST
        return Response(result_payload(result), status=code)


def _run_api_import_job(job: Job) -> dict[str, Any]:
    """The worker's half of an API import: the parameters looked up again as the job's user, then ``run``."""
    viewset_class = import_string(job.params["viewset"])
    if not (isinstance(viewset_class, type) and issubclass(viewset_class, ImportViewSet)):
        raise ValueError(f"{job.params['viewset']} is not an import")
    viewset = viewset_class()
    if not viewset.has_import_permission(job.user):
        raise PermissionDenied
    params: dict[str, Any] = {}
    for name, find in viewset.params.items():
        value = job.params["params"].get(name, "")
        if value == "" and name in viewset.optional:
            params[name] = None
            continue
        try:
            params[name] = find(job.user, value)
        except (ObjectDoesNotExist, ValueError, TypeError):
            raise ValidationError(_("“{value}” is not valid.").format(value=value)) from None
    actor = Actor(user=job.user, ip=job.ip, source=AuditLog.Source.IMPORT)
    result = viewset.run(actor, params, SimpleUploadedFile(job.file_name or "upload", bytes(job.data)))
    return {"ok": result.ok, **result_payload(result)}


register_job(API_IMPORT_JOB, gettext_lazy("Excel import (API)"), _run_api_import_job)
