"""Uploaded files: allowed types, size limits, content that matches the extension, server-made names."""

from __future__ import annotations

import codecs
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

__all__ = ["ALLOWED_EXTENSIONS", "safe_storage_name", "validate_upload"]

# extension -> accepted leading bytes (any of them); None = plain text, checked to be decodable.
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ALLOWED_EXTENSIONS: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF-",),
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".ppt": _OLE,
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".zip": _ZIP,
    ".ofd": _ZIP,
    ".txt": None,
}


_HEAD_BYTES = 2048
# C0 control bytes never found in text (tab, line breaks, form feed, DOS end-of-file and escape are allowed).
# They never occur inside a UTF-8 or GB18030 multi-byte character either, so they can be tested byte by byte.
_BINARY_BYTES = frozenset([*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1C, 0x20)])


def _looks_like_text(head: bytes, *, complete: bool) -> bool:
    """UTF-8 or GB18030 text. ``head`` may end inside a character unless it is the ``complete`` file."""
    if _BINARY_BYTES.intersection(head):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=complete)
        except UnicodeDecodeError:
            continue
        return True
    return False


def validate_upload(f) -> None:
    """Refuse a file whose type is not allowed, that is too large, empty, or whose content is not its type."""
    name = getattr(f, "name", "") or ""
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("File “{name}”: type {ext} is not allowed (allowed: {allowed}).").format(
                name=name, ext=ext or "?", allowed=", ".join(sorted(ALLOWED_EXTENSIONS))
            )
        )
    size = getattr(f, "size", None) or 0
    if size <= 0:
        raise ValidationError(_("File “{name}” is empty.").format(name=name))
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("File “{name}” is larger than {mb} MB.").format(name=name, mb=settings.UPLOAD_MAX_BYTES // (1024 * 1024))
        )
    f.seek(0)
    head = f.read(_HEAD_BYTES)
    f.seek(0)
    magic = ALLOWED_EXTENSIONS[ext]
    if magic is None:
        if not _looks_like_text(head, complete=size <= len(head)):
            raise ValidationError(_("File “{name}” is not a text file.").format(name=name))
    elif not any(head.startswith(m) for m in magic):
        raise ValidationError(
            _("File “{name}” does not contain what its extension {ext} says.").format(name=name, ext=ext)
        )


def safe_storage_name(original: str) -> str:
    """A server-made file name that keeps only the (allowed) extension of the original."""
    ext = os.path.splitext(original)[1].lower()
    return f"{uuid.uuid4().hex}{ext if ext in ALLOWED_EXTENSIONS else ''}"
