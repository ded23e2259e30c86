"""One sentence, several subjects: A、B、C分别增长8%、9%和10%; A和B…，分别超过90家和870家 → one target each."""

from __future__ import annotations

import re

from .subjects import _strip_subject

_SPLIT = re.compile(r"以及|、|和|及|与")
_CUT = re.compile(r"在|实现|要|将|的基础上|(?<![年人平])均|都")  # 年均, 人均: not "both"
CHANGE_WORDS = ("增长", "增加", "提高", "提升", "下降", "降低", "减少")


def several_list(text: str, s0: int, c0: int, c1: int) -> dict | None:
    """The subjects a 分别 in this clause distributes over, or None."""
    clause = text[c0:c1]
    k = clause.find("分别")
    if k < 0:
        return None
    head = clause[:k]
    if not head.strip(" ，,、"):  # 分别 opens the clause: the subjects are in the clause before it
        prev = text[s0:c0].rstrip("，,；; ")
        head = re.split(r"[，,；;：:]", prev)[-1] if prev else ""
    head = _CUT.split(head)[0]
    parts = [_strip_subject(p) for p in _SPLIT.split(_strip_subject(head))]
    parts = [p for p in parts if p]
    if len(parts) == 1:
        parts = _town_and_country(parts[0])
    if len(parts) < 2:
        return None
    parts = [*(_with_shared_tail(p, parts[-1]) for p in parts[:-1]), parts[-1]]
    after = clause[k + 2 :]
    verb = next((v for v in CHANGE_WORDS if after.startswith(v)), "")
    return {"pos": c0 + k, "subjects": parts, "verb": verb, "i": 0, "cmp": ""}


def several_subject(sv: dict, comparator: str, cmp: str) -> tuple[str, str, str]:
    """The indicator of the next quantity in a 分别 list, and its comparator (the first one's verb governs)."""
    i = sv["i"]
    sv["i"] += 1
    if i >= len(sv["subjects"]):
        return "", comparator, cmp
    if i == 0:
        sv["cmp"] = cmp
    elif not cmp and sv["cmp"] and comparator == "=":
        comparator = cmp = sv["cmp"]
    return sv["subjects"][i] + sv["verb"], comparator, cmp


def _town_and_country(subject: str) -> list[str]:
    """城乡居民人均可支配收入分别增长8%和9%: 城乡 names two subjects, the town's and the country's."""
    if subject.startswith("城乡") and len(subject) > 3:
        return ["城镇" + subject[2:], "农村" + subject[2:]]
    return [subject]


def _with_shared_tail(part: str, last: str) -> str:
    """PM2.5、PM10年均浓度: a Latin name before a Latin name with a tail shares the tail (PM2.5年均浓度)."""
    code = re.fullmatch(r"[A-Za-z][A-Za-z0-9.]*", part)
    head = re.match(r"[A-Za-z][A-Za-z0-9.]*", last)
    if code and head and len(last) > head.end():
        return part + last[head.end() :]
    return part


def distribute(indicator: str) -> list[str]:
    """The subjects of A和B…翻番 or X、Y均达到…; a short first conjunct shares the tail of the last one
    (城镇和农村居民人均可支配收入 → 城镇居民人均可支配收入, 农村居民人均可支配收入)."""
    parts = [p for p in _SPLIT.split(indicator) if p]
    if len(parts) == 1:
        return _town_and_country(indicator)
    last = parts[-1]
    out = []
    for p in parts[:-1]:
        if len(p) <= 3 and len(last) >= len(p) + 3:
            p = p + last[len(p) :]
        out.append(p)
    return [*out, last]
