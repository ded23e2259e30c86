"""Builders for the indicators tests: indicators of the test world, created directly (the given of a test)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gongjian.core.services import Actor
from gongjian.indicators.models import Indicator

TODAY = dt.date(2026, 7, 20)  # June is over (and past its grace), July is not


def make_indicator(world, **kw) -> Indicator:
    defaults = {
        "campaign": world.campaign,
        "area": world.area,
        "code": "Z1",
        "name": "新增规模以上企业",
        "unit": "家",
        "direction": "higher",
        "kind": "cumulative",
        "comparator": ">=",
        "target": Decimal(12),
        "year": world.campaign.year,
        "frequency": "monthly",
        "leader": world.user("leader"),
        "lead_unit": world.bureau,
        "source_unit": world.bureau,
    }
    defaults.update(kw)
    return Indicator.objects.create(**defaults)


def actor(world, role: str) -> Actor:
    return Actor(user=world.user(role), ip="127.0.0.1", source="web")


def month(m: int, year: int = 2026) -> dt.date:
    return dt.date(year, m, 1)
