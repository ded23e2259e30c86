"""The bulletin's workflow: draft → review → 签发, immutability once issued, refusals audited and nothing written."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongjian.bulletins import services
from gongjian.bulletins.choices import BulletinState
from gongjian.bulletins.models import Bulletin, NumberCounter, StoredFile
from gongjian.campaigns.models import Item
from gongjian.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _issued(world, actor_of):
    b = services.draft_bulletin(actor_of("supervisor"), world.campaign, 2026, 3)
    b = services.submit_bulletin(actor_of("supervisor"), b)
    return services.issue_bulletin(actor_of("leader"), b)


def test_draft_computes_the_tables_as_of_the_month_end(world, reds, april, actor_of):
    b = services.draft_bulletin(actor_of("supervisor"), world.campaign, 2026, 3)
    assert b.state == BulletinState.DRAFT and b.cutoff == dt.date(2026, 3, 31)
    c = b.content
    assert c["headline"]["total"] == Item.objects.filter(area__campaign=world.campaign).count() == 3
    assert c["headline"]["red"] == 2 and c["headline"]["yellow"] == 1
    assert {r["object"] for r in c["reds"]} == {str(world.own_item), str(world.other_item)}
    assert all("10" in r["reason"] for r in c["reds"])  # the reason in words, with its numbers
    assert [r["unit"] for r in c["ranking"]] == ["区发展和改革局", "新湖街道办事处"]
    assert AuditLog.objects.filter(action="bulletin.draft", object_id=str(b.pk)).count() == 1


def test_a_month_not_ended_is_refused(world, april, actor_of):
    with pytest.raises(ValidationError) as exc:
        services.draft_bulletin(actor_of("supervisor"), world.campaign, 2026, 4)
    assert "month" in exc.value.message_dict
    assert not Bulletin.objects.exists()


def test_a_campaign_without_items_is_refused(world, april, actor_of):
    from gongjian.campaigns.models import Campaign

    empty = Campaign.objects.create(
        name="空活动", year=2026, start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31)
    )
    with pytest.raises(ValidationError) as exc:
        services.draft_bulletin(actor_of("supervisor"), empty, 2026, 3)
    assert "campaign" in exc.value.message_dict
    assert not Bulletin.objects.exists()


def test_only_the_supervision_office_drafts(world, april, actor_of):
    for role in ("clerk", "leader", "viewer"):
        with pytest.raises(PermissionDenied):
            services.draft_bulletin(actor_of(role), world.campaign, 2026, 3)
    assert not Bulletin.objects.exists()


def test_issue_numbers_stores_files_and_audits_their_sha256(world, reds, april, actor_of):
    b = _issued(world, actor_of)
    assert b.state == BulletinState.ISSUED and b.doc_number == "攻坚督〔2026〕1号"
    files = {f.format: f for f in b.files.all()}
    assert set(files) == {"docx", "xlsx"}
    entry = AuditLog.objects.get(action="bulletin.issue", object_id=str(b.pk))
    import hashlib

    for fmt, f in files.items():
        assert entry.after["files"][fmt]["sha256"] == f.sha256 == hashlib.sha256(bytes(f.data)).hexdigest()


def test_numbers_run_on_without_gaps_across_bulletins_and_years(world, reds, april, actor_of):
    first = _issued(world, actor_of)
    second = _issued(world, actor_of)
    assert (first.number, second.number) == (1, 2)
    assert NumberCounter.objects.get(year=2026).last == 2


def test_an_issued_bulletin_refuses_every_change_and_audits_the_attempt(world, reds, april, actor_of):
    b = _issued(world, actor_of)
    before = Bulletin.objects.filter(pk=b.pk).values().get()
    sup, leader = actor_of("supervisor"), actor_of("leader")
    attempts = [
        lambda: services.edit_bulletin(sup, b, {"highlights": "改过的亮点"}),
        lambda: services.refresh_bulletin(sup, b),
        lambda: services.submit_bulletin(sup, b),
        lambda: services.return_bulletin(sup, b),
        lambda: services.issue_bulletin(leader, b),  # a second 签发
    ]
    for attempt in attempts:
        with pytest.raises(services.BulletinRefused) as exc:
            attempt()
        assert "攻坚督〔2026〕1号" in str(exc.value.messages[0])
    assert Bulletin.objects.filter(pk=b.pk).values().get() == before
    assert NumberCounter.objects.get(year=2026).last == 1
    refused = AuditLog.objects.filter(action="bulletin.refused", object_id=str(b.pk))
    assert refused.count() == len(attempts) and not any(r.success for r in refused)
    assert sorted(r.after["attempted"] for r in refused) == sorted(["edit", "refresh", "submit", "return", "issue"])


def test_stored_files_cannot_be_overwritten(world, reds, april, actor_of):
    b = _issued(world, actor_of)
    f = b.files.get(format="docx")
    f.data = b"changed"
    with pytest.raises(PermissionDenied):
        f.save()
    with pytest.raises(PermissionDenied):
        StoredFile.objects.filter(pk=f.pk).update(data=b"changed")
    with pytest.raises(PermissionDenied):
        f.delete()


def test_edit_and_refresh_change_a_draft_only(world, reds, april, actor_of):
    sup = actor_of("supervisor")
    b = services.draft_bulletin(sup, world.campaign, 2026, 3)
    b = services.edit_bulletin(sup, b, {"highlights": "发改局项目推进快", "requirements": "限期整改"})
    assert b.highlights == "发改局项目推进快"
    with pytest.raises(ValidationError):
        services.edit_bulletin(sup, b, {"content": {}})  # the tables are computed, never typed
    b = services.submit_bulletin(sup, b)
    with pytest.raises(services.BulletinRefused):
        services.edit_bulletin(sup, b, {"highlights": "x"})
    b = services.return_bulletin(sup, b)
    assert services.edit_bulletin(sup, b, {"highlights": "y"}).highlights == "y"


def test_only_a_bulletin_in_review_is_signed_and_only_by_a_leader(world, reds, april, actor_of):
    b = services.draft_bulletin(actor_of("supervisor"), world.campaign, 2026, 3)
    with pytest.raises(services.BulletinRefused):
        services.issue_bulletin(actor_of("leader"), b)
    b = services.submit_bulletin(actor_of("supervisor"), b)
    with pytest.raises(PermissionDenied):
        services.issue_bulletin(actor_of("supervisor"), b)
    assert Bulletin.objects.get(pk=b.pk).state == BulletinState.REVIEW
    assert not NumberCounter.objects.filter(last__gt=0).exists()


def test_a_correction_is_a_new_bulletin_naming_the_one_it_corrects(world, reds, april, actor_of):
    first = _issued(world, actor_of)
    sup = actor_of("supervisor")
    fix = services.draft_bulletin(sup, world.campaign, 2026, 3, corrects=first)
    fix = services.issue_bulletin(actor_of("leader"), services.submit_bulletin(sup, fix))
    assert fix.corrects == first and fix.doc_number == "攻坚督〔2026〕2号"
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(bytes(fix.files.get(format="docx").data))).paragraphs)
    assert "攻坚督〔2026〕1号" in text


def test_settings_are_saved_through_the_services_and_audited(world, actor_of):
    from gongjian.bulletins.models import Issuer, PublicCampaign

    data = {
        "name": "德城区攻坚办",
        "mark": "德城区攻坚办文件",
        "code": "德城攻坚督",
        "copy_to": "",
        "printer": "德城区攻坚办",
        "recipients": "各镇街",
    }
    with pytest.raises(PermissionDenied):
        services.save_issuer(actor_of("clerk"), None, **data)
    issuer = services.save_issuer(actor_of("sysadmin"), None, **data)
    assert issuer.number(2026, 12) == "德城攻坚督〔2026〕12号"
    with pytest.raises(ValidationError):
        services.save_issuer(actor_of("sysadmin"), None, **data)  # the 代字 is unique
    assert Issuer.objects.count() == 1
    public = services.save_public_campaign(actor_of("supervisor"), None, campaign=world.campaign, show_names=False)
    services.unpublish_campaign(actor_of("supervisor"), public)
    assert not PublicCampaign.objects.exists()
    actions = list(AuditLog.objects.filter(action__startswith="bulletin.").values_list("action", flat=True))
    assert sorted(actions) == ["bulletin.issuer", "bulletin.public", "bulletin.unpublish"]
