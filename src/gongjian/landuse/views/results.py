"""Results: ranked list, results in use (utilities list, movement, exit list, policies, exit plans), what-if,
and the panel on the enterprise page."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from gongjian.core.excel import audit_export, export_mark, workbook_bytes, xlsx_response
from gongjian.core.tables import Column
from gongjian.core.views.generic import ObjectEditView, ObjectListView
from gongjian.enterprises.confidential import can_see_figures
from gongjian.enterprises.models import Enterprise

from .. import engine, services
from ..choices import EvaluationStatus, Group
from ..filtersets import ResultFilterSet
from ..models import (
    ClassPolicy,
    EvaluationResult,
    EvaluationYear,
    ExitPlan,
)
from ..rules import CLASSES, INDICATORS, RulesError, parse_rules
from ..texts import rules_error_lines
from .common import _evaluation, _reasons, _results

S = EvaluationStatus


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

    def export_is_confidential(self) -> bool:
        return can_see_figures(self.request.user)  # tax per mu and the scores

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
        # The enterprises' utility account numbers go to other companies: marked and audited.
        audit_export(request, name)
        content = workbook_bytes(head, rows, title=name, watermark=export_mark(request.user))
        return xlsx_response(content, f"{name}.xlsx")


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
