"""Security events in the audit log (login, token, logout), security headers, role-based admin-site access.

The failure locks, the password policy, sessions and the second factor are tested in gongjian/accounts/tests."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from gongjian.core.models import AuditLog
from gongjian.testing import PASSWORD


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def web_login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_token_is_audited(world):
    api = APIClient()
    response = api.post("/api/auth/token/", {"username": "clerk", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200 and response.json()["token"]
    entry = AuditLog.objects.get(action="auth.token")
    assert (entry.actor, entry.ip, entry.source) == (world.user("clerk"), "10.1.2.3", "api")


def test_login_and_logout_are_audited_and_logout_needs_post(world, client):
    assert web_login(client, "clerk", PASSWORD).status_code == 302
    assert AuditLog.objects.filter(action="auth.login", actor=world.user("clerk")).count() == 1
    assert client.get("/accounts/logout/").status_code == 405  # no state change on GET
    assert client.post("/accounts/logout/").status_code == 302
    assert AuditLog.objects.filter(action="auth.logout", actor=world.user("clerk")).count() == 1
    assert client.get("/").status_code == 302  # back to the login page


def test_pages_are_not_cached_and_carry_security_headers(world, client):
    client.force_login(world.user("clerk"))
    response = client.get("/")
    assert response["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_system_administrator_role_opens_the_admin_site(world):
    from gongjian.core.services import Actor
    from gongjian.org import services as org_services

    # Only the security administrator grants the administrator roles (三权分立).
    actor = Actor(world.user("secadmin"))
    user = org_services.create_user(
        Actor(world.user("sysadmin")), username="newadmin", unit=world.district, password="Gongjian-admin-2026"
    )
    org_services.set_roles(actor, user, ["sysadmin"])
    user.refresh_from_db()
    assert user.is_staff
    org_services.set_roles(actor, user, ["viewer"])
    user.refresh_from_db()
    assert not user.is_staff


def test_area_history_hides_changes_of_items_outside_the_users_scope(world, client):
    from gongjian.campaigns import services
    from gongjian.core.services import Actor

    services.update_item(Actor(world.user("supervisor")), world.other_item, title="街道楼宇招商（保密调整）")
    client.force_login(world.user("clerk"))
    html = client.get(f"/campaigns/areas/{world.area.pk}/").content.decode()
    assert "保密调整" not in html
    client.force_login(world.user("supervisor"))
    assert "保密调整" in client.get(f"/campaigns/areas/{world.area.pk}/").content.decode()


def test_a_superuser_keeps_the_admin_site_whatever_its_roles(world):
    from gongjian.core.services import Actor
    from gongjian.org import services as org_services
    from gongjian.org.models import User

    root = User.objects.create_superuser("root", password="Gongjian-root-2026")
    org_services.set_roles(Actor(root), root, [])
    root.refresh_from_db()
    assert root.is_staff


def test_redis_cache_without_the_package_stops_start_up(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGJIAN_", "DJANGO_"))}
    env.update(GONGJIAN_VAR_DIR=str(tmp_path), GONGJIAN_CACHE_URL="redis://127.0.0.1:6379/0")
    # sys.modules["redis"] = None makes "import redis" fail, as on a machine without the package.
    code = "import sys; sys.modules['redis'] = None; from gongjian.cli import main; main(['gongjian', 'check'])"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert "redis" in result.stderr and "Traceback" not in result.stderr
