"""The quarterly survey import: atomic, per-row errors, move-in/move-out history."""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from gongjian.buildings.imports import SurveySpec, import_survey, survey_template_bytes
from gongjian.buildings.models import Space, Tenancy
from gongjian.buildings.testing import make_building, make_space, make_tenancy
from gongjian.core.models import AuditLog
from gongjian.enterprises.models import Enterprise
from gongjian.enterprises.testing import make_enterprise
from gongjian.enterprises.uscc import make_code
from gongjian.testing import PASSWORD

DAY = dt.date(2026, 6, 30)


def upload(rows):
    spec = SurveySpec()
    keys = [c.key for c in spec.columns]
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in spec.columns])
    for row in rows:
        ws.append([row.get(k) for k in keys])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("survey.xlsx", buf.getvalue())


def row(floor, room, area, use, code=None, name=None, **kw):
    return {"floor": floor, "room": room, "area": area, "use": use, "credit_code": code, "name": name, **kw}


def test_template_has_the_columns():
    wb = load_workbook(io.BytesIO(survey_template_bytes()))
    headers = [c.value for c in wb.worksheets[0][1]]
    assert headers == [c.header for c in SurveySpec().columns]


def test_import_creates_spaces_tenancies_and_moves_out_missing(world, actor_of):
    b = make_building(world)
    stay = make_enterprise(world)
    gone = make_enterprise(world)
    s1 = make_space(b, floor="1F", room="101", area=Decimal(200))
    kept = make_tenancy(b, enterprise=stay, space=s1, move_in=dt.date(2025, 1, 1), leased_area=Decimal(200))
    left = make_tenancy(b, enterprise=gone, move_in=dt.date(2025, 1, 1))
    new_code = make_code("survey-new")
    result = import_survey(
        actor_of("supervisor"),
        b,
        DAY,
        upload(
            [
                row(
                    "1F", "101", 200, "出租", stay.credit_code, stay.name, registered_local="是", leaving_intention="是"
                ),
                row("2F", "201", 300, "出租", new_code, "新入驻有限公司", move_in=dt.date(2026, 5, 1)),
                row("3F", "", 500, "空置"),
            ]
        ),
    )
    assert result.ok, result.errors
    kept.refresh_from_db()
    left.refresh_from_db()
    assert kept.move_out is None and kept.registered_local and kept.leaving_intention
    assert left.move_out == DAY  # missing from the survey: moved out on the survey date, history kept
    assert [t.pk for t in result.moved_out] == [left.pk]
    new = Tenancy.objects.get(enterprise__credit_code=new_code)
    assert new.move_in == dt.date(2026, 5, 1) and new.space.floor == "2F" and new.leased_area == Decimal(300)
    assert Enterprise.objects.get(credit_code=new_code).street == world.street
    assert Space.objects.filter(building=b).count() == 3
    assert AuditLog.objects.filter(action="survey.import").count() == 1


def test_bad_rows_listed_and_nothing_written(world, actor_of):
    b = make_building(world, lettable_area=Decimal(1000))
    gone = make_tenancy(b, move_in=dt.date(2025, 1, 1))
    before = (Space.objects.count(), Tenancy.objects.count(), Enterprise.objects.count(), AuditLog.objects.count())
    result = import_survey(
        actor_of("supervisor"),
        b,
        DAY,
        upload(
            [
                row("1F", "101", 100, "出租", make_code("ok-1"), "好企业"),  # a good row
                row("1F", "102", -5, "出租", make_code("ok-2"), "负面积"),  # negative area
                row("1F", "103", 100, "出租"),  # rented without a tenant
                row("1F", "104", 100, "空置", make_code("ok-3"), "空置却有企业"),
                row("1F", "101", 100, "自用"),  # duplicate floor/room
                row("1F", "105", 100, "租出去了", make_code("ok-4"), "错用途"),
                row("1F", "106", 100, "出租", make_code("ok-5"), "超面积", leased_area=150),
            ]
        ),
    )
    assert not result.ok
    rows = sorted({e.row for e in result.errors})
    assert rows == [3, 4, 5, 6, 7, 8]
    assert all(e.message for e in result.errors)
    assert (
        Space.objects.count(),
        Tenancy.objects.count(),
        Enterprise.objects.count(),
        AuditLog.objects.count(),
    ) == before
    gone.refresh_from_db()
    assert gone.move_out is None


def test_unknown_enterprise_without_name_or_right_is_an_error(world, actor_of):
    b = make_building(world)
    result = import_survey(actor_of("supervisor"), b, DAY, upload([row("1F", "1", 10, "出租", make_code("x-1"))]))
    assert [e.row for e in result.errors] == [2]
    # a clerk may import but not register enterprises
    result = import_survey(
        actor_of("street_clerk"), b, DAY, upload([row("1F", "1", 10, "出租", make_code("x-2"), "新企业")])
    )
    assert [e.row for e in result.errors] == [2]
    assert not Tenancy.objects.exists()


