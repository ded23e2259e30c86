"""Opening an upload safely: .xlsx, .xls and .csv, each checked before a parser reads a byte, then read row by row
within limits of rows, columns, cells and time.

Order of the checks: size; file type by content (not by name); for .xlsx the zip's directory (member count, total
declared size, compression ratio, encryption, macros, external links) read without decompressing anything, then
``load_workbook(read_only=True, data_only=True)`` with defusedxml (formulas give their cached value, never run);
for .xls (an OLE file) encryption and macros first, then xlrd; for .csv the encoding (UTF-8, UTF-8 with BOM or
GBK, detected; anything else refused rather than stored as mojibake).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import time
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from .. import progress
from ..cells import ParseError, decode_text

__all__ = [
    "MAX_ZIP_MEMBERS",
    "OLE_MAGIC",
    "XLSX_MAGIC",
    "Limits",
    "Source",
    "UploadRefused",
    "check_archive",
    "open_source",
    "open_workbook",
    "read_upload",
]

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected Office file
#: An .xlsx from Excel has a dozen or two members; images and comments add some. More is not a task list.
MAX_ZIP_MEMBERS = 1000
#: A member larger than this whose unpacked size is more than MAX_RATIO times its packed size is refused: XML of
#: real data packs about 5 to 20 times; a sheet of millions of empty cells packs hundreds of times.
RATIO_CHECKED_FROM = 1024 * 1024
MAX_RATIO = 100
TEXT_EXTENSIONS = (".csv", ".txt")
WORKBOOK_EXTENSIONS = (".xlsx", ".xls")
_OLE_VBA = "_VBA_PROJECT".encode("utf-16-le")
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


class UploadRefused(Exception):
    """The upload may not be read; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- limits while reading --------------------------------------------------------------------------------


class Limits:
    """Rows, columns, cells and seconds a reading may take; counted while streaming, so a file that lies about its
    size (or a sheet of millions of empty cells) is stopped early with a message."""

    def __init__(self):
        self.max_rows = settings.GONGJIAN_IMPORT_MAX_ROWS
        self.max_columns = getattr(settings, "GONGJIAN_IMPORT_MAX_COLUMNS", 200)
        self.max_cells = getattr(settings, "GONGJIAN_IMPORT_MAX_CELLS", 600_000)
        # A request must answer within gunicorn's timeout; a background job holds no request (but a worker).
        if progress.in_background():
            self.seconds = getattr(settings, "GONGJIAN_JOB_IMPORT_SECONDS", 600)
        else:
            self.seconds = getattr(settings, "GONGJIAN_IMPORT_SECONDS", 15)
        self.max_cell_chars = 32_767
        self.started = time.monotonic()

    @property
    def max_scanned_rows(self) -> int:
        """Rows read in all, blank ones included (a data row limit alone lets blank rows run on)."""
        return self.max_rows * 2 + 100

    def too_many_rows(self) -> UploadRefused:
        return UploadRefused(
            _("The file has more than {max} data rows; split it into several files.").format(max=self.max_rows)
        )

    def too_many_columns(self, count: int) -> UploadRefused:
        return UploadRefused(
            _("The sheet has {count} columns; at most {max} are read. Delete the empty columns on the right.").format(
                count=count, max=self.max_columns
            )
        )

    def too_many_cells(self) -> UploadRefused:
        return UploadRefused(
            _("The sheet holds more than {max} cells (empty ones included) and cannot be imported.").format(
                max=f"{self.max_cells:,}"
            )
        )

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise UploadRefused(
                _("Reading the file took more than {seconds} seconds; split it into smaller files.").format(
                    seconds=self.seconds
                )
            )

    def check_declared(self, rows: int | None, columns: int | None) -> None:
        """Refuse at once a sheet whose stored size is beyond the limits."""
        if columns and columns > self.max_columns:
            raise self.too_many_columns(columns)
        if rows and rows > self.max_scanned_rows:
            raise self.too_many_rows()

    def rows(self, rows: Iterator[tuple]) -> Iterator[tuple[int, tuple]]:
        """(row number as Excel shows it, values), refusing the file once a limit is passed or the parser fails."""
        number = 0
        cells = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except UploadRefused:
                raise
            except Exception as exc:  # the XML parser's own errors, defusedxml's refusals, bad cell data
                raise UploadRefused(
                    _("The workbook is damaged after row {row} and could not be read.").format(row=number)
                ) from exc
            number += 1
            cells += len(values)
            if len(values) > self.max_columns:
                values = _trim(values, self.max_columns, self)
            if number > self.max_scanned_rows:
                raise self.too_many_rows()
            if cells > self.max_cells:
                raise self.too_many_cells()
            self.check_time()
            yield number, values


