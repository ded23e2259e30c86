"""Pages of the indicators app. Concrete views configure the generic ones; services do every write."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from gongjian.campaigns.models import Campaign
from gongjian.core.excel import xlsx_response
from gongjian.core.registry import data_sources
from gongjian.core.services import Actor
from gongjian.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    apply_service_errors,
)
from gongjian.core.views.imports import ImportErrorsView, ImportView, UploadForm
from gongjian.core.views.imports import ImportPermissionMixin as BaseImportPermissionMixin

from . import imports, queries, ranking, services
from .filtersets import IndicatorFilterSet
from .forms import OWN, YTD, ActualForm, BenchmarkForm, IndicatorForm, PlannedValuesForm, ReturnForm
from .models import Actual, Benchmark, Indicator, fmt
from .tables import INDICATOR_COLUMNS


def _today() -> dt.date:
    return timezone.localdate()


def _visible(user, pk, related=("campaign",)) -> Indicator:
    try:
        return Indicator.objects.restrict(user, "view").select_related(*related).get(pk=pk)
    except (Indicator.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- list -------------------------------------------------------------------------------------------------


class IndicatorListView(ObjectListView):
    model = Indicator
    filterset_class = IndicatorFilterSet
    title = gettext_lazy("Indicators")
    template_name = "indicators/indicator_list.html"
    select_related = ("campaign", "area", "lead_unit", "source_unit")
    default_ordering = ("campaign", "code", "name")
    add_url_name = "indicators:indicator_add"
    add_permission = "indicators.add_indicator"
    export_name = gettext_lazy("Indicators")

    def get_columns(self):
        return INDICATOR_COLUMNS

    def decorate_rows(self, rows):
        statuses = queries.evaluate(rows, _today())
        for row in rows:
            row.status = statuses.get(row.pk)

    def export(self, qs):
        rows = list(qs)
        self.decorate_rows(rows)
        return super().export(_Loaded(rows))

    def extra_context(self):
        _filterset, qs = self.filtered()
        statuses = queries.evaluate(qs, _today())
        counts = Counter(s.colour for s in statuses.values() if s.colour)
        user = self.request.user
        actions = []
        if user.has_perm("indicators.import_indicator"):
            actions.append((reverse("indicators:actual_import"), _("Import actuals")))
        if user.has_perm("indicators.add_indicator"):
            actions.append((reverse("indicators:from_plan_list"), _("From plan drafts")))
        return {
            "counts": {c: counts.get(c, 0) for c in ("red", "yellow", "green")},
            "projected_miss": sum(1 for s in statuses.values() if s.projected_miss),
            "actions": actions,
        }


class _Loaded(list):
    """A list that the generic export can iterate like a queryset."""

    def iterator(self, chunk_size=None):
        return iter(self)


# --- detail -----------------------------------------------------------------------------------------------


class IndicatorDetailView(ObjectDetailView):
    model = Indicator
    template_name = "indicators/indicator_detail.html"
    select_related = ("campaign", "area", "leader", "lead_unit", "source_unit")

    def detail_context(self, ind):
        user = self.request.user
        today = _today()
        status = queries.evaluate([ind], today)[ind.pk]
        actuals = list(
            ind.actuals.select_related("submitted_by", "reviewed_by")
            .prefetch_related("revisions__submitted_by", "revisions__reviewed_by")
            .order_by("period_start")
        )
        for a in actuals:
            a.indicator = ind
        planned_rows = {pv.period_start: pv for pv in ind.planned_values.all()}
        counting = {a.period_start: v for a in actuals if (v := queries.counting_value(a)) is not None}
        case = queries.build_case(
            ind, list(counting.items()), [(s, pv.value, pv.value_high) for s, pv in planned_rows.items()]
        )
        series = dict(queries.to_date_series(ind, counting))
        trajectory = []
        can_plan = not status.problems
        from . import rules

        for i, p in enumerate(queries.periods_of(ind.year, ind.frequency)):
            planned = rules.planned_to_date(case, i) if can_plan else None
            if isinstance(planned, tuple):
                planned_text = f"{fmt(_dec(planned[0]))}–{fmt(_dec(planned[1]))}"
                planned_num = _dec(planned[1])
            else:
                planned_text = fmt(_dec(planned)) if planned is not None else "—"
                planned_num = _dec(planned) if planned is not None else None
            actual = series.get(p)
            trajectory.append(
                {
                    "period": p,
                    "planned": planned_text,
                    "actual": fmt(actual) if actual is not None else "",
                    "ended": p.end < today,
                    "bar_planned": planned_num,
                    "bar_actual": actual,
                }
            )
        top = max(
            [abs(float(r["bar_planned"] or 0)) for r in trajectory]
            + [abs(float(r["bar_actual"] or 0)) for r in trajectory]
            + [1e-9]
        )
        for r in trajectory:
            r["pct_planned"] = round(100 * abs(float(r["bar_planned"] or 0)) / top, 1)
            r["pct_actual"] = round(100 * abs(float(r["bar_actual"] or 0)) / top, 1)
        benchmarks = self.benchmark_table(ind, series)
        can_enter = (
            user.has_perm("indicators.add_actual")
            and Indicator.objects.restrict(user, "enter").filter(pk=ind.pk).exists()
            and not services.source_available(ind)
        )
        return {
            "title": str(ind),
            "today": today,
            "status": status,
            "problems": [services._problem_message(code) for _f, code in status.problems],
            "actuals": actuals,
            "trajectory": trajectory,
            "benchmarks": benchmarks,
            "source": data_sources.get(ind.source_key) if ind.source_key else None,
            "source_missing": bool(ind.source_key) and ind.source_key not in data_sources,
            "history": self.history(ind, 30),
            "custom_plan": bool(planned_rows),
            "can_edit": user.has_perm("indicators.change_indicator"),
            "can_delete": user.has_perm("indicators.delete_indicator"),
            "can_plan": user.has_perm("indicators.change_plannedvalue")
            and user.has_perm("indicators.change_indicator"),
            "can_enter": can_enter,
            "can_review": user.has_perm("indicators.review_actual"),
            "can_benchmark": user.has_perm("indicators.add_benchmark"),
            "can_delete_benchmark": user.has_perm("indicators.delete_benchmark"),
            "return_form": ReturnForm(),
        }

    @staticmethod
    def benchmark_table(ind, series):
        by_period: dict = {}
        for bm in ind.benchmarks.order_by("-period_start", "region"):
            bm.indicator = ind
            by_period.setdefault(bm.period_start, []).append(bm)
        out = []
        periods = {p.start: p for p in queries.periods_of(ind.year, ind.frequency)}
        for start, rows in by_period.items():
            p = periods.get(start)
            own = series.get(p) if p else None
            r = ranking.rank(own, [(b.region, b.value) for b in rows], ind.direction)
            out.append({"period": p, "own": own, "rows": rows, "rank": r})
        return out


def _dec(x):
    if x is None:
        return None
    if isinstance(x, int):
        return Decimal(x)
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("0.01"))


# --- add / edit / delete ----------------------------------------------------------------------------------


class IndicatorEditView(ObjectEditView):
    model = Indicator
    form_class = IndicatorForm
    select_related = ("campaign",)

    def form_kwargs(self, obj):
        return {"user": self.request.user}

    def form_initial(self):
        campaign = self.request.GET.get("campaign")
        if campaign and campaign.isdigit():
            return {"campaign": campaign}
        return {}

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in services.INDICATOR_FIELDS if f in form.cleaned_data}
        if obj is None:
            return services.create_indicator(self.actor, **data)
        data.pop("campaign", None)
        return services.update_indicator(self.actor, obj, **data)

    def cancel_url(self, obj):
        return obj.get_absolute_url() if obj else reverse("indicators:indicator_list")


class IndicatorDeleteView(ObjectDeleteView):
    model = Indicator

    def delete(self, obj):
        services.delete_indicator(self.actor, obj)

    def success_url(self, obj):
        return reverse("indicators:indicator_list")


# --- actuals ----------------------------------------------------------------------------------------------


class ActualEntryView(LoginRequiredMixin, View):
    """The data-source unit enters (or corrects, or resubmits) the actual of a period."""

    def load(self, pk) -> Indicator:
        ind = _visible(self.request.user, pk)
        if not (
            self.request.user.has_perm("indicators.add_actual")
            and Indicator.objects.restrict(self.request.user, "enter").filter(pk=ind.pk).exists()
        ):
            raise PermissionDenied
        return ind

    def get(self, request, pk):
        ind = self.load(pk)
        initial = {}
        period = request.GET.get("period")
        if period:
            initial["period_start"] = period
            existing = ind.actuals.filter(period_start=period).first() if _iso(period) else None
            if existing is not None:
                initial.update(value=fmt(existing.value), note=existing.note)
        return self.render(ind, ActualForm(indicator=ind, initial=initial))

    def post(self, request, pk):
        ind = self.load(pk)
        form = ActualForm(request.POST, indicator=ind)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.submit_actual(
                    Actor.from_request(request),
                    ind,
                    period_start=d["period_start"],
                    value=d["value"],
                    note=d.get("note", ""),
                    unit=d.get("unit") or None,
                    year_to_date=d.get("entry") == YTD,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Actual submitted for review."))
                return HttpResponseRedirect(ind.get_absolute_url() + "#actuals")
        return self.render(ind, form, status=400)

    def render(self, ind, form, status=200):
        return render(
            self.request,
            "indicators/actual_form.html",
            {"form": form, "indicator": ind, "title": _("Enter actual: {name}").format(name=ind.name), "OWN": OWN},
            status=status,
        )


def _iso(text):
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


class ActualReviewView(LoginRequiredMixin, View):
    """POST accept or return (with a reason)."""

    def post(self, request, pk, decision):
        actual = (
            Actual.objects.restrict(request.user, "view")
            .select_related("indicator", "indicator__campaign")
            .filter(pk=pk)
            .first()
        )
        if actual is None:
            raise Http404
        if not request.user.has_perm("indicators.review_actual"):
            raise PermissionDenied
        actor = Actor.from_request(request)
        try:
            if decision == "accept":
                services.accept_actual(actor, actual)
                messages.success(request, _("Actual accepted."))
            else:
                form = ReturnForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("Give the reason for returning the actual."))
                else:
                    services.return_actual(actor, actual, reason=form.cleaned_data["reason"])
                    messages.success(request, _("Actual returned to the data-source unit."))
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        nxt = request.POST.get("next", "")
        if nxt.startswith("/") and not nxt.startswith("//"):
            return HttpResponseRedirect(nxt)
        return HttpResponseRedirect(actual.get_absolute_url())


# --- planned values ---------------------------------------------------------------------------------------


class PlannedValuesView(LoginRequiredMixin, View):
    def load(self, pk) -> Indicator:
        ind = _visible(self.request.user, pk)
        user = self.request.user
        if not (user.has_perm("indicators.change_plannedvalue") and user.has_perm("indicators.change_indicator")):
            raise PermissionDenied
        return ind

    def get(self, request, pk):
        ind = self.load(pk)
        return self.render(ind, PlannedValuesForm(indicator=ind))

    def post(self, request, pk):
        ind = self.load(pk)
        form = PlannedValuesForm(request.POST, indicator=ind)
        if form.is_valid():
            try:
                services.set_planned_values(Actor.from_request(request), ind, form.values())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Planned trajectory saved."))
                return HttpResponseRedirect(ind.get_absolute_url() + "#trajectory")
        return self.render(ind, form, status=400)

    def render(self, ind, form, status=200):
        return render(
            self.request,
            "indicators/planned_form.html",
            {
                "form": form,
                "indicator": ind,
                "title": _("Planned trajectory: {name}").format(name=ind.name),
                "cancel_url": ind.get_absolute_url(),
            },
            status=status,
        )


# --- benchmarks -------------------------------------------------------------------------------------------


class BenchmarkEditView(LoginRequiredMixin, View):
    def load(self, pk) -> Indicator:
        ind = _visible(self.request.user, pk)
        if not self.request.user.has_perm("indicators.add_benchmark"):
            raise PermissionDenied
        return ind

    def get(self, request, pk):
        ind = self.load(pk)
        return self.render(ind, BenchmarkForm(indicator=ind))

    def post(self, request, pk):
        ind = self.load(pk)
        form = BenchmarkForm(request.POST, indicator=ind)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.set_benchmark(
                    Actor.from_request(request),
                    ind,
                    period_start=d["period_start"],
                    region=d["region"],
                    value=d["value"],
                    source=d.get("source", ""),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Benchmark saved."))
                return HttpResponseRedirect(ind.get_absolute_url() + "#benchmarks")
        return self.render(ind, form, status=400)

    def render(self, ind, form, status=200):
        return render(
            self.request,
            "core/object_edit.html",
            {
                "form": form,
                "object": None,
                "title": _("Benchmark: {name}").format(name=ind.name),
                "cancel_url": ind.get_absolute_url(),
            },
            status=status,
        )


class BenchmarkDeleteView(ObjectDeleteView):
    model = Benchmark
    select_related = ("indicator",)

    def delete(self, obj):
        services.delete_benchmark(self.actor, obj)

    def cancel_url(self, obj):
        return obj.indicator.get_absolute_url()

    def success_url(self, obj):
        return obj.indicator.get_absolute_url() + "#benchmarks"


# --- Excel import of actuals ------------------------------------------------------------------------------


def _campaigns(user):
    return Campaign.objects.restrict(user, "view").order_by("-year", "name")


class ImportPermissionMixin(BaseImportPermissionMixin):
    def has_import_permission(self, user) -> bool:
        return user.has_perm("indicators.import_indicator") and user.has_perm("indicators.add_actual")


class ActualImportForm(UploadForm):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=gettext_lazy("Campaign"))
    field_order = ["campaign", "file"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["campaign"].queryset = _campaigns(user)


class ActualTemplateView(ImportPermissionMixin, View):
    def get(self, request, campaign_pk: int):
        try:
            campaign = _campaigns(request.user).get(pk=campaign_pk)
        except Campaign.DoesNotExist:
            raise Http404 from None
        return xlsx_response(imports.template_for(Actor.from_request(request), campaign), imports.TEMPLATE_FILENAME)


class ActualImportView(ImportPermissionMixin, ImportView):
    title = gettext_lazy("Import actuals from Excel")
    template_name = "indicators/actual_import.html"
    form_class = ActualImportForm
    errors_url_name = "indicators:actual_import_errors"

    def get_initial(self):
        latest = _campaigns(self.request.user).first()
        return {"campaign": latest.pk} if latest is not None else {}

    def run(self, actor, data, upload):
        return imports.import_actuals(actor, data["campaign"], upload)

    def success_url(self, data, result):
        return f"{reverse('indicators:indicator_list')}?campaign={data['campaign'].pk}"

    def success_message(self, data, result):
        count = len(result.created)
        return ngettext("Imported {count} actual.", "Imported {count} actuals.", count).format(count=count)

    def extra_context(self):
        campaigns = list(_campaigns(self.request.user))
        return {"templates": [(c, reverse("indicators:actual_template", args=[c.pk])) for c in campaigns]}


class ActualImportErrorsView(ImportPermissionMixin, ImportErrorsView):
    pass


__all__ = [
    "ActualEntryView",
    "ActualImportErrorsView",
    "ActualImportView",
    "ActualReviewView",
    "ActualTemplateView",
    "BenchmarkDeleteView",
    "BenchmarkEditView",
    "IndicatorDeleteView",
    "IndicatorDetailView",
    "IndicatorEditView",
    "IndicatorListView",
    "PlannedValuesView",
]


# --- targets of a plan-from-text draft --------------------------------------------------------------------


class FromPlanCommonForm(forms.Form):
    lead_unit = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Lead unit"))
    source_unit = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Data-source unit"))
    leader = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Responsible leader"), required=False)

    def __init__(self, *args, **kwargs):
        from gongjian.org.models import Unit, leaders_queryset

        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = Unit.objects.filter(is_active=True)
        self.fields["source_unit"].queryset = Unit.objects.filter(is_active=True)
        self.fields["leader"].queryset = leaders_queryset()


class _FromPlanMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("indicators.add_indicator"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def drafts(self):
        from gongjian.plantext.models import PlanDraft

        return PlanDraft.objects.filter(created_by=self.request.user)  # a draft is only ever its author's


class FromPlanListView(_FromPlanMixin, View):
    """The user's plan drafts whose quantified targets were kept when the areas and items were created."""

    def get(self, request):
        from . import from_plan

        rows = [(d, len(from_plan.kept_targets(d))) for d in self.drafts().order_by("-created_at")[:50]]
        return render(
            request,
            "indicators/from_plan_list.html",
            {"title": _("Indicators from plan drafts"), "rows": [(d, n) for d, n in rows if n]},
        )


