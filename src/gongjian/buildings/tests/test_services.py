"""Services: validation refuses with a clear message and writes nothing; scope; audit records."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongjian.buildings import services
from gongjian.buildings.models import Building, Space, Tenancy, TenancyTax
from gongjian.buildings.testing import make_building, make_space, make_tenancy
from gongjian.core.models import AuditLog
from gongjian.enterprises.testing import make_enterprise
from gongjian.org.models import Unit


def _counts():
    return (Building.objects.count(), Space.objects.count(), Tenancy.objects.count(), AuditLog.objects.count())


def test_create_building_writes_audit(world, actor_of):
    b = services.create_building(
        actor_of("supervisor"), name="新楼", street=world.street, floor_area=Decimal(100), lettable_area=Decimal(80)
    )
    log = AuditLog.objects.get(action="building.create")
    assert log.object_id == str(b.pk) and log.after["name"] == "新楼"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"floor_area": Decimal(-1), "lettable_area": Decimal(0)}, "floor_area"),
        ({"floor_area": Decimal(100), "lettable_area": Decimal(120)}, "lettable_area"),
    ],
)
def test_building_bad_areas_refused(world, actor_of, fields, field):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.create_building(actor_of("supervisor"), name="坏楼", street=world.street, **fields)
    assert field in exc.value.message_dict
    assert _counts() == before


def test_street_admin_cannot_add_building_in_another_street(world, actor_of):
    other = Unit.objects.create(name="另一街道", code="OT", kind="street", parent=world.district)
    world.user("unit_admin").unit = world.street
    world.user("unit_admin").save()
    with pytest.raises(ValidationError) as exc:
        services.create_building(
            actor_of("unit_admin"), name="越界楼", street=other, floor_area=Decimal(1), lettable_area=Decimal(1)
        )
    assert "street" in exc.value.message_dict
    assert not Building.objects.filter(name="越界楼").exists()


def test_leased_area_larger_than_lettable_refused(world, actor_of):
    b = make_building(world, lettable_area=Decimal(1000))
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.create_tenancy(
            actor_of("supervisor"), enterprise=make_enterprise(world), building=b, leased_area=Decimal("1000.01")
        )
    assert "leased_area" in exc.value.message_dict
    assert "1000" in exc.value.message_dict["leased_area"][0]
    assert _counts()[2:] == before[2:]


def test_move_out_before_move_in_refused(world, actor_of):
    b = make_building(world)
    with pytest.raises(ValidationError) as exc:
        services.create_tenancy(
            actor_of("supervisor"),
            enterprise=make_enterprise(world),
            building=b,
            leased_area=Decimal(10),
            move_in=dt.date(2025, 5, 1),
            move_out=dt.date(2025, 4, 30),
        )
    assert "move_out" in exc.value.message_dict
    assert not Tenancy.objects.exists()


def test_negative_leased_area_refused(world, actor_of):
    b = make_building(world)
    with pytest.raises(ValidationError) as exc:
        services.create_tenancy(
            actor_of("supervisor"), enterprise=make_enterprise(world), building=b, leased_area=Decimal(-5)
        )
    assert "leased_area" in exc.value.message_dict
    assert not Tenancy.objects.exists()


def test_overlapping_tenancies_of_a_space_refused(world, actor_of):
    b = make_building(world)
    s = make_space(b)
    make_tenancy(b, space=s, move_in=dt.date(2025, 1, 1), move_out=dt.date(2025, 7, 1))
    actor = actor_of("supervisor")
    with pytest.raises(ValidationError) as exc:
        services.create_tenancy(
            actor,
            enterprise=make_enterprise(world),
            building=b,
            space=s,
            leased_area=Decimal(10),
            move_in=dt.date(2025, 6, 30),
        )
    assert "space" in exc.value.message_dict
    assert Tenancy.objects.count() == 1
    # from the move-out day on, the space is free
    t = services.create_tenancy(
        actor,
        enterprise=make_enterprise(world),
        building=b,
        space=s,
        leased_area=Decimal(10),
        move_in=dt.date(2025, 7, 1),
    )
    assert t.pk


def test_space_of_another_building_refused(world, actor_of):
    a, b = make_building(world), make_building(world)
    with pytest.raises(ValidationError) as exc:
        services.create_tenancy(
            actor_of("supervisor"),
            enterprise=make_enterprise(world),
            building=a,
            space=make_space(b),
            leased_area=Decimal(1),
        )
    assert "space" in exc.value.message_dict


def test_building_outside_scope_refused(world, actor_of):
    other = Unit.objects.create(name="另一街道", code="OT", kind="street", parent=world.district)
    b = make_building(world, street=other)
    with pytest.raises(ValidationError):
        services.create_tenancy(
            actor_of("street_clerk"), enterprise=make_enterprise(world), building=b, leased_area=Decimal(1)
        )
    assert not Tenancy.objects.exists()


def test_viewer_cannot_write(world, actor_of):
    b = make_building(world)
    with pytest.raises(PermissionDenied):
        services.create_tenancy(actor_of("viewer"), enterprise=make_enterprise(world), building=b, leased_area=1)
    with pytest.raises(PermissionDenied):
        services.update_building(actor_of("viewer"), b, name="x")


def test_move_out_and_tax_table(world, actor_of):
    b = make_building(world)
    t = make_tenancy(b, leaving_intention=True)
    actor = actor_of("supervisor")
    services.set_tenancy_tax(actor, t, 2025, Decimal("88.5"))
    services.set_tenancy_tax(actor, t, 2025, Decimal("90"))
    assert TenancyTax.objects.get(tenancy=t, year=2025).tax_district == Decimal("90.00")
    services.move_out(actor, t, dt.date(2025, 9, 1), "扩租搬迁")
    t.refresh_from_db()
    assert t.move_out == dt.date(2025, 9, 1) and not t.leaving_intention and t.leaving_reason == "扩租搬迁"
    assert AuditLog.objects.filter(action="tenancy.move_out").count() == 1
    services.set_tenancy_tax(actor, t, 2025, None)
    assert not TenancyTax.objects.exists()


def test_lowering_lettable_area_below_a_lease_refused(world, actor_of):
    b = make_building(world, lettable_area=Decimal(1000))
    make_tenancy(b, leased_area=Decimal(900))
    with pytest.raises(ValidationError) as exc:
        services.update_building(actor_of("supervisor"), b, lettable_area=Decimal(800))
    assert "lettable_area" in exc.value.message_dict
    b.refresh_from_db()
    assert b.lettable_area == Decimal(1000)


def test_replacement_computes_tax_per_m2(world, actor_of):
    b = make_building(world)
    old = make_tenancy(b, leased_area=Decimal(200), taxes={2024: 10}, move_out=dt.date(2025, 3, 1))
    new = make_tenancy(b, leased_area=Decimal(200), taxes={2025: 40}, move_in=dt.date(2025, 3, 1))
    r = services.record_replacement(
        actor_of("supervisor"), building=b, vacated=old, replacement=new, date=dt.date(2025, 3, 1)
    )
    assert r.tax_per_m2_before == Decimal("500.00") and r.tax_per_m2_after == Decimal("2000.00")


def test_plan_progress_recorded_by_quarter(world, actor_of):
    b = make_building(world, floor_leader=world.user("cadre"))
    plan = services.create_plan(actor_of("supervisor"), building=b, year=2026, target_occupancy=Decimal(90))
    assert plan.floor_leader == world.user("cadre")
    services.record_progress(actor_of("cadre"), plan, 1, percent=25)
    services.record_progress(actor_of("cadre"), plan, 1, percent=30)
    assert plan.progress.get().percent == 30
    with pytest.raises(ValidationError):
        services.record_progress(actor_of("cadre"), plan, 5, percent=30)
    with pytest.raises(ValidationError):
        services.create_plan(actor_of("supervisor"), building=b, year=2026)


def test_building_street_must_be_a_street(world, actor_of):
    with pytest.raises(ValidationError) as exc:
        services.create_building(
            actor_of("supervisor"),
            name="局里的楼",
            street=world.bureau,
            floor_area=Decimal(1),
            lettable_area=Decimal(1),
        )
    assert "street" in exc.value.message_dict


def test_a_lease_larger_than_its_space_is_refused(world, actor_of):
    b = make_building(world)
    s = make_space(b, area=Decimal(120))
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.create_tenancy(
            actor_of("supervisor"), enterprise=make_enterprise(world), building=b, space=s, leased_area=Decimal(150)
        )
    assert "leased_area" in exc.value.message_dict
    assert "120" in exc.value.message_dict["leased_area"][0]
    assert _counts()[2:] == before[2:]
    t = services.create_tenancy(
        actor_of("supervisor"), enterprise=make_enterprise(world), building=b, space=s, leased_area=Decimal(120)
    )
    with pytest.raises(ValidationError) as exc:
        services.update_tenancy(actor_of("supervisor"), t, leased_area=Decimal("120.01"))
    assert "leased_area" in exc.value.message_dict
    t.refresh_from_db()
    assert t.leased_area == Decimal(120)


def test_a_space_cannot_shrink_below_its_lease(world, actor_of):
    b = make_building(world)
    s = make_space(b, area=Decimal(200))
    make_tenancy(b, space=s, leased_area=Decimal(180))
    with pytest.raises(ValidationError) as exc:
        services.update_space(actor_of("supervisor"), s, area=Decimal(150))
    assert "area" in exc.value.message_dict
    s.refresh_from_db()
    assert s.area == Decimal(200)
    assert services.update_space(actor_of("supervisor"), s, area=Decimal(180)).area == Decimal(180)
