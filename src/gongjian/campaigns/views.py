"""Pages of the campaigns app. Concrete views configure the generic ones; services do every write."""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    apply_service_errors,
)

from . import lights, periods, queries, services
from .choices import ReportStatus
from .filtersets import ItemFilterSet, ReportFilterSet
from .forms import (
    AreaForm,
    CampaignForm,
    ItemForm,
    LeaderActionForm,
    MilestoneForm,
    MilestoneRecordForm,
    ReportForm,
    ReturnForm,
)
from .models import Area, Campaign, Item, LeaderAction, Milestone, Report, ReportAttachment
from .tables import ITEM_COLUMNS, REPORT_COLUMNS


def _today() -> dt.date:
    return timezone.localdate()


# --- overview ---------------------------------------------------------------------------------------------


class HomeView(LoginRequiredMixin, View):
    """Campaign overview: the areas with item counts and completion, and this period's reporting figures."""

    def get(self, request, pk=None):
        if not request.user.has_perm("campaigns.view_campaign"):
            raise PermissionDenied
        today = _today()
        campaign = queries.current_campaign(request.user, today, pk)
        if campaign is None:
            if pk is not None:
                raise Http404
            return render(request, "campaigns/overview_empty.html", {"title": _("Overview")})
        context = {
            "title": campaign.name,
            "campaign": campaign,
            "campaigns": Campaign.objects.restrict(request.user, "view").order_by("-year"),
            "areas": queries.area_summary(request.user, campaign, today),
            "totals": queries.campaign_totals(request.user, campaign, today),
            "today": today,
            "can_add_area": request.user.has_perm("campaigns.add_area"),
            "can_change": request.user.has_perm("campaigns.change_campaign"),
            "can_add_campaign": request.user.has_perm("campaigns.add_campaign"),
        }
        return render(request, "campaigns/overview.html", context)


class CampaignEditView(ObjectEditView):
    model = Campaign
    form_class = CampaignForm

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.CAMPAIGN_FIELDS}
        if obj is None:
            return services.create_campaign(self.actor, **data)
        return services.update_campaign(self.actor, obj, **data)

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj else reverse("core:home")


# --- areas ------------------------------------------------------------------------------------------------


class AreaDetailView(ObjectDetailView):
    model = Area
    template_name = "campaigns/area_detail.html"
    select_related = ("campaign", "leader", "lead_unit")

    def detail_context(self, area):
        today = _today()
        items = (
            Item.objects.restrict(self.request.user, "view")
            .filter(area=area)
            .with_state(today)
            .select_related("leader", "lead_unit")
            .prefetch_related("co_units")
            .order_by("code")
        )
        return {
            "title": str(area),
            "items": items,
            "history": self.history(area, 20, visible_children=items),
            "can_edit": self.request.user.has_perm("campaigns.change_area"),
            "can_delete": self.request.user.has_perm("campaigns.delete_area"),
            "can_add_item": self.request.user.has_perm("campaigns.add_item"),
        }


class AreaEditView(ObjectEditView):
    model = Area
    form_class = AreaForm

    def form_initial(self):
        initial = {}
        campaign = self.request.GET.get("campaign")
        if campaign and campaign.isdigit():
            initial["campaign"] = campaign
            last = Area.objects.filter(campaign_id=campaign).order_by("-number").values_list("number", flat=True)
            initial["number"] = (last.first() or 0) + 1
        return initial

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.AREA_FIELDS if f in form.cleaned_data}
        if obj is None:
            return services.create_area(self.actor, **data)
        data.pop("campaign", None)
        return services.update_area(self.actor, obj, **data)

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj else reverse("core:home")


class AreaDeleteView(ObjectDeleteView):
    model = Area

    def delete(self, obj):
        services.delete_area(self.actor, obj)

    def success_url(self, obj):
        return obj.campaign.get_absolute_url()


# --- items ------------------------------------------------------------------------------------------------


class ItemListView(ObjectListView):
    model = Item
    filterset_class = ItemFilterSet
    title = gettext_lazy("Task list")
    template_name = "campaigns/item_list.html"
    select_related = ("area", "area__campaign", "leader", "lead_unit")
    prefetch_related = ("co_units",)
    default_ordering = ("area__campaign", "area__number", "code")
    add_url_name = "campaigns:item_add"
    add_permission = "campaigns.add_item"
    export_name = gettext_lazy("Task list items")

    def get_columns(self):
        return ITEM_COLUMNS

    def get_queryset(self):
        return super().get_queryset().with_state(_today())

    def decorate_rows(self, rows):
        today = _today()
        for item in rows:
            item.light = lights.item_light(item, today)

    def extra_context(self):
        can_import = self.request.user.has_perm("campaigns.import_item")
        return {"can_import": can_import, "import_url": reverse("campaigns:item_import") if can_import else None}


