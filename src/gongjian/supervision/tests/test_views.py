"""Supervision pages: the 督办 workflow, the object panel, the inbox, rules, robots, rankings, query budgets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongjian.campaigns.models import Milestone, Report
from gongjian.core.models import AuditLog
from gongjian.supervision import daily
from gongjian.supervision.choices import SupervisionStatus
from gongjian.supervision.models import CampaignRules, Notification, Supervision, UnitWebhook
from gongjian.testing import PASSWORD, make_item

# Deadlines and periods here are counted from today: CI also runs these at calendar edges (GONGJIAN_TEST_TODAY).
pytestmark = pytest.mark.dates


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def red_item(world, source):
    source.set(world.own_item, "red")
    daily.run(timezone.localdate(), send=False)
    Supervision.objects.all().delete()  # only the 督办 issued by hand in these tests
    return world.own_item


def test_supervisor_issues_unit_replies_with_a_file_supervisor_closes(
    world, client, red_item, django_capture_on_commit_callbacks
):
    world.user("clerk").email = "clerk@fgj.example"
    world.user("clerk").save()
    login(client, world.user("supervisor"))
    page = client.get(f"/campaigns/items/{red_item.pk}/")
    assert b'id="issue-supervision"' in page.content
    reply_by = timezone.localdate() + dt.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/supervision/add/",
            {
                "type": "campaigns.item",
                "id": red_item.pk,
                "kind": "letter",
                "requirement": "请说明滞后原因",
                "reply_by": reply_by,
            },
        )
    sup = Supervision.objects.get()
    assert response["Location"] == f"/supervision/{sup.pk}/"
    assert (sup.kind, sup.unit, sup.issued_by, sup.colour) == ("letter", world.bureau, world.user("supervisor"), "red")
    assert [m.to for m in mail.outbox] == [["clerk@fgj.example"]]  # sent as soon as the 督办 is committed
    assert Notification.objects.filter(event="supervision", recipient=world.user("unit_admin")).exists()

    client.logout()
    login(client, world.user("clerk"))
    attachment = SimpleUploadedFile("整改.pdf", b"%PDF-1.4 reply")
    response = client.post(f"/supervision/{sup.pk}/reply/", {"text": "已完成设备招标", "attachment": attachment})
    assert response.status_code == 302
    sup.refresh_from_db()
    assert sup.status == SupervisionStatus.REPLIED
    reply = sup.replies.get()
    assert reply.file_name == "整改.pdf"
    assert client.get(f"/supervision/replies/{reply.pk}/file/").status_code == 200

    client.logout()
    login(client, world.user("supervisor"))
    client.post(f"/supervision/{sup.pk}/close/", {"note": "整改到位"})
    sup.refresh_from_db()
    assert (sup.status, sup.closing_note, sup.closed_by) == ("closed", "整改到位", world.user("supervisor"))
    actions = list(
        AuditLog.objects.filter(object_id=str(sup.pk), action__startswith="supervision.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["supervision.issue", "supervision.reply", "supervision.close"]
    detail = client.get(f"/supervision/{sup.pk}/").content.decode()
    assert "已完成设备招标" in detail and "整改.pdf" in detail


def test_only_a_red_or_yellow_object_can_be_supervised(world, client, source):
    daily.run(timezone.localdate(), send=False)  # everything green
    login(client, world.user("supervisor"))
    response = client.post(
        "/supervision/add/",
        {
            "type": "campaigns.item",
            "id": world.own_item.pk,
            "kind": "order",
            "requirement": "x",
            "reply_by": timezone.localdate(),
        },
    )
    assert response.status_code == 400 and not Supervision.objects.exists()


def test_issue_form_names_the_bad_field(world, client, red_item):
    login(client, world.user("supervisor"))
    response = client.post(
        "/supervision/add/",
        {"type": "campaigns.item", "id": red_item.pk, "kind": "order", "requirement": "x", "reply_by": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "reply_by" in response.context["form"].errors
    assert not Supervision.objects.exists()


def test_a_reply_with_a_forbidden_file_is_refused_and_nothing_changes(world, client, red_item):
    sup = _manual(world, red_item)
    login(client, world.user("clerk"))
    bad = SimpleUploadedFile("a.exe", b"MZ...")
    response = client.post(f"/supervision/{sup.pk}/reply/", {"text": "x", "attachment": bad})
    assert response.status_code == 400
    sup.refresh_from_db()
    assert sup.status == "open" and not sup.replies.exists()


def test_the_street_cannot_see_or_reply_to_the_bureaus_supervision(world, client, red_item):
    sup = _manual(world, red_item)
    login(client, world.user("street_clerk"))
    assert client.get(f"/supervision/{sup.pk}/").status_code == 404
    assert client.post(f"/supervision/{sup.pk}/reply/", {"text": "x"}).status_code == 404
    assert b"2-01" not in client.get("/supervision/").content


def _manual(world, item):
    from django.contrib.contenttypes.models import ContentType

    today = timezone.localdate()
    return Supervision.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        object_repr=str(item),
        colour="red",
        requirement="说明原因",
        unit=item.lead_unit,
        issued_by=world.user("supervisor"),
        issued_on=today,
        reply_by=today + dt.timedelta(days=3),
        campaign=world.campaign,
    )


def test_panel_on_the_item_page_shows_the_colour_history(world, client, red_item):
    login(client, world.user("clerk"))
    html = client.get(f"/campaigns/items/{red_item.pk}/").content.decode()
    assert 'id="supervision-panel"' in html and 'id="colour-history"' in html
    assert 'id="issue-supervision"' not in html  # a clerk does not issue 督办


def test_inbox_counts_unread_in_the_navigation_and_marks_read(world, client, red_item):
    login(client, world.user("clerk"))
    unread = Notification.objects.filter(recipient=world.user("clerk"), read_at__isnull=True).count()
    assert unread >= 1
    page = client.get("/supervision/inbox/").content.decode()
    assert f'id="inbox-unread">{unread}<' in page
    note = Notification.objects.filter(recipient=world.user("clerk")).first()
    response = client.post(f"/supervision/inbox/{note.pk}/read/")
    assert response.status_code == 302 and response["Location"] == note.url
    note.refresh_from_db()
    assert note.read_at is not None
    client.post("/supervision/inbox/read-all/")
    assert not Notification.objects.filter(recipient=world.user("clerk"), read_at__isnull=True).exists()
    assert 'id="inbox-unread"' not in client.get("/supervision/inbox/").content.decode()


def test_rules_are_validated_by_the_rules_module_and_stored_only_when_they_differ(world, client):
    login(client, world.user("supervisor"))
    url = f"/supervision/rules/{world.campaign.pk}/"
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items()} | {
        name: field.initial for name, field in form.fields.items() if field.initial is not None
    }
    data.pop("red_notice")  # unchecked box
    bad = dict(data, yellow_gap=40)  # above red_gap 30
    response = client.post(url, bad)
    assert response.status_code == 400 and "yellow_gap" in response.context["form"].errors
    assert not CampaignRules.objects.exists()
    response = client.post(url, dict(data, escalation_yellows=3, points_red=-8))
    assert response.status_code == 302
    stored = CampaignRules.objects.get(campaign=world.campaign)
    assert stored.rules == {"escalation_yellows": 3, "red_notice": False}
    assert stored.points == {"red": -8}
    assert AuditLog.objects.filter(action="campaign_rules.update").count() == 1


def test_the_robot_secret_is_never_shown_back_and_kept_when_left_empty(world, client):
    login(client, world.user("unit_admin"))
    response = client.post(
        "/supervision/robots/add/",
        {
            "unit": world.bureau.pk,
            "channel": "dingtalk",
            "url": "https://oapi.dingtalk.com/robot/send?access_token=T",
            "secret": "SEC-very-secret",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    hook = UnitWebhook.objects.get()
    assert hook.secret == "SEC-very-secret"
    page = client.get(f"/supervision/robots/{hook.pk}/").content.decode()
    assert "SEC-very-secret" not in page
    client.post(
        f"/supervision/robots/{hook.pk}/",
        {"unit": world.bureau.pk, "channel": "dingtalk", "url": hook.url, "secret": "", "is_active": "on"},
    )
    hook.refresh_from_db()
    assert hook.secret == "SEC-very-secret"
    audit = AuditLog.objects.filter(action__startswith="webhook.")
    assert all("SEC-very-secret" not in str(a.after) + str(a.before) for a in audit)
    # a unit administrator cannot point another unit's notices somewhere
    response = client.post(
        "/supervision/robots/add/",
        {"unit": world.street.pk, "channel": "wecom", "url": "https://qyapi.weixin.qq.com/x", "is_active": "on"},
    )
    assert response.status_code == 400 and UnitWebhook.objects.count() == 1


def test_rankings_page_ranks_units_and_shows_the_points(world, client, source):
    today = timezone.localdate()
    source.set(world.own_item, "red")
    daily.run(today, send=False)
    login(client, world.user("viewer"))
    response = client.get(f"/supervision/rankings/?campaign={world.campaign.pk}&month={today:%Y-%m}")
    rows = response.context["table"].rows
    names = [r.name for r in rows]
    assert names.index(str(world.street)) < names.index(str(world.bureau))  # the bureau has a red
    assert "ranking-points" in response.content.decode()
    leaders = client.get(f"/supervision/rankings/?campaign={world.campaign.pk}&by=leader").context["table"].rows
    assert [r.name for r in leaders] == [str(world.user("leader"))]


# --- query budgets: the number of queries does not grow with the number of rows ----------------------------


def _grow(world, n, start=0):
    from django.contrib.contenttypes.models import ContentType

    from gongjian.supervision.models import ColourRecord

    leader = world.user("leader")
    ct = ContentType.objects.get_for_model(world.own_item)
    today = timezone.localdate()
    for i in range(start, start + n):
        item = make_item(world.area, f"8-{i:03d}", world.bureau, leader)
        Milestone.objects.create(item=item, title="节点", planned_date=dt.date(2026, 6, 30))
        rec = ColourRecord.objects.create(
            content_type=ct,
            object_id=item.pk,
            object_repr=str(item),
            source="item",
            period="2026-03",
            colour="red",
            judged_on=today,
            unit=world.bureau,
            leader=leader,
            campaign=world.campaign,
        )
        sup = _manual(world, item)
        sup.record = rec
        sup.save()
        Notification.objects.create(
            recipient=world.user("clerk"), event="turned_red", title=f"t{i}", day=today, key=f"q{i}"
        )
        now = timezone.now()
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
    "/supervision/",
    "/supervision/?export=xlsx",
    "/supervision/colours/",
    "/supervision/rankings/",
    "/supervision/inbox/",
    "/supervision/deliveries/",
    "DETAIL",
    "ITEM",
]


#: every page for both roles, except the deliveries page, which clerks may not open (the matrix tests that)
BUDGET_CASES = [
    (role, page)
    for role in ("supervisor", "clerk")
    for page in PAGES
    if not (role == "clerk" and page == "/supervision/deliveries/")
]


@pytest.mark.parametrize(("role", "page"), BUDGET_CASES)
def test_query_count_does_not_grow_with_rows(world, client, page, role):
    login(client, world.user(role))
    _grow(world, 2)
    first = Supervision.objects.order_by("pk").first()

    def count() -> int:
        url = {"DETAIL": f"/supervision/{first.pk}/", "ITEM": f"/campaigns/items/{first.object_id}/"}.get(page, page)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    _grow(world, 20, start=2)
    large = count()
    assert large == small, f"{page}: {small} queries with few rows, {large} with many"
    assert small <= 30


def test_a_robot_address_must_be_http_or_https(world, client):
    login(client, world.user("sysadmin"))
    response = client.post(
        "/supervision/robots/add/",
        {"unit": world.bureau.pk, "channel": "wecom", "url": "ftp://files.example.gov.cn/x", "is_active": "on"},
    )
    assert response.status_code == 400 and "url" in response.context["form"].errors
    assert not UnitWebhook.objects.exists()


def test_a_test_message_reaches_the_robot_with_its_signature_and_is_audited(world, client, robot_server):
    hook = UnitWebhook.objects.create(
        unit=world.bureau, channel="dingtalk", url=robot_server.url + "/robot/send?access_token=T", secret="S1"
    )
    login(client, world.user("unit_admin"))
    assert b'id="send-test"' in client.get(f"/supervision/robots/{hook.pk}/").content
    response = client.post(f"/supervision/robots/{hook.pk}/test/")
    assert response.status_code == 302
    (request,) = robot_server.requests
    assert request["body"]["msgtype"] == "markdown" and "sign=" in request["path"]
    log = AuditLog.objects.get(action="webhook.test")
    assert log.success and "S1" not in str(log.after)
    robot_server.reply = {"errcode": 310000, "errmsg": "sign not match"}
    client.post(f"/supervision/robots/{hook.pk}/test/")
    failed = AuditLog.objects.filter(action="webhook.test", success=False).get()
    assert "310000" in failed.after["error"]
