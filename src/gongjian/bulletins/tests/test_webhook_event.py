"""签发 tells the other systems that subscribed to ``bulletin_issued`` (the delivery itself is tested in
supervision/tests/test_webhooks.py against a real HTTP server)."""

import json

import pytest

from gongjian.bulletins import services
from gongjian.supervision import services as supervision_services
from gongjian.supervision.models import Delivery

pytestmark = pytest.mark.django_db


def test_an_issued_bulletin_queues_a_signed_delivery_sent_after_the_commit(
    world, reds, april, actor_of, django_capture_on_commit_callbacks
):
    supervision_services.create_subscription(
        actor_of("sysadmin"), name="市督查平台", url="http://127.0.0.1:9/hook", events=["bulletin_issued"]
    )
    b = services.submit_bulletin(
        actor_of("supervisor"), services.draft_bulletin(actor_of("supervisor"), world.campaign, 2026, 3)
    )
    assert not Delivery.objects.filter(event="bulletin_issued").exists()  # a draft and its review tell nobody
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issued = services.issue_bulletin(actor_of("leader"), b)
    delivery = Delivery.objects.get(event="bulletin_issued")
    body = json.loads(delivery.payload)
    assert body["event"] == "bulletin_issued" and body["id"] == delivery.key.rsplit(":", 1)[-1]
    assert body["data"]["doc_number"] == issued.doc_number and body["data"]["object_id"] == issued.pk
    assert body["data"]["issued_by"] == str(world.user("leader"))
    assert delivery.status == "pending" and callbacks  # posted once the 签发 has committed
