"""Permission-matrix rows of the indicators pages and API (collected by core/tests/test_permission_matrix.py).

The indicator of these rows is led by 发改局 and sourced from it: its unit roles see it, its clerk and unit
administrator enter its actuals, the 督查 office manages and reviews; the street's clerk and the user without a
role do not see it at all.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gongjian.core.tests.matrix import ALL, BUREAU, OWN_HIDDEN, OWN_ITEM_VISIBLE, VIEWERS, WHOLE, Row

ENTER = {"unit_admin", "clerk"}
SUP = {"supervisor"}
#: The street's indicator in the area the bureau leads: the street keeps it, every user of the bureau reads it.
AREA_SEE = WHOLE | BUREAU | {"street_clerk"}
#: The street's indicator outside the bureau's areas: the bureau's users do not see it.
STREET_SEE = WHOLE | {"street_clerk"}


def objects(world) -> dict:
    from gongjian.indicators.models import Actual, Benchmark, PlannedValue

    from .support import make_indicator

    ind = make_indicator(world, code="M1", name="矩阵指标")
    now = dt.datetime(2026, 3, 3, 10, tzinfo=dt.UTC)
    actual = Actual.objects.create(
        indicator=ind,
        period_start=dt.date(2026, 2, 1),
        value=Decimal(1),
        status="submitted",
        submitted_by=world.user("clerk"),
        submitted_at=now,
    )
    bm = Benchmark.objects.create(indicator=ind, period_start=dt.date(2026, 2, 1), region="陵城区", value=Decimal(2))
    pv = PlannedValue.objects.create(indicator=ind, period_start=dt.date(2026, 1, 1), value=Decimal(1))
    return {"indicator": ind, "actual": actual, "benchmark": bm, "planned": pv}


def _ind(o) -> int:
    return o["indicator"].pk


def _street_indicator(world, in_area: bool) -> int:
    """The street's own indicator (led and provided by it), in the bureau's area or outside every area; made by
    the row that asks for it, so the other rows' lists stay as they are."""
    from .support import make_indicator

    code, name = ("M2", "领域内街道指标") if in_area else ("M3", "领域外街道指标")
    area = world.area if in_area else None
    return make_indicator(world, code=code, name=name, area=area, lead_unit=world.street, source_unit=world.street).pk


def _street_search(world, in_area: bool) -> str:
    """The API list searched for the street's indicator: listed for those who read it, empty for the others."""
    _street_indicator(world, in_area)
    return "/api/indicators/?q=" + ("M2" if in_area else "M3")


