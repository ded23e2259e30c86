"""The performance record (实绩档案) as a Word document for a 考察 file (python-docx)."""

from __future__ import annotations

import io

from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gongjian.core.formats import cn_date

__all__ = ["attachment_header", "record_docx"]


def attachment_header(name: str) -> str:
    return content_disposition_header(as_attachment=True, filename=name)


def _table(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)
    return table


def figures(rec) -> list[tuple[str, str]]:
    """The computed figures of a record, as label and text: shown on the page and written to Word alike."""
    return [
        (_("Items led"), str(len(rec.items))),
        (_("Areas led"), str(len(rec.areas))),
        (_("On-time report rate"), f"{rec.on_time_percent}（{rec.reports_on_time}/{rec.reports_total}）"),
        (_("Red lights"), str(rec.red)),
        (_("Yellow lights"), str(rec.yellow)),
        (_("Green lights"), str(rec.green)),
        (_("Of which exempted (免责)"), str(rec.exempted)),
        (_("Supervisions (督办) received"), str(len(rec.supervisions))),
        (_("Supervisions (督办) answered"), str(rec.supervisions_answered)),
        (_("Paired enterprises (包保)"), str(len(rec.pairings))),
        (_("Enterprise visits"), str(rec.visits)),
        (_("Problems closed out"), str(rec.problems_closed)),
        (_("Commendations"), str(len(rec.commendations))),
        (_("Accountability measures"), str(len(rec.accountabilities))),
    ]


def record_docx(rec, watermark: str = "") -> bytes:
    """The record as .docx; ``watermark`` (``core.excel.export_mark``) marks the confidential export."""
    from docx import Document

    from gongjian.core.word import watermark_document

    doc = Document()
    doc.add_heading(_("Performance record (实绩档案)"), level=1)
    person = rec.person
    doc.add_paragraph(
        _("{name}, {title}, {unit}").format(name=person, title=person.title or "—", unit=person.unit or "—")
    )
    doc.add_paragraph(_("Period: {start} to {end}").format(start=cn_date(rec.start), end=cn_date(rec.end)))
    doc.add_heading(_("Figures"), level=2)
    _table(doc, [_("Figure"), _("Value")], [[label, value] for label, value in figures(rec)])
    if rec.items:
        doc.add_heading(_("Items led"), level=2)
        _table(
            doc,
            [_("Item"), _("Lead unit"), _("Percent complete")],
            [[str(i), str(i.lead_unit), f"{i.progress}%"] for i in rec.items],
        )
    if rec.colours:
        doc.add_heading(_("Colour history"), level=2)
        _table(
            doc,
            [_("Date"), _("Object"), _("Colour"), _("Exemption")],
            [
                [
                    cn_date(c.judged_on),
                    c.object_repr,
                    c.get_colour_display(),
                    f"{c.exemption.get_outcome_display()} {c.exemption.number}" if c.exemption else "",
                ]
                for c in rec.colours
            ],
        )
    if rec.notes:
        doc.add_heading(_("Field assessment notes (一线考察)"), level=2)
        for n in rec.notes:
            doc.add_paragraph(f"{cn_date(n.observed_on)} {n.get_category_display()}：{n.text}")
    if rec.cases:
        doc.add_heading(_("Tolerance cases (容错免责)"), level=2)
        for c in rec.cases:
            outcome = c.get_outcome_display() if c.outcome else c.get_state_display()
            doc.add_paragraph(f"{c.number} {c.title}：{outcome}")
    if rec.commendations:
        doc.add_heading(_("Commendations"), level=2)
        for c in rec.commendations:
            doc.add_paragraph(f"{cn_date(c.awarded_on)} {c.get_grade_display()} {c.awarded_by} {c.document_number}")
    if rec.accountabilities:
        doc.add_heading(_("Accountability measures"), level=2)
        for a in rec.accountabilities:
            doc.add_paragraph(f"{cn_date(a.decided_on)} {a.get_form_display()} {a.decided_by_body} {a.document_number}")
    watermark_document(doc, watermark)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
