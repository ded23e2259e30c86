"""规上 (四上) status: which statistical category an enterprise falls in, and whether it passes the threshold.

Pure: no Django imports. Categories are plain data (from ``ScaleCategory`` rows); amounts are Decimals in 万元.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Category", "above_scale", "match_category", "match_strength"]

LISTED = "listed"


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    industries: tuple[str, ...]  # section letters and/or digit codes
    basis: str  # "main_revenue" | "operating_revenue" | "listed"
    threshold: Decimal | None


def match_strength(pattern: str, industry_code: str, section: str) -> int:
    """How precisely ``pattern`` names the industry: 0 no match, 1 the section, else the digits matched (2–4)."""
    if not pattern:
        return 0
    if pattern.isalpha():
        return 1 if pattern.upper() == section else 0
    return len(pattern) if industry_code.startswith(pattern) else 0


def match_category(industry_code: str, section: str, categories: Iterable[Category]) -> Category | None:
    """The category whose industry codes name ``industry_code`` most precisely (None: no 四上 category)."""
    best, best_strength = None, 0
    for category in categories:
        strength = max((match_strength(p, industry_code or "", section or "") for p in category.industries), default=0)
        if strength > best_strength:
            best, best_strength = category, strength
    return best


def above_scale(category: Category | None, main_revenue: Decimal | None, operating_revenue: Decimal | None):
    """True / False when the figures decide it; None when they cannot (no category, a listed-only category, or
    the figure the threshold applies to is missing: missing is not zero)."""
    if category is None or category.basis == LISTED or category.threshold is None:
        return None
    value = main_revenue if category.basis == "main_revenue" else operating_revenue
    if value is None and category.basis == "operating_revenue":
        value = main_revenue  # services often report only one revenue line
    if value is None:
        return None
    return value >= category.threshold
