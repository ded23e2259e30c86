"""The pure building metrics: rates, tax attribution, tiers and warnings."""

import datetime as dt
from decimal import Decimal as D

import pytest

from gongjian.buildings import metrics as m

Y = 2025


def lease(key, ent, area, move_in=None, move_out=None, **kw):
    return m.Lease(key=key, enterprise=ent, area=D(area), move_in=move_in, move_out=move_out, **kw)


def building(leases=(), floor=10000, lettable=8000, fixed=0):
    return m.BuildingFacts(
        key="B", floor_area=D(floor), lettable_area=D(lettable), leases=leases, fixed_occupied_area=D(fixed)
    )


# --- tiers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tax", "tier"),
    [
        (None, ""),
        ("0", ""),
        ("999.9999", ""),
        ("1000", m.TIER_QIANWAN),
        ("4999.99", m.TIER_QIANWAN),
        ("5000", m.TIER_ZHUNYI),
        ("9999.99", m.TIER_ZHUNYI),
        ("10000", m.TIER_YI),
        ("25000", m.TIER_YI),
    ],
)
def test_tier_boundaries(tax, tier):
    assert m.tier_for(D(tax) if tax is not None else None) == tier


def test_tiers_are_configurable_and_checked():
    cfg = m.Config(tiers=(("big", D(500)),))
    assert m.tier_for(D(500), cfg) == "big"
    assert m.tier_for(D(499), cfg) == ""
    with pytest.raises(ValueError):
        m.Config(tiers=(("a", D(1)), ("b", D(2))))
    with pytest.raises(ValueError):
        m.Config(registration_basis="people")


# --- areas and rates -------------------------------------------------------------------------------------


def test_occupancy_and_vacancy():
    b = building([lease(1, "a", 2000), lease(2, "b", 1000, move_out=dt.date(Y, 6, 1))], fixed=1000)
    assert m.occupancy(b, dt.date(Y, 5, 31)) == D("50.00")  # 2000 + 1000 + 1000 of 8000
    assert m.occupancy(b, dt.date(Y, 6, 1)) == D("37.50")  # the move-out day is no longer occupied
    res = m.building_metrics(b, {}, Y)
    assert res.vacant_area == D(5000)
    assert res.tenant_count == 1


def test_zero_lettable_area_has_no_occupancy():
    b = building([lease(1, "a", 100)], lettable=0)
    assert m.occupancy(b, dt.date(Y, 1, 1)) is None
    res = m.building_metrics(b, {}, Y)
    assert res.occupancy is None and res.vacant_area == 0


def test_occupancy_capped_at_lettable_area():
    b = building([lease(1, "a", 9000)])
    assert m.occupancy(b, dt.date(Y, 1, 1)) == D("100.00")


def test_registration_rate_by_count_and_by_area():
    leases = [
        lease(1, "a", 3000, registered_local=True),
        lease(2, "b", 500),
        lease(3, "c", 500),
        lease(4, "d", 1000, registered_local=True),
    ]
    assert m.registration_rate(leases, "count") == D("50.00")
    assert m.registration_rate(leases, "area") == D("80.00")
    assert m.registration_rate([], "count") is None
    b = building(leases)
    assert m.building_metrics(b, {}, Y, config=m.Config(registration_basis="area")).registration_rate == D("80.00")
    assert m.building_metrics(b, {}, Y).registration_rate == D("50.00")


def test_enterprise_with_two_tenancies_counts_once():
    leases = [lease(1, "a", 100), lease(2, "a", 100, registered_local=True), lease(3, "b", 100)]
    assert m.registration_rate(leases) == D("50.00")
    assert m.building_metrics(building(leases), {}, Y).tenant_count == 2


def test_tax_per_m2_converts_wan_to_yuan():
    assert m.tax_per_m2(D(500), D(10000)) == D("500.00")  # 500万元 over 10 000 m² = 500 元/m²
    assert m.tax_per_m2(D(500), D(0)) is None
    assert m.tax_per_m2(None, D(100)) is None


def test_new_tenants_this_year():
    b = building(
        [
            lease(1, "old", 100, move_in=dt.date(Y - 2, 3, 1)),
            lease(2, "new", 100, move_in=dt.date(Y, 3, 1)),
            lease(3, "gone", 100, move_in=dt.date(Y, 2, 1), move_out=dt.date(Y, 5, 1)),
            lease(4, "old", 50, move_in=dt.date(Y, 4, 1)),  # an existing tenant taking more space is not new
            lease(5, "later", 100, move_in=dt.date(Y, 11, 1)),
        ]
    )
    assert m.building_metrics(b, {}, Y, as_of=dt.date(Y, 9, 30)).new_tenants == 2
    assert m.building_metrics(b, {}, Y).new_tenants == 3


# --- tax attribution --------------------------------------------------------------------------------------


def test_whole_year_tenant_gets_all_its_tax():
    res = m.attribute_tax([lease(1, "a", 100)], {("a", Y): D(800)}, Y)
    assert res == {1: D("800.0000")}


def test_tenant_moving_out_mid_year_brings_its_share_of_days():
    # 2025: 181 days from 1 January to 30 June inclusive.
    res = m.attribute_tax([lease(1, "a", 100, move_out=dt.date(Y, 7, 1))], {("a", Y): D(365)}, Y)
    assert res[1] == D("181.0000")


