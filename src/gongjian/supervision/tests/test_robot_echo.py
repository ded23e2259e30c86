"""The local robot page: robots that point to it receive the daily run's messages on the platform itself."""

import datetime as dt

from gongjian.core.models import AuditLog
from gongjian.supervision.models import Delivery, UnitWebhook
from gongjian.supervision.views import ROBOT_ECHO_PATH
from gongjian.testing import PASSWORD


def test_the_local_robot_answers_like_a_robot_and_lists_what_it_would_receive(world, client):
    local = UnitWebhook.objects.create(
        unit=world.bureau, channel="wecom", url=f"http://127.0.0.1:8000{ROBOT_ECHO_PATH}"
    )
    remote = UnitWebhook.objects.create(unit=world.bureau, channel="dingtalk", url="https://oapi.dingtalk.com/robot/x")
    day = dt.date(2026, 3, 31)
    for hook, subject in ((local, "红灯提醒：重大技改项目推进"), (remote, "发往钉钉的消息")):
        Delivery.objects.create(
            channel=hook.channel, event="turned_red", webhook=hook, day=day, key=subject, subject=subject, body="逾期"
        )
    rows, audits = Delivery.objects.count(), AuditLog.objects.count()
    # a POST (what the daily run sends) is answered as WeCom and DingTalk answer a message they accept; nothing kept
    answer = client.post(ROBOT_ECHO_PATH, {"msgtype": "markdown"}, content_type="application/json")
    assert answer.status_code == 200 and answer.json() == {"errcode": 0, "errmsg": "ok"}
    assert Delivery.objects.count() == rows and AuditLog.objects.count() == audits
    # the page, for those who read the deliveries: only the messages addressed to the local robot
    assert client.get(ROBOT_ECHO_PATH).status_code == 302  # logged out: to the login page
    assert client.login(username="supervisor", password=PASSWORD)
    page = client.get(ROBOT_ECHO_PATH)
    assert [d.subject for d in page.context["rows"]] == ["红灯提醒：重大技改项目推进"]
    assert "红灯提醒：重大技改项目推进" in page.content.decode() and "发往钉钉的消息" not in page.content.decode()
    client.logout()
    assert client.login(username="clerk", password=PASSWORD)
    assert client.get(ROBOT_ECHO_PATH).status_code == 403
