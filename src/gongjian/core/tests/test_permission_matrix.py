"""The role × page permission matrix: one table, every web view, every role.

Each row names a URL (built from the test world) and what each role gets:
``ok`` (200 for GET, a redirect after success for POST), ``deny`` (403), ``hide`` (404: out of scope, existence
not revealed), ``login`` (anonymous: redirect to the login page). A meta-test fails when a URL pattern of the
project has no row here, so no view ships without its permission tests.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from gongjian.campaigns.choices import ReportStatus
from gongjian.campaigns.models import LeaderAction, Milestone, Report, ReportAttachment
from gongjian.core.tests.matrix import ALL, BUREAU, OWN_HIDDEN, OWN_ITEM_VISIBLE, ROLES, VIEWERS, Row
from gongjian.testing import PASSWORD


def _report_and_friends(world):
    """A submitted report on own_item with an attachment, a milestone with evidence, a leader action."""
    item = world.own_item
    now = dt.datetime(2026, 3, 3, 10, tzinfo=dt.UTC)
    report = Report.objects.create(
        item=item,
        period_start=dt.date(2026, 2, 1),
        percent=20,
        narrative="已完成立项",
        status=ReportStatus.SUBMITTED,
        submitted_by=world.user("clerk"),
        submitted_at=now,
        first_submitted_at=now,
    )
    att = ReportAttachment(report=report, name="进展.pdf", size=10)
    att.file.save("a.pdf", SimpleUploadedFile("a.pdf", b"%PDF-1.4 test"), save=False)
    att.save()
    ms = Milestone(item=item, title="完成环评", planned_date=dt.date(2026, 2, 28))
    ms.evidence.save("e.pdf", SimpleUploadedFile("e.pdf", b"%PDF-1.4 test"), save=False)
    ms.evidence_name = "环评批复.pdf"
    ms.save()
    action = LeaderAction.objects.create(
        item=item, leader=world.user("leader"), date=dt.date(2026, 2, 10), kind="enquire", note="过问进度"
    )
    return {"report": report, "attachment": att, "milestone": ms, "action": action}


def _plan_draft(world):
    """A plan-from-text draft of the supervisor (a draft is only ever shown to its author)."""
    from gongjian.plantext.models import PlanDraft

    return PlanDraft.objects.create(
        created_by=world.user("supervisor"), document_date=dt.date(2026, 3, 1), original="x", normalised="x"
    )


MATRIX: list[Row] = [
    Row("core:home", lambda w, o: "/", VIEWERS),
    Row("core:my_work", lambda w, o: "/my-work/", ALL),
    # 三权分立: the audit administrator (and the supervision office) read the audit log; the system and the
    # security administrators do not.
    Row("core:audit_list", lambda w, o: "/audit/", {"supervisor", "auditadmin"}),
    Row("core:audit_list", lambda w, o: "/audit/?export=xlsx", {"supervisor", "auditadmin"}),
    Row("password_change", lambda w, o: "/accounts/password/", ALL),
    Row("campaigns:campaign_detail", lambda w, o: f"/campaigns/{w.campaign.pk}/", VIEWERS),
    Row("campaigns:campaign_add", lambda w, o: "/campaigns/add/", {"supervisor"}),
    Row("campaigns:campaign_edit", lambda w, o: f"/campaigns/{w.campaign.pk}/edit/", {"supervisor"}, {"nobody"}),
    Row("campaigns:area_add", lambda w, o: "/campaigns/areas/add/", {"supervisor"}),
    Row("campaigns:area_detail", lambda w, o: f"/campaigns/areas/{w.area.pk}/", VIEWERS, {"nobody"}),
    Row("campaigns:area_edit", lambda w, o: f"/campaigns/areas/{w.area.pk}/edit/", {"supervisor"}, {"nobody"}),
    Row("campaigns:area_delete", lambda w, o: f"/campaigns/areas/{w.area.pk}/delete/", {"supervisor"}, {"nobody"}),
    Row("campaigns:item_list", lambda w, o: "/campaigns/items/", VIEWERS),
    Row("campaigns:item_add", lambda w, o: "/campaigns/items/add/", {"supervisor"}),
    Row("campaigns:item_import", lambda w, o: "/campaigns/items/import/", {"supervisor"}),
    Row("campaigns:item_template", lambda w, o: f"/campaigns/items/import/template/{w.campaign.pk}/", {"supervisor"}),
    Row("plantext:new", lambda w, o: "/plan/", {"supervisor"}),
    Row(
        "plantext:new",
        lambda w, o: "/plan/",
        {"supervisor"},
        method="post",
        data=lambda w, o: {"text": "一是抓项目。全年新增规上企业9家。", "document_date": "2026-03-01"},
    ),
    Row("plantext:review", lambda w, o: f"/plan/{_plan_draft(w).pk}/", {"supervisor"}),
    # An error report belongs to the session that made it: for every other session it does not exist.
    Row(
        "campaigns:item_import_errors",
        lambda w, o: "/campaigns/items/import/errors/0123456789abcdef/",
        set(),
        {"supervisor"},
    ),
    Row("campaigns:item_detail", lambda w, o: f"/campaigns/items/{w.own_item.pk}/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row("campaigns:item_edit", lambda w, o: f"/campaigns/items/{w.own_item.pk}/edit/", {"supervisor"}, OWN_HIDDEN),
    Row("campaigns:item_delete", lambda w, o: f"/campaigns/items/{w.own_item.pk}/delete/", {"supervisor"}, OWN_HIDDEN),
    Row(
        "campaigns:milestone_add",
        lambda w, o: f"/campaigns/items/{w.own_item.pk}/milestones/add/",
        {"supervisor"},
        OWN_HIDDEN,
    ),
    Row(
        "campaigns:report_submit",
        lambda w, o: f"/campaigns/items/{w.own_item.pk}/report/",
        {"unit_admin", "clerk"},
        OWN_HIDDEN,
    ),
    Row(
        "campaigns:report_submit",
        lambda w, o: f"/campaigns/items/{w.own_item.pk}/report/",
        {"unit_admin", "clerk"},
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {"period_start": "2026-03-01", "percent": "30", "narrative": "完成设备招标"},
    ),
    Row(
        "campaigns:leaderaction_add",
        lambda w, o: f"/campaigns/items/{w.own_item.pk}/leader-actions/add/",
        {"leader", "supervisor"},
        OWN_HIDDEN,
    ),
    Row(
        "campaigns:milestone_edit",
        lambda w, o: f"/campaigns/milestones/{o['milestone'].pk}/edit/",
        {"supervisor"},
        OWN_HIDDEN,
    ),
    Row(
        "campaigns:milestone_record",
        lambda w, o: f"/campaigns/milestones/{o['milestone'].pk}/record/",
        {"supervisor", "unit_admin", "clerk"},
        OWN_HIDDEN,
    ),
    Row(
        "campaigns:milestone_delete",
        lambda w, o: f"/campaigns/milestones/{o['milestone'].pk}/delete/",
        {"supervisor"},
        OWN_HIDDEN,
    ),
    Row(
        "campaigns:milestone_evidence",
        lambda w, o: f"/campaigns/milestones/{o['milestone'].pk}/evidence/",
        OWN_ITEM_VISIBLE,
        OWN_HIDDEN,
    ),
    Row("campaigns:report_list", lambda w, o: "/campaigns/reports/", VIEWERS),
    Row("campaigns:report_compliance", lambda w, o: "/campaigns/reports/compliance/", VIEWERS),
    Row("campaigns:report_detail", lambda w, o: f"/campaigns/reports/{o['report'].pk}/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row(
        "campaigns:report_accept",
        lambda w, o: f"/campaigns/reports/{o['report'].pk}/accept/",
        {"supervisor"},
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {},
    ),
    Row(
        "campaigns:report_return",
        lambda w, o: f"/campaigns/reports/{o['report'].pk}/return/",
        {"supervisor"},
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {"reason": "请补充设备采购合同"},
    ),
    Row(
        "campaigns:attachment",
        lambda w, o: f"/campaigns/attachments/{o['attachment'].pk}/",
        OWN_ITEM_VISIBLE,
        OWN_HIDDEN,
    ),
    Row(
        "campaigns:leaderaction_delete",
        lambda w, o: f"/campaigns/leader-actions/{o['action'].pk}/delete/",
        {"supervisor"},
        OWN_HIDDEN,
    ),
]

# --- the REST API: the same roles, the same scope ---------------------------------------------------------
# ``empty``: the list answers 200 with no rows (a list endpoint never says whether rows exist elsewhere).

REPORT_DATA = {"item": "OWN", "period_start": "2026-03-01", "percent": 30, "narrative": "完成设备招标"}


def _item_payload(w, o):
    return {
        "area": w.area.pk,
        "title": "新建配套道路",
        "kind": "task",
        "leader": w.user("leader").pk,
        "lead_unit": w.bureau.pk,
        "start_date": "2026-02-01",
        "due_date": "2026-09-30",
    }


API_MATRIX: list[Row] = [
    Row("api:unit-list", lambda w, o: "/api/units/", VIEWERS, {"nobody"}),
    Row("api:unit-detail", lambda w, o: f"/api/units/{w.bureau.pk}/", VIEWERS, {"nobody"}),
    Row(
        "api:user-list",
        lambda w, o: "/api/users/",
        {"leader", "supervisor", "unit_admin", "sysadmin", "secadmin"},
        {"clerk", "cadre", "viewer", "street_clerk", "nobody"},
    ),
    Row(
        "api:user-detail",
        lambda w, o: f"/api/users/{w.user('clerk').pk}/",
        {"leader", "supervisor", "unit_admin", "sysadmin", "secadmin"},
        {"clerk", "cadre", "viewer", "street_clerk", "nobody"},
    ),
    Row("api:campaign-list", lambda w, o: "/api/campaigns/", VIEWERS, {"nobody"}),
    Row(
        "api:campaign-list",
        lambda w, o: "/api/campaigns/",
        {"supervisor"},
        method="post",
        data=lambda w, o: {"name": "2027年攻坚年", "year": 2027, "start_date": "2027-01-01", "end_date": "2027-12-31"},
    ),
    Row("api:campaign-detail", lambda w, o: f"/api/campaigns/{w.campaign.pk}/", VIEWERS, {"nobody"}),
    Row("api:area-list", lambda w, o: "/api/areas/", VIEWERS, {"nobody"}),
    Row("api:area-detail", lambda w, o: f"/api/areas/{w.area.pk}/", VIEWERS, {"nobody"}),
    Row(
        "api:area-detail",
        lambda w, o: f"/api/areas/{w.area.pk}/",
        {"supervisor"},
        {"nobody"},
        method="patch",
        data=lambda w, o: {"title": "攻产业不强之坚（调整）"},
    ),
    Row("api:item-list", lambda w, o: "/api/items/", VIEWERS, {"nobody"}),
    Row("api:item-list", lambda w, o: "/api/items/", {"supervisor"}, method="post", data=_item_payload),
    Row("api:item-detail", lambda w, o: f"/api/items/{w.own_item.pk}/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row(
        "api:item-detail",
        lambda w, o: f"/api/items/{w.own_item.pk}/",
        {"supervisor"},
        OWN_HIDDEN,
        method="patch",
        data=lambda w, o: {"title": "重大技改项目推进（调整）"},
    ),
    Row(
        "api:item-detail",
        lambda w, o: f"/api/items/{w.other_item.pk}/",
        {"supervisor"},
        BUREAU | {"nobody"},
        method="delete",
    ),
    Row("api:milestone-list", lambda w, o: "/api/milestones/", VIEWERS - {"street_clerk"}, OWN_HIDDEN),
    Row("api:milestone-detail", lambda w, o: f"/api/milestones/{o['milestone'].pk}/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row(
        "api:milestone-record",
        lambda w, o: f"/api/milestones/{o['milestone'].pk}/record/",
        {"supervisor", "unit_admin", "clerk"},
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {"actual_date": "2026-02-27"},
    ),
    Row("api:report-list", lambda w, o: "/api/reports/", VIEWERS - {"street_clerk"}, OWN_HIDDEN),
    # An item outside the user's scope is, for the API, an item that does not exist: 400 on the field.
    Row(
        "api:report-list",
        lambda w, o: "/api/reports/",
        {"unit_admin", "clerk"},
        method="post",
        data=lambda w, o: {**REPORT_DATA, "item": w.own_item.pk},
        special={"street_clerk": "invalid"},
    ),
    Row("api:report-detail", lambda w, o: f"/api/reports/{o['report'].pk}/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row(
        "api:report-accept",
        lambda w, o: f"/api/reports/{o['report'].pk}/accept/",
        {"supervisor"},
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {},
    ),
    Row(
        "api:report-return",
        lambda w, o: f"/api/reports/{o['report'].pk}/return/",
        {"supervisor"},
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {"reason": "请补充材料"},
    ),
    Row("api:leaderaction-list", lambda w, o: "/api/leader-actions/", VIEWERS - {"street_clerk"}, OWN_HIDDEN),
    Row(
        "api:leaderaction-list",
        lambda w, o: "/api/leader-actions/",
        {"leader", "supervisor"},
        method="post",
        data=lambda w, o: {
            "item": w.own_item.pk,
            "leader": w.user("leader").pk,
            "date": "2026-03-05",
            "kind": "dispatch",
            "note": "现场调度",
        },
    ),
    Row("api:leaderaction-detail", lambda w, o: f"/api/leader-actions/{o['action'].pk}/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row(
        "api:leaderaction-detail",
        lambda w, o: f"/api/leader-actions/{o['action'].pk}/",
        {"supervisor"},
        OWN_HIDDEN,
        method="delete",
    ),
    Row("api-schema", lambda w, o: "/api/schema/", ALL),
    Row("api-docs", lambda w, o: "/api/docs/", ALL),
]


def _module_rows():
    """The rows and object factories of every installed module that has ``tests/matrix_rows.py``."""
    import importlib
    import importlib.util

    from django.conf import settings

    web, api, factories = [], [], []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("gongjian.") or importlib.util.find_spec(f"{app}.tests") is None:
            continue
        name = f"{app}.tests.matrix_rows"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        web += getattr(module, "MATRIX", [])
        api += getattr(module, "API_MATRIX", [])
        if hasattr(module, "objects"):
            factories.append(module.objects)
    return web, api, factories


_WEB_ROWS, _API_ROWS, _FACTORIES = _module_rows()
MATRIX += _WEB_ROWS
API_MATRIX += _API_ROWS


def _objects(world):
    objs = _report_and_friends(world)
    for factory in _FACTORIES:
        objs.update(factory(world))
    return objs


# URL names that are not pages of the matrix, each with the reason.
EXEMPT = {
    "login": "the login page itself is public",
    "logout": "POST only; tested in test_auth",
    "password_change_done": "a static confirmation after the change",
    "set_language": "Django's language switch, public by design",
    "api-token": "API: token exchange, public by design; tested in test_auth",
    "api:api-root": "the browsable index of the endpoints, no data",
}


def _api_kind(response, method: str, row: Row, role: str) -> str:
    code = response.status_code
    if code in (401,) or (role == "anonymous" and code == 403):
        return "login"
    if code == 403:
        return "deny"
    if code == 404:
        return "hide"
    if method == "get" and code == 200:
        body = response.json() if response["Content-Type"].startswith("application/json") else None
        if isinstance(body, dict) and "results" in body and row.name.endswith("-list"):
            return "ok" if body["results"] else "empty"
        return "ok"
    if method in ("post", "patch", "delete") and code in (200, 201, 204):
        return "ok"
    if code == 400:
        return "invalid"
    return f"unexpected {code}"


def _api_expected(row: Row, role: str) -> str:
    expected = row.expected(role)
    if expected == "hide" and row.method == "get" and row.name.endswith("-list"):
        return "empty"
    return expected


API_CASES = [(row, role) for row in API_MATRIX for role in ROLES]


@pytest.mark.parametrize(("row", "role"), API_CASES, ids=[f"{r.name}-{r.method}-{role}" for r, role in API_CASES])
def test_api_permission_matrix(matrix_case, row, role):
    from rest_framework.test import APIClient

    from gongjian.core.models import AuditLog

    world, objs = matrix_case
    api = APIClient()
    if role != "anonymous":
        api.force_authenticate(world.user(role))
    url = row.url(world, objs)
    audit_before = AuditLog.objects.count()
    if row.method == "get":
        response = api.get(url)
    else:
        response = getattr(api, row.method)(url, row.data(world, objs) if row.data else None, format="json")
    assert _api_kind(response, row.method, row, role) == _api_expected(row, role), (
        url,
        role,
        response.status_code,
        response.content[:300],
    )
    if row.method != "get" and _api_expected(row, role) != "ok":
        assert AuditLog.objects.count() == audit_before  # a refused write changes nothing


def _api_url_names():
    from gongjian.api_urls import router

    return {f"api:{u.name}" for u in router.urls if u.name}


def _status_kind(response, method: str) -> str:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    if response.status_code == 403:
        return "deny"
    if response.status_code == 404:
        return "hide"
    if method == "get" and response.status_code == 200:
        return "ok"
    if method == "post" and response.status_code == 302:
        return "ok"
    return f"unexpected {response.status_code}"


CASES = [(row, role) for row in MATRIX for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES, ids=[f"{r.name}-{r.method}-{role}" for r, role in CASES])
def test_permission_matrix(matrix_case, client, row, role):
    world, objs = matrix_case
    if role != "anonymous":
        assert client.login(username=world.user(role).username, password=PASSWORD)
    url = row.url(world, objs)
    before = Report.objects.values_list("pk", "status", "percent").order_by("pk")
    before = list(before)
    if row.method == "get":
        response = client.get(url)
    else:
        response = client.post(url, row.data(world, objs))
    assert _status_kind(response, row.method) == row.expected(role), (url, role, response.status_code)
    if row.method == "post" and row.expected(role) != "ok":
        # A refused write changes nothing.
        assert list(Report.objects.values_list("pk", "status", "percent").order_by("pk")) == before


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if str(p.pattern).startswith(("admin/", "api/")):
                continue
            yield from _url_names(p, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def test_every_page_and_endpoint_is_in_the_matrix():
    covered = {row.name for row in MATRIX} | {row.name for row in API_MATRIX}
    names = set(_url_names()) | _api_url_names() | {"api-schema", "api-docs", "api-token"}
    missing = sorted(n for n in names if n not in covered and n not in EXEMPT)
    assert missing == [], f"URL names without permission-matrix rows: {missing}"
