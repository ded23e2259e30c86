"""Account pages: login (password, then the second factor where required), own password, own sessions, and the
security administrator's pages (login locks, the account policy)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gongjian.core.services import Actor
from gongjian.org.choices import RoleChoices

from . import services
from .forms import LoginForm, OwnPasswordForm
from .mfa import confirmed_totp, mfa_required
from .models import LoginLock, UserSession
from .signals import SESSION_MFA_OK, SESSION_PASSWORD_CHANGE

__all__ = [
    "LockListView",
    "LoginView",
    "PasswordChangeView",
    "PolicyView",
    "SessionsView",
    "complete_login",
    "lift_lock",
]

#: Session key of a login whose password step passed and whose second factor is still due.
PENDING = "gj_pending_login"
PENDING_SECONDS = 5 * 60
BACKEND = "django.contrib.auth.backends.ModelBackend"


def complete_login(request, user, *, device=None, first_login: bool = False) -> None:
    """Open the session: Django's login (new session key, audit), the second factor's device, forced steps."""
    auth_login(request, user, backend=BACKEND)
    if device is not None:
        from django_otp import login as otp_login

        otp_login(request, device)
        request.session[SESSION_MFA_OK] = True
    reason = services.must_change_password(user, first_login=first_login)
    if reason:
        request.session[SESSION_PASSWORD_CHANGE] = reason


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        first_login = user.last_login is None
        next_url = self.get_redirect_url() or landing(user)
        if mfa_required(user):
            self.request.session.cycle_key()
            self.request.session[PENDING] = {"user": user.pk, "at": time.time(), "next": next_url, "first": first_login}
            return redirect("accounts:otp_verify" if confirmed_totp(user) else "accounts:otp_setup")
        complete_login(self.request, user, first_login=first_login)
        return redirect(next_url)


#: Where a login without a "next" page leads: the first page of this list the user may open.
LANDINGS = [
    ("campaigns.view_campaign", settings.LOGIN_REDIRECT_URL),
    ("core.view_auditlog", "core:audit_list"),
    ("accounts.view_loginlock", "accounts:locks"),
]


def landing(user) -> str:
    for perm, name in LANDINGS:
        if user.has_perm(perm):
            return reverse(name)
    return reverse("core:my_work")


_REASONS = {
    "first": gettext_lazy("This is your first login: choose your own password."),
    "reset": gettext_lazy("Your password was set by an administrator: choose your own password."),
    "expired": gettext_lazy("Your password is more than {days} days old: choose a new one."),
}


class PasswordChangeView(LoginRequiredMixin, View):
    """Change one's own password (through the service: policy, history, audit)."""

    template_name = "core/password_change.html"

    def _render(self, form, status=200):
        reason = self.request.session.get(SESSION_PASSWORD_CHANGE)
        notice = str(_REASONS[reason]).format(days=settings.GONGJIAN_PASSWORD_MAX_AGE_DAYS) if reason else ""
        return render(self.request, self.template_name, {"form": form, "notice": notice}, status=status)

    def get(self, request):
        return self._render(OwnPasswordForm(request.user))

    def post(self, request):
        form = OwnPasswordForm(request.user, request.POST)
        if form.is_valid():
            try:
                services.set_password(Actor.from_request(request), request.user, form.cleaned_data["new_password1"])
            except ValidationError as exc:
                for message in exc.message_dict.get("password", exc.messages):
                    form.add_error("new_password1", message)
            else:
                request.user.refresh_from_db()
                update_session_auth_hash(request, request.user)
                request.session.pop(SESSION_PASSWORD_CHANGE, None)
                return redirect("password_change_done")
        return self._render(form)


class SessionsView(LoginRequiredMixin, View):
    """My sessions, and "log out everywhere" (every other session of mine ends)."""

    def get(self, request):
        sessions = UserSession.objects.restrict(request.user).order_by("-started_at")
        return render(
            request,
            "accounts/sessions.html",
            {"sessions": sessions, "current": request.session.session_key, "title": _("My sessions")},
        )

    def post(self, request):
        count = services.end_sessions(Actor.from_request(request), request.user, keep=request.session.session_key)
        messages.success(request, _("{n} other sessions were ended.").format(n=count))
        return redirect("accounts:sessions")


class LockListView(LoginRequiredMixin, View):
    """Login locks (security administrator): the active ones first, with the button that lifts them."""

    def get(self, request):
        if not request.user.has_perm("accounts.view_loginlock"):
            raise PermissionDenied
        now = timezone.now()
        locks = list(LoginLock.objects.restrict(request.user, "view").select_related("lifted_by")[:200])
        for lock in locks:
            lock.active = lock.lifted_at is None and lock.until > now
        return render(request, "accounts/locks.html", {"locks": locks, "title": _("Login locks")})


def lift_lock(request, pk):
    if request.method != "POST":
        return redirect("accounts:locks")
    if not request.user.is_authenticated:
        return redirect("login")
    if not request.user.has_perm("accounts.lift_loginlock"):
        raise PermissionDenied
    lock = get_object_or_404(LoginLock.objects.restrict(request.user, "view"), pk=pk)
    try:
        services.lift_lock(Actor.from_request(request), lock)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The lock was lifted."))
    return redirect("accounts:locks")


class PolicyView(LoginRequiredMixin, View):
    """The account policy in force (security administrator): the values come from the configuration."""

    def get(self, request):
        if not request.user.has_perm("accounts.view_loginlock"):
            raise PermissionDenied
        s = settings
        labels = dict(RoleChoices.choices)
        mfa_roles = [str(labels.get(r, r)) for r, needed in s.GONGJIAN_MFA_REQUIRED.items() if needed]
        rows = [
            (_("Minimum password length"), _("{n} characters").format(n=s.GONGJIAN_PASSWORD_MIN_LENGTH)),
            (_("Character kinds required"), _("{n} of 4").format(n=s.GONGJIAN_PASSWORD_MIN_CLASSES)),
            (_("Earlier passwords refused"), _("the last {n}").format(n=s.GONGJIAN_PASSWORD_HISTORY)),
            (_("Password expiry"), _("{n} days").format(n=s.GONGJIAN_PASSWORD_MAX_AGE_DAYS)),
            (
                _("Failures before a lock"),
                _("{n} within {m} minutes").format(
                    n=s.GONGJIAN_LOGIN_MAX_FAILURES, m=s.GONGJIAN_LOGIN_WINDOW_SECONDS // 60
                ),
            ),
            (_("Lock duration"), _("{n} minutes").format(n=s.GONGJIAN_LOGIN_LOCK_SECONDS // 60)),
            (_("Failures from one address before it is locked"), str(s.GONGJIAN_LOGIN_IP_MAX_FAILURES)),
            (_("Idle timeout"), _("{n} minutes").format(n=s.GONGJIAN_SESSION_IDLE_SECONDS // 60)),
            (_("Longest session"), _("{n} hours").format(n=s.GONGJIAN_SESSION_MAX_SECONDS // 3600)),
            (_("One session per account"), _("yes") if s.GONGJIAN_SINGLE_SESSION else _("no")),
            (_("Roles that must use a second factor"), "、".join(mfa_roles) or _("none")),
        ]
        return render(request, "accounts/policy.html", {"rows": rows, "title": _("Account policy")})
