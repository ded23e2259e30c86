"""The files of a bulletin and of a 督办函: .docx in the 公文 layout, the PDF made from it, the tables as Excel.

The PDF is LibreOffice's rendering of the very .docx (``soffice --headless --convert-to pdf``): one layout to
maintain, the same page breaks, fonts and page numbers in both files, and LibreOffice is a Debian package an
intranet server can install. An HTML-to-PDF library would need the layout written a second time.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from pypdf import PdfReader

from . import gongwen as g

__all__ = ["DocumentError", "bulletin_docx", "bulletin_gongwen", "bulletin_xlsx", "check_fonts", "letter_docx", "pdf"]


class DocumentError(ValidationError):
    """A document cannot be produced (no converter, no Chinese font): a message for the user, nothing stored."""


def cn_date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _change(change) -> str:
    if change is None:
        return "—"
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "—"


def _tables(c: dict) -> list[g.Table]:
    return [
        g.Table(
            _("Progress by area"),
            [_("No."), _("Area"), _("Items"), _("Done"), _("Overdue"), _("Red"), _("Completion")],
            [
                [str(a["number"]), a["title"], a["total"], a["done"], a["overdue"], a["red"], f"{a['percent']}%"]
                for a in c["areas"]
            ],
            numeric={0, 2, 3, 4, 5, 6},
            widths=[1, 4, 1.2, 1.2, 1.2, 1.2, 1.4],
        ),
        g.Table(
            _("Unit ranking"),
            [_("Rank"), _("Unit"), _("Score"), _("Change"), _("Red"), _("Yellow")],
            [[r["rank"], r["unit"], r["score"], _change(r["change"]), r["red"], r["yellow"]] for r in c["ranking"]],
            numeric={0, 2, 3, 4, 5},
            widths=[1, 3.2, 1.3, 1.2, 1, 1],
        ),
        g.Table(
            _("Red items"),
            [_("No."), _("Item"), _("Lead unit"), _("Reason")],
            [[i + 1, r["object"], r["unit"], r["reason"]] for i, r in enumerate(c["reds"])],
            numeric={0},
            widths=[1, 3.6, 2.4, 5],
        ),
        g.Table(
            _("Indicators against the time schedule"),
            [_("Indicator"), _("Lead unit"), _("Annual target"), _("Status")],
            [[r["name"], r["unit"], r["target"], r["status"]] for r in c["indicators"]],
            numeric={2},
            widths=[3.6, 2.4, 1.8, 1.6],
        ),
    ]


def bulletin_gongwen(bulletin) -> g.Gongwen:
    """The 公文 of a bulletin (in Chinese, whatever the reader's language)."""
    with translation.override("zh-hans"):
        c = bulletin.content
        h, s, p = c["headline"], c["supervision"], c["problems"]
        issuer = bulletin.issuer
        count = iter(range(1, 100))

        def heading(text: str) -> g.Heading:
            return g.Heading(f"{_cn_number(next(count))}、{text}")

        blocks: list[g.Block] = [
            g.Paragraph(
                _(
                    "As of {cutoff}, this is how the campaign stood for {month}. The situation is reported as follows:"
                ).format(cutoff=_cn_iso(c["cutoff"]), month=f"{c['year']}年{c['month']}月")
            ),
            heading(_("Overall progress")),
            g.Paragraph(
                _(
                    "The campaign has {total} items: {done} done, {in_progress} in progress, {not_started} not "
                    "started, {overdue} overdue; overall completion {percent}%. Red {red}, yellow {yellow}, "
                    "green {green}."
                ).format(**h)
            ),
            g.Paragraph(
                _(
                    "Supervision: {issued} issued this month, {answered} answered, {overdue} past the reply date. "
                    "Problems: {closed} closed out (销号) this month, {open} still open."
                ).format(issued=s["issued"], answered=s["answered"], overdue=s["overdue"], **p)
            ),
        ]
        if bulletin.corrects_id:
            blocks.insert(
                0, g.Paragraph(_("This bulletin corrects {number}.").format(number=bulletin.corrects.doc_number))
            )
        if bulletin.highlights.strip():
            blocks.append(heading(_("Good practice")))
            blocks += [g.Paragraph(line.strip()) for line in bulletin.highlights.splitlines() if line.strip()]
        blocks.append(heading(_("Problems")))
        if c["reds"]:
            for i, red in enumerate(c["reds"], start=1):
                blocks.append(
                    g.Paragraph(
                        _("({n}) {object} (lead unit: {unit}): {reason}").format(
                            n=i, object=red["object"], unit=red["unit"] or "—", reason=red["reason"]
                        )
                    )
                )
        else:
            blocks.append(g.Paragraph(_("No item is red as of the cut-off date.")))
        if bulletin.requirements.strip():
            blocks.append(heading(_("Requirements")))
            blocks += [g.Paragraph(line.strip()) for line in bulletin.requirements.splitlines() if line.strip()]
        blocks.append(heading(_("Tables")))
        for i, table in enumerate(_tables(c), start=1):
            blocks.append(g.Heading(f"（{_cn_number(i)}）{table.caption}", level=2))
            blocks.append(dataclasses.replace(table, caption=""))  # the heading names the table
        issued = bulletin.issued_at.date() if bulletin.issued_at else None
        date = cn_date(issued) if issued else _("(date of issue)")
        return g.Gongwen(
            mark=issuer.mark,
            doc_number=bulletin.doc_number or _("(number given at issue)"),
            title=bulletin.title,
            recipients=issuer.recipients,
            blocks=blocks,
            signer=issuer.name,
            date=date,
            copy_to=issuer.copy_to,
            printer=issuer.printer,
            print_date=date,
            note=_("(This document is published.)") if bulletin.is_public else "",
        )


def _cn_iso(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


def _cn_number(n: int) -> str:
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def bulletin_docx(bulletin) -> bytes:
    return g.render(bulletin_gongwen(bulletin))


def bulletin_xlsx(bulletin) -> bytes:
    """The bulletin's tables, one sheet each, header row bold and frozen."""
    with translation.override("zh-hans"):
        wb = Workbook()
        wb.remove(wb.active)
        for table in _tables(bulletin.content):
            ws = wb.create_sheet(table.caption[:31])
            ws.append(table.header)
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for row in table.rows:
                ws.append(row)
            ws.freeze_panes = "A2"
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def letter_gongwen(letter, supervisions, today) -> g.Gongwen:
    """A 督办函 to the lead unit: per 督办 the facts, the rule that fired, the action required; the reply date."""
    with translation.override("zh-hans"):
        issuer = letter.issuer
        blocks: list[g.Block] = [
            g.Paragraph(
                _("The following work led by your unit has been found behind schedule and is placed under supervision:")
            )
        ]
        for i, sup in enumerate(supervisions, start=1):
            blocks.append(g.Heading(f"（{_cn_number(i)}）{sup.object_repr}", level=2))
            colour = sup.get_colour_display() if sup.colour else "—"
            blocks.append(
                g.Paragraph(
                    _("Warning: {colour}. Issued on {date}.").format(colour=colour, date=cn_date(sup.issued_on))
                )
            )
            rule = sup.record.reason if sup.record_id else ""
            if sup.record_id:
                from gongjian.supervision.templatetags.supervision import colour_reason

                rule = colour_reason(sup.record)
            if rule:
                blocks.append(g.Paragraph(_("Rule that fired: {rule}").format(rule=rule)))
            blocks.append(g.Paragraph(_("Action required: {text}").format(text=sup.requirement)))
        blocks.append(
            g.Paragraph(
                _(
                    "Please sign for this letter on the platform and reply with what was done, with evidence, "
                    "by {date}. "
                    "A letter left unanswered past that date is escalated and counts in the unit ranking."
                ).format(date=cn_date(letter.reply_by))
            )
        )
        date = cn_date(today)
        return g.Gongwen(
            mark=issuer.mark,
            doc_number=letter.doc_number,
            title=_("Supervision letter on the work behind schedule"),
            recipients=letter.unit.name,
            blocks=blocks,
            signer=issuer.name,
            date=date,
            copy_to=issuer.copy_to,
            printer=issuer.printer,
            print_date=date,
        )


def letter_docx(letter, supervisions, today) -> bytes:
    return g.render(letter_gongwen(letter, supervisions, today))


#: The 公文 faces and, in order, the installed faces LibreOffice should use when a face is missing: a Song (serif)
#: face for 小标宋, 仿宋 and 楷体, a sans face for 黑体 (docs/gongwen.md: "falling back to a Song face").
FALLBACKS = {
    g.TITLE_FONT: ("方正小标宋_GBK", "SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC"),
    g.BODY_FONT: ("仿宋", "FangSong", "Noto Serif CJK SC", "Source Han Serif SC"),
    g.KAITI: ("楷体", "KaiTi", "Noto Serif CJK SC", "Source Han Serif SC"),
    g.HEITI: ("SimHei", "Noto Sans CJK SC", "Source Han Sans SC"),
    g.SONG: ("SimSun", "Noto Serif CJK SC", "Source Han Serif SC"),
}


def chinese_fonts() -> set[str]:
    """The families of the installed fonts that cover Chinese."""
    fc = shutil.which("fc-list")
    if fc is None:
        raise DocumentError(_("The font list cannot be read (fontconfig is not installed)."))
    # The program comes from shutil.which and the arguments are constants: no user input reaches the command.
    out = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout  # noqa: S603
    return {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}


def check_fonts() -> set[str]:
    """Refuse when the machine has no Chinese font: the PDF would show empty boxes instead of characters."""
    families = chinese_fonts()
    if not families:
        raise DocumentError(
            _("No Chinese font is installed: install fonts-noto-cjk (or 仿宋_GB2312 and 方正小标宋简体) first.")
        )
    return families


def substitutions(families: set[str]) -> dict[str, str]:
    """Missing 公文 face → the installed face to use instead (nothing for a face that is installed)."""
    out = {}
    for face, candidates in FALLBACKS.items():
        if face in families:
            continue
        found = next((c for c in candidates if c in families), None)
        if found:
            out[face] = found
    return out


def _profile(directory: Path, replace: dict[str, str]) -> None:
    """A LibreOffice user profile whose font replacement table maps the missing 公文 faces."""
    nodes = "".join(
        f'<node oor:name="_{i}" oor:op="replace">'
        '<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
        '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
        f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{escape(face)}</value></prop>'
        f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(sub)}</value></prop></node>'
        for i, (face, sub) in enumerate(replace.items())
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
        '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>'
        f'<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">{nodes}</item>'
        "</oor:items>"
    )
    user = directory / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(xml, encoding="utf-8")


def pdf(docx: bytes) -> bytes:
    """The PDF of a .docx, rendered by LibreOffice headless; a document with a 版记 ends on an even page.

    LibreOffice does not honour the 版记 section's "start on an even page" (Word does): when the PDF has an odd
    number of pages, the document is converted again with a blank page opening that section.
    """
    out = _convert(docx)
    if len(PdfReader(io.BytesIO(out)).pages) % 2:
        padded = g.blank_page_before_colophon(docx)
        if padded is not docx:
            out = _convert(padded)
    return out


def _convert(docx: bytes) -> bytes:
    """The PDF of a .docx, rendered by LibreOffice headless."""
    office = getattr(settings, "GONGJIAN_SOFFICE", "soffice")
    exe = shutil.which(office)
    if exe is None:
        raise DocumentError(
            _("LibreOffice ({program}) is not installed: the PDF cannot be produced.").format(program=office)
        )
    replace = substitutions(check_fonts())
    with tempfile.TemporaryDirectory(prefix="gongjian-pdf-") as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(docx)
        # A profile of its own: a running LibreOffice of the same user would otherwise take the job and return.
        profile = Path(tmp) / "profile"
        _profile(profile, replace)
        cmd = [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            # The program is the configured converter found by shutil.which; the paths are our temporary files.
            subprocess.run(cmd, capture_output=True, timeout=180, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            raise DocumentError(_("LibreOffice did not finish the PDF within 3 minutes.")) from None
        out = Path(tmp) / "document.pdf"
        if not out.exists():
            raise DocumentError(_("LibreOffice could not convert the document to PDF."))
        return out.read_bytes()
