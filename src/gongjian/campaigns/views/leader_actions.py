"""Leader actions on an item (领导批示, 督导): record and delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from gongjian.core.services import Actor
from gongjian.core.views.generic import (
    ObjectDeleteView,
    apply_service_errors,
)

from .. import services
from ..forms import (
    LeaderActionForm,
)
from ..models import LeaderAction
from .common import _ItemChildMixin

# --- leader actions ---------------------------------------------------------------------------------------


class LeaderActionCreateView(_ItemChildMixin, LoginRequiredMixin, View):
    def get(self, request, item_pk):
        item = self.item(item_pk)
        if not request.user.has_perm("campaigns.add_leaderaction"):
            raise PermissionDenied
        return self.render(item, LeaderActionForm(user=request.user))

    def post(self, request, item_pk):
        item = self.item(item_pk)
        if not request.user.has_perm("campaigns.add_leaderaction"):
            raise PermissionDenied
        form = LeaderActionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.record_leader_action(Actor.from_request(request), item, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Leader action recorded."))
                return HttpResponseRedirect(item.get_absolute_url() + "#leader-actions")
        return self.render(item, form, status=400)

    def render(self, item, form, status=200):
        return render(
            self.request,
            "core/object_edit.html",
            {
                "form": form,
                "object": None,
                "title": _("Leader action on {item}").format(item=item),
                "cancel_url": item.get_absolute_url(),
            },
            status=status,
        )


class LeaderActionDeleteView(ObjectDeleteView):
    model = LeaderAction
    select_related = ("item", "leader")

    def delete(self, obj):
        services.delete_leader_action(self.actor, obj)

    def cancel_url(self, obj):
        return obj.item.get_absolute_url()

    def success_url(self, obj):
        return obj.item.get_absolute_url() + "#leader-actions"
