"""Read a plan document (.txt, .docx, .pdf with a text layer) into text. No Django: errors are codes."""

from __future__ import annotations

import io
import os
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
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("not_text")


def _docx(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged or foreign zip
        raise ReadError("bad_docx") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text for cell in row.cells))
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
