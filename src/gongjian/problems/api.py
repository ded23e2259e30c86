"""REST endpoints of the problem ledger: problems, and one POST per workflow action.

``POST /api/problems/{id}/{action}/`` with ``assign`` (unit, deadline), ``start``, ``apply`` (text, files),
``verify`` (satisfaction, text), ``return`` (text), ``close``, ``request-extension`` (deadline, text),
``approve-extension``, ``reject-extension`` (text). ``version`` (optional) is the version the client saw: a
problem changed meanwhile answers 409. Wrong role: 403 with the reason; not possible in this state: 409.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gongjian.campaigns.models import Item
from gongjian.core import uploads
from gongjian.core.api import (
    RestrictedViewSetMixin,
    ScopedPrimaryKeyRelatedField,
    ServiceCreateMixin,
    ServiceSerializer,
    StrictModelSerializer,
    StrictSerializer,
)
from gongjian.enterprises.models import Enterprise
from gongjian.org.models import Unit
from gongjian.pairing.models import Visit

from . import services
from . import workflow as wf
from .choices import Satisfaction
from .filtersets import ProblemFilterSet
from .messages import error_text
from .models import Problem, ProblemCategory, ProblemEvent

__all__ = ["ProblemActionSerializer", "ProblemSerializer", "ProblemViewSet", "register"]

_READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class WorkflowConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Not possible in the problem's current state.")
    default_code = "conflict"


def _files(files):
    for f in files:
        try:
            uploads.validate_upload(f)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
    return files


class ProblemEventSerializer(StrictModelSerializer):
    actor_name = serializers.StringRelatedField(source="actor", allow_null=True)
    # Plain strings: the states are the problem's ``state`` values (one enum in the schema, not three).
    from_state = serializers.CharField(read_only=True)
    to_state = serializers.CharField(read_only=True)

    class Meta:
        model = ProblemEvent
        fields = ["action", "from_state", "to_state", "actor", "actor_name", "at", "text", "data"]
        read_only_fields = fields


class ProblemSerializer(ServiceSerializer):
    category = serializers.PrimaryKeyRelatedField(queryset=ProblemCategory.objects.filter(is_active=True))
    enterprise = ScopedPrimaryKeyRelatedField(Enterprise, required=False, allow_null=True)
    item = ScopedPrimaryKeyRelatedField(Item, required=False, allow_null=True)
    visit = ScopedPrimaryKeyRelatedField(Visit, required=False, allow_null=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    handling_unit_name = serializers.StringRelatedField(source="handling_unit", allow_null=True)
    events = ProblemEventSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    files = serializers.ListField(child=serializers.FileField(), write_only=True, required=False)

    class Meta:
        model = Problem
        fields = [
            "id",
            "number",
            "title",
            "description",
            "source",
            "category",
            "category_name",
            "enterprise",
            "item",
            "visit",
            "leader",
            "raised_by",
            "raised_at",
            "state",
            "version",
            "handling_unit",
            "handling_unit_name",
            "deadline",
            "extended_deadline",
            "extension_requested_deadline",
            "reply",
            "applied_by",
            "applied_on",
            "verified_by",
            "satisfaction",
            "closed_by",
            "closed_at",
            "return_count",
            "allowed_actions",
            "events",
            "files",
        ]
        read_only_fields = [
            f for f in fields if f not in ("title", "description", "source", "category", "enterprise", "item", "visit")
        ]

    def get_allowed_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        return services.allowed_actions(request.user, obj) if request else []

    def validate_files(self, files):
        return _files(files)


class ProblemActionSerializer(StrictSerializer):
    version = serializers.IntegerField(required=False, help_text=_("The version the client saw; 409 if changed."))
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True), required=False)
    deadline = serializers.DateField(required=False)
    text = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, required=False, allow_blank=True)
    files = serializers.ListField(child=serializers.FileField(), required=False)

    def validate_files(self, files):
        return _files(files)


#: action → the service's keyword arguments it takes from the body
_ACTION_FIELDS = {
    wf.ASSIGN: ("unit", "deadline", "text"),
    wf.START: ("text",),
    wf.APPLY: ("text", "files"),
    wf.VERIFY: ("satisfaction", "text"),
    wf.RETURN: ("text", "satisfaction"),
    wf.CLOSE: ("text",),
    wf.REQUEST_EXTENSION: ("deadline", "text"),
    wf.APPROVE_EXTENSION: ("text",),
    wf.REJECT_EXTENSION: ("text",),
}
_REQUIRED = {wf.ASSIGN: ("unit", "deadline"), wf.REQUEST_EXTENSION: ("deadline",)}


class ProblemViewSet(ServiceCreateMixin, RestrictedViewSetMixin, *_READ):
    """The problem ledger (问题台账). ``POST`` registers a problem; the workflow moves through the actions."""

    queryset = Problem.objects.all()
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilterSet
    select_related = ("category", "handling_unit", "handling_unit__parent")
    prefetch_related = ("events__actor",)
    # Workflow actions (custom actions: verb "view") need only sight of the problem here; the workflow decides
    # and says why it refuses (403 with the reason).

    def service_create(self, data):
        files = data.pop("files", [])
        return services.create_problem(self.actor, attachments=files, **data)

    def _run(self, request, name: str):
        problem = self.get_object()
        try:
            wf.check(name, services.problem_facts(problem), services.actor_facts(request.user, problem))
        except wf.WorkflowError as exc:
            if exc.kind == wf.ROLE:
                raise exceptions.PermissionDenied(error_text(exc.code, exc.params)) from None
        body = ProblemActionSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        missing = [f for f in _REQUIRED.get(name, ()) if f not in data]
        if missing:
            raise exceptions.ValidationError({f: [_("This field is required.")] for f in missing})
        kwargs = {k: data[k] for k in _ACTION_FIELDS[name] if k in data}
        if "files" in kwargs:
            kwargs["attachments"] = kwargs.pop("files")
        if "version" in data:
            kwargs["expected_version"] = data["version"]
        try:
            problem = services.ACTION_FUNCTIONS[name](self.actor, problem, **kwargs)
        except services.WorkflowDenied as exc:
            raise exceptions.PermissionDenied(exc.reason) from None
        except services.ProblemConflict as exc:
            raise WorkflowConflict(exc.messages[0]) from None
        return Response(self.read_data(problem))

    @extend_schema(request=ProblemActionSerializer, responses={200: ProblemSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """交办: ``unit`` and ``deadline`` (the original deadline)."""
        return self._run(request, wf.ASSIGN)

    @extend_schema(request=ProblemActionSerializer, responses={200: ProblemSerializer})
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """签收: the handling unit starts work."""
        return self._run(request, wf.START)

    @extend_schema(request=ProblemActionSerializer, responses={200: ProblemSerializer})
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        """办结申请: ``text`` (the reply) and ``files`` (evidence)."""
        return self._run(request, wf.APPLY)

    @extend_schema(request=ProblemActionSerializer, responses={200: ProblemSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """核实: by someone other than the applicant; ``satisfaction`` for a problem the enterprise reported."""
        return self._run(request, wf.VERIFY)

    @extend_schema(request=ProblemActionSerializer, responses={200: ProblemSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_problem(self, request, pk=None):
        """退回: back to the handling unit with ``text`` (the reason)."""
        return self._run(request, wf.RETURN)

    @extend_schema(request=ProblemActionSerializer, responses={200: ProblemSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """销号."""
        return self._run(request, wf.CLOSE)

    @extend_schema(request=ProblemActionSerializer, responses={200: ProblemSerializer})
    @action(detail=True, methods=["post"], url_path="request-extension", url_name="request-extension")
    def request_extension(self, request, pk=None):
        """延期申请: ``deadline`` (later than the current one) and ``text`` (the reason)."""
        return self._run(request, wf.REQUEST_EXTENSION)

    @extend_schema(request=ProblemActionSerializer, responses={200: ProblemSerializer})
    @action(detail=True, methods=["post"], url_path="approve-extension", url_name="approve-extension")
    def approve_extension(self, request, pk=None):
        return self._run(request, wf.APPROVE_EXTENSION)

    @extend_schema(request=ProblemActionSerializer, responses={200: ProblemSerializer})
    @action(detail=True, methods=["post"], url_path="reject-extension", url_name="reject-extension")
    def reject_extension(self, request, pk=None):
        return self._run(request, wf.REJECT_EXTENSION)


def register(router) -> None:
    router.register("problems", ProblemViewSet, basename="problem")
