"""Session limits (等保 8.1.4.1 b; ASVS 7.3.1/7.3.2, 7.4.1, 7.4.5): idle and absolute timeouts, log out
everywhere, one session per account — with the production values."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from gongjian.accounts.models import UserSession
from gongjian.core.models import AuditLog
from gongjian.testing import PASSWORD

from .conftest import web_login


@pytest.fixture(autouse=True)
def _known_user(world):
    for role in ("clerk", "viewer"):
        user = world.user(role)
        user.last_login = timezone.now()
        user.save()


def test_production_values_are_the_defaults(settings):
    assert settings.GONGJIAN_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.GONGJIAN_SESSION_MAX_SECONDS == 12 * 3600
    assert settings.SESSION_COOKIE_AGE == 30 * 60


@pytest.mark.dates
def test_idle_for_30_minutes_ends_the_session(world, client, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    web_login(client, "clerk", PASSWORD)
    time_machine.move_to(start + dt.timedelta(minutes=29), tick=False)
    assert client.get("/").status_code == 200
    time_machine.move_to(start + dt.timedelta(minutes=58), tick=False)  # 29 minutes after the last request
    assert client.get("/").status_code == 200
    time_machine.move_to(start + dt.timedelta(minutes=88, seconds=30), tick=False)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.dates
def test_twelve_hours_end_the_session_however_active(world, client, time_machine, settings):
    settings.GONGJIAN_SESSION_IDLE_SECONDS = 24 * 3600  # only the absolute limit under test
    settings.SESSION_COOKIE_AGE = 24 * 3600
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    web_login(client, "clerk", PASSWORD)
    key = client.session.session_key
    for hours in range(1, 12):
        time_machine.move_to(start + dt.timedelta(hours=hours), tick=False)
        assert client.get("/my-work/").status_code == 200
    time_machine.move_to(start + dt.timedelta(hours=12, minutes=1), tick=False)
    response = client.get("/my-work/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Session.objects.filter(session_key=key).exists()  # ended on the server, not only in the cookie
    assert AuditLog.objects.filter(action="auth.session_absolute", actor_name="clerk").count() == 1


def test_logout_ends_the_session_on_the_server(world, client):
    web_login(client, "clerk", PASSWORD)
    key = client.session.session_key
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies["sessionid"] = key
    assert replay.get("/").status_code == 302


def test_log_out_everywhere_else(world):
    one, two, three = Client(), Client(), Client()
    for c in (one, two, three):
        web_login(c, "clerk", PASSWORD)
    assert UserSession.objects.filter(user=world.user("clerk")).count() == 3
    assert one.post("/accounts/sessions/").status_code == 302
    assert one.get("/").status_code == 200
    assert two.get("/").status_code == 302 and three.get("/").status_code == 302
    assert AuditLog.objects.get(action="auth.sessions_ended").after == {"sessions": 2}


def test_one_session_per_account_when_configured(world, settings):
    settings.GONGJIAN_SINGLE_SESSION = True
    first, second = Client(), Client()
    web_login(first, "clerk", PASSWORD)
    web_login(second, "clerk", PASSWORD)
    assert second.get("/").status_code == 200
    assert first.get("/").status_code == 302
    other = Client()
    web_login(other, "viewer", PASSWORD)  # another account's session is untouched
    assert second.get("/").status_code == 200 and other.get("/").status_code == 200


def test_without_the_setting_sessions_coexist(world):
    first, second = Client(), Client()
    web_login(first, "clerk", PASSWORD)
    web_login(second, "clerk", PASSWORD)
    assert first.get("/").status_code == 200 and second.get("/").status_code == 200


def test_a_new_session_key_at_login(world, client):
    client.get("/accounts/login/")
    before = client.cookies.get("sessionid")
    web_login(client, "clerk", PASSWORD)
    assert client.session.session_key != (before.value if before else None)
