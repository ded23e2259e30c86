"""The demo's indicators: the interview's targets, with a mix of colours on the demo's day."""

from __future__ import annotations

import datetime as dt

import pytest

from gongjian.demo import loader
from gongjian.indicators.models import Actual, Benchmark, Indicator
from gongjian.indicators.queries import evaluate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "now", [dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), dt.datetime(2026, 3, 25, 9, tzinfo=dt.UTC)]
)
def test_demo_indicators(now):
    loader.load(now=now)
    names = set(Indicator.objects.values_list("name", flat=True))
    assert {"新增规模以上企业", "引进培育楼宇企业", "楼宇经济贡献税收", "重大技改项目竣工投产"} <= names
    assert not Actual.objects.filter(submitted_at__gte=now).exists()
    assert not Actual.objects.filter(reviewed_at__gte=now).exists()
    assert not Actual.objects.filter(period_start__gte=now.date().replace(day=1)).exists()
    statuses = evaluate(Indicator.objects.all(), now.date())
    colours = {s.colour for s in statuses.values()}
    if now.month == 11:
        assert colours >= {"green", "yellow", "red"}
        assert any(s.projected_miss for s in statuses.values())
        assert Benchmark.objects.exists()
        assert Actual.objects.filter(status="submitted").exists()  # one left for 督查 to review
