"""Entering and reviewing actuals, the planned trajectory and the benchmarks of an indicator."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from gongjian.core.services import Actor
from gongjian.core.views.generic import (
    ObjectDeleteView,
    apply_service_errors,
)

from .. import services
from ..forms import OWN, YTD, ActualForm, BenchmarkForm, PlannedValuesForm, ReturnForm
from ..models import Actual, Benchmark, Indicator, fmt
from .indicators import _visible


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
