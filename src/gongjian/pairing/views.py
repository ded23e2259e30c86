"""Pages of pairing: assignments, visits, coverage and "my pairing enterprises". Services do every write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gongjian.campaigns.views import _file_response
from gongjian.core.excel import workbook_bytes, xlsx_response
from gongjian.core.formats import cn_date
from gongjian.core.services import Actor
from gongjian.core.tables import Column
from gongjian.core.views.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

from . import hooks, queries, services
from .choices import GapKind
from .filtersets import PairingFilterSet, VisitFilterSet
from .forms import PairingForm, VisitForm
from .models import Pairing, Visit, VisitAttachment
from .tables import PAIRING_COLUMNS, VISIT_COLUMNS

_EDIT_COLUMN = Column("pk", "", template="pairing/includes/cell_pairing_edit.html", css="text-end text-nowrap")


class PairingListView(ObjectListView):
    model = Pairing
    filterset_class = PairingFilterSet
    title = gettext_lazy("Pairing (包保)")
    select_related = ("enterprise", "person", "person__unit")
    default_ordering = ("enterprise__name", "role", "start_date")
    add_url_name = "pairing:pairing_add"
    add_permission = "pairing.add_pairing"
    export_name = gettext_lazy("Pairings")
    extra_actions = [
        ("/pairing/mine/", gettext_lazy("My pairing enterprises"), None),
        ("/pairing/visits/", gettext_lazy("Visits"), "pairing.view_visit"),
        ("/pairing/coverage/", gettext_lazy("Coverage"), "pairing.view_pairing"),
        ("/pairing/coverage/?kind=unpaired", gettext_lazy("Enterprises with no paired cadre"), "pairing.view_pairing"),
    ]

    def get_columns(self):
        if self.request.user.has_perm("pairing.change_pairing") and self.request.GET.get("export") != "xlsx":
            return [*PAIRING_COLUMNS, _EDIT_COLUMN]
        return PAIRING_COLUMNS


class PairingEditView(ObjectEditView):
    model = Pairing
    form_class = PairingForm
    select_related = ("enterprise", "person")

    def form_kwargs(self, obj):
        return {"user": self.request.user}

    def form_initial(self):
        initial = {"start_date": timezone.localdate()}
        ent = self.request.GET.get("enterprise")
        if ent and ent.isdigit():
            initial["enterprise"] = ent
        return initial

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.PAIRING_FIELDS}
        if obj is None:
            return services.create_pairing(self.actor, **data)
        return services.update_pairing(self.actor, obj, **data)

    def success_url(self, obj):
        return reverse("pairing:pairing_list")

    def cancel_url(self, obj):
        return reverse("pairing:pairing_list")


class PairingDeleteView(ObjectDeleteView):
    model = Pairing

    def delete(self, obj):
        services.delete_pairing(self.actor, obj)

    def cancel_url(self, obj):
        return reverse("pairing:pairing_list")

    def success_url(self, obj):
        return reverse("pairing:pairing_list")


class MyPairingsView(LoginRequiredMixin, View):
    """我的包保企业: the user's pairings in force, last visit, open problems of each enterprise."""

    def get(self, request):
        if not request.user.has_perm("pairing.view_pairing"):
            raise PermissionDenied
        today = timezone.localdate()
        days = queries.visit_days(request.GET.get("days"))
        rows = list(queries.my_pairings(request.user, today).order_by("enterprise__name", "pk"))
        for r in rows:
            r.days_since_visit = (today - r.last_visit).days if r.last_visit else None
            r.visit_due = r.last_visit is None or r.days_since_visit > days
        return render(
            request,
            "pairing/mine.html",
            {
                "title": _("My pairing enterprises"),
                "rows": rows,
                "days": days,
                "open_total": sum(r.open_problems for r in rows),
                "can_visit": request.user.has_perm("pairing.add_visit"),
                "can_raise": request.user.has_perm("problems.add_problem"),
            },
        )


#: Unpaired enterprises listed on the page; the export has them all.
UNPAIRED_SHOWN = 200


