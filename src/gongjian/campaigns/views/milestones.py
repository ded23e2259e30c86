"""Milestones of an item: add, edit, record completion with evidence, delete."""

from __future__ import annotations

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
    ObjectEditView,
    apply_service_errors,
)

from .. import services
from ..forms import (
    MilestoneForm,
    MilestoneRecordForm,
)
from ..models import Milestone
from .common import _file_response, _ItemChildMixin, _today

# --- milestones -------------------------------------------------------------------------------------------


class MilestoneEditView(_ItemChildMixin, ObjectEditView):
    model = Milestone
    form_class = MilestoneForm
    select_related = ("item",)

    def get(self, request, pk=None, item_pk=None):
        self.parent = self.item(item_pk) if item_pk else None
        return super().get(request, pk)

    def post(self, request, pk=None, item_pk=None):
        self.parent = self.item(item_pk) if item_pk else None
        return super().post(request, pk)

    def save(self, form, obj):
        data = {f: form.cleaned_data[f] for f in ("title", "planned_date", "actual_date")}
        if obj is None:
            return services.add_milestone(self.actor, self.parent, **data)
        return services.update_milestone(self.actor, obj, **data)

    def success_url(self, obj):
        return obj.item.get_absolute_url() + "#milestones"

    def cancel_url(self, obj):
        return (obj.item if obj else self.parent).get_absolute_url()


class MilestoneRecordView(LoginRequiredMixin, View):
    """The unit records that a milestone was met: actual date and an evidence file."""

    def load(self, pk) -> Milestone:
        ms = Milestone.objects.restrict(self.request.user, "view").select_related("item").filter(pk=pk).first()
        if ms is None:
            raise Http404
        if not Milestone.objects.restrict(self.request.user, "complete").filter(pk=pk).exists():
            raise PermissionDenied
        return ms

    def get(self, request, pk):
        ms = self.load(pk)
        form = MilestoneRecordForm(initial={"actual_date": ms.actual_date or _today()})
        return self.render(ms, form)

    def post(self, request, pk):
        ms = self.load(pk)
        form = MilestoneRecordForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.record_milestone(
                    Actor.from_request(request),
                    ms,
                    actual_date=form.cleaned_data["actual_date"],
                    evidence=form.cleaned_data.get("evidence"),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Milestone recorded."))
                return HttpResponseRedirect(ms.item.get_absolute_url() + "#milestones")
        return self.render(ms, form, status=400)

    def render(self, ms, form, status=200):
        return render(
            self.request,
            "core/object_edit.html",
            {
                "form": form,
                "object": ms,
                "title": _("Record milestone: {title}").format(title=ms.title),
                "cancel_url": ms.item.get_absolute_url(),
            },
            status=status,
        )


class MilestoneDeleteView(ObjectDeleteView):
    model = Milestone
    select_related = ("item",)

    def delete(self, obj):
        services.delete_milestone(self.actor, obj)

    def cancel_url(self, obj):
        return obj.item.get_absolute_url()

    def success_url(self, obj):
        return obj.item.get_absolute_url() + "#milestones"


class MilestoneEvidenceView(LoginRequiredMixin, View):
    def get(self, request, pk):
        ms = Milestone.objects.restrict(request.user, "view").filter(pk=pk).first()
        if ms is None or not ms.evidence:
            raise Http404
        return _file_response(ms.evidence, ms.evidence_name)
