"""The generator's indicators part (``gongjian generate``): quantified indicators of the generated campaign with
monthly actuals up to the generation day, accepted, a few awaiting review, a few periods missing; and peer-region
benchmarks. One indicator per five items (at least 5), so a province holds 10 000 indicators."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from gongjian.org.choices import RoleChoices

from . import figures
from .models import Actual, Benchmark, Indicator
from .queries import periods_of

if TYPE_CHECKING:
    from gongjian.synth.generator import Context

NAMES = [
    ("新增规模以上企业", "家", 20),
    ("主营业务收入过亿元企业", "家", 30),
    ("引进培育楼宇企业", "家", 100),
    ("楼宇经济贡献税收", "亿元", 6),
    ("重大技改项目竣工投产", "个", 11),
    ("招商引资到位资金", "亿元", 50),
    ("新开工亿元以上项目", "个", 40),
    ("高新技术企业", "家", 25),
]
PEERS = ["陵城区", "齐河县", "禹城市", "乐陵市", "平原县"]


def run(ctx: Context) -> None:
    rng, w, sh = ctx.rng, ctx.writer, ctx.shared
    if "campaign_id" not in sh:
        return
    year, today = sh["year"], ctx.today
    units = sh["bureaus"] + sh["streets"] + sh["parks"]
    leaders = [pk for group in sh["leaders_by_region"] for pk in group]
    clerk_of_unit = sh["clerk_of_unit"]
    supervisor = sh["users_by_role"][RoleChoices.SUPERVISOR][0]
    n = max(5, ctx.scale.items // 5)
    ended = [p for p in periods_of(year, "monthly") if p.end < today]
    first = w.reserve(Indicator, n)
    indicators, actuals, benchmarks = [], [], []
    stamp = w.now
    for k in range(n):
        name, unit, target = NAMES[k % len(NAMES)]
        lead, source = units[rng.randrange(len(units))], units[rng.randrange(len(units))]
        pk = first + k
        indicators.append(
            {
                "id": pk,
                "campaign_id": sh["campaign_id"],
                "code": f"Z{k + 1:05d}",
                "name": f"{name}（{lead['short_name'] or lead['name']}）{k + 1}",
                "unit": unit,
                "direction": "higher",
                "kind": "cumulative",
                "comparator": ">=",
                "target": Decimal(target),
                "year": year,
                "frequency": "monthly",
                "leader_id": leaders[k % len(leaders)],
                "lead_unit_id": lead["id"],
                "source_unit_id": source["id"],
                "source_key": "",
                "description": "",
            }
        )
        pace = rng.uniform(0.6, 1.2)  # share of the linear plan the indicator keeps to
        for i, p in enumerate(ended):
            roll = rng.random()
            if i == len(ended) - 1 and roll < 0.1:
                continue  # not reported yet
            value = Decimal(round(target / 12 * pace * rng.uniform(0.7, 1.3), 2))
            pending = i == len(ended) - 1 and roll < 0.2
            actuals.append(
                {
                    "indicator_id": pk,
                    "period_start": p.start,
                    "value": value,
                    "accepted_value": None if pending else value,
                    "status": "submitted" if pending else "accepted",
                    "submitted_by_id": clerk_of_unit.get(source["id"], supervisor),
                    "submitted_at": stamp,
                    "reviewed_by_id": None if pending else supervisor,
                    "reviewed_at": None if pending else stamp,
                }
            )
        if ended and k % 4 == 0:
            ytd = target * len(ended) / 12
            for region in rng.sample(PEERS, 3):
                benchmarks.append(
                    {
                        "indicator_id": pk,
                        "period_start": ended[-1].start,
                        "region": region,
                        "value": Decimal(round(ytd * rng.uniform(0.6, 1.4), 2)),
                    }
                )
    w.insert_dicts(Indicator, indicators)
    for model, rows in ((Actual, actuals), (Benchmark, benchmarks)):
        start = w.reserve(model, len(rows))
        for i, row in enumerate(rows):
            row["id"] = start + i
        w.insert_dicts(model, rows)
    figures.refresh([row["id"] for row in indicators], today)
    ctx.count("indicators", len(indicators))
    ctx.count("actuals", len(actuals))
