"""What pairing shows of the module above it (the problem ledger), through hooks that module fills.

Problems are raised on a visit and belong to an enterprise, so the problem ledger imports pairing; pairing must
not import it back. Its pages still show the open problems of a paired enterprise and the problems raised on a
visit: the problem ledger registers the two functions below in its AppConfig.ready(). Without it (the module is
not installed) the counts are 0 and the lists empty.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["open_problems_subquery", "register_problem_hooks", "visit_problems"]

_hooks: dict[str, Callable] = {}


def register_problem_hooks(*, open_problems: Callable, visit_problems: Callable) -> None:
    """``open_problems(enterprise_ref)`` returns a one-column queryset: the number of open problems of the
    enterprise ``enterprise_ref`` (an OuterRef); ``visit_problems(user, visit)`` the problems raised on the
    visit that the user may see."""
    _hooks["open_problems"] = open_problems
    _hooks["visit_problems"] = visit_problems


def open_problems_subquery(enterprise_ref):
    """The open-problem count subquery, or None when no module counts problems."""
    fn = _hooks.get("open_problems")
    return fn(enterprise_ref) if fn else None


def visit_problems(user, visit) -> list:
    fn = _hooks.get("visit_problems")
    return list(fn(user, visit)) if fn else []
