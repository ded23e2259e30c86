"""Pages of the land-use module: evaluation years, results, imports, appeals, what-if, plots.

Class and rank are shared with everyone who may see results; figures (inputs, indicator values, scores, totals)
only with holders of ``enterprises.view_confidential``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import numpy as np
from django import forms
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

from gongjian.core import xlsx_import as xi
from gongjian.core.excel import workbook_bytes, xlsx_response
from gongjian.core.services import Actor
from gongjian.core.tables import Column
from gongjian.core.views.generic import ObjectDetailView, ObjectEditView, ObjectListView
from gongjian.enterprises.confidential import can_see_figures
from gongjian.enterprises.models import Enterprise

from . import engine, services
from .choices import Department, EvaluationStatus, Group, ResultStatus
from .filtersets import PlotFilterSet, ResultFilterSet
from .models import (
    Appeal,
    ClassPolicy,
    Disposal,
    EnterpriseInput,
    EvaluationResult,
    EvaluationYear,
    ExitPlan,
    LandPlot,
)
from .rules import CLASSES, INDICATORS, RulesError, parse_rules
from .texts import rules_error_lines, word

S = EvaluationStatus


def _results(user):
    return EvaluationResult.objects.restrict(user, "view")


def _evaluation(request, pk) -> EvaluationYear:
    try:
        return EvaluationYear.objects.restrict(request.user, "view").get(pk=pk)
    except (EvaluationYear.DoesNotExist, ValueError):
        raise Http404 from None


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
            "rules_json": json.dumps(rules.as_dict(), ensure_ascii=False, indent=2),
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
        try:
            steps[action]()
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("Done."))
        return HttpResponseRedirect(ev.get_absolute_url())


# --- results ---------------------------------------------------------------------------------------------


def _reasons(row) -> str:
    return "；".join(word(r) for r in row.reasons or [])


class ResultListView(ObjectListView):
    model = EvaluationResult
    filterset_class = ResultFilterSet
    select_related = ("enterprise",)
    default_ordering = ("unit_name", "group", "rank", "enterprise__credit_code")
    paginate_by = 50

    def get(self, request, *args, pk=None, **kwargs):
        self.evaluation = _evaluation(request, pk)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.base_queryset().filter(run__evaluation=self.evaluation, run__is_current=True)

    @property
    def title(self):
        return _("Results: {evaluation}").format(evaluation=self.evaluation)

    @property
    def export_name(self):
        return _("{year} land-use efficiency results").format(year=self.evaluation.year)

    def get_columns(self):
        labels = self.evaluation.rules_object().labels
        cols = [
            Column("unit_name", _("Evaluation unit"), order_by="unit_name"),
            Column("group", _("Group")),
            Column("rank", _("Rank"), order_by="rank"),
            Column("enterprise.credit_code", _("Unified social credit code")),
            Column("enterprise.name", _("Enterprise")),
            Column("klass", _("Class"), order_by="klass"),
            Column("class_label", _("Class name"), export=lambda r: labels.get(r.klass, "")),
            Column("status", _("Status")),
            Column("reasons", _("Reasons"), export=_reasons),
        ]
        if can_see_figures(self.request.user):
            cols += [
                Column("land_mu", _("Land basis (mu)")),
                Column("tax_per_mu", _("Tax per mu (10k yuan)"), order_by="tax_per_mu"),
                Column("total", _("Total score"), order_by="total"),
                Column("gap", _("Points to the next class")),
            ]
        return cols

    def decorate_rows(self, rows):
        labels = self.evaluation.rules_object().labels
        for r in rows:
            r.reasons = _reasons(r)
            r.class_label = labels.get(r.klass, "")


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


# --- results in use: supplier list, movement, exit list ---------------------------------------------------


class SupplierExportView(LoginRequiredMixin, View):
    """The class list for the power, water and gas companies, with each enterprise's account numbers."""

    def get(self, request, pk):
        if not request.user.has_perm("landuse.view_evaluationresult"):
            raise PermissionDenied
        ev = _evaluation(request, pk)
        run = ev.runs.filter(published=True).order_by("-number").first()
        if run is None:
            raise Http404
        labels = parse_rules(run.rules).labels
        rows = (
            [
                r.enterprise.credit_code,
                r.enterprise.name,
                r.klass,
                labels.get(r.klass, ""),
                r.enterprise.power_account,
                r.enterprise.water_account,
                r.enterprise.gas_account,
            ]
            for r in _results(request.user)
            .filter(run=run, klass__in=CLASSES)
            .select_related("enterprise")
            .order_by("klass", "enterprise__credit_code")
            .iterator(chunk_size=2000)
        )
        head = [
            _("Unified social credit code"),
            _("Enterprise"),
            _("Class"),
            _("Class name"),
            _("Power account number"),
            _("Water account number"),
            _("Gas account number"),
        ]
        name = _("{year} classes for utilities").format(year=ev.year)
        return xlsx_response(workbook_bytes(head, rows, title=name), f"{name}.xlsx")


