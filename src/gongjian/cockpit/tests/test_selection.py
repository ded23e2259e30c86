"""Which campaign and month the cockpit shows; unknown ones are a 404 with a message."""

import datetime as dt

import pytest

from gongjian.cockpit.selection import NotFound, select


def test_default_is_the_last_ended_month(world):
    sel = select(world.user("leader"), dt.date(2026, 4, 10))
    assert sel.campaign == world.campaign
    assert sel.key == "2026-03"
    assert sel.as_of == dt.date(2026, 3, 31)
    assert sel.previous == dt.date(2026, 2, 28)


def test_in_the_first_month_the_running_month_as_of_today(world):
    sel = select(world.user("leader"), dt.date(2026, 1, 20))
    assert sel.key == "2026-01"
    assert sel.as_of == dt.date(2026, 1, 20)
    assert sel.previous is None


def test_a_later_month_of_the_campaign_has_no_data_yet(world):
    sel = select(world.user("leader"), dt.date(2026, 4, 10), str(world.campaign.pk), "2026-09")
    assert not sel.has_data
    assert sel.elapsed_months == []


@pytest.mark.parametrize(
    ("campaign", "month", "message"),
    [
        ("999999", None, "999999"),
        ("abc", None, "abc"),
        (None, "2025-12", "2025年12月"),
        (None, "2026-13", "2026-03"),
        (None, "March", "2026-03"),
    ],
)
def test_unknown_campaign_or_month_is_not_found(world, campaign, month, message):
    with pytest.raises(NotFound) as exc:
        select(world.user("leader"), dt.date(2026, 4, 10), campaign, month)
    assert message in str(exc.value)
