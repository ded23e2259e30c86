"""Timing and reporting for benchmarks (pure: no Django imports).

In core so that the modules' own scenarios (registered with ``core.registry.register_bench``) can measure
themselves without importing the benchmark suite, which sits at the top of the house.

A scenario is measured as the median and 95th percentile of repeated runs, beside a baseline that gives the
same answer the fastest simple way, measured in the same run (these machines are noisy: only ratios compare).
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

__all__ = ["Collector", "Result", "Timing", "goal_met", "measure", "only", "table", "wanted"]

#: name prefixes of the scenarios to run (``gongjian bench --only page:cockpit,api:``); empty: all of them
_ONLY: list[tuple[str, ...]] = [()]


def only(prefixes: tuple[str, ...] = ()) -> None:
    """Run only the scenarios whose name starts with one of ``prefixes`` (none given: every scenario)."""
    _ONLY[0] = tuple(prefixes)


def wanted(name: str) -> bool:
    """Whether the scenario ``name`` is to be run: a scenario with a costly set-up asks before it prepares."""
    prefixes = _ONLY[0]
    return not prefixes or name.startswith(prefixes)


@dataclass(frozen=True)
class Timing:
    median_s: float
    p95_s: float
    runs: int


def measure(fn: Callable[[], object], repeat: int = 15, warmup: int = 2) -> Timing:
    """Run ``fn`` ``warmup`` times untimed, then ``repeat`` times timed."""
    for _ in range(warmup):
        fn()
    samples = []
    gc_was_enabled = gc.isenabled()
    try:
        for _ in range(repeat):
            gc.collect()
            gc.disable()
            t0 = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t0)
            gc.enable()
    finally:
        if gc_was_enabled:
            gc.enable()
    samples.sort()
    p95_index = min(len(samples) - 1, max(0, round(0.95 * len(samples)) - 1))
    return Timing(statistics.median(samples), samples[p95_index], len(samples))


def goal_met(ratio: float, goal: str) -> bool:
    """``goal`` is written "<= 3" or ">= 50"."""
    op, _, bound = goal.partition(" ")
    value = float(bound)
    if op == "<=":
        return ratio <= value
    if op == ">=":
        return ratio >= value
    raise ValueError(f"unknown goal {goal!r}")


@dataclass
class Result:
    name: str
    scale: str
    database: str
    median_s: float
    p95_s: float
    queries: int | None
    baseline: str
    baseline_median_s: float
    ratio: float
    goal: str
    #: an absolute goal beside the ratio: the 95th percentile of the runs below this many seconds
    p95_goal_s: float | None = None
    #: failed requests of a load scenario (answers other than 2xx, socket errors); None where nothing is counted
    errors: int | None = None

    @property
    def ok(self) -> bool:
        return (
            goal_met(self.ratio, self.goal)
            and (self.p95_goal_s is None or self.p95_s < self.p95_goal_s)
            and self.errors in (None, 0)
        )

    def as_dict(self) -> dict:
        d = asdict(self)
        d["goal_met"] = self.ok
        return d


class Collector(list):
    """The results of one scale: each ``add`` measures a scenario and its baseline in turn and appends the result.

    ``count_queries`` (a callable running ``fn`` once and returning its number of database queries) is given by
    callers that have a database; this module stays free of Django.
    """

    def __init__(
        self,
        scale: str,
        database: str,
        repeat: int,
        count_queries: Callable[[Callable[[], object]], int] | None = None,
    ):
        super().__init__()
        self.scale, self.database, self.repeat, self.count_queries = scale, database, repeat, count_queries

    def add(
        self,
        name: str,
        fn: Callable[[], object],
        baseline_name: str,
        baseline_fn: Callable[[], object],
        goal: str,
        *,
        count_queries: bool = True,
        repeat: int | None = None,
        p95_goal_s: float | None = None,
    ) -> Result | None:
        """Measure ``fn`` against ``baseline_fn`` (skipped, None, when ``--only`` leaves the name out)."""
        if not wanted(name):
            return None
        queries = self.count_queries(fn) if count_queries and self.count_queries else None
        runs = repeat or self.repeat
        t, b = measure(fn, repeat=runs), measure(baseline_fn, repeat=runs)
        ratio = t.median_s / b.median_s if b.median_s else float("inf")
        result = Result(
            name,
            self.scale,
            self.database,
            t.median_s,
            t.p95_s,
            queries,
            baseline_name,
            b.median_s,
            ratio,
            goal,
            p95_goal_s,
        )
        self.append(result)
        return result


def table(results: list[Result]) -> str:
    head = f"{'scenario':<28} {'scale':<9} {'db':<10} {'median ms':>10} {'p95 ms':>9} {'queries':>7} "
    head += f"{'baseline ms':>11} {'ratio':>8} {'goal':>7} {'p95 goal':>9}  ok"
    lines = [head, "-" * len(head)]
    for r in results:
        q = "" if r.queries is None else str(r.queries)
        p95_goal = "" if r.p95_goal_s is None else f"< {r.p95_goal_s * 1000:.0f} ms"
        lines.append(
            f"{r.name:<28} {r.scale:<9} {r.database:<10} {r.median_s * 1000:>10.2f} {r.p95_s * 1000:>9.2f} {q:>7} "
            f"{r.baseline_median_s * 1000:>11.2f} {r.ratio:>8.2f} {r.goal:>7} {p95_goal:>9}  {'yes' if r.ok else 'NO'}"
        )
    return "\n".join(lines)
