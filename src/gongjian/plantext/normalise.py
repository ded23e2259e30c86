"""Normalise a pasted or uploaded Chinese text: strip pinyin annotations, fold width, traditional → simplified.

Pure Python, no Django. The rule for the 字(pīnyīn) artifact of scraped web copies is the one of
docs/plan-from-text.md (after the research notes): an annotation is stripped only when it is a real one — lowercase
syllables of the Mandarin inventory, each with one correctly placed tone mark, right after at least as many Han
characters. Characters lost in a broken encoding (``?`` or U+FFFD) are marked, never guessed.

Every character of the normalised text keeps the index of the character of the original it comes from
(:attr:`Normalised.offsets`), so evidence found in the normalised text can be shown in the original.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["LOST", "Lost", "Normalised", "is_syllable", "normalise"]

LOST = "\ufffd"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
_TONED = {
    "ā": ("a", 1),
    "á": ("a", 2),
    "ǎ": ("a", 3),
    "à": ("a", 4),
    "ē": ("e", 1),
    "é": ("e", 2),
    "ě": ("e", 3),
    "è": ("e", 4),
    "ī": ("i", 1),
    "í": ("i", 2),
    "ǐ": ("i", 3),
    "ì": ("i", 4),
    "ō": ("o", 1),
    "ó": ("o", 2),
    "ǒ": ("o", 3),
    "ò": ("o", 4),
    "ū": ("u", 1),
    "ú": ("u", 2),
    "ǔ": ("u", 3),
    "ù": ("u", 4),
    "ǖ": ("ü", 1),
    "ǘ": ("ü", 2),
    "ǚ": ("ü", 3),
    "ǜ": ("ü", 4),
}
_LETTER = "a-zü" + "".join(_TONED)
_TOKEN = f"[{_LETTER}]{{1,6}}"
_TOKENS = f"{_TOKEN}(?: {_TOKEN}){{0,3}}"
# Han run (or lost-character placeholders), then an annotation in ASCII or full-width parentheses.
# Found from the parenthesis, then the Han run is read backwards (at most 4 characters matter): a forward
# pattern "[Han]+(" would be quadratic on a long run of characters without any parenthesis.
_ANNOTATION = re.compile(f"[(（]({_TOKENS})[)）]")
_RUN_CHARS = re.compile(f"[{_HAN}?{LOST}]")


class _Candidate:
    __slots__ = ("end", "run", "run_start", "start", "tokens")

    def __init__(self, run: str, run_start: int, tokens: list[str], start: int, end: int):
        self.run, self.run_start, self.tokens, self.start, self.end = run, run_start, tokens, start, end


def _candidates(text: str):
    """Han characters (or lost-character placeholders) then an annotation: (run of up to 4, tokens, span)."""
    for m in _ANNOTATION.finditer(text):
        k = m.start()
        while k > 0 and m.start() - k < 4 and _RUN_CHARS.match(text[k - 1]):
            k -= 1
        if k == m.start():
            continue
        yield _Candidate(text[k : m.start()], k, m.group(1).split(" "), m.start(), m.end())


# A lost character whose "(" was eaten by the broken encoding too: "?gòu)".
_EATEN = re.compile(f"[?{LOST}]({_TOKEN})[)）]")
_VOWELS = "aeiouü"

# OpenCC keeps 著 where mainland text writes 着; these are the words where 着 is meant.
FIXUPS = {
    "著力": "着力",
    "著眼": "着眼",
    "著手": "着手",
    "著重": "着重",
    "著想": "着想",
    "著落": "着落",
    "著陆": "着陆",
    "著装": "着装",
    "意味著": "意味着",
    "随著": "随着",
    "沿著": "沿着",
    "接著": "接着",
    "本著": "本着",
    "朝著": "朝着",
    "向著": "向着",
    "有著": "有着",
    "带著": "带着",
    "围绕著": "围绕着",
    "紧盯著": "紧盯着",
    "看著": "看着",
}
_FIXUP_RE = re.compile("|".join(sorted(map(re.escape, FIXUPS), key=len, reverse=True)))

_WIDTH = {chr(0xFF10 + i): chr(0x30 + i) for i in range(10)}
_WIDTH.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_WIDTH.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_WIDTH["％"] = "%"
_SPACES = " \t\u3000\u00a0\u2002\u2003\u2009\u200b"


@dataclass(frozen=True)
class Lost:
    """A character lost in a broken encoding: its position in the normalised text and the pinyin it had, if any."""

    index: int
    pinyin: str = ""


@dataclass
class Normalised:
    original: str
    text: str
    offsets: list[int]  # offsets[i]: index in ``original`` of text[i]; one more entry for the end
    annotations: int = 0  # pinyin annotations stripped
    confirmed: int = 0  # of which the reading was confirmed by the dictionary
    annotated: bool = False  # document mode: an annotated web copy
    lost: list[Lost] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the normalised span [start, end) comes from."""
        if not self.text:
            return 0, 0
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if end == start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1 if end - 1 < len(self.offsets) - 1 else len(self.original)


