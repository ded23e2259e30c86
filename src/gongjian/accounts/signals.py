"""Login signals: count failures toward the locks, and start the session bookkeeping at every login."""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gongjian.core.services import client_ip

from . import lockout
from .mfa import mfa_required
from .services import forget_session, remember_session

SESSION_START = "gj_start"
SESSION_SEEN = "gj_seen"
SESSION_MFA_REQUIRED = "gj_mfa_required"
SESSION_MFA_OK = "gj_mfa_ok"
SESSION_PASSWORD_CHANGE = "gj_pw_change"  # noqa: S105 - a session key


@receiver(user_login_failed, dispatch_uid="gongjian.accounts.login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    if username:
        lockout.register_failure(request, username)


@receiver(user_logged_in, dispatch_uid="gongjian.accounts.login")
def _on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    lockout.clear_failures(request, user.get_username())
    now = time.time()
    session = request.session
    session[SESSION_START] = now
    session[SESSION_SEEN] = now
    session[SESSION_MFA_REQUIRED] = mfa_required(user)
    session[SESSION_MFA_OK] = False
    if session.session_key is None:
        session.save()
    remember_session(user, session.session_key, client_ip(request))


@receiver(user_logged_out, dispatch_uid="gongjian.accounts.logout")
def _on_logout(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        forget_session(request.session.session_key)
