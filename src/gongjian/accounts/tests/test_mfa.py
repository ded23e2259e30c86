"""The second factor (等保 8.1.4.1 d; ASVS 6.3.3, 6.5.1, 6.5.5) with the production roles; the codes are computed
from the device's key as an authenticator app does."""

import time

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from gongjian.accounts.policy import totp
from gongjian.core.models import AuditLog
from gongjian.testing import PASSWORD

from .conftest import web_login


def code_of(device, offset_steps=0):
    return totp(device.bin_key, time.time() + offset_steps * device.step)


@pytest.fixture
def leader(world, mfa_production):
    user = world.user("leader")
    user.last_login = timezone.now()
    user.save()
    return user


@pytest.fixture
def device(leader):
    return TOTPDevice.objects.create(user=leader, name="TOTP", confirmed=True)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_the_default_roles_need_a_second_factor(world):
    from django.conf import settings as django_settings

    from gongjian.settings import GONGJIAN_MFA_REQUIRED

    assert set(GONGJIAN_MFA_REQUIRED) == {"sysadmin", "secadmin", "auditadmin", "leader"}
    assert django_settings.GONGJIAN_MFA_REQUIRED == {}  # the test settings' relaxation, for the other tests


def test_password_alone_opens_no_session(device, client):
    response = web_login(client, "leader", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/"
    assert not logged_in(client)
    assert client.get("/").status_code == 302  # still the login page


def test_password_and_a_current_code_log_in(device, client):
    web_login(client, "leader", PASSWORD)
    response = client.post("/accounts/otp/", {"code": code_of(device)})
    assert response.status_code == 302 and logged_in(client)
    assert client.get("/").status_code == 200
    assert AuditLog.objects.filter(action="auth.login", actor=device.user).count() == 1


def test_a_wrong_code_is_refused_and_audited(device, client):
    web_login(client, "leader", PASSWORD)
    wrong = "000000" if code_of(device) != "000000" else "111111"
    response = client.post("/accounts/otp/", {"code": wrong})
    assert response.status_code == 200 and not logged_in(client)
    assert AuditLog.objects.filter(action="auth.mfa_failed", actor_name="leader").count() == 1


def test_a_used_code_cannot_be_replayed(device):
    code = code_of(device)
    first = Client()
    web_login(first, "leader", PASSWORD)
    assert first.post("/accounts/otp/", {"code": code}).status_code == 302
    second = Client()
    web_login(second, "leader", PASSWORD)
    assert second.post("/accounts/otp/", {"code": code}).status_code == 200
    assert not logged_in(second)


def test_a_code_outside_one_step_is_refused(device, client):
    web_login(client, "leader", PASSWORD)
    assert client.post("/accounts/otp/", {"code": code_of(device, -3)}).status_code == 200
    assert not logged_in(client)


def test_wrong_codes_count_toward_the_lock(device, client):
    web_login(client, "leader", PASSWORD, ip="198.51.100.4")
    for _ in range(5):
        client.post("/accounts/otp/", {"code": "12345x"}, REMOTE_ADDR="198.51.100.4")
    response = client.post("/accounts/otp/", {"code": code_of(device)}, REMOTE_ADDR="198.51.100.4")
    assert not logged_in(client)
    assert response.status_code in (200, 302)


def test_enrolment_with_a_local_qr_code_then_recovery_codes(leader, client):
    response = web_login(client, "leader", PASSWORD)
    assert response["Location"] == "/accounts/otp/setup/"
    page = client.get("/accounts/otp/setup/")
    html = page.content.decode()
    assert "<svg" in html and "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org", ""
    )
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    done = client.post("/accounts/otp/setup/", {"code": code_of(device)})
    assert done.status_code == 200 and logged_in(client)
    device.refresh_from_db()
    assert device.confirmed
    codes = done.context["codes"]
    assert len(codes) == 10
    assert AuditLog.objects.filter(action="auth.mfa_enrolled", actor=leader).count() == 1

    # A recovery code logs in once.
    other = Client()
    web_login(other, "leader", PASSWORD)
    assert other.post("/accounts/otp/", {"code": codes[0]}).status_code == 302 and logged_in(other)
    again = Client()
    web_login(again, "leader", PASSWORD)
    assert again.post("/accounts/otp/", {"code": codes[0]}).status_code == 200 and not logged_in(again)
    assert StaticToken.objects.filter(device__user=leader).count() == 9


def test_a_role_without_the_requirement_logs_in_with_the_password(world, mfa_production, client):
    clerk = world.user("clerk")
    clerk.last_login = timezone.now()
    clerk.save()
    assert web_login(client, "clerk", PASSWORD).status_code == 302 and logged_in(client)


def test_the_requirement_is_configurable_per_role(world, settings, client):
    settings.GONGJIAN_MFA_REQUIRED = {"clerk": True}
    clerk = world.user("clerk")
    clerk.last_login = timezone.now()
    clerk.save()
    assert web_login(client, "clerk", PASSWORD)["Location"] == "/accounts/otp/setup/"
    assert not logged_in(client)


def test_a_session_opened_without_the_second_factor_is_ended(device, client, mfa_production):
    client.force_login(device.user)  # any path that would skip the code step
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert AuditLog.objects.filter(action="auth.session_mfa").count() == 1


def test_the_api_token_exchange_needs_the_code(device):
    api = APIClient()
    refused = api.post("/api/auth/token/", {"username": "leader", "password": PASSWORD})
    assert refused.status_code == 400 and "otp" in refused.json()
    ok = api.post("/api/auth/token/", {"username": "leader", "password": PASSWORD, "otp": code_of(device)})
    assert ok.status_code == 200 and ok.json()["token"]
