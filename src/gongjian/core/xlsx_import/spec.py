"""The import specification: map the header row to declared columns, read every row, report every problem."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from .. import progress
from ..cells import cell_text, closest_header, header_keys
from .columns import Column, InvalidCell
from .sources import Limits, UploadRefused, open_source, read_upload

__all__ = ["HEADER_SEARCH_ROWS", "ImportResult", "ImportRow", "ImportSpec", "RowError"]

#: Rows looked at to find the header row (a title row above it is allowed).
HEADER_SEARCH_ROWS = 10
#: Progress is reported every so many rows (a job writes it down at most twice a second).
PROGRESS_ROWS = 200


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` is the row number Excel shows (None for the file as a whole), ``column`` a header."""

    row: int | None
    column: str
    message: str


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
    """The rows read, or every error; ``warnings`` tell what was read but not used (extra columns)."""

    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # every error found; ``errors`` stops at the report limit
    limit: int = 10_000
    created: list[Any] = field(default_factory=list)  # what the caller wrote, once the rows were accepted
    warnings: list[str] = field(default_factory=list)

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


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class ImportSpec:
    """The columns of one kind of import, and the checks that span cells (``clean_row``) or rows (``clean_rows``).

    A header cell matches a column by its header, an alias, its English key (``credit_code``) or a common synonym
    (统一社会信用代码 / 信用代码 / USCC); "面积（亩）" matches "面积". Other columns (a 备注 column) are ignored and
    listed in ``result.warnings`` with the closest known header. Subclasses override the two hooks and call
    ``result.add(row.number, header, message)`` for each problem.
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
        for column in self.columns:
            for k in column.soft_keys():
                self._by_header.setdefault(k, column)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def header(self, key: str) -> str:
        return self.column(key).header

    def find_column(self, text: str) -> Column | None:
        for k in header_keys(text):
            if k in self._by_header:
                return self._by_header[k]
        return None

    # hooks
    def clean_row(self, row: ImportRow, result: ImportResult) -> None:
        """Checks across the cells of one row (e.g. start before due)."""

    def clean_rows(self, rows: list[ImportRow], result: ImportResult) -> None:
        """Checks across rows (e.g. duplicate numbers), after every row was read."""

    # reading
    def read(self, upload: Any) -> ImportResult:
        """Read and check an uploaded file (.xlsx, .xls or .csv). Never raises for bad input: every problem is in
        ``result.errors``."""
        result = ImportResult(limit=getattr(settings, "GONGJIAN_IMPORT_MAX_ERRORS", 10_000))
        try:
            data = read_upload(upload)
            source = open_source(data, name=getattr(upload, "name", "") or "")
        except UploadRefused as exc:
            result.add(None, "", exc.message)
            return result
        try:
            limits = Limits()
            raw = source.rows(self.choose_sheet(source), limits)
            progress.report(0, source.row_estimate)
            self.read_rows(limits.rows(raw), result)
        except UploadRefused as exc:
            result.rows = []
            result.error_count = 0
            result.errors = []
            result.add(None, "", exc.message)
        finally:
            source.close()
        self.sort_errors(result)
        return result

    def sort_errors(self, result: ImportResult) -> None:
        """File errors first, then by row, and within a row in column order."""
        order = {c.header: i for i, c in enumerate(self.columns)}
        result.errors.sort(key=lambda e: (e.row is not None, e.row or 0, order.get(e.column, -1)))

    def choose_sheet(self, source) -> str | None:
        if self.sheet_name and self.sheet_name in source.sheetnames:
            return self.sheet_name
        return None

    def read_sheet(self, ws, result: ImportResult) -> None:
        """Read an openpyxl worksheet already opened (kept for callers that open the workbook themselves)."""
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
        limits = Limits()
        self.read_rows(limits.rows(ws.iter_rows(values_only=True)), result)

    def read_rows(self, rows: Iterator[tuple[int, tuple]], result: ImportResult) -> None:
        mapping = self._read_header(rows, result)
        if mapping is None:
            return
        max_rows = settings.GONGJIAN_IMPORT_MAX_ROWS
        width = max(mapping) + 1
        parsed: list[ImportRow] = []
        for number, values in rows:
            if not values or all(_is_blank(v) for v in values[:width]):
                continue
            if len(parsed) >= max_rows:
                raise UploadRefused(
                    _("The file has more than {max} data rows; split it into several files.").format(max=max_rows)
                )
            parsed.append(self._read_row(number, values, mapping, result))
            if not number % PROGRESS_ROWS:
                progress.report(number)
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
            if any(t and self.find_column(t) is not None for t in texts):
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
            column = self.find_column(text)
            if column is None:
                unknown.append(text)
            elif column in mapping.values():
                result.add(number, text, _("The column “{column}” appears more than once.").format(column=text))
                ok = False
            else:
                mapping[index] = column
        missing = [c.header for c in self.columns if c.required and c not in mapping.values()]
        if unknown:
            result.warnings.append(self._unknown_message(unknown, mapping))
        if missing:
            message = _("Required columns are missing: {columns}. Use the column headers of the template.").format(
                columns="、".join(missing)
            )
            if unknown:
                message += " " + self._unknown_message(unknown, mapping)
            result.add(number, "", message)
            ok = False
        return mapping if ok else None

    def _unknown_message(self, unknown: list[str], mapping: dict[int, Column]) -> str:
        """Columns ignored, each with the closest header not yet matched (a typo names what was meant)."""
        free = [c.header for c in self.columns if c not in mapping.values()]
        parts = []
        for text in unknown:
            near = closest_header(text, free)
            if near:
                parts.append(_("“{column}” (did you mean “{near}”?)").format(column=text, near=near))
            else:
                parts.append(f"“{text}”")
        return _("Columns ignored: {columns}.").format(columns="、".join(parts))

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
