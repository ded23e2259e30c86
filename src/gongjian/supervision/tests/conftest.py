"""Fixtures: a fake "item" light source whose colours the test sets, and a day to run on."""

from __future__ import annotations

import datetime as dt

import pytest

from gongjian.core import registry
from gongjian.core.registry import LightResult


class FakeSource:
    """Colours by item: ``source.set(item, colour, period)``; every other item of the world is green."""

    def __init__(self, items):
        self.items = list(items)
        self.colours = {}
        self.calls = 0

    def set(self, item, colour, period="2026-03", reason="behind"):
        self.colours[item.pk] = (colour, period, reason)

    def __call__(self, today: dt.date):
        self.calls += 1
        for item in self.items:
            colour, period, reason = self.colours.get(item.pk, ("green", "2026-03", "on_schedule"))
            yield LightResult(item, period, colour, reason, item.lead_unit_id, item.leader_id, {"gap": 5})


@pytest.fixture
def source(world, monkeypatch):
    """Only the fake source is registered during the test (whatever other modules registered)."""
    fake = FakeSource([world.own_item, world.coop_item, world.other_item])
    monkeypatch.setattr(registry, "light_sources", {})
    from gongjian.supervision import daily

    monkeypatch.setattr(daily, "light_sources", registry.light_sources)
    registry.register_light_source("item", fake)
    return fake


DAY = dt.date(2026, 4, 10)
