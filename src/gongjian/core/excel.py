"""Excel output: any list to .xlsx, with values that could run as formulas written as plain text."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

__all__ = ["XLSX_CONTENT_TYPE", "audit_export", "export_mark", "safe_cell", "workbook_bytes", "xlsx_response"]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as Excel can store it: aware datetimes in local time without tzinfo (``_write`` keeps
    formula-like text as text)."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    return value


def _write(ws, row: int, col: int, value: Any):
    cell = ws.cell(row=row, column=col)
    value = safe_cell(value)
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        # Set the value and force the string type, so openpyxl never stores it as a formula.
        cell.value = value
        cell.data_type = TYPE_STRING
    else:
        cell.value = value
    if isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def workbook_bytes(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "Sheet1",
    widths: Sequence[int] | None = None,
    notes: Sequence[str] = (),
    watermark: str = "",
) -> bytes:
    """An .xlsx with a bold, frozen header row, then the rows. ``notes`` go to a second sheet (说明).

    ``watermark`` (:func:`export_mark`: who exported it, when) marks an export of confidential data: it is the
    printed header of every page of the data sheet, the first line of the 说明 sheet and the workbook's
    description, so a copy that leaks names its source. The data rows stay as they are (row 1: headers).
    """
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = title[:31] or "Sheet1"
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for c, h in enumerate(headers, start=1):
        cell = _write(ws, 1, c, str(h))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = (widths[c - 1] if widths else None) or max(
            12, min(40, len(str(h)) * 2 + 4)
        )
    r = 1
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            _write(ws, r, c, value)
    ws.freeze_panes = "A2"
    if r > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(headers)))}{r}"
    if watermark:
        ws.oddHeader.center.text = watermark.replace("&", "&&")
        ws.evenHeader.center.text = ws.oddHeader.center.text
        ws.oddFooter.center.text = ws.evenFooter.center.text = ws.oddHeader.center.text
        wb.properties.description = watermark
        notes = [watermark, *notes]
    if notes:
        ns = wb.create_sheet("说明")
        for i, line in enumerate(notes, start=1):
            _write(ns, i, 1, line)
        if watermark:
            ns.cell(row=1, column=1).font = Font(bold=True, color="C00000")
        ns.column_dimensions["A"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A download response with a safe, RFC 5987-encoded file name."""
    ascii_name = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in filename)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return response


def export_mark(user, when: dt.datetime | None = None) -> str:
    """The watermark line of a confidential export: the exporting user's name and the time, in words."""
    from .formats import cn_datetime

    name = str(user)
    username = user.get_username()
    who = name if name == username else f"{name}（{username}）"
    return _("Exported by {user} on {time}. Confidential: do not pass on.").format(
        user=who, time=cn_datetime(when or timezone.now())
    )


def audit_export(request, name: str, rows: int | None = None) -> None:
    """An audit record of an export of confidential data: what, how many rows, with which filters."""
    from .services import Actor, record

    after = {"export": name, "query": request.GET.urlencode()[:500]}
    if rows is not None:
        after["rows"] = rows
    record(Actor.from_request(request), "export.confidential", after=after)
