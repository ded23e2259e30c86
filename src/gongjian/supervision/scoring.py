"""Ranking scores (比学赶超、争先进位) — pure: no Django imports, plain numbers in and out.

A unit's (or a leader's) month is summed up in :class:`Counts`; :func:`score` turns it into points with a
:class:`Points` table, and :func:`rank` orders the rows and says how each moved against last month.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from typing import Any

__all__ = ["DEFAULT_POINTS", "Counts", "Points", "PointsError", "RankedRow", "rank", "score"]


class PointsError(ValueError):
    def __init__(self, field_name: str, code: str):
        super().__init__(f"{field_name}: {code}")
        self.field = field_name
        self.code = code


@dataclass(frozen=True)
class Points:
    """Points per event. The defaults are documented on the rankings page and in docs/supervision.md."""

    base: Decimal = Decimal(100)  # every unit starts the month with this
    green: Decimal = Decimal(1)  # + per object green (or blue, or done) at the month's end
    yellow: Decimal = Decimal(-2)  # per object yellow at the month's end
    red: Decimal = Decimal(-5)  # per object red at the month's end
    on_time_rate: Decimal = Decimal(10)  # × the on-time report rate (0 to 1)
    overdue_milestone: Decimal = Decimal(-3)  # per milestone that fell due in the month and was not met on time
    supervision: Decimal = Decimal(-4)  # per 督办 received in the month

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
                raise PointsError(f.name, "not_a_number")
            if isinstance(value, float) and value != value:
                raise PointsError(f.name, "not_a_number")
            object.__setattr__(self, f.name, Decimal(str(value)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Points:
        data = dict(data or {})
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise PointsError(sorted(unknown)[0], "unknown_field")
        return cls(**data)

    def as_dict(self) -> dict[str, float | int]:
        return {k: (int(v) if v == v.to_integral_value() else float(v)) for k, v in asdict(self).items()}


DEFAULT_POINTS = Points()


@dataclass(frozen=True)
class Counts:
    green: int = 0
    yellow: int = 0
    red: int = 0
    reports_expected: int = 0
    reports_on_time: int = 0
    overdue_milestones: int = 0
    supervisions: int = 0

    @property
    def on_time_rate(self) -> Decimal | None:
        """On-time reports ÷ reports expected; None when none was expected (then full marks)."""
        if not self.reports_expected:
            return None
        return Decimal(self.reports_on_time) / Decimal(self.reports_expected)


def score(counts: Counts, points: Points = DEFAULT_POINTS) -> Decimal:
    """The month's score, rounded to 2 places."""
    rate = counts.on_time_rate
    total = (
        points.base
        + points.green * counts.green
        + points.yellow * counts.yellow
        + points.red * counts.red
        + points.on_time_rate * (Decimal(1) if rate is None else rate)
        + points.overdue_milestone * counts.overdue_milestones
        + points.supervision * counts.supervisions
    )
    return total.quantize(Decimal("0.01"))


@dataclass
class RankedRow:
    key: Any
    counts: Counts
    score: Decimal
    rank: int
    previous_rank: int | None = None

    @property
    def change(self) -> int | None:
        """Places gained against last month (positive = moved up); None when not ranked last month."""
        if self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


def _ranks(scores: Mapping[Any, Decimal]) -> dict[Any, int]:
    """Standard competition ranking (1, 2, 2, 4): equal scores share a place."""
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0])))
    out: dict[Any, int] = {}
    previous_score, place = None, 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous_score:
            place, previous_score = position, value
        out[key] = place
    return out


def rank(
    this_month: Mapping[Any, Counts], last_month: Mapping[Any, Counts] | None = None, points: Points = DEFAULT_POINTS
) -> list[RankedRow]:
    """Rows ranked by score (best first), each with last month's rank when it had one."""
    scores = {k: score(c, points) for k, c in this_month.items()}
    ranks = _ranks(scores)
    previous = _ranks({k: score(c, points) for k, c in (last_month or {}).items()})
    rows = [RankedRow(k, this_month[k], scores[k], ranks[k], previous.get(k)) for k in this_month]
    rows.sort(key=lambda r: (r.rank, str(r.key)))
    return rows


def merge(rows: Iterable[tuple[Any, str, int]]) -> dict[Any, dict[str, int]]:
    """(key, field, count) triples → key → {field: count}."""
    out: dict[Any, dict[str, int]] = {}
    for key, name, n in rows:
        out.setdefault(key, {})[name] = out.get(key, {}).get(name, 0) + n
    return out
