"""Login locks that cannot lock the real user out (等保 8.1.4.1 b; ASVS 6.1.1, 6.3.1), with the production values."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from gongjian.accounts.models import LoginLock
from gongjian.core.models import AuditLog
from gongjian.testing import PASSWORD

from .conftest import web_login

ATTACKER, OWNER = "203.0.113.7", "10.0.0.1"


@pytest.fixture(autouse=True)
def _known_user(world):
    clerk = world.user("clerk")
    clerk.last_login = timezone.now()  # not a first login: no forced password change in these tests
    clerk.save()


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_production_values_are_the_defaults(settings):
    assert settings.GONGJIAN_LOGIN_MAX_FAILURES == 5
    assert settings.GONGJIAN_LOGIN_WINDOW_SECONDS == 15 * 60
    assert settings.GONGJIAN_LOGIN_LOCK_SECONDS == 15 * 60


def test_five_failures_lock_the_pair_even_for_the_right_password(world, client):
    for _ in range(5):
        assert web_login(client, "clerk", "wrong-password", ATTACKER).status_code == 200
    response = web_login(client, "clerk", PASSWORD, ATTACKER)
    assert response.status_code == 200 and not logged_in(client)
    assert "已锁定 15 分钟" in response.content.decode()
    lock = LoginLock.objects.get()
    assert (lock.kind, lock.username, lock.ip, lock.failures) == ("pair", "clerk", ATTACKER, 5)
    actions = list(AuditLog.objects.filter(actor_name="clerk").order_by("pk").values_list("action", flat=True))
    assert actions.count("auth.login_failed") == 5
    assert actions.count("auth.locked") == 1
    assert actions[-1] == "auth.login_locked"


def test_the_real_user_from_another_address_still_logs_in(world, client):
    for _ in range(5):
        web_login(client, "clerk", "wrong-password", ATTACKER)
    assert web_login(client, "clerk", PASSWORD, OWNER).status_code == 302
    assert logged_in(client)


def test_four_failures_then_success_reset_the_count(world, client):
    for _ in range(4):
        web_login(client, "clerk", "wrong", OWNER)
    assert web_login(client, "clerk", PASSWORD, OWNER).status_code == 302
    client.logout()
    for _ in range(4):
        web_login(client, "clerk", "wrong", OWNER)
    assert web_login(client, "clerk", PASSWORD, OWNER).status_code == 302
    assert not LoginLock.objects.exists()


@pytest.mark.dates
def test_failures_outside_the_window_do_not_count(world, client, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    for _ in range(4):
        web_login(client, "clerk", "wrong", ATTACKER)
    time_machine.move_to(start + dt.timedelta(minutes=16), tick=False)
    web_login(client, "clerk", "wrong", ATTACKER)
    assert not LoginLock.objects.exists()
    assert web_login(client, "clerk", PASSWORD, ATTACKER).status_code == 302


@pytest.mark.dates
def test_the_lock_ends_after_15_minutes(world, client, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    for _ in range(5):
        web_login(client, "clerk", "wrong", ATTACKER)
    time_machine.move_to(start + dt.timedelta(minutes=14), tick=False)
    assert web_login(client, "clerk", PASSWORD, ATTACKER).status_code == 200
    time_machine.move_to(start + dt.timedelta(minutes=15, seconds=1), tick=False)
    assert web_login(client, "clerk", PASSWORD, ATTACKER).status_code == 302


def test_password_spraying_from_one_address_locks_the_address(world, client, settings):
    names = [f"user{i}" for i in range(settings.GONGJIAN_LOGIN_IP_MAX_FAILURES)]
    for name in names:
        web_login(client, name, "Spring2026!", ATTACKER)
    lock = LoginLock.objects.get(kind="address")
    assert lock.ip == ATTACKER
    assert AuditLog.objects.filter(action="auth.address_locked").count() == 1
    # Every account, even with its right password, is refused from that address; other addresses are not.
    response = web_login(client, "clerk", PASSWORD, ATTACKER)
    assert response.status_code == 200 and "该地址" in response.content.decode()
    assert web_login(client, "clerk", PASSWORD, OWNER).status_code == 302


def test_the_security_administrator_sees_and_lifts_a_lock(world, client):
    for _ in range(5):
        web_login(client, "clerk", "wrong", ATTACKER)
    lock = LoginLock.objects.get()
    client.force_login(world.user("secadmin"))
    page = client.get("/accounts/security/locks/").content.decode()
    assert "clerk" in page and ATTACKER in page
    assert client.post(f"/accounts/security/locks/{lock.pk}/lift/").status_code == 302
    lock.refresh_from_db()
    assert lock.lifted_by == world.user("secadmin") and lock.lifted_at is not None
    entry = AuditLog.objects.get(action="auth.unlock")
    assert entry.actor == world.user("secadmin") and entry.after == {"username": "clerk", "ip": ATTACKER}
    client.logout()
    assert web_login(client, "clerk", PASSWORD, ATTACKER).status_code == 302


def test_the_system_administrator_cannot_lift_a_lock(world, client):
    for _ in range(5):
        web_login(client, "clerk", "wrong", ATTACKER)
    lock = LoginLock.objects.get()
    client.force_login(world.user("sysadmin"))
    assert client.post(f"/accounts/security/locks/{lock.pk}/lift/").status_code == 403
    lock.refresh_from_db()
    assert lock.lifted_at is None


def test_a_locked_pair_gets_no_api_token(world):
    api = APIClient(REMOTE_ADDR=ATTACKER)
    for _ in range(5):
        assert api.post("/api/auth/token/", {"username": "clerk", "password": "x"}).status_code == 400
    response = api.post("/api/auth/token/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 400 and "token" not in response.json()
    assert AuditLog.objects.filter(action="auth.login_failed", source="api", actor_name="clerk").count() == 5
    other = APIClient(REMOTE_ADDR=OWNER).post("/api/auth/token/", {"username": "clerk", "password": PASSWORD})
    assert other.status_code == 200 and other.json()["token"]
