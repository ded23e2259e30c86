"""The 亩产效益 benchmark: n enterprises CSV → CSV (pure: no Django imports).

Measures, in one run: reading the CSV, the engine alone, writing the results, and the per-row reference. The
reference is timed on a sample of the same table (the first ``sample`` rows) and scaled linearly to n; the
engine is also timed on that sample, so both ratios (at n, scaled, and on the sample itself) are reported.
"""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from gongjian.core.benchmarking import Result

from . import csvio, engine, reference, synthetic
from .rules import DEFAULT_RULES

__all__ = ["ENGINE_GOAL", "run", "write_enterprises"]

#: the engine against the per-row reference, both measured in the same run
ENGINE_GOAL = ">= 50"
#: the whole command (read, evaluate, write) against the engine alone: text I/O dominates by nature (the issue sets
#: no goal); the bound catches what would multiply it, such as a per-row Python step in the reader or writer
TOTAL_GOAL = "<= 100"


def write_enterprises(path: Path, table: dict[str, np.ndarray]) -> None:
    """An input CSV in the documented column contract (for the benchmark and tests)."""
    n = len(table["credit_code"])

    def num(a):
        out = np.round(a, 4).astype(object)
        out[np.isnan(a)] = None
        return out.tolist()

    started = table["production_started"].astype(str).astype(object)
    started[np.isnat(table["production_started"])] = None
    unit = table["unit"]
    unit_names = np.char.add("单位", unit.astype(str)) if unit.dtype.kind in "iu" else unit
    division = table["division"].astype(np.int64)
    industry = np.char.zfill((division * 100 + 1).astype(str), 4)
    cols = {
        "credit_code": table["credit_code"].tolist(),
        "name": [f"企业{i}" for i in range(n)],
        "unit": unit_names.tolist(),
        "above_scale": table["above_scale"].astype(np.int8).tolist(),
        "industry_code": industry.tolist(),
        "production_started_on": started.tolist(),
        "exempt": table["exempt"].astype(np.int8).tolist(),
    }
    for name in csvio.NUMERIC:
        cols[name] = num(table[name])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(list(cols))
        w.writerows(zip(*cols.values(), strict=True))


def _time(fn, repeat: int) -> tuple[float, float, object]:
    samples, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        samples.append(time.perf_counter() - t0)
    samples.sort()
    return statistics.median(samples), samples[-1], out


def run(rows: int = 1_000_000, sample: int = 20_000, repeat: int = 3, year: int = 2025, log=print) -> list[Result]:
    """Time the CSV → CSV evaluation of ``rows`` synthetic enterprises; return harness results."""
    rules = DEFAULT_RULES
    table = synthetic.generate(rows, seed=2025, units=12)
    with tempfile.TemporaryDirectory(prefix="gj-landuse-bench-") as tmp:
        src, dst = Path(tmp) / "enterprises.csv", Path(tmp) / "results.csv"
        write_enterprises(src, table)
        log(f"input: {rows} enterprises, {src.stat().st_size / 1e6:.0f} MB")

        def whole():
            t, names = csvio.read_enterprises(src, rules)
            ev = engine.evaluate(t, year, rules)
            csvio.write_results(dst, t, names, ev, rules)

        total_med, total_max, _ = _time(whole, max(1, repeat // 2))
        parsed, _names = csvio.read_enterprises(src, rules)
        engine_med, engine_max, _ = _time(lambda: engine.evaluate(parsed, year, rules), repeat)
        n_sample = min(sample, rows)
        sample_table = {k: v[:n_sample] for k, v in parsed.items()}
        records = reference.records_from_table(sample_table)
        ref_med, _, _ = _time(lambda: reference.evaluate(records, year, rules), max(1, repeat // 2))
        eng_sample_med, eng_sample_max, _ = _time(lambda: engine.evaluate(sample_table, year, rules), repeat)
    ref_scaled = ref_med * rows / n_sample
    log(
        f"engine {engine_med:.3f} s; CSV→CSV {total_med:.3f} s; per-row reference {ref_med:.3f} s on {n_sample} rows "
        f"(scaled to {rows}: {ref_scaled:.1f} s)"
    )
    scale = f"{rows // 1000}k" if rows < 1_000_000 else f"{rows / 1e6:g}M"
    return [
        Result(
            name="landuse_engine",
            scale=scale,
            database="none",
            median_s=engine_med,
            p95_s=engine_max,
            queries=None,
            baseline=f"per-row reference on {n_sample} rows, scaled ×{rows / n_sample:g}",
            baseline_median_s=ref_scaled,
            ratio=ref_scaled / engine_med,
            goal=ENGINE_GOAL,
        ),
        Result(
            name="landuse_engine_sample",
            scale=f"{n_sample // 1000}k",
            database="none",
            median_s=eng_sample_med,
            p95_s=eng_sample_max,
            queries=None,
            baseline=f"per-row reference on the same {n_sample} rows",
            baseline_median_s=ref_med,
            ratio=ref_med / eng_sample_med,
            goal=ENGINE_GOAL,
        ),
        Result(
            name="landuse_csv_to_csv",
            scale=scale,
            database="none",
            median_s=total_med,
            p95_s=total_max,
            queries=None,
            baseline="engine alone",
            baseline_median_s=engine_med,
            ratio=total_med / engine_med,
            goal=TOTAL_GOAL,
        ),
    ]
