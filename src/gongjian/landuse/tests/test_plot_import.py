"""The 闲置 survey workbook: template round trip, WPS-like files, all rows or none."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile

from gongjian.core.models import AuditLog
from gongjian.enterprises.testing import make_enterprise
from gongjian.landuse.choices import LowEfficiencyKind
from gongjian.landuse.imports import PlotSpec, import_plots, plot_template_bytes
from gongjian.landuse.models import LandPlot
from gongjian.testing import PASSWORD

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in PlotSpec().columns]


def test_template_round_trip_imports_its_example_unchanged(actor_of):
    data = plot_template_bytes()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert [c.value for c in wb.worksheets[0][1]] == HEADERS
    result = import_plots(actor_of("supervisor"), SimpleUploadedFile("闲置摸排模板.xlsx", data))
    assert result.ok, result.errors
    plot = LandPlot.objects.get(code="DZ-2026-001")
    assert plot.area_mu == Decimal(56) and plot.developed_percent == Decimal(30)
    assert plot.agreed_start_on == dt.date(2024, 3, 1) and plot.idle_plant_m2 == Decimal(1200)
    assert plot.low_efficiency_kind == LowEfficiencyKind.USED_NOT_FULLY
    again = import_plots(actor_of("supervisor"), SimpleUploadedFile("闲置摸排模板.xlsx", data))
    assert again.ok and LandPlot.objects.count() == 1  # matched by code: no change, no duplicate


def test_a_wps_xls_and_a_gbk_csv_with_remarks_units_and_text_dates(world, actor_of):
    owner = make_enterprise(world, name="德州某某纺织有限公司")
    row = [
        "DZ-9",
        "12.5亩",
        "开发区",
        "工业",
        owner.credit_code,
        "2023/5/1",
        "",
        "20%",
        "",
        "2025年1月1日",
        "800㎡",
        "建而未投",
    ]
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("闲置摸排")
    for r, line in enumerate([[*HEADERS, "备注"], [*row, "镇里报送"]]):
        for c, value in enumerate(line):
            sheet.write(r, c, value)
    buf = io.BytesIO()
    book.save(buf)
    result = import_plots(actor_of("supervisor"), SimpleUploadedFile("闲置.xls", buf.getvalue()))
    assert result.ok, result.errors
    assert result.warnings and "备注" in result.warnings[0]
    plot = LandPlot.objects.get(code="DZ-9")
    assert plot.owner == owner and plot.area_mu == Decimal("12.5") and plot.developed_percent == Decimal(20)
    assert (
        plot.stopped_since == dt.date(2025, 1, 1) and plot.low_efficiency_kind == LowEfficiencyKind.BUILT_NOT_PRODUCING
    )

    text = io.StringIO()
    csv.writer(text).writerows([[*HEADERS, "备注"], [*row[:1], "13亩", *row[2:4], owner.name, *row[5:], "改"]])
    result = import_plots(actor_of("supervisor"), SimpleUploadedFile("闲置.csv", text.getvalue().encode("gbk")))
    assert result.ok, result.errors
    plot.refresh_from_db()
    assert plot.area_mu == Decimal(13) and plot.owner == owner and plot.location == "开发区"


def test_one_bad_row_writes_nothing_and_names_row_and_column(actor_of):
    rows = [
        HEADERS,
        ["DZ-1", 10, "", "", "", "", "", "", "", "", "", ""],
        ["DZ-2", "十亩", "", "", "91370000MA0000000X", "", "", 120, "", "", "", "其他"],
        ["DZ-1", 5, "", "", "", "", "", "", "", "", "", ""],
    ]
    wb = openpyxl.Workbook()
    for line in rows:
        wb.active.append(line)
    buf = io.BytesIO()
    wb.save(buf)
    before = AuditLog.objects.count()
    result = import_plots(actor_of("supervisor"), SimpleUploadedFile("闲置.xlsx", buf.getvalue()))
    assert not result.ok
    assert {(e.row, e.column) for e in result.errors} == {
        (3, HEADERS[1]),
        (3, HEADERS[4]),
        (3, HEADERS[7]),
        (3, HEADERS[11]),
        (4, HEADERS[0]),
    }
    assert not LandPlot.objects.exists() and AuditLog.objects.count() == before


def test_the_page_imports_and_shows_the_ignored_column(world, client):
    assert client.login(username=world.user("supervisor").username, password=PASSWORD)
    page = client.get("/landuse/plots/import/")
    assert page.status_code == 200
    text = io.StringIO()
    csv.writer(text).writerows([[*HEADERS[:2], "备注"], ["DZ-5", "3", "x"]])
    response = client.post("/landuse/plots/import/", {"file": SimpleUploadedFile("闲置.csv", text.getvalue().encode())})
    assert response.status_code == 302 and LandPlot.objects.filter(code="DZ-5").exists()
    assert client.get("/landuse/plots/import/template/").status_code == 200
