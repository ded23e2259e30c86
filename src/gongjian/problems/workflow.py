"""The problem ledger's workflow (问题销号) as a pure state machine: no Django, plain data in and out.

States, in order::

    登记 registered → 交办 assigned → 办理中 in_progress → 办结申请 applied → 核实 verified → 销号 closed
                                            ↑                     │
                                            └──── 退回 return ────┘

Beside the main line, a handling unit may ask for an extension (延期) while it works on a problem; a holder of
the ``extend`` right approves or rejects it. An extension never changes the state, and the problem is still
judged against its original deadline (the lights and the statistics of timely closure).

:func:`check` says whether an actor may take an action on a problem with the given input: it returns the
:class:`Outcome` (the target state) or raises :class:`WorkflowError`, whose ``kind`` tells the caller how to
answer: ``ROLE`` (403: the actor may not do this), ``STATE`` (409: not from this state), ``INPUT`` (400: the
input is wrong). Codes and parameters are stable; the Django layer turns them into sentences.

Rights are abstract words (``assign``, ``handle``, ``verify``, ``close``, ``extend``); the services map them to
Django permissions. The checks run in this order: right → state → who (handling unit, separation of duties) →
input, so an actor without the right learns nothing more than that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "ACTIONS",
    "APPLIED",
    "ASSIGNED",
    "BLUE",
    "CLOSED",
    "GREEN",
    "INPUT",
    "IN_PROGRESS",
    "OPEN_STATES",
    "RED",
    "REGISTERED",
    "ROLE",
    "SATISFIED_LEVELS",
    "SOURCE_ENTERPRISE",
    "STATE",
    "STATES",
    "SUPERVISION_RIGHT",
    "TRANSITIONS",
    "VERIFIED",
    "ActionInput",
    "ActorFacts",
    "Outcome",
    "ProblemFacts",
    "Transition",
    "WorkflowError",
    "allowed_actions",
    "check",
    "colour",
    "days_overdue",
]

# --- states -----------------------------------------------------------------------------------------------

REGISTERED = "registered"  # 登记
ASSIGNED = "assigned"  # 交办
IN_PROGRESS = "in_progress"  # 办理中
APPLIED = "applied"  # 办结申请
VERIFIED = "verified"  # 核实
CLOSED = "closed"  # 销号
STATES = (REGISTERED, ASSIGNED, IN_PROGRESS, APPLIED, VERIFIED, CLOSED)
OPEN_STATES = STATES[:-1]
#: States in which the handling unit has not yet answered: the deadline runs against today.
WORKING_STATES = (ASSIGNED, IN_PROGRESS)

# --- actions ----------------------------------------------------------------------------------------------

ASSIGN = "assign"
START = "start"
APPLY = "apply"
VERIFY = "verify"
RETURN = "return"
CLOSE = "close"
REQUEST_EXTENSION = "request_extension"
APPROVE_EXTENSION = "approve_extension"
REJECT_EXTENSION = "reject_extension"

#: Source of a problem raised by the enterprise itself: its satisfaction is recorded on verification.
SOURCE_ENTERPRISE = "enterprise"
#: Satisfaction levels that let a problem raised by an enterprise pass verification.
SATISFIED_LEVELS = ("satisfied", "basically_satisfied")
SATISFACTION_LEVELS = (*SATISFIED_LEVELS, "unsatisfied")

#: The right only the supervision office (督查) holds; it also lets its holders close out any problem they see.
SUPERVISION_RIGHT = "verify"

# --- error kinds ------------------------------------------------------------------------------------------

ROLE = "role"  # 403
STATE = "state"  # 409
INPUT = "input"  # 400


@dataclass(frozen=True)
class Transition:
    """An action: the states it may start from, the state it leads to (None: unchanged) and the right it needs."""

    action: str
    sources: tuple[str, ...]
    target: str | None
    right: str


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(ASSIGN, (REGISTERED,), ASSIGNED, "assign"),
        Transition(START, (ASSIGNED,), IN_PROGRESS, "handle"),
        Transition(APPLY, (IN_PROGRESS,), APPLIED, "handle"),
        Transition(VERIFY, (APPLIED,), VERIFIED, "verify"),
        Transition(RETURN, (APPLIED,), IN_PROGRESS, "verify"),
        Transition(CLOSE, (VERIFIED,), CLOSED, "close"),
        Transition(REQUEST_EXTENSION, WORKING_STATES, None, "handle"),
        Transition(APPROVE_EXTENSION, WORKING_STATES, None, "extend"),
        Transition(REJECT_EXTENSION, WORKING_STATES, None, "extend"),
    )
}
ACTIONS = tuple(TRANSITIONS)


class WorkflowError(Exception):
    """A refused action: ``kind`` (ROLE, STATE, INPUT), a stable ``code``, the ``field`` at fault and parameters."""

    def __init__(self, kind: str, code: str, field: str | None = None, **params):
        super().__init__(code)
        self.kind = kind
        self.code = code
        self.field = field
        self.params = params


@dataclass(frozen=True)
class ProblemFacts:
    """What the workflow needs to know about a problem."""

    state: str
    source: str = ""
    handling_unit_id: int | None = None
    deadline: dt.date | None = None  # the original deadline, fixed at assignment
    extended_deadline: dt.date | None = None  # the approved extension, if any
    applied_by_id: int | None = None  # who made the (latest) closure application
    extension_pending: bool = False
    extension_requested_by_id: int | None = None
    leader_id: int | None = None  # the responsible leader (the enterprise's 包保 leader or the item's leader)
    #: everyone who worked on the problem for the handling unit: signed for it (签收), applied, asked to extend
    handler_ids: frozenset[int] = frozenset()

    @property
    def working_deadline(self) -> dt.date | None:
        return self.extended_deadline or self.deadline


@dataclass(frozen=True)
class ActorFacts:
    """Who acts: their id, the abstract rights they hold, and whether their unit handles the problem."""

    user_id: int
    rights: frozenset[str] = frozenset()
    in_handling_unit: bool = False


@dataclass(frozen=True)
class ActionInput:
    """The input of an action; each action reads the fields it needs."""

    today: dt.date | None = None
    unit_id: int | None = None  # assign
    deadline: dt.date | None = None  # assign; requested deadline of an extension
    text: str = ""  # the reply (apply), the reason (return, extension, reject), a note (verify, close)
    satisfaction: str = ""  # verify: the enterprise's satisfaction


@dataclass(frozen=True)
class Outcome:
    action: str
    source: str
    target: str  # equal to ``source`` for the extension actions


def _require_right(t: Transition, actor: ActorFacts) -> None:
    if t.right not in actor.rights:
        raise WorkflowError(ROLE, f"no_right_{t.right}")


def _require_state(t: Transition, p: ProblemFacts) -> None:
    if p.state not in t.sources:
        raise WorkflowError(STATE, "illegal_transition", action=t.action, state=p.state)


def _require_handling_unit(p: ProblemFacts, actor: ActorFacts) -> None:
    if not actor.in_handling_unit:
        raise WorkflowError(ROLE, "not_handling_unit")


def _require_not_applicant(p: ProblemFacts, actor: ActorFacts) -> None:
    if (p.applied_by_id is not None and p.applied_by_id == actor.user_id) or actor.user_id in p.handler_ids:
        raise WorkflowError(ROLE, "verifier_is_handler")


def _require_closer(p: ProblemFacts, actor: ActorFacts) -> None:
    """销号 is the responsible leader's or the supervision office's (the holders of the verification right)."""
    if SUPERVISION_RIGHT in actor.rights:
        return
    if p.leader_id is None or p.leader_id != actor.user_id:
        raise WorkflowError(ROLE, "not_responsible_leader")


def _require_text(data: ActionInput, code: str) -> None:
    if not (data.text or "").strip():
        raise WorkflowError(INPUT, code, "text")


def _who(action: str, p: ProblemFacts, actor: ActorFacts) -> None:
    """Checks on who acts, once the right and the state are known to fit."""
    if action in (START, APPLY, REQUEST_EXTENSION):
        _require_handling_unit(p, actor)
    elif action in (VERIFY, RETURN, CLOSE):
        _require_not_applicant(p, actor)
    if action == CLOSE:
        _require_closer(p, actor)
    if action == REQUEST_EXTENSION and p.extension_pending:
        raise WorkflowError(STATE, "extension_already_pending")
    if action in (APPROVE_EXTENSION, REJECT_EXTENSION):
        if not p.extension_pending:
            raise WorkflowError(STATE, "no_extension_pending")
        if p.extension_requested_by_id == actor.user_id:
            raise WorkflowError(ROLE, "extension_own_request")


def _input(action: str, p: ProblemFacts, data: ActionInput) -> None:
    today = data.today
    if action == ASSIGN:
        if data.unit_id is None:
            raise WorkflowError(INPUT, "unit_required", "unit")
        if data.deadline is None:
            raise WorkflowError(INPUT, "deadline_required", "deadline")
        if today is not None and data.deadline < today:
            raise WorkflowError(INPUT, "deadline_past", "deadline", deadline=data.deadline)
    elif action == APPLY:
        _require_text(data, "reply_required")
    elif action == VERIFY:
        level = data.satisfaction or ""
        if level and level not in SATISFACTION_LEVELS:
            raise WorkflowError(INPUT, "satisfaction_unknown", "satisfaction")
        if p.source == SOURCE_ENTERPRISE:
            if not level:
                raise WorkflowError(INPUT, "satisfaction_required", "satisfaction")
            if level not in SATISFIED_LEVELS:
                raise WorkflowError(INPUT, "enterprise_unsatisfied", "satisfaction")
    elif action == RETURN:
        _require_text(data, "reason_required")
    elif action == REQUEST_EXTENSION:
        _require_text(data, "reason_required")
        current = p.working_deadline
        if data.deadline is None:
            raise WorkflowError(INPUT, "deadline_required", "deadline")
        if current is not None and data.deadline <= current:
            raise WorkflowError(INPUT, "extension_not_later", "deadline", deadline=current)
    elif action == REJECT_EXTENSION:
        _require_text(data, "reason_required")


def check(action: str, problem: ProblemFacts, actor: ActorFacts, data: ActionInput | None = None) -> Outcome:
    """The outcome of ``action`` by ``actor`` on ``problem`` with ``data``, or a :class:`WorkflowError`."""
    t = TRANSITIONS.get(action)
    if t is None:
        raise WorkflowError(STATE, "unknown_action", action=action)
    _require_right(t, actor)
    _require_state(t, problem)
    _who(action, problem, actor)
    if data is not None:
        _input(action, problem, data)
    return Outcome(action, problem.state, t.target or problem.state)


def allowed_actions(problem: ProblemFacts, actor: ActorFacts) -> list[str]:
    """The actions ``actor`` may take now (their input not yet given): the forms a page offers."""
    allowed = []
    for action in ACTIONS:
        try:
            check(action, problem, actor)
        except WorkflowError:
            continue
        allowed.append(action)
    return allowed


# --- timeliness and the traffic light ---------------------------------------------------------------------

RED = "red"
BLUE = "blue"
GREEN = "green"


def days_overdue(deadline: dt.date | None, answered_on: dt.date | None, today: dt.date) -> int:
    """Days past the original deadline: judged on the day the unit answered, else today (0 when not late)."""
    if deadline is None:
        return 0
    judged = answered_on or today
    return max(0, (judged - deadline).days)


def colour(
    state: str, deadline: dt.date | None, answered_on: dt.date | None, today: dt.date, blue_days: int = 3
) -> tuple[str, str] | None:
    """The light of an open problem and its reason code, or None when it is not judged (closed, not assigned).

    Red: past the original deadline (an extension does not move it). Blue: due within ``blue_days``. Green:
    otherwise. A problem the unit has answered (applied, verified) is judged on the day of its answer.
    """
    if state == CLOSED or state == REGISTERED or deadline is None:
        return None
    late = days_overdue(deadline, answered_on if state not in WORKING_STATES else None, today)
    if late > 0:
        return RED, "problem_overdue"
    if state in WORKING_STATES and (deadline - today).days <= blue_days:
        return BLUE, "problem_due_soon"
    if state in WORKING_STATES:
        return GREEN, "problem_on_time"
    return GREEN, "problem_answered"
