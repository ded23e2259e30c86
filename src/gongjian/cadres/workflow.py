"""The 容错免责 workflow as plain rules: states, who may do what, and what a decision needs. No Django here.

申请 (the cadre or unit applies) → 受理 by 纪检监察 (or 不予受理) → 纪检监察's opinion(s) after the investigation →
认定 by 组织部: exempted (免责), partly exempted (从轻减轻) or not exempted (不予容错), always with reasons.

* Only the applicant edits a case, and only while it is still an application.
* The person who gave an opinion on a case may not decide it (review and decision stay in separate hands).
* An exemption needs every criterion confirmed by the review; a partial one needs at least the public interest
  and no personal gain (宽容不是纵容: personal gain excludes any exemption).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "ACCEPTED",
    "APPLIED",
    "CRITERIA",
    "DECIDED",
    "EXEMPTED",
    "NOT_ACCEPTED",
    "PARTLY",
    "REFUSED",
    "REVIEWED",
    "CaseFacts",
    "WorkflowError",
    "check",
    "next_state",
]

APPLIED, ACCEPTED, NOT_ACCEPTED, REVIEWED, DECIDED = "applied", "accepted", "not_accepted", "reviewed", "decided"
EXEMPTED, PARTLY, REFUSED = "exempted", "partly", "refused"
OUTCOMES = (EXEMPTED, PARTLY, REFUSED)

CRITERIA = ("public_interest", "due_procedure", "no_personal_gain", "no_repeat", "losses_remedied")
#: Criteria without which not even a partial exemption is possible.
ESSENTIAL = ("public_interest", "no_personal_gain")

# action → (states it starts from, the role flag it needs)
ACTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "edit": ((APPLIED,), "is_applicant"),
    "attach": ((APPLIED, ACCEPTED), "may_attach"),
    "accept": ((APPLIED,), "is_reviewer_role"),
    "not_accept": ((APPLIED,), "is_reviewer_role"),
    "opinion": ((ACCEPTED, REVIEWED), "is_reviewer_role"),
    "decide": ((REVIEWED,), "is_decider_role"),
}

TARGET = {"accept": ACCEPTED, "not_accept": NOT_ACCEPTED, "opinion": REVIEWED, "decide": DECIDED}


class WorkflowError(Exception):
    """A refused step: ``code`` names the rule, ``field`` the input it concerns ("" = the case as a whole)."""

    def __init__(self, code: str, field: str = ""):
        super().__init__(code)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class CaseFacts:
    state: str
    actor_id: int
    applicant_id: int | None
    reviewer_ids: frozenset[int] = field(default_factory=frozenset)
    is_reviewer_role: bool = False
    is_decider_role: bool = False
    confirmed: Mapping[str, bool] = field(default_factory=dict)  # the latest opinion's checklist

    @property
    def is_applicant(self) -> bool:
        return self.actor_id == self.applicant_id


def allowed_outcomes(confirmed: Mapping[str, bool]) -> tuple[str, ...]:
    if all(confirmed.get(c) for c in CRITERIA):
        return OUTCOMES
    if all(confirmed.get(c) for c in ESSENTIAL):
        return (PARTLY, REFUSED)
    return (REFUSED,)


def check(action: str, facts: CaseFacts, *, outcome: str = "", reasons: str = "") -> None:
    """Raise WorkflowError unless ``action`` is allowed now; the role is checked before the state and the input."""
    if action not in ACTIONS:
        raise WorkflowError("unknown_action")
    states, role = ACTIONS[action]
    if role == "may_attach":
        if not (facts.is_applicant or facts.is_reviewer_role):
            raise WorkflowError("role")
    elif not getattr(facts, role):
        raise WorkflowError("role")
    if facts.state not in states:
        raise WorkflowError("decided" if facts.state == DECIDED else "state")
    if action == "not_accept" and not reasons.strip():
        raise WorkflowError("reasons_required", "reasons")
    if action == "decide":
        if facts.actor_id in facts.reviewer_ids:
            raise WorkflowError("reviewer_decides")
        if outcome not in OUTCOMES:
            raise WorkflowError("outcome_required", "outcome")
        if not reasons.strip():
            raise WorkflowError("reasons_required", "reasons")
        if outcome not in allowed_outcomes(facts.confirmed):
            raise WorkflowError("criteria_not_met", "outcome")


def next_state(action: str, state: str) -> str:
    return TARGET.get(action, state)


def criteria_dict(ticked: Iterable[str]) -> dict[str, bool]:
    ticked = set(ticked)
    return {c: c in ticked for c in CRITERIA}


def penalty_factor(outcome: str) -> float:
    """The share of a penalty that remains after the decision: none when exempted, half when partly (configurable
    later per campaign; the 从轻/减轻 outcome lightens a penalty but never removes it)."""
    return {EXEMPTED: 0.0, PARTLY: 0.5}.get(outcome, 1.0)
