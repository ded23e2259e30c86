"""The cockpit page, each widget's Excel download and ``GET /api/cockpit/``: one code path (widgets.build)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from gongjian.campaigns.models import Campaign
from gongjian.core.excel import workbook_bytes, xlsx_response
from gongjian.core.formats import month_label
from gongjian.core.views.generic import ObjectListView
from gongjian.supervision.models import ColourRecord

from . import alerts, widgets
from .selection import NotFound, select

PERMISSION = "cockpit.view_cockpit"


def _not_found(request, message: str):
    return render(request, "core/error.html", {"code": 404, "message": message}, status=404)


class CockpitView(LoginRequiredMixin, View):
    """驾驶舱: the district's (or, for a unit administrator, the unit's) state as of a month's end."""

    def get(self, request):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        try:
            sel = select(request.user, timezone.localdate(), request.GET.get("campaign"), request.GET.get("month"))
        except NotFound as exc:
            return _not_found(request, str(exc))
        shown = widgets.build(request.user, sel)
        user = request.user
        return render(
            request,
            "cockpit/cockpit.html",
            {
                "title": _("Cockpit"),
                "sel": sel,
                "widgets": shown,
                "data": {"widgets": [w.as_dict() for w in shown]},
                "campaigns": list(Campaign.objects.restrict(user, "view").order_by("-year", "-start_date")),
                "months": [(f"{m.year}-{m.month:02d}", month_label(m)) for m in reversed(sel.months)],
                "unit_variant": not user.has_perm("org.scope_all"),
                "projector": request.GET.get("projector") == "1",
            },
        )


class WidgetExportView(LoginRequiredMixin, View):
    """One widget's data as an Excel workbook."""

    def get(self, request, key: str):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        try:
            sel = select(request.user, timezone.localdate(), request.GET.get("campaign"), request.GET.get("month"))
        except NotFound as exc:
            return _not_found(request, str(exc))
        widget = widgets.build_one(request.user, sel, key)
        if widget is None:
            raise Http404
        name = f"{widget.name}-{sel.key}"
        notes = [widget.title, f"{sel.campaign} · {month_label(sel.month)}"]
        content = workbook_bytes(widget.headers, widget.rows, title=str(widget.name), notes=notes)
        return xlsx_response(content, f"{name}.xlsx")


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("campaign", int, description="campaign id (default: the user's current campaign)"),
            OpenApiParameter("month", str, description="YYYY-MM (default: the last month ended)"),
        ],
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
)
class CockpitAPIView(APIView):
    """``GET /api/cockpit/?campaign=ID&month=YYYY-MM``: the widgets of the cockpit the user may see."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        try:
            sel = select(
                request.user,
                timezone.localdate(),
                request.query_params.get("campaign"),
                request.query_params.get("month"),
            )
        except NotFound as exc:
            return Response({"detail": str(exc)}, status=404)
        return Response(
            {
                "campaign": {"id": sel.campaign.pk, "name": sel.campaign.name},
                "month": sel.key,
                "as_of": sel.as_of.isoformat(),
                "widgets": [w.as_dict() for w in widgets.build(request.user, sel)],
            }
        )


# --- red and why (预警清单) -------------------------------------------------------------------------------------


def decorate_for(user, rows: list) -> list:
    alerts.decorate(rows)
    can_issue = user.has_perm("supervision.add_supervision")
    for row in rows:
        row.issue_url = alerts.issue_url(row) if can_issue and row.supervision is None else ""
    return rows


class AlertListView(ObjectListView):
    """Every red and yellow object in the user's scope, with the reason in words and one action to issue a 督办."""

    model = ColourRecord
    filterset_class = alerts.AlertFilterSet
    columns = alerts.ALERT_COLUMNS
    template_name = "cockpit/alerts.html"
    title = gettext_lazy("Red and why")
    default_ordering = ("colour", "judged_on")
    export_name = gettext_lazy("Red and why")

    def get_queryset(self):
        return alerts.alerts(self.request.user)

    def filtered(self):
        self.filterset, qs = super().filtered()
        return self.filterset, qs

    def sort(self, qs):
        """The colours sorted as asked, after the overdue 督办 (which are red and have no colour record)."""
        qs, key = super().sort(qs)
        return alerts.filtered_rows(self.request.user, self.filterset, qs), key

    def extra_context(self):
        if self.request.user.has_perm("campaigns.review_report"):
            return {"actions": [(reverse("core:my_work"), _("Review queue"))]}
        return {}

    def decorate_rows(self, rows: list) -> None:
        decorate_for(self.request.user, rows)

    def export(self, qs):
        columns = self.get_columns()

        def rows():
            for chunk in qs.chunks(500):
                yield from decorate_for(self.request.user, chunk)

        values = ([c.export_value(row) for c in columns] for row in rows())
        name = str(self.export_name)
        content = workbook_bytes([str(c.label) for c in columns], values, title=name)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(content, f"{name}-{stamp}.xlsx")


# --- landing by role ------------------------------------------------------------------------------------------


def landing_url_name(user) -> str:
    """Where a user starts after logging in, by what they may do (never by role name).

    The supervision office (reviews reports) → red and why; leaders and unit administrators (open the cockpit)
    → the cockpit, the unit's variant for a unit; those who report → 我的待办; everyone else → the overview.
    """
    if user.has_perm("campaigns.review_report") and user.has_perm("supervision.view_colourrecord"):
        return "cockpit:alerts"
    if user.has_perm(PERMISSION):
        return "cockpit:cockpit"
    if user.has_perm("campaigns.add_report"):
        return "core:my_work"
    return "core:home"


class StartView(LoginRequiredMixin, View):
    """The page after logging in (LOGIN_REDIRECT_URL): each role's own starting point."""

    def get(self, request):
        return redirect(landing_url_name(request.user))
