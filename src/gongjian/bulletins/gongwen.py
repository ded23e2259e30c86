"""A 公文 in the national layout (GB/T 9704-2012) as a Word .docx, from plain data. No Django here.

See docs/gongwen.md of the project for the rules; the numbers below are the standard's: A4, margins 37/35/28/26 mm,
22 lines of 28 characters (exact line spacing 28.95 pt and the document grid), 3号 仿宋 body, 2号 小标宋 title,
red 发文机关标志 and separator line, page numbers "— 1 —" in 4号 宋体 (odd right, even left), 版记 with rules.
"""

from __future__ import annotations

import copy
import io
import math
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

__all__ = [
    "BODY_FONT",
    "HEITI",
    "KAITI",
    "SONG",
    "TITLE_FONT",
    "Block",
    "Gongwen",
    "Heading",
    "Paragraph",
    "Table",
    "blank_page_before_colophon",
    "render",
]

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONG = "宋体"
LATIN = "Times New Roman"
RED = RGBColor(0xFF, 0x00, 0x00)
#: The elements of w:rPr that follow w:spacing in the schema (CT_RPr's sequence).
_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
#: The elements of w:pPr that follow w:snapToGrid in the schema.
_AFTER_SNAP = (
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
#: Character spacing of the body in twentieths of a point: 28 characters of 3号 fit the 156 mm line.
CONDENSE = -5
LINE = Pt(28.95)  # 225 mm / 22 lines; 29 pt would drop a line (docs/gongwen.md §2)
COLOPHON_ROW = Pt(29)  # the exact height of a line of the 版记
#: The 版记's text width: the 版心 less the table's cell margins (5.4 pt each side), and where its date ends (右空一字).
COLOPHON_TEXT = Pt(442.2 - 10.8)
COLOPHON_TAB = Emu(COLOPHON_TEXT - Pt(14))
COLOPHON_CHARS = 28  # 4号 characters of a 抄送 line between its 空一字 margins


@dataclass
class Heading:
    text: str  # with its numbering: "一、…" (黑体) or "（一）…" (楷体)
    level: int = 1


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)  # columns centred (numbers)
    widths: list[float] | None = None  # relative column widths (None: equal)


Block = Heading | Paragraph | Table


@dataclass
class Gongwen:
    mark: str  # 发文机关标志
    doc_number: str  # 文号
    title: str
    recipients: str  # 主送机关
    blocks: list[Block]
    signer: str  # 发文机关署名
    date: str  # 成文日期, e.g. 2026年4月3日
    copy_to: str = ""
    printer: str = ""
    print_date: str = ""
    note: str = ""  # 附注, e.g. （此件公开发布）


def _fonts(run, east_asia: str, size: float, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = LATIN
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color


def _spacing(p, *, exact: Pt | None = LINE, indent: bool = False) -> None:
    pf = p.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if exact is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = exact
    if indent:
        pf.first_line_indent = Pt(32)


def _para(doc, text: str, font: str = BODY_FONT, size: float = 16, *, align=None, indent=False, **kw):
    p = doc.add_paragraph()
    _spacing(p, indent=indent)
    if align is not None:
        p.alignment = align
    if text:
        _fonts(p.add_run(text), font, size, **kw)
    return p


def _border(p, side: str, size: int, color: str, space: int = 1) -> None:
    ppr = p._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        ppr.append(bdr)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), color)
    bdr.append(el)


