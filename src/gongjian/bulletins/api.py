"""REST endpoints: /api/bulletins/ (draft, edit, submit, return, issue, refresh) and /api/letters/ (督办函).

The detail of a bulletin shows its 文号, its state and, once issued, each stored file's name, size and sha256.
Writes go through the services; refusals answer 400 with the reason, missing permissions 403.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gongjian.campaigns.models import Campaign
from gongjian.core.api import (
    RestrictedViewSetMixin,
    ScopedPrimaryKeyRelatedField,
    StrictModelSerializer,
    StrictSerializer,
)
from gongjian.supervision.models import Supervision

from . import services
from .models import Bulletin, Letter, StoredFile

__all__ = ["BulletinViewSet", "LetterViewSet", "register"]


class StoredFileSerializer(StrictModelSerializer):
    class Meta:
        model = StoredFile
        fields = ["format", "name", "size", "sha256"]


class BulletinSerializer(StrictModelSerializer):
    files = StoredFileSerializer(many=True, read_only=True)
    campaign_name = serializers.CharField(source="campaign.name", read_only=True)

    class Meta:
        model = Bulletin
        fields = [
            "id",
            "campaign",
            "campaign_name",
            "year",
            "month",
            "cutoff",
            "state",
            "title",
            "highlights",
            "requirements",
            "is_public",
            "corrects",
            "doc_number",
            "issued_at",
            "files",
            "content",
        ]
        read_only_fields = [f for f in fields if f not in ("title", "highlights", "requirements", "is_public")]


class DraftSerializer(StrictSerializer):
    campaign = ScopedPrimaryKeyRelatedField(model=Campaign)
    month = serializers.RegexField(r"^\d{4}-\d{1,2}$", help_text="YYYY-MM")
    corrects = serializers.PrimaryKeyRelatedField(queryset=Bulletin.objects.all(), required=False, allow_null=True)


class LetterSerializer(StrictModelSerializer):
    files = StoredFileSerializer(many=True, read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Letter
        fields = ["id", "doc_number", "unit", "unit_name", "supervisions", "reply_by", "issued_at", "files"]
        read_only_fields = ["doc_number", "unit", "issued_at", "files"]


class BulletinViewSet(
    RestrictedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Monthly 督查通报. ``POST`` drafts one (``campaign``, ``month`` YYYY-MM); ``PATCH`` edits a draft's text."""

    queryset = Bulletin.objects.all()
    serializer_class = BulletinSerializer
    select_related = ("campaign", "issuer")
    prefetch_related = ("files",)
    action_verbs = {"submit": "submit", "issue": "sign", "return_to_draft": "change", "refresh": "change"}
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(request=DraftSerializer, responses={201: BulletinSerializer})
    def create(self, request, *args, **kwargs):
        body = DraftSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        year, month = (int(x) for x in body.validated_data["month"].split("-"))
        corrects = body.validated_data.get("corrects")
        bulletin = services.draft_bulletin(self.actor, body.validated_data["campaign"], year, month, corrects=corrects)
        return Response(self.read_data(bulletin), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        bulletin = self.get_object()
        body = self.get_serializer(bulletin, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        bulletin = services.edit_bulletin(self.actor, bulletin, dict(body.validated_data))
        return Response(self.read_data(bulletin))

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def _step(self, fn):
        return Response(self.read_data(fn(self.actor, self.get_object())))

    @extend_schema(request=None, responses={200: BulletinSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Draft → review."""
        return self._step(services.submit_bulletin)

    @extend_schema(request=None, responses={200: BulletinSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_to_draft(self, request, pk=None):
        """Review → draft."""
        return self._step(services.return_bulletin)

    @extend_schema(request=None, responses={200: BulletinSerializer})
    @action(detail=True, methods=["post"])
    def refresh(self, request, pk=None):
        """Recompute a draft's tables."""
        return self._step(services.refresh_bulletin)

    @extend_schema(request=None, responses={200: BulletinSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """签发: the next 文号, the files stored with their sha256; final."""
        return self._step(services.issue_bulletin)


class LetterCreateSerializer(StrictSerializer):
    supervisions = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    reply_by = serializers.DateField(required=False)


class LetterViewSet(
    RestrictedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """督办函. ``POST`` issues one for existing 督办 of one unit (``supervisions``: ids; ``reply_by`` optional)."""

    queryset = Letter.objects.all()
    serializer_class = LetterSerializer
    select_related = ("unit",)
    prefetch_related = ("files", "supervisions")

    @extend_schema(request=LetterCreateSerializer, responses={201: LetterSerializer})
    def create(self, request, *args, **kwargs):
        body = LetterCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = body.validated_data["supervisions"]
        found = list(Supervision.objects.restrict(request.user, "view").filter(pk__in=ids).select_related("unit"))
        if len(found) != len(set(ids)):
            raise serializers.ValidationError({"supervisions": [_("One of the supervisions (督办) does not exist.")]})
        letter = services.issue_letter(self.actor, found, reply_by=body.validated_data.get("reply_by"))
        return Response(self.read_data(letter), status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("bulletins", BulletinViewSet, basename="bulletin")
    router.register("letters", LetterViewSet, basename="letter")
