"""Supervision's rows of the role × page permission matrix (core/tests/test_permission_matrix.py)."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongjian.core.tests.matrix import ALL, OWN_HIDDEN, OWN_ITEM_VISIBLE, VIEWERS, Row
from gongjian.indicators import rules as r
from gongjian.supervision import scoring


def objects(world) -> dict:
    """A red colour and an open 督办 (with a reply and its file) on own_item, a notice for the clerk, a robot."""
    from gongjian.campaigns.models import Item
    from gongjian.supervision.models import (
        ColourRecord,
        Delivery,
        Notification,
        Supervision,
        SupervisionReply,
        UnitWebhook,
        WebhookSubscription,
    )

    ct = ContentType.objects.get_for_model(Item)
    today = timezone.localdate()
    rec = ColourRecord.objects.create(
        content_type=ct,
        object_id=world.own_item.pk,
        object_repr=str(world.own_item),
        source="item",
        period="2026-03",
        colour="red",
        reason="far_behind",
        judged_on=today,
        unit=world.bureau,
        leader=world.user("leader"),
        campaign=world.campaign,
    )
    sup = Supervision.objects.create(
        content_type=ct,
        object_id=world.own_item.pk,
        object_repr=str(world.own_item),
        colour="red",
        requirement="说明原因",
        unit=world.bureau,
        campaign=world.campaign,
        issued_by=world.user("supervisor"),
        issued_on=today,
        reply_by=today + dt.timedelta(days=7),
        record=rec,
    )
    reply = SupervisionReply(supervision=sup, text="已整改", replied_by=world.user("clerk"), replied_at=timezone.now())
    reply.file.save("r.pdf", SimpleUploadedFile("r.pdf", b"%PDF-1.4 test"), save=False)
    reply.file_name = "整改报告.pdf"
    reply.save()
    note = Notification.objects.create(
        recipient=world.user("clerk"),
        event="supervision",
        title="督办",
        url=sup.get_absolute_url(),
        day=today,
        key="k1",
    )
    hook = UnitWebhook.objects.create(
        unit=world.bureau, channel="wecom", url="http://127.0.0.1:9/cgi-bin/webhook/send?key=1"
    )  # a closed port: no network in tests
    sub = WebhookSubscription.objects.create(
        name="市大数据局", url="http://127.0.0.1:9/hook", events=["report_accepted"], secret="s" * 43
    )
    delivery = Delivery.objects.create(
        channel="webhook",
        event="report_accepted",
        subscription=sub,
        address=sub.url,
        day=today,
        key="webhook:matrix",
        subject="报告已审核",
        body="",
        payload="{}",
        status="failed",
        attempts=8,
    )
    return {
        "colour": rec,
        "supervision": sup,
        "reply": reply,
        "notification": note,
        "webhook": hook,
        "subscription": sub,
        "delivery": delivery,
    }


def _issue(w, o):
    return {
        "type": "campaigns.item",
        "id": str(w.own_item.pk),
        "kind": "order",
        "requirement": "请说明进度滞后原因",
        "reply_by": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
    }


def _rules(w, o):
    data = {k: v for k, v in r.DEFAULT_RULES.as_dict().items() if k != "red_notice"}
    data["red_notice"] = "on"
    data.update({f"points_{k}": v for k, v in scoring.DEFAULT_POINTS.as_dict().items()})
    data["yellow_gap"] = 15
    return data


WEBHOOK_ROLES = {"unit_admin", "sysadmin"}

MATRIX: list[Row] = [
    Row("supervision:supervision_list", lambda w, o: "/supervision/", VIEWERS),
    Row(
        "supervision:supervision_detail",
        lambda w, o: f"/supervision/{o['supervision'].pk}/",
        OWN_ITEM_VISIBLE,
        OWN_HIDDEN,
    ),
    Row(
        "supervision:supervision_add",
        lambda w, o: f"/supervision/add/?type=campaigns.item&id={w.own_item.pk}",
        {"supervisor"},
    ),
    Row("supervision:supervision_add", lambda w, o: "/supervision/add/", {"supervisor"}, method="post", data=_issue),
    Row(
        "supervision:supervision_reply",
        lambda w, o: f"/supervision/{o['supervision'].pk}/reply/",
        {"unit_admin", "clerk"},
        OWN_HIDDEN,
    ),
    Row(
        "supervision:supervision_reply",
        lambda w, o: f"/supervision/{o['supervision'].pk}/reply/",
        {"unit_admin", "clerk"},
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {"text": "已完成整改"},
    ),
    Row(
        "supervision:supervision_close",
        lambda w, o: f"/supervision/{o['supervision'].pk}/close/",
        {"supervisor"},
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {"note": "整改到位"},
    ),
    Row(
        "supervision:reply_file",
        lambda w, o: f"/supervision/replies/{o['reply'].pk}/file/",
        OWN_ITEM_VISIBLE,
        OWN_HIDDEN,
    ),
    Row("supervision:colour_list", lambda w, o: "/supervision/colours/", VIEWERS),
    Row("supervision:rankings", lambda w, o: "/supervision/rankings/", VIEWERS),
    Row("supervision:rules_edit", lambda w, o: f"/supervision/rules/{w.campaign.pk}/", {"supervisor"}, {"nobody"}),
    Row(
        "supervision:rules_edit",
        lambda w, o: f"/supervision/rules/{w.campaign.pk}/",
        {"supervisor"},
        {"nobody"},
        method="post",
        data=_rules,
    ),
    Row("supervision:inbox", lambda w, o: "/supervision/inbox/", VIEWERS),
    Row(
        "supervision:inbox_read",
        lambda w, o: f"/supervision/inbox/{o['notification'].pk}/read/",
        {"clerk"},
        ALL - {"clerk"},
        method="post",
        data=lambda w, o: {},
    ),
    Row(
        "supervision:inbox_read_all",
        lambda w, o: "/supervision/inbox/read-all/",
        VIEWERS,
        method="post",
        data=lambda w, o: {},
    ),
    Row("supervision:webhook_list", lambda w, o: "/supervision/robots/", WEBHOOK_ROLES),
    Row("supervision:webhook_add", lambda w, o: "/supervision/robots/add/", WEBHOOK_ROLES),
    Row(
        "supervision:webhook_edit",
        lambda w, o: f"/supervision/robots/{o['webhook'].pk}/",
        WEBHOOK_ROLES,
        ALL - WEBHOOK_ROLES,
    ),
    Row("supervision:delivery_list", lambda w, o: "/supervision/deliveries/", {"supervisor", "sysadmin"}),
    # the local robot page reads as the deliveries (its POST, a robot's answer, is in test_robot_echo.py)
    Row("supervision:robot_echo", lambda w, o: "/supervision/robots/echo/", {"supervisor", "sysadmin"}),
]


API_MATRIX: list[Row] = [
    Row("api:supervision-list", lambda w, o: "/api/supervisions/", VIEWERS - {"street_clerk"}, OWN_HIDDEN),
    Row(
        "api:supervision-detail", lambda w, o: f"/api/supervisions/{o['supervision'].pk}/", OWN_ITEM_VISIBLE, OWN_HIDDEN
    ),
    Row("api:supervision-list", lambda w, o: "/api/supervisions/", {"supervisor"}, method="post", data=_issue),
    Row(
        "api:supervision-reply",
        lambda w, o: f"/api/supervisions/{o['supervision'].pk}/reply/",
        {"unit_admin", "clerk"},
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {"text": "已完成整改"},
    ),
    Row(
        "api:supervision-close",
        lambda w, o: f"/api/supervisions/{o['supervision'].pk}/close/",
        {"supervisor"},
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {"note": "整改到位"},
    ),
    # The street sees the colour of its own item (the cadre side's matrix objects record one); nobody sees none.
    Row("api:colour-list", lambda w, o: "/api/colours/", VIEWERS, {"nobody"}),
    Row("api:colour-detail", lambda w, o: f"/api/colours/{o['colour'].pk}/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
]


MATRIX.append(
    Row(
        "supervision:webhook_test",
        lambda w, o: f"/supervision/robots/{o['webhook'].pk}/test/",
        WEBHOOK_ROLES,
        ALL - WEBHOOK_ROLES,
        method="post",
        data=lambda w, o: {},
    )
)


# Other systems' webhooks: the system administrator's. The forms that make a secret answer the POST with the page
# that shows it this once (200), not with a redirect: the secret is never stored where a later request reads it.
SUBSCRIBERS = {"sysadmin"}
SECRET_PAGE = {"sysadmin": "unexpected 200"}


def _subscription(w, o):
    return {
        "name": "市督查平台",
        "url": "https://db.example.gov.cn/hook",
        "events": ["report_accepted"],
        "is_active": "on",
    }


MATRIX += [
    Row("supervision:subscription_list", lambda w, o: "/supervision/webhooks/", SUBSCRIBERS),
    Row("supervision:subscription_add", lambda w, o: "/supervision/webhooks/add/", SUBSCRIBERS),
    Row(
        "supervision:subscription_add",
        lambda w, o: "/supervision/webhooks/add/",
        SUBSCRIBERS,
        method="post",
        data=_subscription,
        special=SECRET_PAGE,
    ),
    Row(
        "supervision:subscription_edit",
        lambda w, o: f"/supervision/webhooks/{o['subscription'].pk}/",
        SUBSCRIBERS,
        ALL - SUBSCRIBERS,
    ),
    Row(
        "supervision:subscription_edit",
        lambda w, o: f"/supervision/webhooks/{o['subscription'].pk}/",
        SUBSCRIBERS,
        ALL - SUBSCRIBERS,
        method="post",
        data=_subscription,
    ),
    Row(
        "supervision:subscription_rotate",
        lambda w, o: f"/supervision/webhooks/{o['subscription'].pk}/rotate/",
        SUBSCRIBERS,
        ALL - SUBSCRIBERS,
        method="post",
        data=lambda w, o: {},
        special=SECRET_PAGE,
    ),
    Row(
        "supervision:delivery_detail",
        lambda w, o: f"/supervision/deliveries/{o['delivery'].pk}/",
        {"supervisor", "sysadmin"},
        ALL - {"supervisor", "sysadmin"},
    ),
    # the supervision office reads the log; sending again is the system administrator's
    Row(
        "supervision:delivery_resend",
        lambda w, o: f"/supervision/deliveries/{o['delivery'].pk}/resend/",
        SUBSCRIBERS,
        ALL - {"supervisor", "sysadmin"},
        method="post",
        data=lambda w, o: {},
    ),
]

API_MATRIX += [
    Row("api:webhook-subscription-list", lambda w, o: "/api/webhooks/", SUBSCRIBERS, ALL - SUBSCRIBERS),
    Row(
        "api:webhook-subscription-list",
        lambda w, o: "/api/webhooks/",
        SUBSCRIBERS,
        method="post",
        data=lambda w, o: {"name": "市督查平台", "url": "https://db.example.gov.cn/h", "events": ["problem_closed"]},
    ),
    Row(
        "api:webhook-subscription-detail",
        lambda w, o: f"/api/webhooks/{o['subscription'].pk}/",
        SUBSCRIBERS,
        ALL - SUBSCRIBERS,
    ),
    Row(
        "api:webhook-subscription-detail",
        lambda w, o: f"/api/webhooks/{o['subscription'].pk}/",
        SUBSCRIBERS,
        ALL - SUBSCRIBERS,
        method="patch",
        data=lambda w, o: {"is_active": False},
    ),
    Row(
        "api:webhook-subscription-rotate-secret",
        lambda w, o: f"/api/webhooks/{o['subscription'].pk}/rotate-secret/",
        SUBSCRIBERS,
        ALL - SUBSCRIBERS,
        method="post",
        data=lambda w, o: {},
    ),
    Row(
        "api:delivery-list",
        lambda w, o: "/api/deliveries/",
        {"supervisor", "sysadmin"},
        ALL - {"supervisor", "sysadmin"},
    ),
    Row(
        "api:delivery-detail",
        lambda w, o: f"/api/deliveries/{o['delivery'].pk}/",
        {"supervisor", "sysadmin"},
        ALL - {"supervisor", "sysadmin"},
    ),
    Row(
        "api:delivery-resend",
        lambda w, o: f"/api/deliveries/{o['delivery'].pk}/resend/",
        SUBSCRIBERS,
        ALL - {"supervisor", "sysadmin"},
        method="post",
        data=lambda w, o: {},
    ),
]
