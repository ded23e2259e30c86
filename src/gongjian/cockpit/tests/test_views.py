"""The cockpit page, its Excel downloads and /api/cockpit/: figures, drill-downs, scope, bad input, queries."""

import datetime as dt
import io
from urllib.parse import urlsplit

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian.campaigns.models import Area
from gongjian.testing import PASSWORD, make_item

from .support import colour

pytestmark = pytest.mark.dates


@pytest.fixture
def march(world, time_machine):
    """Three items: red, red and yellow at the end of March; in February only one was red."""
    time_machine.move_to(dt.datetime(2026, 4, 10, 10, 0))
    feb, mar = dt.date(2026, 2, 20), dt.date(2026, 3, 20)
    colour(world.own_item, "red", feb)
    colour(world.coop_item, "green", feb)
    colour(world.own_item, "red", mar)
    colour(world.coop_item, "red", mar)
    colour(world.other_item, "yellow", mar)
    colour(world.other_item, "green", dt.date(2026, 4, 5))  # after March: not in March's figures
    return world


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _widget(data, key):
    return next(w for w in data["widgets"] if w["key"] == key)


def test_api_states_the_findings_of_the_month(march, client):
    _login(client, march.user("leader"))
    data = client.get("/api/cockpit/").json()
    assert data["month"] == "2026-03"
    assert data["campaign"]["id"] == march.campaign.pk
    areas = _widget(data, "areas")
    assert areas["title"] == "红灯 2 项，比上月增加 1 项"
    red = next(s for s in areas["series"] if s["key"] == "red")
    assert [d["value"] for d in red["data"]] == [2]
    trend = _widget(data, "trend")
    assert trend["categories"] == ["2026年1月", "2026年2月", "2026年3月"]
    red_trend = next(s for s in trend["series"] if s["key"] == "red")
    assert [d["value"] for d in red_trend["data"]] == [0, 1, 2]
    kinds = _widget(data, "kinds")
    assert kinds["categories"] == ["事项"]
    keys = {w["key"] for w in data["widgets"]}
    assert keys == {
        "areas",
        "trend",
        "indicators",
        "kinds",
        "ranking",
        "problems",
        "pairing",
        "buildings",
        "building_tax",
        "idle_land",
    }


def test_every_segment_opens_a_list_with_as_many_rows(march, client):
    _login(client, march.user("leader"))
    data = client.get("/api/cockpit/").json()
    checked = 0
    for widget in data["widgets"]:
        if widget["key"] not in ("areas", "trend", "kinds"):  # the widgets that count colours
            continue
        for series in widget["series"]:
            for point in series["data"]:
                url = point["drilldown"]
                assert not urlsplit(url).netloc  # relative
                response = client.get(url)
                assert response.status_code == 200
                assert response.context["page"].paginator.count == point["value"], (url, point)
                checked += 1
    assert checked >= 8


def test_unit_administrator_sees_the_units_figures_only(march, client):
    _login(client, march.user("unit_admin"))
    data = client.get("/api/cockpit/").json()
    red = next(s for s in _widget(data, "areas")["series"] if s["key"] == "red")
    assert [d["value"] for d in red["data"]] == [1]  # own_item; the street leads the others
    page = client.get("/cockpit/")
    assert page.status_code == 200
    assert "区发展和改革局" in page.content.decode()


def test_page_carries_charts_tables_and_downloads(march, client):
    _login(client, march.user("supervisor"))
    html = client.get("/cockpit/").content.decode()
    assert 'id="cockpit-data"' in html
    assert "cockpit/vendor/echarts.min.js" in html
    assert "红灯 2 项，比上月增加 1 项" in html
    assert f"/cockpit/widgets/areas.xlsx?campaign={march.campaign.pk}&amp;month=2026-03" in html
    # the indicators', problems' and pairing widgets say there is nothing to show
    assert html.count('class="chart"') == 4


def test_projector_mode_refreshes_itself(march, client):
    _login(client, march.user("leader"))
    html = client.get("/cockpit/?projector=1").content.decode()
    assert 'class="cockpit projector"' in html
    assert 'data-refresh="300"' in html


def test_widget_downloads_as_excel(march, client):
    _login(client, march.user("leader"))
    response = client.get(f"/cockpit/widgets/areas.xlsx?campaign={march.campaign.pk}&month=2026-03")
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("攻坚领域", "红灯", "黄灯", "合计")
    assert rows[1] == (str(march.area), 2, 1, 3)
    assert client.get("/cockpit/widgets/nothing.xlsx").status_code == 404


