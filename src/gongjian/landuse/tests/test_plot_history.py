"""The 闲置 survey keeps one record per plot and quarter: shown on the plot's page; the latest quarter feeds the
cockpit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.landuse import services
from gongjian.landuse.models import PlotSurvey
from gongjian.landuse.queries import idle_by_quarter
from gongjian.testing import PASSWORD

Q1, Q2, Q2_LATER = dt.date(2026, 2, 10), dt.date(2026, 5, 6), dt.date(2026, 6, 20)


@pytest.fixture
def sup(world):
    return Actor(user=world.user("supervisor"), ip="127.0.0.1", source="web")


def _plot(sup, code="P-1", surveyed_on=Q1, plot=None, **fields):
    data = {"area_mu": Decimal(20), "agreed_start_on": dt.date(2024, 1, 1)} if plot is None else {}
    if plot is None:
        data["code"] = code
    data.update(fields)
    return services.save_plot(sup, plot, surveyed_on=surveyed_on, **data)


def test_one_record_per_quarter_the_later_survey_of_a_quarter_replacing_the_earlier(world, sup):
    plot = _plot(sup)  # not started two years after the agreed date: idle
    _plot(sup, plot=plot, surveyed_on=Q2, construction_started_on=dt.date(2026, 4, 1), developed_percent=10)
    _plot(sup, plot=plot, surveyed_on=Q2_LATER, developed_percent=80, idle_plant_m2=Decimal(500))
    rows = list(PlotSurvey.objects.filter(plot=plot).order_by("year", "quarter"))
    assert [(r.year, r.quarter) for r in rows] == [(2026, 1), (2026, 2)]
    q1, q2 = rows
    assert q1.idle_reason == "not_started" and q1.developed_percent is None and q1.surveyed_on == Q1
    assert q2.idle_reason == "" and q2.developed_percent == Decimal(80) and q2.surveyed_on == Q2_LATER
    assert q2.idle_plant_m2 == Decimal(500)
    assert AuditLog.objects.filter(action="landuse_plot.survey").count() == 3
    # the same survey again in the same quarter: nothing to write
    _plot(sup, plot=plot, surveyed_on=Q2_LATER)
    assert AuditLog.objects.filter(action="landuse_plot.survey").count() == 3


def test_the_plot_page_shows_the_history(world, sup, client):
    plot = _plot(sup)
    _plot(sup, plot=plot, surveyed_on=Q2, construction_started_on=dt.date(2026, 4, 1), developed_percent=10)
    assert client.login(username="viewer", password=PASSWORD)
    response = client.get(f"/landuse/plots/{plot.pk}/")
    assert response.status_code == 200
    assert [(s.year, s.quarter) for s in response.context["surveys"]] == [(2026, 2), (2026, 1)]
    html = response.content.decode()
    assert "2026 Q2" in html and "2026 Q1" in html
    assert html.index("2026 Q2") < html.index("2026 Q1")  # the latest first


def test_the_latest_quarter_feeds_the_cockpit(world, sup, client, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 25, 10, 0))
    idle_then_built = _plot(sup, "P-1")
    _plot(sup, plot=idle_then_built, surveyed_on=Q2, construction_started_on=dt.date(2026, 4, 1))
    still_idle = _plot(sup, "P-2", area_mu=Decimal(35), idle_plant_m2=Decimal(1200))
    _plot(sup, plot=still_idle, surveyed_on=Q2, use="闲置厂房")
    _plot(sup, "P-3", surveyed_on=Q1, construction_started_on=dt.date(2025, 1, 1), developed_percent=100)

    quarters = idle_by_quarter(world.user("supervisor"), dt.date(2026, 6, 25))
    assert [q.label for q in quarters] == ["2025 Q3", "2025 Q4", "2026 Q1", "2026 Q2"]
    q1, q2 = quarters[-2:]
    assert (q1.surveyed, q1.idle, q1.idle_mu) == (3, 2, Decimal(55))
    assert (q2.surveyed, q2.idle, q2.idle_mu, q2.idle_plant_m2) == (2, 1, Decimal(35), Decimal(1200))
    assert q2.plots == 3
    # a day in the first quarter sees that quarter as the latest
    assert idle_by_quarter(world.user("supervisor"), dt.date(2026, 3, 31))[-1].idle == 2

    assert client.login(username="supervisor", password=PASSWORD)
    data = client.get("/api/cockpit/?month=2026-06").json()
    widget = next(w for w in data["widgets"] if w["key"] == "idle_land")
    idle = next(s for s in widget["series"] if s["key"] == "idle")
    assert [d["value"] for d in idle["data"]] == [0, 0, 2, 1]
    assert widget["title"].startswith("2026 Q2")


def test_the_quarters_cost_the_same_queries_for_few_and_many_plots(world, sup):
    user = world.user("supervisor")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            idle_by_quarter(user, dt.date(2026, 6, 25))
        return len(ctx.captured_queries)

    _plot(sup, "P-0")
    few = queries()
    for i in range(1, 15):
        _plot(sup, f"P-{i}", surveyed_on=Q2 if i % 2 else Q1)
    assert queries() == few
