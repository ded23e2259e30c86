"""The navigation bar: module entries grouped into menus, only what the user may open."""

from django.test import RequestFactory

from gongjian.core.context_processors import navigation


def _nav(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return navigation(request)["nav"]


def _labels(entries):
    return [str(e["label"]) for e in entries]


def test_the_supervision_office_gets_menus_of_the_modules(world):
    nav = _nav(world.user("supervisor"), "/enterprises/")
    menus = {str(e["label"]): e for e in nav if "children" in e}
    assert set(menus) == {"攻坚推进", "企业服务", "空间资源", "督查督办"}
    enterprise_menu = next(m for m in menus.values() if any(c["url"] == "/enterprises/" for c in m["children"]))
    assert enterprise_menu["active"] and not all(m["active"] for m in menus.values())
    assert {"/enterprises/", "/pairing/", "/problems/"} <= {c["url"] for c in enterprise_menu["children"]}
    top = [e for e in nav if "children" not in e]
    assert "/my-work/" in {e["url"] for e in top}


def test_no_entry_the_user_may_not_open_and_a_menu_of_one_is_a_link(world):
    nav = _nav(world.user("nobody"))
    assert all("children" not in e for e in nav)
    assert {e["url"] for e in nav} == {"/my-work/"}


def test_anonymous_sees_no_navigation():
    from django.contrib.auth.models import AnonymousUser

    assert _nav(AnonymousUser()) == []
