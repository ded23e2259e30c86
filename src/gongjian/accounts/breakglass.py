"""Break-glass: in production the Django superuser logs in only with a one-time code that ``gongjian breakglass``
issues on the server (a shell on the server is the proof of authority), valid for 15 minutes
(``GONGJIAN_BREAKGLASS_SECONDS``). Issue and use are both audited."""

from __future__ import annotations

import datetime as dt
import secrets

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gongjian.core.auth import security_event
from gongjian.core.services import Actor, record

from . import lockout
from .models import BreakGlassGrant
from .services import digest

__all__ = ["BreakGlassView", "issue"]


@transaction.atomic
def issue(user, reason: str) -> tuple[BreakGlassGrant, str]:
    if not user.is_superuser or not user.is_active:
        raise ValueError(_("Break-glass codes are only for an active superuser."))
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(_("Give the reason for the break-glass login."))
    code = secrets.token_hex(10)
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        user=user,
        digest=digest(code),
        reason=reason[:300],
        issued_at=now,
        expires_at=now + dt.timedelta(seconds=settings.GONGJIAN_BREAKGLASS_SECONDS),
    )
    record(Actor.system(), "auth.breakglass_issued", user, after={"reason": grant.reason})
    return grant, code


class BreakGlassForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    password = forms.CharField(label=gettext_lazy("Password"), strip=False, widget=forms.PasswordInput)
    code = forms.CharField(label=gettext_lazy("Break-glass code"), max_length=40)


class BreakGlassView(View):
    def _render(self, form):
        return render(self.request, "accounts/breakglass.html", {"form": form, "title": _("Break-glass login")})

    def get(self, request):
        return self._render(BreakGlassForm())

    def post(self, request):
        from .views import complete_login

        form = BreakGlassForm(request.POST)
        if not form.is_valid():
            return self._render(form)
        username = form.cleaned_data["username"]
        lock = lockout.refuse_if_locked(request, username)
        if lock is not None:
            form.add_error(None, lockout.locked_message(lock))
            return self._render(form)
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        with transaction.atomic():
            grant = (
                BreakGlassGrant.objects.select_for_update()
                .filter(digest=digest(form.cleaned_data["code"].strip()), used_at__isnull=True)
                .filter(expires_at__gt=timezone.now())
                .first()
            )
            if user is None or not user.is_superuser or grant is None or grant.user_id != user.pk:
                if user is not None:  # a wrong password was already counted by the login signal
                    security_event(request, username, "auth.login_failed")
                    lockout.register_failure(request, username)
                form.add_error(None, _("The username, password or break-glass code is not valid."))
                return self._render(form)
            grant.used_at = timezone.now()
            grant.save(update_fields=["used_at"])
        complete_login(request, user)
        record(Actor.from_request(request), "auth.breakglass_login", user, after={"reason": grant.reason})
        return redirect("core:home")
