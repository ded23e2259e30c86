"""The number formats: one way to write money, land, floor space, counts and percentages."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from gongjian.core import numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "—"),
        ("", "—"),
        ("abc", "—"),
        (0, "0万元"),
        (1234.5, "1,234.5万元"),
        (Decimal("9999.994"), "9,999.99万元"),
        (Decimal("12.3400"), "12.34万元"),
        (10000, "1.00亿元"),
        (123456, "12.35亿元"),
        (Decimal("-25000"), "-2.50亿元"),
        (-12.5, "-12.5万元"),
    ],
)
def test_money_in_wan_then_yi(value, expected):
    assert numbers.money(value) == expected


def test_money_without_unit_for_table_columns():
    assert numbers.money(1234.5, unit=False) == "1,234.5"
    assert numbers.money(60000, unit=False) == "6.00"


def test_money_in_yuan():
    assert numbers.money_yuan(5000000000) == "50.00亿元"
    assert numbers.money_yuan(123400) == "12.34万元"
    assert numbers.money_yuan(None) == "—"


def test_land_in_mu_two_decimals():
    assert numbers.area_mu(Decimal("15.0000")) == "15.00亩"
    assert numbers.area_mu(1234.567) == "1,234.57亩"
    assert numbers.area_mu(None) == "—"


def test_floor_space_whole():
    assert numbers.area_m2(12345.6) == "12,346 m²"
    assert numbers.area_m2(Decimal("0.4")) == "0 m²"


def test_counts_whole():
    assert numbers.count(Decimal("8.56"), "家") == "9家"
    assert numbers.count(12000) == "12,000"
    assert numbers.count(Decimal("2.5")) == "3"  # half up, as people round


def test_percentages_one_decimal():
    assert numbers.percent(65) == "65.0%"
    assert numbers.percent(Decimal("-0.04")) == "0.0%"
    assert numbers.ratio_percent(0.6534) == "65.3%"
    assert numbers.ratio_percent(None) == "—"


def test_number_trims_or_keeps_decimals():
    assert numbers.number(Decimal("1234.5000")) == "1,234.5"
    assert numbers.number(Decimal("1234.5"), 2, trim=False) == "1,234.50"
    assert numbers.number(True) == "—"


def test_template_filters_use_the_same_formats():
    html = Template(
        "{% load gongjian %}{{ a|money }} {{ b|money_yuan }} {{ c|mu }} {{ d|m2 }} {{ e|whole:'家' }} {{ f|pct }} "
        "{{ g|ratio_pct }}"
    ).render(Context({"a": 123456, "b": 5000000000, "c": "15.0000", "d": 1000.4, "e": 8.56, "f": 30, "g": 0.72}))
    assert html == "12.35亿元 50.00亿元 15.00亩 1,000 m² 9家 30.0% 72.0%"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (Decimal("15.0000"), "亩", "15.00亩"),
        (Decimal("8.56"), "家", "9家"),
        (5000000000, "元", "50.00亿元"),
        (Decimal("6.0000"), "亿元", "6.00亿元"),
        (Decimal("3200.5000"), "万元", "3,200.5万元"),
        (Decimal("65.25"), "%", "65.3%"),
        (Decimal("12000.7"), "m²", "12,001 m²"),
        (Decimal("2.5000"), "吨", "2.5吨"),
        (None, "家", "—"),
    ],
)
def test_value_with_its_unit(value, unit, expected):
    assert numbers.with_unit(value, unit) == expected
