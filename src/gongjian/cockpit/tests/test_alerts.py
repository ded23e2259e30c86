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
