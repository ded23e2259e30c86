"""The template workbook of an import and the error report (kept for the session that produced it)."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..excel import workbook_bytes, xlsx_response
from .spec import RowError

if TYPE_CHECKING:
    from .spec import ImportSpec

__all__ = ["error_report_bytes", "error_report_response", "store_error_report", "template_bytes"]


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
        _(
            "One row per entry. Keep the column headers; columns may be reordered, and other columns (such as 备注)"
            " are ignored."
        ),
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
    _purge_old_reports(keep=f"{token}.xlsx")
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


def _purge_old_reports(keep: str = "") -> None:
    """Delete the reports older than the time they are kept; never ``keep``, the one just written (its age comes
    from the file system's clock, which need not agree with the application's)."""
    try:
        _dirs, files = default_storage.listdir(_REPORT_DIR)
    except (OSError, NotImplementedError):
        return
    cutoff = timezone.now() - _REPORT_TTL
    for name in files:
        if name == keep:
            continue
        path = f"{_REPORT_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue
