"""The rules of the close-out (销号) enforced in the services, so the pages and the API agree.

* Only the problem's responsible leader or the supervision office closes it out: another leader is refused.
* The verifier is never anyone who handled the problem: whoever signed for it (签收) cannot verify, return or
  close it out, even holding those rights.
* Two people closing out the same problem at once: exactly one wins (both databases, real threads).
* The API's workflow actions answer 400 naming the field for an empty body, never 500.
"""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from rest_framework.test import APIClient

from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.org.choices import RoleChoices
from gongjian.problems import services
from gongjian.problems.choices import ProblemState
from gongjian.problems.models import Problem, ProblemEvent
from gongjian.problems.services import WorkflowDenied
from gongjian.problems.testing import make_problem
from gongjian.testing import make_user

from .test_concurrency import _race


def _fresh(user) -> Actor:
    return Actor(user=type(user).objects.get(pk=user.pk), ip="127.0.0.1", source="web")


def _verified(world, *, leader=None, handler="clerk", applicant="clerk"):
    p = make_problem(world, leader=leader)
    sup = _fresh(world.user("supervisor"))
    p = services.assign_problem(sup, p, unit=world.bureau, deadline=timezone.localdate())
    p = services.start_problem(_fresh(world.user(handler)), p)
    p = services.apply_closure(_fresh(world.user(applicant)), p, text="已解决")
    return services.verify_problem(sup, p)


@pytest.mark.django_db
def test_a_leader_not_responsible_for_the_problem_cannot_close_it(world):
    other = make_user("leader2", world.district, RoleChoices.LEADER)
    p = _verified(world, leader=world.user("leader"))
    audit = AuditLog.objects.count()
    with pytest.raises(WorkflowDenied) as exc:
        services.close_problem(_fresh(other), p)
    assert exc.value.code == "not_responsible_leader"
    assert "responsible leader" in exc.value.reason
    p.refresh_from_db()
    assert p.state == ProblemState.VERIFIED and AuditLog.objects.count() == audit
    assert "close" not in services.allowed_actions(other, p)
    # the responsible leader closes it out
    p = services.close_problem(_fresh(world.user("leader")), p)
    assert p.state == ProblemState.CLOSED and p.closed_by == world.user("leader")


@pytest.mark.django_db
def test_a_problem_without_a_responsible_leader_is_closed_by_the_supervision_office_only(world):
    p = _verified(world, leader=None)
    with pytest.raises(WorkflowDenied):
        services.close_problem(_fresh(world.user("leader")), p)
    p = services.close_problem(_fresh(world.user("supervisor")), p)
    assert p.state == ProblemState.CLOSED


@pytest.mark.django_db
def test_whoever_signed_for_a_problem_never_verifies_it(world):
    # The unit administrator signs for it (签收), the clerk applies; the unit administrator also holds the
    # verification and close-out rights: still refused, as the applicant is.
    admin = world.user("unit_admin")
    admin.user_permissions.add(*Permission.objects.filter(codename__in=["verify_problem", "close_problem"]))
    p = make_problem(world)
    sup = _fresh(world.user("supervisor"))
    p = services.assign_problem(sup, p, unit=world.bureau, deadline=timezone.localdate())
    p = services.start_problem(_fresh(admin), p)
    p = services.apply_closure(_fresh(world.user("clerk")), p, text="已解决")
    for act in (services.verify_problem, lambda a, q: services.return_problem(a, q, text="再核")):
        with pytest.raises(WorkflowDenied) as exc:
            act(_fresh(admin), p)
        assert exc.value.code == "verifier_is_handler"
    assert services.allowed_actions(type(admin).objects.get(pk=admin.pk), p) == []
    p = services.verify_problem(sup, p)
    with pytest.raises(WorkflowDenied) as exc:
        services.close_problem(_fresh(admin), p)
    assert exc.value.code == "verifier_is_handler"
    assert p.verified_by == world.user("supervisor")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "action", "field"),
    [
        (ProblemState.IN_PROGRESS, "apply", "text"),
        (ProblemState.APPLIED, "return", "text"),
        (ProblemState.IN_PROGRESS, "reject-extension", None),
        (ProblemState.IN_PROGRESS, "request-extension", "deadline"),
        (ProblemState.REGISTERED, "assign", "unit"),
    ],
)
def test_an_empty_body_is_a_400_naming_the_field(world, state, action, field):
    p = make_problem(world)
    sup, clerk = _fresh(world.user("supervisor")), _fresh(world.user("clerk"))
    if state != ProblemState.REGISTERED:
        p = services.assign_problem(sup, p, unit=world.bureau, deadline=timezone.localdate())
        p = services.start_problem(clerk, p)
    if state == ProblemState.APPLIED:
        p = services.apply_closure(clerk, p, text="已解决")
    role = "clerk" if action in ("apply", "request-extension") else "supervisor"
    api = APIClient()
    api.force_authenticate(world.user(role))
    version = p.version
    r = api.post(f"/api/problems/{p.pk}/{action}/", {}, format="json")
    if field is None:  # nothing to decide on: a conflict, not a server error
        assert r.status_code == 409, r.content
    else:
        assert r.status_code == 400, r.content
        assert field in r.json()
    p.refresh_from_db()
    assert p.version == version


@pytest.mark.django_db(transaction=True)
def test_two_close_outs_at_once_make_one_transition(world):
    p = _verified(world, leader=world.user("leader"))
    leader, sup = world.user("leader"), world.user("supervisor")
    results = _race(
        [
            lambda: services.close_problem(_fresh(leader), Problem.objects.get(pk=p.pk)),
            lambda: services.close_problem(_fresh(sup), Problem.objects.get(pk=p.pk)),
        ]
    )
    ok = [r for r in results if isinstance(r, Problem)]
    refused = [r for r in results if isinstance(r, services.ProblemConflict)]
    assert len(ok) == 1 and len(refused) == 1, results
    p.refresh_from_db()
    assert p.state == ProblemState.CLOSED and p.closed_by == ok[0].closed_by
    assert ProblemEvent.objects.filter(problem=p, action="close").count() == 1
    assert AuditLog.objects.filter(object_id=str(p.pk), action="problem.close").count() == 1
