"""The problem workflow as a pure state machine: tested without Django or the database."""

import ast
import datetime as dt
from pathlib import Path

import pytest

from gongjian.problems import workflow as w
from gongjian.problems.workflow import (
    APPLIED,
    ASSIGNED,
    CLOSED,
    IN_PROGRESS,
    INPUT,
    REGISTERED,
    ROLE,
    STATE,
    VERIFIED,
    ActionInput,
    ActorFacts,
    ProblemFacts,
    WorkflowError,
    allowed_actions,
    check,
)

D = dt.date
TODAY = D(2026, 5, 10)
SUPERVISOR = ActorFacts(1, frozenset({"assign", "verify", "close", "extend"}))
HANDLER = ActorFacts(2, frozenset({"handle"}), in_handling_unit=True)
OTHER_UNIT = ActorFacts(3, frozenset({"handle"}), in_handling_unit=False)
NOBODY = ActorFacts(4)


def test_pure_module_imports_nothing_from_django():
    tree = ast.parse(Path(w.__file__).read_text())
    names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [n for n in names if n.startswith("django") or n.startswith("gongjian")]


def _err(action, problem, actor, data=None) -> WorkflowError:
    with pytest.raises(WorkflowError) as exc:
        check(action, problem, actor, data)
    return exc.value


def test_the_main_line_visits_every_state_in_order():
    p = ProblemFacts(REGISTERED, handling_unit_id=None)
    out = check("assign", p, SUPERVISOR, ActionInput(today=TODAY, unit_id=7, deadline=D(2026, 6, 1)))
    assert (out.source, out.target) == (REGISTERED, ASSIGNED)
    p = ProblemFacts(ASSIGNED, handling_unit_id=7, deadline=D(2026, 6, 1))
    assert check("start", p, HANDLER).target == IN_PROGRESS
    p = ProblemFacts(IN_PROGRESS, handling_unit_id=7, deadline=D(2026, 6, 1))
    assert check("apply", p, HANDLER, ActionInput(text="已协调供电公司增容")).target == APPLIED
    p = ProblemFacts(APPLIED, applied_by_id=HANDLER.user_id)
    assert check("verify", p, SUPERVISOR, ActionInput()).target == VERIFIED
    assert check("return", p, SUPERVISOR, ActionInput(text="证据不足")).target == IN_PROGRESS
    p = ProblemFacts(VERIFIED, applied_by_id=HANDLER.user_id)
    assert check("close", p, SUPERVISOR).target == CLOSED


@pytest.mark.parametrize("state", w.STATES)
@pytest.mark.parametrize("action", w.ACTIONS)
def test_no_step_can_be_skipped(state, action):
    """An action from a state outside its sources is a STATE error naming the action and the state."""
    t = w.TRANSITIONS[action]
    everyone = ActorFacts(99, frozenset({"assign", "handle", "verify", "close", "extend"}), in_handling_unit=True)
    p = ProblemFacts(state, extension_pending=action in ("approve_extension", "reject_extension"))
    if state in t.sources:
        assert check(action, p, everyone).target == (t.target or state)
    else:
        e = _err(action, p, everyone)
        assert (e.kind, e.code, e.params) == (STATE, "illegal_transition", {"action": action, "state": state})


def test_main_line_targets_are_the_next_state():
    order = {s: i for i, s in enumerate(w.STATES)}
    for t in w.TRANSITIONS.values():
        if t.target is None:
            continue
        for source in t.sources:
            step = order[t.target] - order[source]
            assert step == 1 or (t.action == "return" and t.target == IN_PROGRESS)


def test_a_closed_problem_takes_no_action():
    everyone = ActorFacts(99, frozenset({"assign", "handle", "verify", "close", "extend"}), in_handling_unit=True)
    assert allowed_actions(ProblemFacts(CLOSED), everyone) == []


