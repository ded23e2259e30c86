"""Step-up: within an open session, moving or switching off the second factor, new recovery codes and a new API
token ask for the password again; a wrong one changes nothing, is audited, is said in the user's language and
counts toward the login lock."""

import time

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongjian.accounts.models import ApiToken, LoginLock
from gongjian.accounts.policy import totp
from gongjian.core.models import AuditLog
from gongjian.testing import PASSWORD

from .conftest import web_login

WRONG = "Not-my-password-1"


def code_of(device):
    return totp(device.bin_key, time.time())


def stepup_failures(purpose=None):
    rows = AuditLog.objects.filter(action="auth.stepup_failed", success=False)
    return rows.filter(after__purpose=purpose) if purpose else rows


@pytest.fixture
def clerk(world, client):
    user = world.user("clerk")
    client.force_login(user)
    return user


@pytest.fixture
def device(clerk):
    totp_device = TOTPDevice.objects.create(user=clerk, name="TOTP", confirmed=True)
    recovery = StaticDevice.objects.create(user=clerk, name="recovery", confirmed=True)
    StaticToken.objects.create(device=recovery, token="oldcode1")
    return totp_device


def test_a_new_token_needs_the_password(clerk, client):
    data = {"name": "对接", "scope": "read", "days": "30"}
    missing = client.post("/accounts/tokens/", data)
    assert missing.status_code == 200 and "password" in missing.context["form"].errors
    wrong = client.post("/accounts/tokens/", {**data, "password": WRONG})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["password"] == ["密码不正确，未作任何更改。"]
    assert not ApiToken.objects.exists()
    failure = stepup_failures("token").get()
    assert failure.actor == clerk and failure.ip
    assert client.post("/accounts/tokens/", {**data, "password": PASSWORD}).status_code == 302
    assert ApiToken.objects.filter(user=clerk).count() == 1
    assert AuditLog.objects.filter(action="auth.token", actor=clerk).count() == 1


def test_new_recovery_codes_need_the_password(device, client):
    page = client.get("/accounts/otp/recovery-codes/")
    assert page.status_code == 200 and 'name="password"' in page.content.decode()
    wrong = client.post("/accounts/otp/recovery-codes/", {"password": WRONG})
    assert wrong.status_code == 200 and wrong.context["form"].errors["password"]
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["oldcode1"]
    assert stepup_failures("mfa_recovery_codes").count() == 1
    assert not AuditLog.objects.filter(action="auth.mfa_recovery_codes").exists()

    done = client.post("/accounts/otp/recovery-codes/", {"password": PASSWORD}, follow=True)
    codes = done.context["codes"]
    assert len(codes) == 10 and "oldcode1" not in codes
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)
    assert AuditLog.objects.filter(action="auth.mfa_recovery_codes", actor=device.user).count() == 1


def test_setting_up_the_app_again_needs_the_password(device, client):
    assert 'name="password"' in client.get("/accounts/otp/setup/").content.decode()
    new = TOTPDevice.objects.get(user=device.user, confirmed=False)
    wrong = client.post("/accounts/otp/setup/", {"code": code_of(new), "password": WRONG})
    assert wrong.status_code == 200 and wrong.context["form"].errors["password"]
    assert set(TOTPDevice.objects.filter(confirmed=True)) == {device}  # the old app still the one
    assert stepup_failures("mfa_enrol").count() == 1
    assert not AuditLog.objects.filter(action="auth.mfa_enrolled").exists()

    done = client.post("/accounts/otp/setup/", {"code": code_of(new), "password": PASSWORD})
    assert done.status_code == 200 and len(done.context["codes"]) == 10
    assert list(TOTPDevice.objects.filter(user=device.user)) == [new] and TOTPDevice.objects.get().confirmed
    assert AuditLog.objects.filter(action="auth.mfa_enrolled", actor=device.user).count() == 1


def test_the_password_step_of_a_login_cannot_replace_the_app(world, mfa_production):
    leader = world.user("leader")
    device = TOTPDevice.objects.create(user=leader, name="TOTP", confirmed=True)
    intruder = Client()  # knows the password, not the phone
    web_login(intruder, "leader", PASSWORD)
    response = intruder.get("/accounts/otp/setup/")
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/"
    assert intruder.post("/accounts/otp/setup/", {"code": "123456"}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=leader)) == [device]
    assert "_auth_user_id" not in intruder.session


def test_switching_off_the_second_factor_needs_the_password(device, client):
    wrong = client.post("/accounts/otp/disable/", {"password": WRONG})
    assert wrong.status_code == 200 and wrong.context["form"].errors["password"]
    assert TOTPDevice.objects.filter(user=device.user).exists() and StaticDevice.objects.exists()
    assert stepup_failures("mfa_disable").count() == 1

    done = client.post("/accounts/otp/disable/", {"password": PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/accounts/tokens/"
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    assert AuditLog.objects.filter(action="auth.mfa_disabled", actor=device.user).count() == 1


def test_a_role_that_must_use_the_second_factor_cannot_switch_it_off(world, mfa_production):
    leader = world.user("leader")
    TOTPDevice.objects.create(user=leader, name="TOTP", confirmed=True)
    client = Client()
    client.force_login(leader)
    session = client.session
    session["gj_mfa_ok"] = True  # as after the code step
    session.save()
    page = client.get("/accounts/otp/disable/").content.decode()
    assert 'id="refusal"' in page and 'name="password"' not in page
    client.post("/accounts/otp/disable/", {"password": PASSWORD})
    assert TOTPDevice.objects.filter(user=leader).exists()
    assert not AuditLog.objects.filter(action="auth.mfa_disabled").exists()


def test_wrong_passwords_count_toward_the_lock(clerk, client):
    ip = "198.51.100.7"
    for _ in range(5):
        client.post("/accounts/otp/recovery-codes/", {"password": WRONG}, REMOTE_ADDR=ip)
    assert LoginLock.objects.filter(username="clerk", ip=ip).exists()
    refused = client.post("/accounts/otp/recovery-codes/", {"password": PASSWORD}, REMOTE_ADDR=ip)
    assert refused.status_code == 200 and "锁定" in refused.context["form"].errors["password"][0]
    assert not StaticDevice.objects.exists()
    # From the owner's own computer the right password works.
    assert (
        client.post("/accounts/otp/recovery-codes/", {"password": PASSWORD}, REMOTE_ADDR="10.0.0.9").status_code == 302
    )
