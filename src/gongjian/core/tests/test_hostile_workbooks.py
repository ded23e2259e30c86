"""Hostile uploads: each is refused with a clear message, within seconds and bounded memory, with no row read.

The files are built here (see ``hostile.py``); the figures (seconds, peak MB) are printed with ``-s``.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl.cell.cell import TYPE_FORMULA

from gongjian.core.excel import workbook_bytes
from gongjian.core.xlsx_import import ImportSpec, IntegerColumn, TextColumn, sources

from . import hostile

HEADERS = ["名称", "数量"]
SECONDS = 10  # every refusal below comes well within this, on a slow CI machine
PEAK_MB = 200


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def spec() -> ImportSpec:
    return ImportSpec([TextColumn("name", "名称", required=True), IntegerColumn("qty", "数量")])


def refuse(name: str, data: bytes) -> tuple[str, float, float]:
    """Read the upload; return the single file-level message, the seconds taken and the peak memory in MB."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = spec().read(SimpleUploadedFile(name, data))
    finally:
        seconds = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert not result.ok and result.rows == [], result.errors
    (error,) = result.errors
    assert error.row is None
    print(f"{name}: {len(data) / 1024:.0f} kB refused in {seconds:.2f} s, peak {peak / 2**20:.1f} MB")
    assert seconds < SECONDS and peak < PEAK_MB * 2**20
    return error.message, seconds, peak


CASES = {
    "zip bomb": (lambda: hostile.zip_bomb(), "unpacks to more than"),
    "XXE": (lambda: hostile.xxe(HEADERS), "could not be read"),
    "billion laughs": (lambda: hostile.billion_laughs(HEADERS), "could not be read"),
    ".xlsm with macros": (lambda: hostile.with_macros(HEADERS), "contains macros (VBA)"),
    "VBA project in a file named .xlsx": (lambda: hostile.with_macros(HEADERS, "清单.xlsx"), "contains macros (VBA)"),
    "encrypted workbook": (hostile.encrypted, "password-protected"),
    "random bytes named .xlsx": (hostile.random_bytes, "is not an Excel workbook"),
    "1,000,000 rows": (lambda: hostile.many_rows(HEADERS, 1_000_000), "more than 100000 data rows"),
    "10,000 columns": (lambda: hostile.many_columns(HEADERS, 10_000), "10000 columns"),
    "10,000 columns, size not stored": (
        lambda: hostile.many_columns(HEADERS, 10_000, honest=False),
        "10000 columns",
    ),
    "formulas never calculated": (lambda: hostile.formulas(HEADERS), "formula that Excel never calculated"),
    "40 MB of empty cells": (lambda: hostile.empty_cells(HEADERS, 40), "cells"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_upload_is_refused_quickly_with_a_clear_message(case):
    build, expected = CASES[case]
    name, data = build()
    message, _seconds, _peak = refuse(name, data)
    assert expected in message


def test_rows_are_counted_while_streaming_when_the_stored_size_lies(settings):
    settings.GONGJIAN_IMPORT_MAX_ROWS = 2000
    message, *_ = refuse(*hostile.many_rows(HEADERS, 50_000, honest=False))
    assert message == "The file has more than 2000 data rows; split it into several files."


def test_empty_cells_are_counted_while_streaming_even_below_the_ratio_limit(settings, monkeypatch):
    monkeypatch.setattr(sources, "MAX_RATIO", 10**9)
    settings.GONGJIAN_IMPORT_MAX_CELLS = 100_000
    message, *_ = refuse(*hostile.empty_cells(HEADERS, 10))
    assert message == "The sheet holds more than 100,000 cells (empty ones included) and cannot be imported."


def test_the_parser_counts_too_when_the_raw_scan_is_fooled(settings, monkeypatch):
    # Cells the byte scan does not see (a namespace prefix) are still counted as openpyxl yields them.
    monkeypatch.setattr(sources, "scan_sheet", lambda *args: sources.SheetScan())
    settings.GONGJIAN_IMPORT_MAX_CELLS = 20_000
    message, *_ = refuse(*hostile.empty_cells(HEADERS, 1, per_row=20))
    assert message == "The sheet holds more than 20,000 cells (empty ones included) and cannot be imported."


def test_reading_stops_at_the_time_budget(settings, monkeypatch):
    monkeypatch.setattr(sources, "MAX_RATIO", 10**9)
    monkeypatch.setattr(sources, "scan_sheet", lambda *args: sources.SheetScan())
    settings.GONGJIAN_IMPORT_MAX_CELLS = 10**9
    settings.GONGJIAN_IMPORT_SECONDS = 1
    message, seconds, _peak = refuse(*hostile.empty_cells(HEADERS, 40))
    assert message == "Reading the file took more than 1 seconds; split it into smaller files."
    assert seconds < 3


def test_a_highly_compressed_sheet_is_refused_by_its_ratio_before_parsing(monkeypatch):
    def must_not_be_called(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse the file")

    name, data = hostile.empty_cells(HEADERS, 40, refs=False)  # the same empty cell repeated: packs ~1000×
    monkeypatch.setattr(openpyxl, "load_workbook", must_not_be_called)
    message, *_ = refuse(name, data)
    assert "unpacks to" in message and "empty cells" in message


def test_external_links_are_refused():
    data = hostile.rebuild(
        hostile.base_workbook(HEADERS, [["a", 1]]), extra={"xl/externalLinks/externalLink1.xml": b"<x/>"}
    )
    message, *_ = refuse("links.xlsx", data)
    assert "links to other workbooks" in message


def test_a_calculated_formula_gives_its_cached_value():
    data = hostile.rebuild(
        hostile.base_workbook(HEADERS, [["a", 1]]),
        change={
            hostile.SHEET: lambda xml: xml.replace(
                b'<c r="B2" t="n"><v>1</v></c>', b'<c r="B2"><f>SUM(1,2)</f><v>3</v></c>'
            )
        },
    )
    assert b"<f>SUM(1,2)</f>" in zipfile.ZipFile(io.BytesIO(data)).read(hostile.SHEET)  # the change was made
    result = spec().read(SimpleUploadedFile("sum.xlsx", data))
    assert result.ok, result.errors
    assert result.rows[0].values == {"name": "a", "qty": 3}


PAYLOADS = ['=HYPERLINK("http://x/","y")', "=cmd|' /c calc'!A1", "@SUM(1)", "+1+1", "-1+1", "\t=1", "\r=1"]


def test_exports_never_write_a_formula():
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(["值"], [[p] for p in PAYLOADS])))
    cells = [row[0] for row in wb.active.iter_rows(min_row=2)]
    assert [c.value for c in cells] == PAYLOADS
    assert all(c.data_type != TYPE_FORMULA for c in cells)
