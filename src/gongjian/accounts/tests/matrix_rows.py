"""Permission-matrix rows of the account pages: everyone's own pages, and the security administrator's."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongjian.core.tests.matrix import ALL, ROLES, Row
from gongjian.testing import PASSWORD

__all__ = ["API_MATRIX", "MATRIX", "objects"]

ADMINS_DENIED = ALL - {"secadmin"}
#: Roles that do not see the users (no ``org.view_user``): an account is not found for them.
USERS_HIDDEN = {
    "clerk",
    "cadre",
    "viewer",
    "street_clerk",
    "nobody",
}  # the system and the audit administrators included


def objects(world):
    from gongjian.accounts.models import ApiToken, LoginLock
    from gongjian.accounts.services import create_token
    from gongjian.core.services import Actor

    now = timezone.now()
    lock = LoginLock.objects.create(
        username="clerk", ip="10.9.9.9", failures=5, locked_at=now, until=now + dt.timedelta(minutes=15)
    )
    token, _secret = create_token(Actor(world.user("clerk")), name="对接", scope=ApiToken.Scope.READ, days=30)
    return {"lock": lock, "clerk_token": token}


MATRIX = [
    Row("accounts:sessions", lambda w, o: "/accounts/sessions/", ALL),
    Row("accounts:sessions", lambda w, o: "/accounts/sessions/", ALL, method="post", data=lambda w, o: {}),
    Row("accounts:locks", lambda w, o: "/accounts/security/locks/", {"secadmin"}),
    Row("accounts:policy", lambda w, o: "/accounts/security/policy/", {"secadmin"}),
    Row("accounts:roles", lambda w, o: "/accounts/security/roles/", {"secadmin"}),
    Row("accounts:user_roles", lambda w, o: f"/accounts/security/roles/{w.user('clerk').pk}/", {"secadmin"}),
    # Granting an administrator role: the security administrator alone (the system administrator is denied).
    Row(
        "accounts:user_roles",
        lambda w, o: f"/accounts/security/roles/{w.user('viewer').pk}/",
        {"secadmin"},
        method="post",
        data=lambda w, o: {"roles": ["viewer", "auditadmin"]},
    ),
    Row(
        "accounts:lock_lift",
        lambda w, o: f"/accounts/security/locks/{o['lock'].pk}/lift/",
        {"secadmin"},
        method="post",
        data=lambda w, o: {},
    ),
    # Without a login waiting for its code, the code step leads back to the login page.
    Row("accounts:otp_verify", lambda w, o: "/accounts/otp/", set(), special={r: "login" for r in ROLES}),
    Row("accounts:otp_setup", lambda w, o: "/accounts/otp/setup/", ALL),
    Row("accounts:recovery_codes", lambda w, o: "/accounts/otp/recovery-codes/", ALL),
    # Step-up: new recovery codes, switching the second factor off and a new token ask for the password again.
    Row(
        "accounts:recovery_codes",
        lambda w, o: "/accounts/otp/recovery-codes/",
        ALL,
        method="post",
        data=lambda w, o: {"password": PASSWORD},
    ),
    Row("accounts:otp_disable", lambda w, o: "/accounts/otp/disable/", ALL),
    # Without a second factor to switch off, the right password leads back to the account page with the reason.
    Row(
        "accounts:otp_disable",
        lambda w, o: "/accounts/otp/disable/",
        ALL,
        method="post",
        data=lambda w, o: {"password": PASSWORD},
    ),
    Row("accounts:tokens", lambda w, o: "/accounts/tokens/", ALL),
    # The break-glass page is a login page: open to all, useful only with a code from the server.
    Row("accounts:breakglass", lambda w, o: "/accounts/breakglass/", ALL, special={"anonymous": "ok"}),
    Row(
        "accounts:tokens",
        lambda w, o: "/accounts/tokens/",
        ALL,
        method="post",
        data=lambda w, o: {"name": "报表对接", "scope": "read", "days": "30", "password": PASSWORD},
    ),
    # A token is its owner's alone: for everyone else it does not exist.
    Row(
        "accounts:token_revoke",
        lambda w, o: f"/accounts/tokens/{o['clerk_token'].pk}/revoke/",
        {"clerk"},
        ALL - {"clerk"},
        method="post",
        data=lambda w, o: {},
    ),
]

API_MATRIX = [
    Row("api:apitoken-list", lambda w, o: "/api/tokens/", {"clerk"}, ALL - {"clerk"}),
    Row("api:apitoken-detail", lambda w, o: f"/api/tokens/{o['clerk_token'].pk}/", {"clerk"}, ALL - {"clerk"}),
    Row(
        "api:apitoken-revoke",
        lambda w, o: f"/api/tokens/{o['clerk_token'].pk}/revoke/",
        {"clerk"},
        ALL - {"clerk"},
        method="post",
        data=lambda w, o: {},
    ),
    # login locks: the security administrator's alone; for everyone else there are none
    Row("api:loginlock-list", lambda w, o: "/api/login-locks/", {"secadmin"}, ALL - {"secadmin"}),
    Row("api:loginlock-detail", lambda w, o: f"/api/login-locks/{o['lock'].pk}/", {"secadmin"}, ALL - {"secadmin"}),
    Row(
        "api:loginlock-lift",
        lambda w, o: f"/api/login-locks/{o['lock'].pk}/lift/",
        {"secadmin"},
        ALL - {"secadmin"},
        method="post",
        data=lambda w, o: {},
    ),
    # /api/users/: the system administrator writes accounts; the security administrator gives roles too.
    Row(
        "api:user-list",
        lambda w, o: "/api/users/",
        {"sysadmin"},
        method="post",
        data=lambda w, o: {"username": "matrixnew", "display_name": "新账号", "unit": w.bureau.pk, "roles": ["viewer"]},
    ),
    Row(
        "api:user-detail",
        lambda w, o: f"/api/users/{w.user('clerk').pk}/",
        {"sysadmin"},
        USERS_HIDDEN,
        special={"secadmin": "deny"},  # sees the accounts, writes none of them but their roles
        method="patch",
        data=lambda w, o: {"title": "副科长"},
    ),
    Row(
        "api:user-password",
        lambda w, o: f"/api/users/{w.user('clerk').pk}/password/",
        {"sysadmin"},
        USERS_HIDDEN,
        special={"secadmin": "deny"},  # sees the accounts, writes none of them but their roles
        method="post",
        data=lambda w, o: {"password": "Dz-2026-Matrix!reset"},
    ),
    Row(
        "api:user-deactivate",
        lambda w, o: f"/api/users/{w.user('clerk').pk}/deactivate/",
        {"sysadmin"},
        USERS_HIDDEN,
        special={"secadmin": "deny"},  # sees the accounts, writes none of them but their roles
        method="post",
        data=lambda w, o: {},
    ),
    Row(
        "api:user-activate",
        lambda w, o: f"/api/users/{w.user('clerk').pk}/activate/",
        {"sysadmin"},
        USERS_HIDDEN,
        special={"secadmin": "deny"},  # sees the accounts, writes none of them but their roles
        method="post",
        data=lambda w, o: {},
    ),
    Row(
        "api:user-roles",
        lambda w, o: f"/api/users/{w.user('clerk').pk}/roles/",
        {"sysadmin", "secadmin"},
        USERS_HIDDEN,
        method="post",
        data=lambda w, o: {"roles": ["clerk", "viewer"]},
    ),
]
