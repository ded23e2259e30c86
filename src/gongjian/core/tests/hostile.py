"""Hostile uploads, built in the test that uses them (never committed as binaries).

Each builder returns ``(file name, bytes)``. The sheet XML of the large ones is streamed into the zip so that
building them takes little memory.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence

import openpyxl

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SHEET = "xl/worksheets/sheet1.xml"
_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def base_workbook(headers: Sequence[str], rows: Iterable[Sequence] = ()) -> bytes:
    """A small valid .xlsx with the given header row and rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rebuild(
    data: bytes,
    *,
    sheet: Callable[[zipfile.ZipFile], None] | None = None,
    change: dict[str, Callable[[bytes], bytes]] | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """The workbook with its sheet written by ``sheet`` (streamed), members changed or added."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == SHEET and sheet is not None:
                sheet(dst)
                continue
            content = src.read(info.filename)
            if change and info.filename in change:
                content = change[info.filename](content)
            dst.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def _streamed_sheet(rows: Iterable[bytes], dimension: str) -> Callable[[zipfile.ZipFile], None]:
    def write(dst: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo(SHEET)
        info.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(info, "w", force_zip64=True) as fh:
            fh.write(_HEAD + f'<dimension ref="{dimension}"/><sheetData>'.encode())
            chunk: list[bytes] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) >= 10_000:
                    fh.write(b"".join(chunk))
                    chunk = []
            fh.write(b"".join(chunk) + b"</sheetData></worksheet>")

    return write


def _text_row(number: int, values: Sequence[str]) -> bytes:
    cells = "".join(f'<c r="{_letter(i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'.encode()


def _letter(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def many_rows(headers: Sequence[str], count: int, *, honest: bool = True) -> tuple[str, bytes]:
    """``count`` data rows; the stored dimension says so, or lies (A1) so only streaming counts can stop it."""
    rows = (_text_row(1, headers) if n == 1 else _text_row(n, [f"r{n}"]) for n in range(1, count + 2))
    dimension = f"A1:{_letter(len(headers) - 1)}{count + 1}" if honest else "A1"
    return "many_rows.xlsx", rebuild(base_workbook(headers), sheet=_streamed_sheet(rows, dimension))


def many_columns(headers: Sequence[str], count: int, *, honest: bool = True) -> tuple[str, bytes]:
    """A header row followed by a row of ``count`` filled columns."""
    wide = [*headers, *(f"x{i}" for i in range(count - len(headers)))]
    rows = [_text_row(1, headers), _text_row(2, wide)]
    dimension = f"A1:{_letter(count - 1)}2" if honest else "A1"
    return "many_columns.xlsx", rebuild(base_workbook(headers), sheet=_streamed_sheet(rows, dimension))


def empty_cells(headers: Sequence[str], megabytes: int, per_row: int = 500, refs: bool = True) -> tuple[str, bytes]:
    """A small file whose sheet unpacks to ``megabytes`` MB of empty (styled) cells below one data row. Without
    ``refs`` every cell is the same ``<c s="0"/>`` and the sheet packs a thousand times."""
    rows_needed = megabytes * 1024 * 1024 // (per_row * (16 if refs else 10)) + 1

    def rows():
        yield _text_row(1, headers)
        yield _text_row(2, ["a"] * len(headers))
        same = b'<c s="0"/>' * per_row
        for n in range(3, rows_needed + 3):
            cells = b"".join(f'<c r="{_letter(i)}{n}" s="0"/>'.encode() for i in range(per_row)) if refs else same
            yield f'<row r="{n}">'.encode() + cells + b"</row>"

    return "empty_cells.xlsx", rebuild(base_workbook(headers), sheet=_streamed_sheet(rows(), "A1"))


def zip_bomb(megabytes: int = 210) -> tuple[str, bytes]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open(SHEET, "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                f.write(chunk)
    return "bomb.xlsx", buf.getvalue()


def _body(xml: bytes) -> bytes:
    """The XML without its declaration (a DOCTYPE goes before the root element, after the declaration)."""
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


def xxe(headers: Sequence[str]) -> tuple[str, bytes]:
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

    def change(xml: bytes) -> bytes:
        return doctype + _body(xml).replace(b"<t>", b"<t>&xxe;", 1)

    data = base_workbook(headers, [["a"] * len(headers)])
    return "xxe.xlsx", rebuild(data, change={"xl/sharedStrings.xml": change, SHEET: change})


def billion_laughs(headers: Sequence[str]) -> tuple[str, bytes]:
    """Nine levels of ten entities each: 10⁹ "lol" once expanded, in a few hundred bytes."""
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">'.encode() for i in range(1, 10)
    )
    doctype = b'<?xml version="1.0"?><!DOCTYPE lolz [' + entities + b"]>"

    def change(xml: bytes) -> bytes:
        return doctype + _body(xml).replace(b"<t>a</t>", b"<t>&lol9;</t>", 1)

    data = base_workbook(headers, [["a"] * len(headers)])
    return "laughs.xlsx", rebuild(data, change={SHEET: change})


def with_macros(headers: Sequence[str], name: str = "macros.xlsm") -> tuple[str, bytes]:
    """A workbook carrying a VBA project (as Excel stores it in an .xlsm)."""
    data = base_workbook(headers, [["a"] * len(headers)])
    vba = OLE_MAGIC + "_VBA_PROJECT".encode("utf-16-le") + os.urandom(512)
    return name, rebuild(data, extra={"xl/vbaProject.bin": vba})


def encrypted() -> tuple[str, bytes]:
    """What Excel saves for a workbook with an opening password: an OLE file with an EncryptedPackage stream."""
    body = b"\0" * 1024 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le")
    return "secret.xlsx", OLE_MAGIC + body + os.urandom(4096)


def random_bytes() -> tuple[str, bytes]:
    return "random.xlsx", os.urandom(64 * 1024)


def formulas(headers: Sequence[str]) -> tuple[str, bytes]:
    """Every data cell a formula, DDE and HYPERLINK ones included, with no cached value (as openpyxl writes them)."""
    payloads = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example/","x")', "=1+1", "@SUM(1)"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(headers))
    for p in payloads:
        ws.append([p] * len(headers))
    buf = io.BytesIO()
    wb.save(buf)
    return "formulas.xlsx", buf.getvalue()