class ItemDetailView(ObjectDetailView):
    model = Item
    template_name = "campaigns/item_detail.html"
    select_related = ("area", "area__campaign", "leader", "lead_unit")
    prefetch_related = ("co_units",)

    def get_object(self, pk, action="view"):
        try:
            return self.base_queryset(action).with_state(_today()).get(pk=pk)
        except (Item.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    def detail_context(self, item):
        user = self.request.user
        today = _today()
        reports = list(
            item.reports.select_related("submitted_by", "reviewed_by")
            .prefetch_related("attachments")
            .order_by("-period_start")
        )
        for r in reports:
            r.item = item  # the item (and its campaign) is already loaded
        can_report = Item.objects.restrict(user, "report").filter(pk=item.pk).exists()
        return {
            "title": str(item),
            "today": today,
            "light": lights.item_light(item, today),
            "milestones": list(item.milestones.order_by("planned_date", "pk")),
            "reports": reports,
            "leader_actions": list(item.leader_actions.select_related("leader")),
            "history": self.history(item, 100),
            "can_edit": user.has_perm("campaigns.change_item"),
            "can_delete": user.has_perm("campaigns.delete_item"),
            "can_report": can_report and user.has_perm("campaigns.add_report") and item.completed_on is None,
            "can_review": user.has_perm("campaigns.review_report"),
            "can_add_milestone": user.has_perm("campaigns.add_milestone") and user.has_perm("campaigns.change_item"),
            "can_change_milestone": user.has_perm("campaigns.change_milestone"),
            "can_complete_milestone": user.has_perm("campaigns.complete_milestone")
            and Milestone.objects.restrict(user, "complete").filter(item=item).exists(),
            "can_lead": user.has_perm("campaigns.add_leaderaction"),
            "can_delete_action": user.has_perm("campaigns.delete_leaderaction"),
            "missing_periods": _missing_periods(item, reports, today),
        }


def _missing_periods(item: Item, reports: list[Report], today: dt.date) -> list[periods.Period]:
    """Ended periods of the item whose report deadline passed without any report."""
    campaign = item.area.campaign
    reported = {r.period_start for r in reports}
    end = min(today, item.completed_on or item.due_date)
    return [
        p
        for p in periods.periods_between(item.start_date, end, campaign.cycle)
        if p.start not in reported and periods.deadline(p, campaign.grace_days) < today
    ]


class ItemEditView(ObjectEditView):
    model = Item
    form_class = ItemForm
    select_related = ("area__campaign",)

    def form_kwargs(self, obj):
        return {"user": self.request.user}

    def form_initial(self):
        area = self.request.GET.get("area")
        if not (area and area.isdigit()):
            return {}
        a = Area.objects.restrict(self.request.user, "view").select_related("campaign").filter(pk=area).first()
        if a is None:
            return {}
        return {
            "area": a.pk,
            "start_date": a.campaign.start_date,
            "due_date": a.campaign.end_date,
            "lead_unit": a.lead_unit_id,
            "leader": a.leader_id,
        }

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.ITEM_FIELDS}
        co_units = form.cleaned_data.get("co_units") or []
        if obj is None:
            return services.create_item(self.actor, co_units=co_units, **data)
        return services.update_item(self.actor, obj, co_units=co_units, **data)

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj else reverse("campaigns:item_list")


class ItemDeleteView(ObjectDeleteView):
    model = Item

    def delete(self, obj):
        services.delete_item(self.actor, obj)

    def success_url(self, obj):
        return obj.area.get_absolute_url()


# --- milestones -------------------------------------------------------------------------------------------


class _ItemChildMixin:
    """Views under /items/<item_pk>/…: the item must be visible to the user, else 404."""

    def item(self, item_pk) -> Item:
        try:
            return Item.objects.restrict(self.request.user, "view").select_related("area__campaign").get(pk=item_pk)
        except (Item.DoesNotExist, ValueError):
            raise Http404 from None


class MilestoneEditView(_ItemChildMixin, ObjectEditView):
    model = Milestone
    form_class = MilestoneForm
    select_related = ("item",)

    def get(self, request, pk=None, item_pk=None):
        self.parent = self.item(item_pk) if item_pk else None
        return super().get(request, pk)

    def post(self, request, pk=None, item_pk=None):
        self.parent = self.item(item_pk) if item_pk else None
        return super().post(request, pk)

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in ("title", "planned_date", "actual_date")}
        if obj is None:
            return services.add_milestone(self.actor, self.parent, **data)
        return services.update_milestone(self.actor, obj, **data)

    def success_url(self, obj):
        return obj.item.get_absolute_url() + "#milestones"

    def cancel_url(self, obj):
        return (obj.item if obj else self.parent).get_absolute_url()