def exit_list(ev: EvaluationYear, run, user) -> list[dict]:
    """落后低效产能退出: class D this year, or C this year and last year (published runs)."""
    if run is None:
        return []
    results = _results(user)
    current = dict(results.filter(run=run, klass__in=["C", "D"]).values_list("enterprise_id", "klass"))
    prev_run = (
        results.filter(run__evaluation__year=ev.year - 1, run__published=True)
        .order_by("-run__number")
        .values_list("run_id", flat=True)
        .first()
    )
    previous_c = (
        set(results.filter(run_id=prev_run, klass="C").values_list("enterprise_id", flat=True)) if prev_run else set()
    )
    ids = [e for e, k in current.items() if k == "D" or e in previous_c]
    plans = {
        p.enterprise_id: p for p in ExitPlan.objects.restrict(user, "view").filter(evaluation=ev, enterprise_id__in=ids)
    }
    ents = Enterprise.objects.restrict(user, "view").filter(pk__in=ids).order_by("name")
    return [
        {"enterprise": e, "klass": current[e.pk], "two_years_c": e.pk in previous_c, "plan": plans.get(e.pk)}
        for e in ents
    ]


def movement(ev: EvaluationYear, run, user) -> dict[tuple[str, str], int]:
    """(class last year, class this year) → enterprises, between the published runs of Y−1 and this run."""
    if run is None:
        return {}
    prev = dict(
        _results(user)
        .filter(run__evaluation__year=ev.year - 1, run__published=True, run__is_current=True)
        .exclude(klass="")
        .values_list("enterprise_id", "klass")
    )
    out: dict[tuple[str, str], int] = defaultdict(int)
    for eid, klass in _results(user).filter(run=run).exclude(klass="").values_list("enterprise_id", "klass"):
        if eid in prev:
            out[(prev[eid], klass)] += 1
    return dict(out)


class ResultsInUseView(LoginRequiredMixin, View):
    """Policies by class, class movement year on year, and the exit list with disposal plans."""

    def get(self, request, pk):
        if not request.user.has_perm("landuse.view_evaluationresult"):
            raise PermissionDenied
        ev = _evaluation(request, pk)
        run = ev.current_run()
        moves = movement(ev, run, request.user)
        classes = [*CLASSES, "T"]
        matrix = [[frm, *[moves.get((frm, to), 0) for to in classes]] for frm in classes]
        policies = ClassPolicy.objects.restrict(request.user, "view").filter(year=ev.year)
        return render(
            request,
            "landuse/results_in_use.html",
            {
                "evaluation": ev,
                "run": run,
                "classes": classes,
                "matrix": matrix,
                "exits": exit_list(ev, run, request.user),
                "policies": policies,
                "labels": ev.rules_object().labels,
            },
        )


# --- what-if ---------------------------------------------------------------------------------------------


