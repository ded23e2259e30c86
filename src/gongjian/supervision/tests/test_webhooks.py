"""Outbound webhooks against a real HTTP server on 127.0.0.1: the event arrives signed, a 500 is retried after
the back-off and then delivered, every attempt is logged, a delivery can be sent again (audited), a switched-off
subscription receives nothing and a rolled-back transaction sends nothing."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from gongjian.campaigns import services as campaign_services
from gongjian.campaigns.models import Report
from gongjian.core.models import AuditLog
from gongjian.core.registry import LightResult
from gongjian.core.services import Actor
from gongjian.supervision import colours, notify, services, signing
from gongjian.supervision.models import Delivery, DeliveryAttempt, WebhookSubscription
from gongjian.testing import PASSWORD

from .conftest import LocalServer


class Receiver(LocalServer):
    """Another system's endpoint: keeps each request's raw body and headers, answers the next queued status."""

    path = "/hooks/gongjian"

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests.append({"path": self.path, "headers": dict(self.headers), "raw": raw})
                self.send_response(outer.statuses.pop(0) if outer.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(Handler)


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def _actor(user) -> Actor:
    return Actor(user, "127.0.0.1", "web")


def _subscribe(world, receiver, events=("report_accepted",), **kw):
    return services.create_subscription(
        _actor(world.user("sysadmin")), name="市大数据局平台", url=receiver.url, events=list(events), **kw
    )


def _submitted(world) -> Report:
    now = timezone.now()
    return Report.objects.create(
        item=world.own_item,
        period_start=dt.date(2026, 3, 1),
        percent=40,
        narrative="按计划推进",
        status="submitted",
        submitted_by=world.user("clerk"),
        submitted_at=now,
        first_submitted_at=now,
    )


def _accept(world, report):
    return campaign_services.accept_report(_actor(world.user("supervisor")), report)


def test_signature_and_backoff_are_plain_functions():
    raw = signing.body("report_accepted", "d1", "2026-04-10T09:00:00+08:00", {"name": "重大技改项目"})
    assert json.loads(raw)["data"]["name"] == "重大技改项目"  # Chinese as it is, UTF-8
    sig = signing.sign("s3cret", raw)
    assert sig.startswith("sha256=") and len(sig) == 7 + 64
    assert signing.verify("s3cret", raw, sig) and not signing.verify("other", raw, sig)
    assert not signing.verify("s3cret", raw + b" ", sig)
    assert [signing.backoff_seconds(n, 60, 600) for n in (1, 2, 3, 4, 5)] == [60, 120, 240, 480, 600]
    assert signing.backoff_seconds(3, 0, 600) == 0


def test_an_accepted_report_is_delivered_signed_after_the_commit(world, receiver, django_capture_on_commit_callbacks):
    sub, secret = _subscribe(world, receiver)
    assert len(secret) >= 40 and AuditLog.objects.filter(action="subscription.create").count() == 1
    assert secret not in json.dumps(AuditLog.objects.get(action="subscription.create").after)
    report = _submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        _accept(world, report)
        assert receiver.requests == []  # nothing leaves before the commit
    assert len(receiver.requests) == 1
    req = receiver.requests[0]
    headers = {k.lower(): v for k, v in req["headers"].items()}
    assert signing.verify(secret, req["raw"], headers["x-gongjian-signature"])
    body = json.loads(req["raw"])
    assert headers["x-gongjian-event"] == body["event"] == "report_accepted"
    assert headers["x-gongjian-delivery"] == body["id"]
    assert body["data"]["object_id"] == report.pk and body["data"]["item_code"] == world.own_item.code
    assert body["data"]["accepted_by"] == str(world.user("supervisor"))
    assert dt.datetime.fromisoformat(body["occurred_at"]).tzinfo is not None
    delivery = Delivery.objects.get(subscription=sub)
    assert (delivery.channel, delivery.status, delivery.status_code, delivery.attempts) == ("webhook", "sent", 200, 1)


def test_a_500_is_retried_after_the_backoff_and_the_log_shows_every_attempt(
    world, receiver, django_capture_on_commit_callbacks
):
    sub, secret = _subscribe(world, receiver)
    receiver.statuses = [500]
    with override_settings(GONGJIAN_DELIVERY_RETRY_SECONDS=60), django_capture_on_commit_callbacks(execute=True):
        _accept(world, _submitted(world))
    delivery = Delivery.objects.get(subscription=sub)
    assert delivery.status == "failed" and delivery.status_code == 500 and "500" in delivery.last_error
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    assert 50 < wait <= 60  # the first back-off
    assert notify.send_pending().sent == 0 and len(receiver.requests) == 1  # not due yet
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())  # the minute has passed
    out = io.StringIO()
    call_command("warnings", "send", "--json", stdout=out)  # what cron runs every few minutes
    assert json.loads(out.getvalue()) == {"sent": 1, "failed": 0}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.status_code, delivery.attempts) == ("sent", 200, 2)
    assert [(a.status_code, a.ok) for a in DeliveryAttempt.objects.filter(delivery=delivery)] == [
        (500, False),
        (200, True),
    ]
    first, second = receiver.requests
    assert first["raw"] == second["raw"]  # the same delivery, the same id, signed the same way
    assert signing.verify(
        secret, second["raw"], {k.lower(): v for k, v in second["headers"].items()}["x-gongjian-signature"]
    )


def test_a_failed_delivery_is_sent_again_from_its_page_and_the_resend_is_audited(
    world, receiver, client, django_capture_on_commit_callbacks
):
    sub, _secret = _subscribe(world, receiver)
    receiver.statuses = [503]
    with override_settings(GONGJIAN_WEBHOOK_MAX_ATTEMPTS=1), django_capture_on_commit_callbacks(execute=True):
        _accept(world, _submitted(world))
    delivery = Delivery.objects.get(subscription=sub)
    assert delivery.status == "failed" and delivery.next_attempt_at is None  # no retry left
    assert client.login(username="sysadmin", password=PASSWORD)
    page = client.get(f"/supervision/deliveries/{delivery.pk}/")
    assert page.status_code == 200 and "503" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/supervision/deliveries/{delivery.pk}/resend/")
    assert answer.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "sent" and len(receiver.requests) == 2
    assert AuditLog.objects.filter(action="delivery.resend", object_id=str(delivery.pk)).count() == 1
    # the list shows webhooks next to the group robots' posts, in the same log
    listing = client.get("/supervision/deliveries/?channel=webhook")
    assert "市大数据局平台" in listing.content.decode()


def test_an_inactive_subscription_and_another_event_receive_nothing(
    world, receiver, django_capture_on_commit_callbacks
):
    sub, _secret = _subscribe(world, receiver)
    other, _ = _subscribe(world, receiver, events=("problem_closed",))
    services.update_subscription(_actor(world.user("sysadmin")), sub, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        _accept(world, _submitted(world))
    assert receiver.requests == [] and not Delivery.objects.filter(channel="webhook").exists()
    assert other.is_active


def test_a_rolled_back_transaction_sends_nothing(world, receiver, django_capture_on_commit_callbacks):
    _subscribe(world, receiver)
    report = _submitted(world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _accept(world, report)
            raise RuntimeError("something later in the same transaction failed")
    assert callbacks == [] and receiver.requests == []
    assert not Delivery.objects.filter(channel="webhook").exists()


def test_a_changed_colour_is_delivered_but_an_unchanged_one_is_not(world, receiver, django_capture_on_commit_callbacks):
    _sub, secret = _subscribe(world, receiver, events=("colour_changed",))
    item = world.own_item
    day = dt.date(2026, 4, 10)

    def judge(colour):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            light = LightResult(item, "2026-03", colour, "behind", item.lead_unit_id, item.leader_id, {})
            colours.store([("item", light)], day)

    judge("green")  # the first colour: nothing changed yet
    judge("green")
    assert receiver.requests == []
    judge("red")
    assert len(receiver.requests) == 1
    body = json.loads(receiver.requests[0]["raw"])
    assert body["event"] == "colour_changed"
    assert body["data"]["object_type"] == "campaigns.item" and body["data"]["object_id"] == item.pk
    assert (body["data"]["previous_colour"], body["data"]["colour"]) == ("green", "red")
    assert "numbers" not in body["data"]  # words and ids only
    sig = {k.lower(): v for k, v in receiver.requests[0]["headers"].items()}["x-gongjian-signature"]
    assert signing.verify(secret, receiver.requests[0]["raw"], sig)


def test_a_closed_problem_is_delivered(world, receiver, django_capture_on_commit_callbacks):
    from gongjian.problems import services as problem_services
    from gongjian.problems.testing import make_problem

    _subscribe(world, receiver, events=("problem_closed",))
    sup = _actor(world.user("supervisor"))
    p = make_problem(world)
    p = problem_services.assign_problem(sup, p, unit=world.bureau, deadline=timezone.localdate())
    p = problem_services.start_problem(_actor(world.user("clerk")), p)
    p = problem_services.apply_closure(_actor(world.user("clerk")), p, text="已解决")
    p = problem_services.verify_problem(sup, p)
    assert receiver.requests == []
    with django_capture_on_commit_callbacks(execute=True):
        problem_services.close_problem(sup, p)
    body = json.loads(receiver.requests[0]["raw"])
    assert body["event"] == "problem_closed" and body["data"]["number"] == p.number


def test_subscriptions_are_managed_by_the_system_administrator_and_the_secret_shown_once(world, client):
    assert client.login(username="sysadmin", password=PASSWORD)
    data = {
        "name": "市督查平台",
        "url": "https://db.example.gov.cn/hook",
        "events": ["bulletin_issued"],
        "is_active": "on",
    }
    page = client.post("/supervision/webhooks/add/", data)
    sub = WebhookSubscription.objects.get(name="市督查平台")
    assert page.status_code == 200 and sub.secret in page.content.decode()  # shown this once
    assert sub.owner == world.user("sysadmin")
    edit = client.get(f"/supervision/webhooks/{sub.pk}/")
    assert edit.status_code == 200 and sub.secret not in edit.content.decode()
    assert client.get("/supervision/webhooks/").status_code == 200
    old = sub.secret
    rotated = client.post(f"/supervision/webhooks/{sub.pk}/rotate/")
    sub.refresh_from_db()
    assert sub.secret != old and sub.secret in rotated.content.decode()
    assert AuditLog.objects.filter(action="subscription.rotate").count() == 1
    # a bad address and no event: refused by field, never a 500
    bad = client.post("/supervision/webhooks/add/", {**data, "url": "ftp://x", "events": []})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"url", "events"}
    # deactivate through the edit form
    client.post(f"/supervision/webhooks/{sub.pk}/", {**data, "is_active": ""})
    sub.refresh_from_db()
    assert not sub.is_active


def test_the_api_creates_rotates_and_refuses_unknown_events_and_fields(world):
    api = APIClient()
    api.force_authenticate(world.user("sysadmin"))
    made = api.post(
        "/api/webhooks/",
        {"name": "大数据局", "url": "https://x.example/h", "events": ["report_accepted"]},
        format="json",
    )
    assert made.status_code == 201, made.content
    sub = WebhookSubscription.objects.get(pk=made.json()["id"])
    assert made.json()["secret"] == sub.secret
    assert "secret" not in api.get(f"/api/webhooks/{sub.pk}/").json()
    rotated = api.post(f"/api/webhooks/{sub.pk}/rotate-secret/")
    sub.refresh_from_db()
    assert rotated.json() == {"secret": sub.secret}
    off = api.patch(f"/api/webhooks/{sub.pk}/", {"is_active": False}, format="json")
    assert off.status_code == 200 and off.json()["is_active"] is False
    bad = api.post(
        "/api/webhooks/", {"name": "x", "url": "https://x.example/h", "events": ["nope"], "colour": 1}, format="json"
    )
    assert bad.status_code == 400 and "colour" in bad.json()
    bad = api.post("/api/webhooks/", {"name": "x", "url": "https://x.example/h", "events": ["nope"]}, format="json")
    assert bad.status_code == 400 and "events" in bad.json()
    clerk = APIClient()
    clerk.force_authenticate(world.user("clerk"))
    assert (
        clerk.post(
            "/api/webhooks/", {"name": "x", "url": "https://x.example/h", "events": ["report_accepted"]}, format="json"
        ).status_code
        == 403
    )


def test_the_documented_verification_snippet_verifies_a_real_signature():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[4] / "docs" / "data-formats.md").read_text(encoding="utf-8")
    section = doc.split("## 8. Outbound webhooks", 1)[1]
    snippet = section.split("```python", 1)[1].split("```", 1)[0]
    scope: dict = {}
    exec(compile(snippet, "data-formats.md", "exec"), scope)  # our own documentation's snippet
    raw = signing.body("problem_closed", "d1", "2026-04-10T09:00:00+08:00", {"name": "道路破损"})
    assert scope["verified"]("k3y", raw, signing.sign("k3y", raw))
    assert not scope["verified"]("k3y", raw, signing.sign("other", raw))
    for header in ("X-Gongjian-Signature", "X-Gongjian-Event", "X-Gongjian-Delivery"):
        assert header in section and header in signing.headers("k", raw, "e", "d")


def test_the_audit_trail_names_the_events_in_words(world):
    from gongjian.core.templatetags.gongjian import audit_changes

    sub, _secret = services.create_subscription(
        _actor(world.user("sysadmin")), name="市督查平台", url="https://x.example/h", events=["problem_closed"]
    )
    services.update_subscription(_actor(world.user("sysadmin")), sub, events=["report_accepted", "problem_closed"])
    entry = AuditLog.objects.get(action="subscription.update")
    text = " ".join(" ".join(map(str, change)) for change in audit_changes(entry))
    from gongjian.supervision.choices import Event

    assert str(Event.REPORT_ACCEPTED.label) in text and "report_accepted" not in text


def test_a_group_robot_post_is_logged_with_its_attempts_in_the_same_log(world, receiver):
    from gongjian.supervision.models import UnitWebhook

    hook = UnitWebhook.objects.create(unit=world.bureau, channel="wecom", url=receiver.url + "?key=K")
    post = Delivery.objects.create(
        channel="wecom", event="turned_red", webhook=hook, day=timezone.localdate(), key="r1", subject="红灯", body="x"
    )
    receiver.statuses = [502]
    notify.send_pending()
    notify.send_pending()
    post.refresh_from_db()
    assert (post.status, post.attempts, post.status_code) == ("sent", 2, 200)
    assert [(a.status_code, a.ok) for a in post.attempt_log.order_by("at", "pk")] == [(502, False), (200, True)]
