"""The generator's enterprise part: the registry with valid credit codes, figures and 规上 status.

Revenue follows a log-normal spread, so every tier (规上, 过亿, 过5亿, 过10亿) and 小升规 candidates appear at
every scale. Figures: the whole of last year and the year before (province: those two years only); at district
and city scale also last year's and this year's months up to the last ended month, so rolling 12-month tiers
work. The 规上 status of each year is computed by the registry's own rule (``services.compute_year_statuses``).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import TYPE_CHECKING

from gongjian.core import synthetic_names as names

from . import uscc
from .choices import EnterpriseStatus
from .models import Enterprise, EnterpriseFigure, EnterpriseYearStatus, Industry

if TYPE_CHECKING:
    from gongjian.synth.generator import Context

#: GB/T 4754 divisions and how often they are drawn (mostly manufacturing, as in an industrial district)
DIVISIONS = [
    *["13", "14", "17", "18", "22", "26", "27", "29", "30", "31", "33", "34", "35", "36", "38", "39"] * 4,
    "44",
    "45",
    "46",
    "51",
    "51",
    "52",
    "52",
    "61",
    "65",
    "72",
]
MONTHLY_UP_TO = 20_000  # monthly figures only where the registry is this size or smaller
STATUS_BATCH = 5_000
D4 = Decimal("0.0001")


def _code(index: int, division: str) -> str:
    """A valid credit code, distinct for every index (the organisation code carries the index)."""
    body = f"{index:08d}"
    first17 = "91" + division + uscc._org_code(body)
    return first17 + uscc.check_character(first17)


def _money(x: float) -> Decimal:
    return Decimal(str(round(x, 4))).quantize(D4)


def run(ctx: Context) -> None:
    rng, w, sh = ctx.rng, ctx.writer, ctx.shared
    n = ctx.scale.enterprises
    today, year = ctx.today, ctx.today.year
    industries = dict(Industry.objects.filter(level="division").values_list("code", "id"))
    streets = sh["streets"] or sh["bureaus"]
    parks = [p["name"] for p in sh["parks"]] or ["经济开发区"]
    first = w.reserve(Enterprise, n)
    division6 = f"3714{int(sh['tag'][1:]) % 100:02d}"
    rows, figures, revenue = [], [], {}
    months_last = list(range(1, 13)) if n <= MONTHLY_UP_TO else []
    months_this = list(range(1, today.month)) if n <= MONTHLY_UP_TO else []
    fig_id = w.next_id(EnterpriseFigure)
    for i in range(n):
        pk = first + i
        division = rng.choice(DIVISIONS)
        street = streets[rng.randrange(len(streets))]
        founded = dt.date(rng.randint(1995, year - 1), rng.randint(1, 12), rng.randint(1, 28))
        late_start = rng.random() < 0.04  # production started last year or this year
        started = dt.date(rng.randint(year - 1, year), rng.randint(1, 6), 1) if late_start else founded
        rows.append(
            {
                "id": pk,
                "credit_code": _code(pk, division6),
                "name": names.company_name(rng, pk, street["name"][:2]),
                "industry_id": industries.get(division),
                "industry_code": division + f"{rng.randint(1, 9)}{rng.randint(0, 9)}",
                "street_id": street["id"],
                "park": rng.choice(parks) if rng.random() < 0.4 else "",
                "address": f"{street['name']}{rng.randint(1, 999)}号",
                "registered_on": founded,
                "production_started_on": started if started <= today else None,
                "status": rng.choices(
                    [EnterpriseStatus.OPERATING, EnterpriseStatus.SUSPENDED, EnterpriseStatus.MOVED_OUT], [96, 3, 1]
                )[0],
                "legal_representative": names.person_name(rng),
                "contact_name": names.person_name(rng),
                "contact_phone": f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
                "power_account": f"37{pk:010d}",
                "water_account": f"W{pk:08d}" if rng.random() < 0.9 else "",
                "gas_account": f"G{pk:08d}" if rng.random() < 0.5 else "",
            }
        )
        base = math.exp(rng.gauss(math.log(1500), 1.5))  # 主营业务收入, 万元
        revenue[pk] = base
        for y, growth in ((year - 2, 0.92), (year - 1, 1.0)):
            fig_id = _figures(figures, fig_id, pk, y, None, base * growth, rng)
        for m in months_last:
            fig_id = _figures(figures, fig_id, pk, year - 1, m, base / 12, rng)
        for m in months_this:
            fig_id = _figures(figures, fig_id, pk, year, m, base * 1.08 / 12, rng)
    w.insert_dicts(Enterprise, rows)
    w.reserve(EnterpriseFigure, len(figures))
    w.insert_dicts(EnterpriseFigure, figures)
    ctx.count("enterprises", n)
    ctx.count("enterprise_figures", len(figures))
    statuses = _statuses(ctx, range(first, first + n), year)
    ctx.count("enterprise_year_statuses", statuses)
    sh["enterprise_ids"] = range(first, first + n)
    sh["enterprise_revenue"] = revenue


def _figures(out: list, next_id: int, pk: int, year: int, month: int | None, main: float, rng) -> int:
    main *= rng.uniform(0.85, 1.15)
    tax = main * rng.uniform(0.02, 0.06)
    out.append(
        {
            "id": next_id,
            "enterprise_id": pk,
            "year": year,
            "month": month,
            "main_revenue": _money(main),
            "operating_revenue": _money(main * 1.05),
            "value_added": _money(main * rng.uniform(0.18, 0.32)),
            "tax_total": _money(tax),
            "tax_district": _money(tax * 0.3),
            "profit": _money(main * rng.uniform(-0.03, 0.12)),
            "employees": max(3, int(main / rng.uniform(40, 120))) if month is None else None,
            "energy_tce": _money(main * rng.uniform(0.01, 0.08)),
            "electricity_kwh": _money(main * rng.uniform(0.005, 0.03)),
            "rd_expense": _money(main * rng.uniform(0.0, 0.04)) if rng.random() < 0.6 else None,
        }
    )
    return next_id + 1


def _statuses(ctx: Context, ids: range, year: int) -> int:
    """规上 status of last year and this year by the registry's rule, bulk-inserted."""
    from .services import compute_year_statuses

    w, rng = ctx.writer, ctx.rng
    written = 0
    carried: set[int] = set()
    for y in (year - 1, year):
        rows = []
        for lo in range(0, len(ids), STATUS_BATCH):
            batch = Enterprise.objects.filter(pk__in=ids[lo : lo + STATUS_BATCH]).order_by("pk")
            for pk, (code, above) in compute_year_statuses(batch, y, as_of=ctx.today).items():
                if above is None:
                    continue
                entered = None
                if above:
                    carried_over = pk in carried or y < year
                    start = dt.date(y, 1, 1)
                    spread = start + dt.timedelta(days=rng.randint(31, max(31, ctx.today.timetuple().tm_yday - 1)))
                    entered = start if carried_over else min(ctx.today, spread)
                    if y == year - 1:
                        carried.add(pk)
                rows.append(
                    {"enterprise_id": pk, "year": y, "category": code, "is_above_scale": above, "entered_on": entered}
                )
        first = w.reserve(EnterpriseYearStatus, len(rows))
        w.insert_dicts(EnterpriseYearStatus, [{"id": first + k, **r} for k, r in enumerate(rows)])
        written += len(rows)
    return written
