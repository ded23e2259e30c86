"""Round trip of every import (issue 17): its template → opened and filled in with openpyxl → imported → the same
workbook imported again changes nothing in the database.

One case per import; a meta-test fails when an import page or an API import has no case here, so a new import
ships with its round trip.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongjian.core.services import Actor
from gongjian.testing import WORLD_TODAY

pytestmark = pytest.mark.usefixtures("world_today")

#: The mark of a template's example row ("（示例）德州某某纺织有限公司"): taken out when the row is filled in.
EXAMPLE_MARK = "（示例）"


@dataclass
class Case:
    """``setup(world, actor) -> ctx``; ``template(ctx) -> bytes``; ``fill(ws, ctx)`` writes the data rows (by default
    the example row, without its mark); ``run(ctx, upload) -> ImportResult``; ``models`` whose rows are compared."""

    setup: Any
    template: Any
    run: Any
    models: tuple[str, ...]
    fill: Any = None
    role: str = "supervisor"
    ui: tuple[str, ...] = ()  # URL names of the import pages
    api: tuple[str, ...] = ()  # router basenames of the API imports
    #: The import only adds (a second import of the same rows is refused by row, naming what already exists);
    #: the others match rows by their key and update them.
    adds_only: bool = False


def _unmark(ws, ctx) -> None:
    for cell in ws[2]:
        if isinstance(cell.value, str) and cell.value.startswith(EXAMPLE_MARK):
            cell.value = cell.value.removeprefix(EXAMPLE_MARK)


def _nothing(world, actor) -> dict:
    return {"world": world, "actor": actor}


# --- the cases --------------------------------------------------------------------------------------------------


def _items_template(ctx):
    from gongjian.campaigns.imports import item_template_bytes

    return item_template_bytes(ctx["world"].campaign)


def _items_run(ctx, upload):
    from gongjian.campaigns.imports import import_items

    return import_items(ctx["actor"], ctx["world"].campaign, upload)


def _enterprises_template(ctx):
    from gongjian.enterprises.imports import enterprise_template_bytes

    return enterprise_template_bytes()


def _enterprises_run(ctx, upload):
    from gongjian.enterprises.imports import import_enterprises

    return import_enterprises(ctx["actor"], upload)


def _figures_setup(world, actor):
    from gongjian.enterprises import uscc
    from gongjian.enterprises.testing import make_enterprise

    make_enterprise(world, credit_code=uscc.make_code("example"), name="德州某某纺织有限公司")
    return _nothing(world, actor)


def _figures_template(kind):
    def template(ctx):
        from gongjian.enterprises.imports import figure_template_bytes

        return figure_template_bytes(ctx["actor"], kind)

    return template


def _figures_run(ctx, upload):
    from gongjian.enterprises.imports import import_figures

    return import_figures(ctx["actor"], upload)


def _survey_setup(world, actor):
    from gongjian.buildings.testing import make_building

    return {**_nothing(world, actor), "building": make_building(world, name="示例大厦")}


def _survey_template(district):
    def template(ctx):
        from gongjian.buildings.imports import survey_template_bytes

        return survey_template_bytes(district=district)

    return template


def _survey_run(district):
    def run(ctx, upload):
        from gongjian.buildings.imports import import_district_survey, import_survey

        day = WORLD_TODAY.date()
        if district:
            return import_district_survey(ctx["actor"], day, upload)
        return import_survey(ctx["actor"], ctx["building"], day, upload)

    return run


def _actuals_setup(world, actor):
    from gongjian.indicators.tests.support import make_indicator

    make_indicator(world)
    return _nothing(world, actor)


def _actuals_template(ctx):
    from gongjian.indicators.imports import template_for

    return template_for(ctx["actor"], ctx["world"].campaign)


def _actuals_run(ctx, upload):
    from gongjian.indicators.imports import import_actuals

    return import_actuals(ctx["actor"], ctx["world"].campaign, upload)


def _plots_template(ctx):
    from gongjian.landuse.imports import plot_template_bytes

    return plot_template_bytes()


def _plots_run(ctx, upload):
    from gongjian.landuse.imports import import_plots

    return import_plots(ctx["actor"], upload)


def _department_setup(world, actor):
    from gongjian.enterprises.testing import make_enterprise
    from gongjian.landuse import services

    evaluation = services.create_evaluation(actor, year=2025, parks=[])
    enterprise = make_enterprise(world, industry_code="1713")
    return {**_nothing(world, actor), "evaluation": evaluation, "enterprise": enterprise}


def _department_template(department):
    def template(ctx):
        from gongjian.core import xlsx_import as xi
        from gongjian.landuse.services.imports import department_spec

        return xi.template_bytes(department_spec(department))

    return template


def _department_fill(ws, ctx) -> None:
    """The template has no example: one row, the enterprise's code and name, then a figure in every column."""
    width = ws.max_column
    ws.append([ctx["enterprise"].credit_code, ctx["enterprise"].name] + [1] * (width - 2))


