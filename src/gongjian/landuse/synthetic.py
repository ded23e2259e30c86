"""Random enterprise tables for tests and the benchmark (pure: NumPy only).

Every branch of the rules occurs: missing figures, zero denominators, negative tax, no land, exempt industries,
recent production starts, exemption-list entries, 规下 below the land threshold, non-industrial rows and ties.
"""

from __future__ import annotations

import numpy as np

__all__ = ["generate"]

_ALPHABET = np.array(list("0123456789ABCDEFGHJKLMNPQRTUWXY"))


def _codes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Distinct 18-character strings that look like credit codes (no check digit: the engine does not care)."""
    serial = rng.permutation(n).astype(np.int64)
    body = np.char.zfill(serial.astype(str), 9)
    prefix = _ALPHABET[rng.integers(0, len(_ALPHABET), size=(n, 9))]
    head = np.array(["".join(p) for p in prefix]) if n <= 50_000 else _fast_join(prefix)
    return np.char.add(head, body).astype("U18")


def _fast_join(chars: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(chars).view(f"U{chars.shape[1]}").ravel()


def generate(n: int, seed: int = 1, units: int = 3, missing: float = 0.05) -> dict[str, np.ndarray]:
    """``n`` enterprises over ``units`` evaluation units."""
    rng = np.random.default_rng(seed)

    def maybe_missing(a: np.ndarray, share: float = missing) -> np.ndarray:
        a = a.astype(np.float64)
        a[rng.random(n) < share] = np.nan
        return a

    division = rng.choice(np.array([13, 17, 26, 30, 34, 39, 44, 46, 51, 6, 72]), size=n).astype(np.int16)
    land = rng.choice(np.array([0.0, 1.5, 3.0, 5.0, 12.0, 40.0, 120.0]), size=n) * rng.uniform(0.8, 1.2, n)
    land[rng.random(n) < 0.1] = 3.0  # exactly the threshold
    land = maybe_missing(land, 0.08)
    leased = maybe_missing(rng.choice(np.array([0.0, 800.0, 5000.0]), size=n), 0.5)
    revenue = maybe_missing(rng.lognormal(8, 1.2, n))
    revenue[rng.random(n) < 0.01] = 0.0
    tax = maybe_missing(revenue * rng.uniform(-0.02, 0.08, n))
    tax[rng.random(n) < 0.02] = 0.0
    started = np.datetime64("2000-01-01") + rng.integers(0, 26 * 365, n).astype("timedelta64[D]")
    started[rng.random(n) < 0.2] = np.datetime64("NaT")
    employees = maybe_missing(rng.integers(0, 800, n))
    bonus = np.where(rng.random(n) < 0.1, rng.choice(np.array([5.0, 10.0, 25.0]), size=n), np.nan)
    penalty = np.where(rng.random(n) < 0.05, rng.choice(np.array([2.0, 5.0]), size=n), np.nan)
    table = {
        "credit_code": _codes(rng, n),
        "unit": rng.integers(0, units, n).astype(np.int64),
        "above_scale": rng.random(n) < 0.55,
        "division": division,
        "production_started": started.astype("datetime64[D]"),
        "exempt": rng.random(n) < 0.02,
        "land_mu": land,
        "leased_m2": leased,
        "tax": tax,
        "revenue": revenue,
        "energy_tce": maybe_missing(rng.lognormal(5, 1.5, n) * (rng.random(n) > 0.01)),
        "rd": maybe_missing(revenue * rng.uniform(0, 0.06, n), 0.2),
        "value_added": maybe_missing(revenue * rng.uniform(0.1, 0.4, n)),
        "employees": employees,
        "emissions_t": maybe_missing(rng.lognormal(2, 1, n), 0.3),
        "bonus": bonus,
        "penalty": penalty,
    }
    # a few exact duplicates of figures so that totals tie and the tie-breaks decide
    dup = rng.random(n) < 0.03
    src = rng.integers(0, n, n)
    for name in ("land_mu", "leased_m2", "tax", "revenue", "energy_tce", "rd", "value_added", "employees"):
        table[name][dup] = table[name][src[dup]]
    for name in ("above_scale", "division", "production_started", "exempt", "bonus", "penalty"):
        table[name][dup] = table[name][src[dup]]
    table["unit"][dup] = table["unit"][src[dup]]
    return table
