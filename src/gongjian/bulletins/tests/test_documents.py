"""The generated 公文: page, margins, fonts and sizes, 文号, page-number field, every red item; the PDF's text."""

import io
import re

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from gongjian.bulletins import documents, gongwen, services

pytestmark = pytest.mark.django_db

TOL = Mm(0.2)


def _issued(world, actor_of):
    sup = actor_of("supervisor")
    b = services.draft_bulletin(sup, world.campaign, 2026, 3)
    b = services.edit_bulletin(sup, b, {"highlights": "发改局项目推进快", "requirements": "各单位限期整改"})
    return services.issue_bulletin(actor_of("leader"), services.submit_bulletin(sup, b))


def _ea(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def _runs(doc, text):
    return [r for p in doc.paragraphs for r in p.runs if r.text == text]


@pytest.fixture
def issued(world, reds, april, actor_of):
    return _issued(world, actor_of)


def test_the_docx_follows_the_national_layout(issued, world):
    doc = Document(io.BytesIO(bytes(issued.files.get(format="docx").data)))
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < TOL and abs(s.page_height - Mm(297)) < TOL
    for got, want in ((s.top_margin, 37), (s.bottom_margin, 35), (s.left_margin, 28), (s.right_margin, 26)):
        assert abs(got - Mm(want)) < TOL
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"
    # 22 lines of 28 characters: exact 28.95 pt lines, characters condensed to fit 28 in the 156 mm line
    spacing = doc.styles["Normal"].element.rPr.find(qn("w:spacing"))
    pitch = 16 + int(spacing.get(qn("w:val"))) / 20
    assert 28 * pitch <= 442.2 < 29 * pitch

    (mark,) = _runs(doc, issued.issuer.mark)
    assert str(mark.font.color.rgb) == "FF0000"
    number_para = next(p for p in doc.paragraphs if p.text == issued.doc_number)
    assert re.fullmatch(r"\S+〔\d{4}〕[1-9]\d*号", number_para.text)
    assert number_para.alignment == WD_ALIGN_PARAGRAPH.CENTER
    bottom = number_para._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"

    (title,) = _runs(doc, issued.title)
    assert title.font.size == Pt(22) and _ea(title) == gongwen.TITLE_FONT

    body = next(p for p in doc.paragraphs if p.text.startswith("截至"))
    assert body.runs[0].font.size == Pt(16) and "仿宋" in _ea(body.runs[0])
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert 28 <= body.paragraph_format.line_spacing.pt < 29

    first = next(p for p in doc.paragraphs if p.text.startswith("一、"))
    assert _ea(first.runs[0]) == gongwen.HEITI and first.runs[0].font.size == Pt(16)
    second = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert "楷体" in _ea(second.runs[0]) and second.runs[0].font.size == Pt(16)


def test_page_numbers_are_fields_odd_right_even_left(issued):
    doc = Document(io.BytesIO(bytes(issued.files.get(format="docx").data)))
    s = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer is True
    for footer, align in ((s.footer, WD_ALIGN_PARAGRAPH.RIGHT), (s.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        assert p.alignment == align
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert all(r.font.size == Pt(14) and _ea(r) == gongwen.SONG for r in p.runs)


def test_every_red_item_and_the_tables(issued, reds):
    doc = Document(io.BytesIO(bytes(issued.files.get(format="docx").data)))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    for record in reds:
        if record.colour == "red":
            assert record.object_repr in text and record.object_repr in cells
    assert "发改局项目推进快" in text and "各单位限期整改" in text
    for table in doc.tables[:-1]:  # the last table is the 版记
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    colophon = doc.tables[-1]
    sizes = [
        colophon._tbl.tblPr.find(qn("w:tblBorders")).find(qn(f"w:{s}")).get(qn("w:sz"))
        for s in ("top", "insideH", "bottom")
    ]
    assert sizes == ["8", "6", "8"]
    assert colophon.rows[-1].cells[-1].text.endswith("印发")


def test_the_excel_holds_the_tables(issued, reds):
    wb = load_workbook(io.BytesIO(bytes(issued.files.get(format="xlsx").data)))
    assert "红灯事项" in wb.sheetnames
    values = [c.value for row in wb["红灯事项"].iter_rows() for c in row]
    assert all(r.object_repr in values for r in reds if r.colour == "red")


def test_the_pdf_contains_title_number_and_red_items(world, reds, april, actor_of, with_pdf):
    from pypdf import PdfReader

    b = _issued(world, actor_of)
    reader = PdfReader(io.BytesIO(bytes(b.files.get(format="pdf").data)))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert re.sub(r"\s+", "", b.title) in text
    assert b.doc_number in text
    for record in reds:
        if record.colour == "red":
            assert re.sub(r"\s+", "", record.object_repr) in text


def test_a_missing_converter_is_a_clear_message_and_nothing_is_issued(world, reds, april, actor_of, with_pdf, settings):
    settings.GONGJIAN_SOFFICE = "no-such-office"
    sup = actor_of("supervisor")
    b = services.submit_bulletin(sup, services.draft_bulletin(sup, world.campaign, 2026, 3))
    with pytest.raises(documents.DocumentError) as exc:
        services.issue_bulletin(actor_of("leader"), b)
    assert "no-such-office" in exc.value.messages[0]
    b.refresh_from_db()
    assert b.state == "review" and not b.doc_number and not b.files.exists()


def test_a_missing_chinese_font_is_a_clear_message(monkeypatch):
    import subprocess

    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout="", stderr=""))
    with pytest.raises(documents.DocumentError) as exc:
        documents.check_fonts()
    assert "fonts-noto-cjk" in exc.value.messages[0]


def test_missing_faces_fall_back_to_installed_song_and_sans_faces():
    installed = {"Noto Serif CJK SC", "Noto Sans CJK SC", gongwen.BODY_FONT}
    replace = documents.substitutions(installed)
    assert replace[gongwen.TITLE_FONT] == "Noto Serif CJK SC"
    assert replace[gongwen.HEITI] == "Noto Sans CJK SC"
    assert gongwen.BODY_FONT not in replace  # installed: used as it is