def _department_run(department):
    def run(ctx, upload):
        from gongjian.landuse.services import import_department

        return import_department(ctx["actor"], ctx["evaluation"], department, upload)

    return run


CASES: dict[str, Case] = {
    "items": Case(
        _nothing,
        _items_template,
        _items_run,
        ("campaigns.Item",),
        adds_only=True,
        ui=("campaigns:item_import",),
        api=("import-items",),
    ),
    "enterprises": Case(
        _nothing,
        _enterprises_template,
        _enterprises_run,
        ("enterprises.Enterprise",),
        adds_only=True,
        ui=("enterprises:import",),
        api=("import-enterprises",),
    ),
    "figures-tax": Case(
        _figures_setup,
        _figures_template("tax"),
        _figures_run,
        ("enterprises.EnterpriseFigure",),
        ui=("enterprises:figures_import",),
        api=("import-enterprise-figures",),
    ),
    "figures-stats": Case(_figures_setup, _figures_template("stats"), _figures_run, ("enterprises.EnterpriseFigure",)),
    "building-survey": Case(
        _survey_setup,
        _survey_template(False),
        _survey_run(False),
        ("buildings.Space", "buildings.Tenancy", "buildings.BuildingSurvey"),
        ui=("buildings:survey_import",),
        api=("import-building-survey",),
    ),
    "district-survey": Case(
        _survey_setup,
        _survey_template(True),
        _survey_run(True),
        ("buildings.Space", "buildings.Tenancy", "buildings.BuildingSurvey"),
    ),
    "actuals": Case(
        _actuals_setup,
        _actuals_template,
        _actuals_run,
        ("indicators.Actual",),
        role="clerk",
        ui=("indicators:actual_import",),
        api=("import-actuals",),
    ),
    "idle-plots": Case(
        _nothing,
        _plots_template,
        _plots_run,
        ("landuse.LandPlot", "landuse.PlotSurvey"),
        ui=("landuse:plot_import",),
        api=("import-land-plots",),
    ),
}
for _department in ("tax", "land", "statistics", "energy", "environment", "science"):
    CASES[f"landuse-{_department}"] = Case(
        _department_setup,
        _department_template(_department),
        _department_run(_department),
        ("landuse.EnterpriseInput",),
        fill=_department_fill,
        ui=("landuse:input_import",),
        api=("import-landuse-inputs",),
    )

#: Columns that record when a row was written, not what it holds.
TIMESTAMPS = {"created_at", "updated_at", "modified_at"}


def _rows(models: tuple[str, ...]) -> dict[str, list[dict]]:
    from django.apps import apps

    out = {}
    for label in models:
        model = apps.get_model(label)
        rows = model.objects.order_by("pk").values()
        out[label] = [{k: v for k, v in row.items() if k not in TIMESTAMPS} for row in rows]
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_template_filled_in_openpyxl_imports_and_a_second_import_changes_nothing(world, name):
    case = CASES[name]
    actor = Actor(user=world.user(case.role), ip="127.0.0.1", source="import")
    ctx = case.setup(world, actor)
    template = case.template(ctx)
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert all(isinstance(h, str) and h for h in headers), headers
    (case.fill or _unmark)(ws, ctx)
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()

    first = case.run(ctx, SimpleUploadedFile(f"{name}.xlsx", data))
    assert first.ok, [(e.row, e.column, e.message) for e in first.errors]
    after_first = _rows(case.models)
    assert any(after_first.values()), "the filled-in template imported nothing"
    again = case.run(ctx, SimpleUploadedFile(f"{name}.xlsx", data))
    if case.adds_only:
        assert not again.ok and {e.row for e in again.errors} == {2}  # the row is named, nothing is written
    else:
        assert again.ok, [(e.row, e.column, e.message) for e in again.errors]
    assert _rows(case.models) == after_first


def test_every_import_has_its_round_trip():
    from gongjian.api_urls import router

    from .test_api_completeness import ui_actions

    pages = {name for name in ui_actions() if name.endswith("import")}
    covered_pages = {u for case in CASES.values() for u in case.ui}
    assert sorted(pages - covered_pages) == []
    api = {basename for _prefix, _viewset, basename in router.registry if basename.startswith("import-")}
    covered_api = {a for case in CASES.values() for a in case.api}
    assert sorted(api - covered_api) == []
