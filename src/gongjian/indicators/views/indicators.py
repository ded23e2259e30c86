"""The indicator pages: list, detail (trajectory, actuals, benchmarks), add, edit, delete."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjian.core.registry import data_sources
from gongjian.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from .. import figures, queries, ranking, rules, services
from ..filtersets import IndicatorFilterSet
from ..forms import IndicatorForm, ReturnForm
from ..models import Indicator, fmt
from ..tables import INDICATOR_COLUMNS


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

    def get_queryset(self):
        return super().get_queryset().select_related("figures")

    def decorate_rows(self, rows):
        for row in rows:
            row.status = figures.status_of(row, _stored(row))

    def export(self, qs):
        return super().export(_Decorated(qs, self.decorate_rows))

    def extra_context(self):
        _filterset, qs = self.filtered()
        counts = qs.order_by().aggregate(
            red=Count("pk", filter=Q(figures__colour=rules.RED)),
            yellow=Count("pk", filter=Q(figures__colour=rules.YELLOW)),
            green=Count("pk", filter=Q(figures__colour=rules.GREEN)),
            projected_miss=Count("pk", filter=Q(figures__projected_miss=True)),
        )
        user = self.request.user
        actions = []
        if user.has_perm("indicators.import_indicator"):
            actions.append((reverse("indicators:actual_import"), _("Import actuals")))
        if user.has_perm("indicators.add_indicator"):
            actions.append((reverse("indicators:from_plan_list"), _("From plan drafts")))
        return {
            "counts": {c: counts[c] for c in ("red", "yellow", "green")},
            "projected_miss": counts["projected_miss"],
            "actions": actions,
        }


def _stored(row):
    try:
        return row.figures
    except ObjectDoesNotExist:
        return None


class _Decorated:
    """The filtered rows, each given its status from the stored figures as the export streams them."""

    def __init__(self, qs, decorate):
        self.qs, self.decorate = qs, decorate

    def iterator(self, chunk_size=2000):
        batch = []
        for row in self.qs.iterator(chunk_size=chunk_size):
            batch.append(row)
            if len(batch) >= chunk_size:
                self.decorate(batch)
                yield from batch
                batch = []
        self.decorate(batch)
        yield from batch


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
        from .. import rules

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