def test_tenant_moving_between_buildings_is_split_by_time():
    leases = [lease("A", "a", 100, move_out=dt.date(Y, 7, 1)), lease("B", "a", 300, move_in=dt.date(Y, 7, 1))]
    res = m.attribute_tax(leases, {("a", Y): D(365)}, Y)
    assert res == {"A": D("181.0000"), "B": D("184.0000")}


def test_tenant_in_two_buildings_split_by_leased_area():
    leases = [lease("A", "a", 100), lease("B", "a", 300)]
    res = m.attribute_tax(leases, {("a", Y): D(1000)}, Y)
    assert res == {"A": D("250.0000"), "B": D("750.0000")}


def test_recorded_per_building_tax_wins_and_the_rest_goes_to_the_other():
    leases = [lease("A", "a", 100, taxes={Y: D(900)}), lease("B", "a", 300)]
    res = m.attribute_tax(leases, {("a", Y): D(1000)}, Y)
    assert res == {"A": D(900), "B": D("100.0000")}
    # recorded more than the enterprise total: the rest is nothing, never negative
    res = m.attribute_tax(leases, {("a", Y): D(500)}, Y)
    assert res["B"] == 0


def test_unknown_enterprise_tax_is_unknown_not_zero():
    b = building([lease(1, "a", 100), lease(2, "b", 100, taxes={Y: D(50)})])
    att = m.attribute_tax(b.leases, {}, Y)
    assert att == {1: None, 2: D(50)}
    res = m.building_metrics(b, att, Y)
    assert res.tax_total == D(50) and res.tax_unknown == 1


def test_tenancies_outside_the_year_get_nothing():
    leases = [lease(1, "a", 100, move_out=dt.date(Y, 1, 1)), lease(2, "a", 100, move_in=dt.date(Y + 1, 1, 1))]
    assert m.attribute_tax(leases, {("a", Y): D(100)}, Y) == {}


def test_building_totals_and_tier():
    leases = [lease(1, "a", 4000), lease(2, "b", 2000)]
    att = m.attribute_tax(leases, {("a", Y): D(6000), ("b", Y): D(4000)}, Y)
    res = m.building_metrics(building(leases), att, Y)
    assert res.tax_total == D(10000)
    assert res.tier == m.TIER_YI
    assert res.tax_per_m2 == D("10000.00")  # 1亿元 over 10 000 m²


# --- warnings ---------------------------------------------------------------------------------------------


def kinds(ws):
    return [w.kind for w in ws]


def test_occupancy_drop_more_than_five_points():
    # 8000 lettable: 400 m² is exactly 5 points, 480 m² is 6 points.
    five = building([lease(1, "a", 4000), lease(2, "b", 400, move_out=dt.date(Y, 5, 1))])
    assert m.OCCUPANCY_DROP not in kinds(m.warnings_for(five, Y, 2, {}, None, None))
    six = building([lease(1, "a", 4000), lease(2, "b", 480, move_out=dt.date(Y, 5, 1))])
    ws = m.warnings_for(six, Y, 2, {}, None, None)
    assert kinds(ws) == [m.OCCUPANCY_DROP]
    assert ws[0].numbers["points"] == D("6.00")
    # Q1 compares with Q4 of the year before
    q1 = building([lease(1, "a", 4000), lease(2, "b", 480, move_out=dt.date(Y, 2, 1))])
    assert kinds(m.warnings_for(q1, Y, 1, {}, None, None)) == [m.OCCUPANCY_DROP]


def test_big_tenant_with_move_out_intention():
    leases = [
        lease(1, "a", 100, leaving_intention=True),
        lease(2, "b", 100, leaving_intention=True),
        lease(3, "c", 100),
        lease(4, "d", 100, leaving_intention=True, move_out=dt.date(Y, 2, 1)),  # already gone
    ]
    att = {1: D("1000.01"), 2: D(1000), 3: D(5000), 4: D(5000)}
    ws = m.warnings_for(building(leases), Y, 2, att, None, None)
    assert [(w.kind, w.lease) for w in ws] == [(m.BIG_TENANT_LEAVING, 1)]


@pytest.mark.parametrize(
    ("this", "last", "warn"), [(80, 100, False), ("79.99", 100, True), (10, 0, False), (None, 100, False)]
)
def test_tax_drop_year_on_year(this, last, warn):
    ws = m.warnings_for(building(), Y, 4, {}, D(this) if this is not None else None, D(last), m.DEFAULT_CONFIG)
    assert (m.TAX_DROP in kinds(ws)) is warn


def test_warning_thresholds_configurable():
    cfg = m.Config(tax_drop_percent=D(10), occupancy_drop_points=D(1), big_tenant_tax=D(10))
    b = building([lease(1, "a", 4000, leaving_intention=True), lease(2, "b", 160, move_out=dt.date(Y, 5, 1))])
    ws = m.warnings_for(b, Y, 2, {1: D(11)}, D(85), D(100), cfg)
    assert sorted(kinds(ws)) == sorted([m.OCCUPANCY_DROP, m.BIG_TENANT_LEAVING, m.TAX_DROP])


def test_quarter_end():
    assert [m.quarter_end(Y, q) for q in (1, 2, 3, 4)] == [
        dt.date(Y, 3, 31),
        dt.date(Y, 6, 30),
        dt.date(Y, 9, 30),
        dt.date(Y, 12, 31),
    ]
    with pytest.raises(ValueError):
        m.quarter_end(Y, 5)


def test_module_imports_no_django():
    import ast
    import pathlib

    tree = ast.parse(pathlib.Path(m.__file__).read_text())
    names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [x for x in names if x.startswith("django")]
