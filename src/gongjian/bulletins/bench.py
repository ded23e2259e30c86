"""Benchmark scenarios of the bulletins for ``gongjian bench`` (registered with core.registry.register_bench).

* ``bulletin:docx``: the bulletin of the generated campaign's last ended month as a 公文 .docx, against
  python-docx writing the same paragraphs and tables plainly (goal: at most twice its time).
* ``bulletin:pdf``: the PDF from that .docx through LibreOffice, against the .docx alone (reported; the converter
  starts a process per document). Skipped when LibreOffice is not installed.
"""

from __future__ import annotations

import io
import shutil

from django.utils import timezone
from docx import Document

from gongjian.campaigns.models import Campaign
from gongjian.core.benchmarking import Collector, Result, wanted

from . import content, documents
from . import gongwen as g
from .models import Bulletin, Issuer

__all__ = ["scenarios"]


def _plain(gw: g.Gongwen) -> bytes:
    """The same text and tables written with python-docx's defaults: the baseline."""
    doc = Document()
    for block in gw.blocks:
        if isinstance(block, g.Table):
            table = doc.add_table(rows=1, cols=len(block.header))
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
            for values in block.rows:
                for cell, text in zip(table.add_row().cells, values, strict=True):
                    cell.text = str(text)
        else:
            doc.add_paragraph(block.text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def scenarios(world, repeat: int, database: str) -> list[Result]:
    if not (wanted("bulletin:docx") or wanted("bulletin:pdf")):
        return []
    campaign = Campaign.objects.order_by("-year", "pk").first()
    if campaign is None:
        return []
    today = timezone.localdate()
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    last = content.month_bounds(year, month)[1]
    try:
        tables = content.build(campaign, year, month, last)
    except content.NoData:
        return []
    issuer = Issuer(name="区攻坚办", mark="攻坚办督查通报", code="攻坚督", printer="区攻坚办", recipients="各单位")
    bulletin = Bulletin(
        campaign=campaign, issuer=issuer, year=year, month=month, cutoff=last, title="督查通报", content=tables
    )
    gw = documents.bulletin_gongwen(bulletin)
    out = Collector(world.scale, database, repeat)
    out.add("bulletin:docx", lambda: g.render(gw), "python-docx, plain", lambda: _plain(gw), "<= 2")
    if shutil.which("soffice") and wanted("bulletin:pdf"):
        docx = g.render(gw)
        out.add(
            "bulletin:pdf", lambda: documents.pdf(docx), "the .docx alone", lambda: g.render(gw), "<= 100", repeat=3
        )
    return list(out)
