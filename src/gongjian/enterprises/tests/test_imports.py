"""Excel imports of enterprises and figures: all or nothing, every error named by row and column."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from gongjian.core.excel import workbook_bytes
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.enterprises import imports
from gongjian.enterprises.models import Enterprise, EnterpriseFigure, EnterpriseYearStatus
from gongjian.enterprises.testing import make_enterprise
from gongjian.enterprises.uscc import make_code
from gongjian.testing import PASSWORD

E_HEADERS = ["统一社会信用代码", "企业名称", "行业代码", "所属街道", "经营状态", "联系电话"]


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def xlsx(headers, rows, name="导入.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook_bytes(headers, rows))


@pytest.fixture
def actor(world):
    return Actor(user=world.user("supervisor"), ip="127.0.0.1", source="import")


def _errors(result):
    return [(e.row, e.column, e.message) for e in result.errors]


def test_enterprise_import_creates_all_rows(world, actor):
    rows = [
        [make_code("i1"), "德州一号纺织有限公司", "1713", "新湖街道办事处", "在营", "13900001111"],
        [make_code("i2").lower(), "德州二号商贸有限公司", "5123", world.street.code, "停产", ""],
    ]
    result = imports.import_enterprises(actor, xlsx(E_HEADERS, rows))
    assert result.ok, _errors(result)
    assert Enterprise.objects.count() == 2
    e2 = Enterprise.objects.get(name="德州二号商贸有限公司")
    assert e2.credit_code == make_code("i2") and e2.status == "suspended" and e2.industry.code == "51"
    assert AuditLog.objects.filter(action="enterprise.create").count() == 2
    assert AuditLog.objects.filter(action="enterprise.import").count() == 1


def test_enterprise_import_refuses_bad_rows_and_writes_nothing(world, actor):
    existing = make_enterprise(world)
    good = make_code("ok")
    bad_check = good[:17] + ("1" if good[17] != "1" else "2")
    rows = [
        [good, "合格企业有限公司", "1713", "新湖街道办事处", "在营", ""],  # row 2: fine alone
        [bad_check, "校验码错企业", "1713", "新湖街道办事处", "在营", ""],  # row 3
        ["12345", "位数错企业", "1713", "新湖街道办事处", "在营", ""],  # row 4
        [make_code("x"), "街道错企业", "1713", "不存在街道", "在营", ""],  # row 5
        [good, "重复企业", "1713", "新湖街道办事处", "在营", ""],  # row 6: duplicate of row 2
        [existing.credit_code, "已在库企业", "1713", "新湖街道办事处", "在营", ""],  # row 7
        [make_code("y"), "行业错企业", "9999", "新湖街道办事处", "歇业", ""],  # row 8
    ]
    result = imports.import_enterprises(actor, xlsx(E_HEADERS, rows))
    errors = _errors(result)
    assert not result.ok
    assert Enterprise.objects.count() == 1  # only the existing one
    by_row = {}
    for row, column, message in errors:
        by_row.setdefault(row, []).append((column, message))
    assert 2 not in by_row
    assert by_row[3] == [("统一社会信用代码", by_row[3][0][1])] and "校验码" in by_row[3][0][1]
    assert "18位" in by_row[4][0][1]
    assert by_row[5][0][0] == "所属街道" and "不存在街道" in by_row[5][0][1]
    assert "第2行" in by_row[6][0][1] or "2" in by_row[6][0][1]
    assert "已在" in by_row[7][0][1] or existing.name in by_row[7][0][1]
    assert {c for c, _m in by_row[8]} == {"行业代码", "经营状态"}


def test_enterprise_import_wrong_columns(world, actor):
    result = imports.import_enterprises(actor, xlsx(["名字", "代码"], [["a", "b"]]))
    assert not result.ok and result.errors[0].row == 1


F_HEADERS = [
    "统一社会信用代码",
    "企业名称",
    "年份",
    "月份",
    "主营业务收入（万元）",
    "从业人员（人）",
    "区级税收（万元）",
]


def test_figure_import_writes_periods_and_refreshes_status(world, actor):
    e = make_enterprise(world, industry_code="1713")
    EnterpriseFigure.objects.create(enterprise=e, year=2025, month=None, main_revenue=10, tax_total=Decimal(7))
    rows = [
        [e.credit_code, e.name, 2025, None, "2500.5", 80, "12.3"],
        [e.credit_code, "", 2026, 1, 300, None, None],
    ]
    result = imports.import_figures(actor, xlsx(F_HEADERS, rows))
    assert result.ok, _errors(result)
    annual = EnterpriseFigure.objects.get(enterprise=e, year=2025, month=None)
    assert annual.main_revenue == Decimal("2500.5") and annual.employees == 80
    assert annual.tax_total == Decimal(7)  # a column absent from the file keeps its value
    assert EnterpriseFigure.objects.get(enterprise=e, year=2026, month=1).main_revenue == 300
    assert EnterpriseYearStatus.objects.get(enterprise=e, year=2025).is_above_scale
    assert AuditLog.objects.filter(action="enterprise_figure.set").count() == 2
    assert AuditLog.objects.filter(action="enterprise_figure.import").count() == 1


def test_figure_import_bad_input_writes_nothing(world, actor):
    e = make_enterprise(world)
    rows = [
        [e.credit_code, e.name, 2025, None, "-5", 10, None],  # row 2: negative
        [e.credit_code, e.name, 2025, 2, "abc", None, None],  # row 3: not a number
        [make_code("nobody"), "", 2025, None, 1, None, None],  # row 4: not in the registry
        [e.credit_code[:17] + "0" if e.credit_code[17] != "0" else e.credit_code[:17] + "1", "", 2025, 3, 1, 1, 1],
        [e.credit_code, "别的公司", 2025, 4, 1, None, None],  # row 6: name does not match
        [e.credit_code, e.name, 2025, 5, 1, None, None],  # row 7
        [e.credit_code, e.name, 2025, 5, 2, None, None],  # row 8: duplicate period of row 7
        [e.credit_code, e.name, 2025, 13, 2, "1.5", None],  # row 9: month 13, employees not whole
    ]
    result = imports.import_figures(actor, xlsx(F_HEADERS, rows))
    assert not result.ok
    assert not EnterpriseFigure.objects.exists()
    cells = {(r, c) for r, c, _m in _errors(result)}
    assert (2, "主营业务收入（万元）") in cells
    assert (3, "主营业务收入（万元）") in cells
    assert (4, "统一社会信用代码") in cells
    assert (5, "统一社会信用代码") in cells
    assert (6, "企业名称") in cells
    assert (8, "统一社会信用代码") in cells and (7, "统一社会信用代码") not in cells
    assert (9, "月份") in cells and (9, "从业人员（人）") in cells


def test_figure_import_needs_the_confidential_permission(world, client):
    assert client.login(username="clerk", password=PASSWORD)
    assert client.get("/enterprises/import/figures/").status_code == 403


def test_import_pages_round_trip(world, client):
    assert client.login(username="supervisor", password=PASSWORD)
    template = client.get("/enterprises/import/template/enterprises/")
    assert template.status_code == 200
    upload = SimpleUploadedFile("企业.xlsx", template.content)  # the example row is refused
    response = client.post("/enterprises/import/", {"file": upload})
    assert response.status_code == 400
    assert "示例" in response.content.decode()
    assert not Enterprise.objects.exists()
    for kind in ("tax", "stats"):
        assert client.get(f"/enterprises/import/template/{kind}/").status_code == 200
    assert client.get("/enterprises/import/template/other/").status_code == 404
    rows = [[make_code("page"), "页面导入有限公司", "1391", "新湖街道办事处", "在营", ""]]
    response = client.post("/enterprises/import/", {"file": xlsx(E_HEADERS, rows)})
    assert response.status_code == 302
    assert Enterprise.objects.filter(name="页面导入有限公司").exists()


def test_figure_import_refuses_enterprises_outside_the_users_streets(world):
    from gongjian.testing import make_unit, make_user

    other_street = make_unit("运河街道办事处", "YH", world.district, kind="street")
    admin = make_user("yh_admin", other_street, "unit_admin")
    mine = make_enterprise(name="运河企业", street=other_street)
    theirs = make_enterprise(world, name="新湖企业")
    actor = Actor(user=admin, ip="127.0.0.1", source="import")
    rows = [[mine.credit_code, "", 2025, None, 100, None, None], [theirs.credit_code, "", 2025, None, 100, None, None]]
    result = imports.import_figures(actor, xlsx(F_HEADERS, rows))
    assert _errors(result) == [(3, "统一社会信用代码", "新湖企业 不在您负责的街道范围内。")]
    assert not EnterpriseFigure.objects.exists()
    result = imports.import_figures(actor, xlsx(F_HEADERS, rows[:1]))
    assert result.ok and EnterpriseFigure.objects.get().enterprise == mine
