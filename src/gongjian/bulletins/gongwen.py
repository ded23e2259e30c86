"""A 公文 in the national layout (GB/T 9704-2012) as a Word .docx, from plain data. No Django here.

See docs/gongwen.md of the project for the rules; the numbers below are the standard's: A4, margins 37/35/28/26 mm,
22 lines of 28 characters (exact line spacing 28.95 pt and the document grid), 3号 仿宋 body, 2号 小标宋 title,
red 发文机关标志 and separator line, page numbers "— 1 —" in 4号 宋体 (odd right, even left), 版记 with rules.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

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


def _colophon(doc, g: Gongwen) -> None:
    """版记: 抄送 and 印发 lines between a thick first rule, a thin inner rule and a thick last rule."""
    lines = []
    if g.copy_to:
        lines.append(("抄送：" + g.copy_to.rstrip("。") + "。", ""))
    lines.append((g.printer, f"{g.print_date}印发"))
    table = doc.add_table(rows=len(lines), cols=2)
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
    for row, (left, right) in zip(table.rows, lines, strict=True):
        if not right:
            row.cells[0].merge(row.cells[1])
        lp = row.cells[0].paragraphs[0]
        _spacing(lp, exact=Pt(28))
        lp.paragraph_format.left_indent = Pt(14)
        _fonts(lp.add_run(left), BODY_FONT, 14)
        if right:
            rp = row.cells[1].paragraphs[0]
            _spacing(rp, exact=Pt(28))
            rp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            rp.paragraph_format.right_indent = Pt(14)
            _fonts(rp.add_run(right), BODY_FONT, 14)


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
        # The 版记 goes on a page of its own at the end.
        doc.add_page_break()
        _colophon(doc, g)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