def _off_grid(p) -> None:
    """Let a large line (标志, title) keep its own exact spacing instead of taking two lines of the grid."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p._p.get_or_add_pPr().insert_element_before(snap, *_AFTER_SNAP)


def _page_field(p) -> None:
    _fonts(p.add_run("— "), SONG, 14)
    for kind in ("begin", None, "separate", "end"):
        r = p.add_run()
        _fonts(r, SONG, 14)
        if kind is None:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
    _fonts(p.add_run(" —"), SONG, 14)


def _setup(doc) -> None:
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    s.footer_distance = Mm(25)
    s.header_distance = Mm(15)
    grid = s._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        s._sectPr.append(grid)
    # A line grid of 22 lines; the 28 characters come from condensing each character by 0.25 pt
    # (28 × 15.75 pt = 441 pt within the 442.2 pt 版心). A character grid (linesAndChars) would do the same in
    # Word, but LibreOffice gives each 16 pt character two 15.79 pt cells of such a grid: 14 characters a line.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")
    normal = doc.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(16)
    normal.paragraph_format.widow_control = False  # 公文 fill every line of a page; no line is carried over
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CONDENSE))
    rpr.insert_element_before(spacing, *_AFTER_SPACING)  # the schema's order: after w:color, before w:sz
    doc.settings.odd_and_even_pages_header_footer = True
    odd, even = s.footer.paragraphs[0], s.even_page_footer.paragraphs[0]
    odd.alignment, odd.paragraph_format.right_indent = WD_ALIGN_PARAGRAPH.RIGHT, Pt(14)
    even.alignment, even.paragraph_format.left_indent = WD_ALIGN_PARAGRAPH.LEFT, Pt(14)
    _page_field(odd)
    _page_field(even)


def _cell_paragraph(cell, align) -> object:
    p = cell.paragraphs[0]
    p.alignment = align
    _spacing(p, exact=Pt(20))
    _off_grid(p)
    return p


def _table(doc, t: Table) -> None:
    if t.caption:
        _para(doc, t.caption, HEITI, 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    table = doc.add_table(rows=1, cols=len(t.header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    weights = t.widths or [1.0] * len(t.header)
    widths = [Mm(156 * w / sum(weights)) for w in weights]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    head = table.rows[0]
    trpr = head._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))  # repeated on every page
    head_cells = head.cells
    for i, text in enumerate(t.header):
        head_cells[i].width = widths[i]
        _fonts(_cell_paragraph(head_cells[i], WD_ALIGN_PARAGRAPH.CENTER).add_run(text), HEITI, 12)
    if not t.rows:
        return
    # One row is built through python-docx, the others are copies of it with their texts set: a city's tables
    # have thousands of cells and python-docx's per-cell calls cost ten times a copy.
    proto = table.add_row()
    proto._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for i, cell in enumerate(proto.cells):
        cell.width = widths[i]
        align = WD_ALIGN_PARAGRAPH.CENTER if i in t.numeric else WD_ALIGN_PARAGRAPH.LEFT
        run = _cell_paragraph(cell, align).add_run("-")  # a w:t for the copies to fill
        _fonts(run, BODY_FONT, 12)
    template = proto._tr
    tbl = table._tbl
    for values in t.rows:
        tr = copy.deepcopy(template)
        for node, text in zip(tr.iter(qn("w:t")), values, strict=True):
            node.text = str(text)
            if node.text != node.text.strip():
                node.set(qn("xml:space"), "preserve")
        tbl.append(tr)
    tbl.remove(template)


def _width(text: str) -> float:
    """The width of a text in characters of its size: a Chinese character is one, a digit or letter a half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _colophon_lines(g: Gongwen) -> list[tuple[str, int]]:
    """The 版记's rows: (text, lines it takes). The 抄送 line wraps under the first organ (左右各空一字); the 印发
    line holds the organ and, after a tab, the date."""
    rows = []
    if g.copy_to:
        text = "抄送：" + g.copy_to.rstrip("。") + "。"
        rest = max(0.0, _width(text) - COLOPHON_CHARS)
        rows.append((text, 1 + math.ceil(rest / (COLOPHON_CHARS - 3))))
    rows.append((f"{g.printer}\t{g.print_date}印发", 1))
    return rows


