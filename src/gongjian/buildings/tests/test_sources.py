"""Data sources, the 一楼一策 light source, the enterprise-page section and the survey-free warnings."""

import datetime as dt
from decimal import Decimal

from django.test import RequestFactory

from gongjian.buildings import sources
from gongjian.buildings.sections import tenancies_section
from gongjian.buildings.testing import make_building, make_plan, make_tenancy
from gongjian.core.registry import data_sources, light_sources
from gongjian.core.services import Actor
from gongjian.enterprises.models import EnterpriseFigure
from gongjian.enterprises.testing import make_enterprise
from gongjian.indicators import rules

Y = 2026


def test_sources_registered():
    assert data_sources["buildings.new_enterprises"].unit == "家"
    assert data_sources["buildings.tax_total"].unit == "亿元"
    assert "building_plan" in light_sources


def test_new_enterprises_counts_newcomers_not_movers(world):
    a, b = make_building(world), make_building(world)
    mover = make_enterprise(world)
    make_tenancy(a, enterprise=mover, move_in=dt.date(Y - 2, 1, 1), move_out=dt.date(Y, 3, 1))
    make_tenancy(b, enterprise=mover, move_in=dt.date(Y, 3, 1))  # moved between buildings: not new
    make_tenancy(a, move_in=dt.date(Y, 2, 1))
    make_tenancy(b, move_in=dt.date(Y, 5, 1))
    make_tenancy(b, move_in=dt.date(Y, 11, 1))  # after the day asked
    assert sources.new_enterprises(Y, dt.date(Y, 6, 30)) == 2
    assert sources.new_enterprises(Y, dt.date(Y, 12, 31)) == 3
    assert sources.new_enterprises(Y, dt.date(Y, 12, 31), [a.pk]) == 1


def test_tax_total_in_yi_yuan_with_split_and_recorded(world):
    a, b = make_building(world), make_building(world)
    shared = make_enterprise(world)
    make_tenancy(a, enterprise=shared, leased_area=Decimal(100))
    make_tenancy(b, enterprise=shared, leased_area=Decimal(300))
    EnterpriseFigure.objects.create(enterprise=shared, year=Y, tax_district=Decimal(8000))
    make_tenancy(a, taxes={Y: 12000})
    assert sources.tax_total(Y, dt.date(Y, 12, 31)) == Decimal("2.0000")  # (8000 + 12000)万元 = 2亿元
    assert sources.tax_total(Y - 1, dt.date(Y - 1, 12, 31)) is None


def test_monthly_figures_add_up_when_no_annual(world):
    b = make_building(world)
    t = make_tenancy(b)
    for month in (1, 2, 3):
        EnterpriseFigure.objects.create(enterprise=t.enterprise, year=Y, month=month, tax_district=Decimal(100))
    assert sources.tax_total(Y, dt.date(Y, 3, 31)) == Decimal("0.0300")


def test_plan_lights_against_time_schedule(world):
    from gongjian.buildings.services import record_progress

    b = make_building(world)
    on_track, behind, silent = make_plan(b, Y), make_plan(make_building(world), Y), make_plan(make_building(world), Y)
    actor = Actor(user=world.user("supervisor"))
    record_progress(actor, on_track, 2, percent=55)
    record_progress(actor, behind, 2, percent=20)
    day = dt.date(Y, 7, 1)  # 序时进度 about 50 %
    lights = {r.obj.pk: r for r in sources.plan_lights(day)}
    assert lights[on_track.pk].colour == rules.GREEN
    assert lights[behind.pk].colour == rules.YELLOW
    assert lights[silent.pk].colour == rules.RED
    assert lights[on_track.pk].unit_id == b.street_id and lights[on_track.pk].period == f"{Y}-Q3"


def test_enterprise_section_lists_tenancies_and_hides_tax(world):
    e = make_enterprise(world)
    b = make_building(world, name="段落大厦")
    make_tenancy(b, enterprise=e, taxes={Y: 77})
    request = RequestFactory().get("/")
    request.user = world.user("supervisor")
    panel = tenancies_section(request, e)
    assert panel["show_tax"] and panel["tenancies"][0].tax_rows[0].tax_district == Decimal(77)
    request.user = world.user("street_clerk")
    panel = tenancies_section(request, e)
    assert not panel["show_tax"] and not hasattr(panel["tenancies"][0], "tax_rows")
    request.user = world.user("viewer")  # the bureau's viewer: the building is outside its scope
    assert tenancies_section(request, e) is None