class FromPlanView(_FromPlanMixin, View):
    template_name = "indicators/from_plan.html"

    def load(self, pk):
        draft = self.drafts().filter(pk=pk).first()
        if draft is None:
            raise Http404
        campaign_pk = (draft.created_objects or {}).get("campaign")
        campaign = Campaign.objects.restrict(self.request.user, "view").filter(pk=campaign_pk).first()
        if campaign is None:
            raise Http404
        return draft, campaign

    def get(self, request, pk):
        from . import from_plan

        draft, campaign = self.load(pk)
        return self.render(draft, campaign, FromPlanCommonForm(), from_plan.proposals(draft, campaign), {})

    def post(self, request, pk):
        from . import from_plan

        draft, campaign = self.load(pk)
        proposals = from_plan.proposals(draft, campaign)
        form = FromPlanCommonForm(request.POST)
        rows = []
        for p in proposals:
            k = p["index"]
            p.update(
                name=request.POST.get(f"t{k}-name", p["name"]).strip()[:200],
                unit=request.POST.get(f"t{k}-unit", p["unit"]),
                comparator=request.POST.get(f"t{k}-comparator", p["comparator"]),
                kind=request.POST.get(f"t{k}-kind", p["kind"]),
                target=request.POST.get(f"t{k}-target", ""),
                target_high=request.POST.get(f"t{k}-target_high", ""),
                baseline=request.POST.get(f"t{k}-baseline", ""),
                accept=bool(request.POST.get(f"t{k}-accept")),
            )
            if p["accept"]:
                rows.append(p)
        errors: dict[int, list[str]] = {}
        if form.is_valid() and not rows:
            form.add_error(None, _("Keep at least one target."))
        if form.is_valid():
            data = []
            for p in rows:
                row = {
                    "index": p["index"],
                    "name": p["name"],
                    "unit": p["unit"],
                    "comparator": p["comparator"],
                    "kind": p["kind"],
                    "frequency": "monthly",
                }
                for field in ("target", "target_high", "baseline"):
                    text = (p[field] or "").strip()
                    if not text:
                        row[field] = None
                        continue
                    try:
                        row[field] = Decimal(text)
                    except ArithmeticError:
                        errors.setdefault(p["index"], []).append(_("“{value}” is not a number.").format(value=text))
                data.append(row)
            if not errors:
                try:
                    created = from_plan_create(Actor.from_request(request), campaign, data, form.cleaned_data)
                except from_plan.TargetRowsInvalid as exc:
                    errors = {k: [m for ms in v.values() for m in ms] for k, v in exc.rows.items()}
                else:
                    messages.success(
                        request,
                        ngettext("Created {count} indicator.", "Created {count} indicators.", len(created)).format(
                            count=len(created)
                        ),
                    )
                    return HttpResponseRedirect(f"{reverse('indicators:indicator_list')}?campaign={campaign.pk}")
        return self.render(draft, campaign, form, proposals, errors, status=400)

    def render(self, draft, campaign, form, proposals, errors, status=200):
        from .choices import UNITS, Comparator, IndicatorKind

        for p in proposals:
            p["errors"] = errors.get(p["index"], [])
        return render(
            self.request,
            self.template_name,
            {
                "title": _("Indicators from the plan draft"),
                "draft": draft,
                "campaign": campaign,
                "form": form,
                "proposals": proposals,
                "units": UNITS,
                "comparators": Comparator.choices,
                "kinds": IndicatorKind.choices,
            },
            status=status,
        )


def from_plan_create(actor, campaign, rows, common):
    from . import from_plan

    return from_plan.create_from_targets(
        actor,
        campaign,
        rows,
        lead_unit=common["lead_unit"],
        source_unit=common["source_unit"],
        leader=common.get("leader"),
    )