def test_the_right_is_checked_before_the_state():
    e = _err("assign", ProblemFacts(CLOSED), HANDLER)
    assert (e.kind, e.code) == (ROLE, "no_right_assign")


def test_only_the_handling_unit_works_on_a_problem():
    p = ProblemFacts(ASSIGNED, handling_unit_id=7)
    e = _err("start", p, OTHER_UNIT)
    assert (e.kind, e.code) == (ROLE, "not_handling_unit")
    e = _err("start", p, SUPERVISOR)
    assert (e.kind, e.code) == (ROLE, "no_right_handle")


def test_the_verifier_must_not_be_the_handler_who_applied():
    both = ActorFacts(2, frozenset({"handle", "verify", "close"}), in_handling_unit=True)
    p = ProblemFacts(APPLIED, applied_by_id=2)
    for action in ("verify", "return"):
        e = _err(action, p, both, ActionInput(text="x"))
        assert (e.kind, e.code) == (ROLE, "verifier_is_handler")
    e = _err("close", ProblemFacts(VERIFIED, applied_by_id=2), both)
    assert e.code == "verifier_is_handler"
    # Another handler of the unit who did not apply may verify.
    assert check("verify", ProblemFacts(APPLIED, applied_by_id=5), both, ActionInput()).target == VERIFIED


def test_assign_needs_a_unit_and_a_deadline_not_in_the_past():
    p = ProblemFacts(REGISTERED)
    e = _err("assign", p, SUPERVISOR, ActionInput(today=TODAY, deadline=D(2026, 6, 1)))
    assert (e.kind, e.code, e.field) == (INPUT, "unit_required", "unit")
    e = _err("assign", p, SUPERVISOR, ActionInput(today=TODAY, unit_id=1))
    assert (e.code, e.field) == ("deadline_required", "deadline")
    e = _err("assign", p, SUPERVISOR, ActionInput(today=TODAY, unit_id=1, deadline=D(2026, 5, 9)))
    assert (e.code, e.params) == ("deadline_past", {"deadline": D(2026, 5, 9)})
    assert check("assign", p, SUPERVISOR, ActionInput(today=TODAY, unit_id=1, deadline=TODAY)).target == ASSIGNED


def test_apply_and_return_need_their_text():
    e = _err("apply", ProblemFacts(IN_PROGRESS), HANDLER, ActionInput(text="   "))
    assert (e.kind, e.code, e.field) == (INPUT, "reply_required", "text")
    e = _err("return", ProblemFacts(APPLIED, applied_by_id=2), SUPERVISOR, ActionInput(text=""))
    assert e.code == "reason_required"


@pytest.mark.parametrize(
    ("source", "satisfaction", "code"),
    [
        ("enterprise", "", "satisfaction_required"),
        ("enterprise", "unsatisfied", "enterprise_unsatisfied"),
        ("enterprise", "delighted", "satisfaction_unknown"),
        ("visit", "delighted", "satisfaction_unknown"),
        ("enterprise", "satisfied", None),
        ("enterprise", "basically_satisfied", None),
        ("visit", "", None),
        ("visit", "unsatisfied", None),
    ],
)
def test_an_enterprise_problem_is_verified_only_with_its_satisfaction(source, satisfaction, code):
    p = ProblemFacts(APPLIED, source=source, applied_by_id=2)
    data = ActionInput(satisfaction=satisfaction)
    if code is None:
        assert check("verify", p, SUPERVISOR, data).target == VERIFIED
    else:
        e = _err("verify", p, SUPERVISOR, data)
        assert (e.kind, e.code, e.field) == (INPUT, code, "satisfaction")


