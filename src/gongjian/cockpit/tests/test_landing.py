"""After logging in, each role starts on its own page."""

import pytest

from gongjian.testing import PASSWORD


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("leader", "/cockpit/"),
        ("supervisor", "/cockpit/alerts/"),
        ("unit_admin", "/cockpit/"),
        ("clerk", "/my-work/"),
        ("street_clerk", "/my-work/"),
        ("viewer", "/"),
        ("sysadmin", "/"),
    ],
)
def test_login_lands_on_the_roles_page(world, client, role, landing):
    response = client.post(
        "/accounts/login/", {"username": world.user(role).username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == landing
    assert response.status_code == 200


def test_the_supervision_office_finds_the_review_queue_beside_red_and_why(world, client):
    client.force_login(world.user("supervisor"))
    assert 'href="/my-work/"' in client.get("/cockpit/alerts/").content.decode()
