"""The 容错免责 rules alone (no database)."""

import pytest

from gongjian.cadres import workflow as wf

ALL = {c: True for c in wf.CRITERIA}


def facts(state, **kw):
    base = {"state": state, "actor_id": 5, "applicant_id": 1}
    base.update(kw)
    return wf.CaseFacts(**base)


def test_only_the_applicant_edits_and_only_before_acceptance():
    wf.check("edit", facts(wf.APPLIED, actor_id=1))
    with pytest.raises(wf.WorkflowError) as exc:
        wf.check("edit", facts(wf.APPLIED, actor_id=2))
    assert exc.value.code == "role"
    with pytest.raises(wf.WorkflowError) as exc:
        wf.check("edit", facts(wf.DECIDED, actor_id=1))
    assert exc.value.code == "decided"
    with pytest.raises(wf.WorkflowError) as exc:
        wf.check("edit", facts(wf.ACCEPTED, actor_id=1))
    assert exc.value.code == "state"


def test_a_reviewer_may_not_decide_the_same_case():
    f = facts(wf.REVIEWED, is_decider_role=True, reviewer_ids=frozenset({5}), confirmed=ALL)
    with pytest.raises(wf.WorkflowError) as exc:
        wf.check("decide", f, outcome=wf.EXEMPTED, reasons="符合")
    assert exc.value.code == "reviewer_decides"
    wf.check("decide", facts(wf.REVIEWED, is_decider_role=True, confirmed=ALL), outcome=wf.EXEMPTED, reasons="符合")


@pytest.mark.parametrize(
    ("outcome", "reasons", "code"), [("", "x", "outcome_required"), (wf.EXEMPTED, "  ", "reasons_required")]
)
def test_a_decision_needs_an_outcome_and_reasons(outcome, reasons, code):
    with pytest.raises(wf.WorkflowError) as exc:
        wf.check("decide", facts(wf.REVIEWED, is_decider_role=True, confirmed=ALL), outcome=outcome, reasons=reasons)
    assert exc.value.code == code


def test_the_criteria_bound_the_outcome():
    essential = {"public_interest": True, "no_personal_gain": True}
    assert wf.allowed_outcomes(ALL) == (wf.EXEMPTED, wf.PARTLY, wf.REFUSED)
    assert wf.allowed_outcomes(essential) == (wf.PARTLY, wf.REFUSED)
    assert wf.allowed_outcomes({**ALL, "no_personal_gain": False}) == (wf.REFUSED,)
    with pytest.raises(wf.WorkflowError) as exc:
        wf.check(
            "decide", facts(wf.REVIEWED, is_decider_role=True, confirmed=essential), outcome=wf.EXEMPTED, reasons="x"
        )
    assert exc.value.code == "criteria_not_met"


def test_steps_follow_the_states():
    assert wf.next_state("accept", wf.APPLIED) == wf.ACCEPTED
    assert wf.next_state("opinion", wf.ACCEPTED) == wf.REVIEWED
    assert wf.next_state("decide", wf.REVIEWED) == wf.DECIDED
    with pytest.raises(wf.WorkflowError):
        wf.check("decide", facts(wf.ACCEPTED, is_decider_role=True, confirmed=ALL), outcome=wf.EXEMPTED, reasons="x")
    with pytest.raises(wf.WorkflowError) as exc:
        wf.check("not_accept", facts(wf.APPLIED, is_reviewer_role=True), reasons="")
    assert exc.value.code == "reasons_required"


def test_penalty_factor_lightens_but_never_removes_a_partial_one():
    assert wf.penalty_factor(wf.EXEMPTED) == 0
    assert 0 < wf.penalty_factor(wf.PARTLY) < 1
    assert wf.penalty_factor(wf.REFUSED) == 1
