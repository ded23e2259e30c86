"""REST API: token authentication, units and users (read-only, scoped)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from gongjian.accounts.models import ApiToken
from gongjian.org.choices import RoleChoices as R
from gongjian.org.models import Unit, User
from gongjian.testing import PASSWORD, api_token, make_user


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# --- token authentication ---------------------------------------------------------------------------------


def test_token_round_trip(world):
    client = APIClient()
    assert client.get("/api/items/").status_code == 401

    response = client.post("/api/auth/token/", {"username": "clerk", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    key = response.json()["token"]
    assert ApiToken.objects.get().user == world.user(R.CLERK)

    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/items/")
    assert response.status_code == 200
    assert {r["code"] for r in response.json()["results"]} == {"2-01", "2-02"}
    # Each exchange issues a new token (named, with its own expiry and scope; see accounts/tests/test_tokens.py).
    again = APIClient().post("/api/auth/token/", {"username": "clerk", "password": PASSWORD}, format="json")
    assert again.json()["token"] != key
    assert ApiToken.objects.filter(user=world.user(R.CLERK)).count() == 2


def test_token_refused_for_bad_credentials(world):
    client = APIClient()
    response = client.post("/api/auth/token/", {"username": "clerk", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()
    response = client.post("/api/auth/token/", {"username": "clerk"}, format="json")
    assert response.status_code == 400 and "password" in response.json()
    assert not ApiToken.objects.exists()

    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert client.get("/api/items/").status_code == 401


def test_token_of_a_deactivated_user_stops_working(world):
    clerk = world.user(R.CLERK)
    client = client_for(clerk)
    assert client.get("/api/items/").status_code == 200
    clerk.is_active = False
    clerk.save()
    assert client.get("/api/items/").status_code == 401


def test_session_authentication_works_too(world, client):
    assert client.login(username="clerk", password=PASSWORD)
    response = client.get("/api/items/")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


# --- units ------------------------------------------------------------------------------------------------


def test_unit_list_and_detail(world):
    client = client_for(world.user(R.CLERK))
    listed = rows(client.get("/api/units/"))
    assert {u["code"] for u in listed} == {"GOV", "FGJ", "FGJ-XM", "XH"}
    assert set(listed[0]) == {"id", "name", "short_name", "code", "kind", "parent"}
    detail = client.get(f"/api/units/{world.sub_office.pk}/").json()
    assert detail == {
        "id": world.sub_office.pk,
        "name": "发改局项目科",
        "short_name": world.sub_office.short_name,
        "code": "FGJ-XM",
        "kind": "bureau",
        "parent": world.bureau.pk,
    }
    assert {u["code"] for u in rows(client.get(f"/api/units/?parent={world.district.pk}"))} == {"FGJ", "XH"}
    assert [u["code"] for u in rows(client.get("/api/units/?kind=street"))] == ["XH"]
    assert client.get("/api/units/?kind=planet").status_code == 400


def test_units_are_read_only(world):
    client = client_for(world.user(R.SYSADMIN))
    before = Unit.objects.count()
    assert client.post("/api/units/", {"name": "新单位", "code": "NEW"}, format="json").status_code == 405
    assert client.patch(f"/api/units/{world.bureau.pk}/", {"name": "x"}, format="json").status_code == 405
    assert client.delete(f"/api/units/{world.bureau.pk}/").status_code == 405
    assert Unit.objects.count() == before
    world.bureau.refresh_from_db()
    assert world.bureau.name == "区发展和改革局"


def test_units_need_the_view_permission(world):
    client = client_for(world.user("nobody"))
    assert rows(client.get("/api/units/")) == []
    assert client.get(f"/api/units/{world.bureau.pk}/").status_code == 404


# --- users ------------------------------------------------------------------------------------------------


def test_user_fields_never_include_secrets(world):
    leader = world.user(R.LEADER)
    leader.email = "quzhang@example.gov.cn"
    leader.phone = "13800000000"
    leader.save()
    client = client_for(world.user(R.SUPERVISOR))
    body = client.get(f"/api/users/{leader.pk}/").json()
    assert body == {
        "id": leader.pk,
        "username": "leader",
        "display_name": "区长",
        "title": "",
        "unit": world.district.pk,
        "roles": ["leader"],
    }
    raw = client.get("/api/users/").content.decode()
    assert "quzhang@example.gov.cn" not in raw and "13800000000" not in raw
    assert "password" not in raw and "md5$" not in raw


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (R.SUPERVISOR, "all"),
        (R.SYSADMIN, "all"),
        (R.LEADER, "all"),
        (R.UNIT_ADMIN, {"unitadmin", "clerk", "cadre", "viewer", "nobody"}),
        (R.CLERK, set()),  # no org.view_user
        (R.VIEWER, set()),
    ],
)
def test_user_list_is_scoped(world, role, expected):
    names = {u["username"] for u in rows(client_for(world.user(role)).get("/api/users/?page_size=100"))}
    if expected == "all":
        expected = set(User.objects.values_list("username", flat=True))
    assert names == expected


def test_user_outside_scope_is_404(world):
    client = client_for(world.user(R.UNIT_ADMIN))
    street_clerk = world.user("street_clerk")
    assert client.get(f"/api/users/{street_clerk.pk}/").status_code == 404
    assert client.get(f"/api/users/{world.user(R.CLERK).pk}/").status_code == 200
    assert client_for(world.user(R.CLERK)).get(f"/api/users/{world.user(R.CADRE).pk}/").status_code == 404


def test_users_are_written_by_their_administrator_alone(world):
    """Writes on users: accounts/tests/test_users_api.py; every other role that may read users is refused."""
    before = User.objects.count()
    for role in (R.SUPERVISOR, R.LEADER, R.UNIT_ADMIN, R.SECADMIN):
        client = client_for(world.user(role))
        assert client.post("/api/users/", {"username": "new"}, format="json").status_code == 403
        r = client.patch(f"/api/users/{world.user(R.CLERK).pk}/", {"title": "x"}, format="json")
        assert r.status_code == 403
    assert client.delete(f"/api/users/{world.user(R.CLERK).pk}/").status_code == 405  # deactivated, never deleted
    assert User.objects.count() == before and world.user(R.CLERK).title != "x"


def test_user_filters(world):
    client = client_for(world.user(R.SUPERVISOR))
    assert [u["username"] for u in rows(client.get("/api/users/?role=leader"))] == ["leader"]
    assert {u["username"] for u in rows(client.get(f"/api/users/?unit={world.street.pk}"))} == {"streetclerk"}
    assert client.get("/api/users/?role=emperor").status_code == 400


def test_user_list_runs_a_constant_number_of_queries(world):
    client = client_for(world.user(R.SUPERVISOR))

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            listed = rows(client.get("/api/users/?page_size=100"))
        return len(listed), len(ctx.captured_queries)

    n_small, q_small = count()
    for i in range(30):
        make_user(f"user{i:02d}", world.street, R.CLERK, R.CADRE)
    n_large, q_large = count()
    assert (n_small, n_large) == (11, 41)
    assert q_small == q_large