def _trim(values: tuple, width: int, limits: Limits) -> tuple:
    """Empty cells past the last allowed column are dropped; a value there refuses the file."""
    if any(v is not None and v != "" for v in values[width:]):
        raise limits.too_many_columns(len(values))
    return values[:width]


# --- the upload ------------------------------------------------------------------------------------------


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
    if limit < 1024 * 1024:
        return _("The file is larger than {kb} kB.").format(kb=round(limit / 1024))
    return _("The file is larger than {mb} MB.").format(mb=round(limit / (1024 * 1024), 1))


def _not_xlsx(name: str) -> str:
    return _(
        "“{name}” is not an Excel workbook (.xlsx). Save it in Excel as “Excel Workbook (*.xlsx)” and upload that "
        "file (.xls and .csv files are accepted too)."
    ).format(name=name or "?")


def _macros(name: str) -> str:
    return _(
        "“{name}” contains macros (VBA). Workbooks with macros are not accepted: save it in Excel as “Excel "
        "Workbook (*.xlsx)”, which removes them, and upload that file."
    ).format(name=name or "?")


def _protected(name: str) -> str:
    return _(
        "“{name}” is an old-format Excel file (.xls) that could not be read, or a password-protected workbook. "
        "Open it in Excel, remove any password, save it as “Excel Workbook (*.xlsx)” and upload that file."
    ).format(name=name or "?")


def check_archive(data: bytes, name: str = "") -> None:
    """Refuse anything but a plausible .xlsx: content type by magic bytes, then the zip's directory (member count,
    total uncompressed size, compression ratio, encryption, macros, external links) read without decompressing."""
    ext = os.path.splitext(name)[1].lower()
    if data.startswith(OLE_MAGIC):
        raise UploadRefused(_protected(name))
    if not data.startswith(XLSX_MAGIC):
        raise UploadRefused(_not_xlsx(name))
    if ext in (".xlsm", ".xltm", ".xlam"):
        raise UploadRefused(_macros(name))
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
        for info in infos:
            if info.file_size > RATIO_CHECKED_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise UploadRefused(
                    _(
                        "“{name}” unpacks to {mb} MB from a few kB: a sheet full of empty cells or a compressed "
                        "bomb. Copy the data into a new workbook and upload that."
                    ).format(name=name or "?", mb=round(info.file_size / (1024 * 1024)))
                )
        if any(info.flag_bits & 0x1 for info in infos):
            raise UploadRefused(_("“{name}” is encrypted.").format(name=name or "?"))
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise UploadRefused(_("“{name}” is a ZIP archive, not an Excel workbook (.xlsx).").format(name=name or "?"))
        lowered = {n.lower() for n in names}
        if any(n.endswith("vbaproject.bin") or n.endswith("vbaprojectsignature.bin") for n in lowered):
            raise UploadRefused(_macros(name))
        if any(n.startswith("xl/externallinks/") for n in lowered):
            raise UploadRefused(
                _(
                    "“{name}” links to other workbooks. Copy the values (Paste Special → Values) into a new workbook "
                    "and upload that."
                ).format(name=name or "?")
            )


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


# --- one interface over the three formats ----------------------------------------------------------------


class Source:
    """An opened upload: its sheet names and, for one sheet, its rows as tuples of cell values."""

    kind = ""
    sheetnames: list[str] = []
    #: The rows of the sheet last opened with ``rows``, as far as is known beforehand (for a progress bar).
    row_estimate: int | None = None

    def rows(self, sheet: str | None, limits: Limits) -> Iterator[tuple]:
        raise NotImplementedError

    def close(self) -> None:
        """Release the parser's resources."""


#: A formula cell without a cached value (written by a program, never calculated by Excel): read with
#: ``data_only`` it would look empty and its row would be skipped in silence.
_UNCALCULATED = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*<f(?:[^>]*/>|[^>]*>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>'
)


@dataclass
class SheetScan:
    """What a pass over the raw sheet XML found, before openpyxl parses it: cells (empty ones too), rows, and the
    first formula never calculated."""

    cells: int = 0
    rows: int = 0
    uncalculated: str | None = None


