"""My API tokens: create (after the password again; the secret is shown once), list, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from gongjian.core.services import Actor

from . import services, stepup
from .forms import ApiTokenForm
from .models import ApiToken

__all__ = ["TokenListView", "revoke_token"]


_NEW_SECRET = "gj_new_token"  # noqa: S105 - a session key, not a secret


class TokenListView(LoginRequiredMixin, View):
    def _render(self, form):
        secret = self.request.session.pop(_NEW_SECRET, None)
        tokens = ApiToken.objects.restrict(self.request.user).order_by("-created_at", "-id")
        context = {"form": form, "tokens": tokens, "secret": secret, "title": _("My API tokens")}
        return render(self.request, "accounts/tokens.html", context)

    def get(self, request):
        return self._render(ApiTokenForm())

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if form.is_valid() and stepup.confirmed(request, form, "token"):
            data = {k: v for k, v in form.cleaned_data.items() if k != "password"}
            try:
                _token, secret = services.create_token(Actor.from_request(request), **data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                self.request.session[_NEW_SECRET] = secret  # shown once, on the page this leads to
                return redirect("accounts:tokens")
        return self._render(form)


def revoke_token(request, pk):
    if not request.user.is_authenticated:
        return redirect("login")
    if request.method != "POST":
        return redirect("accounts:tokens")
    token = get_object_or_404(ApiToken.objects.restrict(request.user), pk=pk)
    services.revoke_token(Actor.from_request(request), token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")
