"""Every list and detail endpoint of the API, walked as the supervision office and a clerk: no value may look like
a Python repr (``<method-wrapper …>``, ``<User: …>``, ``object at 0x…``), which is what a serializer gives when
it turns a missing object or a method into text."""

from __future__ import annotations

import re

import pytest

from gongjian.api_urls import router
from gongjian.enterprises.testing import make_enterprise
from gongjian.org.choices import RoleChoices as R
from gongjian.problems.testing import make_problem
from gongjian.testing import PASSWORD

REPR = re.compile(r"<[A-Za-z_][\w.\- ]*(?:: |\s+object\b|\s+at 0x)|method-wrapper|bound method|object at 0x")


def reprs(value, path="") -> list[str]:
    """The paths of every string in the JSON value that looks like a Python repr."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in reprs(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in reprs(v, f"{path}[{i}]")]
    if isinstance(value, str) and REPR.search(value):
        return [f"{path} = {value!r}"]
    return []


def test_the_pattern_finds_what_it_must():
    assert reprs({"a": [{"b": "<method-wrapper '__str__' of NoneType object at 0x7f>"}]}) == [
        ".a[0].b = \"<method-wrapper '__str__' of NoneType object at 0x7f>\""
    ]
    assert reprs({"u": "<User: 张三>", "ok": "<p>说明</p> 2026年3月", "n": None}) == [".u = '<User: 张三>'"]


@pytest.mark.parametrize("role", [R.SUPERVISOR, R.CLERK])
def test_no_endpoint_returns_a_python_repr(client, world, role):
    make_problem(world, enterprise=make_enterprise(world))  # registered, so no handling unit yet
    assert client.login(username=world.user(role).username, password=PASSWORD)
    found: list[str] = []
    walked = 0
    for prefix, _viewset, _basename in router.registry:
        response = client.get(f"/api/{prefix}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
        if response.status_code in (403, 404, 405):
            continue
        assert response.status_code == 200, (prefix, response.status_code)
        body = response.json()
        walked += 1
        found += reprs(body, prefix)
        items = body.get("results", body) if isinstance(body, dict) else body
        for item in (items if isinstance(items, list) else [])[:3]:
            if isinstance(item, dict) and "id" in item:
                detail = client.get(f"/api/{prefix}/{item['id']}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
                if detail.status_code == 200:
                    found += reprs(detail.json(), f"{prefix}/{item['id']}")
    assert walked >= 10
    assert found == []
