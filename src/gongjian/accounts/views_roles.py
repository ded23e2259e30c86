"""Role assignment by the security administrator (三权分立: the system administrator cannot grant the
administrator roles)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gongjian.core.services import Actor
from gongjian.org import services as org_services
from gongjian.org.choices import RoleChoices
from gongjian.org.models import User

__all__ = ["RolesView", "UserRolesView"]

PERMISSION = "accounts.grant_security_role"


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles"), choices=RoleChoices.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


class RolesView(LoginRequiredMixin, View):
    """Every account with its roles."""

    def get(self, request):
        _check(request)
        users = User.objects.restrict(request.user, "view").select_related("unit").prefetch_related("groups")
        return render(request, "accounts/roles.html", {"users": users, "title": _("Roles of the accounts")})


class UserRolesView(LoginRequiredMixin, View):
    def _user(self, request, pk):
        _check(request)
        return get_object_or_404(User.objects.restrict(request.user, "view"), pk=pk)

    def _render(self, form, account):
        title = _("Roles of {name}").format(name=account)
        return render(self.request, "accounts/user_roles.html", {"form": form, "account": account, "title": title})

    def get(self, request, pk):
        account = self._user(request, pk)
        return self._render(RolesForm(initial={"roles": account.role_codes}), account)

    def post(self, request, pk):
        account = self._user(request, pk)
        form = RolesForm(request.POST)
        if form.is_valid():
            try:
                org_services.set_roles(Actor.from_request(request), account, form.cleaned_data["roles"])
            except ValidationError as exc:
                form.add_error("roles", " ".join(exc.messages))
            else:
                messages.success(request, _("The roles were saved."))
                return redirect("accounts:roles")
        return self._render(form, account)
