"""Exports of confidential data carry the exporting user's name and the time, and are audited (等保: who
exported which confidential data, when). Exports without confidential data are unchanged."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook

from gongjian.core.models import AuditLog
from gongjian.enterprises.testing import make_enterprise
from gongjian.testing import PASSWORD

pytestmark = pytest.mark.django_db


def _export(world, role, url="/enterprises/?export=xlsx&q=企业"):
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_a_confidential_export_is_watermarked_and_audited(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 31, 10, 5, tzinfo=ZoneInfo("Asia/Shanghai")))
    make_enterprise(world)
    wb = _export(world, "supervisor")
    data, notes = wb.worksheets[0], wb["说明"]
    mark = notes["A1"].value
    assert "督查室（supervisor）" in mark and "2026年3月31日 10:05" in mark
    assert wb.properties.description == mark
    assert "督查室" in data.oddHeader.center.text
    assert data["A1"].value  # the header row stays the first row
    rec = AuditLog.objects.get(action="export.confidential")
    assert rec.actor == world.user("supervisor") and rec.after["export"] == data.title
    assert rec.after["rows"] == data.max_row - 1 and "q=" in rec.after["query"]
    assert rec.action_label == "导出了保密数据"


def test_an_export_without_confidential_data_is_neither_marked_nor_audited(world):
    make_enterprise(world)
    wb = _export(world, "clerk")  # clerks do not see the figures
    assert "说明" not in wb.sheetnames and not wb.properties.description
    assert not AuditLog.objects.filter(action="export.confidential").exists()