def test_leased_area_over_lettable_is_a_row_error(world, actor_of):
    b = make_building(world, floor_area=Decimal(200), lettable_area=Decimal(100))
    e = make_enterprise(world)
    result = import_survey(actor_of("supervisor"), b, DAY, upload([row("1F", "1", 150, "出租", e.credit_code)]))
    assert not result.ok and result.errors[0].row == 2
    assert not Tenancy.objects.exists()


def test_import_page(world, client):
    b = make_building(world)
    assert client.login(username=world.user("supervisor").username, password=PASSWORD)
    assert client.get("/buildings/survey/import/").status_code == 200
    assert client.get("/buildings/survey/template/").status_code == 200
    e = make_enterprise(world)
    r = client.post(
        "/buildings/survey/import/",
        {"building": b.pk, "survey_date": "2026-06-30", "file": upload([row("1F", "1", 10, "出租", e.credit_code)])},
    )
    assert r.status_code == 302
    assert Tenancy.objects.filter(building=b, enterprise=e).exists()
    r = client.post(
        "/buildings/survey/import/",
        {"building": b.pk, "survey_date": "2026-06-30", "file": upload([row("1F", "1", -1, "出租", e.credit_code)])},
    )
    assert r.status_code == 400 and 'id="import-errors"' in r.content.decode()


def test_invalid_credit_code_is_a_row_error(world, actor_of):
    b = make_building(world)
    good = make_code("fine-1")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")  # wrong check character
    result = import_survey(
        actor_of("supervisor"),
        b,
        DAY,
        upload([row("1F", "1", 10, "出租", good, "正常企业"), row("1F", "2", 10, "出租", bad, "错码企业")]),
    )
    assert [e.row for e in result.errors] == [3]
    assert not Tenancy.objects.exists() and not Enterprise.objects.filter(name="正常企业").exists()


def district_upload(rows, name="全区楼宇调查.xlsx"):
    from gongjian.core.xlsx_import import Lookup

    spec = SurveySpec(Lookup([]))
    keys = [c.key for c in spec.columns]
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in spec.columns])
    for r in rows:
        ws.append([r.get(k) for k in keys])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def test_the_district_survey_takes_every_building_in_one_workbook(world, actor_of):
    from gongjian.buildings.imports import import_district_survey

    a, b = make_building(world, name="甲大厦"), make_building(world, name="乙大厦")
    gone = make_tenancy(b, move_in=dt.date(2025, 1, 1))
    code_a, code_b = make_code("district-a"), make_code("district-b")
    rows = [
        {**row("1F", "101", 200, "出租", code_a, "甲入驻有限公司"), "building": "甲大厦"},
        {**row("1F", "101", 300, "出租", code_b, "乙入驻有限公司"), "building": "乙大厦"},  # same room, other building
    ]
    result = import_district_survey(actor_of("supervisor"), DAY, district_upload(rows))
    assert result.ok, result.errors
    assert Tenancy.objects.get(enterprise__credit_code=code_a).building == a
    assert Tenancy.objects.get(enterprise__credit_code=code_b).building == b
    gone.refresh_from_db()
    assert gone.move_out == DAY  # not in 乙大厦's rows: moved out
    assert AuditLog.objects.filter(action="survey.import").count() == 2
    wb = load_workbook(io.BytesIO(survey_template_bytes(district=True)))
    assert next(c.value for c in wb.worksheets[0][1]) == "楼宇"


def test_the_district_survey_writes_nothing_when_one_building_is_wrong(world, actor_of):
    from gongjian.buildings.imports import import_district_survey

    make_building(world, name="甲大厦", lettable_area=Decimal(1000))
    rows = [
        {**row("1F", "101", 200, "出租", make_code("d-a"), "甲入驻有限公司"), "building": "甲大厦"},
        {**row("1F", "102", 200, "出租", make_code("d-b"), "乙入驻有限公司"), "building": "不存在大厦"},
        {**row("1F", "101", 100, "空置"), "building": "甲大厦"},
    ]
    before = (Space.objects.count(), Tenancy.objects.count(), Enterprise.objects.count())
    result = import_district_survey(actor_of("supervisor"), DAY, district_upload(rows))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "楼宇"), (4, "房间/区域")]
    assert (Space.objects.count(), Tenancy.objects.count(), Enterprise.objects.count()) == before


def test_the_district_survey_through_the_api(world):
    from rest_framework.test import APIClient

    make_building(world, name="甲大厦")
    code = make_code("district-api")
    api = APIClient()
    api.force_authenticate(world.user("supervisor"))
    body = {
        "survey_date": DAY.isoformat(),
        "file": district_upload([{**row("1F", "1", 50, "出租", code, "甲方"), "building": "甲大厦"}]),
    }
    response = api.post("/api/imports/building-survey/", body, format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["imported"] == 1
    assert Tenancy.objects.get(enterprise__credit_code=code).building.name == "甲大厦"