def _colophon(doc, rows: list[tuple[str, int]]) -> None:
    """版记: 抄送 and 印发 lines between a thick first rule, a thin inner rule and a thick last rule."""
    table = doc.add_table(rows=len(rows), cols=1)
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side, size in (("top", 8), ("bottom", 8), ("insideH", 6)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    for side in ("left", "right", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)
    for row, (text, lines) in zip(table.rows, rows, strict=True):
        row.height, row.height_rule = COLOPHON_ROW * lines, WD_ROW_HEIGHT_RULE.EXACTLY  # known: see _colophon_page
        p = row.cells[0].paragraphs[0]
        _spacing(p, exact=Pt(28))
        _off_grid(p)
        pf = p.paragraph_format
        if text.startswith("抄送："):
            pf.left_indent, pf.first_line_indent = Pt(14 * 4), Pt(-14 * 3)  # wrapped lines under the first organ
        else:
            pf.left_indent = Pt(14)
            pf.tab_stops.add_tab_stop(COLOPHON_TAB, WD_TAB_ALIGNMENT.RIGHT)  # the date 右空一字
        _fonts(p.add_run(text), BODY_FONT, 14)


def _colophon_page(doc, g: Gongwen) -> None:
    """The 版记 on a page of its own at the end, which is an even page, its last rule on the foot of the 版心.

    A section that starts on an even page (Word and WPS put in a blank page when the text ends on one; for
    LibreOffice see ``blank_page_before_colophon``), with footers of its own left empty: neither page is
    numbered (GB/T 9704-2012 §7.4, §7.5). The rows have an exact height, so a spacer of the 版心's height less
    the table's pushes the table down to the foot (LibreOffice ignores a section's vertical alignment).
    """
    section = doc.add_section(WD_SECTION.EVEN_PAGE)
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False  # a footer of its own, left empty: no page number
    rows = _colophon_lines(g)
    # The 版心 is 225 mm; the table and the closing paragraph (Word always has one after a table) take the rest,
    # with a few points to spare so that rounding never pushes the table onto another page.
    room = Emu(Mm(225) - COLOPHON_ROW * sum(lines for _, lines in rows) - Pt(1) - Pt(6))
    spacer = _para(doc, "")
    spacer.paragraph_format.line_spacing = room
    _off_grid(spacer)
    _colophon(doc, rows)
    closing = _para(doc, "")
    closing.paragraph_format.line_spacing = Pt(1)
    _off_grid(closing)


def blank_page_before_colophon(docx: bytes) -> bytes:
    """The same document with an empty page opening the 版记's section, or ``docx`` unchanged when it has none.

    Word and WPS start the section on an even page themselves; LibreOffice (the PDF converter) does not, so a
    PDF whose 版记 came out on an odd page is converted again from this copy. The page belongs to the 版记's
    section and so carries no page number (GB/T 9704-2012 §7.5: a blank page is not numbered).
    """
    doc = Document(io.BytesIO(docx))
    body = doc.element.body
    breaks = [p for p in body.iterchildren(qn("w:p")) if p.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None]
    if not breaks:
        return docx
    blank = OxmlElement("w:p")
    run = OxmlElement("w:r")
    page = OxmlElement("w:br")
    page.set(qn("w:type"), "page")
    run.append(page)
    blank.append(run)
    breaks[-1].addnext(blank)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render(g: Gongwen) -> bytes:
    """The document as .docx bytes."""
    doc = Document()
    _setup(doc)
    # 版头: the 标志's top edge 35 mm below the 版心's top, red, centred.
    mark = _para(doc, g.mark, TITLE_FONT, 36, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED)
    mark.paragraph_format.space_before = Mm(35) - Pt(14)
    mark.paragraph_format.line_spacing = Pt(50)
    _off_grid(mark)
    _para(doc, "")
    number = _para(doc, g.doc_number, BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    number.paragraph_format.space_before = Pt(28.95)
    _border(number, "bottom", 12, "FF0000", space=11)  # the red separator line, 4 mm below the 文号
    _para(doc, "")
    _para(doc, "")
    title = _para(doc, g.title, TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _off_grid(title)
    _para(doc, "")
    _para(doc, g.recipients + "：")
    for block in g.blocks:
        if isinstance(block, Heading):
            font = HEITI if block.level == 1 else KAITI
            _para(doc, block.text, font, 16, indent=True)
        elif isinstance(block, Paragraph):
            _para(doc, block.text, indent=True)
        else:
            _table(doc, block)
    _para(doc, "")
    _para(doc, "")
    signer = _para(doc, g.signer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signer.paragraph_format.right_indent = Pt(64)
    date = _para(doc, g.date, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date.paragraph_format.right_indent = Pt(64)
    if g.note:
        _para(doc, g.note, indent=True)
    if g.printer:
        _colophon_page(doc, g)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
