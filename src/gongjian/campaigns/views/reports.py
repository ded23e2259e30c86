"""Progress reports: submit, review (accept or return), list, attachments, reporting compliance."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.core.views.generic import (
    ObjectDetailView,
    ObjectListView,
    apply_service_errors,
)

from .. import periods, queries, services
from ..choices import ReportStatus
from ..filtersets import ReportFilterSet
from ..forms import (
    ReportForm,
    ReturnForm,
)
from ..models import Item, Report, ReportAttachment
from ..tables import REPORT_COLUMNS
from .common import _file_response, _ItemChildMixin, _today

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
