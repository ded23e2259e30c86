"""Session limits and forced steps for logged-in web users.

* idle timeout (``GONGJIAN_SESSION_IDLE_SECONDS``) and absolute limit (``GONGJIAN_SESSION_MAX_SECONDS``): the
  session is ended on the server (its row deleted) and the user sent to the login page;
* a session of an account that needs a second factor but was opened without one is ended;
* while the password must be changed (first login, after a reset, expired) every page leads to the change page.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from gongjian.core.auth import security_event

from .policy import session_ended
from .signals import SESSION_MFA_OK, SESSION_MFA_REQUIRED, SESSION_PASSWORD_CHANGE, SESSION_SEEN, SESSION_START

__all__ = ["AccountPolicyMiddleware"]

_OPEN_DURING_CHANGE = ("password_change", "password_change_done", "logout", "set_language")


class AccountPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is None or session is None or not user.is_authenticated or "_auth_user_id" not in session:
            return self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        now = time.time()
        started = session.setdefault(SESSION_START, now)
        seen = session.get(SESSION_SEEN, now)
        reason = session_ended(
            started, seen, now, settings.GONGJIAN_SESSION_IDLE_SECONDS, settings.GONGJIAN_SESSION_MAX_SECONDS
        )
        if reason is None and session.get(SESSION_MFA_REQUIRED) and not session.get(SESSION_MFA_OK):
            reason = "mfa"
        if reason is not None:
            username = user.get_username()
            logout(request)  # deletes the session on the server
            security_event(request, username, f"auth.session_{reason}", success=True)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Your session has ended: log in again.")}, status=403)
            messages.info(request, _("Your session has ended: log in again."))
            return redirect_to_login(request.get_full_path())
        session[SESSION_SEEN] = now
        if session.get(SESSION_PASSWORD_CHANGE):
            allowed = {reverse(name) for name in _OPEN_DURING_CHANGE}
            if request.path not in allowed:
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Change your password first.")}, status=403)
                return redirect("password_change")
        return self.get_response(request)
