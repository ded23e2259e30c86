"""Login: failure limit per account (even the right password is refused while locked), and audit of every
login, failed login and logout.

The counter lives in the cache. A single app server's default cache is enough; several app servers need a
shared cache (docs/deployment.md).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AuditLog
from .services import Actor, client_ip, record

__all__ = ["LockoutAuthenticationForm", "is_locked", "register_failure"]

MAX_FAILURES = int(getattr(settings, "GONGJIAN_LOGIN_MAX_FAILURES", 5))
LOCK_SECONDS = int(getattr(settings, "GONGJIAN_LOGIN_LOCK_SECONDS", 15 * 60))


def _key(username: str) -> str:
    return "gongjian:login-failures:" + (username or "").strip().lower()[:150]


def is_locked(username: str) -> bool:
    return cache.get(_key(username), 0) >= MAX_FAILURES


def register_failure(username: str) -> int:
    key = _key(username)
    cache.add(key, 0, LOCK_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, LOCK_SECONDS)
        return 1


def clear_failures(username: str) -> None:
    cache.delete(_key(username))


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many failed logins: this account is locked for {minutes} minutes."),
    }

    def clean(self):
        username = self.cleaned_data.get("username", "")
        if username and is_locked(username):
            raise forms.ValidationError(self.error_messages["locked"].format(minutes=LOCK_SECONDS // 60), code="locked")
        return super().clean()


@receiver(user_login_failed, dispatch_uid="gongjian.audit.login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    if request is not None and not is_locked(username):
        register_failure(username)
    AuditLog.objects.create(
        at=timezone.now(),
        actor=None,
        actor_name=username,
        ip=client_ip(request) if request is not None else None,
        source=AuditLog.Source.WEB,
        action="auth.login_failed",
        success=False,
    )


@receiver(user_logged_in, dispatch_uid="gongjian.audit.login")
def _on_login(sender, request, user, **kwargs):
    clear_failures(user.get_username())
    record(Actor(user=user, ip=client_ip(request) if request else None), "auth.login", user)


@receiver(user_logged_out, dispatch_uid="gongjian.audit.logout")
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(Actor(user=user, ip=client_ip(request) if request else None), "auth.logout", user)
