"""The generated 公文: page, margins, fonts and sizes, 文号, page-number field, every red item; the PDF's text."""

import io
import re

import pytest
from docx import Document
from docx.enum.section import WD_SECTION
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
    _assert_colophon_at_the_foot_of_an_even_last_page(reader, b.issuer.printer)


def _baselines(page) -> list[tuple[float, str]]:
    """(height of the baseline above the paper's bottom edge in pt, text) of every piece of text on a page."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((cm[5] + tm[5] * cm[3], text))

    page.extract_text(visitor_text=visit)
    return found


def _assert_colophon_at_the_foot_of_an_even_last_page(reader, printer: str) -> None:
    """GB/T 9704-2012 §7.4: the 版记 (抄送, 印发机关, 印发日期) ends at the foot of the 版心 on the last page, an
    even one; the 版记 page and a blank page before it carry no page number."""
    assert len(reader.pages) % 2 == 0
    last = reader.pages[-1]
    text = re.sub(r"\s+", "", last.extract_text())
    assert text.startswith("抄送：") and text.endswith("印发") and re.sub(r"\s+", "", printer) in text
    assert "—" not in text  # not numbered
    bottom = float(last.mediabox.bottom) + 35 * 72 / 25.4  # the 版心 ends 35 mm above the paper's edge
    lowest = min(y for y, _ in _baselines(last))
    assert bottom < lowest < bottom + 12 * 72 / 25.4  # the 印发 line sits on the last rule, at the foot
    for page in reader.pages[:-1]:
        assert not page.extract_text().strip() or "抄送" not in page.extract_text()


@pytest.mark.parametrize("paragraphs", [1, 8])
def test_the_colophon_ends_an_even_page_whichever_page_the_text_ends_on(paragraphs, with_pdf):
    """Text ending on page 1 (版记 on page 2) and on page 2 (a blank page 3, the 版记 on page 4)."""
    from pypdf import PdfReader

    doc = gongwen.Gongwen(
        mark="德城区攻坚办",
        doc_number="德城攻坚督〔2026〕12号",
        title="关于三月督查情况的通报",
        recipients="各单位",
        blocks=[gongwen.Paragraph("截至三月底，" + "各项工作稳步推进" * 6) for _ in range(paragraphs)],
        signer="德城区攻坚办",
        date="2026年4月3日",
        copy_to="区委办，区政府办",
        printer="德城区攻坚办公室",
        print_date="2026年4月3日",
    )
    docx = gongwen.render(doc)
    section = Document(io.BytesIO(docx)).sections[-1]
    assert section.start_type == WD_SECTION.EVEN_PAGE  # Word and WPS add the blank page themselves
    assert not section.footer.is_linked_to_previous and not section.footer.paragraphs[0].text
    reader = PdfReader(io.BytesIO(documents.pdf(docx)))
    assert len(reader.pages) == (2 if paragraphs == 1 else 4)
    _assert_colophon_at_the_foot_of_an_even_last_page(reader, "德城区攻坚办公室")
    if paragraphs == 8:
        assert not reader.pages[2].extract_text().strip()  # the blank page: no text, no number


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
