"""API fuzzing: schemathesis generates requests for every operation of the OpenAPI schema, for three roles.

Each response must not be a server error and must match the documented schema (``not_a_server_error``,
``response_schema_conformance``). Two phases of schemathesis run:

- the **coverage** phase (boundary values, missing and wrong-typed fields, empty bodies, unexpected HTTP
  methods: about 150 requests per operation) runs once per operation, as the supervision office, the role
  whose writes reach furthest;
- the **fuzzing** phase (random valid and invalid data, ``FUZZ_EXAMPLES`` examples per operation, default 3) and
  the schema's examples run for all three roles.

So every operation is fuzzed for three roles, and the boundary cases, which do not depend on the role, are
sent once instead of three times (they were three quarters of the suite's API requests). Set
``GONGJIAN_FUZZ_EXAMPLES`` for a deeper run. Marked ``fuzz``: it runs with the suite, and ``-m "not fuzz"``
leaves it out of a quick local run. Undocumented 4xx status codes (``status_code_conformance``) and the
negative-data checks are not asserted yet.
"""

import json
import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from gongjian.enterprises.testing import make_enterprise
from gongjian.problems.testing import make_problem

FUZZ_EXAMPLES = int(os.environ.get("GONGJIAN_FUZZ_EXAMPLES", "3"))
ROLES = ["supervisor", "clerk", "leader"]
BOUNDARY_ROLE = "supervisor"


def load_schema(*, boundary_cases: bool):
    schema = schemathesis.openapi.from_dict(
        json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))
    )
    schema.config.phases.coverage.enabled = boundary_cases
    schema.config.phases.fuzzing.enabled = not boundary_cases
    schema.app = get_wsgi_application()
    return schema


boundary_schema = load_schema(boundary_cases=True)
random_schema = load_schema(boundary_cases=False)
FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """The WSGI handler closes old database connections at each request's start and end, which on PostgreSQL
    closes the test's own connection inside its transaction. Django's test client disconnects these handlers
    for the same reason; the fuzz requests go through the WSGI application, so this does it for them."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world, wsgi_keeps_the_test_connection):
    """Some objects for the operations to find, and an API token per role."""
    ent = make_enterprise(world)
    make_problem(world, enterprise=ent)
    return {role: Token.objects.create(user=world.user(role)).key for role in ROLES}


def call_as(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Token {token}", "Accept-Language": "zh-hans"},
        checks=[not_a_server_error, response_schema_conformance],
        excluded_checks=[],
    )


@pytest.mark.fuzz
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@random_schema.parametrize()
@FUZZ_SETTINGS
def test_api_operations_never_fail_and_match_their_schema(case, role, tokens):
    call_as(case, tokens[role])


@pytest.mark.fuzz
@pytest.mark.django_db
@boundary_schema.parametrize()
@FUZZ_SETTINGS
def test_api_operations_boundary_cases_never_fail_and_match_their_schema(case, tokens):
    call_as(case, tokens[BOUNDARY_ROLE])
