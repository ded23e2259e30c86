"""Evaluation years: list, edit, overview with the workflow buttons, department imports, figures, appeals."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gongjian.core import xlsx_import as xi
from gongjian.core.excel import xlsx_response
from gongjian.core.jobs import start as start_job
from gongjian.core.services import Actor
from gongjian.core.tables import Column
from gongjian.core.views.generic import ObjectDetailView, ObjectEditView, ObjectListView
from gongjian.enterprises.confidential import can_see_figures
from gongjian.enterprises.models import Enterprise

from .. import services
from ..choices import Department, EvaluationStatus, Group, ResultStatus
from ..jobs import CALCULATE_JOB
from ..models import (
    Appeal,
    EnterpriseInput,
    EvaluationYear,
)
from ..rules import CLASSES, RulesError, parse_rules
from ..texts import rules_error_lines, rules_in_words
from .common import _evaluation, _results

S = EvaluationStatus


# --- evaluation years ------------------------------------------------------------------------------------


class EvaluationListView(ObjectListView):
    model = EvaluationYear
    columns = [
        Column("year", gettext_lazy("Year"), order_by="year", link=True),
        Column("district_name", gettext_lazy("District (evaluation unit)")),
        Column("status", gettext_lazy("Status")),
        Column("version", gettext_lazy("Version")),
        Column("publicity_end", gettext_lazy("Public notice until")),
    ]
    default_ordering = ("-year",)
    title = gettext_lazy("Land-use efficiency")
    add_url_name = "landuse:evaluation_add"
    add_permission = "landuse.add_evaluationyear"


class EvaluationForm(forms.ModelForm):
    parks_text = forms.CharField(
        label=gettext_lazy("Parks evaluated as units of their own"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Park names, one per line."),
    )
    rules_text = forms.CharField(
        label=gettext_lazy("Rules (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace"}),
        help_text=gettext_lazy("Empty: the default rules. Format: docs/landuse.md."),
    )

    class Meta:
        model = EvaluationYear
        fields = ["year", "district_name", "publicity_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True
            self.initial["parks_text"] = "\n".join(self.instance.parks or [])
            if self.instance.rules:
                self.initial["rules_text"] = json.dumps(self.instance.rules, ensure_ascii=False, indent=2)

    def clean_rules_text(self):
        text = self.cleaned_data["rules_text"].strip()
        if not text:
            return {}
        try:
            raw = json.loads(text)
            parse_rules(raw)
        except ValueError as exc:
            if isinstance(exc, RulesError):
                raise forms.ValidationError(rules_error_lines(exc)) from None
            raise forms.ValidationError(_("Not valid JSON: {error}").format(error=exc)) from None
        return raw

    def validate_unique(self):  # the service says it, in words
        pass


class EvaluationEditView(ObjectEditView):
    model = EvaluationYear
    form_class = EvaluationForm

    def save(self, form, obj):
        d = form.cleaned_data
        parks = [p.strip() for p in d["parks_text"].splitlines() if p.strip()]
        if obj is None:
            return services.create_evaluation(
                self.actor,
                year=d["year"],
                district_name=d["district_name"],
                parks=parks,
                rules=d["rules_text"],
                publicity_days=d["publicity_days"],
            )
        return services.update_evaluation(
            self.actor,
            obj,
            district_name=d["district_name"],
            parks=parks,
            rules=d["rules_text"],
            publicity_days=d["publicity_days"],
        )

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj else reverse("landuse:evaluation_list")


def class_counts(run, user) -> list[dict[str, Any]]:
    """Rows of (unit, group, A, B, C, D, T) for a run, counted in the database."""
    if run is None:
        return []
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    counted = (
        _results(user)
        .filter(run=run)
        .exclude(status=ResultStatus.OUT_OF_SCOPE)
        .values("unit_name", "group", "klass")
        .annotate(n=Count("id"))
    )
    for r in counted:
        row = rows.setdefault(
            (r["unit_name"], r["group"]),
            {
                "unit": r["unit_name"],
                "group": Group(r["group"]).label if r["group"] else "",
                **dict.fromkeys((*CLASSES, "T"), 0),
            },
        )
        row[r["klass"]] = r["n"]
    return [rows[k] for k in sorted(rows)]


class EvaluationDetailView(ObjectDetailView):
    model = EvaluationYear
    template_name = "landuse/evaluation_detail.html"

    def detail_context(self, ev):
        user = self.request.user
        run = ev.current_run()
        rules = ev.rules_object()
        appeals = Appeal.objects.restrict(user, "view").filter(evaluation=ev).select_related("enterprise")
        actions = []
        if user.has_perm("landuse.review_enterpriseinput") and ev.status in (S.COLLECTING, S.REVIEWING):
            actions.append(("review", _("Close collection") if ev.status == S.COLLECTING else _("Finish review")))
        if user.has_perm("landuse.calculate_evaluationyear"):
            if ev.status in (S.CONFIRMING, S.CALCULATED, S.PUBLICITY):
                actions.append(("calculate", _("Calculate")))
            if ev.status == S.CALCULATED:
                actions.append(("publicity", _("Start the public notice")))
        if user.has_perm("landuse.publish_evaluationyear"):
            if ev.status == S.PUBLICITY:
                actions.append(("publish", _("Publish")))
            if ev.status == S.PUBLISHED:
                actions.append(("new_version", _("Open a new version")))
        inputs = ev.inputs.values("status").annotate(n=Count("id"))
        return {
            "run": run,
            "counts": class_counts(run, user),
            "labels": rules.labels,
            "rules_words": rules_in_words(rules),
            "appeals": appeals,
            "actions": actions,
            "input_counts": {r["status"]: r["n"] for r in inputs},
            "departments": Department.choices,
            "can_import": user.has_perm("landuse.import_enterpriseinput"),
            "can_decide": user.has_perm("landuse.decide_appeal"),
            "history": self.history(ev) if user.has_perm("core.view_auditlog") else None,
        }


class EvaluationActionView(LoginRequiredMixin, View):
    """The workflow buttons (POST)."""

    def post(self, request, pk, action):
        ev = _evaluation(request, pk)
        actor = Actor.from_request(request)
        steps = {
            "review": lambda: services.review(actor, ev),
            "calculate": lambda: services.calculate(actor, ev),
            "publicity": lambda: services.start_publicity(actor, ev),
            "publish": lambda: services.publish(actor, ev),
            "new_version": lambda: services.new_version(actor, ev, request.POST.get("reason", "")),
        }
        if action not in steps:
            raise Http404
        if action == "calculate" and not settings.GONGJIAN_JOBS_IMMEDIATE:
            if not actor.has_perm("landuse.calculate_evaluationyear"):
                raise PermissionDenied
            # A city's enterprises take a while: the page follows the job's progress.
            job = start_job(actor, CALCULATE_JOB, params={"evaluation": ev.pk})
            return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
        try:
            steps[action]()
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("Done."))
        return HttpResponseRedirect(ev.get_absolute_url())


class InputListView(ObjectListView):
    """The year's figures per enterprise (confidential: only with view_confidential) and their confirmation."""

    model = EnterpriseInput
    select_related = ("enterprise",)
    default_ordering = ("enterprise__credit_code",)
    paginate_by = 50
    template_name = "landuse/input_list.html"

    def get(self, request, *args, pk=None, **kwargs):
        if not can_see_figures(request.user):
            raise PermissionDenied
        self.evaluation = _evaluation(request, pk)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.base_queryset().filter(evaluation=self.evaluation)

    @property
    def title(self):
        return _("Figures: {evaluation}").format(evaluation=self.evaluation)

    @property
    def export_name(self):
        return _("{year} evaluation figures").format(year=self.evaluation.year)

    def get_columns(self):
        return [
            Column("enterprise.credit_code", _("Unified social credit code")),
            Column("enterprise.name", _("Enterprise")),
            Column("above_scale", _("Above designated size")),
            Column("land_mu", _("Owned land (mu)")),
            Column("leased_m2", _("Leased plant area (m²)")),
            Column("tax", _("Tax (10k yuan)")),
            Column("revenue", _("Operating revenue (10k yuan)")),
            Column("energy_tce", _("Energy use (tce)")),
            Column("rd", _("R&D expense (10k yuan)")),
            Column("value_added", _("Industrial value added (10k yuan)")),
            Column("employees", _("Employees")),
            Column("status", _("Status"), template="landuse/includes/input_status.html"),
        ]

    def decorate_rows(self, rows):
        may = self.request.user.has_perm("landuse.confirm_enterpriseinput") and self.evaluation.status in (
            S.CONFIRMING,
            S.CALCULATED,
            S.PUBLICITY,
        )
        for r in rows:
            r.can_confirm = may and r.status == "reviewed"

    def extra_context(self):
        return {"evaluation": self.evaluation}


