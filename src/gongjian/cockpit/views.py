"""The cockpit page, each widget's Excel download and ``GET /api/cockpit/``: one code path (widgets.build)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from gongjian.campaigns.models import Campaign
from gongjian.core.excel import workbook_bytes, xlsx_response
from gongjian.core.formats import month_label

from . import widgets
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
