"""Writes on accounts: passwords, locks, sessions, API tokens. Each checks permission, runs in one transaction
and writes the audit record."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from importlib import import_module

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.services import Actor, record, require, require_object
from gongjian.org.models import User
from gongjian.org.services import update_user

from .models import ApiToken, LoginLock, PasswordRecord, UserSession
from .policy import password_expired

__all__ = [
    "confirm_password",
    "create_token",
    "end_sessions",
    "lift_lock",
    "must_change_password",
    "revoke_token",
    "set_active",
    "set_password",
]

#: Password records kept per account beyond the history the policy checks.
_KEEP_RECORDS = 24


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def set_password(actor: Actor, user: User, password: str, *, reset: bool = False) -> User:
    """Set ``user``'s password. Their own change (``reset=False``) or an administrator's reset, after which
    the owner must choose a new password at the next login. Validated against the policy; audited."""
    own = actor.user is not None and actor.user.pk == user.pk
    if reset or not own:
        require_object(actor, user, "change")
        reset = True
    user = User.objects.select_for_update().get(pk=user.pk)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    now = timezone.now()
    PasswordRecord.objects.create(user=user, password=user.password, set_at=now, must_change=reset)
    stale = PasswordRecord.objects.filter(user=user).values_list("pk", flat=True)[_KEEP_RECORDS:]
    PasswordRecord.objects.filter(pk__in=list(stale)).delete()
    record(actor, "auth.password_reset" if reset else "auth.password_change", user)
    if reset:
        _end_sessions(user)
    return user


def confirm_password(actor: Actor, password: str, *, purpose: str) -> None:
    """Step-up: the acting user confirms a sensitive change of their account (second factor, recovery codes, API
    token) with their password, so that an open session left unattended or taken over cannot make it. A wrong
    password is audited (``auth.stepup_failed``, with the purpose) and raises a ValidationError on ``password``.

    Call it before the change's own transaction: the record of the failure must survive the refusal."""
    user = actor.user
    if user is None or not user.is_authenticated:
        raise PermissionDenied("login required")
    if password and user.check_password(password):
        return
    with transaction.atomic():
        record(actor, "auth.stepup_failed", user, after={"purpose": purpose}, success=False)
    raise ValidationError({"password": _("The password is not correct; nothing was changed.")})


def must_change_password(user: User, *, first_login: bool = False) -> str | None:
    """Why ``user`` must change their password before anything else ("reset", "first", "expired"), or None."""
    latest = PasswordRecord.objects.filter(user=user).first()
    if latest is not None and latest.must_change:
        return "reset"
    if latest is None and first_login:
        return "first"
    set_at = latest.set_at if latest is not None else user.date_joined
    if password_expired(set_at, timezone.now(), settings.GONGJIAN_PASSWORD_MAX_AGE_DAYS):
        return "expired"
    return None


@transaction.atomic
def lift_lock(actor: Actor, lock: LoginLock) -> LoginLock:
    require(actor, LoginLock, "lift")
    lock = LoginLock.objects.select_for_update().get(pk=lock.pk)
    if lock.lifted_at is not None or lock.until <= timezone.now():
        raise ValidationError(_("This lock has already ended."))
    lock.lifted_at = timezone.now()
    lock.lifted_by = actor.user
    lock.save(update_fields=["lifted_at", "lifted_by"])
    record(actor, "auth.unlock", lock, after={"username": lock.username, "ip": lock.ip})
    return lock


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _end_sessions(user: User, keep: str | None = None) -> int:
    store = _session_store()
    rows = UserSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    rows.delete()
    return len(keys)


@transaction.atomic
def end_sessions(actor: Actor, user: User, *, keep: str | None = None) -> int:
    """Log ``user`` out everywhere (but the session ``keep``): the user themself, or their administrator."""
    if actor.user is None or actor.user.pk != user.pk:
        require_object(actor, user, "change")
    count = _end_sessions(user, keep)
    record(actor, "auth.sessions_ended", user, after={"sessions": count})
    return count


@transaction.atomic
def set_active(actor: Actor, user: User, active: bool) -> User:
    """Deactivate an account (it can no longer log in or use its tokens, and its sessions end now) or activate it
    again: the system administrator (``org.change_user``), never on their own account. Audited as a user update
    (and the sessions ended)."""
    if actor.user is not None and actor.user.pk == user.pk and not active:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    user = update_user(actor, user, is_active=active)
    if not active:
        count = _end_sessions(user)
        record(actor, "auth.sessions_ended", user, after={"sessions": count})
    return user


def remember_session(user: User, session_key: str, ip: str | None) -> None:
    """Called at login: remember the session; with one session per account, end the others."""
    if settings.GONGJIAN_SINGLE_SESSION:
        _end_sessions(user, keep=session_key)
    UserSession.objects.update_or_create(
        session_key=session_key, defaults={"user": user, "ip": ip or "", "started_at": timezone.now()}
    )


def forget_session(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


# --- API tokens -------------------------------------------------------------------------------------------


@transaction.atomic
def create_token(actor: Actor, *, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token of the acting user; returns the token and its secret (shown once, only its hash is kept)."""
    user = actor.user
    if user is None or not user.is_authenticated:
        raise PermissionDenied("login required")
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the token a name.")
    if scope not in ApiToken.Scope.values:
        errors["scope"] = _("Choose read only or read and write.")
    max_days = settings.GONGJIAN_TOKEN_MAX_DAYS
    if not isinstance(days, int) or not 1 <= days <= max_days:
        errors["days"] = _("The token must be valid for 1 to {n} days.").format(n=max_days)
    if errors:
        raise ValidationError(errors)
    secret = secrets.token_hex(20)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name[:60],
        digest=digest(secret),
        prefix=secret[:8],
        scope=scope,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    record(actor, "auth.token", token, after={"name": token.name, "scope": scope, "days": days})
    return token, secret


@transaction.atomic
def revoke_token(actor: Actor, token: ApiToken) -> ApiToken:
    if actor.user is None or token.user_id != actor.user.pk:
        raise PermissionDenied("only the owner revokes a token")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor, "auth.token_revoked", token, after={"name": token.name})
    return token
