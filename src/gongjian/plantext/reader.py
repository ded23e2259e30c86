"""Read a plan document (.txt, .docx, .pdf with a text layer) into text. No Django: errors are codes."""

from __future__ import annotations

import io
import os
import re
import zipfile

__all__ = ["EXTENSIONS", "MAX_BYTES", "MAX_CHARS", "ReadError", "read_document"]

EXTENSIONS = (".txt", ".docx", ".pdf")
MAX_BYTES = 10 * 1024 * 1024
MAX_CHARS = 600_000  # about a 1.8 MB Chinese text; plans and speeches are far shorter
_BINARY = frozenset([*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1C, 0x20)])


class ReadError(Exception):
    """``code`` names the problem (see plantext.messages); ``params`` fill its message."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or GB18030; binary content is refused."""
    if _BINARY.intersection(data[:65536]):
        raise ReadError("not_text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        whole = data.decode("gb18030")
    except UnicodeDecodeError:
        whole = None
    lines = data.split(b"\n")
    if any(_utf8(line) and not line.isascii() for line in lines):
        # mixed encodings (a UTF-8 file with lines pasted from a GBK one): each line in its own
        return "\n".join(
            line.decode("utf-8") if _utf8(line) else line.decode("gb18030", errors="replace") for line in lines
        )
    if whole is None:
        raise ReadError("not_text")
    return whole


def _utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_COLUMN_LABEL = re.compile(r"牵头|责任单位|责任部门|配合单位|完成时限|完成时间|时间节点|办结时限")


def labelled_rows(rows: list[list[str]]) -> list[str]:
    """Rows of a task table as lines: the lead-unit and deadline columns, named by the header row, become
    （牵头单位：…；完成时限：…） after the task, as task lists write them in running text."""
    rows = [[c.strip() for c in r] for r in rows if any(c.strip() for c in r)]
    if not rows:
        return []
    header = rows[0]
    labels = [i for i, h in enumerate(header) if _COLUMN_LABEL.search(h)]
    if not labels:
        return [" ".join(c for c in r if c) for r in rows]
    out = []
    for r in rows[1:]:
        main = " ".join(c for i, c in enumerate(r) if i not in labels and c)
        extra = "；".join(f"{header[i]}：{r[i]}" for i in labels if i < len(r) and r[i])
        out.append(f"{main}（{extra}）" if extra else main)
    return out


def labelled_columns(text: str) -> str:
    """Tab-separated columns pasted from a spreadsheet or a Word table, relabelled as :func:`labelled_rows`."""
    if "\t" not in text or not _COLUMN_LABEL.search(text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        if "\t" in lines[k] and _COLUMN_LABEL.search(lines[k]):
            block = [lines[k]]
            k += 1
            while k < len(lines) and "\t" in lines[k]:
                block.append(lines[k])
                k += 1
            out.extend(labelled_rows([line.split("\t") for line in block]))
            continue
        out.append(lines[k])
        k += 1
    return "\n".join(out)


def _docx(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged or foreign zip
        raise ReadError("bad_docx") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines.extend(labelled_rows([[cell.text for cell in row.cells] for row in table.rows]))
    return "\n".join(lines)


def _pdf(data: bytes) -> str:
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ReadError("pdf_encrypted")
        pages = [page.extract_text() or "" for page in reader.pages[:500]]
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise ReadError("bad_pdf") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise ReadError("pdf_no_text")
    return text


def read_document(name: str, data: bytes) -> str:
    """The text of an uploaded document, or ReadError."""
    ext = os.path.splitext(name or "")[1].lower()
    if ext not in EXTENSIONS:
        raise ReadError("bad_type", ext=ext or "?")
    if not data:
        raise ReadError("empty_file")
    if len(data) > MAX_BYTES:
        raise ReadError("too_large", mb=MAX_BYTES // (1024 * 1024))
    if ext == ".txt":
        text = decode_text(data)
    elif ext == ".docx":
        if not data.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(io.BytesIO(data)):
            raise ReadError("mismatch", ext=ext)
        text = _docx(data)
    else:
        if not data.startswith(b"%PDF-"):
            raise ReadError("mismatch", ext=ext)
        text = _pdf(data)
    return check_text(text)


def check_text(text: str) -> str:
    if len(text) > MAX_CHARS:
        raise ReadError("too_long", chars=MAX_CHARS)
    return text
