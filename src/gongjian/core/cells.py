"""Reading cells as the bureaus write them: header matching, numbers, dates and text encodings (shared by every
import and the land-use command).

Pure: no Django import, so it is tested alone. A refusal is a :class:`ParseError` carrying a code and the values
the message needs; :mod:`.columns` turns it into a sentence in the user's language.
"""

from __future__ import annotations

import calendar
import datetime as dt
import decimal
import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

__all__ = [
    "ParseError",
    "cell_text",
    "closest_header",
    "decode_text",
    "excel_serial_date",
    "header_key",
    "normalize_key",
    "parse_date",
    "parse_number",
    "shown",
    "unit_key",
]


class ParseError(ValueError):
    """A value that cannot be read. ``code`` names the reason (``number``, ``unit``, ``date``, ``ambiguous_date``,
    ``invalid_date``, ``encoding``); ``params`` hold what a message shows."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code, params)
        self.code = code
        self.params = params


# --- text ------------------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def normalize_key(text: Any) -> str:
    """The form in which headers and look-up keys are compared: NFKC (full-width → half-width), no whitespace,
    case-folded. ``"  事项名称 "``, ``"事项名称＊"`` and ``"事项名称"`` compare equal once ``*`` is also dropped."""
    s = unicodedata.normalize("NFKC", str(text))
    return _SPACES.sub("", s).casefold()


#: Decorations around a header: the template's required mark, and a unit in brackets ("面积（亩）" is "面积"
#: when only that is known; the full text is tried first).
_UNIT_SUFFIX = re.compile(r"[(\[（【][^()\[\]（）【】]*[)\]）】]$")


def header_key(text: Any) -> str:
    return normalize_key(text).strip("*")


def header_keys(text: Any) -> list[str]:
    """The keys a header cell may match, strongest first: as written, then without a bracketed unit."""
    key = header_key(text)
    keys = [key]
    bare = _UNIT_SUFFIX.sub("", key).strip("*")
    if bare and bare != key:
        keys.append(bare)
    return keys


def closest_header(text: str, known: Iterable[str]) -> str | None:
    """The known header most like ``text`` (compared in :func:`header_key` form), or None when nothing is close."""
    by_key: dict[str, str] = {}
    for header in known:
        by_key.setdefault(header_key(header), header)
    matches = difflib.get_close_matches(header_key(text), list(by_key), n=1, cutoff=0.5)
    return by_key[matches[0]] if matches else None


def cell_text(value: Any) -> str | None:
    """A cell's value as text the way the user typed it: 2.0 → "2", a date → "2026-03-31"; blank → None."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip() or None


def shown(value: Any, limit: int = 60) -> str:
    """A value as quoted back to the user, cut to ``limit`` characters."""
    text = cell_text(value) or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- numbers ---------------------------------------------------------------------------------------------

#: Units a column may declare, with the suffixes accepted in its cells and what one of them is in the column's unit.
UNITS: dict[str, dict[str, decimal.Decimal]] = {
    "万元": {"万元": decimal.Decimal(1), "万": decimal.Decimal(1), "亿元": decimal.Decimal(10_000)},
    "元": {"元": decimal.Decimal(1)},
    "亩": {"亩": decimal.Decimal(1)},
    "㎡": {
        "㎡": decimal.Decimal(1),
        "m2": decimal.Decimal(1),
        "平方米": decimal.Decimal(1),
        "平米": decimal.Decimal(1),
    },
    "%": {"%": decimal.Decimal(1)},
    "人": {"人": decimal.Decimal(1)},
}


def unit_key(unit: str) -> str:
    return normalize_key(unit)


