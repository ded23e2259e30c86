"""The cockpit's bench scenarios run on any world: the page and the API against the raw-SQL baseline, with a query
count that does not grow with the data."""

import datetime as dt
from types import SimpleNamespace

import pytest

from gongjian.cockpit import bench
from gongjian.core import registry
from gongjian.testing import make_item

from .support import colour


@pytest.mark.dates
def test_scenarios_measure_page_and_api_with_a_pinned_query_count(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 10, 10, 0))
    colour(world.own_item, "red", dt.date(2026, 3, 20))
    bench_world = SimpleNamespace(scale="test", campaign=world.campaign, supervisor=world.user("supervisor"))
    small = bench.scenarios(bench_world, 1, "sqlite")
    for i in range(12):
        colour(make_item(world.area, f"9-{i:02d}", world.bureau, world.user("leader")), "yellow", dt.date(2026, 3, 25))
    large = bench.scenarios(bench_world, 1, "sqlite")
    assert [r.name for r in large] == ["page:cockpit", "api:cockpit"]
    assert [r.queries for r in small] == [r.queries for r in large]
    assert all(r.queries > 0 and r.baseline == "raw SQL: colours by area, kind and month" for r in large)
    assert bench.scenarios in registry.bench_scenarios
    # the baseline counts what the cockpit counts: 13 items of March, by area and colour
    areas = bench._baseline(world.campaign.pk, dt.date(2026, 3, 31), [])()[0]
    assert sorted((colour_, n) for _, colour_, n in areas) == [("red", 1), ("yellow", 12)]
