"""The cadre side's matrix rows for its own two roles (组织部, 纪检监察).

The shared matrix (core/tests/test_permission_matrix.py) runs these rows for every shipped role of the platform;
this test runs the same rows, with the same helpers, for the two roles only this module has, ``org_dept`` and
``discipline`` (running the shared roles here too ran 350 cases twice).
"""

from __future__ import annotations

import pytest

from gongjian.core.models import AuditLog
from gongjian.core.tests.matrix import ROLES
from gongjian.core.tests.test_permission_matrix import _api_expected, _api_kind, _status_kind
from gongjian.testing import PASSWORD

from .matrix_rows import API_MATRIX, EXTRA_ROLES, MATRIX

assert not set(EXTRA_ROLES) & set(ROLES)  # the shared roles are the shared matrix's
CASES = [(row, role) for row in MATRIX for role in EXTRA_ROLES]
API_CASES = [(row, role) for row in API_MATRIX for role in EXTRA_ROLES]


@pytest.mark.parametrize(("row", "role"), CASES, ids=[f"{r.name}-{r.method}-{role}" for r, role in CASES])
def test_cadre_pages(matrix_case, client, row, role):
    world, objs = matrix_case
    if role != "anonymous":
        assert client.login(username=world.user(role).username, password=PASSWORD)
    url = row.url(world, objs)
    if row.method == "get":
        response = client.get(url)
    else:
        response = client.post(url, row.data(world, objs))
    assert _status_kind(response, row.method) == row.expected(role), (url, role, response.status_code)


@pytest.mark.parametrize(("row", "role"), API_CASES, ids=[f"{r.name}-{r.method}-{role}" for r, role in API_CASES])
def test_cadre_api(matrix_case, row, role):
    from rest_framework.test import APIClient

    world, objs = matrix_case
    api = APIClient()
    if role != "anonymous":
        api.force_authenticate(world.user(role))
    url = row.url(world, objs)
    audit_before = AuditLog.objects.count()
    if row.method == "get":
        response = api.get(url)
    else:
        response = getattr(api, row.method)(url, row.data(world, objs) if row.data else None, format="json")
    assert _api_kind(response, row.method, row, role) == _api_expected(row, role), (
        url,
        role,
        response.status_code,
        response.content[:300],
    )
    if row.method != "get" and _api_expected(row, role) != "ok":
        assert AuditLog.objects.count() == audit_before
