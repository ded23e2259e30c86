"""The one reading layer takes the bureaus' files as they are: .xls, GBK or UTF-8 CSV, Chinese or English headers,
synonyms, a 备注 column, dates as text or serial numbers, numbers with separators and units."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io

import openpyxl
import pytest
import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from gongjian.core.xlsx_import import DateColumn, DecimalColumn, ImportSpec, TextColumn

D = decimal.Decimal


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def spec() -> ImportSpec:
    return ImportSpec(
        [
            TextColumn("credit_code", "统一社会信用代码", required=True, max_length=18),
            TextColumn("enterprise", "企业名称"),
            DecimalColumn("revenue", "营业收入（万元）", decimal_places=2, unit="万元"),
            DecimalColumn("area", "用地面积（亩）", decimal_places=2, unit="亩"),
            DateColumn("founded", "成立日期"),
        ]
    )


HEADERS = ["统一社会信用代码", "企业名称", "营业收入（万元）", "用地面积（亩）", "成立日期", "备注"]
CODE = "91371400MA3C5X1234"
ROWS = [
    [CODE, "德州市某某机械有限公司", "1,234.5", "12亩", "2015/8/1", "县里报送"],
    ["91371400MA3C5X5678", "齐河县某某化工有限公司", "3亿元", "8", "2015年8月1日", ""],
]


def check(result):
    assert result.ok, result.errors
    first, second = result.rows
    assert first.values == {
        "credit_code": CODE,
        "enterprise": "德州市某某机械有限公司",
        "revenue": D("1234.5"),
        "area": D("12"),
        "founded": dt.date(2015, 8, 1),
    }
    assert second.values["revenue"] == D("30000") and second.values["founded"] == dt.date(2015, 8, 1)
    assert second.values["enterprise"] == "齐河县某某化工有限公司"
    assert result.warnings == ["Columns ignored: “备注”."]


def csv_upload(rows, encoding, name="企业.csv", bom=b""):
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)  # quotes "1,234.5" as Excel does
    text = buf.getvalue()
    return SimpleUploadedFile(name, bom + text.encode(encoding))


def test_gbk_csv_as_saved_by_excel_on_a_chinese_windows():
    data = csv_upload([HEADERS, *ROWS], "gbk")
    raw = data.read()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # real GBK bytes, not UTF-8
    check(spec().read(data))


def test_utf8_csv_with_and_without_bom():
    check(spec().read(csv_upload([HEADERS, *ROWS], "utf-8", bom=b"\xef\xbb\xbf")))
    check(spec().read(csv_upload([HEADERS, *ROWS], "utf-8")))


def test_csv_that_is_no_known_text_is_refused_not_stored_as_mojibake():
    result = spec().read(SimpleUploadedFile("企业.csv", b"\x81\x20\xff\xfe\x00\x01" * 20))
    assert not result.ok and result.rows == []
    assert "UTF-8" in result.errors[0].message or "text (CSV)" in result.errors[0].message


def xls_upload(rows, name="企业.xls", date_cells=()):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) in date_cells:
                sheet.write(r, c, value, date_style)
            elif value not in (None, ""):
                sheet.write(r, c, value)
    buf = io.BytesIO()
    book.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def test_xls_saved_by_wps_with_a_date_cell_a_serial_number_and_text_dates():
    rows = [HEADERS, [*ROWS[0][:4], dt.datetime(2015, 8, 1), "县里报送"], [*ROWS[1][:4], 42217, ""]]
    result = spec().read(xls_upload(rows, date_cells={(1, 4)}))
    check(result)
    rows[1][4] = "2015.8.1"
    check(spec().read(xls_upload(rows)))


def test_xlsx_with_a_title_row_english_field_names_and_synonyms():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年企业名单（县统计局报送）"])
    ws.append(["USCC", "enterprise", "revenue", "area", "成立日期", "备注"])
    ws.append([CODE, "德州市某某机械有限公司", 1234.5, 12, dt.datetime(2015, 8, 1), "县里报送"])
    ws.append(["91371400MA3C5X5678", "齐河县某某化工有限公司", "30,000", "8亩", 42217, None])
    buf = io.BytesIO()
    wb.save(buf)
    result = spec().read(SimpleUploadedFile("企业.xlsx", buf.getvalue()))
    check(result)
    assert [r.number for r in result.rows] == [3, 4]


@pytest.mark.parametrize("header", ["信用代码", "社会信用代码", "credit_code", "ＵＳＣＣ"])
def test_common_synonyms_of_the_credit_code(header):
    result = spec().read(csv_upload([[header, "企业名称"], [CODE, "甲"]], "utf-8"))
    assert result.ok, result.errors
    assert result.rows[0].values["credit_code"] == CODE


def test_missing_required_column_is_named_and_the_unknown_one_gets_the_closest_header():
    result = spec().read(csv_upload([["统一社会信用", "企业名称"], [CODE, "甲"]], "utf-8"))
    assert not result.ok and result.rows == []
    (error,) = result.errors
    assert error.row == 1
    assert "Required columns are missing: 统一社会信用代码" in error.message
    assert "“统一社会信用” (did you mean “统一社会信用代码”?)" in error.message


def test_an_ambiguous_date_is_refused_by_row_with_both_readings():
    rows = [HEADERS, ROWS[0], [*ROWS[1][:4], "03/04/2026", ""]]
    result = spec().read(csv_upload(rows, "utf-8"))
    assert [(e.row, e.column) for e in result.errors] == [(3, "成立日期")]
    assert "2026-3-4" in result.errors[0].message and "2026-4-3" in result.errors[0].message
    assert result.rows == []


def test_a_unit_that_is_not_the_columns_is_refused_by_row():
    rows = [HEADERS, [*ROWS[0][:2], "12亩", *ROWS[0][3:]]]
    result = spec().read(csv_upload(rows, "utf-8"))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "营业收入（万元）", "“12亩” is not a number in 万元.")
    ]


def test_blank_rows_are_skipped():
    rows = [HEADERS, ROWS[0], ["", "", "", "", "", ""], ROWS[1]]
    result = spec().read(csv_upload(rows, "utf-8"))
    check(result)
    assert [r.number for r in result.rows] == [2, 4]