MATRIX = [
    Row("indicators:indicator_list", lambda w, o: "/indicators/", VIEWERS),
    Row("indicators:indicator_add", lambda w, o: "/indicators/add/", SUP),
    # the lead unit of an area reads the indicators of the area, whoever leads them, and no other
    Row("indicators:indicator_detail", lambda w, o: f"/indicators/{_street_indicator(w, True)}/", AREA_SEE, {"nobody"}),
    Row(
        "indicators:indicator_detail",
        lambda w, o: f"/indicators/{_street_indicator(w, False)}/",
        STREET_SEE,
        BUREAU | {"nobody"},
    ),
    Row("indicators:indicator_detail", lambda w, o: f"/indicators/{_ind(o)}/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row("indicators:indicator_edit", lambda w, o: f"/indicators/{_ind(o)}/edit/", SUP, OWN_HIDDEN),
    Row("indicators:indicator_delete", lambda w, o: f"/indicators/{_ind(o)}/delete/", SUP, OWN_HIDDEN),
    Row("indicators:actual_enter", lambda w, o: f"/indicators/{_ind(o)}/actual/", ENTER, OWN_HIDDEN),
    Row(
        "indicators:actual_enter",
        lambda w, o: f"/indicators/{_ind(o)}/actual/",
        ENTER,
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {"period_start": "2026-01-01", "value": "1", "unit": "家", "entry": "period"},
    ),
    Row("indicators:planned_edit", lambda w, o: f"/indicators/{_ind(o)}/plan/", SUP, OWN_HIDDEN),
    Row("indicators:benchmark_add", lambda w, o: f"/indicators/{_ind(o)}/benchmarks/add/", SUP, OWN_HIDDEN),
    Row(
        "indicators:benchmark_delete",
        lambda w, o: f"/indicators/benchmarks/{o['benchmark'].pk}/delete/",
        SUP,
        OWN_HIDDEN,
    ),
    Row(
        "indicators:actual_accept",
        lambda w, o: f"/indicators/actuals/{o['actual'].pk}/accept/",
        SUP,
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {},
    ),
    Row(
        "indicators:actual_return",
        lambda w, o: f"/indicators/actuals/{o['actual'].pk}/return/",
        SUP,
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {"reason": "与统计月报不一致"},
    ),
    Row("indicators:actual_import", lambda w, o: "/indicators/actuals/import/", ENTER | {"street_clerk"}),
    Row(
        "indicators:actual_template",
        lambda w, o: f"/indicators/actuals/import/template/{w.campaign.pk}/",
        ENTER | {"street_clerk"},
    ),
    Row(
        "indicators:actual_import_errors",
        lambda w, o: "/indicators/actuals/import/errors/0123456789abcdef0123456789abcdef/",
        set(),
        ENTER | {"street_clerk"},
    ),
]


def _draft(world):
    from .test_from_plan import make_draft

    return make_draft(world)


MATRIX += [
    Row("indicators:from_plan_list", lambda w, o: "/indicators/from-plan/", SUP),
    Row("indicators:from_plan", lambda w, o: f"/indicators/from-plan/{_draft(w).pk}/", SUP),
]

API_MATRIX = [
    # POST without a file: whoever may import is told what is missing (400); nobody else learns more (403).
    Row(
        "api:import-actuals-list",
        lambda w, o: "/api/imports/actuals/",
        set(),
        method="post",
        data=lambda w, o: {},
        special={r: "invalid" for r in ENTER | {"street_clerk"}},
    ),
    Row("api:indicator-list", lambda w, o: "/api/indicators/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row("api:indicator-list", lambda w, o: _street_search(w, True), AREA_SEE, {"nobody"}),
    Row("api:indicator-list", lambda w, o: _street_search(w, False), STREET_SEE, BUREAU | {"nobody"}),
    Row("api:indicator-detail", lambda w, o: f"/api/indicators/{_street_indicator(w, True)}/", AREA_SEE, {"nobody"}),
    Row(
        "api:indicator-list",
        lambda w, o: "/api/indicators/",
        SUP,
        method="post",
        data=lambda w, o: {
            "campaign": w.campaign.pk,
            "name": "引进培育楼宇企业",
            "unit": "家",
            "kind": "cumulative",
            "comparator": ">=",
            "target": "100",
            "lead_unit": w.bureau.pk,
            "source_unit": w.bureau.pk,
        },
    ),
    Row("api:indicator-detail", lambda w, o: f"/api/indicators/{_ind(o)}/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row(
        "api:indicator-detail",
        lambda w, o: f"/api/indicators/{_ind(o)}/",
        SUP,
        OWN_HIDDEN,
        method="patch",
        data=lambda w, o: {"target": "10"},
    ),
    Row("api:indicator-detail", lambda w, o: f"/api/indicators/{_ind(o)}/", SUP, OWN_HIDDEN, method="delete"),
    Row(
        "api:indicator-plan",
        lambda w, o: f"/api/indicators/{_ind(o)}/plan/",
        SUP,
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {"values": []},
    ),
    Row("api:plannedvalue-list", lambda w, o: "/api/planned-values/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row(
        "api:plannedvalue-detail",
        lambda w, o: f"/api/planned-values/{o['planned'].pk}/",
        OWN_ITEM_VISIBLE,
        OWN_HIDDEN,
    ),
    Row("api:actual-list", lambda w, o: "/api/actuals/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row(
        "api:actual-list",
        lambda w, o: "/api/actuals/",
        ENTER,
        method="post",
        data=lambda w, o: {"indicator": _ind(o), "period_start": "2026-01-01", "value": "1"},
        special={"street_clerk": "invalid"},
    ),
    Row("api:actual-detail", lambda w, o: f"/api/actuals/{o['actual'].pk}/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row(
        "api:actual-accept",
        lambda w, o: f"/api/actuals/{o['actual'].pk}/accept/",
        SUP,
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {},
    ),
    Row(
        "api:actual-return",
        lambda w, o: f"/api/actuals/{o['actual'].pk}/return/",
        SUP,
        OWN_HIDDEN,
        method="post",
        data=lambda w, o: {"reason": "请核实"},
    ),
    Row("api:benchmark-list", lambda w, o: "/api/benchmarks/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row(
        "api:benchmark-list",
        lambda w, o: "/api/benchmarks/",
        SUP,
        method="post",
        data=lambda w, o: {"indicator": _ind(o), "period_start": "2026-02-01", "region": "齐河县", "value": "3"},
    ),
    Row("api:benchmark-detail", lambda w, o: f"/api/benchmarks/{o['benchmark'].pk}/", OWN_ITEM_VISIBLE, OWN_HIDDEN),
    Row(
        "api:benchmark-detail",
        lambda w, o: f"/api/benchmarks/{o['benchmark'].pk}/",
        SUP,
        OWN_HIDDEN,
        method="delete",
    ),
]

__all__ = ["ALL", "API_MATRIX", "MATRIX", "objects"]
