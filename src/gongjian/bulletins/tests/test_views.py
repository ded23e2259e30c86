"""The pages and the API end to end: draft, edit, submit, 签发 and download; refusals shown, nothing written."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from gongjian.bulletins import services
from gongjian.bulletins.models import Bulletin, Letter
from gongjian.core.models import AuditLog
from gongjian.supervision.models import Supervision
from gongjian.testing import PASSWORD

pytestmark = pytest.mark.django_db


def _client(world, role):
    c = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert c.login(username=world.user(role).username, password=PASSWORD)
    return c


def test_the_workflow_through_the_pages(world, reds, april):
    sup, leader = _client(world, "supervisor"), _client(world, "leader")
    response = sup.post("/bulletins/", {"campaign": world.campaign.pk, "month": "2026-03"})
    b = Bulletin.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bulletins/{b.pk}/"
    page = sup.get(f"/bulletins/{b.pk}/").content.decode()
    assert str(world.own_item) in page and 'id="submit"' in page and 'id="issue"' not in page
    assert sup.post(f"/bulletins/{b.pk}/edit/", {"title": b.title, "highlights": "亮点一\n亮点二"}).status_code == 302
    assert sup.post(f"/bulletins/{b.pk}/submit/").status_code == 302
    assert 'id="issue"' in leader.get(f"/bulletins/{b.pk}/").content.decode()
    leader.post(f"/bulletins/{b.pk}/issue/")
    b.refresh_from_db()
    assert b.doc_number == "攻坚督〔2026〕1号"
    page = leader.get(f"/bulletins/{b.pk}/").content.decode()
    assert b.doc_number in page and b.files.get(format="docx").sha256 in page
    download = _client(world, "clerk").get(f"/bulletins/{b.pk}/download/docx/")
    assert download.status_code == 200 and download.content == bytes(b.files.get(format="docx").data)


def test_a_month_not_ended_is_shown_on_the_form_and_nothing_is_written(world, april):
    response = _client(world, "supervisor").post("/bulletins/", {"campaign": world.campaign.pk, "month": "2026-04"})
    assert response.status_code == 400 and "尚未结束" in response.content.decode()
    assert not Bulletin.objects.exists()
    response = _client(world, "supervisor").post("/bulletins/", {"campaign": world.campaign.pk, "month": "三月"})
    assert response.status_code == 400 and "YYYY-MM" in response.content.decode()


def test_a_second_issue_through_the_page_is_refused_with_a_message(world, reds, april, actor_of):
    sup = actor_of("supervisor")
    b = services.issue_bulletin(
        actor_of("leader"), services.submit_bulletin(sup, services.draft_bulletin(sup, world.campaign, 2026, 3))
    )
    leader = _client(world, "leader")
    response = leader.post(f"/bulletins/{b.pk}/issue/", follow=True)
    assert "不能重复签发" in response.content.decode()
    assert Bulletin.objects.get(pk=b.pk).number == 1
    assert AuditLog.objects.filter(action="bulletin.refused", object_id=str(b.pk)).count() == 1


def test_drafts_are_hidden_from_unit_roles(world, reds, april, actor_of):
    b = services.draft_bulletin(actor_of("supervisor"), world.campaign, 2026, 3)
    assert _client(world, "clerk").get(f"/bulletins/{b.pk}/").status_code == 404
    assert b.title not in _client(world, "clerk").get("/bulletins/").content.decode()


def test_the_api_shows_number_state_and_sha256(world, reds, april):
    api = APIClient()
    api.force_authenticate(world.user("supervisor"))
    created = api.post("/api/bulletins/", {"campaign": world.campaign.pk, "month": "2026-03"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api.post(f"/api/bulletins/{pk}/submit/").json()["state"] == "review"
    api.force_authenticate(world.user("leader"))
    issued = api.post(f"/api/bulletins/{pk}/issue/").json()
    assert issued["doc_number"] == "攻坚督〔2026〕1号" and issued["state"] == "issued"
    detail = api.get(f"/api/bulletins/{pk}/").json()
    b = Bulletin.objects.get(pk=pk)
    assert {f["format"]: f["sha256"] for f in detail["files"]} == {f.format: f.sha256 for f in b.files.all()}
    again = api.post(f"/api/bulletins/{pk}/issue/")
    assert again.status_code == 400
    edit = api.patch(f"/api/bulletins/{pk}/", {"highlights": "改"}, format="json")
    assert edit.status_code == 400 and Bulletin.objects.get(pk=pk).highlights == ""
    api.force_authenticate(world.user("supervisor"))
    bad = api.post("/api/bulletins/", {"campaign": world.campaign.pk, "month": "2026-13"}, format="json")
    assert bad.status_code == 400


def test_a_letter_for_an_existing_supervision(world, reds, april):
    from django.contrib.contenttypes.models import ContentType

    today = april
    sup_record = Supervision.objects.create(
        kind="letter",
        content_type=ContentType.objects.get_for_model(world.own_item),
        object_id=world.own_item.pk,
        object_repr=str(world.own_item),
        colour="red",
        requirement="加快推进项目手续办理",
        unit=world.bureau,
        campaign=world.campaign,
        issued_by=world.user("supervisor"),
        issued_on=today,
        reply_by=today.replace(day=13),
        record=reds[0],
    )
    sup = _client(world, "supervisor")
    listing = sup.get("/bulletins/letters/").content.decode()
    assert f"?supervision={sup_record.pk}" in listing and f"?unit={world.bureau.pk}" in listing
    assert "?supervision=" not in _client(world, "clerk").get("/bulletins/letters/").content.decode()
    assert str(world.own_item) in sup.get(f"/bulletins/letters/add/?supervision={sup_record.pk}").content.decode()
    response = sup.post("/bulletins/letters/add/", {"supervision": sup_record.pk})
    letter = Letter.objects.get()
    assert response.status_code == 302 and letter.doc_number == "攻坚督〔2026〕1号"
    assert letter.reply_by == sup_record.reply_by and list(letter.supervisions.all()) == [sup_record]
    import io

    from docx import Document

    doc = Document(io.BytesIO(bytes(letter.files.get().data)))
    text = "\n".join(p.text for p in doc.paragraphs)
    for expected in (world.bureau.name, str(world.own_item), "加快推进项目手续办理", "2026年4月13日", "逾期"):
        assert expected in text, expected
    clerk = _client(world, "clerk")
    assert clerk.get(f"/bulletins/letters/{letter.pk}/download/").content == bytes(letter.files.get().data)
    assert _client(world, "street_clerk").get(f"/bulletins/letters/{letter.pk}/").status_code == 404
    bulk = sup.post("/bulletins/letters/add/", {"unit": world.bureau.pk, "reply_by": "2026-03-01"})
    assert bulk.status_code == 400 and Letter.objects.count() == 1


def test_signing_on_the_page_runs_as_a_job_that_shows_its_progress(world, reds, april, actor_of, settings, monkeypatch):
    from gongjian.core import jobs
    from gongjian.core.models import Job

    settings.GONGJIAN_JOBS_IMMEDIATE = False
    sup = actor_of("supervisor")
    b = services.submit_bulletin(sup, services.draft_bulletin(sup, world.campaign, 2026, 3))
    leader = _client(world, "leader")
    response = leader.post(f"/bulletins/{b.pk}/issue/")
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/" and job.kind == "bulletins.issue"
    b.refresh_from_db()
    assert b.state == "review" and not b.files.exists()  # nothing rendered in the request
    steps = []
    report = jobs._Progress.__call__
    monkeypatch.setattr(jobs._Progress, "__call__", lambda self, d, t: (steps.append((d, t)), report(self, d, t)))
    assert jobs.run_pending() == 1
    b.refresh_from_db()
    job.refresh_from_db()
    assert b.state == "issued" and job.status == "done" and job.result["url"] == f"/bulletins/{b.pk}/"
    assert steps == [(0, 2), (1, None), (2, None)]  # of 2 files: the .docx, then the .xlsx (no PDF in this test)
    assert job.done == job.total == 2
    page = leader.get(f"/jobs/{job.pk}/").content.decode()
    assert b.doc_number in page and 'aria-valuenow="100"' in page
    # A second signing queued from a stale page fails with the service's message, and nothing changes.
    again = leader.post(f"/bulletins/{b.pk}/issue/")
    jobs.run_pending()
    second = Job.objects.get(pk=int(again["Location"].split("/")[2]))
    assert second.status == "failed" and b.doc_number in second.error and b.files.count() == 2