class CoverageView(LoginRequiredMixin, View):
    """The 包保 gaps within the user's scope: paired enterprises not visited for N days (default 30, the setting
    GONGJIAN_VISIT_DAYS), per paired person, and the enterprises with no paired cadre; filtered by gap,
    responsible unit and search as ``/api/pairing-gaps/`` is, each list exported as filtered."""

    def get(self, request):
        if not request.user.has_perm("pairing.view_pairing"):
            raise PermissionDenied
        today = timezone.localdate()
        form = queries.GapFilterForm(request.GET or None)
        form.is_valid()
        filters = form.values()
        days, kind, chosen = filters["days"], filters["kind"], {"unit": filters["unit"], "q": filters["q"]}
        rows = list(queries.coverage(request.user, today, days, **chosen).order_by("person__username", "last_visit"))
        for r in rows:
            r.days_since = (today - r.last_visit).days if r.last_visit else None
        unpaired = queries.unpaired(request.user, today, **chosen)
        export = request.GET.get("export")
        if export == "not_visited":
            return self.export_not_visited(rows, days, today)
        if export == "unpaired":
            return self.export_unpaired(unpaired, today)
        query = request.GET.copy()
        query.pop("export", None)
        query["days"] = days
        return render(
            request,
            "pairing/coverage.html",
            {
                "title": _("Visit coverage"),
                "days": days,
                "form": form,
                "query": query.urlencode(),
                "show_not_visited": kind != GapKind.UNPAIRED,
                "show_unpaired": kind != GapKind.NOT_VISITED,
                "people": queries.coverage_by_person(request.user, today, days),
                "rows": rows,
                "today": today,
                "unpaired": unpaired[:UNPAIRED_SHOWN],
                "unpaired_count": unpaired.count(),
            },
        )

    def export_not_visited(self, rows, days: int, today):
        headers = [_("Enterprise"), _("Unified social credit code"), _("Person"), _("Unit"), _("Last visit")]
        headers.append(_("Days since"))
        data = (
            [
                r.enterprise.name,
                r.enterprise.credit_code,
                str(r.person),
                str(r.person.unit) if r.person.unit_id else "",
                r.last_visit or _("never"),
                r.days_since if r.days_since is not None else "",
            ]
            for r in rows
        )
        name = _("Not visited for {days} days ({day})").format(days=days, day=cn_date(today))
        return xlsx_response(workbook_bytes(headers, data, title=_("Not visited")), f"{name}.xlsx")

    def export_unpaired(self, enterprises, today):
        headers = [_("Enterprise"), _("Unified social credit code"), _("Street")]
        data = ([e.name, e.credit_code, str(e.street) if e.street_id else ""] for e in enterprises)
        name = _("Enterprises with no paired cadre ({day})").format(day=cn_date(today))
        return xlsx_response(workbook_bytes(headers, data, title=_("No paired cadre")), f"{name}.xlsx")


class VisitListView(ObjectListView):
    model = Visit
    filterset_class = VisitFilterSet
    title = gettext_lazy("Visits")
    select_related = ("enterprise", "visitor")
    default_ordering = ("-date", "-pk")
    add_url_name = "pairing:visit_add"
    add_permission = "pairing.add_visit"
    export_name = gettext_lazy("Visits")
    extra_actions = [
        ("/pairing/", gettext_lazy("Pairing (包保)"), "pairing.view_pairing"),
        ("/pairing/coverage/?kind=not_visited", gettext_lazy("Not visited in time"), "pairing.view_pairing"),
    ]

    def get_queryset(self):
        return super().get_queryset().annotate(problem_count=Count("problems"))

    def get_columns(self):
        return VISIT_COLUMNS


class VisitCreateView(LoginRequiredMixin, View):
    def check(self, request):
        if not request.user.has_perm("pairing.add_visit"):
            raise PermissionDenied

    def get(self, request):
        self.check(request)
        initial = {"date": timezone.localdate()}
        ent = request.GET.get("enterprise")
        if ent and ent.isdigit():
            initial["enterprise"] = ent
        return self.render(VisitForm(user=request.user, initial=initial))

    def post(self, request):
        self.check(request)
        form = VisitForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = {f: form.cleaned_data[f] for f in services.VISIT_FIELDS}
            try:
                visit = services.record_visit(
                    Actor.from_request(request), attachments=form.cleaned_data.get("attachments") or [], **data
                )
            except ValidationError as exc:
                from gongjian.core.views.generic import apply_service_errors

                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Visit recorded."))
                return HttpResponseRedirect(visit.get_absolute_url())
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(
            self.request,
            "core/object_edit.html",
            {"form": form, "object": None, "title": _("Record a visit"), "cancel_url": reverse("pairing:visit_list")},
            status=status,
        )


class VisitDetailView(ObjectDetailView):
    model = Visit
    template_name = "pairing/visit_detail.html"
    select_related = ("enterprise", "visitor", "visitor__unit")
    prefetch_related = ("attachments",)

    def detail_context(self, visit):
        user = self.request.user
        return {
            "title": str(visit),
            "problems": hooks.visit_problems(user, visit),
            "can_raise": user.has_perm("problems.add_problem"),
            "can_delete": user.has_perm("pairing.delete_visit"),
        }


class VisitDeleteView(ObjectDeleteView):
    model = Visit

    def delete(self, obj):
        services.delete_visit(self.actor, obj)

    def success_url(self, obj):
        return reverse("pairing:visit_list")


class VisitAttachmentView(LoginRequiredMixin, View):
    def get(self, request, pk):
        att = VisitAttachment.objects.restrict(request.user, "view").filter(pk=pk).first()
        if att is None:
            raise Http404
        return _file_response(att.file, att.name)
