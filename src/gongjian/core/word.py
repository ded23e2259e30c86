"""Word (.docx) exports of confidential data: the same watermark line as the Excel exports (``excel.export_mark``:
who exported the file, when)."""

from __future__ import annotations

from docx.shared import RGBColor

__all__ = ["watermark_document"]

_RED = RGBColor(0xC0, 0x00, 0x00)


def watermark_document(doc, watermark: str) -> None:
    """Mark a python-docx ``Document`` as a confidential export: ``watermark`` is the header of every page, the
    first line of the text (bold, red) and the document's comment, so a copy that leaks names its source."""
    if not watermark:
        return
    for section in doc.sections:
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        paragraph.text = watermark
    body = doc.paragraphs[0].insert_paragraph_before() if doc.paragraphs else doc.add_paragraph()
    run = body.add_run(watermark)
    run.bold = True
    run.font.color.rgb = _RED
    doc.core_properties.comments = watermark