def scan_sheet(data: bytes, member: str, limits: Limits) -> SheetScan:
    """Count the sheet's cells and rows by streaming its XML in chunks (decompressing is ~100 times faster than
    parsing), stopping as soon as a limit is passed: a sheet of millions of empty cells is refused in a second."""
    scan = SheetScan()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(member) as fh:
        tail = b""
        while chunk := fh.read(1 << 20):
            scan.cells += chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/>")
            scan.rows += chunk.count(b"<row ") + chunk.count(b"<row>")
            if scan.cells > limits.max_cells:
                raise limits.too_many_cells()
            if scan.rows > limits.max_scanned_rows:
                raise limits.too_many_rows()
            if scan.uncalculated is None:
                text = tail + chunk
                if m := _UNCALCULATED.search(text):
                    scan.uncalculated = m[1].decode()
                tail = text[-4096:]
            limits.check_time()
    return scan


class XlsxSource(Source):
    """Formulas give the value Excel last calculated; a formula never calculated refuses the file."""

    kind = "xlsx"

    def __init__(self, workbook, data: bytes = b""):
        self.workbook = workbook
        self.data = data
        self.sheetnames = list(workbook.sheetnames)

    def rows(self, sheet, limits):
        ws = self.workbook[sheet] if sheet in self.sheetnames else self.workbook.worksheets[0]
        try:
            declared = (ws.max_row, ws.max_column)
        except Exception:  # a damaged <dimension>: the streaming counts still hold
            declared = (None, None)
        limits.check_declared(*declared)
        member = getattr(ws, "_worksheet_path", None)
        scan = scan_sheet(self.data, member, limits) if self.data and member else SheetScan()
        if cell := scan.uncalculated:
            raise UploadRefused(
                _(
                    "Cell {cell} holds a formula that Excel never calculated, so its value is unknown. Open the file "
                    "in Excel or WPS, save it, and upload it again (or paste the values instead of the formulas)."
                ).format(cell=cell)
            )
        self.row_estimate = scan.rows or declared[0]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # the stored size may be wrong; read every row there is
        return ws.iter_rows(values_only=True)

    def close(self):
        self.workbook.close()


class XlsSource(Source):
    kind = "xls"

    def __init__(self, book):
        self.book = book
        self.sheetnames = list(book.sheet_names())

    def rows(self, sheet, limits):
        sh = self.book.sheet_by_name(sheet) if sheet in self.sheetnames else self.book.sheet_by_index(0)
        limits.check_declared(sh.nrows, sh.ncols)
        self.row_estimate = sh.nrows
        return (tuple(self._value(cell) for cell in sh.row(r)) for r in range(sh.nrows))

    def _value(self, cell) -> Any:
        import xlrd

        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return None
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                value = xlrd.xldate.xldate_as_datetime(cell.value, self.book.datemode)
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                return cell.value
            return value.date() if value.time() == dt.time(0) else value
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        return cell.value

    def close(self):
        self.book.release_resources()


class CsvSource(Source):
    kind = "csv"

    def __init__(self, text: str):
        self.text = text
        self.sheetnames = [""]

    def rows(self, sheet, limits):
        dialect: Any = csv.excel
        try:
            dialect = csv.Sniffer().sniff(self.text[:4096], delimiters=",\t;")
        except csv.Error:
            pass
        self.row_estimate = self.text.count("\n") + 1
        reader = csv.reader(io.StringIO(self.text, newline=""), dialect)
        return (tuple(v if v.strip() else None for v in row) for row in reader)


def open_source(data: bytes, name: str = "") -> Source:
    """The upload opened for reading, whatever of the three formats it is in; refused with a message otherwise."""
    ext = os.path.splitext(name)[1].lower()
    if ext in TEXT_EXTENSIONS:
        if data.startswith(XLSX_MAGIC) or data.startswith(OLE_MAGIC) or b"\x00" in data[:4096]:
            raise UploadRefused(
                _("“{name}” is not a text (CSV) file; upload the workbook with its own extension.").format(name=name)
            )
        try:
            text, _encoding = decode_text(data)
        except ParseError:
            raise UploadRefused(
                _(
                    "“{name}” is neither UTF-8 nor GBK text; save it again as “CSV UTF-8” or as an Excel workbook."
                ).format(name=name)
            ) from None
        return CsvSource(text)
    if data.startswith(OLE_MAGIC):
        return _open_xls(data, name)
    return XlsxSource(open_workbook(data, name), data)


def _open_xls(data: bytes, name: str) -> XlsSource:
    import xlrd

    if _OLE_ENCRYPTED in data:
        raise UploadRefused(_protected(name))
    if _OLE_VBA in data:
        raise UploadRefused(_macros(name))
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, formatting_info=False, logfile=io.StringIO())
    except Exception:  # xlrd raises XLRDError, struct errors, AssertionError… for what it cannot read
        raise UploadRefused(_protected(name)) from None
    if not book.nsheets:
        raise UploadRefused(_protected(name))
    return XlsSource(book)
