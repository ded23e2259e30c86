"""Red and why (预警清单): the page, its export and /api/alerts/ list each red and yellow object with its reason."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongjian.campaigns.models import Milestone, Report
from gongjian.supervision.models import Supervision
from gongjian.testing import PASSWORD, make_item

from .support import colour

pytestmark = pytest.mark.dates


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def reds(world):
    today = timezone.localdate()
    overdue = colour(world.own_item, "red", today)
    overdue.reason, overdue.numbers = "overdue", {"due": "2026-03-01", "days_overdue": 12}
    overdue.save()
    behind = colour(world.other_item, "yellow", today)
    behind.reason, behind.numbers = "behind", {"expected_percent": 65, "actual_percent": 30, "gap": 35}
    behind.save()
    colour(world.coop_item, "green", today)
    ms = Milestone.objects.create(item=world.own_item, title="完成环评", planned_date=today - dt.timedelta(days=5))
    late = colour(ms, "red", today, source="milestone", campaign=world.campaign, unit=world.bureau)
    late.reason, late.numbers = "milestone_missed", {"planned": "2026-03-01", "days_overdue": 5}
    late.save()
    Report.objects.create(
        item=world.own_item,
        period_start=today.replace(day=1),
        percent=20,
        narrative="进展",
        status="submitted",
        submitted_by=world.user("clerk"),
        submitted_at=timezone.now(),
        first_submitted_at=timezone.now(),
    )
    from django.contrib.contenttypes.models import ContentType

    Supervision.objects.create(
        content_type=ContentType.objects.get_for_model(world.own_item),
        object_id=world.own_item.pk,
        object_repr=str(world.own_item),
        colour="red",
        requirement="说明原因",
        unit=world.bureau,
        campaign=world.campaign,
        issued_by=world.user("supervisor"),
        issued_on=today,
        reply_by=today + dt.timedelta(days=7),
        record=overdue,
    )
    return world


def test_api_lists_red_and_yellow_with_reasons(reds, client):
    _login(client, reds.user("supervisor"))
    data = client.get("/api/alerts/").json()
    assert data["count"] == 3
    by_object = {row["object"]: row for row in data["results"]}
    item = by_object[str(reds.own_item)]
    assert item["reason"] == "逾期 12 天"
    assert item["kind_name"] == "事项"
    assert item["area"] == str(reds.area)
    assert item["lead_unit"] == "区发展和改革局"
    assert item["leader"] == "区长"  # the person's name, not the login name
    assert item["latest_report"] is not None
    assert item["supervision"]["status_name"] == "待回复"
    milestone = by_object["完成环评"]
    assert milestone["parent_item"] == str(reds.own_item)
    assert milestone["reason"] == "节点逾期 5 天"
    assert milestone["latest_report"] == item["latest_report"]
    yellow = by_object[str(reds.other_item)]
    assert yellow["reason"] == "序时进度 65%，完成 30%，落后 35 个百分点"
    assert yellow["supervision"] is None
    assert [r["colour"] for r in data["results"]] == ["red", "red", "yellow"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("colour=yellow", 1), ("colour=red", 2), ("kind=milestone", 1), ("kind=item", 2), ("unit=BUREAU", 2)],
)
def test_filters(reds, client, query, expected):
    _login(client, reds.user("supervisor"))
    query = query.replace("BUREAU", str(reds.bureau.pk))
    assert client.get(f"/api/alerts/?{query}").json()["count"] == expected
    page = client.get(f"/cockpit/alerts/?{query}")
    assert page.context["page"].paginator.count == expected


def test_unit_scope(reds, client):
    _login(client, reds.user("clerk"))
    data = client.get("/api/alerts/").json()
    assert {row["object"] for row in data["results"]} == {str(reds.own_item), "完成环评"}


def test_page_offers_a_supervision_where_none_is_open(reds, client):
    _login(client, reds.user("supervisor"))
    html = client.get("/cockpit/alerts/").content.decode()
    assert "逾期 12 天" in html and "序时进度 65%，完成 30%，落后 35 个百分点" in html
    assert f"/supervision/add/?type=campaigns.item&amp;id={reds.other_item.pk}" in html
    # its 督办 is open: linked, not offered again
    assert f'type=campaigns.item&amp;id={reds.own_item.pk}"' not in html
    assert "待回复" in html
    assert "campaigns.item" not in html.replace("type=campaigns.item", "")  # no code shown as text
    client.logout()
    _login(client, reds.user("leader"))
    assert "/supervision/add/" not in client.get("/cockpit/alerts/").content.decode()


def test_excel_export(reds, client):
    _login(client, reds.user("supervisor"))
    response = client.get("/cockpit/alerts/?export=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("类别", "对象", "攻坚领域")
    assert len(rows) == 4
    assert {row[6] for row in rows[1:]} == {"逾期 12 天", "节点逾期 5 天", "序时进度 65%，完成 30%，落后 35 个百分点"}


def test_english(reds, client):
    _login(client, reds.user("supervisor"))
    data = client.get("/api/alerts/?colour=yellow", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["results"][0]["reason"] == "Time schedule 65%, done 30%, 35 points behind"


@pytest.mark.parametrize("url", ["/cockpit/alerts/", "/api/alerts/"])
def test_query_count_does_not_grow_with_rows(reds, client, url):
    _login(client, reds.user("supervisor"))
    today = timezone.localdate()

    def grow(start, n):
        for i in range(start, start + n):
            item = make_item(reds.area, f"8-{i:03d}", reds.bureau, reds.user("leader"))
            rec = colour(item, "red", today)
            rec.reason, rec.numbers = "overdue", {"days_overdue": i}
            rec.save()

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    grow(0, 2)
    queries()
    small = queries()
    grow(2, 20)
    large = queries()
    assert small == large
    assert small <= 25


def test_overdue_supervisions_are_listed_with_their_letter(reds, client):
    """A 督办 past its reply date without a reply is red and why: the 督办函 named, the days counted, filterable."""
    from django.contrib.contenttypes.models import ContentType

    from gongjian.bulletins.models import Issuer, Letter

    today = timezone.localdate()
    ct = ContentType.objects.get_for_model(reds.other_item)

    def supervision(unit, reply_by, status="open"):
        return Supervision.objects.create(
            content_type=ct,
            object_id=reds.other_item.pk,
            object_repr=str(reds.other_item),
            colour="yellow",
            requirement="说明原因",
            unit=unit,
            leader=reds.user("leader"),
            campaign=reds.campaign,
            issued_by=reds.user("supervisor"),
            issued_on=reply_by - dt.timedelta(days=7),
            reply_by=reply_by,
            status=status,
        )

    lettered = supervision(reds.bureau, today - dt.timedelta(days=9))
    issuer = Issuer.objects.create(name="督查室", mark="督查", code="德城攻坚督", printer="督查室", recipients="各单位")
    letter = Letter.objects.create(
        issuer=issuer,
        unit=reds.bureau,
        year=2026,
        number=3,
        doc_number="德城攻坚督〔2026〕3号",
        reply_by=today - dt.timedelta(days=5),  # the letter's later date is the one in force
        issued_by=reds.user("supervisor"),
        issued_at=timezone.now(),
    )
    letter.supervisions.add(lettered)
    plain = supervision(reds.street, today - dt.timedelta(days=1))
    supervision(reds.bureau, today - dt.timedelta(days=20), status="replied")  # answered: not listed
    supervision(reds.bureau, today)  # due today: not yet overdue

    _login(client, reds.user("supervisor"))
    data = client.get("/api/alerts/").json()
    assert data["count"] == 5
    first, second = data["results"][:2]  # the overdue 督办 first, the longest overdue first
    assert first["kind_name"] == "督办逾期"
    assert first["reason"] == "督办函 德城攻坚督〔2026〕3号 逾期 5 天未反馈"
    assert first["object"] == str(reds.other_item)
    assert first["area"] == str(reds.area)
    assert first["lead_unit"] == "区发展和改革局" and first["leader"] == "区长"
    assert first["colour"] == "red" and first["since"] == (today - dt.timedelta(days=4)).isoformat()
    assert first["supervision"]["id"] == lettered.pk and first["object_url"] == lettered.get_absolute_url()
    assert second["reason"] == "督办单 逾期 1 天未反馈"
    assert second["supervision"]["id"] == plain.pk
    assert [r["kind"] for r in data["results"][2:]] == ["item", "milestone", "item"]

    for query, count in [("kind=supervision", 2), ("kind=item", 2), ("colour=yellow", 1), ("colour=red", 4)]:
        assert client.get(f"/api/alerts/?{query}").json()["count"] == count, query
        assert client.get(f"/cockpit/alerts/?{query}").context["page"].paginator.count == count, query
    assert client.get(f"/api/alerts/?kind=supervision&unit={reds.bureau.pk}").json()["count"] == 1
    assert client.get("/api/alerts/?page_size=1&page=2").json()["results"][0]["supervision"]["id"] == plain.pk
    assert client.get("/api/alerts/?page_size=2&page=2").json()["results"][0]["kind"] == "item"

    html = client.get("/cockpit/alerts/").content.decode()
    assert "督办函 德城攻坚督〔2026〕3号 逾期 5 天未反馈" in html
    rows = list(
        openpyxl.load_workbook(io.BytesIO(client.get("/cockpit/alerts/?export=xlsx").content)).active.iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 6 and rows[1][6] == "督办函 德城攻坚督〔2026〕3号 逾期 5 天未反馈"
    english = client.get("/api/alerts/?kind=supervision", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    assert english[0]["reason"] == "Supervision letter (督办函) 德城攻坚督〔2026〕3号 overdue by 5 days without a reply"

    client.logout()
    _login(client, reds.user("clerk"))  # the bureau's clerk: its own unit's 督办 only
    assert [r["supervision"]["id"] for r in client.get("/api/alerts/?kind=supervision").json()["results"]] == [
        lettered.pk
    ]
