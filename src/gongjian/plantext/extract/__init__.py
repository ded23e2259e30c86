"""Extract a draft plan from a normalised Chinese text: pillars, measures, named programmes, quantified targets.

Pure Python, no Django: a rule-based grammar (docs/plan-from-text.md), explainable and conservative. Every
pillar, measure and target carries the span of the normalised text it comes from.

The package splits the grammar by responsibility: numbers, grammar (vocabulary), periods, subjects, targets,
structure (pillars, measures); this module puts the draft together.
"""

from __future__ import annotations

import datetime as dt
import re

from .context import ContextMap
from .grammar import _OWNER_RE, _PROGRAMME_RE, COUNT_UNITS, UNITS
from .leads import assign_leads
from .model import Draft, Measure, Period, Pillar, Target
from .numbers import parse_number
from .structure import _measures, _past_section, _pillar_starts, _sentences
from .targets import _targets_in_sentence

_TITLE_YEAR = re.compile(
    r"(20\d\d)年[^，。,\n]{0,30}?(?:政府工作报告|工作要点|工作计划|发展计划|实施方案|行动方案|任务清单|任务分解|重点工作"
    r"|实事项目|工作安排|攻坚)"
)


def title_date(text: str, today: dt.date) -> dt.date:
    """The document date moved to the year its title names (2025年政府工作报告 pasted in 2026 plans 2025)."""
    first = next((line for line in text.splitlines() if line.strip()), "")[:80]
    m = _TITLE_YEAR.search(first)
    if not m or int(m.group(1)) == today.year:
        return today
    year = int(m.group(1))
    span = re.search(r"(20\d\d)\s*年?\s*[—–\-~～至到]\s*$", first[: m.start()])
    if span:  # 三年(2019—2021年)行动方案: the plan starts in its first year
        year = int(span.group(1))
        if year == today.year:
            return today
    return today.replace(year=year, day=min(today.day, 28) if today.month == 2 else today.day)


__all__ = ["COUNT_UNITS", "UNITS", "Draft", "Measure", "Period", "Pillar", "Target", "extract", "parse_number"]


_LIST_MARK = re.compile(r"^\s*(?:\d|[（(]?[一二三四五六七八九十]{1,3}[、)）.．]|[一二三四五六七八九十]是)")


def _without_title_repeats(text: str, targets: list[Target]) -> list[Target]:
    """A title or a subheading repeats a target of the prose after it (今年GDP预期增长7.5%左右 … 地区生产总值增长
    7.5%左右; 新年小目标：涨8% … 地区生产总值增长8%以上): the prose's statement is kept. A title is a short line
    without 。 that is no item of a list."""
    titles: list[tuple[int, int]] = []
    prose: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        s = line.strip()
        if s and "。" not in s and len(s) <= 40 and "\t" not in s and not _LIST_MARK.match(s):
            titles.append((pos, pos + len(line)))
        elif "。" in s:
            prose.append((pos, pos + len(line)))
        pos += len(line)
    if not titles:
        return targets

    def inside(t: Target, spans) -> bool:
        return any(a <= t.start < b for a, b in spans)

    out = []
    for t in targets:
        if inside(t, titles) and any(
            b.start > t.start and b.value == t.value and b.unit == t.unit and b.kind == t.kind and inside(b, prose)
            for b in targets
        ):
            continue
        out.append(t)
    return out


def _key(t: Target) -> tuple:
    return (t.indicator, t.comparator, repr(t.value), t.unit, t.period and t.period.end)


_GOAL_HEAD = re.compile(r"^.*(?:实现|确保|力争)")
_CHANGE_ONLY = re.compile(r"(?:年均)?(?:增长|增加|提高|提升|下降|降低|减少|增速|增幅)")


