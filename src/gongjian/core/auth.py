"""Login: a failure limit per account (while locked even the right password is refused, on the web and for API
tokens alike), and an audit record for every login, failed login, refused locked login, lock, logout and
password change.

The counters live in the cache (``settings.CACHES``): a file cache under var/ by default, shared by every
worker process of one server; several servers need a shared cache (docs/deployment.md).
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

__all__ = [
    "LockoutAuthenticationForm",
    "audit_password_change",
    "is_locked",
    "locked_message",
    "refuse_if_locked",
    "register_failure",
]


def _max_failures() -> int:
    return settings.GONGJIAN_LOGIN_MAX_FAILURES


def _lock_seconds() -> int:
    return settings.GONGJIAN_LOGIN_LOCK_SECONDS


def _key(username: str) -> str:
    return "gongjian:login-failures:" + (username or "").strip().lower()[:150]


def is_locked(username: str) -> bool:
    return cache.get(_key(username), 0) >= _max_failures()


def register_failure(username: str) -> int:
    key = _key(username)
    if cache.add(key, 1, _lock_seconds()):
        return 1
    try:
        failures = cache.incr(key)  # atomic on Redis; read-and-write on the file cache
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, _lock_seconds())
        return 1
    cache.touch(key, _lock_seconds())  # the lock lasts from the last failure
    return failures


def clear_failures(username: str) -> None:
    cache.delete(_key(username))


def locked_message() -> str:
    return str(_("Too many failed logins: this account is locked for {minutes} minutes.")).format(
        minutes=_lock_seconds() // 60
    )


def _source(request) -> str:
    path = getattr(request, "path", "") or ""
    return AuditLog.Source.API if path.startswith("/api/") else AuditLog.Source.WEB


def _security_event(request, username: str, action: str) -> None:
    AuditLog.objects.create(
        at=timezone.now(),
        actor=None,
        actor_name=(username or "")[:150],
        ip=client_ip(request) if request is not None else None,
        source=_source(request),
        action=action,
        success=False,
    )


def refuse_if_locked(request, username: str) -> bool:
    """True (and an audit record of the refused attempt) when ``username`` is locked."""
    if username and is_locked(username):
        _security_event(request, username, "auth.login_locked")
        return True
    return False


class LockoutAuthenticationForm(AuthenticationForm):
    def clean(self):
        username = self.cleaned_data.get("username", "")
        if refuse_if_locked(self.request, username):
            raise forms.ValidationError(locked_message(), code="locked")
        return super().clean()


@receiver(user_login_failed, dispatch_uid="gongjian.audit.login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    _security_event(request, username, "auth.login_failed")
    if username and register_failure(username) == _max_failures():
        _security_event(request, username, "auth.locked")


@receiver(user_logged_in, dispatch_uid="gongjian.audit.login")
def _on_login(sender, request, user, **kwargs):
    clear_failures(user.get_username())
    record(Actor(user=user, ip=client_ip(request) if request else None, source=_source(request)), "auth.login", user)


@receiver(user_logged_out, dispatch_uid="gongjian.audit.logout")
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(Actor(user=user, ip=client_ip(request) if request else None), "auth.logout", user)


def audit_password_change(request, user) -> None:
    record(Actor.from_request(request, source=_source(request)), "auth.password_change", user)
