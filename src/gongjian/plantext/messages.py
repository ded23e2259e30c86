"""User-facing messages for the codes of the pure cores (reader errors, extraction warnings)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def error_message(code: str, **params) -> str:
    messages = {
        "bad_type": _("File type {ext} cannot be read: use .txt, .docx or .pdf."),
        "empty_file": _("The file is empty."),
        "too_large": _("The file is larger than {mb} MB."),
        "too_long": _("The text is longer than {chars} characters: split it into parts."),
        "not_text": _("The file is not a text file in UTF-8 or GB18030."),
        "mismatch": _("The file content is not what its extension {ext} says."),
        "bad_docx": _("The Word file could not be read (damaged, or not a .docx)."),
        "bad_pdf": _("The PDF file could not be read (damaged)."),
        "pdf_encrypted": _("The PDF file is encrypted."),
        "pdf_no_text": _("The PDF file has no text layer (a scan?): paste the text instead."),
    }
    return messages.get(code, _("The document could not be read.")).format(**params)


def warning_message(warning: dict) -> str:
    code = warning.get("code", "")
    params = {k: v for k, v in warning.items() if k != "code"}
    messages = {
        "empty": _("The text is empty."),
        "no_pillars": _("No pillars (一是…, （一）, 一、, 第一，) were found."),
        "no_targets": _("No quantified targets were found."),
        "title_year": _(
            "The title names the year {year}: its periods are read as of {year}, not {given} (the document date)."
        ),
        "lost": _("{count} characters were lost in a broken encoding and are marked �: check them in the original."),
        "annotations": _("{count} pinyin annotations of a web copy were removed."),
        "truncated": _(
            "The draft is too large to review: only the first {pillars} pillars, {measures} measures and {targets} "
            "targets are kept."
        ),
    }
    return messages.get(code, code).format(**params)
