"""The demo campaign's quantified targets (from the interview) as indicators, with monthly actuals for 2026 up to
the demo's ``now``: a mix of green, yellow and red, one "on track now, projected to miss", and benchmarks
against neighbouring districts and counties of Dezhou (对标一流)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from gongjian.core.services import Actor

from . import services
from .models import Actual, Indicator
from .queries import periods_of

__all__ = ["INDICATORS", "load"]

D = Decimal


@dataclass(frozen=True)
class Spec:
    code: str
    area: int
    name: str
    unit: str
    kind: str
    target: Decimal
    lead: str
    source: str
    leader: str
    monthly: tuple[str, ...]  # per month Jan–Dec: own amount (cumulative) or value (levels)
    baseline: Decimal | None = None
    comparator: str = ">="
    source_key: str = ""
    planned: tuple[str, ...] | None = None
    benchmarks: tuple[tuple[str, str], ...] = ()  # (region, year-to-date value at the latest period)


INDICATORS: list[Spec] = [
    Spec(
        "2-Z1",
        2,
        "新增规模以上企业",
        "家",
        "cumulative",
        D(9),
        "GXJ",
        "TJJ",
        "fqz_gongye",
        ("0", "1", "1", "0", "1", "0", "1", "0", "1", "1", "1", "1"),
        source_key="enterprises.new_above_scale",
        benchmarks=(("陵城区", "8"), ("齐河县", "10"), ("禹城市", "6"), ("平原县", "5")),
    ),
    Spec(
        "2-Z2",
        2,
        "主营业务收入过10亿元企业",
        "家",
        "level",
        D(5),
        "GXJ",
        "TJJ",
        "quzhang",
        ("3", "3", "4", "4", "4", "4", "4", "5", "5", "5", "5", "5"),
        baseline=D(3),
        source_key="enterprises.over_1b",
    ),
    Spec(
        "2-Z3",
        2,
        "主营业务收入过5亿元企业",
        "家",
        "level",
        D(7),
        "GXJ",
        "TJJ",
        "quzhang",
        ("5", "5", "5", "6", "6", "6", "6", "6", "6", "6", "7", "7"),
        baseline=D(5),
        source_key="enterprises.over_500m",
    ),
    Spec(
        "2-Z4",
        2,
        "主营业务收入过亿元企业",
        "家",
        "level",
        D(22),
        "GXJ",
        "TJJ",
        "quzhang",
        ("16", "16", "16", "17", "17", "17", "17", "17", "17", "17", "18", "18"),
        baseline=D(16),
        source_key="enterprises.over_100m",
        benchmarks=(("陵城区", "25"), ("齐河县", "41"), ("禹城市", "30"), ("乐陵市", "19")),
    ),
    Spec(
        "3-Z1",
        3,
        "引进培育楼宇企业",
        "家",
        "cumulative",
        D(100),
        "SWJ",
        "SWJ",
        "fqz_shangwu",
        ("10", "9", "9", "8", "8", "8", "7", "7", "7", "7", "6", "6"),
        benchmarks=(("天衢新区", "88"), ("陵城区", "41"), ("禹城市", "35")),
    ),
    Spec(
        "3-Z2",
        3,
        "楼宇经济贡献税收",
        "亿元",
        "cumulative",
        D(6),
        "SWJ",
        "SWUJ",
        "fqz_shangwu",
        ("0.32", "0.28", "0.31", "0.3", "0.33", "0.3", "0.29", "0.31", "0.3", "0.32", "0.3", "0.3"),
        comparator=">",
        benchmarks=(("天衢新区", "5.1"), ("陵城区", "1.2"), ("齐河县", "2.6")),
    ),
    Spec(
        "2-Z5",
        2,
        "重大技改项目竣工投产",
        "个",
        "cumulative",
        D(11),
        "GXJ",
        "GXJ",
        "fqz_gongye",
        ("0", "0", "0", "0", "1", "1", "0", "1", "1", "0", "1", "1"),
        planned=("0", "0", "0", "0", "1", "1", "1", "2", "2", "2", "1", "1"),
    ),
]


def _clerk(users, unit_code: str):
    for name in (f"{unit_code.lower()}_jbr", f"{unit_code.lower()}_admin"):
        if name in users:
            return users[name]
    return None


def load(ctx) -> str:
    campaign = ctx.campaign
    users, units = ctx.users, ctx.units
    supervisor = Actor(users["ducha"], None, "command")
    today = timezone.localtime(ctx.now).date()
    areas = {a.number: a for a in campaign.areas.all()}
    made = 0
    for spec in INDICATORS:
        ind = services.create_indicator(
            supervisor,
            campaign=campaign,
            area=areas.get(spec.area),
            code=spec.code,
            name=spec.name,
            unit=spec.unit,
            direction="higher",
            kind=spec.kind,
            comparator=spec.comparator,
            target=spec.target,
            baseline=spec.baseline,
            frequency="monthly",
            leader=users.get(spec.leader),
            lead_unit=units[spec.lead],
            source_unit=units[spec.source],
            source_key=spec.source_key,
        )
        made += 1
        ps = periods_of(ind.year, ind.frequency)
        if spec.planned:
            services.set_planned_values(supervisor, ind, {p.start: D(v) for p, v in zip(ps, spec.planned, strict=True)})
        ended = [p for p in ps if p.end < today]
        if services.source_available(ind):
            services.refresh_computed(Actor.system(), today, indicators=[ind])
        else:
            clerk = _clerk(users, spec.source)
            entry = Actor(clerk, None, "command")
            # The last ended month is still within its grace period for some: left for the clerk to enter.
            for i, p in enumerate(ended):
                if i == len(ended) - 1 and (today - p.end).days <= 5 and spec.code.endswith("1"):
                    continue
                actual = services.submit_actual(entry, ind, period_start=p.start, value=D(spec.monthly[i]), today=today)
                if i < len(ended) - 1 or spec.code != "3-Z2":
                    services.accept_actual(supervisor, actual)
        _date_history(ind, ctx.now)  # computed ones too: as if refreshed each month, never after the demo's moment
        if spec.benchmarks and ended:
            # The month before the last ended one: every indicator has its accepted actual there.
            at = len(ended) - 2 if len(ended) > 1 else 0
            latest = ended[at]
            scale = Decimal(at + 1) / Decimal(10)  # the values above are for October; scaled to the month
            for region, value in spec.benchmarks:
                v = D(value) * (scale if spec.kind == "cumulative" else 1)
                services.set_benchmark(
                    supervisor,
                    ind,
                    period_start=latest.start,
                    region=region,
                    value=v.quantize(D("0.01")),
                    source="市统计局月报",
                )
    return gettext("Indicators: {n}").format(n=made)


def _date_history(ind: Indicator, now: dt.datetime) -> None:
    """Actuals entered three days after each month, reviewed two days later; never after the demo's moment."""
    tz = timezone.get_current_timezone()
    for a in Actual.objects.filter(indicator=ind):
        end = a.period.end
        submitted = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=3), dt.time(10)), tz)
        submitted = min(submitted, now - dt.timedelta(hours=2))
        fields = {"submitted_at": submitted}
        if a.reviewed_at is not None:
            fields["reviewed_at"] = min(submitted + dt.timedelta(days=2), now - dt.timedelta(hours=1))
        Actual.objects.filter(pk=a.pk).update(**fields)