_UNIT_TABLE = {unit_key(u): {unit_key(s): f for s, f in suffixes.items()} for u, suffixes in UNITS.items()}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_WITH_SUFFIX = re.compile(r"([+-]?[\d,.]*\d\.?)([^\d,.+-].*)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def parse_number(value: Any, unit: str | None = None) -> decimal.Decimal:
    """A cell as a Decimal: numbers as they are; text with full-width digits, thousands separators (1,234.5 or
    1，234.5) and, when the column's ``unit`` is known, that unit written after it ("12.5万元", "3亿元" in a 万元
    column, "1,200㎡"). Anything else raises ParseError("number") or, for a foreign unit, ParseError("unit")."""
    if isinstance(value, bool):
        raise ParseError("number", value=shown(value))
    if isinstance(value, (int, float, decimal.Decimal)):
        number = decimal.Decimal(str(value))
        if not number.is_finite():
            raise ParseError("number", value=shown(value))
        return number
    if not isinstance(value, str):
        raise ParseError("number", value=shown(value))
    text = _SPACES.sub("", unicodedata.normalize("NFKC", value))
    factor = decimal.Decimal(1)
    accepted = _UNIT_TABLE.get(unit_key(unit), {}) if unit else {}
    folded = text.casefold()
    for suffix in sorted(accepted, key=len, reverse=True):
        if folded.endswith(suffix) and len(text) > len(suffix):
            text, factor = text[: -len(suffix)], accepted[suffix]
            break
    else:
        m = _WITH_SUFFIX.fullmatch(text)
        if m and unit and not re.fullmatch(r"[eE][+-]?\d+", m[2]):
            raise ParseError("unit", value=shown(value), unit=unit)
    if "," in text:
        if not _GROUPED.fullmatch(text):
            raise ParseError("number", value=shown(value))
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        raise ParseError("number", value=shown(value))
    number = decimal.Decimal(text) * factor
    return number.normalize() if factor != 1 else number


# --- dates -----------------------------------------------------------------------------------------------

_SEP = r"\s*[-/.年]\s*"
_FULL_DATE = re.compile(
    r"(\d{4})" + _SEP + r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:\s*T?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:之?前)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH = re.compile(r"(\d{4})" + _SEP + r"(\d{1,2})\s*月?\s*(底|末|初)?\s*(?:之?前)?")
_YEAR_END = re.compile(r"(\d{4})\s*年\s*(?:底|末)\s*(?:之?前)?")
#: Day and month first, year last: 03/04/2026 is 3 April in Europe and March 4 in America.
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
#: Excel's serial day numbers for 1950-01-01 … 2099-12-31: a date cell that lost its date format.
SERIAL_RANGE = (18264, 73050)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def excel_serial_date(number: int) -> dt.date:
    return _EXCEL_EPOCH + dt.timedelta(days=number)


def parse_date(value: Any, month: str | None = None) -> dt.date:
    """A date from an Excel date cell, an Excel serial number, or text: 2015-08-01, 2015/8/1, 2015.8.1, 20150801,
    2015年8月1日. ``month`` says what a month alone (2026年6月) means: "end", "start" or None (refused); 2026年6月底
    and 2026年底 always mean the last day. 13/04/2026 has one reading and is taken; 03/04/2026 has two and raises
    ParseError("ambiguous_date") with both."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int) or value.is_integer():
            number = int(value)
            if SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
                return excel_serial_date(number)
            value = str(number)  # 20260331
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if re.fullmatch(r"\d{5}(\.0+)?", text) and SERIAL_RANGE[0] <= int(text.split(".")[0]) <= SERIAL_RANGE[1]:
            return excel_serial_date(int(text.split(".")[0]))  # a serial number kept as text (CSV)
        try:
            parsed = _parse_text(text, month)
        except ParseError:
            raise
        except ValueError:
            raise ParseError("invalid_date", value=shown(text)) from None
        if parsed is not None:
            return parsed
    raise ParseError("date", value=shown(value))


def _parse_text(text: str, month: str | None) -> dt.date | None:
    if m := _FULL_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DAY_MONTH_YEAR.fullmatch(text):
        return _day_month_year(text, int(m[1]), int(m[2]), int(m[3]))
    if m := _YEAR_END.fullmatch(text):
        return dt.date(int(m[1]), 12, 31)
    if m := _MONTH.fullmatch(text):
        year, mon, where = int(m[1]), int(m[2]), m[3]
        end = where in ("底", "末") or (where is None and month == "end")
        start = where == "初" or (where is None and month == "start")
        if end:
            return dt.date(year, mon, calendar.monthrange(year, mon)[1])
        if start:
            return dt.date(year, mon, 1)
    return None


def _day_month_year(text: str, first: int, second: int, year: int) -> dt.date:
    readings = []
    for day, mon in ((first, second), (second, first)):
        try:
            readings.append(dt.date(year, mon, day))
        except ValueError:
            continue
    readings = sorted(set(readings))
    if not readings:
        raise ValueError(text)
    if len(readings) > 1:
        raise ParseError("ambiguous_date", value=text, first=readings[0], second=readings[1])
    return readings[0]


# --- text files ------------------------------------------------------------------------------------------

_BOMS = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding found: a BOM's (UTF-8, UTF-16), else UTF-8 when every byte
    decodes strictly, else GB18030 (which contains GBK and GB2312: what Excel and WPS save as "CSV" on a Chinese
    Windows). Bytes that are neither raise ParseError("encoding"): a wrong guess is refused, never stored as
    mojibake."""
    for encoding, bom in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ParseError("encoding") from None
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, encoding
    raise ParseError("encoding")
