"""``/api/jobs/``: the caller's own background jobs (imports, documents), their progress and their result.

An import started through the API with ``GONGJIAN_JOBS_IMMEDIATE`` off answers 202 with the job's id and URL;
the job's ``result`` then holds what the synchronous answer held (the count written, or every error by row).
"""

from __future__ import annotations

from rest_framework import serializers

from .api import ReadOnlyRestrictedViewSet, StrictModelSerializer
from .models import Job

__all__ = ["JobSerializer", "JobViewSet", "register"]


class JobSerializer(StrictModelSerializer):
    title = serializers.CharField(read_only=True)
    percent = serializers.IntegerField(read_only=True, help_text="0–100; 100 once finished")

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "file_name",
            "done",
            "total",
            "percent",
            "result",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class JobViewSet(ReadOnlyRestrictedViewSet):
    """The caller's jobs only (``Job.objects.restrict``): another user's job is 404."""

    queryset = Job.objects.defer("data")
    serializer_class = JobSerializer

    def get_queryset(self):
        return super().get_queryset().defer("data")


def register(router) -> None:
    router.register("jobs", JobViewSet, basename="job")