def _without_repeats(targets: list[Target]) -> list[Target]:
    """One target stated bare and again with its qualifier (努力实现GDP增长10%的目标 … 为实现今年GDP增长10%左右的
    目标): the qualified statement is kept. Same value, unit and kind and the same indicator after the words that
    lead to it (…努力实现, 为实现; at least four characters, more than a change word). Statements repeated word for
    word are one target (_without_restatements)."""
    groups: dict[tuple, list[int]] = {}
    for k, t in enumerate(targets):
        key = _GOAL_HEAD.sub("", t.indicator)
        if len(key) >= 4 and not _CHANGE_ONLY.fullmatch(key):
            groups.setdefault((key, repr(t.value), t.unit, t.kind), []).append(k)
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) > 1 and any(targets[k].comparator != "=" for k in members):
            dropped.update(k for k in members if targets[k].comparator == "=")
    return [t for k, t in enumerate(targets) if k not in dropped]


_GOAL_WORDS = re.compile(
    r"(?:今年|全年|年度)?(?:经济)?(?:增长|增速|发展)?(?:的)?(?:主要)?(?:预期)?(?:目标)?(?:设定|定为|确定)?(?:为|是)?"
)


def _without_restatements(targets: list[Target]) -> list[Target]:
    """经济增长预期目标6.5%-7%, 今年预期目标设定为6%以上: the goal named again by its value, after the statement
    that gives its indicator (国内生产总值增长6.5%-7%), is the same target; so is a target stated again word for
    word (a news report's lead and its body)."""
    out: list[Target] = []
    seen: set[tuple] = set()
    values: set[tuple] = set()
    for t in targets:
        value = (t.comparator, repr(t.value), t.unit)
        if "目标" in t.evidence and _GOAL_WORDS.fullmatch(t.indicator) and value in values:
            continue
        if _key(t) in seen:
            continue
        seen.add(_key(t))
        values.add(value)
        out.append(t)
    return out


def extract(text: str, today: dt.date | None = None) -> Draft:
    """The draft plan of a normalised text, periods resolved against ``today`` (the document date)."""
    today = today or dt.date.today()
    draft = Draft()
    if not text.strip():
        draft.warnings.append({"code": "empty"})
        return draft
    titled = title_date(text, today)
    if titled != today:
        draft.warnings.append({"code": "title_year", "year": titled.year, "given": today.year})
        today = titled
    owner = _OWNER_RE.search(text)
    draft.owner = owner.group(1) if owner else ""
    starts = _pillar_starts(text)
    contexts = ContextMap(text, today)
    sections: list[tuple[int, int, int | None]] = []  # (start, end, pillar index)
    if starts:
        if starts[0][0] > 0:
            sections.append((0, starts[0][0], None))
        for k, (a, b, _level) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
            title_end = b
            while title_end < end and text[title_end] not in "。\n：:":
                title_end += 1
            title = text[b:title_end].strip(" ，,。")
            draft.pillars.append(Pillar(title, a, end))
            sections.append((b, end, k))
    else:
        sections.append((0, len(text), None))
    loose: list[Measure] = []
    for s, e, k in sections:
        measures = _measures(text, s, e)
        if k is None:
            loose.extend(measures)
        else:
            draft.pillars[k].measures = measures
        if k is not None and _past_section(draft.pillars[k].title, today):
            continue
        for a, b in _sentences(text, s, e):
            draft.targets.extend(_targets_in_sentence(text, a, b, today, k, contexts.at(a)))
    if not draft.pillars and loose:
        draft.pillars.append(Pillar("", 0, len(text), loose))
    draft.targets = _without_restatements(_without_repeats(_without_title_repeats(text, draft.targets)))
    assign_leads(text, draft, today)
    seen = set()
    for m in _PROGRAMME_RE.finditer(text):
        name = f"“{m.group(1)}”{m.group(2)}" if m.group(1) else f"“{m.group(3)}”"
        if name not in seen:
            seen.add(name)
            draft.programmes.append(name)
    if not starts:
        draft.warnings.append({"code": "no_pillars"})
    if not draft.targets:
        draft.warnings.append({"code": "no_targets"})
    return draft
