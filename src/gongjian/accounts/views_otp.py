"""The second-factor pages: the code step of the login, enrolment (QR code, then recovery codes)."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from gongjian.core.auth import security_event
from gongjian.core.services import Actor, client_ip

from . import lockout, otp, stepup
from .forms import EnrolForm, PasswordConfirmForm, TokenCodeForm
from .mfa import confirmed_totp
from .otp import confirm_enrolment, new_recovery_codes, qr_svg, start_enrolment, verify_code
from .policy import b32
from .views import PENDING, PENDING_SECONDS, complete_login

__all__ = ["DisableView", "EnrolView", "RecoveryCodesView", "VerifyView"]

_SETUP = "gj_otp_setup"


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


def _finish(request, user, pending, device):
    request.session.pop(PENDING, None)
    request.session.pop(_SETUP, None)
    complete_login(request, user, device=device, first_login=pending.get("first", False))


class VerifyView(View):
    """Second step of the login: a TOTP code or a recovery code. Wrong codes count toward the login locks."""

    def dispatch(self, request, *args, **kwargs):
        self.user, self.pending = _pending_user(request)
        if self.user is None:
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)

    def _render(self, form):
        return render(self.request, "accounts/otp_verify.html", {"form": form, "title": _("Second factor")})

    def get(self, request):
        return self._render(TokenCodeForm())

    def post(self, request):
        form = TokenCodeForm(request.POST)
        username = self.user.get_username()
        lock = lockout.refuse_if_locked(request, username)
        if lock is not None:
            request.session.pop(PENDING, None)
            form.is_valid()
            form.add_error(None, lockout.locked_message(lock))
            return self._render(form)
        if form.is_valid():
            device = verify_code(self.user, form.cleaned_data["code"])
            if device is not None:
                _finish(request, self.user, self.pending, device)
                return redirect(self.pending.get("next") or "core:home")
            security_event(request, username, "auth.mfa_failed")
            lockout.register_failure(request, username)
            form.add_error("code", _("This code is not valid."))
        return self._render(form)


class EnrolView(View):
    """Set up the authenticator app: during a login that needs it (no device yet), or later from the account,
    where the password is asked again (step-up): an open session alone does not move the second factor."""

    def dispatch(self, request, *args, **kwargs):
        self.pending = None
        if request.user.is_authenticated:
            self.user = request.user
        else:
            self.user, self.pending = _pending_user(request)
            if self.user is None:
                return redirect("login")
            if confirmed_totp(self.user) is not None:
                # The password step alone never replaces a device: the code of the existing one is due.
                return redirect("accounts:otp_verify")
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None):
        return TokenCodeForm(data) if self.pending is not None else EnrolForm(data)

    def _render(self, form, device):
        request = self.request
        request.session[_SETUP] = device.pk
        context = {
            "form": form,
            "qr": mark_safe(qr_svg(device)),  # noqa: S308 - SVG drawn by qrcode from our own URL
            "secret": b32(device.bin_key),
            "title": _("Set up the second factor"),
        }
        return render(request, "accounts/otp_setup.html", context)

    def get(self, request):
        return self._render(self._form(), start_enrolment(self.user, request.session.get(_SETUP)))

    def post(self, request):
        device = start_enrolment(self.user, request.session.get(_SETUP))
        form = self._form(request.POST)
        if form.is_valid() and (self.pending is not None or stepup.confirmed(request, form, "mfa_enrol")):
            actor = Actor(user=self.user, ip=client_ip(request))
            codes = confirm_enrolment(actor, device, form.cleaned_data["code"])
            if codes is not None:
                next_url = self.pending.get("next") if self.pending else None
                if self.pending is not None:
                    _finish(request, self.user, self.pending, device)
                request.session.pop(_SETUP, None)
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": next_url or "/", "title": _("Recovery codes")},
                )
            form.add_error("code", _("This code is not valid: check the time of your phone and try again."))
        return self._render(form, device)


_NEW_CODES = "gj_new_recovery_codes"


class RecoveryCodesView(LoginRequiredMixin, View):
    """New recovery codes (the old ones stop working), after the password (step-up); they are shown once, on the
    page the POST leads to."""

    def _render(self, form):
        context = {
            "form": form,
            "title": _("New recovery codes"),
            "explanation": _("New recovery codes replace the old ones, which stop working at once."),
            "action": _("Make new recovery codes"),
        }
        return render(self.request, "accounts/confirm_password.html", context)

    def get(self, request):
        codes = request.session.pop(_NEW_CODES, [])
        if not codes:
            return self._render(PasswordConfirmForm())
        context = {"codes": codes, "next": reverse("accounts:tokens"), "title": _("Recovery codes")}
        return render(request, "accounts/recovery_codes.html", context)

    def post(self, request):
        form = PasswordConfirmForm(request.POST)
        if not (form.is_valid() and stepup.confirmed(request, form, "mfa_recovery_codes")):
            return self._render(form)
        request.session[_NEW_CODES] = new_recovery_codes(Actor.from_request(request), request.user)
        return redirect("accounts:recovery_codes")


class DisableView(LoginRequiredMixin, View):
    """Switch off one's own second factor, after the password (step-up); not for the roles that must use one."""

    def _render(self, form):
        context = {
            "form": form,
            "refusal": otp.disable_refusal(self.request.user),
            "title": _("Switch off the second factor"),
            "explanation": _(
                "Your authenticator app and your recovery codes stop working; you log in with your password alone."
            ),
            "action": _("Switch off"),
            "danger": True,
        }
        return render(self.request, "accounts/confirm_password.html", context)

    def get(self, request):
        return self._render(PasswordConfirmForm())

    def post(self, request):
        form = PasswordConfirmForm(request.POST)
        if not (form.is_valid() and stepup.confirmed(request, form, "mfa_disable")):
            return self._render(form)
        try:
            otp.disable(Actor.from_request(request), request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The second factor is switched off."))
        return redirect("accounts:tokens")
