"""Serializers of the campaigns API: they validate and shape data; the services in ``campaigns.services`` write."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongjian.core import uploads
from gongjian.core.api import ScopedPrimaryKeyRelatedField, ServiceSerializer, StrictModelSerializer, StrictSerializer
from gongjian.org.models import Unit, leaders_queryset

from .. import status as item_status
from ..choices import ItemStatus
from ..models import Area, Campaign, Item, LeaderAction, Milestone, Report, ReportAttachment

__all__ = [
    "AreaSerializer",
    "CampaignSerializer",
    "ItemSerializer",
    "LeaderActionSerializer",
    "MilestoneCreateSerializer",
    "MilestoneRecordSerializer",
    "MilestoneSerializer",
    "ReportReturnSerializer",
    "ReportSerializer",
]

# A leader chosen by id among the active users holding the leader role.
_LEADERS = leaders_queryset()
_UNITS = Unit.objects.all()


def _name(obj) -> str | None:
    return str(obj) if obj is not None else None


def _today(serializer: serializers.Serializer) -> dt.date:
    """One "today" per request, so every row of a list is judged on the same day."""
    context = serializer.context
    if "today" not in context:
        context["today"] = timezone.localdate()
    return context["today"]


def _validated_upload(f):
    """Run the platform's upload checks in the serializer, so the error names the field."""
    try:
        uploads.validate_upload(f)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from None
    return f


class CampaignSerializer(ServiceSerializer):
    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "year",
            "start_date",
            "end_date",
            "cycle",
            "grace_days",
            "description",
            "created_at",
            "updated_at",
        ]


class AreaSerializer(ServiceSerializer):
    campaign = ScopedPrimaryKeyRelatedField(Campaign, help_text=_("Fixed once the area is created."))
    leader = serializers.PrimaryKeyRelatedField(queryset=_LEADERS, required=False, allow_null=True)
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=_UNITS, required=False, allow_null=True)
    leader_name = serializers.SerializerMethodField()
    lead_unit_name = serializers.SerializerMethodField()

    immutable_fields = ("campaign",)

    class Meta:
        model = Area
        fields = [
            "id",
            "campaign",
            "number",
            "title",
            "plan_text",
            "leader",
            "leader_name",
            "lead_unit",
            "lead_unit_name",
            "created_at",
            "updated_at",
        ]

    def get_leader_name(self, obj) -> str | None:
        return _name(obj.leader)

    def get_lead_unit_name(self, obj) -> str | None:
        return _name(obj.lead_unit)


class ItemSerializer(ServiceSerializer):
    """An item with its derived state: ``progress``, ``status``, ``is_overdue`` are computed, never written."""

    campaign = serializers.IntegerField(source="area.campaign_id", read_only=True)
    area = ScopedPrimaryKeyRelatedField(Area)
    code = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text=_("Unique within the area, e.g. 2-03; left empty, the next free number of the area."),
    )
    leader = serializers.PrimaryKeyRelatedField(queryset=_LEADERS)
    leader_name = serializers.SerializerMethodField()
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=_UNITS)
    lead_unit_name = serializers.SerializerMethodField()
    co_units = serializers.PrimaryKeyRelatedField(
        queryset=_UNITS, many=True, required=False, help_text=_("Ids of the co-operating units.")
    )
    status = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()
    days_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = [
            "id",
            "campaign",
            "area",
            "code",
            "kind",
            "title",
            "description",
            "expected_results",
            "leader",
            "leader_name",
            "lead_unit",
            "lead_unit_name",
            "co_units",
            "start_date",
            "due_date",
            "weight",
            "progress",
            "milestones_total",
            "milestones_met",
            "completed_on",
            "last_report_period",
            "status",
            "is_overdue",
            "days_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "progress",
            "milestones_total",
            "milestones_met",
            "completed_on",
            "last_report_period",
        ]

    def _state(self, obj) -> item_status.ItemState:
        return item_status.derive_state(
            _today(self), obj.start_date, obj.due_date, obj.completed_on, obj.progress, obj.milestones_met
        )

    @extend_schema_field(serializers.ChoiceField(choices=ItemStatus.choices))
    def get_status(self, obj) -> str:
        return self._state(obj).status

    def get_is_overdue(self, obj) -> bool:
        return self._state(obj).overdue

    def get_days_overdue(self, obj) -> int:
        return self._state(obj).days_overdue

    def get_leader_name(self, obj) -> str | None:
        return _name(obj.leader)

    def get_lead_unit_name(self, obj) -> str | None:
        return _name(obj.lead_unit)


