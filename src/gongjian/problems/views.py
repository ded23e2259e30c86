"""Pages of the problem ledger: list, detail with its timeline and action forms, add, actions, 见底清零."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gongjian.campaigns.views import _file_response
from gongjian.core.services import Actor
from gongjian.core.views.generic import ObjectDetailView, ObjectEditView, ObjectListView, apply_service_errors

from . import queries, services
from . import workflow as wf
from .filtersets import ProblemFilterSet
from .forms import ACTION_FORMS, ProblemForm
from .messages import action_names
from .models import Problem, ProblemAttachment
from .services import ProblemConflict, WorkflowDenied
from .tables import PROBLEM_COLUMNS


def _today() -> dt.date:
    return timezone.localdate()


def denied(request, reason: str):
    """A 403 page that says why (wrong role for a workflow action)."""
    return render(request, "core/error.html", {"code": 403, "message": reason}, status=403)


class ProblemListView(ObjectListView):
    model = Problem
    filterset_class = ProblemFilterSet
    title = gettext_lazy("Problem ledger")
    select_related = ("enterprise", "item", "category", "handling_unit", "leader")
    default_ordering = ("-raised_at",)
    add_url_name = "problems:problem_add"
    add_permission = "problems.add_problem"
    export_name = gettext_lazy("Problem ledger")
    extra_actions = [("/problems/dashboard/", gettext_lazy("见底清零"), "problems.view_problem")]

    def get_columns(self):
        return PROBLEM_COLUMNS

    def export(self, qs):
        today = _today()
        qs = list(qs)
        for p in qs:
            p.overdue_days = p.days_overdue(today) if p.is_open else 0
        return super().export(_ListQuerySet(qs))

    def decorate_rows(self, rows):
        today = _today()
        for p in rows:
            p.overdue_days = p.days_overdue(today) if p.is_open else 0


class _ListQuerySet(list):
    """A list that answers ``iterator()`` as the export expects of a queryset."""

    def iterator(self, chunk_size=None):
        return iter(self)


class ProblemDetailView(ObjectDetailView):
    model = Problem
    template_name = "problems/problem_detail.html"
    select_related = (
        "enterprise",
        "item",
        "item__area",
        "category",
        "handling_unit",
        "leader",
        "raised_by",
        "raised_unit",
        "applied_by",
        "verified_by",
        "closed_by",
        "assigned_by",
        "visit",
    )

    def detail_context(self, problem, forms=None):
        user = self.request.user
        today = _today()
        events = list(problem.events.select_related("actor").prefetch_related("files").order_by("at", "pk"))
        allowed = services.allowed_actions(user, problem)
        names = action_names()
        forms = forms or {}
        action_forms = [
            (a, names[a], forms.get(a) or ACTION_FORMS[a](initial={"version": problem.version}, prefix=a))
            for a in allowed
        ]
        verdict = wf.colour(problem.state, problem.deadline, problem.applied_on, today)
        return {
            "title": str(problem),
            "events": events,
            "raise_files": [f for e in events[:1] for f in e.files.all()],
            "action_forms": action_forms,
            "overdue_days": problem.days_overdue(today) if problem.is_open else 0,
            "light": verdict[0] if verdict else None,
            "history": self.history(problem, 50),
        }


class ProblemCreateView(ObjectEditView):
    model = Problem
    form_class = ProblemForm
    template_name = "core/object_edit.html"

    def form_kwargs(self, obj):
        return {"user": self.request.user}

    def load(self, pk):
        if pk is not None:
            raise Http404  # a problem is never edited: its story is its timeline
        return super().load(pk)

    def form_initial(self):
        from gongjian.pairing.models import Visit

        initial = {}
        for key in ("enterprise", "item", "visit"):
            value = self.request.GET.get(key)
            if value and value.isdigit():
                initial[key] = value
        visit = initial.get("visit")
        if visit:
            v = Visit.objects.restrict(self.request.user, "view").filter(pk=visit).first()
            if v is not None:
                initial.update(enterprise=v.enterprise_id, source="visit")
        return initial

    def save(self, form, obj):
        data = {f: form.cleaned_data.get(f) for f in services.PROBLEM_FIELDS}
        return services.create_problem(self.actor, attachments=form.cleaned_data.get("attachments") or [], **data)

    def get_title(self, obj):
        return _("Raise a problem")

    def cancel_url(self, obj):
        return reverse("problems:problem_list")


class ProblemActionView(LoginRequiredMixin, View):
    """POST one workflow action. Wrong role: 403 with the reason; wrong state or stale form: back to the page."""

    def post(self, request, pk, action):
        if action not in ACTION_FORMS:
            raise Http404
        problem = Problem.objects.restrict(request.user, "view").select_related("handling_unit").filter(pk=pk).first()
        if problem is None:
            raise Http404
        form = ACTION_FORMS[action](request.POST, request.FILES, prefix=action)
        try:
            # The role is checked before the input: a user who may not act learns that, not which field is wrong.
            wf.check(action, services.problem_facts(problem), services.actor_facts(request.user, problem))
        except wf.WorkflowError as exc:
            if exc.kind == wf.ROLE:
                from .messages import error_text

                return denied(request, error_text(exc.code, exc.params))
        if form.is_valid():
            try:
                services.ACTION_FUNCTIONS[action](Actor.from_request(request), problem, **form.service_kwargs())
            except WorkflowDenied as exc:
                return denied(request, exc.reason)
            except ProblemConflict as exc:
                for m in exc.messages:
                    messages.error(request, m)
                return HttpResponseRedirect(problem.get_absolute_url())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except PermissionDenied:
                raise
            else:
                messages.success(request, _("Done: {action}.").format(action=action_names()[action]))
                return HttpResponseRedirect(problem.get_absolute_url())
        view = ProblemDetailView()
        view.request = request
        obj = view.get_object(pk)
        context = {"object": obj, **view.opts(), **view.detail_context(obj, forms={action: form})}
        return render(request, view.template_name, context, status=400)


class ProblemAttachmentView(LoginRequiredMixin, View):
    def get(self, request, pk):
        att = ProblemAttachment.objects.restrict(request.user, "view").filter(pk=pk).first()
        if att is None:
            raise Http404
        return _file_response(att.file, att.name)


class DashboardView(LoginRequiredMixin, View):
    """见底清零: open problems at each month end, by leader, unit and category; days to close; returns."""

    def get(self, request):
        if not request.user.has_perm("problems.view_problem"):
            raise PermissionDenied
        today = _today()
        try:
            year = int(request.GET.get("year") or today.year)
        except ValueError:
            year = today.year
        if not 2000 <= year <= today.year:
            year = today.year
        data = queries.summary(request.user, year, min(today, dt.date(year, 12, 31)))
        return render(
            request,
            "problems/dashboard.html",
            {
                "title": _("Clearing the problems (见底清零)"),
                "year": year,
                "years": range(today.year, today.year - 4, -1),
                **data,
            },
        )
