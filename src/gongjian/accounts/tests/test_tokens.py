"""API tokens: a name, a scope, an expiry; the owner lists and revokes them (page and API)."""

import datetime as dt

from django.utils import timezone
from rest_framework.test import APIClient

from gongjian.accounts.models import ApiToken
from gongjian.core.models import AuditLog
from gongjian.testing import PASSWORD


def token_client(secret):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return api


def obtain(**extra):
    data = {"username": "supervisor", "password": PASSWORD, **extra}
    return APIClient().post("/api/auth/token/", data, format="json")


def test_a_token_has_a_name_a_scope_and_an_expiry_and_only_its_hash_is_kept(world):
    response = obtain(name="报表对接", scope="write", days=7)
    assert response.status_code == 200
    secret = response.json()["token"]
    token = ApiToken.objects.get()
    assert (token.name, token.scope) == ("报表对接", "write")
    assert dt.timedelta(days=6, hours=23) < token.expires_at - timezone.now() <= dt.timedelta(days=7)
    assert secret not in (token.digest, token.prefix) and token.digest != secret
    assert AuditLog.objects.filter(action="auth.token", actor=world.user("supervisor")).count() == 1


def test_the_default_scope_is_read_only(world):
    secret = obtain().json()["token"]
    api = token_client(secret)
    assert api.get("/api/items/").status_code == 200
    refused = api.patch(f"/api/areas/{world.area.pk}/", {"title": "改"}, format="json")
    assert refused.status_code == 403


def test_a_write_token_writes(world):
    api = token_client(obtain(scope="write").json()["token"])
    assert (
        api.patch(f"/api/areas/{world.area.pk}/", {"title": "攻产业不强之坚（改）"}, format="json").status_code == 200
    )


def test_an_expired_token_is_refused(world, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    api = token_client(obtain(days=1).json()["token"])
    assert api.get("/api/items/").status_code == 200
    time_machine.move_to(start + dt.timedelta(days=1, seconds=1), tick=False)
    assert api.get("/api/items/").status_code == 401


def test_too_long_a_life_is_refused_naming_the_field(world, settings):
    response = obtain(days=settings.GONGJIAN_TOKEN_MAX_DAYS + 1)
    assert response.status_code == 400 and "days" in response.json()
    assert not ApiToken.objects.exists()


def test_the_owner_lists_and_revokes_through_the_api(world):
    secret = obtain(name="A", scope="write").json()["token"]
    obtain(name="B")
    api = token_client(secret)
    listed = api.get("/api/tokens/").json()["results"]
    assert {t["name"] for t in listed} == {"A", "B"}
    assert all("digest" not in t and "token" not in t for t in listed)
    other = ApiToken.objects.get(name="B")
    assert api.post(f"/api/tokens/{other.pk}/revoke/").status_code == 200
    assert AuditLog.objects.filter(action="auth.token_revoked").count() == 1
    mine = ApiToken.objects.get(name="A")
    assert api.post(f"/api/tokens/{mine.pk}/revoke/").status_code == 200
    assert api.get("/api/items/").status_code == 401  # a revoked token stops at once


def test_someone_elses_token_does_not_exist(world):
    obtain(name="A")
    token = ApiToken.objects.get()
    api = APIClient()
    api.force_authenticate(world.user("clerk"))
    assert api.get(f"/api/tokens/{token.pk}/").status_code == 404
    assert api.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_the_page_creates_shows_the_secret_once_and_revokes(world, client):
    client.force_login(world.user("clerk"))
    data = {"name": "对接", "scope": "read", "days": "30", "password": PASSWORD}
    response = client.post("/accounts/tokens/", data, follow=True)
    html = response.content.decode()
    token = ApiToken.objects.get()
    secret = html.split('id="token-secret"')[1].split("<code>")[1].split("</code>")[0]
    assert token_client(secret).get("/api/items/").status_code == 200
    assert secret not in client.get("/accounts/tokens/").content.decode()  # shown only once
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert token_client(secret).get("/api/items/").status_code == 401


def test_bad_form_input_names_the_field_and_writes_nothing(world, client):
    client.force_login(world.user("clerk"))
    response = client.post("/accounts/tokens/", {"name": "", "scope": "admin", "days": "9999"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"name", "scope", "days"} <= set(errors)
    assert not ApiToken.objects.exists()
