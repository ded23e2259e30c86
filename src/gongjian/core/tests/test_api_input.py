"""API input hardening: unknown or read-only fields are refused naming them; out-of-range filters are 400."""

import importlib

import pytest
from rest_framework import serializers
from rest_framework.test import APIClient

from gongjian.core.api import StrictFieldsMixin
from gongjian.problems.models import Problem
from gongjian.problems.testing import category


def _all_serializers(cls=serializers.BaseSerializer):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_serializers(sub)


def test_every_serializer_of_the_platform_refuses_unknown_fields():
    importlib.import_module("gongjian.api_urls")
    ours = {c for c in _all_serializers() if c.__module__.startswith("gongjian.") and ".tests" not in c.__module__}
    assert len(ours) > 30
    lax = sorted(f"{c.__module__}.{c.__name__}" for c in ours if not issubclass(c, StrictFieldsMixin))
    assert lax == []


def _api(world, role):
    api = APIClient()
    api.force_authenticate(world.user(role))
    return api


@pytest.mark.django_db
def test_an_unknown_field_in_a_write_is_a_400_naming_it(world):
    body = {"title": "用电增容", "description": "x", "source": "visit", "category": category().pk}
    body["item"] = world.own_item.pk
    r = _api(world, "cadre").post("/api/problems/", {**body, "titel": "拼错", "state": "closed"}, format="json")
    assert r.status_code == 400, r.content
    errors = r.json()
    assert set(errors) == {"titel", "state"}
    assert errors["titel"] == ["未知字段。"]
    assert not Problem.objects.exists()
    assert _api(world, "cadre").post("/api/problems/", body, format="json").status_code == 201


@pytest.mark.django_db
def test_an_unknown_field_in_an_action_body_is_refused(world):
    from gongjian.problems.testing import make_problem

    p = make_problem(world)
    r = _api(world, "supervisor").post(
        f"/api/problems/{p.pk}/assign/", {"unit": world.bureau.pk, "dedline": "2026-12-31"}, format="json"
    )
    assert r.status_code == 400 and "dedline" in r.json()
    p.refresh_from_db()
    assert p.version == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/visits/?enterprise=99999999999999999999",
        "/api/pairings/?enterprise=99999999999999999999",
        "/api/problems/?enterprise=1e400",
        "/api/enterprise-figures/?year=99999999999999999999",
    ],
)
def test_an_id_or_year_no_column_can_hold_is_a_400_naming_the_filter(world, url):
    r = _api(world, "supervisor").get(url)
    assert r.status_code == 400
    assert list(r.json()) == [url.split("?")[1].split("=")[0]]


@pytest.mark.django_db
def test_a_blank_read_only_choice_is_documented_as_blank(world):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    satisfaction = schema["components"]["schemas"]["Problem"]["properties"]["satisfaction"]
    refs = [s.get("$ref", "") for s in satisfaction.get("oneOf", [])]
    assert "#/components/schemas/BlankEnum" in refs
