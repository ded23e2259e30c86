import io
import json

import pytest
from django.core.management import CommandError, call_command

from gongjian.plantext.reader import ReadError, read_document

TEXT = "二是攻产业。力争全年新增规模以上企业9家以上。\n三是攻空间。楼宇经济贡献税收突破6亿元。\n"


def _docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_reads_utf8_gb18030_and_docx():
    assert read_document("a.txt", TEXT.encode("utf-8")) == TEXT
    assert read_document("a.txt", TEXT.encode("gb18030")) == TEXT
    assert read_document("a.txt", b"\xef\xbb\xbf" + TEXT.encode()) == TEXT
    assert "突破6亿元" in read_document("a.docx", _docx_bytes(TEXT))


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("a.exe", b"MZ", "bad_type"),
        ("a", b"abc", "bad_type"),
        ("a.txt", b"", "empty_file"),
        ("a.txt", bytes(range(256)) * 10, "not_text"),
        ("a.docx", b"just text", "mismatch"),
        ("a.pdf", b"PK\x03\x04junk", "mismatch"),
        ("a.docx", b"PK\x03\x04" + b"\x00" * 100, "mismatch"),
        ("a.pdf", b"%PDF-1.4 garbage that is not a pdf", "bad_pdf"),
        ("a.txt", ("字" * 700_000).encode(), "too_long"),
        ("a.txt", b"a" * (11 * 1024 * 1024), "too_large"),
    ],
)
def test_bad_documents_give_a_code(name, data, code):
    with pytest.raises(ReadError) as exc:
        read_document(name, data)
    assert exc.value.code in (code, "bad_docx", "pdf_no_text") if code == "bad_pdf" else exc.value.code == code


def test_pdf_without_text_layer():
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ReadError) as exc:
        read_document("a.pdf", buf.getvalue())
    assert exc.value.code == "pdf_no_text"


def test_cli_prints_the_schema(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_text("一是攻思想落後之“堅(jiān)”。重點(diǎn)工作。\n" + TEXT + "點(diǎn)動(dòng)", encoding="utf-8")
    out = io.StringIO()
    call_command("plan", "extract", str(f), "--date", "2023-03-25", "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert set(doc) >= {"pillars", "targets", "warnings"}
    assert [p["title"] for p in doc["pillars"]] == ["攻思想落后之“坚”", "攻产业", "攻空间"]
    t = doc["targets"][0]
    assert set(t) >= {"indicator", "comparator", "value", "unit", "period", "hedge", "pillar", "evidence"}
    assert (t["indicator"], t["comparator"], t["value"], t["unit"], t["hedge"], t["pillar"]) == (
        "新增规模以上企业",
        ">=",
        9,
        "家",
        "力争",
        1,
    )
    assert t["period"] == {"text": "全年", "start": "2023-01-01", "end": "2023-12-31"}
    assert doc["targets"][1]["value"] == 600000000
    assert doc["targets"][1]["written"] == "6亿元"  # additions of issue 19: the format is otherwise unchanged
    assert {"lead", "written", "kind"} <= set(t)
    assert any(w["code"] == "annotations" for w in doc["warnings"])


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", b"%PDF-1.7 not really"])
def test_cli_bad_input_is_a_clear_error(tmp_path, content):
    f = tmp_path / "plan.pdf"
    f.write_bytes(content)
    with pytest.raises(CommandError) as exc:
        call_command("plan", "extract", str(f), "--json")
    assert "Traceback" not in str(exc.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))  # in Chinese by default


def test_cli_bad_date_and_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("plan", "extract", str(tmp_path / "none.txt"))
    f = tmp_path / "a.txt"
    f.write_text("x")
    with pytest.raises(CommandError):
        call_command("plan", "extract", str(f), "--date", "2023-13-45")


@pytest.mark.parametrize("unit", ["一是\n", "、1家", "一、“计划”实施推动新增1家、2个。\n", "一" * 7, "字(zì)", "1，"])
def test_pathological_long_texts_take_linear_time_and_are_capped(unit):
    """A paste of 300,000 characters of one repeated pattern (a table of figures, a list without end) is read in
    time proportional to its length: ten times the text takes about ten times as long, never a hundred (a step
    that rescans the rest of a sentence per number would). Measured as a ratio in the same run, so a busy machine
    slows both sides alike."""
    import datetime as dt
    import time

    from gongjian.plantext.draft import MAX_MEASURES, MAX_PILLARS, MAX_TARGETS, build_draft

    def timed(n):
        text = (unit * (n // len(unit) + 1))[:n]
        started = time.perf_counter()
        found = build_draft(text, dt.date(2026, 3, 1))[1]
        return time.perf_counter() - started, found

    small = min(timed(30_000)[0] for _ in range(2))
    large, draft = timed(300_000)
    assert large < 25 * max(small, 0.02), (small, large)  # linear: about 10; quadratic: about 100
    assert len(draft.pillars) <= MAX_PILLARS and len(draft.targets) <= MAX_TARGETS
    assert sum(len(p.measures) for p in draft.pillars) <= MAX_MEASURES


def test_cli_reads_a_task_table_in_a_docx(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    for cell, text in zip(table.rows[0].cells, ["序号", "工作任务", "牵头单位", "完成时限"], strict=True):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ["1", "新引进亿元以上产业项目不少于5个", "区商务局", "9月底前"], strict=True
    ):
        cell.text = text
    for cell, text in zip(table.rows[2].cells, ["2", "建立重点项目专班推进机制", "区发改局", "6月底前"], strict=True):
        cell.text = text
    f = tmp_path / "清单.docx"
    document.save(f)
    out = io.StringIO()
    call_command("plan", "extract", str(f), "--date", "2026-03-01", "--json", stdout=out)
    doc = json.loads(out.getvalue())
    (t,) = doc["targets"]
    (m,) = [m for p in doc["pillars"] for m in p["measures"]]
    assert (m["title"], m["lead"], m["period"]["end"]) == ("建立重点项目专班推进机制", "区发改局", "2026-06-30")
    assert (t["indicator"], t["comparator"], t["value"], t["lead"], t["period"]["end"]) == (
        "新引进亿元以上产业项目",
        ">=",
        5,
        "区商务局",
        "2026-09-30",
    )
