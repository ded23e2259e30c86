"""Excel import: open an uploaded .xlsx safely, map its columns, parse every cell and report every error.

The module knows nothing of campaigns. A domain app declares an :class:`ImportSpec` (its columns, and optional
row and file checks) and gets back an :class:`ImportResult`: the parsed rows, or the complete list of errors as
(row number as Excel shows it, column header, message). The caller writes nothing unless the result is clean.

Safety, in this order, before openpyxl parses a byte: size limit, file type by content (not by name), the zip's
member count and total *declared* uncompressed size (a zip bomb is refused here; Python's zipfile never yields
more than a member's declared size), then ``load_workbook(read_only=True, data_only=True)`` with defusedxml.
"""

from __future__ import annotations

import calendar
import datetime as dt
import decimal
import io
import os
import re
import unicodedata
import uuid
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .excel import workbook_bytes, xlsx_response

__all__ = [
    "ChoiceColumn",
    "Column",
    "DateColumn",
    "DecimalColumn",
    "ImportResult",
    "ImportRow",
    "ImportSpec",
    "IntegerColumn",
    "InvalidCell",
    "Lookup",
    "LookupColumn",
    "MultiLookupColumn",
    "RowError",
    "TextColumn",
    "UploadRefused",
    "error_report_bytes",
    "error_report_response",
    "normalize_key",
    "open_workbook",
    "read_upload",
    "store_error_report",
    "template_bytes",
]

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected Office file
#: An .xlsx from Excel has a dozen or two members; images and comments add some. More is not a task list.
MAX_ZIP_MEMBERS = 1000
#: Rows looked at to find the header row (a title row above it is allowed).
HEADER_SEARCH_ROWS = 10


# --- results ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` is the row number Excel shows (None for the file as a whole), ``column`` a header."""

    row: int | None
    column: str
    message: str


