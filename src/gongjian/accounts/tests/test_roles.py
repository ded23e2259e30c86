"""三权分立 (GB/T 22239 8.1.4.2 d, 8.1.5): system, security and audit administrators; the superuser's break-glass."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gongjian.accounts.models import BreakGlassGrant
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.org import services as org_services
from gongjian.org.models import User
from gongjian.testing import PASSWORD

from .conftest import web_login


@pytest.mark.parametrize(
    ("role", "page"),
    [("auditadmin", "/audit/"), ("secadmin", "/accounts/security/locks/"), ("clerk", "/my-work/")],
)
def test_each_administrator_lands_on_their_own_page(world, client, role, page):
    user = world.user(role)
    user.last_login = timezone.now()
    user.save()
    response = web_login(client, user.username, PASSWORD)
    # The campaign's users pass through the cockpit's start page, which sends each role to its own first page.
    landed = client.get(response["Location"], follow=True)
    assert landed.status_code == 200
    assert landed.request["PATH_INFO"] == page


def test_the_system_administrator_cannot_read_the_audit_log(world, client):
    client.force_login(world.user("sysadmin"))
    assert client.get("/audit/").status_code == 403
    assert not world.user("sysadmin").has_perm("core.view_auditlog")


def test_the_audit_administrator_reads_and_exports_and_changes_nothing(world, client):
    auditor = world.user("auditadmin")
    client.force_login(auditor)
    assert client.get("/audit/").status_code == 200
    export = client.get("/audit/?export=xlsx")
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]
    perms = auditor.get_all_permissions()
    assert perms == {"core.view_auditlog"}


def test_the_security_administrator_changes_no_business_data(world):
    perms = world.user("secadmin").get_all_permissions()
    business = {p for p in perms if not p.startswith(("accounts.", "org.view_user", "org.scope_all"))}
    assert business == set()


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_only_the_security_administrator_grants_administrator_roles(world, role):
    viewer = world.user("viewer")
    with pytest.raises(PermissionDenied):
        org_services.set_roles(Actor(world.user("sysadmin")), viewer, ["viewer", role])
    assert set(viewer.groups.values_list("name", flat=True)) == {"viewer"}
    org_services.set_roles(Actor(world.user("secadmin")), viewer, ["viewer", role])
    assert set(viewer.groups.values_list("name", flat=True)) == {"viewer", role}
    assert AuditLog.objects.get(action="user.roles").actor == world.user("secadmin")
    # ... and removes them: the system administrator cannot take one away either.
    with pytest.raises(PermissionDenied):
        org_services.set_roles(Actor(world.user("sysadmin")), viewer, ["viewer"])


def test_the_system_administrator_still_grants_business_roles(world):
    viewer = world.user("viewer")
    org_services.set_roles(Actor(world.user("sysadmin")), viewer, ["clerk"])
    assert list(viewer.groups.values_list("name", flat=True)) == ["clerk"]


def test_the_roles_page_of_the_security_administrator(world, client):
    client.force_login(world.user("secadmin"))
    viewer = world.user("viewer")
    assert "审计管理员" in client.get(f"/accounts/security/roles/{viewer.pk}/").content.decode()
    response = client.post(f"/accounts/security/roles/{viewer.pk}/", {"roles": ["viewer", "auditadmin"]})
    assert response.status_code == 302
    assert set(viewer.groups.values_list("name", flat=True)) == {"viewer", "auditadmin"}
    client.force_login(world.user("sysadmin"))
    assert client.post(f"/accounts/security/roles/{viewer.pk}/", {"roles": ["viewer"]}).status_code == 403


@pytest.fixture
def root(db):
    user = User.objects.create_superuser("root", password=PASSWORD)
    user.last_login = timezone.now()
    user.save()
    return user


def test_in_production_the_superuser_cannot_log_in_with_a_password(root, client, settings):
    settings.GONGJIAN_SUPERUSER_LOGIN = False
    response = web_login(client, "root", PASSWORD)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(action="auth.superuser_refused", actor_name="root").count() == 1
    token = Client().post("/api/auth/token/", {"username": "root", "password": PASSWORD})
    assert token.status_code == 400
    # The administration site's own login page leads to ours.
    assert client.get("/admin/login/")["Location"].startswith("/accounts/login/")


def test_break_glass_issues_a_one_time_audited_code(root, settings):
    settings.GONGJIAN_SUPERUSER_LOGIN = False
    out = io.StringIO()
    call_command("breakglass", "root", "--reason", "数据库故障恢复", stdout=out)
    code = out.getvalue().split("code: ")[1].split()[0]
    issued = AuditLog.objects.get(action="auth.breakglass_issued")
    assert issued.after == {"reason": "数据库故障恢复"} and code not in str(issued.after)

    client = Client()
    wrong = client.post("/accounts/breakglass/", {"username": "root", "password": PASSWORD, "code": "0" * 20})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    ok = client.post("/accounts/breakglass/", {"username": "root", "password": PASSWORD, "code": code})
    assert ok.status_code == 302 and client.session["_auth_user_id"] == str(root.pk)
    assert AuditLog.objects.get(action="auth.breakglass_login").after == {"reason": "数据库故障恢复"}
    assert BreakGlassGrant.objects.get().used_at is not None
    again = Client().post("/accounts/breakglass/", {"username": "root", "password": PASSWORD, "code": code})
    assert again.status_code == 200  # used once


def test_break_glass_codes_expire(root, settings, time_machine):
    settings.GONGJIAN_SUPERUSER_LOGIN = False
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    out = io.StringIO()
    call_command("breakglass", "root", "--reason", "应急", stdout=out)
    code = out.getvalue().split("code: ")[1].split()[0]
    time_machine.move_to(start + dt.timedelta(minutes=16), tick=False)
    late = Client().post("/accounts/breakglass/", {"username": "root", "password": PASSWORD, "code": code})
    assert late.status_code == 200


def test_break_glass_is_only_for_a_superuser(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("breakglass", "sysadmin", "--reason", "试图", stdout=io.StringIO())
