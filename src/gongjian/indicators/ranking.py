"""Benchmark ranks (对标一流, pure: no Django imports).

Our rank among peer regions for one period: 1 + the number of peers strictly better, where better depends on
the direction (higher or lower is better). Ties share a rank, as league tables do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .rules import HIGHER, LOWER, Number, exact

__all__ = ["Rank", "rank"]


@dataclass(frozen=True)
class Rank:
    position: int | None  # None when we have no value
    of: int  # regions compared, us included
    leader: str | None  # the best region's name ("" for us)
    gap_to_leader: Number | None  # how far we are from the best, in the indicator's unit (0 when we lead)


def rank(own: Number | None, peers: Iterable[tuple[str, Number]], direction: str = HIGHER) -> Rank:
    if direction not in (HIGHER, LOWER):
        raise ValueError(f"unknown direction {direction!r}")
    peers = [(name, exact(v)) for name, v in peers]
    if own is None:
        return Rank(None, len(peers) + 1, None, None)
    mine = exact(own)

    def better(a, b) -> bool:
        return a > b if direction == HIGHER else a < b

    position = 1 + sum(1 for _, v in peers if better(v, mine))
    best_name, best = "", mine
    for name, v in peers:
        if better(v, best):
            best_name, best = name, v
    gap = abs(best - mine)
    return Rank(
        position, len(peers) + 1, best_name, gap.numerator if getattr(gap, "denominator", 1) == 1 else float(gap)
    )
