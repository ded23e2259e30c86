"""Password policy (等保 8.1.4.1 a): length, classes, common, like the username, history, expiry, forced changes."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from gongjian.accounts import services
from gongjian.accounts.models import PasswordRecord, UserSession
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.testing import PASSWORD

from .conftest import web_login

GOOD = "Qingshan-2026!x"


def messages_for(password, user=None, lang="zh-hans"):
    with translation.override(lang):
        try:
            validate_password(password, user)
        except ValidationError as exc:
            return exc.messages
    return []


def test_production_values_are_the_defaults(settings):
    assert settings.GONGJIAN_PASSWORD_MIN_LENGTH == 10
    assert settings.GONGJIAN_PASSWORD_MIN_CLASSES == 3
    assert settings.GONGJIAN_PASSWORD_HISTORY == 5
    assert settings.GONGJIAN_PASSWORD_MAX_AGE_DAYS == 90


def test_too_short_is_said_in_chinese(db):
    msgs = messages_for("Ab1-xyz")
    assert any("至少 10 个字符" in m for m in msgs), msgs
    assert not any("too short" in m for m in msgs)


@pytest.mark.parametrize(
    ("password", "code_fragment"),
    [
        ("abcdefghijk1", "四类字符"),  # two classes
        ("Password123", "常见"),  # on Django's common-password list
    ],
)
def test_weak_passwords_are_refused_with_a_chinese_reason(db, password, code_fragment):
    msgs = messages_for(password)
    assert any(code_fragment in m for m in msgs), msgs


def test_like_the_username_is_refused(world):
    msgs = messages_for("Clerk-2026-abc", world.user("clerk"))
    assert any("用户名" in m for m in msgs), msgs


def test_a_good_password_and_a_64_character_one_pass(world):
    assert messages_for(GOOD, world.user("clerk")) == []
    assert messages_for("Aa1-" + "x" * 60, world.user("clerk")) == []


def test_the_minimum_length_is_configurable(db, settings):
    settings.GONGJIAN_PASSWORD_MIN_LENGTH = 14
    assert any("14" in m for m in messages_for("Qingshan-2026!"[:13]))


def test_none_of_the_last_five(world):
    clerk = world.user("clerk")
    actor = Actor(clerk)
    passwords = [f"Qingshan-{n}-Aa!" for n in range(6)]
    for pw in passwords:
        services.set_password(actor, clerk, pw)
    for pw in passwords[1:]:  # the last five, the current one included
        with pytest.raises(ValidationError):
            services.set_password(actor, clerk, pw)
    services.set_password(actor, clerk, passwords[0])  # the sixth from last is allowed again
    assert AuditLog.objects.filter(action="auth.password_change", actor=clerk).count() == 7


def test_own_change_through_the_page_is_audited(world, client):
    client.force_login(world.user("clerk"))
    weak = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": "1234", "new_password2": "1234"}
    )
    assert weak.status_code == 200 and "至少 10 个字符" in weak.content.decode()
    assert not AuditLog.objects.filter(action="auth.password_change").exists()
    ok = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": GOOD, "new_password2": GOOD})
    assert ok.status_code == 302
    assert AuditLog.objects.get(action="auth.password_change").actor == world.user("clerk")
    assert client.get("/").status_code == 200  # the session survives its own password change


def test_first_login_forces_a_change(world, client):
    clerk = world.user("clerk")
    PasswordRecord.objects.filter(user=clerk).delete()  # an account as an administrator creates it
    assert clerk.last_login is None
    response = web_login(client, "clerk", PASSWORD)
    assert response.status_code == 302
    for url in ("/", "/campaigns/items/", "/my-work/"):
        page = client.get(url)
        assert page.status_code == 302 and page["Location"] == "/accounts/password/", url
    assert "第一次登录" in client.get("/accounts/password/").content.decode()
    client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": GOOD, "new_password2": GOOD})
    assert client.get("/").status_code == 200


def test_an_administrators_reset_is_audited_ends_sessions_and_forces_a_change(world, client):
    clerk = world.user("clerk")
    clerk.last_login = timezone.now()
    clerk.save()
    client.force_login(clerk)
    assert UserSession.objects.filter(user=clerk).count() == 1
    services.set_password(Actor(world.user("sysadmin"), ip="10.0.0.9"), clerk, GOOD)
    entry = AuditLog.objects.get(action="auth.password_reset")
    assert (entry.actor, entry.object_id, entry.ip) == (world.user("sysadmin"), str(clerk.pk), "10.0.0.9")
    assert client.get("/").status_code == 302  # the old session has ended
    assert not UserSession.objects.filter(user=clerk).exists()
    web_login(client, "clerk", GOOD)
    assert client.get("/")["Location"] == "/accounts/password/"
    assert "管理员" in client.get("/accounts/password/").content.decode()


def test_a_reset_needs_the_administrators_permission(world):
    with pytest.raises(Exception) as exc:
        services.set_password(Actor(world.user("clerk")), world.user("viewer"), GOOD)
    assert type(exc.value).__name__ == "PermissionDenied"
    with pytest.raises(Exception) as exc:
        services.set_password(Actor(world.user("secadmin")), world.user("viewer"), GOOD)
    assert type(exc.value).__name__ == "PermissionDenied"


def test_the_admin_site_password_form_goes_through_the_service(world, client):
    sysadmin = world.user("sysadmin")
    sysadmin.is_staff = True  # what org.services gives the system administrator role
    sysadmin.save()
    client.force_login(sysadmin)
    clerk = world.user("clerk")
    url = f"/admin/org/user/{clerk.pk}/password/"
    response = client.post(url, {"password1": GOOD, "password2": GOOD, "usable_password": "true"})
    assert response.status_code == 302, response.content[:500]
    assert AuditLog.objects.filter(action="auth.password_reset", object_id=str(clerk.pk)).count() == 1
    assert PasswordRecord.objects.filter(user=clerk).first().must_change  # the latest record


@pytest.mark.dates
def test_a_password_older_than_90_days_must_be_changed(world, client, time_machine):
    clerk = world.user("clerk")
    start = timezone.now()
    services.set_password(Actor(clerk), clerk, GOOD)
    time_machine.move_to(start + dt.timedelta(days=89), tick=False)
    web_login(client, "clerk", GOOD)
    assert client.get("/").status_code == 200
    client.logout()
    time_machine.move_to(start + dt.timedelta(days=91), tick=False)
    web_login(client, "clerk", GOOD)
    assert client.get("/")["Location"] == "/accounts/password/"
    assert "90" in client.get("/accounts/password/").content.decode()


@pytest.mark.dates
def test_expiry_switched_off(world, client, time_machine, settings):
    settings.GONGJIAN_PASSWORD_MAX_AGE_DAYS = 0
    clerk = world.user("clerk")
    start = timezone.now()
    services.set_password(Actor(clerk), clerk, GOOD)
    time_machine.move_to(start + dt.timedelta(days=400), tick=False)
    web_login(client, "clerk", GOOD)
    assert client.get("/").status_code == 200
