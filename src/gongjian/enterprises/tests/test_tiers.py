"""Tier computations at the band edges, rolling revenue, the near list and the 小升规 pool (pure, no database)."""

from decimal import Decimal as D

import pytest

from gongjian.enterprises import scale, tiers

BANDS = [
    tiers.Band("over_100m", "过亿", D(10000)),  # deliberately out of order
    tiers.Band("above_scale", "规上", D(2000)),
    tiers.Band("over_1b", "过10亿", D(100000)),
    tiers.Band("over_500m", "过5亿", D(50000)),
]


@pytest.mark.parametrize(
    ("revenue", "expected"),
    [
        (None, None),
        (D(0), None),
        (D("1999.9999"), None),
        (D(2000), "above_scale"),  # the floor itself is in the band
        (D("9999.9999"), "above_scale"),
        (D(10000), "over_100m"),
        (D("49999.99"), "over_100m"),
        (D(50000), "over_500m"),
        (D("99999.9999"), "over_500m"),
        (D(100000), "over_1b"),
        (D(10**9), "over_1b"),
    ],
)
def test_tier_at_band_edges(revenue, expected):
    band = tiers.tier_for(revenue, BANDS)
    assert (band.code if band else None) == expected


@pytest.mark.parametrize(
    ("revenue", "expected"),
    [(D(1999), "above_scale"), (D(2000), "over_100m"), (D(99999), "over_1b"), (D(100000), None), (None, None)],
)
def test_next_band(revenue, expected):
    band = tiers.next_band(revenue, BANDS)
    assert (band.code if band else None) == expected


@pytest.mark.parametrize(
    ("revenue", "band", "share"),
    [
        (D(7999), None, None),  # 79.99 % of 1亿: not yet close
        (D(8000), "over_100m", D("0.8")),  # exactly 80 %: close
        (D("9999.99"), "over_100m", D("0.999999")),
        (D(10000), None, None),  # reached: in the band, 过5亿 is far (20 %)
        (D(40000), "over_500m", D("0.8")),
        (D(1600), "above_scale", D("0.8")),
        (D(1599), None, None),
        (D(100000), None, None),  # top band: nothing next
    ],
)
def test_near_next_band_window(revenue, band, share):
    near = tiers.near_next_band(revenue, BANDS, D("0.80"))
    if band is None:
        assert near is None
    else:
        assert near.band.code == band
        assert near.share == share
        assert near.gap == near.band.floor - revenue


def test_month_window_crosses_the_year():
    assert tiers.month_window((2026, 3), 4) == [(2025, 12), (2026, 1), (2026, 2), (2026, 3)]
    assert len(tiers.month_window((2026, 12))) == 12
    assert tiers.month_window((2026, 12))[0] == (2026, 1)


def test_rolling_sum_counts_missing_months():
    monthly = {(2025, m): D(100) for m in range(1, 13)} | {(2026, 1): D(300), (2026, 2): None}
    r = tiers.rolling_sum(monthly, (2026, 2))
    assert r.total == D(100) * 10 + D(300)  # 2025-03 … 2025-12, 2026-01; 2026-02 missing
    assert r.months_with_data == 11 and not r.complete
    assert tiers.rolling_sum({}, (2026, 2)).total is None
    assert tiers.rolling_sum(monthly, (2025, 12)).complete


@pytest.mark.parametrize(
    ("revenue", "above", "expected"),
    [
        (D(999), False, False),
        (D(1000), False, True),  # exactly 50 % of 2000万
        (D(2500), False, True),  # 已达规未入规
        (D(1500), True, False),  # already 规上
        (None, False, False),
    ],
)
def test_pool_candidate(revenue, above, expected):
    assert tiers.pool_candidate(revenue, D(2000), D("0.5"), above) is expected


def test_counts_at_least():
    assert tiers.counts_at_least([D(10000), D(60000), D(150000), None, D(9999)], [D(10000), D(50000), D(100000)]) == [
        3,
        2,
        1,
    ]


CATS = [
    scale.Category("industry", "规上工业", ("B", "C", "D"), "main_revenue", D(2000)),
    scale.Category("retail", "限上零售", ("52",), "main_revenue", D(500)),
    scale.Category("service_2", "服务业二类", ("L", "M", "702"), "operating_revenue", D(1000)),
    scale.Category("real_estate", "房地产开发", ("701",), "listed", None),
]


@pytest.mark.parametrize(
    ("code", "section", "expected"),
    [
        ("1391", "C", "industry"),
        ("5212", "F", "retail"),
        ("5112", "F", None),  # wholesale not configured here
        ("7020", "K", "service_2"),
        ("7010", "K", "real_estate"),
        ("72", "L", "service_2"),
        ("", "", None),
    ],
)
def test_match_category(code, section, expected):
    cat = scale.match_category(code, section, CATS)
    assert (cat.code if cat else None) == expected


def test_above_scale_at_threshold():
    industry, retail, service, listed = CATS
    assert scale.above_scale(industry, D(2000), None) is True
    assert scale.above_scale(industry, D("1999.99"), None) is False
    assert scale.above_scale(industry, None, D(5000)) is None  # main revenue missing: unknown
    assert scale.above_scale(retail, D(500), None) is True
    assert scale.above_scale(service, D(5000), D(999)) is False  # operating revenue decides
    assert scale.above_scale(service, D(1000), None) is True  # falls back to the only revenue given
    assert scale.above_scale(listed, D(10**6), None) is None
    assert scale.above_scale(None, D(10**6), None) is None
