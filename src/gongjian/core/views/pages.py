"""Pages of the core app (login and passwords are gongjian.accounts' pages)."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from ..formats import is_chinese
from ..models import AuditLog
from ..registry import my_work_sections
from ..tables import Column
from ..templatetags.gongjian import audit_changes
from .generic import ObjectListView

__all__ = [
    "AuditListView",
    "MyWorkView",
    "bad_request",
    "page_not_found",
    "permission_denied",
    "server_error",
]


class MyWorkView(LoginRequiredMixin, View):
    """我的工作: what the user must do now, gathered from every module that registered a section."""

    def get(self, request):
        sections = [s for s in (section(request) for section in my_work_sections) if s is not None]
        return render(request, "core/my_work.html", {"sections": sections, "title": _("My work")})


class AuditFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    action = django_filters.CharFilter(lookup_expr="startswith", label=_("Action"))
    actor_name = django_filters.CharFilter(lookup_expr="icontains", label=_("Actor"))
    at_after = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    at_before = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source = django_filters.ChoiceFilter(choices=AuditLog.Source.choices, label=_("Source"))

    class Meta:
        model = AuditLog
        fields = ["q", "action", "actor_name", "source", "at_after", "at_before"]

    def search(self, queryset, name, value):
        return queryset.filter(object_repr__icontains=value)


def _local(value):
    from django.utils import timezone

    return timezone.localtime(value) if value else value


def _export_changes(row) -> str:
    """The changes of an audit record as one cell: "Status: Submitted → Accepted; …" in the reader's language."""
    parts = []
    for label, before, after in audit_changes(row):
        change = f"{before} → {after}" if before else after
        parts.append(gettext("%(label)s: ") % {"label": label} + change)
    return ("；" if is_chinese() else "; ").join(parts)


class AuditListView(ObjectListView):
    model = AuditLog
    filterset_class = AuditFilterSet
    paginate_by = 50
    title = _("Audit log")
    select_related = ("content_type",)
    columns = [
        Column("at", _("Time"), order_by="at", export=lambda r: _local(r.at), css="text-nowrap"),
        Column(
            "sentence",
            _("What happened"),
            order_by="action",
            template="core/includes/cell_audit_action.html",
        ),
        Column("ip", _("Source IP")),
        Column("source", _("Source")),
        Column(
            "changes",
            _("Changes"),
            template="core/includes/audit_changes.html",
            export=_export_changes,
        ),
    ]

    def base_queryset(self, action=None):
        return AuditLog.objects.restrict(self.request.user, "view").select_related("content_type", "actor")


def bad_request(request, exception=None):
    return render(
        request, "core/error.html", {"code": 400, "message": _("The request could not be understood.")}, status=400
    )


def permission_denied(request, exception=None):
    return render(
        request, "core/error.html", {"code": 403, "message": _("You do not have permission to do this.")}, status=403
    )


def page_not_found(request, exception=None):
    return render(request, "core/error.html", {"code": 404, "message": _("The page was not found.")}, status=404)


def server_error(request):
    return render(
        request,
        "core/error.html",
        {"code": 500, "message": _("Something went wrong on our side; the error has been logged.")},
        status=500,
    )
