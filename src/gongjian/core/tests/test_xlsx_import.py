"""The generic Excel import: safe opening, header mapping, cell parsing and complete error lists."""

from __future__ import annotations

import datetime as dt
import decimal
import io
import re
import zipfile
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl.cell.cell import TYPE_STRING

from gongjian.core import xlsx_import
from gongjian.core.xlsx_import import (
    ChoiceColumn,
    DateColumn,
    DecimalColumn,
    ImportResult,
    ImportSpec,
    IntegerColumn,
    InvalidCell,
    Lookup,
    LookupColumn,
    MultiLookupColumn,
    RowError,
    TextColumn,
    error_report_bytes,
    template_bytes,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


FRUITS = [
    SimpleNamespace(name="Apple", code="A1", short="Ap"),
    SimpleNamespace(name="Banana", code="B2", short="Ba"),
    SimpleNamespace(name="Cherry", code="C3", short="Ap"),  # shares the short name "Ap" with Apple
]


def fruit_lookup():
    return Lookup(FRUITS, lambda f: f.name, lambda f: f.code, lambda f: f.short, unknown="Unknown fruit “{value}”.")


class OrderSpec(ImportSpec):
    sheet_name = "Orders"

    def __init__(self):
        fruits = fruit_lookup()
        super().__init__(
            [
                TextColumn("name", "名称", required=True, max_length=10),
                IntegerColumn("qty", "数量", min_value=0),
                DecimalColumn("price", "单价", max_digits=6, decimal_places=2, default=decimal.Decimal(1)),
                DateColumn("day", "日期", month="end"),
                ChoiceColumn("color", "颜色", choices=[("r", "Red"), ("g", "Green")], synonyms={"红": "r"}),
                LookupColumn("fruit", "水果", lookup=fruits),
                MultiLookupColumn("others", "其他水果", lookup=fruits, default=()),
            ]
        )

    def clean_row(self, row, result):
        if row.has("qty") and row.get("qty") == 13:
            result.add(row.number, "数量", "Unlucky.")


HEADERS = ["名称", "数量", "单价", "日期", "颜色", "水果", "其他水果"]


def workbook(rows, *, title="Orders", as_text=()):
    """An .xlsx upload built in memory. Cells whose value is in ``as_text`` are stored as text, never formulas."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if value in as_text:
                cell.data_type = TYPE_STRING
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("orders.xlsx", buf.getvalue(), content_type="application/octet-stream")


def errors_of(result: ImportResult) -> set[tuple]:
    return {(e.row, e.column, e.message) for e in result.errors}


# --- parsing ---------------------------------------------------------------------------------------------


def test_good_file_parses_every_type_and_keeps_excel_row_numbers():
    result = OrderSpec().read(
        workbook(
            [
                HEADERS,
                ["Pear", 3, 2.5, dt.datetime(2026, 3, 31), "Red", "Apple", "Banana、C3"],
                [],  # an empty row is skipped, the numbering still follows Excel
                ["  Plum ", "4", "1,000.25", "2026/3/31", "红", "b2", "banana, Apple；Banana"],
                ["Fig", 5.0, None, "2026年3月31日", "g", "Banana", None],
                ["Kiwi", "１２", "3", "２０２６－０３－３１", "GREEN", "Cherry", None],
            ]
        )
    )
    assert result.ok, result.errors
    assert [r.number for r in result.rows] == [2, 4, 5, 6]
    first, second, third, fourth = (r.values for r in result.rows)
    assert first == {
        "name": "Pear",
        "qty": 3,
        "price": decimal.Decimal("2.5"),
        "day": dt.date(2026, 3, 31),
        "color": "r",
        "fruit": FRUITS[0],
        "others": [FRUITS[1], FRUITS[2]],
    }
    assert second["name"] == "Plum"
    assert second["qty"] == 4 and second["price"] == decimal.Decimal("1000.25")
    assert second["color"] == "r" and second["fruit"] is FRUITS[1]
    assert second["others"] == [FRUITS[1], FRUITS[0]]  # repeats dropped, order kept
    assert third["price"] == decimal.Decimal(1)  # the default of an empty cell
    assert third["others"] == ()
    assert all(r.values["day"] == dt.date(2026, 3, 31) for r in result.rows)
    assert fourth["qty"] == 12 and fourth["color"] == "g"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-31", dt.date(2026, 3, 31)),
        ("2026/3/31", dt.date(2026, 3, 31)),
        ("2026.3.31", dt.date(2026, 3, 31)),
        ("2026年3月31日", dt.date(2026, 3, 31)),
        ("2026年3月31日前", dt.date(2026, 3, 31)),
        ("20260331", dt.date(2026, 3, 31)),
        ("2026-03-31 00:00:00", dt.date(2026, 3, 31)),
        ("2026年6月", dt.date(2026, 6, 30)),  # month="end"
        ("2026年2月底前", dt.date(2026, 2, 28)),
        ("2026年底", dt.date(2026, 12, 31)),
        (46112, dt.date(2026, 3, 31)),  # an Excel serial that lost its date format
        (dt.datetime(2026, 3, 31, 15, 0), dt.date(2026, 3, 31)),
        ("31/03/2026", dt.date(2026, 3, 31)),  # day first: the only reading
        ("46112", dt.date(2026, 3, 31)),  # a serial kept as text (CSV)
        ("２０２６年３月３１日", dt.date(2026, 3, 31)),
    ],
)
def test_date_formats(text, expected):
    assert DateColumn("d", "日期", month="end").parse(text) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "31/02/2026", "03/04/2026", "next week", "2026年13月1日", "12", True])
def test_bad_dates_are_refused(text):
    with pytest.raises(InvalidCell):
        DateColumn("d", "日期").parse(text)


def test_month_alone_needs_the_column_to_allow_it():
    with pytest.raises(InvalidCell):
        DateColumn("d", "日期").parse("2026年6月")
    assert DateColumn("d", "日期", month="start").parse("2026-06") == dt.date(2026, 6, 1)


def test_every_cell_error_is_reported_with_row_and_column():
    result = OrderSpec().read(
        workbook(
            [
                HEADERS,
                ["Pear", "three", "abc", "2026-02-30", "Blue", "Mango", "Apple、Durian、Eggfruit"],
                ["A name that is far too long", -1, 1.234, "soon", "Red", "Ap", None],
                [None, 13, 1, None, None, None, None],
            ]
        )
    )
    assert not result.ok
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (2, "数量"),
        (2, "单价"),
        (2, "日期"),
        (2, "颜色"),
        (2, "水果"),
        (2, "其他水果"),
        (3, "名称"),
        (3, "数量"),
        (3, "单价"),
        (3, "日期"),
        (3, "水果"),
        (4, "名称"),
        (4, "数量"),  # the spec's own row check ran too
    }
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(2, "数量")] == "“three” is not a whole number."
    assert messages[(2, "颜色")] == "“Blue” is not one of: Red、Green."
    assert messages[(2, "水果")] == "Unknown fruit “Mango”."
    assert "Durian" in messages[(2, "其他水果")] and "Eggfruit" in messages[(2, "其他水果")]
    assert messages[(3, "名称")] == "At most 10 characters are allowed (this cell has 27)."
    assert messages[(3, "单价")] == "At most 2 decimal places are allowed."
    assert "ambiguous" in messages[(3, "水果")] and "Apple" in messages[(3, "水果")]
    assert messages[(4, "名称")] == "This cell must not be empty."
    assert messages[(4, "数量")] == "Unlucky."
    assert result.rows == []
    assert result.error_count == len(result.errors) == 13


def test_lookup_prefers_stronger_keys_and_never_invents_objects():
    lookup = fruit_lookup()
    assert lookup.find(" apple ") is FRUITS[0]
    assert lookup.find("ｂ２") is FRUITS[1]  # full-width, case-folded
    with pytest.raises(InvalidCell, match="ambiguous"):
        lookup.find("Ap")
    with pytest.raises(InvalidCell, match="Unknown fruit"):
        lookup.find("Durian")
    assert len(lookup.objects) == 3


# --- header ----------------------------------------------------------------------------------------------


def test_header_is_tolerant_of_spaces_full_width_marks_order_and_a_title_row():
    result = OrderSpec().read(
        workbook(
            [
                ["2026年订单"],  # a title row above the header
                ["其他水果", " 名称* ", "数　量", "水果"],  # reordered, spaces, ideographic space, asterisk
                ["Apple", "Pear", 2, "Banana"],
            ]
        )
    )
    assert result.ok, result.errors
    (row,) = result.rows
    assert row.number == 3
    assert row.values["name"] == "Pear" and row.values["qty"] == 2 and row.values["fruit"] is FRUITS[1]
    assert row.values["others"] == [FRUITS[0]]
    assert row.values["price"] == decimal.Decimal(1) and row.values["day"] is None


def test_missing_required_and_unknown_columns_are_named():
    result = OrderSpec().read(workbook([["数量", "备注", "颜色", "Extra"], [1, "x", "Red", "y"]]))
    assert not result.ok
    messages = [e.message for e in result.errors]
    assert any("Required columns are missing: 名称" in m for m in messages)
    assert any("Columns ignored: “备注”、“Extra”" in m for m in messages)
    assert all(e.row == 1 for e in result.errors)
    assert result.rows == []


def test_a_column_given_twice_is_an_error():
    result = OrderSpec().read(workbook([["名称", "数量", "名称"], ["a", 1, "b"]]))
    assert [(e.row, e.column) for e in result.errors] == [(1, "名称")]
    assert "more than once" in result.errors[0].message


def test_empty_file_and_header_only_file():
    empty = OrderSpec().read(workbook([]))
    assert [e.message for e in empty.errors] == ["The file is empty."]
    header_only = OrderSpec().read(workbook([HEADERS, [None, "  "]]))
    assert [e.message for e in header_only.errors] == ["The file has no data rows below the header row."]


def test_wrong_stored_dimension_does_not_hide_rows():
    # Some producers write a wrong <dimension>; read-only openpyxl would then stop at row 1.
    upload = with_sheet_xml(
        workbook([HEADERS, ["a", 1], ["b", 2], ["c", 3]]),
        lambda xml: re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', xml),
    )
    assert b'<dimension ref="A1"/>' in zipfile.ZipFile(io.BytesIO(upload.read())).read("xl/worksheets/sheet1.xml")
    result = OrderSpec().read(upload)
    assert result.ok, result.errors
    assert [r.values["name"] for r in result.rows] == ["a", "b", "c"]


def test_row_limit(settings):
    settings.GONGJIAN_IMPORT_MAX_ROWS = 3
    ok = OrderSpec().read(workbook([HEADERS, *[[f"n{i}", i] for i in range(3)]]))
    assert ok.ok
    too_many = OrderSpec().read(workbook([HEADERS, *[[f"n{i}", i] for i in range(4)]]))
    assert [e.message for e in too_many.errors] == ["The file has more than 3 data rows; split it into several files."]


def test_error_list_is_capped_but_counted(settings):
    settings.GONGJIAN_IMPORT_MAX_ERRORS = 5
    result = OrderSpec().read(workbook([HEADERS, *[["x", "bad"] for _ in range(20)]]))
    assert result.error_count == 20
    assert len(result.errors) == 5 and result.truncated


# --- refusing what is not a workbook ---------------------------------------------------------------------


def refused(upload) -> str:
    result = OrderSpec().read(upload)
    assert not result.ok and result.rows == []
    (error,) = result.errors
    assert error.row is None
    return error.message


def test_text_file_renamed_xlsx_is_refused():
    message = refused(SimpleUploadedFile("orders.xlsx", "名称,数量\nPear,3\n".encode()))
    assert message.startswith("“orders.xlsx” is not an Excel workbook (.xlsx).")


def test_old_xls_renamed_xlsx_gets_its_own_message():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    assert "old-format Excel file (.xls)" in refused(SimpleUploadedFile("orders.xlsx", ole))


def test_xlsx_content_with_another_extension_is_refused():
    upload = workbook([HEADERS, ["a"]])
    upload.name = "orders.xls"
    assert "is not an Excel workbook" in refused(upload)


def test_zip_that_is_not_a_workbook_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    assert "is a ZIP archive, not an Excel workbook" in refused(SimpleUploadedFile("orders.xlsx", buf.getvalue()))


def test_damaged_zip_is_refused():
    data = workbook([HEADERS, ["a"]]).read()
    assert "damaged" in refused(SimpleUploadedFile("orders.xlsx", data[: len(data) // 2]))


def test_zip_with_workbook_names_but_broken_content_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "not xml at all")
    assert "could not be read as an Excel workbook" in refused(SimpleUploadedFile("x.xlsx", buf.getvalue()))


def with_sheet_xml(upload, change) -> SimpleUploadedFile:
    """The upload with its first worksheet's XML passed through ``change``."""
    src = zipfile.ZipFile(io.BytesIO(upload.read()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, change(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    return SimpleUploadedFile(upload.name, out.getvalue())


def test_xml_entity_expansion_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    upload = with_sheet_xml(workbook([HEADERS, ["a"]]), lambda xml: laughs + xml.replace(b">a<", b">&lol2;<"))
    assert "could not be read" in refused(upload)


def test_xml_damaged_in_the_middle_of_the_rows_is_refused():
    upload = with_sheet_xml(
        workbook([HEADERS, *[[f"n{i}", i] for i in range(50)]]),
        lambda xml: xml.replace(b'<row r="30"', b'<row r="30"<<'),
    )
    message = refused(upload)
    assert message == "The workbook is damaged after row 29 and could not be read."


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A valid-looking .xlsx of 200 kB whose worksheet unpacks to 210 MB of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(210):
                f.write(chunk)
    return buf.getvalue()


def test_zip_bomb_is_refused_before_openpyxl_reads_it(zip_bomb, monkeypatch):
    assert len(zip_bomb) < 1024 * 1024

    def must_not_be_called(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_be_called)
    assert "unpacks to more than 100 MB" in refused(SimpleUploadedFile("bomb.xlsx", zip_bomb))


def test_unpacked_limit_is_a_setting(settings):
    upload = workbook([HEADERS, ["a" * 10, 1]])
    settings.GONGJIAN_IMPORT_MAX_UNPACKED_BYTES = 1000
    assert "unpacks to more than" in refused(upload)


def test_too_many_zip_members_are_refused(monkeypatch):
    monkeypatch.setattr(xlsx_import.sources, "MAX_ZIP_MEMBERS", 5)
    assert "too many parts" in refused(workbook([HEADERS, ["a"]]))


def test_size_limit_and_empty_upload(settings):
    settings.GONGJIAN_IMPORT_MAX_BYTES = 100
    assert refused(workbook([HEADERS, ["a"]])).startswith("The file is larger than")
    settings.GONGJIAN_IMPORT_MAX_BYTES = 20 * 1024 * 1024
    assert refused(SimpleUploadedFile("e.xlsx", b"")) == "The file “e.xlsx” is empty."


# --- formula-like text, template and error report --------------------------------------------------------

FORMULA = "=cmd|' /C calc'!A0"


def test_formula_like_text_is_read_as_text():
    result = OrderSpec().read(workbook([HEADERS, ["=SUM(A1)", 1]], as_text={"=SUM(A1)"}))
    assert result.ok, result.errors
    assert result.rows[0].values["name"] == "=SUM(A1)"


def test_error_report_writes_every_error_as_plain_text():
    errors = [RowError(2, "名称", FORMULA), RowError(None, "", "File problem\x01")]
    wb = openpyxl.load_workbook(io.BytesIO(error_report_bytes(errors)))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == ["Row", "Column", "Error"]
    assert [c.value for c in ws[2]] == [2, "名称", FORMULA]
    assert ws["C2"].data_type == TYPE_STRING  # text, not a formula
    assert [c.value for c in ws[3]] == [None, None, "File problem?"]


def test_template_round_trip():
    spec = OrderSpec()
    content = template_bytes(
        spec,
        {"name": "Pear", "qty": 2, "fruit": "Apple", "day": dt.date(2026, 3, 31)},
        ["Fruits: Apple, Banana, Cherry"],
    )
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb["Orders"]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws.column_dimensions["A"].number_format == "@"  # text columns keep what is typed
    assert ws["A1"].comment is not None
    notes = [r[0].value for r in wb["说明"].iter_rows()]
    assert any(str(n).startswith("名称 (required): ") for n in notes if n)
    assert "Fruits: Apple, Banana, Cherry" in notes
    result = spec.read(SimpleUploadedFile("t.xlsx", content))
    assert result.ok, result.errors
    assert result.rows[0].values["fruit"] is FRUITS[0]
    assert result.rows[0].values["day"] == dt.date(2026, 3, 31)


def test_text_column_refuses_a_value_excel_turned_into_a_date():
    column = TextColumn("code", "编号", date_is_error=True)
    with pytest.raises(InvalidCell, match="turned the value into a date"):
        column.parse(dt.datetime(2026, 2, 7))
    assert TextColumn("code", "编号").parse(dt.datetime(2026, 2, 7)) == "2026-02-07"


@pytest.mark.parametrize(
    ("value", "ok"),
    [(1, True), ("0.5", True), (9999.99, True), (10000, False), ("1e3", True), ("1e999999", False), ("nan", False)],
)
def test_decimal_limits(value, ok):
    column = DecimalColumn("w", "权重", max_digits=6, decimal_places=2)
    if ok:
        assert isinstance(column.parse(value), decimal.Decimal)
    else:
        with pytest.raises(InvalidCell):
            column.parse(value)
