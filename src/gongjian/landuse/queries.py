"""Read-side aggregates of the land-use module for the cross-cutting readers (the cockpit): the 闲置 survey by
quarter. One query, through ``restrict()``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from .models import LandPlot, PlotSurvey

__all__ = ["QuarterSurvey", "idle_by_quarter", "quarter_of"]


@dataclass(frozen=True)
class QuarterSurvey:
    """One quarter of the 闲置 survey over the plots a user sees: plots surveyed that quarter, those idle, their
    area and the idle plant floor space."""

    year: int
    quarter: int
    plots: int  # plots on the register
    surveyed: int
    idle: int
    idle_mu: Decimal
    idle_plant_m2: Decimal

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _previous(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def idle_by_quarter(user, as_of: dt.date, quarters: int = 4) -> list[QuarterSurvey]:
    """The last ``quarters`` quarters up to the one of ``as_of``, oldest first; the last is the latest survey."""
    wanted = [quarter_of(as_of)]
    for _i in range(quarters - 1):
        wanted.append(_previous(*wanted[-1]))
    wanted.reverse()
    plots = LandPlot.objects.restrict(user, "view")
    within = Q()
    for year, quarter in wanted:
        within |= Q(year=year, quarter=quarter)
    idle = ~Q(idle_reason="")
    rows = {
        (r["year"], r["quarter"]): r
        for r in PlotSurvey.objects.restrict(user, "view")
        .filter(within, plot__in=plots, surveyed_on__lte=as_of)
        .values("year", "quarter")
        .annotate(
            surveyed=Count("pk"),
            idle=Count("pk", filter=idle),
            idle_mu=Sum("plot__area_mu", filter=idle),
            idle_plant=Sum("idle_plant_m2"),
        )
    }
    total = plots.count()
    out = []
    for year, quarter in wanted:
        r = rows.get((year, quarter), {})
        out.append(
            QuarterSurvey(
                year,
                quarter,
                total,
                r.get("surveyed") or 0,
                r.get("idle") or 0,
                r.get("idle_mu") or Decimal(0),
                r.get("idle_plant") or Decimal(0),
            )
        )
    return out
