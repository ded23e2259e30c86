"""The thresholds and targets are configurable, and a bad value is caught by the system check."""

from decimal import Decimal

from gongjian.buildings import queries
from gongjian.buildings.checks import check_building_settings


def test_defaults():
    cfg = queries.config()
    assert cfg.occupancy_drop_points == 5 and cfg.big_tenant_tax == 1000 and cfg.tax_drop_percent == 20
    assert queries.targets() == {"new_enterprises": Decimal(100), "tax_yi": Decimal(6)}
    assert check_building_settings() == []


def test_overrides(settings):
    settings.GONGJIAN_BUILDINGS = {"registration_basis": "area", "tax_drop_percent": "15", "tiers": [["yi", 8000]]}
    settings.GONGJIAN_BUILDINGS_TARGETS = {"tax_yi": 7}
    cfg = queries.config()
    assert cfg.registration_basis == "area" and cfg.tax_drop_percent == Decimal(15)
    assert cfg.tiers == (("yi", Decimal(8000)),)
    assert queries.targets()["tax_yi"] == 7


def test_bad_values_fail_the_check(settings):
    settings.GONGJIAN_BUILDINGS = {"registration_basis": "people"}
    settings.GONGJIAN_BUILDINGS_TARGETS = {"floors": 3}
    assert [e.id for e in check_building_settings()] == ["buildings.E001", "buildings.E001"]
