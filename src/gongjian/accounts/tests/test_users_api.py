"""/api/users/ for the system administrator: accounts created, edited, given roles, reset and deactivated through
the services (audited, password policy), and refused to everyone else."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from gongjian.accounts.models import UserSession
from gongjian.core.models import AuditLog
from gongjian.org.choices import RoleChoices as R
from gongjian.org.models import User
from gongjian.testing import PASSWORD

GOOD_PASSWORD = "Dz-2026-Gongjian!x"


def client_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def actions() -> list[str]:
    return list(AuditLog.objects.order_by("pk").values_list("action", flat=True))


@pytest.fixture
def admin(world):
    return client_for(world.user(R.SYSADMIN))


def test_the_system_administrator_creates_an_account_with_unit_roles_and_password(world, admin):
    body = {
        "username": "zhangsan",
        "display_name": "张三",
        "title": "科员",
        "unit": world.bureau.pk,
        "email": "zhangsan@example.gov.cn",
        "roles": ["clerk"],
        "password": GOOD_PASSWORD,
    }
    r = admin.post("/api/users/", body, format="json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["username"] == "zhangsan" and data["unit"] == world.bureau.pk and data["roles"] == ["clerk"]
    assert data["is_active"] is True and "password" not in data
    user = User.objects.get(username="zhangsan")
    assert user.check_password(GOOD_PASSWORD) and user.role_codes == ["clerk"] and user.unit == world.bureau
    assert actions()[-1] == "user.create"
    log = AuditLog.objects.order_by("pk").last()
    assert log.actor == world.user(R.SYSADMIN) and GOOD_PASSWORD not in str(log.after)


def test_the_password_policy_applies_and_nothing_is_written_on_a_bad_body(world, admin):
    before = (User.objects.count(), AuditLog.objects.count())
    r = admin.post("/api/users/", {"username": "lisi", "password": "123"}, format="json")
    assert r.status_code == 400 and list(r.json()) == ["password"]
    r = admin.post("/api/users/", {"username": "lisi", "roles": ["emperor"]}, format="json")
    assert r.status_code == 400 and "roles" in r.json()
    r = admin.post("/api/users/", {"username": "lisi", "is_superuser": True}, format="json")
    assert r.status_code == 400 and list(r.json()) == ["is_superuser"]
    r = admin.post("/api/users/", {"username": world.user(R.CLERK).username}, format="json")
    assert r.status_code == 400 and "username" in r.json()
    assert (User.objects.count(), AuditLog.objects.count()) == before


def test_update_unit_and_roles_in_one_request(world, admin):
    clerk = world.user(R.CLERK)
    r = admin.patch(f"/api/users/{clerk.pk}/", {"unit": world.street.pk, "roles": ["viewer"]}, format="json")
    assert r.status_code == 200, r.content
    clerk.refresh_from_db()
    assert clerk.unit == world.street and clerk.role_codes == ["viewer"]
    assert actions()[-2:] == ["user.update", "user.roles"]
    r = admin.patch(f"/api/users/{clerk.pk}/", {"password": GOOD_PASSWORD}, format="json")
    assert r.status_code == 400 and "password" in r.json()


def test_administrator_roles_only_from_the_security_administrator(world, admin):
    viewer = world.user(R.VIEWER)
    r = admin.post(f"/api/users/{viewer.pk}/roles/", {"roles": ["sysadmin"]}, format="json")
    assert r.status_code == 403
    assert viewer.role_codes == ["viewer"]
    sec = client_for(world.user(R.SECADMIN))
    r = sec.post(f"/api/users/{viewer.pk}/roles/", {"roles": ["auditadmin"]}, format="json")
    assert r.status_code == 200 and r.json()["roles"] == ["auditadmin"]
    assert User.objects.get(pk=viewer.pk).role_codes == ["auditadmin"]
    r = admin.post(f"/api/users/{world.user(R.CLERK).pk}/roles/", {"roles": ["clerk", "cadre"]}, format="json")
    assert r.status_code == 200 and sorted(r.json()["roles"]) == ["cadre", "clerk"]
    assert client_for(world.user(R.CLERK)).post(
        f"/api/users/{viewer.pk}/roles/", {"roles": []}, format="json"
    ).status_code in (403, 404)


def test_password_reset_obeys_the_policy_and_forces_a_change(world, admin):
    from gongjian.accounts.services import must_change_password

    clerk = world.user(R.CLERK)
    r = admin.post(f"/api/users/{clerk.pk}/password/", {"password": "short"}, format="json")
    assert r.status_code == 400 and "password" in r.json()
    assert User.objects.get(pk=clerk.pk).check_password(PASSWORD)
    r = admin.post(f"/api/users/{clerk.pk}/password/", {"password": GOOD_PASSWORD}, format="json")
    assert r.status_code == 200, r.content
    clerk.refresh_from_db()
    assert clerk.check_password(GOOD_PASSWORD) and must_change_password(clerk) == "reset"
    assert actions()[-1] == "auth.password_reset"


def test_deactivate_ends_the_sessions_and_activate_restores(world, admin, client):
    clerk = world.user(R.CLERK)
    assert client.login(username=clerk.username, password=PASSWORD)
    assert UserSession.objects.filter(user=clerk).exists()  # remembered at login
    r = admin.post(f"/api/users/{clerk.pk}/deactivate/", {}, format="json")
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert not User.objects.get(pk=clerk.pk).is_active and not UserSession.objects.filter(user=clerk).exists()
    assert client.get("/my-work/").status_code == 302  # logged out
    assert actions()[-2:] == ["user.update", "auth.sessions_ended"]
    r = admin.post(f"/api/users/{clerk.pk}/activate/", {}, format="json")
    assert r.status_code == 200 and User.objects.get(pk=clerk.pk).is_active
    r = admin.post(f"/api/users/{clerk.pk}/deactivate/", {"why": "x"}, format="json")
    assert r.status_code == 400 and list(r.json()) == ["why"]
    own = world.user(R.SYSADMIN)
    r = admin.post(f"/api/users/{own.pk}/deactivate/", {}, format="json")
    assert r.status_code == 400 and "is_active" in r.json() and User.objects.get(pk=own.pk).is_active


@pytest.mark.parametrize("role", [R.LEADER, R.SUPERVISOR, R.UNIT_ADMIN, R.CLERK, R.SECADMIN, R.AUDITADMIN])
def test_other_roles_are_refused_every_write(world, role):
    api = client_for(world.user(role))
    clerk = world.user(R.CLERK)
    before = (list(User.objects.values_list("pk", "is_active", "title")), AuditLog.objects.count())
    assert api.post("/api/users/", {"username": "x", "password": GOOD_PASSWORD}, format="json").status_code == 403
    for path, body in (
        ("", {"title": "x"}),
        ("password/", {"password": GOOD_PASSWORD}),
        ("deactivate/", {}),
    ):
        method = api.patch if not path else api.post
        assert method(f"/api/users/{clerk.pk}/{path}", body, format="json").status_code in (403, 404)
    assert (list(User.objects.values_list("pk", "is_active", "title")), AuditLog.objects.count()) == before


def test_the_security_administrator_lifts_a_login_lock_through_the_api(world):
    import datetime as dt

    from django.utils import timezone

    from gongjian.accounts.models import LoginLock

    now = timezone.now()
    lock = LoginLock.objects.create(
        username="clerk", ip="10.9.9.9", failures=5, locked_at=now, until=now + dt.timedelta(minutes=15)
    )
    admin = client_for(world.user(R.SYSADMIN))
    assert admin.post(f"/api/login-locks/{lock.pk}/lift/", {}, format="json").status_code == 404
    sec = client_for(world.user(R.SECADMIN))
    assert [x["username"] for x in sec.get("/api/login-locks/").json()["results"]] == ["clerk"]
    r = sec.post(f"/api/login-locks/{lock.pk}/lift/", {"why": "x"}, format="json")
    assert r.status_code == 400 and list(r.json()) == ["why"]
    r = sec.post(f"/api/login-locks/{lock.pk}/lift/", {}, format="json")
    assert r.status_code == 200 and r.json()["lifted_by"] == world.user(R.SECADMIN).pk
    assert LoginLock.objects.get(pk=lock.pk).lifted_at is not None and actions()[-1] == "auth.unlock"
    again = sec.post(f"/api/login-locks/{lock.pk}/lift/", {}, format="json")
    assert again.status_code == 400  # already lifted
