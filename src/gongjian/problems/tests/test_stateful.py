"""A stateful property test of the workflow over the real service functions and the database.

Hypothesis drives random people through random actions on a few problems. After every step:
* a closed problem was verified, by someone other than the handler who applied for closure;
* every transition has exactly one audit record and one timeline event, and the version counts them;
* the state is the last event's target; a refused action changed nothing.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.enterprises.testing import make_enterprise
from gongjian.problems import services
from gongjian.problems import workflow as wf
from gongjian.problems.choices import ProblemState
from gongjian.problems.models import Problem
from gongjian.problems.testing import category
from gongjian.testing import make_user, run_machine

pytestmark = pytest.mark.django_db

ROLES = ["supervisor", "clerk", "unit_admin", "street_clerk", "leader", "cadre", "verifying_clerk"]


def _machine(world):
    enterprise = make_enterprise(world)
    # A clerk of the bureau who also holds the verification and close-out rights: the separation of duties must
    # stop them on the problems they applied for themselves.
    vc = make_user("verifyingclerk", world.bureau, "clerk")
    vc.user_permissions.add(*Permission.objects.filter(codename__in=["verify_problem", "close_problem"]))
    people = {r: world.user(r) for r in ROLES if r != "verifying_clerk"}
    people["verifying_clerk"] = vc

    def actor(role):
        user = type(people[role]).objects.get(pk=people[role].pk)  # fresh: permission caches start empty
        return Actor(user=user, ip="127.0.0.1", source="web")

    class ProblemMachine(RuleBasedStateMachine):
        problems = Bundle("problems")

        def __init__(self):
            super().__init__()
            self.ids: list[int] = []

        @initialize(target=problems, source=st.sampled_from(["visit", "enterprise", "hotline"]))
        def raise_problem(self, source):
            p = services.create_problem(
                actor("cadre"),
                title="用工缺口",
                description="企业招工难",
                source=source,
                category=category("labour"),
                enterprise=enterprise,
                item=world.own_item,
            )
            self.ids.append(p.pk)
            return p.pk

        @rule(target=problems, source=st.sampled_from(["visit", "enterprise", "dispatch"]))
        def raise_another(self, source):
            return self.raise_problem(source)

        def _act(self, pk, role, action, **kwargs):
            before = Problem.objects.get(pk=pk)
            audit = AuditLog.objects.filter(object_id=str(pk), action__startswith="problem.").count()
            try:
                after = services.ACTION_FUNCTIONS[action](actor(role), before, **kwargs)
            except (PermissionDenied, ValidationError):
                now = Problem.objects.get(pk=pk)
                assert (now.state, now.version) == (before.state, before.version)
                assert AuditLog.objects.filter(object_id=str(pk), action__startswith="problem.").count() == audit
                return
            t = wf.TRANSITIONS[action]
            assert before.state in t.sources
            assert after.state == (t.target or before.state)
            assert after.version == before.version + 1

        @rule(
            pk=problems,
            handler=st.sampled_from(["clerk", "unit_admin", "verifying_clerk"]),
            verifier=st.sampled_from(["supervisor", "verifying_clerk"]),
            steps=st.integers(1, 5),
            send_back=st.booleans(),
            extend=st.booleans(),
        )
        def advance(self, pk, handler, verifier, steps, send_back, extend):
            """The next steps of the main line by plausible people (random roles alone rarely get far)."""
            for _ in range(steps):
                self._advance(pk, handler, verifier, send_back, extend)

        def _advance(self, pk, handler, verifier, send_back, extend):
            state = Problem.objects.values_list("state", flat=True).get(pk=pk)
            if state == ProblemState.IN_PROGRESS and extend:
                self.extend_properly(pk, "clerk", 41)
            if state == ProblemState.APPLIED and send_back:
                self._act(pk, verifier, "return", text="请补充验收材料")
                return
            step = {
                ProblemState.REGISTERED: (
                    "supervisor",
                    "assign",
                    {"unit": world.bureau, "deadline": timezone.localdate() + dt.timedelta(days=10)},
                ),
                ProblemState.ASSIGNED: (handler, "start", {}),
                ProblemState.IN_PROGRESS: (handler, "apply", {"text": "已协调解决"}),
                ProblemState.APPLIED: (verifier, "verify", {"satisfaction": "satisfied"}),
                ProblemState.VERIFIED: (verifier, "close", {}),
            }.get(state)
            if step is not None:
                self._act(pk, step[0], step[1], **step[2])

        @rule(pk=problems, verifier=st.sampled_from(["supervisor", "verifying_clerk"]))
        def send_back_properly(self, pk, verifier):
            self._act(pk, verifier, "return", text="请补充验收材料")

        @rule(pk=problems, handler=st.sampled_from(["clerk", "unit_admin"]), days=st.integers(11, 60))
        def extend_properly(self, pk, handler, days):
            self._act(
                pk, handler, "request_extension", deadline=timezone.localdate() + dt.timedelta(days=days), text="延期"
            )
            self._act(pk, "supervisor", "approve_extension")

        @rule(
            pk=problems,
            role=st.sampled_from(ROLES),
            unit=st.sampled_from(["bureau", "street"]),
            days=st.integers(-2, 30),
        )
        def assign(self, pk, role, unit, days):
            unit = getattr(world, unit)
            self._act(pk, role, "assign", unit=unit, deadline=timezone.localdate() + dt.timedelta(days=days))

        @rule(pk=problems, role=st.sampled_from(ROLES))
        def start(self, pk, role):
            self._act(pk, role, "start")

        @rule(pk=problems, role=st.sampled_from(ROLES), text=st.sampled_from(["", "已协调解决"]))
        def apply(self, pk, role, text):
            self._act(pk, role, "apply", text=text)

        @rule(
            pk=problems,
            role=st.sampled_from(ROLES),
            satisfaction=st.sampled_from(["", "satisfied", "basically_satisfied", "unsatisfied"]),
        )
        def verify(self, pk, role, satisfaction):
            self._act(pk, role, "verify", satisfaction=satisfaction)

        @rule(pk=problems, role=st.sampled_from(ROLES), text=st.sampled_from(["", "证据不足"]))
        def send_back(self, pk, role, text):
            self._act(pk, role, "return", text=text)

        @rule(pk=problems, role=st.sampled_from(ROLES))
        def close(self, pk, role):
            self._act(pk, role, "close")

        @rule(pk=problems, role=st.sampled_from(ROLES), days=st.integers(0, 60))
        def request_extension(self, pk, role, days):
            self._act(
                pk, role, "request_extension", deadline=timezone.localdate() + dt.timedelta(days=days), text="延期"
            )

        @rule(pk=problems, role=st.sampled_from(ROLES), approve=st.booleans())
        def decide_extension(self, pk, role, approve):
            if approve:
                self._act(pk, role, "approve_extension")
            else:
                self._act(pk, role, "reject_extension", text="不同意")

        @invariant()
        def closed_problems_were_verified_by_someone_else(self):
            for p in Problem.objects.filter(pk__in=self.ids, state=ProblemState.CLOSED):
                assert p.verified_by_id is not None and p.applied_by_id is not None
                assert p.verified_by_id != p.applied_by_id
                assert p.closed_by_id != p.applied_by_id
                if p.source == wf.SOURCE_ENTERPRISE:
                    assert p.satisfaction in wf.SATISFIED_LEVELS

        @invariant()
        def every_transition_has_its_audit_record_and_event(self):
            for p in Problem.objects.filter(pk__in=self.ids):
                events = list(p.events.order_by("at", "pk").values_list("action", "to_state"))
                audit = list(
                    AuditLog.objects.filter(object_id=str(p.pk), action__startswith="problem.")
                    .order_by("at", "id")
                    .values_list("action", flat=True)
                )
                assert audit == [f"problem.{a}" for a, _s in events]
                assert events[0][0] == "create"
                assert p.version == len(events)  # 1 at registration, +1 per action
                assert events[-1][1] == p.state
                assert p.return_count == sum(1 for a, _s in events if a == "return")

    return ProblemMachine


def test_workflow_state_machine(world):
    machine = _machine(world)
    run_machine(machine, examples=25, steps=30)
    # The runs share the test's database: they must have reached the far states, not only refusals.
    from gongjian.problems.models import ProblemEvent

    reached = set(ProblemEvent.objects.values_list("to_state", flat=True))
    assert reached == set(wf.STATES), reached
    assert Problem.objects.filter(return_count__gt=0).exists()
    assert Problem.objects.filter(extended_deadline__isnull=False).exists()
