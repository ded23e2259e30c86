"""REST endpoints of the cadre side, as confidential as the pages: a user without the module permission gets 403
on every endpoint (not an empty list), an object outside their scope 404.

* ``/api/tolerance-cases/``: list, retrieve, create (apply), ``PATCH`` (the applicant, before acceptance), and
  ``POST …/{id}/accept/``, ``not-accept/`` (reasons), ``opinion/`` (recommendation, confirmed, text),
  ``decide/`` (outcome, reasons, document_number, corrective_measures).
* ``/api/field-notes/``, ``/api/commendations/``, ``/api/accountability-records/``: list, retrieve, create.
* ``/api/cadre-records/{user id}/?start=YYYY-MM-DD&end=YYYY-MM-DD``: the computed performance record.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gongjian.campaigns.models import Item
from gongjian.core.api import PK_PATTERN, StrictModelSerializer, StrictSerializer, actor_for
from gongjian.org.models import Unit, User
from gongjian.pairing.models import Visit
from gongjian.problems.models import Problem
from gongjian.supervision.models import ColourRecord, Supervision

from . import queries, services
from .choices import (
    AccountabilityForm,
    CommendationGrade,
    Criterion,
    NoteCategory,
    Outcome,
    Recommendation,
    SubjectKind,
)
from .models import Accountability, Commendation, FieldNote, ToleranceCase, holds

__all__ = ["register"]

# DRF action → the permission codename prefix it needs (the model name is added)
VERBS = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "partial_update": "change",
    "update": "change",
    "accept": "view",
    "not_accept": "view",
    "opinion": "view",
    "decide": "view",
}


class ConfidentialPermission(permissions.BasePermission):
    """The module permission of the action, held through a role (see models.holds); the services check the rest."""

    def has_permission(self, request, view) -> bool:
        verb = VERBS.get(getattr(view, "action", None), "view")
        return holds(request.user, f"{verb}_{view.model._meta.model_name}")


class _Base(viewsets.GenericViewSet):
    permission_classes = [ConfidentialPermission]
    lookup_value_regex = PK_PATTERN
    model = None
    select_related: tuple[str, ...] = ()

    def get_queryset(self):
        qs = self.model.objects.restrict(self.request.user, "view").select_related(*self.select_related)
        return qs.order_by(*self.model._meta.ordering, "pk")


def _pk(model, **kw):
    return serializers.PrimaryKeyRelatedField(queryset=model.objects.all(), required=False, allow_null=True, **kw)


def _name(source):
    return serializers.CharField(source=source, read_only=True, default=None)


class CaseSerializer(StrictModelSerializer):
    criteria = serializers.ListField(child=serializers.ChoiceField(Criterion.choices), required=False)
    item = _pk(Item)
    problem = _pk(Problem)
    colour_record = _pk(ColourRecord)
    supervision = _pk(Supervision)
    subject_name = _name("subject.__str__")
    applicant_name = _name("applicant.__str__")
    state_label = _name("get_state_display")
    outcome_label = _name("get_outcome_display")

    class Meta:
        model = ToleranceCase
        fields = [
            "id", "number", "subject_kind", "subject_name", "applicant_name", "applied_on", "title", "facts",
            "criteria", "item", "problem", "colour_record", "supervision", "state", "state_label", "outcome",
            "outcome_label", "reasons", "corrective_measures", "document_number", "decided_on",
        ]  # fmt: skip
        read_only_fields = [
            "number", "applied_on", "state", "outcome", "reasons", "corrective_measures", "document_number",
            "decided_on",
        ]  # fmt: skip

    def to_representation(self, obj):
        data = super().to_representation(obj)
        data["criteria"] = [c for c, ok in (obj.criteria or {}).items() if ok]
        return data


class NotAcceptSerializer(StrictSerializer):
    reasons = serializers.CharField(allow_blank=True, required=False, default="")


class OpinionSerializer(StrictSerializer):
    recommendation = serializers.ChoiceField(Recommendation.choices)
    confirmed = serializers.ListField(child=serializers.ChoiceField(Criterion.choices), required=False, default=list)
    text = serializers.CharField(allow_blank=True)


class DecideSerializer(StrictSerializer):
    outcome = serializers.ChoiceField([("", ""), *Outcome.choices], allow_blank=True, required=False, default="")
    reasons = serializers.CharField(allow_blank=True, required=False, default="")
    document_number = serializers.CharField(allow_blank=True, required=False, default="", max_length=60)
    corrective_measures = serializers.CharField(allow_blank=True, required=False, default="")


class ToleranceCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    model = ToleranceCase
    queryset = ToleranceCase.objects.none()
    serializer_class = CaseSerializer
    select_related = ("person", "unit", "applicant")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = services.apply_case(actor_for(request), **serializer.validated_data)
        return Response(self.get_serializer(case).data, status=201)

    def partial_update(self, request, pk=None):
        case = self.get_object()
        serializer = self.get_serializer(case, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        case = services.update_case(actor_for(request), case, **serializer.validated_data)
        return Response(self.get_serializer(case).data)

    def _act(self, request, serializer_class, run):
        case = self.get_object()
        data = {}
        if serializer_class is not None:
            s = serializer_class(data=request.data)
            s.is_valid(raise_exception=True)
            data = s.validated_data
        run(actor_for(request), case, data)
        return Response(CaseSerializer(ToleranceCase.objects.get(pk=case.pk), context={"request": request}).data)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._act(request, None, lambda a, c, d: services.accept_case(a, c))

    @action(detail=True, methods=["post"], url_path="not-accept", serializer_class=NotAcceptSerializer)
    def not_accept(self, request, pk=None):
        return self._act(request, NotAcceptSerializer, lambda a, c, d: services.not_accept_case(a, c, d["reasons"]))

    @action(detail=True, methods=["post"], serializer_class=OpinionSerializer)
    def opinion(self, request, pk=None):
        return self._act(request, OpinionSerializer, lambda a, c, d: services.add_opinion(a, c, **d))

    @action(detail=True, methods=["post"], serializer_class=DecideSerializer)
    def decide(self, request, pk=None):
        return self._act(request, DecideSerializer, lambda a, c, d: services.decide_case(a, c, **d))

    def get_serializer_class(self):
        if self.action in ("accept", "retrieve", "list", "create", "partial_update"):
            return CaseSerializer
        return super().get_serializer_class()


class _CreateMixin:
    service = None

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = type(self).service(actor_for(request), **serializer.validated_data)
        return Response(self.get_serializer(obj).data, status=201)


def _subject_fields():
    return {
        "subject_kind": serializers.ChoiceField(SubjectKind.choices),
        "person": _pk(User),
        "unit": _pk(Unit),
        "person_name": _name("person.__str__"),
        "unit_name": _name("unit.__str__"),
    }


class NoteSerializer(StrictModelSerializer):
    cadre = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    category = serializers.ChoiceField(NoteCategory.choices)
    item = _pk(Item)
    visit = _pk(Visit)
    problem = _pk(Problem)
    cadre_name = _name("cadre.__str__")
    author_name = _name("author.__str__")

    class Meta:
        model = FieldNote
        fields = [
            "id", "cadre", "cadre_name", "observed_on", "category", "item", "visit", "problem", "place", "text",
            "author_name",
        ]  # fmt: skip


class CommendationSerializer(StrictModelSerializer):
    grade = serializers.ChoiceField(CommendationGrade.choices)
    item = _pk(Item)
    locals().update(_subject_fields())

    class Meta:
        model = Commendation
        fields = [
            "id", "subject_kind", "person", "person_name", "unit", "unit_name", "grade", "reason", "item",
            "awarded_on", "awarded_by", "document_number",
        ]  # fmt: skip


class AccountabilitySerializer(StrictModelSerializer):
    form = serializers.ChoiceField(AccountabilityForm.choices)
    item = _pk(Item)
    colour_record = _pk(ColourRecord)
    supervision = _pk(Supervision)
    locals().update(_subject_fields())

    class Meta:
        model = Accountability
        fields = [
            "id", "subject_kind", "person", "person_name", "unit", "unit_name", "form", "facts", "item",
            "colour_record", "supervision", "decided_on", "decided_by_body", "document_number",
        ]  # fmt: skip


class FieldNoteViewSet(_CreateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    model = FieldNote
    queryset = FieldNote.objects.none()
    serializer_class = NoteSerializer
    select_related = ("cadre", "author")
    service = services.add_note


class CommendationViewSet(_CreateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    model = Commendation
    queryset = Commendation.objects.none()
    serializer_class = CommendationSerializer
    select_related = ("person", "unit")
    service = services.add_commendation


class AccountabilityViewSet(_CreateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    model = Accountability
    queryset = Accountability.objects.none()
    serializer_class = AccountabilitySerializer
    select_related = ("person", "unit")
    service = services.add_accountability


def record_numbers(rec) -> dict:
    """The figures of a record by code (the page and the Word file show the same numbers with their labels)."""
    return {
        "items_led": len(rec.items),
        "areas_led": len(rec.areas),
        "reports_total": rec.reports_total,
        "reports_on_time": rec.reports_on_time,
        "on_time_rate": None if rec.on_time_rate is None else round(rec.on_time_rate, 4),
        "red": rec.red,
        "yellow": rec.yellow,
        "green": rec.green,
        "exempted": rec.exempted,
        "supervisions_received": len(rec.supervisions),
        "supervisions_answered": rec.supervisions_answered,
        "paired_enterprises": len(rec.pairings),
        "visits": rec.visits,
        "problems_closed": rec.problems_closed,
        "commendations": len(rec.commendations),
        "accountabilities": len(rec.accountabilities),
    }


class RecordPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return holds(request.user, "view_cadrerecord")


class CadreRecordSerializer(StrictSerializer):
    """The computed figures of a performance record (read-only)."""

    person = serializers.IntegerField()
    name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    figures = serializers.DictField(child=serializers.FloatField(allow_null=True))


class CadreRecordViewSet(viewsets.GenericViewSet):
    permission_classes = [RecordPermission]
    lookup_value_regex = PK_PATTERN
    serializer_class = CadreRecordSerializer
    queryset = User.objects.none()

    def retrieve(self, request, pk=None):
        from django.http import Http404

        person = User.objects.filter(pk=pk, is_active=True).first()
        if person is None:
            raise Http404
        today = timezone.localdate()
        try:
            start = dt.date.fromisoformat(request.query_params.get("start") or f"{today.year}-01-01")
            end = dt.date.fromisoformat(request.query_params.get("end") or today.isoformat())
        except ValueError:
            raise serializers.ValidationError({"start": ["YYYY-MM-DD"]}) from None
        rec = queries.cadre_record(request.user, person, start, end)
        data = {
            "person": person.pk,
            "name": str(person),
            "start": start,
            "end": end,
            "figures": record_numbers(rec),
        }
        return Response(CadreRecordSerializer(data).data)


def register(router) -> None:
    router.register("tolerance-cases", ToleranceCaseViewSet, basename="tolerance-case")
    router.register("field-notes", FieldNoteViewSet, basename="field-note")
    router.register("commendations", CommendationViewSet, basename="commendation")
    router.register("accountability-records", AccountabilityViewSet, basename="accountability-record")
    router.register("cadre-records", CadreRecordViewSet, basename="cadre-record")
