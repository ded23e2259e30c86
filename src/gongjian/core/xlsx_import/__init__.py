"""Importing what the bureaus send: .xlsx, .xls and .csv, opened safely, columns mapped, every cell parsed and
every error reported.

The package knows nothing of campaigns. A domain app declares an :class:`ImportSpec` (its columns, and optional
row and file checks) and gets back an :class:`ImportResult`: the parsed rows, or the complete list of errors as
(row number as Excel shows it, column header, message), plus warnings (columns ignored). The caller writes nothing
unless the result is clean.

- :mod:`gongjian.core.cells` (also as :mod:`.parsing`) — pure: header matching, numbers, dates, encodings;
- :mod:`.columns` — the declared columns and their messages;
- :mod:`.sources` — opening an upload within limits (size, zip directory, macros, rows, columns, cells, time);
- :mod:`.spec` — the header row, the rows, the result;
- :mod:`.reports` — the template workbook and the error report.
"""

from __future__ import annotations

from ..cells import cell_text, normalize_key
from .columns import (
    HEADER_SYNONYMS,
    ChoiceColumn,
    Column,
    DateColumn,
    DecimalColumn,
    IntegerColumn,
    InvalidCell,
    Lookup,
    LookupColumn,
    MultiLookupColumn,
    TextColumn,
)
from .reports import error_report_bytes, error_report_response, store_error_report, template_bytes
from .sources import (
    MAX_ZIP_MEMBERS,
    OLE_MAGIC,
    XLSX_MAGIC,
    UploadRefused,
    check_archive,
    open_source,
    open_workbook,
    read_upload,
)
from .spec import HEADER_SEARCH_ROWS, ImportResult, ImportRow, ImportSpec, RowError

__all__ = [
    "HEADER_SEARCH_ROWS",
    "HEADER_SYNONYMS",
    "MAX_ZIP_MEMBERS",
    "OLE_MAGIC",
    "XLSX_MAGIC",
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
    "cell_text",
    "check_archive",
    "error_report_bytes",
    "error_report_response",
    "normalize_key",
    "open_source",
    "open_workbook",
    "read_upload",
    "store_error_report",
    "template_bytes",
]
