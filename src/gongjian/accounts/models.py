"""Accounts: password history, login failures and locks, sessions, API tokens, break-glass grants."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongjian.core.models import RestrictedQuerySet

__all__ = ["ApiToken", "BreakGlassGrant", "LoginFailure", "LoginLock", "PasswordRecord", "UserSession"]


class OwnQuerySet(models.QuerySet):
    """Rows that belong to one account: each user sees their own, and only their own."""

    def restrict(self, user, action: str = "view"):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(user=user)


class PasswordRecord(models.Model):
    """One password an account has had: its hash (for "not one of the last 5"), when, and whether it must change.

    ``must_change`` is set when an administrator sets the password (a reset, or the first password of a new
    account): the owner must choose their own at the next login.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="password_records"
    )
    password = models.CharField(_("password hash"), max_length=128)
    set_at = models.DateTimeField(_("set at"), db_index=True)
    must_change = models.BooleanField(_("must be changed"), default=False)

    class Meta:
        verbose_name = _("password record")
        verbose_name_plural = _("password records")
        ordering = ["-set_at", "-id"]
        indexes = [models.Index(fields=["user", "-set_at"], name="password_record_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.set_at:%Y-%m-%d}"


class LoginFailure(models.Model):
    """A failed login of an account name from an address (counted within the failure window, then removed)."""

    username = models.CharField(_("username"), max_length=150)
    ip = models.CharField(_("source IP"), max_length=45, blank=True)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("login failure")
        verbose_name_plural = _("login failures")
        indexes = [
            models.Index(fields=["username", "ip", "at"], name="login_failure_pair_idx"),
            models.Index(fields=["ip", "at"], name="login_failure_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.username}@{self.ip}"


class LoginLockQuerySet(RestrictedQuerySet):
    def active(self, now):
        return self.filter(until__gt=now, lifted_at__isnull=True)


class LoginLock(models.Model):
    """A lock on an (account name, address) pair, or on an address alone (password spraying)."""

    class Kind(models.TextChoices):
        PAIR = "pair", _("Account from one address")
        ADDRESS = "address", _("Address (many accounts tried)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PAIR)
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip = models.CharField(_("source IP"), max_length=45, blank=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    locked_at = models.DateTimeField(_("locked at"), db_index=True)
    until = models.DateTimeField(_("locked until"))
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = LoginLockQuerySet.as_manager()

    class Meta:
        verbose_name = _("login lock")
        verbose_name_plural = _("login locks")
        ordering = ["-locked_at", "-id"]
        permissions = [
            ("lift_loginlock", _("Can lift login locks")),
            ("grant_security_role", _("Can grant and remove the administrator roles")),
        ]
        indexes = [models.Index(fields=["username", "ip", "until"], name="login_lock_pair_idx")]

    def __str__(self) -> str:
        return f"{self.username or '*'}@{self.ip}"

    @classmethod
    def scope_q(cls, user, action: str = "view"):
        return None


class UserSession(models.Model):
    """A web session of an account, so that the account's sessions can all be ended ("log out everywhere")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="web_sessions"
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    ip = models.CharField(_("source IP"), max_length=45, blank=True)
    started_at = models.DateTimeField(_("started at"))

    objects = OwnQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.started_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A named API token of one account: read or read-write, with an expiry; only its SHA-256 is stored."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=60)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class BreakGlassGrant(models.Model):
    """A one-time, time-limited permission for the superuser to log in (issued by ``gongjian breakglass``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    reason = models.CharField(_("reason"), max_length=300)
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("break-glass grant")
        verbose_name_plural = _("break-glass grants")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.issued_at:%Y-%m-%d %H:%M}"
