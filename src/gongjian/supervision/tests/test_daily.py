"""The daily warnings run: history, idempotency, escalation, roll-up, notifications, e-mail and robots."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import urllib.parse

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from gongjian.campaigns.models import Milestone, Report
from gongjian.core.models import AuditLog
from gongjian.core.registry import LightResult, register_light_source
from gongjian.supervision import daily
from gongjian.supervision.choices import DeliveryStatus, SupervisionKind, SupervisionOrigin
from gongjian.supervision.models import CampaignRules, ColourRecord, Delivery, Notification, Supervision, UnitWebhook

from .conftest import DAY


def _history(item):
    return list(
        ColourRecord.objects.filter(object_id=item.pk, source="item").order_by("id").values_list("period", "colour")
    )


def test_running_twice_on_a_day_stores_no_duplicate_and_sends_nothing_twice(world, source):
    world.user("clerk").email = "clerk@fgj.example"
    world.user("clerk").save()
    source.set(world.own_item, "red")
    first = daily.run(DAY)
    assert first.colours_new == 3 and first.supervisions == 1 and first.notifications > 0
    counts = (ColourRecord.objects.count(), Supervision.objects.count(), Notification.objects.count())
    sent = len(mail.outbox)
    assert sent >= 1
    second = daily.run(DAY)
    assert (second.colours_new, second.rollups_new, second.supervisions, second.notifications) == (0, 0, 0, 0)
    assert second.colours_unchanged == 3
    assert (ColourRecord.objects.count(), Supervision.objects.count(), Notification.objects.count()) == counts
    assert len(mail.outbox) == sent


def test_a_new_record_only_when_the_colour_or_the_period_changes(world, source):
    daily.run(DAY)
    source.set(world.own_item, "green", "2026-04", "on_schedule")
    daily.run(DAY + dt.timedelta(days=1))  # the period changed
    daily.run(DAY + dt.timedelta(days=2))  # nothing changed
    source.set(world.own_item, "yellow", "2026-04")
    daily.run(DAY + dt.timedelta(days=3))
    assert _history(world.own_item) == [("2026-03", "green"), ("2026-04", "green"), ("2026-04", "yellow")]
    current = ColourRecord.objects.filter(object_id=world.own_item.pk, source="item", current=True)
    assert [c.colour for c in current] == ["yellow"]
    assert current[0].judged_on == DAY + dt.timedelta(days=3)
    assert current[0].campaign_id == world.campaign.pk and current[0].unit_id == world.bureau.pk


def test_two_yellows_in_a_row_escalate_to_a_supervision_order_once(world, source):
    source.set(world.own_item, "yellow", "2026-03")
    daily.run(DAY)
    assert not Supervision.objects.exists()  # one yellow is not enough
    source.set(world.own_item, "yellow", "2026-04")
    summary = daily.run(DAY + dt.timedelta(days=20))
    assert summary.supervisions == 1
    sup = Supervision.objects.get()
    assert (sup.kind, sup.origin, sup.unit, sup.colour) == (
        SupervisionKind.ORDER,
        SupervisionOrigin.YELLOWS,
        world.bureau,
        "yellow",
    )
    assert sup.object_id == world.own_item.pk and sup.issued_by is None
    assert sup.reply_by == DAY + dt.timedelta(days=27)
    assert AuditLog.objects.filter(action="supervision.escalate", object_id=str(sup.pk)).count() == 1
    daily.run(DAY + dt.timedelta(days=20))
    daily.run(DAY + dt.timedelta(days=21))
    assert Supervision.objects.count() == 1
    # unit users are told
    assert Notification.objects.filter(event="supervision", recipient=world.user("clerk")).count() == 1


def test_a_red_issues_a_notice_and_not_again_while_it_is_open(world, source):
    source.set(world.coop_item, "red", "2026-03")
    daily.run(DAY)
    source.set(world.coop_item, "red", "2026-04")
    daily.run(DAY + dt.timedelta(days=30))
    sup = Supervision.objects.get()
    assert (sup.kind, sup.unit) == (SupervisionKind.NOTICE, world.street)


def test_campaign_rules_change_the_escalation_and_the_rollup(world, source):
    CampaignRules.objects.create(campaign=world.campaign, rules={"red_notice": False, "rollup": "weighted"})
    source.set(world.own_item, "red")
    daily.run(DAY)
    assert not Supervision.objects.exists()
    area = ColourRecord.objects.get(source="rollup", current=True, object_repr=str(world.area))
    # weighted: 2 of 3 items on track = 66.67 % < 75 % → red; worst wins would say red too, so check the reason
    assert area.reason == "weighted_share" and area.numbers["on_track_percent"] == 66.67


def test_rollup_worst_wins_by_default_for_area_and_campaign(world, source):
    source.set(world.other_item, "yellow")
    daily.run(DAY)
    rolled = dict(ColourRecord.objects.filter(source="rollup").values_list("object_repr", "colour"))
    assert rolled == {str(world.area): "yellow", str(world.campaign): "yellow"}


def test_a_broken_source_is_reported_and_the_others_still_run(world, source):
    def broken(today):
        raise RuntimeError("no data")

    register_light_source("broken", broken)
    summary = daily.run(DAY)
    assert summary.source_errors == {"broken": "RuntimeError: no data"}
    assert summary.colours_new == 3


def test_results_of_a_source_without_a_campaign_use_the_defaults_and_say_so(world, source):
    register_light_source("units", lambda today: [LightResult(world.street, "", "yellow", "behind", world.street.pk)])
    summary = daily.run(DAY)
    assert any("default rules" in note for note in summary.notes)
    assert ColourRecord.objects.get(object_repr=str(world.street)).campaign_id is None


def test_turned_red_goes_to_the_units_people_and_the_leader_by_inbox_and_email(world, source):
    for role in ("clerk", "leader", "viewer"):
        u = world.user(role)
        u.email = f"{role}@example.gov.cn"
        u.save()
    source.set(world.own_item, "red")
    daily.run(DAY, send=True)
    red = Notification.objects.filter(event="turned_red")
    assert {n.recipient.username for n in red} == {"unitadmin", "clerk", "leader"}  # not the viewer
    assert "2-01" in red.get(recipient=world.user("clerk")).body
    to = sorted(m.to[0] for m in mail.outbox if "red" in m.subject or "红" in m.subject)
    assert to == ["clerk@example.gov.cn", "leader@example.gov.cn"]
    assert Delivery.objects.filter(channel="email", status=DeliveryStatus.SENT).count() == len(mail.outbox)


def test_report_due_overdue_and_milestone_events(world, source):
    # March reports are due by 5 April: on 2 April "due in 3 days", on 6 April "overdue".
    now = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    Report.objects.create(
        item=world.coop_item,
        period_start=dt.date(2026, 3, 1),
        percent=10,
        narrative="x",
        submitted_by=world.user("street_clerk"),
        submitted_at=now,
        first_submitted_at=now,
    )
    Milestone.objects.create(item=world.own_item, title="完成环评", planned_date=dt.date(2026, 4, 4))
    daily.run(dt.date(2026, 4, 2))
    due = Notification.objects.filter(event="report_due")
    assert {n.recipient.username for n in due} == {"unitadmin", "clerk", "streetclerk"}
    assert "1" in due.get(recipient=world.user("clerk")).title
    assert Notification.objects.filter(event="milestone_due", recipient=world.user("clerk")).exists()
    daily.run(dt.date(2026, 4, 6))
    overdue = Notification.objects.filter(event="report_overdue")
    # the street reported 2-02 but not 2-03; the bureau did not report 2-01
    assert {n.recipient.username for n in overdue} == {"unitadmin", "clerk", "streetclerk"}


def test_webhooks_are_posted_to_the_units_robots_with_signature(world, source, robot_server):
    UnitWebhook.objects.create(unit=world.bureau, channel="wecom", url=robot_server.url + "/cgi-bin/webhook/send?key=K")
    UnitWebhook.objects.create(
        unit=world.bureau, channel="dingtalk", url=robot_server.url + "/robot/send?access_token=T", secret="SECret1"
    )
    source.set(world.own_item, "red")
    summary = daily.run(DAY)
    assert summary.failed == 0
    wecom = [r for r in robot_server.requests if r["path"].startswith("/cgi-bin")]
    ding = [r for r in robot_server.requests if r["path"].startswith("/robot")]
    # a red digest and the 督办 digest to the bureau, each to both robots
    assert len(wecom) == 2 and len(ding) == 2
    assert {r["body"]["msgtype"] for r in wecom + ding} == {"markdown"}
    assert any("2-01" in r["body"]["markdown"]["content"] for r in wecom)
    assert all(r["body"]["markdown"]["title"] for r in ding)
    for r in ding:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(r["path"]).query)
        ts = query["timestamp"][0]
        expected = base64.b64encode(hmac.new(b"SECret1", f"{ts}\nSECret1".encode(), hashlib.sha256).digest()).decode()
        assert query["sign"] == [expected] and query["access_token"] == ["T"]
    assert r["headers"]["Content-Type"].startswith("application/json")
    # a second run posts nothing again
    daily.run(DAY)
    assert len(robot_server.requests) == 4


def test_a_failing_robot_is_recorded_retried_and_never_stops_the_run(world, source, robot_server):
    UnitWebhook.objects.create(unit=world.bureau, channel="wecom", url=robot_server.url + "/send")
    UnitWebhook.objects.create(unit=world.bureau, channel="dingtalk", url="http://127.0.0.1:9/closed")
    robot_server.reply = {"errcode": 93000, "errmsg": "invalid webhook url"}
    source.set(world.own_item, "red")
    summary = daily.run(DAY)
    assert summary.failed == 4 and summary.sent == 0
    failed = Delivery.objects.filter(status=DeliveryStatus.FAILED)
    assert failed.count() == 4
    assert any("93000" in d.last_error for d in failed)
    robot_server.reply = {"errcode": 0}
    again = daily.run(DAY)  # the same day: nothing new, the failures are retried
    assert again.sent == 2 and again.failed == 2
    daily.run(DAY)
    daily.run(DAY)
    closed = Delivery.objects.filter(webhook__url__contains=":9/")
    assert {d.attempts for d in closed} == {3} and {d.status for d in closed} == {DeliveryStatus.FAILED}


def test_warnings_run_command_prints_a_summary_and_refuses_a_bad_date(world, source):
    out = io.StringIO()
    call_command("warnings", "run", "--date", "2026-04-10", "--no-send", stdout=out)
    text = out.getvalue()
    assert "2026-04-10" in text and "item 3" in text
    out = io.StringIO()
    call_command("warnings", "run", "--date", "2026-04-10", "--json", stdout=out)
    assert '"colours_new": 0' in out.getvalue()
    with pytest.raises(CommandError):
        call_command("warnings", "run", "--date", "10.4.2026")


def test_the_run_is_audited(world, source):
    daily.run(DAY)
    log = AuditLog.objects.get(action="warnings.run")
    assert log.after["colours_new"] == 3 and log.object_repr == "2026-04-10"


def test_numbers_of_any_source_are_stored_as_json(world, source):
    from decimal import Decimal
    from fractions import Fraction

    numbers = {"actual": Decimal("12.50"), "share": Fraction(1, 3), "due": dt.date(2026, 5, 1), "band": (1, 2)}
    register_light_source(
        "odd", lambda today: [LightResult(world.street, "2026-03", "yellow", "x", world.street.pk, None, numbers)]
    )
    daily.run(DAY)
    stored = ColourRecord.objects.get(object_repr=str(world.street)).numbers
    assert stored == {"actual": 12.5, "share": 0.3333, "due": "2026-05-01", "band": [1, 2]}


def test_a_delivery_being_sent_is_not_sent_again_by_a_second_sender(world, monkeypatch):
    from gongjian.supervision import notify

    d = Delivery.objects.create(
        channel="email", event="turned_red", address="a@example.gov.cn", day=DAY, key="k", subject="s", body="b"
    )
    nested = []
    real = notify._send_one

    def send_and_meanwhile_send_again(delivery, connection):
        nested.append(notify.send_pending())  # another run, while this one is sending
        real(delivery, connection)

    monkeypatch.setattr(notify, "_send_one", send_and_meanwhile_send_again)
    first = notify.send_pending()
    assert (first.sent, nested[0].sent) == (1, 0)
    assert len(mail.outbox) == 1
    d.refresh_from_db()
    assert (d.status, d.attempts) == (DeliveryStatus.SENT, 1)