class MilestoneRecordView(LoginRequiredMixin, View):
    """The unit records that a milestone was met: actual date and an evidence file."""

    def load(self, pk) -> Milestone:
        ms = Milestone.objects.restrict(self.request.user, "view").select_related("item").filter(pk=pk).first()
        if ms is None:
            raise Http404
        if not Milestone.objects.restrict(self.request.user, "complete").filter(pk=pk).exists():
            raise PermissionDenied
        return ms

    def get(self, request, pk):
        ms = self.load(pk)
        form = MilestoneRecordForm(initial={"actual_date": ms.actual_date or _today()})
        return self.render(ms, form)

    def post(self, request, pk):
        ms = self.load(pk)
        form = MilestoneRecordForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.record_milestone(
                    Actor.from_request(request),
                    ms,
                    actual_date=form.cleaned_data["actual_date"],
                    evidence=form.cleaned_data.get("evidence"),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Milestone recorded."))
                return HttpResponseRedirect(ms.item.get_absolute_url() + "#milestones")
        return self.render(ms, form, status=400)

    def render(self, ms, form, status=200):
        return render(
            self.request,
            "core/object_edit.html",
            {
                "form": form,
                "object": ms,
                "title": _("Record milestone: {title}").format(title=ms.title),
                "cancel_url": ms.item.get_absolute_url(),
            },
            status=status,
        )


class MilestoneDeleteView(ObjectDeleteView):
    model = Milestone
    select_related = ("item",)

    def delete(self, obj):
        services.delete_milestone(self.actor, obj)

    def cancel_url(self, obj):
        return obj.item.get_absolute_url()

    def success_url(self, obj):
        return obj.item.get_absolute_url() + "#milestones"


class MilestoneEvidenceView(LoginRequiredMixin, View):
    def get(self, request, pk):
        ms = Milestone.objects.restrict(request.user, "view").filter(pk=pk).first()
        if ms is None or not ms.evidence:
            raise Http404
        return _file_response(ms.evidence, ms.evidence_name)


def _file_response(field, name: str):
    try:
        fh = field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(fh, as_attachment=True, filename=name, content_type=content_type)


# --- reports ----------------------------------------------------------------------------------------------


class ReportSubmitView(_ItemChildMixin, LoginRequiredMixin, View):
    """Submit the report of an item for a period (or correct one before review, or resubmit a returned one)."""

    def load(self, item_pk) -> Item:
        item = self.item(item_pk)
        if not (
            self.request.user.has_perm("campaigns.add_report")
            and Item.objects.restrict(self.request.user, "report").filter(pk=item.pk).exists()
        ):
            raise PermissionDenied
        return item

    def get(self, request, item_pk):
        item = self.load(item_pk)
        initial = {}
        period = request.GET.get("period")
        existing = None
        if period:
            try:
                existing = item.reports.filter(period_start=dt.date.fromisoformat(period)).first()
            except ValueError:
                existing = None
            initial["period_start"] = period
        if existing is not None:
            initial.update(
                percent=existing.percent,
                narrative=existing.narrative,
                problems=existing.problems,
                next_steps=existing.next_steps,
            )
        else:
            initial["percent"] = item.progress
        form = ReportForm(item=item, initial=initial)
        return self.render(item, form, existing)

    def post(self, request, item_pk):
        item = self.load(item_pk)
        form = ReportForm(request.POST, request.FILES, item=item)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.submit_report(
                    Actor.from_request(request),
                    item,
                    period_start=d["period_start"],
                    percent=d["percent"],
                    narrative=d["narrative"],
                    problems=d["problems"],
                    next_steps=d["next_steps"],
                    attachments=d["attachments"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Report submitted."))
                return HttpResponseRedirect(item.get_absolute_url() + "#reports")
        return self.render(item, form, None, status=400)

    def render(self, item, form, existing, status=200):
        return render(
            self.request,
            "campaigns/report_form.html",
            {"form": form, "item": item, "existing": existing, "title": _("Report progress")},
            status=status,
        )


class ReportDetailView(ObjectDetailView):
    model = Report
    template_name = "campaigns/report_detail.html"
    select_related = ("item", "item__area__campaign", "item__lead_unit", "submitted_by", "reviewed_by")
    prefetch_related = ("attachments",)

    def detail_context(self, report):
        user = self.request.user
        can_review = (
            report.status == ReportStatus.SUBMITTED
            and Report.objects.restrict(user, "review").filter(pk=report.pk).exists()
            and report.submitted_by_id != user.pk
        )
        return {
            "title": str(report),
            "can_review": can_review,
            "return_form": ReturnForm(),
            "history": AuditLog.objects.for_object(report)[:30],
        }


class ReportReviewView(LoginRequiredMixin, View):
    """POST accept or return (with a reason)."""

    def post(self, request, pk, decision):
        report = (
            Report.objects.restrict(request.user, "view")
            .select_related("item", "item__area__campaign")
            .filter(pk=pk)
            .first()
        )
        if report is None:
            raise Http404
        actor = Actor.from_request(request)
        try:
            if decision == "accept":
                services.accept_report(actor, report)
                messages.success(request, _("Report accepted."))
            else:
                form = ReturnForm(request.POST)
                if not form.is_valid():
                    return render(
                        request,
                        "campaigns/report_detail.html",
                        {
                            "object": report,
                            "title": str(report),
                            "can_review": True,
                            "return_form": form,
                            "history": AuditLog.objects.for_object(report)[:30],
                        },
                        status=400,
                    )
                services.return_report(actor, report, reason=form.cleaned_data["reason"])
                messages.success(request, _("Report returned to the unit."))
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        nxt = request.POST.get("next", "")
        if nxt.startswith("/") and not nxt.startswith("//"):
            return HttpResponseRedirect(nxt)
        return HttpResponseRedirect(report.get_absolute_url())


class ReportListView(ObjectListView):
    model = Report
    filterset_class = ReportFilterSet
    title = gettext_lazy("Reports")
    select_related = ("item", "item__area__campaign", "item__lead_unit", "submitted_by")
    default_ordering = ("-period_start", "item__code")
    export_name = gettext_lazy("Progress reports")

    def get_columns(self):
        return REPORT_COLUMNS


class ReportAttachmentView(LoginRequiredMixin, View):
    def get(self, request, pk):
        att = ReportAttachment.objects.restrict(request.user, "view").filter(pk=pk).first()
        if att is None:
            raise Http404
        return _file_response(att.file, att.name)


class ComplianceView(LoginRequiredMixin, View):
    """报送情况: per unit, who reported for a period on time, late, or not at all."""

    def get(self, request):
        if not request.user.has_perm("campaigns.view_report"):
            raise PermissionDenied
        today = _today()
        pk = request.GET.get("campaign")
        campaign = queries.current_campaign(request.user, today, int(pk) if pk and pk.isdigit() else None)
        if campaign is None:
            raise Http404
        all_periods = periods.periods_between(campaign.start_date, min(today, campaign.end_date), campaign.cycle)
        ended = [p for p in all_periods if p.end < today] or all_periods[:1]
        chosen = ended[-1] if ended else campaign.period_for(today)
        wanted = request.GET.get("period")
        for p in all_periods:
            if wanted == p.start.isoformat():
                chosen = p
        rows, missing, missing_total, deadline_passed = queries.compliance(request.user, campaign, chosen, today)
        return render(
            request,
            "campaigns/compliance.html",
            {
                "title": _("Reporting"),
                "campaign": campaign,
                "period": chosen,
                "periods": list(reversed(all_periods)),
                "rows": rows,
                "missing": missing,
                "missing_total": missing_total,
                "missing_more": missing_total - len(missing),
                "deadline": periods.deadline(chosen, campaign.grace_days),
                "deadline_passed": deadline_passed,
            },
        )


# --- leader actions ---------------------------------------------------------------------------------------


class LeaderActionCreateView(_ItemChildMixin, LoginRequiredMixin, View):
    def get(self, request, item_pk):
        item = self.item(item_pk)
        if not request.user.has_perm("campaigns.add_leaderaction"):
            raise PermissionDenied
        return self.render(item, LeaderActionForm(user=request.user))

    def post(self, request, item_pk):
        item = self.item(item_pk)
        if not request.user.has_perm("campaigns.add_leaderaction"):
            raise PermissionDenied
        form = LeaderActionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.record_leader_action(Actor.from_request(request), item, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Leader action recorded."))
                return HttpResponseRedirect(item.get_absolute_url() + "#leader-actions")
        return self.render(item, form, status=400)

    def render(self, item, form, status=200):
        return render(
            self.request,
            "core/object_edit.html",
            {
                "form": form,
                "object": None,
                "title": _("Leader action on {item}").format(item=item),
                "cancel_url": item.get_absolute_url(),
            },
            status=status,
        )


class LeaderActionDeleteView(ObjectDeleteView):
    model = LeaderAction
    select_related = ("item", "leader")

    def delete(self, obj):
        services.delete_leader_action(self.actor, obj)

    def cancel_url(self, obj):
        return obj.item.get_absolute_url()

    def success_url(self, obj):
        return obj.item.get_absolute_url() + "#leader-actions"