def test_extension_request_approval_and_its_rules():
    p = ProblemFacts(IN_PROGRESS, handling_unit_id=7, deadline=D(2026, 6, 1))
    out = check("request_extension", p, HANDLER, ActionInput(deadline=D(2026, 7, 1), text="设备到货延迟"))
    assert out.target == IN_PROGRESS  # the state does not change
    e = _err("request_extension", p, HANDLER, ActionInput(deadline=D(2026, 6, 1), text="x"))
    assert (e.code, e.params) == ("extension_not_later", {"deadline": D(2026, 6, 1)})
    e = _err("request_extension", p, HANDLER, ActionInput(deadline=D(2026, 7, 1)))
    assert e.code == "reason_required"
    # Only one request at a time, and there must be one to decide.
    pending = ProblemFacts(IN_PROGRESS, deadline=D(2026, 6, 1), extension_pending=True, extension_requested_by_id=2)
    assert _err("request_extension", pending, HANDLER, ActionInput()).code == "extension_already_pending"
    assert _err("approve_extension", p, SUPERVISOR).code == "no_extension_pending"
    assert check("approve_extension", pending, SUPERVISOR).target == IN_PROGRESS
    assert _err("reject_extension", pending, SUPERVISOR, ActionInput()).code == "reason_required"
    assert _err("approve_extension", pending, HANDLER).code == "no_right_extend"
    # Nobody approves their own request.
    self_approver = ActorFacts(2, frozenset({"handle", "extend"}), in_handling_unit=True)
    assert _err("approve_extension", pending, self_approver).code == "extension_own_request"
    # A second extension must go past the first.
    extended = ProblemFacts(IN_PROGRESS, deadline=D(2026, 6, 1), extended_deadline=D(2026, 7, 1))
    assert _err("request_extension", extended, HANDLER, ActionInput(deadline=D(2026, 6, 20), text="x")).code == (
        "extension_not_later"
    )


def test_allowed_actions_are_the_forms_a_page_offers():
    p = ProblemFacts(IN_PROGRESS, handling_unit_id=7, deadline=D(2026, 6, 1))
    assert allowed_actions(p, HANDLER) == ["apply", "request_extension"]
    assert allowed_actions(p, OTHER_UNIT) == []
    assert allowed_actions(p, SUPERVISOR) == []
    assert allowed_actions(ProblemFacts(REGISTERED), SUPERVISOR) == ["assign"]
    assert allowed_actions(ProblemFacts(APPLIED, applied_by_id=2), SUPERVISOR) == ["verify", "return"]
    assert allowed_actions(ProblemFacts(APPLIED), NOBODY) == []


def test_unknown_action():
    assert _err("delete", ProblemFacts(REGISTERED), SUPERVISOR).code == "unknown_action"


@pytest.mark.parametrize(
    ("state", "deadline", "answered", "expected"),
    [
        (REGISTERED, None, None, None),
        (CLOSED, D(2026, 5, 1), D(2026, 5, 20), None),
        (ASSIGNED, D(2026, 5, 9), None, ("red", "problem_overdue")),
        (IN_PROGRESS, D(2026, 5, 10), None, ("blue", "problem_due_soon")),
        (IN_PROGRESS, D(2026, 5, 13), None, ("blue", "problem_due_soon")),
        (IN_PROGRESS, D(2026, 5, 14), None, ("green", "problem_on_time")),
        (APPLIED, D(2026, 5, 1), D(2026, 4, 30), ("green", "problem_answered")),
        (APPLIED, D(2026, 5, 1), D(2026, 5, 3), ("red", "problem_overdue")),
        (VERIFIED, D(2026, 5, 12), D(2026, 5, 9), ("green", "problem_answered")),
    ],
)
def test_colour_against_the_original_deadline(state, deadline, answered, expected):
    assert w.colour(state, deadline, answered, TODAY, blue_days=3) == expected


def test_days_overdue():
    assert w.days_overdue(None, None, TODAY) == 0
    assert w.days_overdue(D(2026, 5, 1), None, TODAY) == 9
    assert w.days_overdue(D(2026, 5, 1), D(2026, 5, 2), TODAY) == 1
    assert w.days_overdue(D(2026, 5, 20), None, TODAY) == 0
