"""The role × page permission matrix: one table, every web view, every role.

Each row names a URL (built from the test world) and what each role gets:
``ok`` (200 for GET, a redirect after success for POST), ``deny`` (403), ``hide`` (404: out of scope, existence
not revealed), ``login`` (anonymous: redirect to the login page). A meta-test fails when a URL pattern of the
project has no row here, so no view ships without its permission tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from gongjian.campaigns.choices import ReportStatus
from gongjian.campaigns.models import LeaderAction, Milestone, Report, ReportAttachment
from gongjian.testing import PASSWORD

ROLES = [
    "leader",
    "supervisor",
    "unit_admin",
    "clerk",
    "cadre",
    "viewer",
    "sysadmin",
    "street_clerk",
    "nobody",
    "anonymous",
]
ALL = set(ROLES) - {"anonymous"}
VIEWERS = ALL - {"nobody"}  # every shipped role may look at the campaign
WHOLE = {"leader", "supervisor", "sysadmin"}  # roles that see the whole campaign
BUREAU = {"unit_admin", "clerk", "cadre", "viewer"}  # unit roles in 发改局 (leads own_item)


@dataclass
class Row:
    name: str  # URL name
    url: Any  # function(world, objs) -> str
    ok: set[str]
    hide: set[str] = frozenset()
    method: str = "get"
    data: Any = None  # function(world, objs) -> dict, for POST

    def expected(self, role: str) -> str:
        if role == "anonymous":
            return "login"
        if role in self.ok:
            return "ok"
        if role in self.hide:
            return "hide"
        return "deny"


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


OWN_ITEM_VISIBLE = WHOLE | BUREAU
OWN_HIDDEN = {"street_clerk", "nobody"}

MATRIX: list[Row] = [
    Row("core:home", lambda w, o: "/", VIEWERS),
    Row("core:my_work", lambda w, o: "/my-work/", ALL),
    Row("core:audit_list", lambda w, o: "/audit/", {"supervisor", "sysadmin"}),
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

# URL names that are not pages of the matrix, each with the reason.
EXEMPT = {
    "login": "the login page itself is public",
    "logout": "POST only; tested in test_auth",
    "password_change_done": "a static confirmation after the change",
    "set_language": "Django's language switch, public by design",
    "api-schema": "API: covered by the API matrix",
    "api-docs": "API: covered by the API matrix",
    "api-token": "API: token exchange, public by design",
}


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
def test_permission_matrix(world, client, row, role):
    objs = _report_and_friends(world)
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


def test_every_page_is_in_the_matrix():
    covered = {row.name for row in MATRIX}
    missing = sorted(n for n in set(_url_names()) if n not in covered and n not in EXEMPT)
    assert missing == [], f"URL names without permission-matrix rows: {missing}"
