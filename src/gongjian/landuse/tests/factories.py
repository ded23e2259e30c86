"""Land-use objects for tests: an evaluation with inputs built through the services, in any workflow state."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gongjian.core.services import Actor
from gongjian.enterprises.testing import make_enterprise
from gongjian.landuse import services
from gongjian.landuse.models import EvaluationYear, LandPlot

STATES = ("collecting", "reviewing", "confirming", "calculated", "publicity", "published")


def evaluation(world, year: int = 2025, state: str = "calculated", n: int = 12, park: str = "") -> EvaluationYear:
    actor = Actor.system(world.user("supervisor"))
    ev = services.create_evaluation(actor, year=year, parks=[park] if park else [])
    for i in range(n):
        e = make_enterprise(world, industry_code="1713" if i % 5 else "3311", park=park if i % 2 else "")
        services.set_input(
            actor,
            ev,
            e,
            above_scale=i % 4 != 3,
            land_mu=Decimal(5 + i),
            tax=Decimal(10 * (i + 1)),
            revenue=Decimal(500 + 37 * i),
            energy_tce=Decimal(100 + i),
            rd=Decimal(i),
            value_added=Decimal(100 + 3 * i),
            employees=Decimal(20 + i),
        )
    target = STATES.index(state)
    if target >= 1:
        services.review(actor, ev)
    if target >= 2:
        services.review(actor, ev)
    if target >= 3:
        services.calculate(actor, ev)
    if target >= 4:
        services.start_publicity(actor, ev, dt.date.today())
    if target >= 5:
        ev.refresh_from_db()
        services.publish(actor, ev, today=ev.publicity_end + dt.timedelta(days=1))
    ev.refresh_from_db()
    return ev


def plot(world, code: str = "P-001", **fields) -> LandPlot:
    actor = Actor.system(world.user("supervisor"))
    data = {"code": code, "area_mu": Decimal(20), "agreed_start_on": dt.date(2020, 1, 1)}
    data.update(fields)
    return services.save_plot(actor, **data)