# ---------------------------------------------------------------- syllables


@functools.cache
def _inventory() -> frozenset[str]:
    from pypinyin.constants import PINYIN_DICT

    out = set()
    for readings in PINYIN_DICT.values():
        for r in readings.split(","):
            bare = _toneless(r)[0]
            if (bare.isalpha() and bare.isascii()) or "ü" in bare:
                out.add(bare)
    out.discard("")
    return frozenset(out)


def _toneless(token: str) -> tuple[str, list[int]]:
    """The token without tone marks, and the positions of the marked letters."""
    bare, marks = [], []
    for i, ch in enumerate(token):
        if ch in _TONED:
            bare.append(_TONED[ch][0])
            marks.append(i)
        else:
            bare.append(ch)
    return "".join(bare), marks


def _tone_position(bare: str) -> int:
    """Where the standard rule puts the tone mark: a or e first, o in "ou", otherwise the last vowel."""
    for v in "ae":
        if v in bare:
            return bare.index(v)
    if "ou" in bare:
        return bare.index("ou")
    for i in range(len(bare) - 1, -1, -1):
        if bare[i] in _VOWELS:
            return i
    return -1


def is_syllable(token: str, *, neutral: bool = False) -> bool:
    """A lowercase Mandarin syllable with one correctly placed tone mark (or none, when ``neutral`` is allowed)."""
    if not token or len(token) > 6 or token != token.lower():
        return False
    bare, marks = _toneless(token)
    if bare not in _inventory():
        return False
    if not marks:
        return neutral
    return len(marks) == 1 and marks[0] == _tone_position(bare)