class MilestoneSerializer(ServiceSerializer):
    """A milestone as read and as changed (title and dates); the item is fixed once created."""

    item = serializers.PrimaryKeyRelatedField(read_only=True)
    has_evidence = serializers.SerializerMethodField()
    is_late = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = [
            "id",
            "item",
            "title",
            "planned_date",
            "actual_date",
            "evidence_name",
            "has_evidence",
            "is_late",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["evidence_name"]

    def get_has_evidence(self, obj) -> bool:
        return bool(obj.evidence)

    def get_is_late(self, obj) -> bool:
        return obj.is_late(_today(self))


class MilestoneCreateSerializer(MilestoneSerializer):
    item = ScopedPrimaryKeyRelatedField(Item)
    evidence = serializers.FileField(
        write_only=True, required=False, help_text=_("Evidence file (multipart/form-data only).")
    )

    class Meta(MilestoneSerializer.Meta):
        fields = [*MilestoneSerializer.Meta.fields, "evidence"]

    def validate_evidence(self, f):
        return _validated_upload(f)


class MilestoneRecordSerializer(StrictSerializer):
    """The unit records that a milestone was met: its actual date (null clears it) and an evidence file."""

    actual_date = serializers.DateField(allow_null=True)
    evidence = serializers.FileField(required=False, help_text=_("Evidence file (multipart/form-data only)."))

    def validate_evidence(self, f):
        return _validated_upload(f)


class ReportAttachmentSerializer(StrictModelSerializer):
    class Meta:
        model = ReportAttachment
        fields = ["id", "name", "size"]
        read_only_fields = fields


class ReportSerializer(ServiceSerializer):
    """A progress report; written only by submitting (``POST``), reviewed through the accept/return actions."""

    item = ScopedPrimaryKeyRelatedField(Item)
    period_start = serializers.DateField(
        help_text=_("Any day of the reporting period; stored as the period's first day.")
    )
    period_label = serializers.SerializerMethodField()
    submitted_by_name = serializers.SerializerMethodField()
    reviewed_by_name = serializers.SerializerMethodField()
    attachments = ReportAttachmentSerializer(many=True, read_only=True)
    files = serializers.ListField(
        child=serializers.FileField(),
        write_only=True,
        required=False,
        help_text=_("Attachments (multipart/form-data only)."),
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "item",
            "period_start",
            "period_label",
            "percent",
            "narrative",
            "problems",
            "next_steps",
            "status",
            "is_late",
            "revision",
            "submitted_by",
            "submitted_by_name",
            "submitted_at",
            "first_submitted_at",
            "reviewed_by",
            "reviewed_by_name",
            "reviewed_at",
            "return_reason",
            "attachments",
            "files",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "is_late",
            "revision",
            "submitted_by",
            "submitted_at",
            "first_submitted_at",
            "reviewed_by",
            "reviewed_at",
            "return_reason",
        ]

    def validate_files(self, files):
        return [_validated_upload(f) for f in files]

    def get_period_label(self, obj) -> str:
        return obj.period.label(translation.get_language() or "zh-hans")

    def get_submitted_by_name(self, obj) -> str | None:
        return _name(obj.submitted_by)

    def get_reviewed_by_name(self, obj) -> str | None:
        return _name(obj.reviewed_by)


class ReportReturnSerializer(StrictSerializer):
    reason = serializers.CharField(help_text=_("Why the report goes back to the unit."))


class LeaderActionSerializer(ServiceSerializer):
    item = ScopedPrimaryKeyRelatedField(Item)
    leader = serializers.PrimaryKeyRelatedField(
        queryset=_LEADERS, required=False, help_text=_("Defaults to the requesting user.")
    )
    leader_name = serializers.SerializerMethodField()

    class Meta:
        model = LeaderAction
        fields = ["id", "item", "leader", "leader_name", "date", "kind", "note", "created_at", "updated_at"]

    def get_leader_name(self, obj) -> str | None:
        return _name(obj.leader)
