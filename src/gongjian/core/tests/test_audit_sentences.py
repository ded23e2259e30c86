"""The audit trail as sentences: "张伟 审核通过了进展报告 2-01（2026年10月）" — the person's name, what they did, the
object in words; never a login name, an action code or a dictionary."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from gongjian.campaigns.models import Report
from gongjian.core.models import SYSTEM_ACTOR_NAME, AuditLog
from gongjian.core.services import Actor, record
from gongjian.testing import PASSWORD, make_user


@pytest.fixture
def trail(world):
    zhang = make_user("zhangwei", world.district, "supervisor", "auditadmin", display_name="张伟")
    report = Report.objects.create(
        item=world.own_item,
        period_start=dt.date(2026, 10, 1),
        percent=20,
        narrative="进展",
        status="accepted",
        submitted_by=world.user("clerk"),
        submitted_at=timezone.now(),
        first_submitted_at=timezone.now(),
    )
    accepted = record(
        Actor(zhang), "report.accept", report, before={"status": "submitted"}, after={"status": "accepted"}
    )
    run = AuditLog.objects.create(
        at=timezone.now(),
        actor_name=SYSTEM_ACTOR_NAME,
        source=AuditLog.Source.SYSTEM,
        action="warnings.run",
        object_repr="2026-10-31",
        after={"sources": {"item": 12, "milestone": 3}, "colours_new": 4},
    )
    return world, zhang, report, accepted, run


def test_records_read_as_sentences_in_either_language(trail):
    world, zhang, _, accepted, run = trail
    with translation.override("zh-hans"):
        assert accepted.sentence == "张伟 审核通过了进展报告 2-01 2026年10月"
        assert run.sentence == "系统 运行了每日预警 2026-10-31"
        unnamed = record(Actor(zhang), "item.refresh", world.own_item)  # a code no module gave words to
        assert unnamed.sentence == f"张伟 修改了 清单事项 {world.own_item}"
    with translation.override("en"):
        assert accepted.sentence == "张伟 accepted a report: 2-01 2026年10月"
    zhang.delete()  # the account gone, the record keeps the name it was written with
    assert AuditLog.objects.get(pk=accepted.pk).actor_display == "zhangwei"


def test_pages_show_sentences_never_codes_or_login_names(trail, client):
    world = trail[0]
    assert client.login(username="zhangwei", password=PASSWORD)
    html = client.get(world.own_item.get_absolute_url()).content.decode()
    assert "张伟 审核通过了进展报告 2-01 2026年10月" in html
    log = client.get("/audit/").content.decode()
    assert "张伟 审核通过了进展报告 2-01 2026年10月" in log
    assert "系统 运行了每日预警 2026-10-31" in log
    assert "事项 12；节点 3" in log and "颜色变化数：</span>4" in log
    for code in ("report.accept", "warnings.run", "zhangwei", "{&#x27;item", "{'item", "Sources"):
        assert code not in html and code not in log, code
