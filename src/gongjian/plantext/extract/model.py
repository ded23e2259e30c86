"""The draft plan's data: pillars, measures, targets, periods."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

HAN = "\u4e00-\u9fff\u3400-\u4dbf\ufffd"


@dataclass
class Period:
    text: str
    start: str | None = None  # ISO dates; None when the text cannot be resolved
    end: str | None = None


@dataclass
class Measure:
    title: str
    start: int
    end: int
    programme: str = ""  # a named programme (“…”计划/工程/行动/…) in the clause
    lead: str = ""  # the lead unit named for it (牵头单位：…, （…牵头）), or ""
    period: Period | None = None  # the deadline named for it in a task list (完成时限：6月底前)


@dataclass
class Pillar:
    title: str
    start: int
    end: int
    measures: list[Measure] = field(default_factory=list)


@dataclass
class Target:
    indicator: str
    comparator: str  # ">=", ">", "<=", "<", "=", "~", "range"
    value: int | float | list | str  # str: the reference of a relative target (全市平均水平)
    unit: str
    period: Period | None
    hedge: str  # "力争" (aspirational), "确保" (binding) or ""
    pillar: int | None  # index into Draft.pillars
    evidence: str
    start: int
    end: int
    kind: str = "outcome"  # outcome | scope | multiplier | zero | relative
    lead: str = ""  # the lead unit named for it in a task list, or ""
    written: str = ""  # the quantity as written (400亿元, 6.2%, 三十五家), shown instead of the base-unit value


@dataclass
class Draft:
    pillars: list[Pillar] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    owner: str = ""
    warnings: list[dict] = field(default_factory=list)  # {"code": ..., plus parameters}

    def as_dict(self) -> dict:
        return asdict(self)