class UploadRefused(Exception):
    """The upload is not an .xlsx workbook that may be opened; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidCell(Exception):
    """Raised by a column's parser: the cell's value is not acceptable; the message is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportRow:
    """A data row: its Excel row number and the parsed values by column key (None where the cell was empty).

    ``failed`` holds the keys whose cell had an error; those keys are absent from ``values``.
    """

    number: int
    values: dict[str, Any]
    failed: set[str] = field(default_factory=set)

    def has(self, *keys: str) -> bool:
        """True when every key parsed without error (its value may be None)."""
        return not any(k in self.failed for k in keys)

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # every error found; ``errors`` stops at the report limit
    limit: int = 10_000
    created: list[Any] = field(default_factory=list)  # what the caller wrote, once the rows were accepted

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def truncated(self) -> bool:
        return self.error_count > len(self.errors)

    def add(self, row: int | None, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < self.limit:
            self.errors.append(RowError(row, str(column), str(message)))


# --- normalising text ------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def normalize_key(text: Any) -> str:
    """The form in which headers and look-up keys are compared: NFKC (full-width → half-width), no whitespace,
    case-folded. ``"  事项名称 "``, ``"事项名称＊"`` and ``"事项名称"`` compare equal once ``*`` is also dropped."""
    s = unicodedata.normalize("NFKC", str(text))
    return _SPACES.sub("", s).casefold()


def _header_key(text: Any) -> str:
    return normalize_key(text).strip("*")


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


def _shown(value: Any, limit: int = 60) -> str:
    text = cell_text(value) or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- columns ---------------------------------------------------------------------------------------------


class Column:
    """A declared column: ``key`` names the value, ``header`` is the text in row 1 (``aliases`` are accepted too).

    ``parse`` turns a non-empty cell into a value or raises :class:`InvalidCell`. An empty cell gives ``default``,
    or an error when ``required``.
    """

    text_format = False  # the template formats the column as Text so Excel keeps what is typed
    number_format: str | None = None

    def __init__(
        self,
        key: str,
        header: str,
        *,
        required: bool = False,
        aliases: Sequence[str] = (),
        default: Any = None,
        help: str = "",
        width: int | None = None,
    ):
        self.key = key
        self.header = header
        self.required = required
        self.aliases = tuple(aliases)
        self.default = default
        self.help = help
        self.width = width

    def header_keys(self) -> set[str]:
        return {_header_key(h) for h in (self.header, *self.aliases)}

    def is_blank(self, value: Any) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    def parse(self, value: Any) -> Any:
        return value

    def describe(self) -> str:
        """One line for the instructions sheet of the template."""
        return ""


class TextColumn(Column):
    text_format = True

    def __init__(self, key: str, header: str, *, max_length: int | None = None, date_is_error: bool = False, **kw):
        super().__init__(key, header, **kw)
        self.max_length = max_length
        self.date_is_error = date_is_error

    def parse(self, value: Any) -> str:
        if self.date_is_error and isinstance(value, (dt.date, dt.datetime)):
            raise InvalidCell(
                _(
                    "Excel has turned the value into a date ({value}); format the column as Text and type it again."
                ).format(value=cell_text(value))
            )
        text = cell_text(value) or ""
        if self.max_length is not None and len(text) > self.max_length:
            raise InvalidCell(
                _("At most {max} characters are allowed (this cell has {count}).").format(
                    max=self.max_length, count=len(text)
                )
            )
        return text

    def describe(self) -> str:
        if self.max_length:
            return _("Text, at most {max} characters.").format(max=self.max_length)
        return _("Text.")


class IntegerColumn(Column):
    number_format = "0"

    def __init__(self, key: str, header: str, *, min_value: int | None = None, max_value: int | None = None, **kw):
        super().__init__(key, header, **kw)
        self.min_value = min_value
        self.max_value = max_value

    def parse(self, value: Any) -> int:
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()
            if re.fullmatch(r"[+-]?\d+(\.0*)?", text):
                number = int(text.split(".")[0])
        if number is None:
            raise InvalidCell(_("“{value}” is not a whole number.").format(value=_shown(value)))
        if self.min_value is not None and number < self.min_value:
            raise InvalidCell(_("The number must be at least {min}.").format(min=self.min_value))
        if self.max_value is not None and number > self.max_value:
            raise InvalidCell(_("The number must be at most {max}.").format(max=self.max_value))
        return number

    def describe(self) -> str:
        return _("A whole number.")


class DecimalColumn(Column):
    def __init__(
        self,
        key: str,
        header: str,
        *,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        min_value: decimal.Decimal | int | None = None,
        max_value: decimal.Decimal | int | None = None,
        **kw,
    ):
        super().__init__(key, header, **kw)
        self.max_digits = max_digits
        self.decimal_places = decimal_places
        self.min_value = min_value
        self.max_value = max_value

    def parse(self, value: Any) -> decimal.Decimal:
        number: decimal.Decimal | None = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = decimal.Decimal(str(value))
        elif isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
            try:
                number = decimal.Decimal(text)
            except decimal.InvalidOperation:
                number = None
        if number is None or not number.is_finite():
            raise InvalidCell(_("“{value}” is not a number.").format(value=_shown(value)))
        exponent = number.normalize().as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if self.decimal_places is not None and places > self.decimal_places:
            raise InvalidCell(_("At most {places} decimal places are allowed.").format(places=self.decimal_places))
        whole_digits = number.adjusted() + 1 if abs(number) >= 1 else 0
        if self.max_digits is not None and whole_digits > self.max_digits - (self.decimal_places or 0):
            raise InvalidCell(_("The number is too large."))
        if self.min_value is not None and number < self.min_value:
            raise InvalidCell(_("The number must be at least {min}.").format(min=self.min_value))
        if self.max_value is not None and number > self.max_value:
            raise InvalidCell(_("The number must be at most {max}.").format(max=self.max_value))
        return number

    def describe(self) -> str:
        if self.decimal_places:
            return _("A number with at most {places} decimal places.").format(places=self.decimal_places)
        return _("A number.")


_SEP = r"\s*[-/.年]\s*"
_FULL_DATE = re.compile(
    r"(\d{4})" + _SEP + r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:\s*T?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:之?前)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH = re.compile(r"(\d{4})" + _SEP + r"(\d{1,2})\s*月?\s*(底|末|初)?\s*(?:之?前)?")
_YEAR_END = re.compile(r"(\d{4})\s*年\s*(?:底|末)\s*(?:之?前)?")
# Excel's serial day numbers for 1950-01-01 … 2099-12-31: a date cell that lost its date format.
_SERIAL_RANGE = (18264, 73050)


class DateColumn(Column):
    """A date: a real Excel date, ``2026-03-31``, ``2026/3/31``, ``2026.3.31``, ``20260331``, ``2026年3月31日``.

    ``month`` says what a month alone (``2026年6月``, ``2026-06``) means: ``"end"`` its last day, ``"start"`` its
    first, None (the default) refuses it. ``2026年6月底`` and ``2026年底`` always mean the last day.
    """

    number_format = "yyyy-mm-dd"

    def __init__(self, key: str, header: str, *, month: str | None = None, **kw):
        super().__init__(key, header, **kw)
        if month not in (None, "start", "end"):
            raise ValueError("month must be None, 'start' or 'end'")
        self.month = month

    def parse(self, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(value, int) or value.is_integer():
                number = int(value)
                if _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
                    return dt.date(1899, 12, 30) + dt.timedelta(days=number)
                value = str(number)  # 20260331
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()
            parsed = self._parse_text(text)
            if parsed is not None:
                return parsed
        raise InvalidCell(
            _("“{value}” is not a date; write it as 2026-03-31 (or 2026/3/31, 2026年3月31日).").format(
                value=_shown(value)
            )
        )

    def _parse_text(self, text: str) -> dt.date | None:
        try:
            if m := _FULL_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text):
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            if m := _YEAR_END.fullmatch(text):
                return dt.date(int(m[1]), 12, 31)
            if m := _MONTH.fullmatch(text):
                year, month, where = int(m[1]), int(m[2]), m[3]
                end = where in ("底", "末") or (where is None and self.month == "end")
                start = where == "初" or (where is None and self.month == "start")
                if end:
                    return dt.date(year, month, calendar.monthrange(year, month)[1])
                if start:
                    return dt.date(year, month, 1)
        except ValueError:
            raise InvalidCell(_("“{value}” is not a valid date.").format(value=text)) from None
        return None

    def describe(self) -> str:
        return _("A date, e.g. 2026-03-31, 2026/3/31 or 2026年3月31日.")


class ChoiceColumn(Column):
    """One of a fixed set: matched by value, by label (in the active language) or by a synonym.

    ``choices`` are (value, label) pairs; ``synonyms`` maps more accepted texts to values; ``shown`` are the texts
    listed to the user (default: the labels).
    """

    def __init__(
        self,
        key: str,
        header: str,
        *,
        choices: Iterable[tuple[Any, Any]],
        synonyms: dict[str, Any] | None = None,
        shown: Sequence[str] | None = None,
        **kw,
    ):
        super().__init__(key, header, **kw)
        self.choices = list(choices)
        self.synonyms = dict(synonyms or {})
        self.shown = list(shown) if shown is not None else None
        self._keys: dict[str, Any] | None = None

    def keys(self) -> dict[str, Any]:
        if self._keys is None:
            keys: dict[str, Any] = {}
            for value, label in self.choices:
                keys.setdefault(normalize_key(value), value)
                keys.setdefault(normalize_key(label), value)
            for text, value in self.synonyms.items():
                keys.setdefault(normalize_key(text), value)
            self._keys = keys
        return self._keys

    def labels(self) -> list[str]:
        return self.shown if self.shown is not None else [str(label) for _v, label in self.choices]

    def parse(self, value: Any) -> Any:
        text = cell_text(value) or ""
        try:
            return self.keys()[normalize_key(text)]
        except KeyError:
            raise InvalidCell(
                _("“{value}” is not one of: {choices}.").format(value=_shown(text), choices="、".join(self.labels()))
            ) from None

    def describe(self) -> str:
        return _("One of: {choices}.").format(choices="、".join(self.labels()))


class Lookup:
    """Objects found by text: a dict built once (no query per row).

    ``keys`` are functions giving the texts an object is known by, strongest first (name, then code, then short
    name): a text claimed by a stronger key is never taken by a weaker one; a text two objects share at the same
    strength is ambiguous and refused.
    """

    def __init__(
        self,
        objects: Iterable[Any],
        *keys: Callable[[Any], Any],
        unknown: str | Callable[[str], str] | None = None,
        ambiguous: str | None = None,
    ):
        self.objects = list(objects)
        self.unknown = unknown
        self.ambiguous_message = ambiguous
        self._map: dict[str, Any] = {}
        self._ambiguous: dict[str, list[Any]] = {}
        for key in keys:
            level: dict[str, list[Any]] = {}
            for obj in self.objects:
                text = key(obj)
                if text is None or text == "":
                    continue
                k = normalize_key(text)
                if k in self._map or k in self._ambiguous:
                    continue
                bucket = level.setdefault(k, [])
                if obj not in bucket:
                    bucket.append(obj)
            for k, objs in level.items():
                if len(objs) == 1:
                    self._map[k] = objs[0]
                else:
                    self._ambiguous[k] = objs

    def find(self, text: str) -> Any:
        k = normalize_key(text)
        if k in self._map:
            return self._map[k]
        if k in self._ambiguous:
            names = "、".join(str(o) for o in self._ambiguous[k])
            message = self.ambiguous_message or _("“{value}” is ambiguous: it matches {matches}.")
            raise InvalidCell(message.format(value=text, matches=names))
        if callable(self.unknown):
            raise InvalidCell(self.unknown(_shown(text)))
        message = self.unknown or _("“{value}” was not found.")
        raise InvalidCell(message.format(value=_shown(text)))


class LookupColumn(Column):
    """A reference to an existing object, found through a :class:`Lookup`; never creates one."""

    text_format = True

    def __init__(self, key: str, header: str, *, lookup: Lookup, **kw):
        super().__init__(key, header, **kw)
        self.lookup = lookup

    def parse(self, value: Any) -> Any:
        return self.lookup.find(cell_text(value) or "")


class MultiLookupColumn(LookupColumn):
    """Several references in one cell, separated by 、 , ， ; ； or line breaks. Gives a list without repeats."""

    separators = re.compile(r"[、,，;；\n\r]+")

    def parse(self, value: Any) -> list[Any]:
        found: list[Any] = []
        problems: list[str] = []
        for part in self.separators.split(cell_text(value) or ""):
            part = part.strip()
            if not part:
                continue
            try:
                obj = self.lookup.find(part)
            except InvalidCell as exc:
                problems.append(exc.message)
                continue
            if obj not in found:
                found.append(obj)
        if problems:
            raise InvalidCell(" ".join(problems))
        return found

    def describe(self) -> str:
        return _("Several may be given, separated by 、 , or ；.")


# --- the spec: header, rows, cells -----------------------------------------------------------------------


class ImportSpec:
    """The columns of one kind of import, and the checks that span cells (``clean_row``) or rows (``clean_rows``).

    Subclasses override the two hooks and call ``result.add(row.number, header, message)`` for each problem.
    """

    columns: Sequence[Column] = ()
    sheet_name: str | None = None  # preferred sheet; the first sheet otherwise

    def __init__(self, columns: Sequence[Column] | None = None, *, sheet_name: str | None = None):
        if columns is not None:
            self.columns = list(columns)
        if sheet_name is not None:
            self.sheet_name = sheet_name
        self._by_header: dict[str, Column] = {}
        for column in self.columns:
            for k in column.header_keys():
                if k in self._by_header:
                    raise ValueError(f"header {k!r} declared twice")
                self._by_header[k] = column

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def header(self, key: str) -> str:
        return self.column(key).header

    # hooks
    def clean_row(self, row: ImportRow, result: ImportResult) -> None:
        """Checks across the cells of one row (e.g. start before due)."""

    def clean_rows(self, rows: list[ImportRow], result: ImportResult) -> None:
        """Checks across rows (e.g. duplicate numbers), after every row was read."""

    # reading
    def read(self, upload: Any) -> ImportResult:
        """Read and check an uploaded file. Never raises for bad input: every problem is in ``result.errors``."""
        result = ImportResult(limit=getattr(settings, "GONGJIAN_IMPORT_MAX_ERRORS", 10_000))
        try:
            data = read_upload(upload)
            workbook = open_workbook(data, name=getattr(upload, "name", "") or "")
        except UploadRefused as exc:
            result.add(None, "", exc.message)
            return result
        try:
            self.read_sheet(self.choose_sheet(workbook), result)
        except UploadRefused as exc:
            result.rows = []
            result.add(None, "", exc.message)
        finally:
            workbook.close()
        self.sort_errors(result)
        return result

    def sort_errors(self, result: ImportResult) -> None:
        """File errors first, then by row, and within a row in column order."""
        order = {c.header: i for i, c in enumerate(self.columns)}
        result.errors.sort(key=lambda e: (e.row is not None, e.row or 0, order.get(e.column, -1)))

    def choose_sheet(self, workbook):
        if self.sheet_name and self.sheet_name in workbook.sheetnames:
            return workbook[self.sheet_name]
        return workbook.worksheets[0]

    def read_sheet(self, ws, result: ImportResult) -> None:
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # the stored size may be wrong; read every row there is
        rows = _numbered_rows(ws)
        mapping = self._read_header(rows, result)
        if mapping is None:
            return
        max_rows = settings.GONGJIAN_IMPORT_MAX_ROWS
        width = max(mapping) + 1
        parsed: list[ImportRow] = []
        for number, values in rows:
            if not values or all(v is None or (isinstance(v, str) and not v.strip()) for v in values[:width]):
                continue
            if len(parsed) >= max_rows:
                result.add(
                    None,
                    "",
                    _("The file has more than {max} data rows; split it into several files.").format(max=max_rows),
                )
                return
            parsed.append(self._read_row(number, values, mapping, result))
        if not parsed:
            result.add(None, "", _("The file has no data rows below the header row."))
            return
        for row in parsed:
            self.clean_row(row, result)
        self.clean_rows(parsed, result)
        result.rows = parsed if result.ok else []

    def _read_header(self, rows: Iterator[tuple[int, tuple]], result: ImportResult) -> dict[int, Column] | None:
        seen = 0
        first: tuple[int, tuple] | None = None
        for number, values in rows:
            texts = [cell_text(v) for v in values or ()]
            if not any(texts):
                continue
            first = first or (number, values)
            if any(t and _header_key(t) in self._by_header for t in texts):
                return self._map_header(number, texts, result)
            seen += 1
            if seen >= HEADER_SEARCH_ROWS:
                break
        if first is None:
            result.add(None, "", _("The file is empty."))
            return None
        number, values = first
        return self._map_header(number, [cell_text(v) for v in values], result)

    def _map_header(self, number: int, texts: list[str | None], result: ImportResult) -> dict[int, Column] | None:
        mapping: dict[int, Column] = {}
        unknown: list[str] = []
        ok = True
        for index, text in enumerate(texts):
            if not text:
                continue
            column = self._by_header.get(_header_key(text))
            if column is None:
                unknown.append(text)
            elif column in mapping.values():
                result.add(number, text, _("The column “{column}” appears more than once.").format(column=text))
                ok = False
            else:
                mapping[index] = column
        missing = [c.header for c in self.columns if c.required and c not in mapping.values()]
        if missing:
            result.add(
                number,
                "",
                _("Required columns are missing: {columns}. Use the column headers of the template.").format(
                    columns="、".join(missing)
                ),
            )
            ok = False
        if unknown:
            result.add(
                number,
                "",
                _("Unknown columns: {columns}. Allowed columns: {allowed}.").format(
                    columns="、".join(unknown), allowed="、".join(c.header for c in self.columns)
                ),
            )
            ok = False
        return mapping if ok else None

    def _read_row(self, number: int, values: tuple, mapping: dict[int, Column], result: ImportResult) -> ImportRow:
        row = ImportRow(number=number, values={})
        present = set()
        for index, column in mapping.items():
            present.add(column.key)
            raw = values[index] if index < len(values) else None
            if column.is_blank(raw):
                if column.required:
                    result.add(number, column.header, _("This cell must not be empty."))
                    row.failed.add(column.key)
                else:
                    row.values[column.key] = column.default
                continue
            try:
                row.values[column.key] = column.parse(raw)
            except InvalidCell as exc:
                result.add(number, column.header, exc.message)
                row.failed.add(column.key)
        for column in self.columns:
            if column.key not in present:
                row.values[column.key] = column.default
        return row


def _numbered_rows(ws) -> Iterator[tuple[int, tuple]]:
    """(Excel row number, values) for every row; XML damaged past the start of the sheet refuses the file."""
    rows = ws.iter_rows(values_only=True)
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # the XML parser's own errors, defusedxml's refusals, bad cell data
            raise UploadRefused(
                _("The workbook is damaged after row {row} and could not be read.").format(row=number)
            ) from exc
        number += 1
        yield number, values


# --- opening an upload -----------------------------------------------------------------------------------


def read_upload(upload: Any) -> bytes:
    """The bytes of an upload (a Django UploadedFile, a file object or bytes), refused when too large or empty."""
    limit = settings.GONGJIAN_IMPORT_MAX_BYTES
    name = getattr(upload, "name", "") or ""
    if isinstance(upload, (bytes, bytearray)):
        data = bytes(upload)
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > limit:
            raise UploadRefused(_too_large(limit))
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(_too_large(limit))
    if not data:
        raise UploadRefused(_("The file “{name}” is empty.").format(name=name or "?"))
    return data


def _too_large(limit: int) -> str:
    return _("The file is larger than {mb} MB.").format(mb=round(limit / (1024 * 1024), 1))


def _not_xlsx(name: str) -> str:
    return _(
        "“{name}” is not an Excel workbook (.xlsx). Save it in Excel as “Excel Workbook (*.xlsx)” and upload that file."
    ).format(name=name or "?")


def check_archive(data: bytes, name: str = "") -> None:
    """Refuse anything but a plausible .xlsx: content type by magic bytes, then the zip's directory (member count,
    total uncompressed size, encryption) read without decompressing anything."""
    ext = os.path.splitext(name)[1].lower()
    if data.startswith(OLE_MAGIC):
        message = _(
            "“{name}” is an old-format Excel file (.xls) or a password-protected workbook. Open it in Excel, "
            "remove any password, save it as “Excel Workbook (*.xlsx)” and upload that file."
        )
        raise UploadRefused(message.format(name=name or "?"))
    if not data.startswith(XLSX_MAGIC):
        raise UploadRefused(_not_xlsx(name))
    if ext and ext != ".xlsx":
        raise UploadRefused(_not_xlsx(name))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise UploadRefused(
            _("“{name}” is damaged or is not an Excel workbook (.xlsx).").format(name=name or "?")
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise UploadRefused(
                _("“{name}” holds too many parts ({count}) to be a task list workbook.").format(
                    name=name or "?", count=len(infos)
                )
            )
        unpacked = sum(info.file_size for info in infos)
        limit = settings.GONGJIAN_IMPORT_MAX_UNPACKED_BYTES
        if unpacked > limit:
            raise UploadRefused(
                _("“{name}” unpacks to more than {mb} MB and cannot be imported; split it into smaller files.").format(
                    name=name or "?", mb=round(limit / (1024 * 1024))
                )
            )
        if any(info.flag_bits & 0x1 for info in infos):
            raise UploadRefused(_("“{name}” is encrypted.").format(name=name or "?"))
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise UploadRefused(_("“{name}” is a ZIP archive, not an Excel workbook (.xlsx).").format(name=name or "?"))


def open_workbook(data: bytes, name: str = ""):
    """Check the archive, then open it read-only with cached values instead of formulas."""
    from openpyxl import load_workbook

    check_archive(data, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension not supported" and the like: harmless for reading
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        if not workbook.worksheets:
            raise ValueError("no worksheet")
    except UploadRefused:
        raise
    except Exception:  # openpyxl raises many types (KeyError, XML errors, InvalidFileException, …) for bad files
        raise UploadRefused(
            _("“{name}” could not be read as an Excel workbook (.xlsx).").format(name=name or "?")
        ) from None
    return workbook


# --- template and error report ---------------------------------------------------------------------------


def template_bytes(spec: ImportSpec, example: dict[str, Any] | None = None, notes: Sequence[str] = ()) -> bytes:
    """An empty import workbook: the header row, an optional example row, and the instructions sheet (说明) that
    describes each column, followed by ``notes``. Text columns are formatted as Text so Excel keeps "2-07"."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    headers = [c.header for c in spec.columns]
    rows = [[(example or {}).get(c.key) for c in spec.columns]] if example else []
    lines = [
        _("How to fill in this workbook"),
        _("One row per entry. Do not rename, add or remove columns; columns may be reordered."),
        _(
            "The file is imported only when every row is valid; otherwise nothing is imported and every error is "
            "listed with its row and column."
        ),
        "",
    ]
    for c in spec.columns:
        need = _("required") if c.required else _("optional")
        text = " ".join(t for t in (c.describe(), c.help) if t)
        lines.append(_("{header} ({need}): {text}").format(header=c.header, need=need, text=text))
    if notes:
        lines.append("")
        lines.extend(notes)
    content = workbook_bytes(
        headers,
        rows,
        title=spec.sheet_name or "Sheet1",
        widths=[c.width or max(12, len(c.header) * 3 + 4) for c in spec.columns],
        notes=lines,
    )
    # Column formats and header comments cannot be given to workbook_bytes: add them.
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    for index, c in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        fmt = "@" if c.text_format else c.number_format
        if fmt:
            ws.column_dimensions[letter].number_format = fmt
        cell = ws.cell(row=1, column=index)
        if c.required:
            cell.font = Font(bold=True, color="C00000")
        tip = " ".join(t for t in (c.describe(), c.help) if t)
        if tip:
            cell.comment = Comment(tip, "gongjian", width=300, height=120)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def error_report_bytes(errors: Iterable[RowError]) -> bytes:
    """The errors as a workbook (行, 列, 错误): written through the formula-safe export helper."""
    return workbook_bytes(
        [_("Row"), _("Column"), _("Error")],
        ([e.row if e.row is not None else "", e.column, _printable(e.message)] for e in errors),
        title=_("Errors"),
        widths=[8, 16, 90],
    )


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _printable(text: str) -> str:
    return _ILLEGAL.sub("?", text)


_REPORT_DIR = "import-errors"
_SESSION_KEY = "xlsx_import_reports"
_REPORT_TTL = dt.timedelta(days=1)


def store_error_report(request, errors: Sequence[RowError]) -> str:
    """Keep the error workbook for this session to download; returns its token. Old reports are removed."""
    token = uuid.uuid4().hex
    default_storage.save(f"{_REPORT_DIR}/{token}.xlsx", ContentFile(error_report_bytes(errors)))
    tokens = [t for t in request.session.get(_SESSION_KEY, []) if isinstance(t, str)][-9:]
    request.session[_SESSION_KEY] = [*tokens, token]
    _purge_old_reports()
    return token


def error_report_response(request, token: str, filename: str) -> HttpResponse:
    """The stored error workbook, only to the session that produced it."""
    if not re.fullmatch(r"[0-9a-f]{32}", token or "") or token not in request.session.get(_SESSION_KEY, []):
        raise Http404
    path = f"{_REPORT_DIR}/{token}.xlsx"
    try:
        with default_storage.open(path, "rb") as fh:
            content = fh.read()
    except OSError:
        raise Http404 from None
    return xlsx_response(content, filename)


def _purge_old_reports() -> None:
    try:
        _dirs, files = default_storage.listdir(_REPORT_DIR)
    except (OSError, NotImplementedError):
        return
    cutoff = timezone.now() - _REPORT_TTL
    for name in files:
        path = f"{_REPORT_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue
