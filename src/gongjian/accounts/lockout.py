"""The login failure limit that cannot lock the real user out.

* 5 failures (``GONGJIAN_LOGIN_MAX_FAILURES``) of one (account name, address) pair within 15 minutes
  (``GONGJIAN_LOGIN_WINDOW_SECONDS``) lock that pair for 15 minutes (``GONGJIAN_LOGIN_LOCK_SECONDS``): while
  locked even the right password is refused from that address, but the owner logs in from their own.
* 30 failures (``GONGJIAN_LOGIN_IP_MAX_FAILURES``) from one address, whatever the names, lock the address
  (password spraying).
* Every lock and every refused attempt is audited; the security administrator sees the locks and lifts them
  (``services.lift_lock``). The counters are rows in the database, shared by every worker and server.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.auth import security_event
from gongjian.core.services import client_ip

from .models import LoginFailure, LoginLock

__all__ = ["clear_failures", "locked_message", "refuse_if_locked", "register_failure"]


def normalise(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _ip(request) -> str:
    return (client_ip(request) if request is not None else None) or ""


def active_lock(username: str, ip: str, now: dt.datetime | None = None) -> LoginLock | None:
    now = now or timezone.now()
    locks = LoginLock.objects.active(now)
    pair = locks.filter(kind=LoginLock.Kind.PAIR, username=normalise(username), ip=ip).first()
    return pair or locks.filter(kind=LoginLock.Kind.ADDRESS, ip=ip).first()


def locked_message(lock: LoginLock | None = None) -> str:
    if lock is not None and lock.kind == LoginLock.Kind.ADDRESS:
        return _("Too many failed logins from this address: logins from it are refused for {minutes} minutes.").format(
            minutes=settings.GONGJIAN_LOGIN_LOCK_SECONDS // 60
        )
    return _("Too many failed logins: this account is locked on this computer for {minutes} minutes.").format(
        minutes=settings.GONGJIAN_LOGIN_LOCK_SECONDS // 60
    )


def refuse_if_locked(request, username: str) -> LoginLock | None:
    """The lock that refuses this attempt (and an audit record of the refusal), or None."""
    lock = active_lock(username, _ip(request))
    if lock is not None:
        security_event(request, username, "auth.login_locked")
    return lock


def _lock(request, kind: str, username: str, ip: str, failures: int, now: dt.datetime) -> LoginLock:
    lock = LoginLock.objects.create(
        kind=kind,
        username=username,
        ip=ip,
        failures=failures,
        locked_at=now,
        until=now + dt.timedelta(seconds=settings.GONGJIAN_LOGIN_LOCK_SECONDS),
    )
    action = "auth.locked" if kind == LoginLock.Kind.PAIR else "auth.address_locked"
    security_event(request, username, action, after={"ip": ip, "failures": failures})
    return lock


@transaction.atomic
def register_failure(request, username: str) -> LoginLock | None:
    """Count a failed login; the lock it causes, if any."""
    now = timezone.now()
    name, ip = normalise(username), _ip(request)
    LoginFailure.objects.create(username=name, ip=ip, at=now)
    since = now - dt.timedelta(seconds=settings.GONGJIAN_LOGIN_WINDOW_SECONDS)
    pair = LoginFailure.objects.filter(username=name, ip=ip, at__gt=since).count()
    if pair >= settings.GONGJIAN_LOGIN_MAX_FAILURES:
        LoginFailure.objects.filter(username=name, ip=ip).delete()  # the next count starts after this lock
        return _lock(request, LoginLock.Kind.PAIR, name, ip, pair, now)
    if ip:
        by_address = LoginFailure.objects.filter(ip=ip, at__gt=since).count()
        if by_address >= settings.GONGJIAN_LOGIN_IP_MAX_FAILURES:
            LoginFailure.objects.filter(ip=ip).delete()
            return _lock(request, LoginLock.Kind.ADDRESS, "", ip, by_address, now)
    # Old rows are of no use once outside the window.
    LoginFailure.objects.filter(at__lte=since).delete()
    return None


def clear_failures(request, username: str) -> None:
    """A successful login forgets the pair's failures."""
    LoginFailure.objects.filter(username=normalise(username), ip=_ip(request)).delete()
