"""Security events in the audit log: every login, failed login and logout.

The failure limit and its locks live in ``gongjian.accounts.lockout`` (per account name and address); this
module only records, so every login path (web, API token, administration) leaves the same trace.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from .models import AuditLog
from .services import Actor, client_ip, record

__all__ = ["request_source", "security_event"]


def request_source(request) -> str:
    path = getattr(request, "path", "") or ""
    return AuditLog.Source.API if path.startswith("/api/") else AuditLog.Source.WEB


def security_event(request, username: str, action: str, *, success: bool = False, after: dict | None = None) -> None:
    """An audit record about an account name that may not exist (failed or refused logins, locks)."""
    AuditLog.objects.create(
        at=timezone.now(),
        actor=None,
        actor_name=(username or "")[:150],
        ip=client_ip(request) if request is not None else None,
        source=request_source(request) if request is not None else AuditLog.Source.SYSTEM,
        action=action,
        success=success,
        after=after,
    )


@receiver(user_login_failed, dispatch_uid="gongjian.audit.login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    security_event(request, str(credentials.get("username", ""))[:150], "auth.login_failed")


@receiver(user_logged_in, dispatch_uid="gongjian.audit.login")
def _on_login(sender, request, user, **kwargs):
    ip = client_ip(request) if request else None
    record(Actor(user=user, ip=ip, source=request_source(request)), "auth.login", user)


@receiver(user_logged_out, dispatch_uid="gongjian.audit.logout")
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(Actor(user=user, ip=client_ip(request) if request else None), "auth.logout", user)
