"""Pages: list with colours and filters, detail, forms, review actions, Excel import and export, my work."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from gongjian.core.excel import XLSX_CONTENT_TYPE
from gongjian.indicators import figures, imports, services
from gongjian.indicators.models import Actual, ActualRevision, Benchmark, Indicator
from gongjian.testing import PASSWORD, local_moment

from .support import TODAY, actor, make_indicator, month

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(local_moment(TODAY))


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _fill(ind, values, world):
    clerk, sup = actor(world, "clerk"), actor(world, "supervisor")
    for m, v in enumerate(values, start=1):
        services.accept_actual(sup, services.submit_actual(clerk, ind, period_start=month(m), value=v, today=TODAY))


def _grow(world, n, start=0):
    for i in range(start, start + n):
        ind = make_indicator(world, code=f"G{i:03d}", name=f"指标{i}")
        for m in (1, 2, 3):
            Actual.objects.create(
                indicator=ind,
                period_start=month(m),
                value=1,
                accepted_value=1,
                status="accepted",
                submitted_at=timezone.now(),
            )
            Benchmark.objects.create(indicator=ind, period_start=month(m), region="陵城区", value=2)


def test_list_shows_colour_achievement_and_counts(world, client):
    green = make_indicator(world, code="A", name="绿灯指标")
    red = make_indicator(world, code="B", name="红灯指标")
    _fill(green, [1, 1, 1, 1, 1, 1], world)
    _fill(red, [0, 0, 1, 0, 0, 1], world)
    login(client, world.user("supervisor"))
    response = client.get("/indicators/")
    assert response.status_code == 200
    rows = {r.name: r.status for r in response.context["rows"]}
    assert rows["绿灯指标"].colour == "green" and rows["绿灯指标"].achievement == 100
    assert rows["红灯指标"].colour == "red"
    assert response.context["counts"] == {"red": 1, "yellow": 0, "green": 1}
    only_red = client.get("/indicators/", {"colour": "red"}).context["rows"]
    assert [r.name for r in only_red] == ["红灯指标"]


def test_list_filters_by_unit_of_measure_and_scope(world, client):
    make_indicator(world, code="A", name="家数")
    make_indicator(world, code="B", name="税收", unit="亿元")
    # the street's, outside the areas the bureau leads (the bureau's users see the indicators of its areas)
    make_indicator(world, code="C", name="街道指标", lead_unit=world.street, source_unit=world.street, area=None)
    login(client, world.user("supervisor"))
    assert [r.name for r in client.get("/indicators/", {"measure": "亿元"}).context["rows"]] == ["税收"]
    client.logout()
    login(client, world.user("clerk"))
    assert sorted(r.name for r in client.get("/indicators/").context["rows"]) == ["家数", "税收"]


def test_export_has_colours_and_forecast(world, client):
    ind = make_indicator(world)
    _fill(ind, [1, 1, 1, 1, 1, 1], world)
    login(client, world.user("supervisor"))
    response = client.get("/indicators/", {"export": "xlsx"})
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = values[0]
    row = dict(zip(header, values[1], strict=False))
    assert row[header[1]] == "新增规模以上企业"
    assert 100 in values[1] and 12 in values[1]  # achievement %, projected year end


def test_detail_shows_trajectory_actual_history_benchmarks_and_forecast(world, client):
    ind = make_indicator(world, target=Decimal(12))
    _fill(ind, [2, 2, 2, 1, 1, 1], world)  # green now (9 of 6 planned), trend slows: projection still ≥ 12
    services.submit_actual(actor(world, "clerk"), ind, period_start=month(6), value=0, today=TODAY)
    services.set_benchmark(actor(world, "supervisor"), ind, period_start=month(5), region="陵城区", value="10")
    services.set_benchmark(actor(world, "supervisor"), ind, period_start=month(5), region="禹城市", value="6")
    login(client, world.user("supervisor"))
    response = client.get(f"/indicators/{ind.pk}/")
    assert response.status_code == 200
    ctx = response.context
    assert len(ctx["trajectory"]) == 12 and ctx["trajectory"][5]["actual"] == "9"
    (bench,) = ctx["benchmarks"]
    assert bench["own"] == 8 and bench["rank"].position == 2 and bench["rank"].of == 3
    june = next(a for a in ctx["actuals"] if a.period_start == month(6))
    assert [r.value for r in june.revisions.all()] == [1]
    assert ctx["status"].forecast.projected is not None
    body = response.content.decode()
    assert "陵城区" in body and 'id="forecast"' in body


def test_detail_says_when_a_data_source_is_not_available(world, client):
    ind = make_indicator(world, source_key="enterprises.new_above_scale_not_here")
    login(client, world.user("clerk"))
    response = client.get(f"/indicators/{ind.pk}/")
    assert response.context["source_missing"] is True and response.context["can_enter"] is True


def test_projected_miss_is_shown(world, client):
    ind = make_indicator(world, target=Decimal(12))
    _fill(ind, [2, 1, 1, 1, 1, 0], world)  # 6 of 6 planned: green; the trend ends below 12
    login(client, world.user("leader"))
    response = client.get(f"/indicators/{ind.pk}/")
    assert response.context["status"].projected_miss
    assert 'id="projected-miss"' in response.content.decode()


def test_actual_form_refuses_a_period_not_over_in_chinese(world, client):
    ind = make_indicator(world)
    login(client, world.user("clerk"))
    with translation.override("zh-hans"):
        response = client.post(
            f"/indicators/{ind.pk}/actual/",
            {"period_start": "2026-07-01", "value": "1", "unit": "家", "entry": "period"},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    assert response.status_code == 400
    assert "尚未结束" in " ".join(response.context["form"].errors["period_start"])
    assert not Actual.objects.exists()


def test_actual_form_takes_a_year_to_date_figure(world, client):
    ind = make_indicator(world)
    login(client, world.user("clerk"))
    data = {"period_start": "2026-01-01", "value": "2", "unit": "家", "entry": "period"}
    assert client.post(f"/indicators/{ind.pk}/actual/", data).status_code == 302
    data = {"period_start": "2026-02-01", "value": "5", "unit": "家", "entry": "ytd"}
    assert client.post(f"/indicators/{ind.pk}/actual/", data).status_code == 302
    assert ind.actuals.get(period_start=month(2)).value == 3
    bad = {"period_start": "2026-03-01", "value": "NaN", "unit": "家", "entry": "period"}
    response = client.post(f"/indicators/{ind.pk}/actual/", bad)
    assert response.status_code == 400 and "value" in response.context["form"].errors


def test_review_buttons_accept_and_return(world, client):
    ind = make_indicator(world)
    a = services.submit_actual(actor(world, "clerk"), ind, period_start=month(6), value=2, today=TODAY)
    login(client, world.user("supervisor"))
    client.post(f"/indicators/actuals/{a.pk}/return/", {"reason": ""})
    a.refresh_from_db()
    assert a.status == "submitted"
    client.post(f"/indicators/actuals/{a.pk}/return/", {"reason": "请附统计月报"})
    a.refresh_from_db()
    assert (a.status, a.return_reason) == ("returned", "请附统计月报")
    services.submit_actual(actor(world, "clerk"), ind, period_start=month(6), value=3, today=TODAY)
    client.post(f"/indicators/actuals/{a.pk}/accept/")
    a.refresh_from_db()
    assert (a.status, a.accepted_value) == ("accepted", 3)
    assert ActualRevision.objects.filter(actual=a).count() == 1


def test_planned_values_page_saves_a_trajectory(world, client):
    ind = make_indicator(world, target=Decimal(12))
    login(client, world.user("supervisor"))
    data = {f"p_2026-{m:02d}-01": "1" for m in range(1, 13)}
    assert client.post(f"/indicators/{ind.pk}/plan/", data).status_code == 302
    assert ind.planned_values.count() == 12
    data.pop("p_2026-12-01")
    response = client.post(f"/indicators/{ind.pk}/plan/", data)
    assert response.status_code == 400 and ind.planned_values.count() == 12


def test_add_indicator_page(world, client):
    login(client, world.user("supervisor"))
    data = {
        "campaign": world.campaign.pk,
        "name": "楼宇经济贡献税收",
        "unit": "亿元",
        "direction": "higher",
        "kind": "cumulative",
        "comparator": ">",
        "target": "6",
        "frequency": "monthly",
        "lead_unit": world.bureau.pk,
        "source_unit": world.street.pk,
    }
    response = client.post("/indicators/add/", data)
    assert response.status_code == 302, response.context["form"].errors
    response = client.post("/indicators/add/", {**data, "name": "矛盾", "comparator": "<"})
    assert response.status_code == 400 and "comparator" in response.context["form"].errors


@pytest.mark.parametrize("page", ["/indicators/", "DETAIL", "/my-work/"])
@pytest.mark.parametrize("role", ["supervisor", "clerk"])
def test_query_count_does_not_grow_with_rows(world, client, page, role):
    login(client, world.user(role))
    first = make_indicator(world, code="F", name="首个")

    def count() -> int:
        url = f"/indicators/{first.pk}/" if page == "DETAIL" else page
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    Actual.objects.create(indicator=first, period_start=month(4), value=1, submitted_at=timezone.now())
    _grow(world, 3)
    small = count()
    _grow(world, 25, start=3)
    for m in (1, 2, 3):
        Actual.objects.create(indicator=first, period_start=month(m), value=1, submitted_at=timezone.now())
    large = count()
    assert large == small, f"{page}: {small} queries with few rows, {large} with many"
    assert small <= 30


# --- Excel import ---------------------------------------------------------------------------------------------


def _workbook(rows, headers=("指标名称", "期间", "数值", "计量单位", "口径", "备注")) -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = imports.SHEET_NAME
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("实际值.xlsx", buf.getvalue(), content_type=XLSX_CONTENT_TYPE)


def test_import_is_all_or_nothing_with_row_errors(world):
    ind = make_indicator(world)
    tax = make_indicator(world, code="T", name="楼宇税收", unit="亿元", target=Decimal(6))
    clerk = actor(world, "clerk")
    bad = _workbook(
        [
            ("新增规模以上企业", "2026年1月", 1, None, None, None),
            ("楼宇税收", "2026-02", 3000, "万元", None, None),
            ("新增规模以上企业", "2026年7月", 1, None, None, None),  # not over yet
            ("不存在的指标", "2026年3月", 1, None, None, None),
            ("楼宇税收", "2026年4月", 1, "家", None, None),
        ]
    )
    result = imports.import_actuals(clerk, world.campaign, bad)
    assert not result.ok
    errors = {(e.row, e.column) for e in result.errors}
    assert (5, "指标名称") in errors
    assert not Actual.objects.exists()
    result = imports.import_actuals(
        clerk, world.campaign, _workbook([("新增规模以上企业", "2026年7月", 1, None, None, None)])
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "期间")]
    good = _workbook(
        [
            ("新增规模以上企业", "2026年1月", 1, None, None, None),
            ("新增规模以上企业", "2026年2月", 3, None, "累计", "含1家迁入"),
            ("楼宇税收", "2026-02", 3000, "万元", None, None),
        ]
    )
    result = imports.import_actuals(clerk, world.campaign, good)
    assert result.ok, result.errors
    assert ind.actuals.get(period_start=month(2)).value == 2
    assert tax.actuals.get(period_start=month(2)).value == Decimal("0.3")


def test_import_pages(world, client):
    make_indicator(world)
    login(client, world.user("clerk"))
    assert client.get("/indicators/actuals/import/").status_code == 200
    template = client.get(f"/indicators/actuals/import/template/{world.campaign.pk}/")
    assert template.status_code == 200 and template["Content-Type"] == XLSX_CONTENT_TYPE
    upload = _workbook([("新增规模以上企业", "2026年9月", 1, None, None, None)])
    response = client.post("/indicators/actuals/import/", {"campaign": world.campaign.pk, "file": upload})
    assert response.status_code == 400
    assert client.get(response.context["report_url"]).status_code == 200
    upload = _workbook([("新增规模以上企业", "2026年3月", 1, None, None, None)])
    response = client.post("/indicators/actuals/import/", {"campaign": world.campaign.pk, "file": upload})
    assert response.status_code == 302 and Actual.objects.count() == 1


# --- my work --------------------------------------------------------------------------------------------------


def test_my_work_lists_actuals_to_enter_and_to_review(world, client):
    ind = make_indicator(world)
    other = make_indicator(world, code="Z2", name="已报")
    services.submit_actual(actor(world, "clerk"), other, period_start=month(6), value=1, today=TODAY)
    login(client, world.user("clerk"))
    sections = {s["template"]: s for s in client.get("/my-work/").context["sections"]}
    enter = sections["indicators/includes/my_work_enter.html"]
    assert [r["indicator"].pk for r in enter["rows"]] == [ind.pk] and enter["rows"][0]["period"].start == month(6)
    client.logout()
    login(client, world.user("supervisor"))
    sections = {s["template"]: s for s in client.get("/my-work/").context["sections"]}
    review = sections["indicators/includes/my_work_review.html"]
    assert review["count"] == 1 and review["rows"][0].indicator == other
    client.logout()
    login(client, world.user("street_clerk"))
    sections = {s["template"]: s for s in client.get("/my-work/").context["sections"]}
    assert sections["indicators/includes/my_work_enter.html"]["count"] == 0


#: The list's queries, whatever the number of indicators (session and user, the user's unit and permissions, the
#: filter form's choices, the count, one page of rows with their stored figures, the colour counts): the same
#: for every role, filtered and sorted by the figures or not.
LIST_QUERIES = {"": 15, "?colour=red&sort=-figures__achievement": 15}


@pytest.mark.parametrize("role", ["supervisor", "clerk"])
@pytest.mark.parametrize("query", sorted(LIST_QUERIES))
def test_list_query_count_is_pinned(world, client, role, query):
    login(client, world.user(role))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/indicators/{query}").status_code == 200
        return len(ctx.captured_queries)

    def grow(n, start=0):
        _grow(world, n, start)
        figures.refresh(Indicator.objects.all())  # June unreported: every indicator grown is red

    grow(3)
    count()  # content types and the like, cached per process
    small = count()
    grow(40, start=3)
    assert client.get(f"/indicators/{query}").context["page"].paginator.count == 43
    assert (small, count()) == (LIST_QUERIES[query], LIST_QUERIES[query])