class WhatIfView(LoginRequiredMixin, View):
    """Change weights, benchmarks or shares and see which enterprises would change class; nothing is written."""

    def get(self, request, pk):
        if not (request.user.has_perm("landuse.view_evaluationresult") and can_see_figures(request.user)):
            raise PermissionDenied
        ev = _evaluation(request, pk)
        base = ev.rules_object()
        raw = base.as_dict()
        problems: list[str] = []
        changed = []
        for g in ("above", "below"):
            for key in INDICATORS:
                v = request.GET.get(f"w_{g}_{key}")
                if v not in (None, ""):
                    try:
                        w = float(v)
                    except ValueError:
                        problems.append(_('"{value}" is not a number.').format(value=v))
                        continue
                    weights = raw["groups"][g]["weights"]
                    if w == 0:
                        weights.pop(key, None)
                    else:
                        weights[key] = w
                b = request.GET.get(f"b_{g}_{key}")
                if b not in (None, ""):
                    try:
                        raw["groups"][g]["benchmarks"][key] = {"mode": "fixed", "value": float(b)}
                    except ValueError:
                        problems.append(_('"{value}" is not a number.').format(value=b))
        for c in ("A", "B", "D"):
            v = request.GET.get(f"share_{c}")
            if v not in (None, ""):
                try:
                    raw["classes"]["shares"][c] = float(v)
                except ValueError:
                    problems.append(_('"{value}" is not a number.').format(value=v))
        rules = base
        if not problems:
            try:
                rules = parse_rules(raw)
            except RulesError as exc:
                problems = rules_error_lines(exc)
        run = ev.current_run()
        summary = None
        if run is not None and not problems and request.GET:
            inputs = list(ev.inputs.select_related("enterprise").order_by("enterprise__credit_code"))
            result = engine.evaluate(services.table_of(ev, inputs), ev.year, rules)
            now = dict(_results(request.user).filter(run=run).values_list("enterprise_id", "klass"))
            new = np.array([engine.CLASS_CODES[int(c)] for c in result.klass])
            for i, inp in enumerate(inputs):
                before = now.get(inp.enterprise_id, "")
                if before != new[i]:
                    changed.append({"enterprise": inp.enterprise, "before": before, "after": str(new[i])})
            summary = {"total": len(inputs), "changed": len(changed)}
        fields = []
        for g, label in Group.choices:
            for key, ind in INDICATORS.items():
                fields.append(
                    {
                        "group": g,
                        "group_label": label,
                        "key": key,
                        "label": ind.label,
                        "weight": base.groups[g].weight(key) or "",
                        "w_value": request.GET.get(f"w_{g}_{key}", ""),
                        "b_value": request.GET.get(f"b_{g}_{key}", ""),
                    }
                )
        return render(
            request,
            "landuse/whatif.html",
            {
                "evaluation": ev,
                "fields": fields,
                "shares": {c: request.GET.get(f"share_{c}", "") for c in ("A", "B", "D")},
                "base_shares": {"A": base.share_a / 100, "B": base.share_b / 100, "D": base.share_d / 100},
                "problems": problems,
                "summary": summary,
                "changed": changed[:500],
            },
        )


# --- land plots ------------------------------------------------------------------------------------------


def _idle_label(plot) -> str:
    reason = plot.idle_reason(timezone.localdate())
    return {
        "not_started": _("Idle: not started a year after the agreed date"),
        "stopped": _("Idle: stopped for a year with too little built"),
    }.get(reason or "", "")


class PlotListView(ObjectListView):
    model = LandPlot
    filterset_class = PlotFilterSet
    select_related = ("owner",)
    default_ordering = ("code",)
    columns = [
        Column("code", gettext_lazy("Plot code"), order_by="code", link=True),
        Column("area_mu", gettext_lazy("Area (mu)"), order_by="area_mu"),
        Column("location", gettext_lazy("Location")),
        Column("use", gettext_lazy("Current use")),
        Column("owner.name", gettext_lazy("Occupant enterprise")),
        Column("low_efficiency_kind", gettext_lazy("Low-efficiency kind")),
        Column("idle_label", gettext_lazy("Idle land"), export=_idle_label),
        Column("idle_plant_m2", gettext_lazy("Idle plant (m²)")),
    ]
    add_url_name = "landuse:plot_add"
    add_permission = "landuse.add_landplot"
    title = gettext_lazy("Idle and low-efficiency land")
    template_name = "landuse/plot_list.html"

    def decorate_rows(self, rows):
        for p in rows:
            p.idle_label = _idle_label(p)

    def extra_context(self):
        dormant = Enterprise.objects.restrict(self.request.user, "view").filter(status="suspended")
        return {"dormant": list(dormant.order_by("name")[:50]), "dormant_count": dormant.count()}


class PlotForm(forms.ModelForm):
    class Meta:
        model = LandPlot
        fields = list(services.PLOT_FIELDS)
        widgets = {
            f: forms.DateInput(attrs={"type": "date"})
            for f in ("agreed_start_on", "construction_started_on", "stopped_since")
        }


class PlotEditView(ObjectEditView):
    model = LandPlot
    form_class = PlotForm

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.PLOT_FIELDS}
        return services.save_plot(self.actor, obj, **data)

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj else reverse("landuse:plot_list")


class PlotDetailView(ObjectDetailView):
    model = LandPlot
    template_name = "landuse/plot_detail.html"
    select_related = ("owner",)

    def detail_context(self, plot):
        disposals = plot.disposals.select_related("old_occupant", "new_occupant", "responsible_unit")
        return {"idle": _idle_label(plot), "disposals": disposals, "figures": can_see_figures(self.request.user)}


# --- the enterprise page's panel -------------------------------------------------------------------------


