"""Time the item rule over many generated items: per row in Python, and vectorised with NumPy.

    python -m gongjian.indicators.benchmark [--rows 100000] [--repeat 3] [--seed 1]

Not a test: it prints the best of ``--repeat`` runs, and checks that both give the same colours and reasons.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

import numpy as np

from .rules import COLOURS, ItemCase, item_colour
from .vectorised import REASONS, ItemArrays, item_colours


def generate(rows: int, seed: int) -> list[tuple[ItemCase, dt.date]]:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    base = dt.date(2026, 1, 1)
    out = []
    for _ in range(rows):
        start = base + dt.timedelta(days=rng.randint(-60, 200))
        due = start + dt.timedelta(days=rng.randint(0, 365))
        today = base + dt.timedelta(days=rng.randint(0, 400))
        weekly = rng.random() < 0.3
        reported = None if rng.random() < 0.15 else today - dt.timedelta(days=rng.randint(0, 70))
        percent = None if rng.random() < 0.1 else rng.randint(0, 100)
        case = ItemCase(start, due, percent, rng.random() < 0.05, "weekly" if weekly else "monthly", reported)
        out.append((case, today))
    return out


def to_arrays(cases: list[tuple[ItemCase, dt.date]]) -> ItemArrays:
    return ItemArrays(
        start=np.array([c.start for c, _ in cases], dtype="datetime64[D]"),
        due=np.array([c.due for c, _ in cases], dtype="datetime64[D]"),
        today=np.array([t for _, t in cases], dtype="datetime64[D]"),
        percent_complete=np.array(
            [np.nan if c.percent_complete is None else float(c.percent_complete) for c, _ in cases]
        ),
        done=np.array([c.done for c, _ in cases]),
        weekly=np.array([c.reporting == "weekly" for c, _ in cases]),
        latest_reported_period_end=np.array(
            [c.latest_reported_period_end or np.datetime64("NaT") for c, _ in cases], dtype="datetime64[D]"
        ),
    )


def best_of(repeat: int, fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    cases = generate(args.rows, args.seed)
    python_s, verdicts = best_of(args.repeat, lambda: [item_colour(c, t) for c, t in cases])
    convert_s, arrays = best_of(args.repeat, lambda: to_arrays(cases))
    numpy_s, (codes, reasons) = best_of(args.repeat, lambda: item_colours(arrays))
    same = [v.colour for v in verdicts] == [COLOURS[i] for i in codes] and [v.reason for v in verdicts] == [
        REASONS[i] for i in reasons
    ]
    counts = {c: int((codes == i).sum()) for i, c in enumerate(COLOURS)}
    print(f"{args.rows} items, best of {args.repeat}")
    print(f"  per row (Python): {python_s:.3f} s  ({python_s / args.rows * 1e6:.2f} µs/item)")
    print(f"  NumPy:            {numpy_s:.4f} s  ({numpy_s / args.rows * 1e6:.3f} µs/item), x{python_s / numpy_s:.0f}")
    print(f"  lists → arrays:   {convert_s:.3f} s (not counted above)")
    print(f"  colours: {counts}; same colours and reasons: {same}")


if __name__ == "__main__":
    main()
