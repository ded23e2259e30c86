"""Campaign pages: scope in lists, counts and exports; filters; bad input; the report workflow; query budgets."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongjian.campaigns.choices import ReportStatus
from gongjian.campaigns.models import Item, Milestone, Report
from gongjian.core.models import AuditLog
from gongjian.testing import PASSWORD, local_moment, make_item


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def xlsx_rows(response):
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(r) for r in wb.active.iter_rows(values_only=True)]


# --- scope ------------------------------------------------------------------------------------------------


def test_item_list_shows_only_items_in_scope(world, client):
    login(client, world.user("clerk"))
    html = client.get("/campaigns/items/").content.decode()
    assert world.own_item.title in html
    assert world.coop_item.title in html
    assert world.other_item.title not in html


def test_search_does_not_reveal_out_of_scope_items(world, client):
    login(client, world.user("clerk"))
    response = client.get("/campaigns/items/", {"q": "楼宇招商"})
    assert world.other_item.title not in response.content.decode()
    assert response.context["page"].paginator.count == 0
    client.logout()
    login(client, world.user("street_clerk"))
    assert client.get("/campaigns/items/", {"q": "楼宇招商"}).context["page"].paginator.count == 1


def test_export_contains_only_items_in_scope_and_every_column(world, client):
    login(client, world.user("clerk"))
    response = client.get("/campaigns/items/", {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response)
    codes = sorted(r[0] for r in rows[1:])
    assert codes == ["2-01", "2-02"]
    assert len(rows[0]) == 12
    assert rows[0][-1] == "预警"


def test_export_of_a_filtered_list_follows_the_filter(world, client):
    login(client, world.user("supervisor"))
    rows = xlsx_rows(client.get("/campaigns/items/", {"export": "xlsx", "unit": world.street.pk}))
    assert sorted(r[0] for r in rows[1:]) == ["2-02", "2-03"]


def test_export_writes_formula_like_text_as_text(world, client):
    world.own_item.title = '=HYPERLINK("http://evil","x")'
    world.own_item.save()
    login(client, world.user("supervisor"))
    response = client.get("/campaigns/items/", {"export": "xlsx"})
    wb = load_workbook(io.BytesIO(response.content))
    cells = [c for row in wb.active.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells, "the formula-like title should be in the export"
    assert all(c.data_type == "s" for c in cells)


def test_overview_counts_only_items_in_scope(world, client):
    login(client, world.user("clerk"))
    response = client.get("/")
    assert response.context["totals"]["total"] == 2
    login(client, world.user("leader"))
    assert client.get("/").context["totals"]["total"] == 3


def test_out_of_scope_report_is_404_for_the_street(world, client):
    login(client, world.user("street_clerk"))
    assert client.get(f"/campaigns/items/{world.own_item.pk}/").status_code == 404
    assert client.get("/campaigns/items/999999/").status_code == 404


# --- filters ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "major_project"}, ["2-01"]),
        ({"status": "done"}, ["2-03"]),
        ({"overdue": "true"}, ["2-02"]),
        ({"overdue": "false"}, ["2-01", "2-03"]),
        ({"q": "技改"}, ["2-01"]),
        ({"unit": "BUREAU"}, ["2-01", "2-02"]),
    ],
)
def test_item_filters(world, client, world_today, params, expected):  # "overdue" is counted from world_today
    world.own_item.kind = "major_project"
    world.own_item.save()
    Item.objects.filter(pk=world.other_item.pk).update(completed_on=dt.date(2026, 3, 1), progress=100)
    Item.objects.filter(pk=world.coop_item.pk).update(due_date=dt.date(2026, 1, 31))
    if params.get("unit") == "BUREAU":
        params = {"unit": world.bureau.pk}
    login(client, world.user("supervisor"))
    rows = xlsx_rows(client.get("/campaigns/items/", {**params, "export": "xlsx"}))
    assert sorted(r[0] for r in rows[1:]) == expected


def test_bad_filter_values_do_not_break_the_list(world, client):
    login(client, world.user("supervisor"))
    response = client.get("/campaigns/items/", {"unit": "abc", "due_before": "2026-13-45", "status": "x", "page": "z"})
    assert response.status_code == 200


# --- bad input --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"period_start": "2026-03-01", "percent": "150", "narrative": "x"}, "percent"),
        ({"period_start": "2026-03-01", "percent": "abc", "narrative": "x"}, "percent"),
        ({"period_start": "2030-01-01", "percent": "10", "narrative": "x"}, "period_start"),
        ({"period_start": "not-a-date", "percent": "10", "narrative": "x"}, "period_start"),
        ({"period_start": "2026-03-01", "percent": "10", "narrative": ""}, "narrative"),
    ],
)
def test_report_form_rejects_bad_input_naming_the_field(world, client, data, field):
    login(client, world.user("clerk"))
    response = client.post(f"/campaigns/items/{world.own_item.pk}/report/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Report.objects.exists()


def test_report_with_a_disallowed_attachment_is_refused_and_nothing_written(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, world.user("clerk"))
    bad = SimpleUploadedFile("进展.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        f"/campaigns/items/{world.own_item.pk}/report/",
        {"period_start": "2026-03-01", "percent": "10", "narrative": "完成", "attachments": [bad]},
    )
    assert response.status_code == 400
    assert not Report.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="report.").exists()


def test_item_form_rejects_due_before_start(world, client):
    login(client, world.user("supervisor"))
    response = client.post(
        "/campaigns/items/add/",
        {
            "area": world.area.pk,
            "kind": "task",
            "title": "新事项",
            "leader": world.user("leader").pk,
            "lead_unit": world.bureau.pk,
            "start_date": "2026-06-01",
            "due_date": "2026-05-01",
            "weight": "1",
        },
    )
    assert response.status_code == 400
    assert "due_date" in response.context["form"].errors
    assert Item.objects.count() == 3


def test_item_form_creates_item_numbered_in_its_area(world, client):
    login(client, world.user("supervisor"))
    response = client.post(
        "/campaigns/items/add/",
        {
            "area": world.area.pk,
            "kind": "task",
            "title": "新增规上企业9家以上",
            "leader": world.user("leader").pk,
            "lead_unit": world.bureau.pk,
            "co_units": [world.street.pk],
            "start_date": "2026-03-20",
            "due_date": "2026-12-31",
            "weight": "2",
        },
    )
    assert response.status_code == 302
    item = Item.objects.get(title="新增规上企业9家以上")
    assert item.code == "2-04"
    assert list(item.co_units.all()) == [world.street]
    assert AuditLog.objects.get(action="item.create", object_id=str(item.pk)).ip == "127.0.0.1"


def test_return_without_reason_is_refused(world, client):
    now = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    report = Report.objects.create(
        item=world.own_item,
        period_start=dt.date(2026, 2, 1),
        percent=10,
        narrative="x",
        submitted_by=world.user("clerk"),
        submitted_at=now,
        first_submitted_at=now,
    )
    login(client, world.user("supervisor"))
    response = client.post(f"/campaigns/reports/{report.pk}/return/", {"reason": ""})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


# --- workflow through the pages ---------------------------------------------------------------------------


def test_submit_accept_updates_item_progress(world, client):
    login(client, world.user("clerk"))
    r = client.post(
        f"/campaigns/items/{world.own_item.pk}/report/",
        {"period_start": "2026-03-01", "percent": "40", "narrative": "设备进场", "problems": "资金缺口"},
    )
    assert r.status_code == 302
    report = Report.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    client.logout()
    login(client, world.user("supervisor"))
    assert client.post(f"/campaigns/reports/{report.pk}/accept/").status_code == 302
    report.refresh_from_db()
    world.own_item.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert world.own_item.progress == 40
    detail = client.get(f"/campaigns/items/{world.own_item.pk}/").content.decode()
    assert "审核通过了进展报告" in detail and "设备进场" in detail


def test_my_work_lists_missing_reports_and_reports_to_review(world, client, settings):
    login(client, world.user("clerk"))
    sections = client.get("/my-work/").context["sections"]
    to_report = next(s for s in sections if s["template"].endswith("my_work_report.html"))
    assert {r["item"].code for r in to_report["rows"]} == {"2-01"}  # 2-02: the bureau only co-operates
    client.logout()
    login(client, world.user("supervisor"))
    sections = client.get("/my-work/").context["sections"]
    assert any(s["template"].endswith("my_work_review.html") for s in sections)


def test_milestone_record_with_evidence(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ms = Milestone.objects.create(item=world.own_item, title="完成环评", planned_date=dt.date(2026, 2, 28))
    login(client, world.user("clerk"))
    response = client.post(
        f"/campaigns/milestones/{ms.pk}/record/",
        {"actual_date": "2026-02-27", "evidence": SimpleUploadedFile("批复.pdf", b"%PDF-1.7 ok")},
    )
    assert response.status_code == 302
    ms.refresh_from_db()
    assert ms.actual_date == dt.date(2026, 2, 27)
    assert ms.evidence_name == "批复.pdf"
    assert "批复" not in ms.evidence.name  # server-made storage name
    download = client.get(f"/campaigns/milestones/{ms.pk}/evidence/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7 ok"


# --- query budgets: the number of queries does not grow with the number of rows ----------------------------


def _grow(world, n: int, start: int = 0):
    leader = world.user("leader")
    now = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    for i in range(start, start + n):
        item = make_item(world.area, f"9-{i:03d}", world.bureau, leader, co_units=[world.street])
        Milestone.objects.create(item=item, title="节点", planned_date=dt.date(2026, 6, 30))
        Report.objects.create(
            item=item,
            period_start=dt.date(2026, 2, 1),
            percent=10,
            narrative="x",
            submitted_by=world.user("clerk"),
            submitted_at=now,
            first_submitted_at=now,
        )


PAGES = [
    "/",
    "/campaigns/items/",
    "/campaigns/items/?export=xlsx",
    "/campaigns/reports/",
    "/campaigns/reports/compliance/",
    "/my-work/",
    "AREA",
    "ITEM",
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["supervisor", "clerk"])
def test_query_count_does_not_grow_with_rows(world, client, page, role):
    login(client, world.user(role))

    def count() -> int:
        url = {"AREA": f"/campaigns/areas/{world.area.pk}/", "ITEM": f"/campaigns/items/{world.own_item.pk}/"}.get(
            page, page
        )
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _grow(world, 3)
    small = count()
    _grow(world, 30, start=3)
    large = count()
    assert large == small, f"{page}: {small} queries with few rows, {large} with many"
    assert small <= 25


def test_missing_report_counted_alike_on_overview_reporting_page_and_my_work(world, client, time_machine):
    """A report for a later period does not make up for a missing one; an item past its due date owes nothing."""

    time_machine.move_to(local_moment(dt.date(2026, 4, 20)))
    now = dt.datetime(2026, 4, 2, tzinfo=dt.UTC)
    # own_item: reported April (the current month) but not March -> missing March.
    Report.objects.create(
        item=world.own_item,
        period_start=dt.date(2026, 4, 1),
        percent=10,
        narrative="x",
        submitted_by=world.user("clerk"),
        submitted_at=now,
        first_submitted_at=now,
    )
    # coop_item: due in February -> owes no March report although not completed.
    Item.objects.filter(pk=world.coop_item.pk).update(due_date=dt.date(2026, 2, 28))
    login(client, world.user("supervisor"))
    totals = client.get("/").context["totals"]
    assert totals["missing_last"] == 2  # own_item and other_item
    page = client.get("/campaigns/reports/compliance/", {"period": "2026-03-01"}).context
    assert sorted(i.code for i in page["missing"]) == ["2-01", "2-03"]
    client.logout()
    login(client, world.user("clerk"))
    sections = client.get("/my-work/").context["sections"]
    to_report = next(s for s in sections if s["template"].endswith("my_work_report.html"))
    assert [r["item"].code for r in to_report["rows"]] == ["2-01"]


def test_compliance_counts_per_unit_and_lists_missing_up_to_the_limit(world, client, monkeypatch, time_machine):
    """On time, late, awaiting review, returned and missing per lead unit, counted in the database; the list
    of missing items stops at MISSING_LISTED with the number left out."""

    from gongjian.campaigns import queries

    time_machine.move_to(local_moment(dt.date(2026, 4, 20)))
    now = dt.datetime(2026, 4, 2, tzinfo=dt.UTC)
    extra = [make_item(world.area, f"2-{10 + i}", world.bureau, world.user("leader")) for i in range(4)]
    bureau_items = [world.own_item, *extra]  # five items led by 发改局
    states = [("accepted", False), ("accepted", True), ("submitted", False), ("returned", True)]
    for item, (status, late) in zip(bureau_items, states, strict=False):
        Report.objects.create(
            item=item,
            period_start=dt.date(2026, 3, 1),
            percent=10,
            narrative="x",
            status=status,
            is_late=late,
            submitted_by=world.user("clerk"),
            submitted_at=now,
            first_submitted_at=now,
        )
    monkeypatch.setattr(queries, "MISSING_LISTED", 1)
    login(client, world.user("supervisor"))
    page = client.get("/campaigns/reports/compliance/", {"period": "2026-03-01"})
    rows = {r.unit.pk: r for r in page.context["rows"]}
    bureau = rows[world.bureau.pk]
    assert (bureau.expected, bureau.on_time, bureau.late, bureau.missing) == (5, 2, 2, 1)
    assert (bureau.to_review, bureau.returned) == (1, 1)
    street = rows[world.street.pk]
    assert (street.expected, street.missing) == (2, 2)  # coop_item and other_item
    assert page.context["missing_total"] == 3
    assert len(page.context["missing"]) == 1
    assert page.context["missing_more"] == 2
    assert "另有 2 项" in page.content.decode()
