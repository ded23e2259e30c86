"""The 闲置 survey and the departments' 亩产 figures through the API: a file in, all rows or none, errors as JSON."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from gongjian.core.services import Actor
from gongjian.enterprises.testing import make_enterprise
from gongjian.landuse import services
from gongjian.landuse.imports import PlotSpec
from gongjian.landuse.models import EnterpriseInput, LandPlot, PlotSurvey


def client_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def workbook(headers, rows, name="upload.xlsx"):
    wb = openpyxl.Workbook()
    wb.active.append(headers)
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


PLOT_HEADERS = [c.header for c in PlotSpec().columns]


def plot_row(code, area="12亩", start="2023/5/1", **cells):
    values = {"code": code, "area_mu": area, "agreed_start_on": start, **cells}
    return [values.get(c.key) for c in PlotSpec().columns]


def test_the_idle_survey_through_the_api_all_rows_or_none(world):
    api = client_for(world.user("supervisor"))
    bad = workbook(PLOT_HEADERS, [plot_row("API-1"), plot_row("API-2", area="十二亩")])
    r = api.post("/api/imports/land-plots/", {"file": bad}, format="multipart")
    assert r.status_code == 400
    body = r.json()
    assert body["error_count"] == 1 and body["errors"][0]["row"] == 3 and body["errors"][0]["column"]
    assert not LandPlot.objects.exists() and not PlotSurvey.objects.exists()
    good = workbook(PLOT_HEADERS, [plot_row("API-1"), plot_row("API-2", area="8")])
    r = api.post("/api/imports/land-plots/", {"file": good}, format="multipart")
    assert r.status_code == 201, r.json()
    assert r.json()["imported"] == 2
    assert LandPlot.objects.get(code="API-2").area_mu == Decimal(8)
    assert PlotSurvey.objects.count() == 2  # this quarter's survey of each plot
    viewer = client_for(world.user("viewer"))
    assert viewer.post("/api/imports/land-plots/", {"file": good}, format="multipart").status_code == 403


@pytest.fixture
def evaluation(world):
    return services.create_evaluation(Actor.system(world.user("supervisor")), year=2025, parks=[])


def test_a_departments_figures_through_the_api(world, evaluation):
    enterprise = make_enterprise(world, industry_code="1713")
    api = client_for(world.user("supervisor"))
    headers = [c.header for c in services.department_spec("tax").columns]
    upload = workbook(headers, [[enterprise.credit_code, enterprise.name, "1,230"]])
    body = {"evaluation": evaluation.pk, "department": "tax", "file": upload}
    r = api.post("/api/imports/landuse-inputs/", body, format="multipart")
    assert r.status_code == 201, r.json()
    assert EnterpriseInput.objects.get(evaluation=evaluation, enterprise=enterprise).tax == Decimal(1230)
    unknown = workbook(headers, [["91371400MA3C5X9999", "无此企业", "5"]])
    body = {"evaluation": evaluation.pk, "department": "tax", "file": unknown}
    r = api.post("/api/imports/landuse-inputs/", body, format="multipart")
    assert r.status_code == 400 and r.json()["errors"][0]["row"] == 2


@pytest.mark.parametrize(
    ("params", "named"),
    [({"department": "weather"}, "department"), ({"evaluation": "999999"}, "evaluation"), ({}, "evaluation")],
)
def test_bad_parameters_are_named(world, evaluation, params, named):
    api = client_for(world.user("supervisor"))
    body = {"evaluation": evaluation.pk, "department": "tax", **params}
    if not params:
        body.pop("evaluation")
    body["file"] = workbook(["统一社会信用代码"], [])
    r = api.post("/api/imports/landuse-inputs/", body, format="multipart")
    assert r.status_code == 400 and named in r.json()
    assert not EnterpriseInput.objects.exists()


def test_plots_are_added_and_changed_through_the_api_with_their_survey_history(world):
    api = client_for(world.user("supervisor"))
    owner = make_enterprise(world)
    body = {"code": "API-9", "area_mu": "20", "agreed_start_on": "2023-01-01", "owner": owner.pk}
    r = api.post("/api/landuse-plots/", body, format="json")
    assert r.status_code == 201, r.json()
    plot = LandPlot.objects.get(code="API-9")
    assert plot.owner == owner and r.json()["surveys"][0]["idle_reason"] == "not_started"
    r = api.patch(f"/api/landuse-plots/{plot.pk}/", {"construction_started_on": "2024-01-01"}, format="json")
    assert r.status_code == 200 and len(r.json()["surveys"]) == 1  # the same quarter: its record replaced
    assert r.json()["surveys"][0]["idle_reason"] == ""
    r = api.patch(f"/api/landuse-plots/{plot.pk}/", {"surveys": []}, format="json")
    assert r.status_code == 400 and list(r.json()) == ["surveys"]
    r = api.post("/api/landuse-plots/", {**body, "area_mu": "二十", "code": "API-10"}, format="json")
    assert r.status_code == 400 and "area_mu" in r.json() and not LandPlot.objects.filter(code="API-10").exists()
    viewer = client_for(world.user("viewer"))
    assert viewer.post("/api/landuse-plots/", {**body, "code": "API-11"}, format="json").status_code == 403
    assert viewer.patch(f"/api/landuse-plots/{plot.pk}/", {"use": "x"}, format="json").status_code == 403


def test_disposals_through_the_api_with_the_tax_figures_only_for_those_who_may_see_them(world):
    import datetime as dt

    from gongjian.landuse.models import Disposal

    plot = services.save_plot(
        Actor.system(world.user("supervisor")),
        None,
        code="D-1",
        area_mu=Decimal(10),
        agreed_start_on=dt.date(2023, 1, 1),
    )
    sup = client_for(world.user("supervisor"))
    body = {"plot": plot.pk, "method": "swap", "disposed_area_mu": "4", "tax_per_mu_after": "12.5"}
    r = sup.post("/api/landuse-disposals/", body, format="json")
    assert r.status_code == 201, r.json()
    disposal = Disposal.objects.get(plot=plot)
    assert disposal.tax_per_mu_after == Decimal("12.5") and Decimal(r.json()["tax_per_mu_after"]) == Decimal("12.5")
    r = sup.patch(f"/api/landuse-disposals/{disposal.pk}/", {"disposed_area_mu": "11"}, format="json")
    assert r.status_code == 400 and "disposed_area_mu" in r.json()  # more than the plot
    assert sup.get(f"/api/landuse-disposals/?plot={plot.pk}").json()["results"][0]["id"] == disposal.pk
    viewer = client_for(world.user("viewer"))
    data = viewer.get(f"/api/landuse-disposals/{disposal.pk}/").json()
    assert "tax_per_mu_after" not in data and data["method"] == "swap"
    assert viewer.patch(f"/api/landuse-disposals/{disposal.pk}/", {"progress": "x"}, format="json").status_code == 403
