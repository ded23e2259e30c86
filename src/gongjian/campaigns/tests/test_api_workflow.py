"""REST API: milestones, progress reports (submit → accept / return) and leader actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongjian.campaigns.choices import ReportStatus
from gongjian.campaigns.models import Item, LeaderAction, Milestone, Report
from gongjian.core.models import AuditLog
from gongjian.org.choices import RoleChoices as R

from .api_support import assert_audited, clients, freeze_today, results


@pytest.fixture(autouse=True)
def today(time_machine):
    return freeze_today(time_machine)


@pytest.fixture
def api(world):
    return clients(world)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_report(item, user, period=dt.date(2026, 3, 1), percent=30, status=ReportStatus.SUBMITTED) -> Report:
    now = timezone.now()
    return Report.objects.create(
        item=item,
        period_start=period,
        percent=percent,
        narrative="完成前期手续",
        status=status,
        submitted_by=user,
        submitted_at=now,
        first_submitted_at=now,
    )


def make_milestone(item, title="完成立项", planned=dt.date(2026, 4, 30)) -> Milestone:
    return Milestone.objects.create(item=item, title=title, planned_date=planned)


# --- milestones -------------------------------------------------------------------------------------------


def test_milestone_add_by_supervisor(world, api):
    item = world.own_item
    payload = {"item": item.pk, "title": "完成立项", "planned_date": "2026-09-30"}
    response = api(R.SUPERVISOR).post("/api/milestones/", payload, format="json")
    assert response.status_code == 201, response.content
    ms = Milestone.objects.get(pk=response.json()["id"])
    assert (ms.item, ms.title, ms.actual_date) == (item, "完成立项", None)
    assert response.json()["is_late"] is False  # planned after "today"
    item.refresh_from_db()
    assert (item.milestones_total, item.milestones_met) == (1, 0)
    assert_audited("milestone.create", ms, user=world.user(R.SUPERVISOR))


def test_milestone_add_with_evidence_file(world, api):
    upload = SimpleUploadedFile("立项批复.pdf", PDF, content_type="application/pdf")
    payload = {"item": world.own_item.pk, "title": "完成立项", "planned_date": "2026-04-30", "evidence": upload}
    response = api(R.SUPERVISOR).post("/api/milestones/", payload, format="multipart")
    assert response.status_code == 201, response.content
    ms = Milestone.objects.get(pk=response.json()["id"])
    assert ms.evidence_name == "立项批复.pdf" and ms.evidence.read() == PDF
    assert response.json()["has_evidence"] is True
    assert "evidence" not in response.json()  # the stored file is never exposed by name or path


def test_milestone_add_denied_to_clerk_and_scoped_item(world, api):
    before = Milestone.objects.count()
    payload = {"item": world.own_item.pk, "title": "完成立项", "planned_date": "2026-04-30"}
    assert api(R.CLERK).post("/api/milestones/", payload, format="json").status_code == 403
    assert Milestone.objects.count() == before
    # An item id the user cannot see is "does not exist", whatever the role.
    response = api(R.SUPERVISOR).post("/api/milestones/", {**payload, "item": 999999}, format="json")
    assert response.status_code == 400 and "item" in response.json()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "x", "planned_date": "2026-13-01"}, "planned_date"),
        ({"planned_date": "2026-04-30"}, "title"),
        ({"title": "x"}, "planned_date"),
        ({"title": "x", "planned_date": "2026-04-30", "evidence": "not a file"}, "evidence"),
    ],
)
def test_milestone_bad_input(world, api, payload, field):
    response = api(R.SUPERVISOR).post("/api/milestones/", {"item": world.own_item.pk, **payload}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Milestone.objects.exists()


def test_milestone_evidence_of_a_forbidden_type_is_400(world, api):
    upload = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    payload = {"item": world.own_item.pk, "title": "x", "planned_date": "2026-04-30", "evidence": upload}
    response = api(R.SUPERVISOR).post("/api/milestones/", payload, format="multipart")
    assert response.status_code == 400
    assert "evidence" in response.json()
    assert not Milestone.objects.exists()


def test_milestone_patch_updates_title_and_dates(world, api):
    ms = make_milestone(world.own_item)
    response = api(R.SUPERVISOR).patch(f"/api/milestones/{ms.pk}/", {"planned_date": "2026-05-31"}, format="json")
    assert response.status_code == 200, response.content
    ms.refresh_from_db()
    assert ms.planned_date == dt.date(2026, 5, 31)
    rec = assert_audited("milestone.update", ms)
    assert (rec.before["planned_date"], rec.after["planned_date"]) == ("2026-04-30", "2026-05-31")
    # The item a milestone belongs to is not writable through PATCH: refused with the field named.
    response = api(R.SUPERVISOR).patch(f"/api/milestones/{ms.pk}/", {"item": world.other_item.pk}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["item"]
    ms.refresh_from_db()
    assert ms.item == world.own_item
    # A clerk may not plan milestones.
    assert api(R.CLERK).patch(f"/api/milestones/{ms.pk}/", {"title": "x"}, format="json").status_code == 403


def test_milestone_record_by_the_units_clerk(world, api):
    ms = make_milestone(world.own_item)
    response = api(R.CLERK).post(f"/api/milestones/{ms.pk}/record/", {"actual_date": "2026-05-10"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["actual_date"] == "2026-05-10"
    assert response.json()["is_late"] is True
    ms.refresh_from_db()
    assert ms.actual_date == dt.date(2026, 5, 10)
    world.own_item.refresh_from_db()
    assert world.own_item.milestones_met == 1
    assert_audited("milestone.record", ms, user=world.user(R.CLERK))


def test_milestone_record_with_evidence(world, api):
    ms = make_milestone(world.own_item)
    upload = SimpleUploadedFile("验收.pdf", PDF, content_type="application/pdf")
    response = api(R.CLERK).post(
        f"/api/milestones/{ms.pk}/record/", {"actual_date": "2026-04-20", "evidence": upload}, format="multipart"
    )
    assert response.status_code == 200, response.content
    ms.refresh_from_db()
    assert ms.evidence_name == "验收.pdf"


def test_milestone_record_checks_scope_permission_and_input(world, api):
    inside, outside = make_milestone(world.own_item), make_milestone(world.other_item)
    url = "/api/milestones/{}/record/"
    assert api(R.CLERK).get(f"/api/milestones/{outside.pk}/").status_code == 404
    assert outside.pk not in {r["id"] for r in results(api(R.CLERK).get("/api/milestones/"))}
    assert api(R.CLERK).post(url.format(outside.pk), {"actual_date": "2026-05-01"}, format="json").status_code == 404
    assert api(R.VIEWER).post(url.format(inside.pk), {"actual_date": "2026-05-01"}, format="json").status_code == 403
    assert api(R.VIEWER).post(url.format(inside.pk), {"actual_date": "bad"}, format="json").status_code == 403

    response = api(R.CLERK).post(url.format(inside.pk), {"actual_date": "2026-07-01"}, format="json")
    assert response.status_code == 400 and "actual_date" in response.json()  # after "today"
    response = api(R.CLERK).post(url.format(inside.pk), {}, format="json")
    assert response.status_code == 400 and "actual_date" in response.json()
    response = api(R.CLERK).post(url.format(inside.pk), {"actual_date": "2026-13-01"}, format="json")
    assert response.status_code == 400 and "actual_date" in response.json()
    inside.refresh_from_db(), outside.refresh_from_db()
    assert inside.actual_date is None and outside.actual_date is None
    assert not AuditLog.objects.filter(action="milestone.record").exists()


def test_milestone_delete(world, api):
    ms = make_milestone(world.own_item)
    assert api(R.CLERK).delete(f"/api/milestones/{ms.pk}/").status_code == 403
    assert api(R.SUPERVISOR).delete(f"/api/milestones/{ms.pk}/").status_code == 204
    assert not Milestone.objects.filter(pk=ms.pk).exists()
    assert_audited("milestone.delete", Milestone, ms.pk)


# --- reports ----------------------------------------------------------------------------------------------


def report_payload(on_item, **overrides) -> dict:
    data = {
        "item": on_item.pk,
        "period_start": "2026-03-01",
        "percent": 35,
        "narrative": "完成可研批复",
        "problems": "用地指标待落实",
        "next_steps": "推进土地报批",
    }
    data.update(overrides)
    return data


def test_report_submit_by_clerk(world, api):
    response = api(R.CLERK).post("/api/reports/", report_payload(world.own_item, period_start="2026-03-17"))
    assert response.status_code == 201, response.content
    body = response.json()
    report = Report.objects.get(pk=body["id"])
    assert report.period_start == dt.date(2026, 3, 1)  # any day of the period names the period
    assert (report.percent, report.status, report.submitted_by) == (35, "submitted", world.user(R.CLERK))
    assert (report.problems, report.next_steps) == ("用地指标待落实", "推进土地报批")
    assert body["status"] == "submitted" and body["revision"] == 1 and body["period_label"]
    world.own_item.refresh_from_db()
    assert world.own_item.last_report_period == dt.date(2026, 3, 1)
    assert_audited("report.submit", report, user=world.user(R.CLERK))


def test_report_resubmit_same_period_is_200_and_audited(world, api):
    client = api(R.CLERK)
    first = client.post("/api/reports/", report_payload(world.own_item), format="json")
    assert first.status_code == 201
    again = client.post("/api/reports/", report_payload(world.own_item, percent=40), format="json")
    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"] and again.json()["revision"] == 2
    assert Report.objects.get().percent == 40
    assert_audited("report.resubmit", Report, first.json()["id"])


def test_report_with_attachments(world, api):
    files = [
        SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20, content_type="image/jpeg"),
        SimpleUploadedFile("说明.txt", "进展说明".encode(), content_type="text/plain"),
    ]
    response = api(R.CLERK).post(
        "/api/reports/", {**report_payload(world.own_item), "files": files}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert sorted(a["name"] for a in response.json()["attachments"]) == ["照片.jpg", "说明.txt"]
    assert Report.objects.get().attachments.count() == 2


def test_report_submit_denied_and_out_of_scope(world, api):
    assert api(R.VIEWER).post("/api/reports/", report_payload(world.own_item), format="json").status_code == 403
    assert api(R.SUPERVISOR).post("/api/reports/", report_payload(world.own_item), format="json").status_code == 403
    response = api(R.CLERK).post("/api/reports/", report_payload(world.other_item), format="json")
    assert response.status_code == 400 and "item" in response.json()  # not visible: reads as "does not exist"
    assert not Report.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="report.").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"percent": 150}, "percent"),
        ({"percent": -5}, "percent"),
        ({"percent": "most"}, "percent"),
        ({"period_start": "2026-13-01"}, "period_start"),
        ({"period_start": "2026-08-01"}, "period_start"),  # a future period
        ({"period_start": "2025-12-01"}, "period_start"),  # before the item started
        ({"narrative": ""}, "narrative"),
        ({"narrative": "   "}, "narrative"),
        ({"narrative": None}, "narrative"),
        ({"item": None}, "item"),
        ({"item": "2-01"}, "item"),
        ({"files": ["x"]}, "files"),
    ],
)
def test_report_bad_input_names_the_field(world, api, overrides, field):
    payload = {k: v for k, v in report_payload(world.own_item, **overrides).items() if v is not None}
    response = api(R.CLERK).post("/api/reports/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Report.objects.exists()


def test_report_progress_cannot_go_back(world, api):
    make_report(world.own_item, world.user(R.CLERK), period=dt.date(2026, 3, 1), percent=50, status="accepted")
    response = api(R.CLERK).post("/api/reports/", report_payload(world.own_item, period_start="2026-04-01", percent=40))
    assert response.status_code == 400 and "percent" in response.json()
    assert Report.objects.count() == 1


def test_report_accept(world, api):
    report = make_report(world.own_item, world.user(R.CLERK), percent=45)
    response = api(R.SUPERVISOR).post(f"/api/reports/{report.pk}/accept/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.reviewed_by == world.user(R.SUPERVISOR)
    world.own_item.refresh_from_db()
    assert world.own_item.progress == 45
    assert_audited("report.accept", report, user=world.user(R.SUPERVISOR))
    # Accepting twice is a state error, not a server error.
    again = api(R.SUPERVISOR).post(f"/api/reports/{report.pk}/accept/")
    assert again.status_code == 400
    assert len(AuditLog.objects.filter(action="report.accept")) == 1


def test_report_accept_denied(world, api):
    inside = make_report(world.own_item, world.user(R.CLERK))
    outside = make_report(world.other_item, world.user("street_clerk"))
    assert api(R.CLERK).post(f"/api/reports/{inside.pk}/accept/").status_code == 403
    assert api(R.UNIT_ADMIN).post(f"/api/reports/{inside.pk}/accept/").status_code == 403
    assert api(R.CLERK).post(f"/api/reports/{outside.pk}/accept/").status_code == 404
    assert api(R.CLERK).get(f"/api/reports/{outside.pk}/").status_code == 404
    assert {r["id"] for r in results(api(R.CLERK).get("/api/reports/"))} == {inside.pk}
    inside.refresh_from_db(), outside.refresh_from_db()
    assert inside.status == outside.status == ReportStatus.SUBMITTED
    assert not AuditLog.objects.filter(action="report.accept").exists()


def test_report_return_with_reason(world, api):
    report = make_report(world.own_item, world.user(R.CLERK))
    client = api(R.SUPERVISOR)
    response = client.post(f"/api/reports/{report.pk}/return/", {"reason": "  "}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.post(f"/api/reports/{report.pk}/return/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    response = client.post(f"/api/reports/{report.pk}/return/", {"reason": "缺少佐证材料"}, format="json")
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "缺少佐证材料")
    assert response.json()["return_reason"] == "缺少佐证材料"
    assert_audited("report.return", report, user=world.user(R.SUPERVISOR))
    assert api(R.CLERK).post(f"/api/reports/{report.pk}/return/", {"reason": "x"}).status_code == 403


def test_reports_cannot_be_changed_or_deleted_directly(world, api):
    report = make_report(world.own_item, world.user(R.CLERK))
    client = api(R.SUPERVISOR)
    assert client.patch(f"/api/reports/{report.pk}/", {"percent": 90}, format="json").status_code == 405
    assert client.delete(f"/api/reports/{report.pk}/").status_code == 405
    report.refresh_from_db()
    assert report.percent == 30


def test_report_filters(world, api):
    make_report(world.own_item, world.user(R.CLERK), period=dt.date(2026, 3, 1))
    make_report(world.own_item, world.user(R.CLERK), period=dt.date(2026, 4, 1), status=ReportStatus.ACCEPTED)
    client = api(R.CLERK)
    assert [r["period_start"] for r in results(client.get("/api/reports/?status=accepted"))] == ["2026-04-01"]
    assert len(results(client.get(f"/api/reports/?item={world.own_item.pk}"))) == 2
    assert client.get("/api/reports/?period=2026-13-01").status_code == 400


# --- leader actions ---------------------------------------------------------------------------------------


def test_leader_action_recorded_by_the_leader_himself(world, api):
    payload = {"item": world.own_item.pk, "date": "2026-06-01", "kind": "enquire", "note": "现场调度用地问题"}
    response = api(R.LEADER).post("/api/leader-actions/", payload, format="json")
    assert response.status_code == 201, response.content
    action = LeaderAction.objects.get(pk=response.json()["id"])
    assert (action.leader, action.kind, action.item) == (world.user(R.LEADER), "enquire", world.own_item)
    assert response.json()["leader_name"] == "区长"
    assert_audited("leader_action.create", action, user=world.user(R.LEADER))


def test_leader_action_recorded_by_supervisor_for_a_leader(world, api):
    payload = {"item": world.other_item.pk, "leader": world.user(R.LEADER).pk, "date": "2026-06-01", "kind": "deploy"}
    response = api(R.SUPERVISOR).post("/api/leader-actions/", {**payload, "note": "部署"}, format="json")
    assert response.status_code == 201, response.content
    assert LeaderAction.objects.get().leader == world.user(R.LEADER)
    # Without "leader" the action is recorded in the requester's name; the supervisor is no leader: refused.
    del payload["leader"]
    response = api(R.SUPERVISOR).post("/api/leader-actions/", {**payload, "note": "x"}, format="json")
    assert response.status_code == 400 and "leader" in response.json()
    response = api(R.SUPERVISOR).post("/api/leader-actions/", {**payload, "note": "x", "leader": None}, format="json")
    assert response.status_code == 400 and "leader" in response.json()
    assert LeaderAction.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date": "2026-07-01"}, "date"),  # in the future
        ({"date": "2026-13-01"}, "date"),
        ({"kind": "praise"}, "kind"),
        ({"note": ""}, "note"),
        ({"leader": 999999}, "leader"),
        ({"item": 999999}, "item"),
    ],
)
def test_leader_action_bad_input(world, api, overrides, field):
    payload = {"item": world.own_item.pk, "date": "2026-06-01", "kind": "enquire", "note": "过问", **overrides}
    response = api(R.LEADER).post("/api/leader-actions/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not LeaderAction.objects.exists()


def test_leader_action_denied_and_delete(world, api):
    payload = {"item": world.own_item.pk, "date": "2026-06-01", "kind": "enquire", "note": "过问"}
    assert api(R.CLERK).post("/api/leader-actions/", payload, format="json").status_code == 403
    assert not LeaderAction.objects.exists()
    action = LeaderAction.objects.create(
        item=world.other_item, leader=world.user(R.LEADER), date=dt.date(2026, 6, 1), kind="supervise", note="督办"
    )
    assert api(R.CLERK).get(f"/api/leader-actions/{action.pk}/").status_code == 404
    assert api(R.CLERK).delete(f"/api/leader-actions/{action.pk}/").status_code == 404
    assert api(R.LEADER).delete(f"/api/leader-actions/{action.pk}/").status_code == 403
    assert LeaderAction.objects.filter(pk=action.pk).exists()
    assert api(R.SUPERVISOR).delete(f"/api/leader-actions/{action.pk}/").status_code == 204
    assert not LeaderAction.objects.exists()
    assert_audited("leader_action.delete", LeaderAction, action.pk, user=world.user(R.SUPERVISOR))


# --- query budget of the other lists ----------------------------------------------------------------------


def _count(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return len(results(response)), len(ctx.captured_queries)


def test_report_milestone_and_leader_action_lists_run_constant_queries(world, api):
    from gongjian.testing import make_item

    leader, clerk = world.user(R.LEADER), world.user(R.CLERK)

    def grow(start, n):
        for i in range(start, start + n):
            item = make_item(world.area, f"2-{i:03d}", world.bureau, leader)
            report = make_report(item, clerk)
            report.attachments.create(name="a.pdf", size=3, file="reports/a.pdf")
            make_milestone(item)
            LeaderAction.objects.create(item=item, leader=leader, date=dt.date(2026, 5, 1), kind="deploy", note="x")

    client = api(R.SUPERVISOR)
    grow(100, 2)
    small = {
        u: _count(client, u + "?page_size=100") for u in ("/api/reports/", "/api/milestones/", "/api/leader-actions/")
    }
    grow(200, 20)
    large = {u: _count(client, u + "?page_size=100") for u in small}
    for url in small:
        assert (small[url][0], large[url][0]) == (2, 22), url
        assert small[url][1] == large[url][1], url
    assert Item.objects.count() == 25
