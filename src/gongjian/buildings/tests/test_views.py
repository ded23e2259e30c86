"""Pages: what each role sees, tax confidentiality, sorting, forms and query budgets."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian.buildings.models import Building, Tenancy
from gongjian.buildings.testing import make_building, make_plan, make_space, make_tenancy
from gongjian.enterprises.models import EnterpriseFigure
from gongjian.enterprises.testing import make_enterprise
from gongjian.testing import PASSWORD, WORLD_TODAY

YEAR = WORLD_TODAY.year  # the clock is frozen at WORLD_TODAY for every test here

pytestmark = pytest.mark.usefixtures("world_today")


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _grow(world, n, start=0):
    for i in range(start, n):
        b = make_building(world, name=f"规模大厦{i}")
        s = make_space(b, floor="1F", room=f"{i}")
        t = make_tenancy(b, space=s, taxes={YEAR: 100 + i}, move_in=dt.date(YEAR - 1, 1, 1))
        EnterpriseFigure.objects.create(enterprise=t.enterprise, year=YEAR - 1, tax_district=Decimal(80))
        make_plan(b, YEAR)


@pytest.mark.parametrize("url", ["/buildings/", "/buildings/list/", "/buildings/plans/", "DETAIL", "PLAN"])
def test_query_count_does_not_grow_with_rows(world, client, url):
    login(client, world.user("supervisor"))

    def count():
        target = url
        if url == "DETAIL":
            target = f"/buildings/{Building.objects.order_by('pk').first().pk}/"
        elif url == "PLAN":
            target = f"/buildings/plans/{Building.objects.order_by('pk').first().plans.first().pk}/"
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(target).status_code == 200
        # The session row is re-saved now and then (sliding expiry) and content types are cached per process:
        # neither is a query of the page.
        noise = ("django_session", "SAVEPOINT", 'django_content_type"."id"')
        return len([q for q in ctx.captured_queries if not any(n in q["sql"] for n in noise)])

    _grow(world, 3)
    if url == "DETAIL" or url == "PLAN":
        b = Building.objects.order_by("pk").first()
        for i in range(2):
            make_tenancy(b, space=make_space(b), taxes={YEAR: 5})
    small = count()
    _grow(world, 25, start=3)
    if url == "DETAIL" or url == "PLAN":
        b = Building.objects.order_by("pk").first()
        for i in range(15):
            make_tenancy(b, space=make_space(b), taxes={YEAR: 5})
    count()
    large = count()
    assert large == small, f"{url}: {small} queries with few rows, {large} with many"
    assert small <= 30


def test_tax_shown_only_with_confidential_permission(world, client):
    b = make_building(world, name="亿元大厦")
    t = make_tenancy(b, taxes={YEAR: 12345})
    login(client, world.user("supervisor"))
    page = client.get(f"/buildings/{b.pk}/").content.decode()
    assert "12345" in page and 'id="tier-badge"' in page and 'id="metric-tax"' in page
    client.logout()
    login(client, world.user("street_clerk"))  # a clerk: no view_confidential
    page = client.get(f"/buildings/{b.pk}/").content.decode()
    assert t.enterprise.name in page
    assert "12345" not in page and "12,345" not in page and 'id="tier-badge"' not in page
    assert 'id="metric-tax"' not in page and 'id="tax-chart"' not in page
    listing = client.get("/buildings/list/?export=xlsx")
    assert listing.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(listing.content)).worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "亿元大厦" in values and 12345 not in values and 12345.0 not in values


def test_scope_street_sees_own_buildings_bureau_none(world, client):
    own = make_building(world, name="本街道大厦")
    other_street = type(world.street).objects.create(name="别的街道", code="BD", kind="street", parent=world.district)
    other = make_building(world, name="别处大厦", street=other_street)
    login(client, world.user("street_clerk"))
    page = client.get("/buildings/list/").content.decode()
    assert "本街道大厦" in page and "别处大厦" not in page
    assert client.get(f"/buildings/{other.pk}/").status_code == 404
    assert client.get(f"/buildings/{own.pk}/").status_code == 200


def test_lead_unit_of_the_campaign_work_reads_its_buildings(world, client):
    """The bureau leads the area and own_item: a building named in either is read by every user of the bureau,
    whose data the street still keeps; only the supervision office names the campaign work."""
    from django.core.exceptions import ValidationError

    from gongjian.buildings import services
    from gongjian.core.models import AuditLog
    from gongjian.core.services import Actor

    by_area, by_item, unnamed = (make_building(world, name=n) for n in ("领域大厦", "事项大厦", "未列大厦"))
    space = make_space(by_area, floor="1F", room="101")
    plan = make_plan(by_area, 2026)
    clerk, admin = world.user("clerk"), world.user("unit_admin")
    assert not Building.objects.restrict(clerk, "view").exists()  # before: the bureau sees none
    supervisor = Actor(world.user("supervisor"))
    data = {f: getattr(by_area, f) for f in services.BUILDING_FIELDS}
    services.update_building(supervisor, by_area, areas=[world.area], **data)
    services.update_building(supervisor, by_item, items=[world.own_item])
    assert AuditLog.objects.filter(action="building.link", object_id=str(by_area.pk)).get().after == {
        "areas": [str(world.area)]
    }
    for user in (clerk, admin, world.user("cadre")):  # every user of the lead unit
        assert set(Building.objects.restrict(user, "view")) == {by_area, by_item}
    assert list(type(space).objects.restrict(admin, "view")) == [space]
    assert list(type(plan).objects.restrict(admin, "view")) == [plan]
    assert unnamed not in Building.objects.restrict(admin, "view")
    # reading is not keeping: the bureau adds no space to the street's building
    with pytest.raises(ValidationError) as exc:
        services.create_space(Actor(admin), building=by_area, floor="2F", area=Decimal(100), use="rent")
    assert "building" in exc.value.message_dict
    # naming the campaign work is the supervision office's
    with pytest.raises(ValidationError) as exc:
        services.update_building(Actor(world.user("street_clerk")), unnamed, areas=[world.area])
    assert "areas" in exc.value.message_dict and not unnamed.areas.exists()

    login(client, admin)
    assert "领域大厦" in client.get("/buildings/list/").content.decode()
    assert client.get(f"/buildings/{by_item.pk}/").status_code == 200
    assert client.get(f"/buildings/{unnamed.pk}/").status_code == 404
    client.logout()
    login(client, world.user("supervisor"))
    form = client.get(f"/buildings/{unnamed.pk}/edit/").context["form"]
    assert {"areas", "items"} <= set(form.fields)
    post = {k: v for k, v in data.items() if v is not None}
    post.update(name="未列大厦", street=world.street.pk, areas=[world.area.pk], items=[world.own_item.pk])
    assert client.post(f"/buildings/{unnamed.pk}/edit/", post).status_code == 302
    assert list(unnamed.areas.all()) == [world.area] and list(unnamed.items.all()) == [world.own_item]


def test_floor_leader_sees_the_building_they_lead(world, client):
    other_street = type(world.street).objects.create(name="别的街道", code="BD", kind="street", parent=world.district)
    cadre = world.user("cadre")
    b = make_building(world, name="楼长大厦", street=other_street, floor_leader=cadre)
    login(client, cadre)
    assert client.get(f"/buildings/{b.pk}/").status_code == 200
    assert "楼长大厦" in client.get("/buildings/list/").content.decode()


def test_list_sorts_by_tax_per_m2_and_filters_tier(world, client):
    a = make_building(world, name="甲楼", floor_area=Decimal(10000), lettable_area=Decimal(9000))
    b = make_building(world, name="乙楼", floor_area=Decimal(1000), lettable_area=Decimal(900))
    make_tenancy(a, taxes={YEAR: 10000}, leased_area=Decimal(100))  # 亿元楼, 10000 元/m²
    make_tenancy(b, taxes={YEAR: 2000}, leased_area=Decimal(100))  # 千万元楼, 20000 元/m²
    login(client, world.user("supervisor"))
    page = client.get("/buildings/list/?sort=-tax_per_m2").content.decode()
    assert page.index("乙楼") < page.index("甲楼")
    page = client.get("/buildings/list/?sort=-tier").content.decode()
    assert page.index("甲楼") < page.index("乙楼")
    page = client.get("/buildings/list/?tier=yi").content.decode()
    assert "甲楼" in page and "乙楼" not in page


def test_overview_totals_against_targets(world, client):
    b = make_building(world)
    make_tenancy(b, taxes={YEAR: 30000}, move_in=dt.date(YEAR, 1, 5))
    login(client, world.user("leader"))
    page = client.get("/buildings/").content.decode()
    assert 'id="target-new"' in page and "3.00" in page  # 3亿元 of 6


def test_add_building_and_tenancy_through_forms(world, client):
    login(client, world.user("supervisor"))
    r = client.post(
        "/buildings/add/",
        {"name": "新大厦", "street": world.street.pk, "kind": "office", "floor_area": "1000", "lettable_area": "800"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    b = Building.objects.get(name="新大厦")
    e = make_enterprise(world)
    r = client.post(
        "/buildings/tenancies/add/",
        {"building": b.pk, "enterprise": e.pk, "leased_area": "900", "move_in": "2025-01-01"},
    )
    assert r.status_code == 400
    assert "可出租面积" in r.content.decode() or "lettable" in r.content.decode()
    assert not Tenancy.objects.exists()
    r = client.post(
        "/buildings/tenancies/add/",
        {
            "building": b.pk,
            "enterprise": e.pk,
            "leased_area": "300",
            "move_in": "2025-01-01",
            "tax_year": YEAR,
            "tax_amount": "12.5",
        },
    )
    assert r.status_code == 302
    assert Tenancy.objects.get().taxes.get().tax_district == Decimal("12.50")


def test_new_enterprise_registered_on_the_spot(world, client):
    from gongjian.enterprises.models import Enterprise
    from gongjian.enterprises.uscc import make_code

    b = make_building(world)
    login(client, world.user("supervisor"))
    code = make_code("spot-1")
    r = client.post(
        "/buildings/tenancies/add/",
        {"building": b.pk, "new_credit_code": code, "new_name": "现场登记有限公司", "leased_area": "100"},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    e = Enterprise.objects.get(credit_code=code)
    assert e.street == world.street and Tenancy.objects.get().enterprise == e


def test_plan_progress_page(world, client):
    b = make_building(world)
    plan = make_plan(b, YEAR)
    login(client, world.user("supervisor"))
    r = client.post(f"/buildings/plans/{plan.pk}/progress/", {"quarter": 1, "percent": 30, "narrative": "招商"})
    assert r.status_code == 302
    r = client.post(f"/buildings/plans/{plan.pk}/progress/", {"quarter": 1, "percent": 40, "narrative": "招商2"})
    assert r.status_code == 302
    assert plan.progress.get().percent == 40
    assert client.get(f"/buildings/plans/{plan.pk}/").status_code == 200


def test_tier_filter_only_for_those_who_see_tax(world, client):
    make_building(world)
    login(client, world.user("street_clerk"))
    assert 'name="tier"' not in client.get("/buildings/list/").content.decode()
    client.logout()
    login(client, world.user("supervisor"))
    assert 'name="tier"' in client.get("/buildings/list/").content.decode()


def test_overview_lists_warnings(world, client):
    b = make_building(world, name="预警大厦")
    last = YEAR - 1
    make_tenancy(b, taxes={last: 1000, YEAR: 100}, move_in=dt.date(last - 1, 1, 1))
    t = make_tenancy(b, taxes={last: 3000, YEAR: 10}, leaving_intention=True, move_in=dt.date(last - 1, 1, 1))
    login(client, world.user("supervisor"))
    page = client.get(f"/buildings/?year={last + 1}").content.decode()
    assert 'id="overview-warnings"' in page and t.enterprise.name in page
    client.logout()
    login(client, world.user("street_clerk"))  # tax warnings are tax figures
    page = client.get(f"/buildings/?year={last + 1}").content.decode()
    assert t.enterprise.name not in page


def test_my_work_lists_plans_without_last_quarter_progress(world, client, monkeypatch):
    from gongjian.buildings import my_work

    monkeypatch.setattr(my_work.timezone, "localdate", lambda: dt.date(YEAR, 5, 10))
    cadre = world.user("cadre")
    b = make_building(world, name="楼长的楼", floor_leader=cadre)
    plan = make_plan(b, YEAR, floor_leader=cadre)
    login(client, cadre)
    assert "楼长的楼" in client.get("/my-work/").content.decode()
    plan.progress.create(quarter=1, percent=25)
    assert "楼长的楼" not in client.get("/my-work/").content.decode()


def test_history_hides_tax_figures_without_permission(world, client, actor_of):
    from gongjian.buildings import services

    b = make_building(world)
    t = make_tenancy(b)
    services.set_tenancy_tax(actor_of("supervisor"), t, YEAR, Decimal("4567.89"))
    plan = services.create_plan(actor_of("supervisor"), building=b, year=YEAR, target_tax=Decimal("9876.54"))
    login(client, world.user("supervisor"))
    assert "4567.89" in client.get(f"/buildings/{b.pk}/").content.decode()
    assert "9876.54" in client.get(f"/buildings/plans/{plan.pk}/").content.decode()
    client.logout()
    login(client, world.user("street_clerk"))
    page = client.get(f"/buildings/{b.pk}/").content.decode()
    assert "4567" not in page and "9876" not in page
    assert "9876" not in client.get(f"/buildings/plans/{plan.pk}/").content.decode()


def test_floors_in_building_order():
    from gongjian.buildings.views import floor_key

    floors = ["12F", "2F", "B1", "B2", "1F", "屋顶", "3层"]
    assert sorted(floors, key=floor_key) == ["B2", "B1", "1F", "2F", "3层", "12F", "屋顶"]


def test_plan_list_shows_lights_and_exports(world, client):
    b = make_building(world, name="灯号大厦")
    make_plan(b, YEAR)
    login(client, world.user("supervisor"))
    page = client.get("/buildings/plans/").content.decode()
    assert "灯号大厦" in page and "light-badge" in page
    r = client.get("/buildings/plans/?export=xlsx")
    assert r.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    values = [c.value for row in load_workbook(BytesIO(r.content)).worksheets[0].iter_rows() for c in row]
    assert "灯号大厦" in values


def test_the_list_writes_areas_whole_and_figures_with_separators(world, client):
    """Numbers as Chinese users write them: areas whole with thousands separators, percentages with one decimal,
    tax in 万元 with separators (the Excel export keeps the numbers themselves)."""
    b = make_building(world, name="千位大厦", floor_area=Decimal("52345.6"), lettable_area=Decimal("41820.00"))
    make_tenancy(b, taxes={YEAR: 12345})
    login(client, world.user("supervisor"))
    page = client.get("/buildings/list/").content.decode()
    row = page[page.index("千位大厦") :]
    row = row[: row.index("</tr>")]
    assert "41,820" in row and "41820.00" not in row
    assert "12,345" in row and "12345.00" not in row
    assert re.search(r">\s*\d+\.\d%\s*<", row), row  # occupancy: one decimal
