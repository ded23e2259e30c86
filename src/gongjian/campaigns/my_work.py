"""Sections of "我的工作" (my work) contributed by the campaigns app.

Each function takes the request and returns None when the user has nothing of that kind to do, or a dict
the template ``campaigns/includes/my_work_*.html`` renders.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import periods, queries
from .choices import ReportStatus
from .models import Campaign, Item, Report

__all__ = ["items_to_report", "reports_to_review", "returned_reports"]

LIMIT = 50


def items_to_report(request):
    """Open items of the user's scope whose report for the last ended period is still missing."""
    user = request.user
    if not user.has_perm("campaigns.report_item"):
        return None
    today = timezone.localdate()
    rows = []
    total = 0
    for campaign in Campaign.objects.restrict(user, "view").filter(
        start_date__lte=today, end_date__gte=today - dt.timedelta(days=31)
    ):
        last = periods.last_ended_period(today, campaign.cycle)
        qs = (
            Item.objects.restrict(user, "report")
            .filter(queries.due_a_report(last), area__campaign=campaign, completed_on__isnull=True)
            .exclude(Exists(Report.objects.filter(item=OuterRef("pk"), period_start=last.start)))
            .select_related("area", "lead_unit", "leader")
            .order_by("due_date", "code")
        )
        total += qs.count()
        due = periods.deadline(last, campaign.grace_days)
        rows.extend({"item": i, "period": last, "deadline": due, "late": today > due} for i in qs[:LIMIT])
    return {
        "title": _("Reports to submit"),
        "template": "campaigns/includes/my_work_report.html",
        "rows": rows[:LIMIT],
        "count": total,
    }


def returned_reports(request):
    user = request.user
    if not user.has_perm("campaigns.add_report"):
        return None
    qs = (
        Report.objects.restrict(user, "add")  # the lead unit's, who must correct them
        .filter(status=ReportStatus.RETURNED)
        .select_related("item", "item__area__campaign", "reviewed_by")
        .order_by("-reviewed_at")
    )
    return {
        "title": _("Returned reports to correct"),
        "template": "campaigns/includes/my_work_returned.html",
        "rows": list(qs[:LIMIT]),
        "count": qs.count(),
    }


def reports_to_review(request):
    user = request.user
    if not user.has_perm("campaigns.review_report"):
        return None
    qs = (
        Report.objects.restrict(user, "review")
        .filter(status=ReportStatus.SUBMITTED)
        .select_related("item", "item__area__campaign", "item__lead_unit", "submitted_by")
        .order_by("submitted_at")
    )
    return {
        "title": _("Reports to review"),
        "template": "campaigns/includes/my_work_review.html",
        "rows": list(qs[:LIMIT]),
        "count": qs.count(),
    }
