"""Lead units in task lists: 牵头单位：区发改局 on the line after an item, （牵头单位：市经贸委；配合单位：…） or
（市政府办公室、…牵头，…） at its end, 责任单位：… when no lead is named. The first unit named leads."""

from __future__ import annotations

import bisect
import datetime as dt
import re

from .grammar import _PERIOD_RE
from .model import Draft
from .periods import _period

_MARKERS = [
    re.compile(r"(?:牵头单位|牵头部门|主责单位)\s*[:：]\s*(?P<u>[^；;，,、。\n）)]{2,30})"),
    re.compile(r"[（(](?P<u>[^（）()；;，,。\n:：]{2,60}?)牵头"),
    re.compile(r"(?:责任单位|责任部门|负责单位)\s*[:：]\s*(?P<u>[^；;，,、。\n）)]{2,30})"),
]
_ITEM_LINE = re.compile(
    r"^[ \t]*(?:\d{1,2}[.、．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]|[⑴-⒇①-⑳]"
    r"|[一二三四五六七八九十]{1,3}、|\d{1,2}[ \t](?=[\u4e00-\u9fff]))",
    re.M,
)


_DEADLINE = re.compile(r"(?:完成时限|完成时间|办结时限|时间节点|时限)\s*[:：]\s*(?P<p>[^；;，,。\n）)]{2,20})")


def _item_start(text: str, items: list[int], pos: int) -> int | None:
    """Where the item a marker belongs to begins: its own line when the marker ends a line of content, else the
    last numbered line (or, without one, the last line with content) before it."""
    line_start = text.rfind("\n", 0, pos) + 1
    if text[line_start:pos].strip(" \t（(【[：:"):
        return line_start
    k = bisect.bisect_right(items, pos) - 1
    if k >= 0:
        return items[k]
    prev = text[:line_start].rstrip()
    return prev.rfind("\n") + 1 if prev else None


def assign_leads(text: str, draft: Draft, today: dt.date) -> None:
    """Give each measure and target of a listed item the lead unit and the deadline named for that item."""
    if not any(word in text for word in ("牵头", "责任单位", "责任部门", "负责单位", "时限", "完成时间")):
        return
    items = [m.start() for m in _ITEM_LINE.finditer(text)]
    found = []
    for priority, rx in enumerate(_MARKERS):
        for m in rx.finditer(text):
            unit = re.split(r"[、等]", m.group("u").strip())[0].strip()
            if unit:
                found.append((m.start(), priority, unit))
    measures = [m for p in draft.pillars for m in p.measures]
    for pos, _priority, unit in sorted(found, key=lambda f: (f[1], f[0])):
        start = _item_start(text, items, pos)
        if start is None:
            continue
        for obj in [*measures, *draft.targets]:
            if start <= obj.start < pos and not obj.lead:
                obj.lead = unit
    for m in _DEADLINE.finditer(text):
        pm = _PERIOD_RE.search(m.group("p"))
        start = _item_start(text, items, m.start())
        if pm is None or start is None:
            continue
        period = _period(pm, today)
        for obj in [*measures, *draft.targets]:
            if start <= obj.start < m.start() and obj.period is None:
                obj.period = period