class InputConfirmView(LoginRequiredMixin, View):
    """The enterprise confirmed its reviewed figures (recorded by the staff member who received it)."""

    def post(self, request, pk):
        try:
            inp = EnterpriseInput.objects.restrict(request.user, "view").select_related("evaluation").get(pk=pk)
        except EnterpriseInput.DoesNotExist:
            raise Http404 from None
        try:
            services.confirm_input(Actor.from_request(request), inp)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        return HttpResponseRedirect(reverse("landuse:input_list", args=[inp.evaluation_id]))


# --- department imports ----------------------------------------------------------------------------------


class InputImportView(LoginRequiredMixin, View):
    """A department's template (GET ?template=1) and upload (POST): all rows or none, errors per row."""

    def load(self, request, pk, department):
        if not request.user.has_perm("landuse.import_enterpriseinput"):
            raise PermissionDenied
        if department not in Department.values:
            raise Http404
        return _evaluation(request, pk)

    def get(self, request, pk, department):
        ev = self.load(request, pk, department)
        spec = services.department_spec(department)
        if request.GET.get("template"):
            name = _("{year} {department} data").format(year=ev.year, department=Department(department).label)
            return xlsx_response(xi.template_bytes(spec), f"{name}.xlsx")
        return render(request, "landuse/import.html", {"evaluation": ev, "department": Department(department)})

    def post(self, request, pk, department):
        ev = self.load(request, pk, department)
        upload = request.FILES.get("file")
        errors: list = []
        if upload is None:
            errors = [xi.RowError(None, "", _("Choose a file."))]
        else:
            try:
                result = services.import_department(Actor.from_request(request, "import"), ev, department, upload)
            except ValidationError as exc:
                errors = [xi.RowError(None, "", m) for m in exc.messages]
            else:
                if result.ok:
                    messages.success(request, _("{n} rows imported.").format(n=len(result.rows)))
                    return HttpResponseRedirect(ev.get_absolute_url())
                errors = result.errors
        context = {"evaluation": ev, "department": Department(department), "errors": errors}
        return render(request, "landuse/import.html", context, status=400)


