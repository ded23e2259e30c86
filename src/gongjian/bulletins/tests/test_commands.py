"""``gongjian bulletins draft|export|issue|monthly``."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongjian.bulletins.models import Bulletin
from gongjian.core.models import AuditLog
from gongjian.supervision.models import Notification

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("bulletins", *args, stdout=out)
    return out.getvalue()


def test_draft_issue_export_round_trip(world, reds, april, tmp_path):
    out = _run("draft", "--campaign", str(world.campaign.pk), "--month", "2026-03", "--by", "supervisor")
    pk = int(out.strip().splitlines()[-1])
    b = Bulletin.objects.get(pk=pk)
    assert b.state == "draft" and b.created_by == world.user("supervisor")
    draft_file = tmp_path / "draft.docx"
    _run("export", str(pk), "--format", "docx", "--output", str(draft_file))
    assert draft_file.read_bytes()[:2] == b"PK"
    b.state = "review"
    b.save(update_fields=["state"])
    out = _run("issue", str(pk), "--by", "leader")
    assert "攻坚督〔2026〕1号" in out
    for fmt in ("docx", "xlsx"):
        target = tmp_path / f"issued.{fmt}"
        _run("export", str(pk), "--format", fmt, "--output", str(target))
        assert target.read_bytes() == bytes(b.files.get(format=fmt).data)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["draft", "--campaign", "999", "--month", "2026-03"], "999"),
        (["draft", "--campaign", "{c}", "--month", "2026/03"], "YYYY-MM"),
        (["draft", "--campaign", "{c}", "--month", "2026-04"], "尚未结束"),
        (["draft", "--campaign", "{c}", "--month", "2026-03", "--by", "ghost"], "ghost"),
        (["draft", "--campaign", "{c}", "--month", "2026-03", "--by", "clerk"], "clerk"),
        (["issue", "4242", "--by", "leader"], "4242"),
    ],
)
def test_bad_input_is_one_message_and_nothing_is_written(world, april, args, words):
    args = [a.format(c=world.campaign.pk) for a in args]
    with pytest.raises(CommandError) as exc:
        _run(*args)
    assert exc.value.returncode == 2 and words in str(exc.value)
    assert not Bulletin.objects.exists()


def test_second_issue_from_the_command_line_is_refused_and_audited(world, reds, april):
    pk = int(_run("draft", "--campaign", str(world.campaign.pk), "--month", "2026-03").splitlines()[-1])
    Bulletin.objects.filter(pk=pk).update(state="review")
    _run("issue", str(pk), "--by", "leader")
    with pytest.raises(CommandError) as exc:
        _run("issue", str(pk), "--by", "leader")
    assert "不能重复签发" in str(exc.value)
    assert AuditLog.objects.filter(action="bulletin.refused", object_id=str(pk), source="command").count() == 1


def test_monthly_drafts_once_and_notifies_the_office(world, reds, april):
    out = _run("monthly", "--day", "3")
    b = Bulletin.objects.get()
    assert (b.year, b.month) == (2026, 3) and b.title in out
    assert Notification.objects.filter(recipient=world.user("supervisor"), url=b.get_absolute_url()).exists()
    assert not Notification.objects.filter(recipient=world.user("clerk")).exists()
    _run("monthly", "--day", "3")
    assert Bulletin.objects.count() == 1
    assert "5" in _run("monthly", "--day", "5") and Bulletin.objects.count() == 1