@functools.cache
def _readings(ch: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    if not _is_han(ch):
        return frozenset()
    out = set(pinyin(ch, heteronym=True, style=Style.TONE, errors="ignore")[0])
    simple = _t2s().convert(ch)  # a traditional character: also the readings of its simplified form
    if simple != ch:
        out |= set(pinyin(simple, heteronym=True, style=Style.TONE, errors="ignore")[0])
    return frozenset(unicodedata.normalize("NFC", r) for r in out)


def _is_han(ch: str) -> bool:
    return bool(re.match(f"[{_HAN}]", ch))


@functools.cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


# ---------------------------------------------------------------- stripping


def _check(run: str, tokens: list[str], *, annotated: bool) -> tuple[bool, bool]:
    """(strip it, reading confirmed by the dictionary) for an annotation of ``tokens`` after ``run``."""
    if len(tokens) > len(run):
        return False, False
    if not all(is_syllable(t, neutral=annotated) for t in tokens):
        return False, False
    chars = run[-len(tokens) :]
    confirmed = all(ch in "?" + LOST or t in _readings(ch) for ch, t in zip(chars, tokens, strict=True))
    if annotated:
        return True, confirmed
    return confirmed and not any(ch in "?" + LOST for ch in chars), confirmed


def _strict_hits(text: str) -> int:
    hits = 0
    for c in _candidates(text):
        ok, _ = _check(c.run, c.tokens, annotated=False)
        hits += ok
    return hits


def _strip_pass(chars: list[str], origin: list[int], annotated: bool, lost: dict[int, str]):
    """One pass over the text; returns the new (chars, origin, lost, stripped, confirmed)."""
    text = "".join(chars)
    drop: set[int] = set()
    stripped = confirmed = 0
    for c in _candidates(text):
        run, tokens = c.run, c.tokens
        ok, conf = _check(run, tokens, annotated=annotated)
        if not ok:
            continue
        stripped += 1
        confirmed += conf
        first = c.start - len(tokens)
        for k, tok in enumerate(tokens):
            if text[first + k] in "?" + LOST:
                lost[origin[first + k]] = tok
        drop.update(range(c.start, c.end))
    if annotated:
        for m in _EATEN.finditer(text):
            if m.start() in drop or not is_syllable(m.group(1), neutral=True):
                continue
            stripped += 1
            lost[origin[m.start()]] = m.group(1)
            drop.update(range(m.start() + 1, m.end()))
    new_chars, new_origin = [], []
    for i, ch in enumerate(chars):
        if i in drop:
            continue
        if ch == "?" and origin[i] in lost:
            ch = LOST
        new_chars.append(ch)
        new_origin.append(origin[i])
    return new_chars, new_origin, stripped, confirmed


# ---------------------------------------------------------------- pipeline


def _nfc(original: str) -> tuple[list[str], list[int]]:
    """NFC, cluster by cluster (a base character and its combining marks), keeping offsets."""
    chars: list[str] = []
    origin: list[int] = []
    i = 0
    n = len(original)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(original[j]):
            j += 1
        for ch in unicodedata.normalize("NFC", original[i:j]):
            chars.append(ch)
            origin.append(i)
        i = j
    return chars, origin


def _fold_width(chars: list[str]) -> list[str]:
    out = [_WIDTH.get(ch, ch) for ch in chars]
    for i, ch in enumerate(out):  # a full-width point between digits is a decimal point
        if ch == "．" and 0 < i < len(out) - 1 and out[i - 1].isdigit() and out[i + 1].isdigit():
            out[i] = "."
    return out


def _convert(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    """OpenCC t2s then the mainland fix-ups, line by line, keeping offsets."""
    conv = _t2s()
    out_c: list[str] = []
    out_o: list[int] = []
    start = 0
    text = "".join(chars)
    for line in text.splitlines(keepends=True):
        end = start + len(line)
        new = conv.convert(line)
        new = _FIXUP_RE.sub(lambda m: FIXUPS[m.group(0)], new)
        src = origin[start:end]
        if len(new) == len(line):
            out_o.extend(src)
        else:  # a phrase conversion changed the length: map proportionally
            out_o.extend(src[min(len(src) - 1, k * len(src) // max(1, len(new)))] for k in range(len(new)))
        out_c.extend(new)
        start = end
    return out_c, out_o


def _whitespace(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    """\\r\\n → \\n; runs of horizontal space → one space; no space at either end of a line."""
    out_c: list[str] = []
    out_o: list[int] = []
    for ch, o in zip(chars, origin, strict=True):
        if ch == "\r":
            continue
        if ch in _SPACES:
            if not out_c or out_c[-1] in " \n":
                continue
            ch = " "
        elif ch == "\n" and out_c and out_c[-1] == " ":
            out_c.pop()
            out_o.pop()
        out_c.append(ch)
        out_o.append(o)
    while out_c and out_c[-1] == " ":
        out_c.pop()
        out_o.pop()
    return out_c, out_o


def normalise(original: str) -> Normalised:
    """The normalised text of ``original`` with its offset map, annotation count and lost characters."""
    chars, origin = _nfc(original)
    nfc = "".join(chars)
    annotated = _strict_hits(nfc) >= 3
    lost: dict[int, str] = {}
    stripped = confirmed = 0
    for _ in range(10):  # repeat until stable (duplicate annotations)
        chars, origin, s, c = _strip_pass(chars, origin, annotated, lost)
        stripped += s
        confirmed += c
        if not s:
            break
    chars = _fold_width(chars)
    chars, origin = _convert(chars, origin)
    chars, origin = _whitespace(chars, origin)
    text = "".join(chars)
    marks = []
    for i, ch in enumerate(chars):
        if ch == LOST:
            marks.append(Lost(i, lost.get(origin[i], "")))
        elif ch == "?" and 0 < i < len(chars) - 1 and _is_han(chars[i - 1]) and _is_han(chars[i + 1]):
            marks.append(Lost(i, ""))  # an ASCII "?" between Han characters: a lost character too
    return Normalised(
        original=original,
        text=text,
        offsets=[*origin, len(original)],
        annotations=stripped,
        confirmed=confirmed,
        annotated=annotated,
        lost=marks,
    )