# --- appeals ---------------------------------------------------------------------------------------------


class AppealForm(forms.Form):
    credit_code = forms.CharField(label=gettext_lazy("Unified social credit code"), max_length=18)
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=gettext_lazy("Evidence"), required=False)


class AppealAddView(LoginRequiredMixin, View):
    def load(self, request, pk):
        if not request.user.has_perm("landuse.add_appeal"):
            raise PermissionDenied
        return _evaluation(request, pk)

    def get(self, request, pk):
        ev = self.load(request, pk)
        return render(request, "landuse/appeal_form.html", {"evaluation": ev, "form": AppealForm()})

    def post(self, request, pk):
        ev = self.load(request, pk)
        form = AppealForm(request.POST, request.FILES)
        if form.is_valid():
            code = form.cleaned_data["credit_code"].strip().upper()
            ent = Enterprise.objects.restrict(request.user, "view").filter(credit_code=code).first()
            try:
                if ent is None:
                    raise ValidationError({"credit_code": _("Not in the enterprise registry.")})
                services.file_appeal(
                    Actor.from_request(request), ev, ent, form.cleaned_data["reason"], form.cleaned_data["attachment"]
                )
            except ValidationError as exc:
                from gongjian.core.views.generic import apply_service_errors

                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The appeal was filed."))
                return HttpResponseRedirect(ev.get_absolute_url())
        return render(request, "landuse/appeal_form.html", {"evaluation": ev, "form": form}, status=400)


class AppealDecideView(LoginRequiredMixin, View):
    def post(self, request, pk):
        try:
            appeal = Appeal.objects.restrict(request.user, "view").select_related("evaluation").get(pk=pk)
        except Appeal.DoesNotExist:
            raise Http404 from None
        try:
            services.decide_appeal(
                Actor.from_request(request),
                appeal,
                upheld=request.POST.get("upheld") == "1",
                decision=request.POST.get("decision", ""),
            )
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        return HttpResponseRedirect(appeal.evaluation.get_absolute_url())
