"""Permission-matrix rows of the bulletins (see core/tests/matrix.py).

Drafts and bulletins in review are seen by the whole-campaign roles only (others: 404); issued bulletins by every
role. The supervision office drafts, edits and submits; a leader edits, returns and signs (签发). Letters are
seen by the unit they are addressed to (the bureau) and the whole-campaign roles. The public page is for everyone,
anonymous visitors included.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils import timezone

from gongjian.core.tests.matrix import ALL, BUREAU, VIEWERS, WHOLE, Row

DRAFT_SEERS = {"leader", "supervisor", "sysadmin"}
NOT_DRAFT_SEERS = (VIEWERS | {"nobody"}) - DRAFT_SEERS
EDITORS = {"supervisor", "leader"}
LETTER_SEERS = WHOLE | BUREAU
LETTER_HIDDEN = {"street_clerk", "nobody"}


def _prev_month() -> tuple[int, int]:
    today = timezone.localdate()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def _month_text() -> str:
    y, m = _prev_month()
    return f"{y}-{m:02d}"


def _stored(owner: dict, fmt: str, data: bytes):
    from gongjian.bulletins.models import StoredFile

    return StoredFile.objects.create(
        format=fmt, name=f"test.{fmt}", data=data, size=len(data), sha256=hashlib.sha256(data).hexdigest(), **owner
    )


def objects(world):
    from gongjian.bulletins import content, services
    from gongjian.bulletins.models import Bulletin, Letter, NumberCounter, PublicCampaign
    from gongjian.campaigns.models import Campaign
    from gongjian.supervision.models import Supervision

    year, month = _prev_month()
    first = dt.date(year, month, 1)
    campaign = world.campaign
    if campaign.start_date > first:  # runs at the start of a year: the campaign covers last month too
        Campaign.objects.filter(pk=campaign.pk).update(start_date=first)
        campaign.refresh_from_db()
    last = content.month_bounds(year, month)[1]
    tables = content.build(campaign, year, month, last)
    issuer = services.default_issuer()
    common = {"campaign": campaign, "issuer": issuer, "year": year, "month": month, "cutoff": last, "content": tables}
    draft = Bulletin.objects.create(state="draft", title="草稿通报", **common)
    review = Bulletin.objects.create(state="review", title="待审通报", **common)
    issued = Bulletin.objects.create(
        state="issued",
        title="已签发通报",
        number=1,
        doc_number=issuer.number(year, 1),
        issued_at=timezone.now(),
        issued_by=world.user("leader"),
        is_public=True,
        **common,
    )
    _stored({"bulletin": issued}, "docx", b"PK docx")
    _stored({"bulletin": issued}, "pdf", b"%PDF-1.4 bulletin")
    PublicCampaign.objects.create(campaign=campaign)
    today = timezone.localdate()
    sup = Supervision.objects.create(
        kind="letter",
        content_type_id=_item_ct(),
        object_id=world.own_item.pk,
        object_repr=str(world.own_item),
        colour="red",
        requirement="加快推进",
        unit=world.bureau,
        campaign=campaign,
        issued_by=world.user("supervisor"),
        issued_on=today,
        reply_by=today + dt.timedelta(days=10),
    )
    letter = Letter.objects.create(
        issuer=issuer,
        unit=world.bureau,
        year=today.year,
        number=2,
        doc_number=issuer.number(today.year, 2),
        reply_by=today + dt.timedelta(days=10),
        issued_by=world.user("supervisor"),
        issued_at=timezone.now(),
    )
    letter.supervisions.set([sup])
    _stored({"letter": letter}, "docx", b"PK letter")
    # The counters know the numbers taken above, as issuing would have left them.
    NumberCounter.objects.create(issuer=issuer, year=today.year, last=2)
    if year != today.year:
        NumberCounter.objects.create(issuer=issuer, year=year, last=1)
    return {"b_draft": draft, "b_review": review, "b_issued": issued, "letter": letter, "sup": sup}


def _item_ct():
    from django.contrib.contenttypes.models import ContentType

    from gongjian.campaigns.models import Item

    return ContentType.objects.get_for_model(Item).pk


def _b(key, suffix=""):
    return lambda w, o: f"/bulletins/{o[key].pk}/{suffix}"


def _reply_by() -> str:
    return (timezone.localdate() + dt.timedelta(days=7)).isoformat()


def _empty(w, o):
    return {}


MATRIX = [
    Row("bulletins:bulletin_list", lambda w, o: "/bulletins/", VIEWERS),
    Row(
        "bulletins:bulletin_list",
        lambda w, o: "/bulletins/",
        {"supervisor"},
        method="post",
        data=lambda w, o: {"campaign": w.campaign.pk, "month": _month_text()},
    ),
    Row("bulletins:bulletin_detail", _b("b_issued"), VIEWERS, {"nobody"}),
    Row("bulletins:bulletin_detail", _b("b_draft"), DRAFT_SEERS, NOT_DRAFT_SEERS),
    Row("bulletins:bulletin_edit", _b("b_draft", "edit/"), EDITORS, NOT_DRAFT_SEERS),
    Row(
        "bulletins:bulletin_edit",
        _b("b_draft", "edit/"),
        EDITORS,
        NOT_DRAFT_SEERS,
        method="post",
        data=lambda w, o: {"title": "关于三月督查情况的通报", "highlights": "亮点", "requirements": "要求"},
    ),
    Row("bulletins:bulletin_refresh", _b("b_draft", "refresh/"), EDITORS, NOT_DRAFT_SEERS, method="post", data=_empty),
    Row(
        "bulletins:bulletin_submit",
        _b("b_draft", "submit/"),
        {"supervisor"},
        NOT_DRAFT_SEERS,
        method="post",
        data=_empty,
    ),
    Row("bulletins:bulletin_return", _b("b_review", "return/"), EDITORS, NOT_DRAFT_SEERS, method="post", data=_empty),
    Row("bulletins:bulletin_issue", _b("b_review", "issue/"), {"leader"}, NOT_DRAFT_SEERS, method="post", data=_empty),
    Row(
        "bulletins:bulletin_correct", _b("b_issued", "correct/"), {"supervisor"}, {"nobody"}, method="post", data=_empty
    ),
    Row("bulletins:bulletin_download", _b("b_issued", "download/docx/"), VIEWERS, {"nobody"}),
    Row("bulletins:letter_list", lambda w, o: "/bulletins/letters/", VIEWERS),
    Row("bulletins:letter_add", lambda w, o: f"/bulletins/letters/add/?supervision={o['sup'].pk}", {"supervisor"}),
    Row(
        "bulletins:letter_add",
        lambda w, o: "/bulletins/letters/add/",
        {"supervisor"},
        method="post",
        data=lambda w, o: {"supervision": o["sup"].pk, "reply_by": _reply_by()},
    ),
    Row("bulletins:letter_detail", lambda w, o: f"/bulletins/letters/{o['letter'].pk}/", LETTER_SEERS, LETTER_HIDDEN),
    Row(
        "bulletins:letter_download",
        lambda w, o: f"/bulletins/letters/{o['letter'].pk}/download/",
        LETTER_SEERS,
        LETTER_HIDDEN,
    ),
    Row("public:index", lambda w, o: "/public/", ALL, special={"anonymous": "ok"}),
    Row(
        "public:bulletin_file",
        lambda w, o: f"/public/bulletins/{o['b_issued'].pk}/pdf/",
        ALL,
        special={"anonymous": "ok"},
    ),
]


def _api(key, suffix=""):
    return lambda w, o: f"/api/bulletins/{o[key].pk}/{suffix}"


API_MATRIX = [
    Row("api:bulletin-list", lambda w, o: "/api/bulletins/", VIEWERS, {"nobody"}),
    Row(
        "api:bulletin-list",
        lambda w, o: "/api/bulletins/",
        {"supervisor"},
        method="post",
        data=lambda w, o: {"campaign": w.campaign.pk, "month": _month_text()},
    ),
    Row("api:bulletin-detail", _api("b_issued"), VIEWERS, {"nobody"}),
    Row(
        "api:bulletin-detail",
        _api("b_draft"),
        EDITORS,
        NOT_DRAFT_SEERS,
        method="patch",
        data=lambda w, o: {"highlights": "亮点"},
    ),
    Row("api:bulletin-submit", _api("b_draft", "submit/"), {"supervisor"}, NOT_DRAFT_SEERS, method="post"),
    Row("api:bulletin-return", _api("b_review", "return/"), EDITORS, NOT_DRAFT_SEERS, method="post"),
    Row("api:bulletin-refresh", _api("b_draft", "refresh/"), EDITORS, NOT_DRAFT_SEERS, method="post"),
    Row("api:bulletin-issue", _api("b_review", "issue/"), {"leader"}, NOT_DRAFT_SEERS, method="post"),
    Row("api:letter-list", lambda w, o: "/api/letters/", LETTER_SEERS, LETTER_HIDDEN),
    Row(
        "api:letter-list",
        lambda w, o: "/api/letters/",
        {"supervisor"},
        method="post",
        data=lambda w, o: {"supervisions": [o["sup"].pk]},
    ),
    Row("api:letter-detail", lambda w, o: f"/api/letters/{o['letter'].pk}/", LETTER_SEERS, LETTER_HIDDEN),
]