def enterprise_section(request, enterprise):
    """The latest results of the enterprise with each indicator's contribution (figures only with permission)."""
    user = request.user
    if not user.has_perm("landuse.view_evaluationresult"):
        return None
    results = list(
        EvaluationResult.objects.restrict(user, "view")
        .filter(enterprise=enterprise, run__is_current=True)
        .select_related("run__evaluation")
        .order_by("-run__evaluation__year")[:3]
    )
    if not results:
        return None
    for r in results:
        r.labels = parse_rules(r.run.rules).labels
        r.reason_text = _reasons(r)
    return {
        "title": _("Land-use efficiency"),
        "template": "landuse/enterprise_section.html",
        "results": results,
        "figures": can_see_figures(user),
        "order": 60,
    }


# --- policies, exit plans, disposals ----------------------------------------------------------------------


def _in_use_url(year: int) -> str:
    ev = EvaluationYear.objects.filter(year=year).first()  # only a link target; the page checks access
    return reverse("landuse:results_in_use", args=[ev.pk]) if ev else reverse("landuse:evaluation_list")


class PolicyForm(forms.ModelForm):
    class Meta:
        model = ClassPolicy
        fields = ["year", "klass", "policy_type", "value", "legal_basis"]


class PolicyEditView(ObjectEditView):
    model = ClassPolicy
    form_class = PolicyForm

    def form_initial(self):
        year = self.request.GET.get("year", "")
        return {"year": int(year)} if year.isdigit() else {}

    def save(self, form, obj):
        return services.save_policy(self.actor, obj, **form.cleaned_data)

    def success_url(self, obj):
        return _in_use_url(obj.year)

    def cancel_url(self, obj):
        return _in_use_url(obj.year) if obj else reverse("landuse:evaluation_list")


class ExitPlanForm(forms.ModelForm):
    class Meta:
        model = ExitPlan
        fields = ["enterprise", "plan", "deadline", "status"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, evaluation=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        run = evaluation.current_run() if evaluation else None
        ids = [row["enterprise"].pk for row in exit_list(evaluation, run, user)] if evaluation else []
        if self.instance.pk:
            ids.append(self.instance.enterprise_id)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(user, "view").filter(pk__in=ids)


class ExitPlanEditView(ObjectEditView):
    model = ExitPlan
    form_class = ExitPlanForm

    def get(self, request, pk=None, evaluation_pk=None):
        self.evaluation = _evaluation(request, evaluation_pk) if evaluation_pk else None
        return super().get(request, pk)

    def post(self, request, pk=None, evaluation_pk=None):
        self.evaluation = _evaluation(request, evaluation_pk) if evaluation_pk else None
        return super().post(request, pk)

    def load(self, pk):
        obj = super().load(pk)
        if obj is not None:
            self.evaluation = obj.evaluation
        return obj

    def form_kwargs(self, obj):
        return {"evaluation": self.evaluation, "user": self.request.user}

    def save(self, form, obj):
        return services.save_exit_plan(self.actor, obj, evaluation=self.evaluation, **form.cleaned_data)

    def success_url(self, obj):
        return reverse("landuse:results_in_use", args=[obj.evaluation_id])

    def cancel_url(self, obj):
        return reverse("landuse:results_in_use", args=[self.evaluation.pk])


class DisposalForm(forms.ModelForm):
    class Meta:
        model = Disposal
        fields = [f for f in services.DISPOSAL_FIELDS if f != "plot"]


class DisposalEditView(ObjectEditView):
    model = Disposal
    form_class = DisposalForm

    def get(self, request, pk=None, plot_pk=None):
        self.plot = self._plot(plot_pk)
        return super().get(request, pk)

    def post(self, request, pk=None, plot_pk=None):
        self.plot = self._plot(plot_pk)
        return super().post(request, pk)

    def _plot(self, plot_pk):
        if plot_pk is None:
            return None
        try:
            return LandPlot.objects.restrict(self.request.user, "view").get(pk=plot_pk)
        except LandPlot.DoesNotExist:
            raise Http404 from None

    def load(self, pk):
        obj = super().load(pk)
        if obj is not None:
            self.plot = obj.plot
        return obj

    def form_initial(self):
        return {"old_occupant": self.plot.owner_id} if self.plot else {}

    def save(self, form, obj):
        return services.save_disposal(self.actor, obj, plot=self.plot, **form.cleaned_data)

    def success_url(self, obj):
        return obj.plot.get_absolute_url()

    def cancel_url(self, obj):
        return self.plot.get_absolute_url()
