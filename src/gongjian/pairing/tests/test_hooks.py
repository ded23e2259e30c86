"""Pairing shows the problem ledger's figures through hooks the ledger fills (pairing must not import it)."""

from django.db.models import OuterRef

from gongjian.pairing import hooks
from gongjian.problems import queries as problem_queries


def test_the_problem_ledger_fills_the_hooks_at_start_up():
    assert hooks._hooks["open_problems"] is problem_queries.open_problems_of_enterprise
    assert hooks._hooks["visit_problems"] is problem_queries.problems_of_visit


def test_without_the_ledger_a_visit_has_no_problems_and_no_count(monkeypatch):
    monkeypatch.setattr(hooks, "_hooks", {})
    assert hooks.visit_problems(user=None, visit=None) == []
    assert hooks.open_problems_subquery(OuterRef("enterprise_id")) is None
