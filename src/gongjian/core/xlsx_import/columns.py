"""Declared columns: what a header may say, and how a non-empty cell becomes a value or a message."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from ..cells import ParseError, cell_text, header_key, normalize_key, parse_date, parse_number
from ..cells import shown as _shown

__all__ = [
    "HEADER_SYNONYMS",
    "ChoiceColumn",
    "Column",
    "DateColumn",
    "DecimalColumn",
    "IntegerColumn",
    "InvalidCell",
    "Lookup",
    "LookupColumn",
    "MultiLookupColumn",
    "TextColumn",
    "parse_error_message",
]

#: Headers the bureaus use for the same thing, by column key: accepted by every import that has the key (unless
#: the import already uses the text for another column).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "USCC", "credit code"),
    "enterprise": ("企业名称", "企业", "单位名称", "纳税人名称"),
    "name": ("名称",),
    "year": ("年度", "年份"),
    "note": ("备注", "说明"),
}


class InvalidCell(Exception):
    """Raised by a column's parser: the cell's value is not acceptable; the message is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_error_message(error: ParseError) -> str:
    """The sentence for a refusal of :mod:`.parsing`, in the active language."""
    p = error.params
    if error.code == "unit":
        return _("“{value}” is not a number in {unit}.").format(value=p["value"], unit=p["unit"])
    if error.code == "date":
        return _("“{value}” is not a date; write it as 2026-03-31 (or 2026/3/31, 2026年3月31日).").format(
            value=p["value"]
        )
    if error.code == "invalid_date":
        return _("“{value}” is not a valid date.").format(value=p["value"])
    if error.code == "ambiguous_date":
        return _("“{value}” may be read as {first} or as {second}; write it as 2026-03-31 (year, month, day).").format(
            value=p["value"], first=_long_date(p["first"]), second=_long_date(p["second"])
        )
    if error.code == "encoding":
        return _("The text file is neither UTF-8 nor GBK; save it again as “CSV UTF-8” or as an Excel workbook.")
    return _("“{value}” is not a number.").format(value=p.get("value", ""))


def _long_date(day: dt.date) -> str:
    return _("{year}-{month}-{day}").format(year=day.year, month=day.month, day=day.day)


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
        """The header texts this column claims (its header and aliases), in comparison form."""
        return {header_key(h) for h in (self.header, *self.aliases)}

    def soft_keys(self) -> set[str]:
        """Texts also accepted when no other column claims them: the English field name and common synonyms."""
        return {header_key(h) for h in (self.key, *HEADER_SYNONYMS.get(self.key, ()))} - self.header_keys()

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
    """A whole number; "1,200", full-width digits and the column's ``unit`` after the number are accepted."""

    number_format = "0"

    def __init__(
        self,
        key: str,
        header: str,
        *,
        min_value: int | None = None,
        max_value: int | None = None,
        unit: str | None = None,
        **kw,
    ):
        super().__init__(key, header, **kw)
        self.min_value = min_value
        self.max_value = max_value
        self.unit = unit

    def parse(self, value: Any) -> int:
        try:
            number = parse_number(value, self.unit)
        except ParseError as exc:
            if exc.code == "unit":
                raise InvalidCell(parse_error_message(exc)) from None
            number = None
        if number is None or number != number.to_integral_value():
            raise InvalidCell(_("“{value}” is not a whole number.").format(value=_shown(value)))
        number = int(number)
        if self.min_value is not None and number < self.min_value:
            raise InvalidCell(_("The number must be at least {min}.").format(min=self.min_value))
        if self.max_value is not None and number > self.max_value:
            raise InvalidCell(_("The number must be at most {max}.").format(max=self.max_value))
        return number

    def describe(self) -> str:
        return _("A whole number.")


class DecimalColumn(Column):
    """A number: "1,234.5", full-width digits, and the column's ``unit`` after it ("12万元", "3亿元" in 万元)."""

    def __init__(
        self,
        key: str,
        header: str,
        *,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        min_value: decimal.Decimal | int | None = None,
        max_value: decimal.Decimal | int | None = None,
        unit: str | None = None,
        **kw,
    ):
        super().__init__(key, header, **kw)
        self.max_digits = max_digits
        self.decimal_places = decimal_places
        self.min_value = min_value
        self.max_value = max_value
        self.unit = unit

    def parse(self, value: Any) -> decimal.Decimal:
        try:
            number = parse_number(value, self.unit)
        except ParseError as exc:
            raise InvalidCell(parse_error_message(exc)) from None
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


class DateColumn(Column):
    """A date: a real Excel date, an Excel serial number, ``2026-03-31``, ``2026/3/31``, ``2026.3.31``,
    ``20260331``, ``2026年3月31日``; ``31/3/2026`` when only one reading exists (``3/4/2026`` is refused).

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
        try:
            return parse_date(value, self.month)
        except ParseError as exc:
            raise InvalidCell(parse_error_message(exc)) from None

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
