"""The 亩产效益 evaluation rules (pure: no Django imports, plain data in and out).

A :class:`Rules` object holds every parameter of one year's evaluation: scope thresholds, the indicator set and
weights of each group (规上 ``above``, 规下 ``below``), how each indicator's benchmark is set, the score cap,
the bonus cap and the class shares and labels. :data:`DEFAULT_RULES` are the issue's defaults (docs/landuse.md).

:func:`parse_rules` reads the JSON/TOML form (a dict) and either returns a :class:`Rules` or raises
:class:`RulesError` with every problem as ``(field, code, params)``: the caller turns codes into sentences.
"""

from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ABOVE",
    "BELOW",
    "CLASSES",
    "DEFAULT_RULES",
    "GROUPS",
    "INDICATORS",
    "INPUT_FIELDS",
    "Benchmark",
    "GroupRules",
    "Indicator",
    "Problem",
    "Rules",
    "RulesError",
    "class_counts",
    "load_rules",
    "parse_rules",
]

ABOVE, BELOW = "above", "below"  # 规上, 规下
GROUPS = (ABOVE, BELOW)
CLASSES = ("A", "B", "C", "D")
MEAN, FIXED, K_MEAN = "mean", "fixed", "k_mean"
BENCHMARK_MODES = (MEAN, FIXED, K_MEAN)


@dataclass(frozen=True)
class Indicator:
    """numerator ÷ denominator × ``factor``; both are input fields (``land`` is the land basis in 亩)."""

    key: str
    label: str
    numerator: str
    denominator: str
    factor: float
    unit: str


#: The indicator catalogue. Rules may use any of these, in any group.
INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator("tax_per_mu", "亩均税收", "tax", "land", 1.0, "万元/亩"),
        Indicator("revenue_per_mu", "亩均营业收入", "revenue", "land", 1.0, "万元/亩"),
        Indicator("revenue_per_energy", "单位能耗营业收入", "revenue", "energy_tce", 1.0, "万元/吨标准煤"),
        Indicator("rd_intensity", "研发经费投入强度", "rd", "revenue", 100.0, "%"),
        Indicator("labour_productivity", "全员劳动生产率", "value_added", "employees", 1.0, "万元/人"),
        Indicator("value_added_per_mu", "亩均增加值", "value_added", "land", 1.0, "万元/亩"),
        Indicator("revenue_per_emission", "单位排放营业收入", "revenue", "emissions_t", 1.0, "万元/吨"),
    )
}

#: Numeric input fields the indicators can read (``land`` is derived from ``land_mu`` / ``leased_m2``).
INPUT_FIELDS = ("tax", "revenue", "energy_tce", "rd", "value_added", "employees", "emissions_t")


class Problem(tuple):
    """``(field, code, params)``: what is wrong where; ``params`` fill the sentence of ``code``."""

    __slots__ = ()

    def __new__(cls, field_name: str, code: str, **params: Any):
        return super().__new__(cls, (field_name, code, params))

    @property
    def field(self) -> str:
        return self[0]

    @property
    def code(self) -> str:
        return self[1]

    @property
    def params(self) -> dict[str, Any]:
        return self[2]


class RulesError(ValueError):
    """Rules that cannot be used; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.field}: {p.code}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Benchmark:
    """``mean`` of the group's rated enterprises that have the indicator, a ``fixed`` value or ``k`` × mean."""

    mode: str = MEAN
    value: float | None = None  # fixed
    k: float | None = None  # k_mean

    def as_dict(self) -> dict[str, Any]:
        if self.mode == FIXED:
            return {"mode": FIXED, "value": self.value}
        if self.mode == K_MEAN:
            return {"mode": K_MEAN, "k": self.k}
        return {"mode": MEAN}


@dataclass(frozen=True)
class GroupRules:
    """Indicator weights (in catalogue order of the rules file) and benchmarks of one group."""

    weights: tuple[tuple[str, float], ...]
    benchmarks: tuple[tuple[str, Benchmark], ...] = ()

    def weight(self, key: str) -> float:
        return dict(self.weights).get(key, 0.0)

    def benchmark(self, key: str) -> Benchmark:
        return dict(self.benchmarks).get(key, Benchmark())

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.weights)


@dataclass(frozen=True)
class Rules:
    """Every parameter of the evaluation. The defaults are the issue's (docs/landuse.md)."""

    groups: dict[str, GroupRules] = field(
        default_factory=lambda: {
            ABOVE: GroupRules(
                (
                    ("tax_per_mu", 40.0),
                    ("revenue_per_mu", 20.0),
                    ("revenue_per_energy", 15.0),
                    ("rd_intensity", 15.0),
                    ("labour_productivity", 10.0),
                )
            ),
            BELOW: GroupRules((("tax_per_mu", 60.0), ("revenue_per_mu", 40.0))),
        }
    )
    cap: float = 2.0  # an indicator scores at most cap × weight
    bonus_cap: float = 20.0
    below_scale_min_land_mu: float = 3.0  # 规下 enterprises need at least this much owned land
    leased_m2_per_mu: float = 666.67
    exempt_divisions: tuple[str, ...] = ("44", "45", "46")  # GB/T 4754 电力热力、燃气、水
    new_production_years: int = 1  # production started on or after 1 January of Y − this → not rated
    # class shares in hundredths of a percent (2000 = 20 %); C is the rest
    share_a: int = 2000
    share_b: int = 4000
    share_d: int = 500
    labels: dict[str, str] = field(
        default_factory=lambda: {"A": "优先发展类", "B": "支持发展类", "C": "提升发展类", "D": "限制发展类"}
    )

    @property
    def indicator_keys(self) -> tuple[str, ...]:
        """Every indicator some group uses, in catalogue order."""
        used = {k for g in self.groups.values() for k in g.keys}
        return tuple(k for k in INDICATORS if k in used)

    @property
    def input_fields(self) -> tuple[str, ...]:
        """The numeric input fields the rules' indicators (and the tie-break, 亩均税收) read."""
        need = {"tax"}
        for k in self.indicator_keys:
            need.update((INDICATORS[k].numerator, INDICATORS[k].denominator))
        return tuple(f for f in INPUT_FIELDS if f in need)

    def as_dict(self) -> dict[str, Any]:
        """The rules file form (what :func:`parse_rules` reads back)."""
        return {
            "groups": {
                name: {
                    "weights": dict(g.weights),
                    "benchmarks": {k: b.as_dict() for k, b in g.benchmarks if b.mode != MEAN},
                }
                for name, g in self.groups.items()
            },
            "cap": self.cap,
            "bonus_cap": self.bonus_cap,
            "below_scale_min_land_mu": self.below_scale_min_land_mu,
            "leased_m2_per_mu": self.leased_m2_per_mu,
            "exempt_divisions": list(self.exempt_divisions),
            "new_production_years": self.new_production_years,
            "classes": {
                "shares": {"A": self.share_a / 100, "B": self.share_b / 100, "D": self.share_d / 100},
                "labels": dict(self.labels),
            },
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)


DEFAULT_RULES = Rules()


def class_counts(n: int, rules: Rules = DEFAULT_RULES) -> tuple[int, int, int, int]:
    """(A, B, C, D) counts among ``n`` rated: A = floor(a·n), D = ceil(d·n), B = floor(b·n + 0.5), C = the rest.

    Exact integer arithmetic on shares in hundredths of a percent. Should the shares not fit a small ``n``,
    A is served first, then D, then B (never a negative C).
    """
    a = (rules.share_a * n) // 10000
    d = min(-((-rules.share_d * n) // 10000), n - a)
    b = min((rules.share_b * n + 5000) // 10000, n - a - d)
    return a, b, n - a - b - d, d


# --- parsing ----------------------------------------------------------------------------------------------

_TOP = {
    "groups",
    "cap",
    "bonus_cap",
    "below_scale_min_land_mu",
    "leased_m2_per_mu",
    "exempt_divisions",
    "new_production_years",
    "classes",
    "year",
}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    f = float(value)
    return f if math.isfinite(f) else None


def _hundredths(value: Any) -> int | None:
    """A percent with at most two decimals, as an int of hundredths of a percent."""
    f = _number(value)
    if f is None:
        return None
    h = round(f * 100)
    return h if abs(h - f * 100) < 1e-6 else None


def _group(name: str, raw: Any, problems: list[Problem]) -> GroupRules | None:
    where = f"groups.{name}"
    if not isinstance(raw, dict):
        problems.append(Problem(where, "not_an_object"))
        return None
    for k in raw:
        if k not in ("weights", "benchmarks"):
            problems.append(Problem(f"{where}.{k}", "unknown_field"))
    weights_raw = raw.get("weights")
    if not isinstance(weights_raw, dict) or not weights_raw:
        problems.append(Problem(f"{where}.weights", "no_weights"))
        return None
    weights = []
    for key, w in weights_raw.items():
        fname = f"{where}.weights.{key}"
        if key not in INDICATORS:
            problems.append(Problem(fname, "unknown_indicator", known=", ".join(INDICATORS)))
            continue
        f = _number(w)
        if f is None:
            problems.append(Problem(fname, "not_a_number"))
        elif f <= 0:
            problems.append(Problem(fname, "weight_not_positive"))
        else:
            weights.append((key, f))
    benchmarks = []
    bench_raw = raw.get("benchmarks", {})
    if not isinstance(bench_raw, dict):
        problems.append(Problem(f"{where}.benchmarks", "not_an_object"))
        bench_raw = {}
    for key, b in bench_raw.items():
        fname = f"{where}.benchmarks.{key}"
        if key not in INDICATORS:
            problems.append(Problem(fname, "unknown_indicator", known=", ".join(INDICATORS)))
            continue
        if key not in weights_raw:
            problems.append(Problem(fname, "benchmark_without_weight"))
            continue
        if isinstance(b, str):
            b = {"mode": b}
        if not isinstance(b, dict):
            problems.append(Problem(fname, "not_an_object"))
            continue
        mode = b.get("mode", MEAN)
        if mode not in BENCHMARK_MODES:
            problems.append(Problem(f"{fname}.mode", "unknown_benchmark_mode"))
        elif mode == FIXED:
            v = _number(b.get("value"))
            if v is None or v <= 0:
                problems.append(Problem(f"{fname}.value", "not_a_positive_number"))
            else:
                benchmarks.append((key, Benchmark(FIXED, value=v)))
        elif mode == K_MEAN:
            k = _number(b.get("k"))
            if k is None or k <= 0:
                problems.append(Problem(f"{fname}.k", "not_a_positive_number"))
            else:
                benchmarks.append((key, Benchmark(K_MEAN, k=k)))
        else:
            benchmarks.append((key, Benchmark()))
    return GroupRules(tuple(weights), tuple(benchmarks))


def parse_rules(raw: Any) -> Rules:
    """Rules from their dict form; fields left out keep the defaults. Raises :class:`RulesError`."""
    if not isinstance(raw, dict):
        raise RulesError([Problem("", "not_an_object")])
    problems: list[Problem] = []
    kwargs: dict[str, Any] = {}
    for k in raw:
        if k not in _TOP:
            problems.append(Problem(k, "unknown_field"))
    if "groups" in raw:
        groups_raw = raw["groups"]
        if not isinstance(groups_raw, dict):
            problems.append(Problem("groups", "not_an_object"))
        else:
            groups = dict(DEFAULT_RULES.groups)
            for name, g in groups_raw.items():
                if name not in GROUPS:
                    problems.append(Problem(f"groups.{name}", "unknown_group"))
                    continue
                parsed = _group(name, g, problems)
                if parsed is not None:
                    groups[name] = parsed
            kwargs["groups"] = groups
    for name, positive in (
        ("cap", True),
        ("bonus_cap", False),
        ("below_scale_min_land_mu", False),
        ("leased_m2_per_mu", True),
    ):
        if name in raw:
            f = _number(raw[name])
            if f is None:
                problems.append(Problem(name, "not_a_number"))
            elif f < 0 or (positive and f == 0):
                problems.append(Problem(name, "not_a_positive_number" if positive else "negative_value"))
            else:
                kwargs[name] = f
    if "new_production_years" in raw:
        v = raw["new_production_years"]
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            problems.append(Problem("new_production_years", "not_a_non_negative_integer"))
        else:
            kwargs["new_production_years"] = v
    if "exempt_divisions" in raw:
        v = raw["exempt_divisions"]
        if not isinstance(v, list) or not all(isinstance(x, str) and len(x) == 2 and x.isdigit() for x in v):
            problems.append(Problem("exempt_divisions", "not_a_division_list"))
        else:
            kwargs["exempt_divisions"] = tuple(v)
    if "year" in raw:
        y = raw["year"]
        if isinstance(y, bool) or not isinstance(y, int) or not 1900 <= y <= 9998:
            problems.append(Problem("year", "year_out_of_range"))
    classes = raw.get("classes", {})
    if not isinstance(classes, dict):
        problems.append(Problem("classes", "not_an_object"))
        classes = {}
    for k in classes:
        if k not in ("shares", "labels"):
            problems.append(Problem(f"classes.{k}", "unknown_field"))
    shares = classes.get("shares", {})
    if not isinstance(shares, dict):
        problems.append(Problem("classes.shares", "not_an_object"))
        shares = {}
    hundredths = {"A": DEFAULT_RULES.share_a, "B": DEFAULT_RULES.share_b, "D": DEFAULT_RULES.share_d}
    for k, v in shares.items():
        fname = f"classes.shares.{k}"
        if k not in hundredths:
            problems.append(Problem(fname, "unknown_class_share"))
            continue
        h = _hundredths(v)
        if h is None:
            problems.append(Problem(fname, "not_a_percent"))
        elif not 0 <= h <= 10000:
            problems.append(Problem(fname, "percent_out_of_range"))
        else:
            hundredths[k] = h
    if sum(hundredths.values()) > 10000:
        problems.append(Problem("classes.shares", "shares_over_100", total=sum(hundredths.values()) / 100))
    kwargs.update(share_a=hundredths["A"], share_b=hundredths["B"], share_d=hundredths["D"])
    labels_raw = classes.get("labels", {})
    labels = dict(DEFAULT_RULES.labels)
    if not isinstance(labels_raw, dict):
        problems.append(Problem("classes.labels", "not_an_object"))
        labels_raw = {}
    for k, v in labels_raw.items():
        fname = f"classes.labels.{k}"
        if k not in CLASSES:
            problems.append(Problem(fname, "unknown_class"))
        elif not isinstance(v, str) or not v.strip():
            problems.append(Problem(fname, "empty_label"))
        else:
            labels[k] = v.strip()
    kwargs["labels"] = labels
    if problems:
        raise RulesError(problems)
    return Rules(**kwargs)


def load_rules(text: str | bytes, suffix: str = ".json") -> tuple[Rules, dict[str, Any]]:
    """Rules from the text of a JSON or TOML file (by ``suffix``); also returns the raw dict (for ``year``)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RulesError([Problem("", "not_utf8")]) from None
    try:
        raw = tomllib.loads(text) if suffix.lower() == ".toml" else json.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise RulesError([Problem("", "unreadable", detail=str(exc))]) from None
    return parse_rules(raw), raw
