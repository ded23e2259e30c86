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

__all__ = ["Result", "Timing", "goal_met", "measure", "table"]


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

    @property
    def ok(self) -> bool:
        return goal_met(self.ratio, self.goal)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["goal_met"] = self.ok
        return d


def table(results: list[Result]) -> str:
    head = f"{'scenario':<28} {'scale':<9} {'db':<10} {'median ms':>10} {'p95 ms':>9} {'queries':>7} "
    head += f"{'baseline ms':>11} {'ratio':>8} {'goal':>7}  ok"
    lines = [head, "-" * len(head)]
    for r in results:
        q = "" if r.queries is None else str(r.queries)
        lines.append(
            f"{r.name:<28} {r.scale:<9} {r.database:<10} {r.median_s * 1000:>10.2f} {r.p95_s * 1000:>9.2f} {q:>7} "
            f"{r.baseline_median_s * 1000:>11.2f} {r.ratio:>8.2f} {r.goal:>7}  {'yes' if r.ok else 'NO'}"
        )
    return "\n".join(lines)