def test_a_month_before_it_begins_says_so(march, client):
    _login(client, march.user("leader"))
    html = client.get(f"/cockpit/?campaign={march.campaign.pk}&month=2026-08").content.decode()
    assert "2026年8月 尚未开始，暂无数据。" in html
    assert 'class="chart"' not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [("?campaign=424242", "424242"), ("?month=2027-01", "2027年1月"), ("?month=x", "2026-03")],
)
def test_unknown_campaign_or_month_is_a_404_with_a_message(march, client, query, message):
    _login(client, march.user("leader"))
    page = client.get("/cockpit/" + query)
    assert page.status_code == 404 and message in page.content.decode()
    api = client.get("/api/cockpit/" + query)
    assert api.status_code == 404 and message in api.json()["detail"]


def test_english_titles(march, client):
    _login(client, march.user("leader"))
    data = client.get("/api/cockpit/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert _widget(data, "areas")["title"] == "Red: 2 items, 1 more than last month"


def _grow(world, n: int, start: int = 0):
    area = Area.objects.create(campaign=world.campaign, number=10 + start, title=f"领域{start}")
    for i in range(start, start + n):
        item = make_item(area, f"9-{i:03d}", world.bureau, world.user("leader"))
        colour(item, "red" if i % 2 else "yellow", dt.date(2026, 2, 10))
        colour(item, "green", dt.date(2026, 3, 10))


@pytest.mark.parametrize("url", ["/cockpit/", "/api/cockpit/"])
def test_query_count_does_not_grow_with_the_data(march, client, url):
    _login(client, march.user("leader"))
    client.get(url)  # warm the content-type cache

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _grow(march, 2)
    small = queries()
    _grow(march, 30, start=2)
    large = queries()
    assert large == small, f"{small} queries with few rows, {large} with many"
    assert small <= 60


def test_key_indicators_against_the_plan_to_date(march, client):
    from decimal import Decimal

    from django.utils import timezone

    from gongjian.indicators.models import Actual
    from gongjian.indicators.tests.support import make_indicator

    ind = make_indicator(march, target=Decimal(12))
    for m, value in ((1, 1), (2, 0), (3, 1)):
        Actual.objects.create(
            indicator=ind,
            period_start=dt.date(2026, m, 1),
            value=value,
            accepted_value=value,
            status="accepted",
            submitted_by=march.user("clerk"),
            submitted_at=timezone.now(),
        )
    _login(client, march.user("leader"))
    widget = _widget(client.get("/api/cockpit/?month=2026-03").json(), "indicators")
    assert widget["categories"] == ["新增规模以上企业"]
    point = widget["series"][0]["data"][0]
    # At the end of March, March is still within its grace days: February is judged, 1 of the 2 planned by then.
    assert point["value"] == 50.0
    assert point["drilldown"] == ind.get_absolute_url()
    assert widget["title"] == "1 项指标中 0 项达到序时进度，1 项严重滞后"
    response = client.get("/cockpit/widgets/indicators.xlsx?month=2026-03")
    import openpyxl as xl

    rows = list(xl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:5] == ("新增规模以上企业", "12家", "1家", "2家", "50.0%")
    # a clerk of the unit may not open the cockpit at all
    client.logout()
    _login(client, march.user("clerk"))
    assert client.get("/api/cockpit/").status_code == 403


def test_every_user_of_an_areas_lead_unit_sees_its_indicators(world, client):
    from gongjian.indicators.models import Indicator
    from gongjian.indicators.tests.support import make_indicator

    # led and provided by the street, in an area the bureau leads
    ind = make_indicator(world, lead_unit=world.street, source_unit=world.street)
    for role in ("unit_admin", "clerk"):
        assert Indicator.objects.restrict(world.user(role), "view").filter(pk=ind.pk).exists()
        assert not Indicator.objects.restrict(world.user(role), "change").filter(pk=ind.pk).exists()
    world.area.lead_unit = world.street
    world.area.save()
    assert not Indicator.objects.restrict(world.user("clerk"), "view").filter(pk=ind.pk).exists()


def test_problem_burndown_and_pairing_coverage(march, client):
    from zoneinfo import ZoneInfo

    from gongjian.enterprises.testing import make_enterprise
    from gongjian.pairing.models import Pairing, Visit
    from gongjian.problems.testing import make_problem

    tz = ZoneInfo("Asia/Shanghai")
    make_problem(march, raised_at=dt.datetime(2026, 3, 2, 9, tzinfo=tz))  # open
    make_problem(  # closed out in the last week of March
        march,
        raised_at=dt.datetime(2026, 3, 3, 9, tzinfo=tz),
        state="closed",
        closed_at=dt.datetime(2026, 3, 28, 9, tzinfo=tz),
    )
    make_problem(march, raised_at=dt.datetime(2026, 4, 2, 9, tzinfo=tz))  # after March
    a, b = make_enterprise(march), make_enterprise(march)
    cadre = march.user("cadre")
    for ent in (a, b):
        Pairing.objects.create(enterprise=ent, person=cadre, start_date=dt.date(2026, 1, 1))
    Visit.objects.create(enterprise=a, visitor=cadre, date=dt.date(2026, 3, 15), discussed="用电")
    Visit.objects.create(enterprise=b, visitor=cadre, date=dt.date(2026, 4, 5), discussed="用地")  # after March

    _login(client, march.user("supervisor"))
    data = client.get("/api/cockpit/?month=2026-03").json()
    problems = _widget(data, "problems")
    open_series = next(s for s in problems["series"] if s["key"] == "open")
    closed_series = next(s for s in problems["series"] if s["key"] == "closed")
    assert problems["categories"][-1] == "2026年3月31日"
    assert open_series["data"][-1]["value"] == 1
    assert closed_series["data"][-1]["value"] == 1
    assert sum(d["value"] for d in closed_series["data"]) == 1
    assert problems["title"] == "未销号问题 1 个，近 12 周销号 1 个"
    pairing = _widget(data, "pairing")
    unpaired = make_enterprise(march)  # nobody is paired with it: the third bar, drilling down to the gaps
    data = client.get("/api/cockpit/?month=2026-03").json()
    pairing = _widget(data, "pairing")
    assert [d["value"] for d in pairing["series"][0]["data"]] == [1, 1, 1]
    assert pairing["title"] == "在包保关系 2 个，30 天内走访 1 个；没有包保干部的企业 1 家"
    to_unpaired = pairing["series"][0]["data"][2]["drilldown"]
    assert to_unpaired == "/pairing/coverage/?kind=unpaired"
    assert [e.pk for e in client.get(to_unpaired).context["unpaired"]] == [unpaired.pk]
    assert "kind=not_visited" in pairing["series"][0]["data"][1]["drilldown"]


def test_buildings_occupancy_and_confidential_tax(march, client):
    from django.contrib.auth.models import Group

    from gongjian.buildings.testing import make_building, make_tenancy
    from gongjian.testing import make_user

    building = make_building(march, lettable_area=10000)
    make_tenancy(building, leased_area=4000, move_in=dt.date(2026, 1, 1), taxes={2026: 1200})
    _login(client, march.user("leader"))
    data = client.get("/api/cockpit/?month=2026-03").json()
    occupancy = _widget(data, "buildings")
    assert occupancy["series"][0]["data"][0]["value"] == 40.0
    assert occupancy["series"][0]["data"][0]["drilldown"] == building.get_absolute_url()
    assert occupancy["title"] == "楼宇 1 栋，可出租面积入驻率 40.0%"
    tax = _widget(data, "building_tax")
    assert tax["series"][0]["data"][0]["value"] == 600.0  # 1,200万元 over a floor area of 20,000 m²: 600 元/m²
    assert tax["title"] == "楼宇税收 1,200万元；亿元楼 0 栋"
    rows = list(
        openpyxl.load_workbook(
            io.BytesIO(client.get("/cockpit/widgets/building_tax.xlsx?month=2026-03").content)
        ).active.iter_rows(values_only=True)
    )
    assert rows[1][:3] == (building.name, "1,200万元", "600")
    # a leader's cockpit without the registry's figures: no tax anywhere
    client.logout()
    group = Group.objects.create(name="领导（无涉密数据）")
    group.permissions.set(Group.objects.get(name="leader").permissions.exclude(codename="view_confidential"))
    reader = make_user("reader", march.district, "领导（无涉密数据）")
    _login(client, reader)
    data = client.get("/api/cockpit/?month=2026-03").json()
    keys = {w["key"] for w in data["widgets"]}
    assert "buildings" in keys and "building_tax" not in keys
    assert "1,200" not in str(data)
    assert client.get("/cockpit/widgets/building_tax.xlsx?month=2026-03").status_code == 404
