"""The pure parsing helpers of the import layer: numbers, dates, headers and encodings, without Django."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

from gongjian.core.cells import (
    ParseError,
    closest_header,
    decode_text,
    header_keys,
    parse_date,
    parse_number,
)

D = decimal.Decimal


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("1,234.5", None, D("1234.5")),
        ("１２３４．５", None, D("1234.5")),  # full-width digits and point
        ("1，234", None, D("1234")),  # full-width comma as thousands separator
        (" 12 ", None, D("12")),
        ("-3.25", None, D("-3.25")),
        ("1e3", None, D("1000")),
        (7, None, D(7)),
        (2.5, None, D("2.5")),
        ("12.5万元", "万元", D("12.5")),
        ("1,200万", "万元", D("1200")),
        ("3亿元", "万元", D("30000")),
        ("56亩", "亩", D("56")),
        ("1,200㎡", "㎡", D("1200")),
        ("1200 平方米", "㎡", D("1200")),
        ("800m²", "㎡", D("800")),
    ],
)
def test_numbers_as_the_bureaus_write_them(value, unit, expected):
    assert parse_number(value, unit) == expected


@pytest.mark.parametrize(
    ("value", "unit", "code"),
    [
        ("12亩", "万元", "unit"),  # a unit, but not the column's
        ("12亩", None, "number"),  # no unit known for the column
        ("1,23", None, "number"),  # a comma that is not a thousands separator
        ("12,34,567", None, "number"),
        ("abc", None, "number"),
        ("", None, "number"),
        (True, None, "number"),
        (float("nan"), None, "number"),
        ("万元", "万元", "number"),
    ],
)
def test_what_is_not_a_number_is_refused_with_its_reason(value, unit, code):
    with pytest.raises(ParseError) as info:
        parse_number(value, unit)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-08-01", dt.date(2015, 8, 1)),
        ("2015/8/1", dt.date(2015, 8, 1)),
        ("2015.8.1", dt.date(2015, 8, 1)),
        ("2015年8月1日", dt.date(2015, 8, 1)),
        ("２０１５年８月１日", dt.date(2015, 8, 1)),
        ("20150801", dt.date(2015, 8, 1)),
        (42217, dt.date(2015, 8, 1)),  # the Excel serial number of 2015-08-01
        (42217.0, dt.date(2015, 8, 1)),
        ("42217", dt.date(2015, 8, 1)),  # the same, kept as text by a CSV
        (dt.datetime(2015, 8, 1, 9, 30), dt.date(2015, 8, 1)),
        (dt.date(2015, 8, 1), dt.date(2015, 8, 1)),
        ("13/04/2026", dt.date(2026, 4, 13)),  # one reading only
        ("04/13/2026", dt.date(2026, 4, 13)),
        ("04/04/2026", dt.date(2026, 4, 4)),  # both readings are the same day
    ],
)
def test_dates_as_the_bureaus_write_them(value, expected):
    assert parse_date(value) == expected


def test_an_ambiguous_date_gives_both_readings():
    with pytest.raises(ParseError) as info:
        parse_date("03/04/2026")
    assert info.value.code == "ambiguous_date"
    assert {info.value.params["first"], info.value.params["second"]} == {dt.date(2026, 3, 4), dt.date(2026, 4, 3)}


@pytest.mark.parametrize(
    ("value", "code"), [("2026-02-30", "invalid_date"), ("32/13/2026", "invalid_date"), ("soon", "date"), (12, "date")]
)
def test_bad_dates_say_why(value, code):
    with pytest.raises(ParseError) as info:
        parse_date(value)
    assert info.value.code == code


def test_header_keys_drop_marks_spaces_width_and_a_bracketed_unit():
    assert header_keys(" 用地面积（亩）* ") == ["用地面积(亩)", "用地面积"]
    assert header_keys("ＵＳＣＣ") == ["uscc"]


def test_closest_header_names_what_was_meant_or_nothing():
    known = ["事项名称", "责任领导", "完成时限"]
    assert closest_header("事项名", known) == "事项名称"
    assert closest_header("责任 领导人", known) == "责任领导"
    assert closest_header("备注", known) is None


def test_gbk_utf8_and_bom_are_detected_and_nothing_else_is_guessed():
    text = "统一社会信用代码,企业名称\n91370000MA3C5XXX0A,德州市某某有限公司\n"
    assert decode_text(text.encode("gbk")) == (text, "gb18030")
    assert decode_text(text.encode("utf-8")) == (text, "utf-8")
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode_text(text.encode("utf-16")) == (text, "utf-16")
    with pytest.raises(ParseError):
        decode_text(b"\x81\x20\xff\xfe\x00")  # not UTF-8, not GB18030
