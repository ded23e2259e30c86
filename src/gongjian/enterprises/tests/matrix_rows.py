"""Permission-matrix rows of the enterprise registry (collected by core/tests/test_permission_matrix.py)."""

from __future__ import annotations

from gongjian.core.tests.matrix import VIEWERS, Row
from gongjian.enterprises.models import CultivationRecord, EnterpriseFigure, ScaleCategory, TierBand
from gongjian.enterprises.testing import make_enterprise
from gongjian.enterprises.uscc import make_code

FIGURES = {"leader", "supervisor", "unit_admin", "sysadmin"}
WRITERS = {"supervisor", "sysadmin"}  # the whole registry; the world's unit administrator has no street
IMPORTERS = {"supervisor", "sysadmin", "unit_admin"}
NOT_VIEWERS = {"nobody"}


def objects(world) -> dict:
    enterprise = make_enterprise(world, name="矩阵测试企业有限公司")
    other = make_enterprise(world, name="矩阵测试二号有限公司")
    figure = EnterpriseFigure.objects.create(enterprise=enterprise, year=2025, month=None, main_revenue=1234)
    record = CultivationRecord.objects.create(enterprise=enterprise, cadre=world.user("cadre"), progress="走访")
    return {
        "enterprise": enterprise,
        "enterprise2": other,
        "figure": figure,
        "cultivation": record,
        "category": ScaleCategory.objects.order_by("pk").first(),
        "band": TierBand.objects.order_by("pk").first(),
    }


def _e(o) -> int:
    return o["enterprise"].pk


MATRIX: list[Row] = [
    Row("enterprises:list", lambda w, o: "/enterprises/", VIEWERS),
    Row("enterprises:list", lambda w, o: "/enterprises/?export=xlsx&tier=above_scale&above_scale=true", VIEWERS),
    Row("enterprises:detail", lambda w, o: f"/enterprises/{_e(o)}/", VIEWERS, NOT_VIEWERS),
    Row("enterprises:add", lambda w, o: "/enterprises/add/", IMPORTERS),
    Row("enterprises:edit", lambda w, o: f"/enterprises/{_e(o)}/edit/", WRITERS, NOT_VIEWERS),
    Row(
        "enterprises:edit",
        lambda w, o: f"/enterprises/{_e(o)}/edit/",
        WRITERS,
        NOT_VIEWERS,
        method="post",
        data=lambda w, o: {
            "credit_code": o["enterprise"].credit_code,
            "name": "矩阵测试企业（改名）有限公司",
            "industry_code": "1391",
            "street": w.street.pk,
            "status": "operating",
        },
    ),
    Row("enterprises:figures", lambda w, o: f"/enterprises/{_e(o)}/figures/", WRITERS, NOT_VIEWERS),
    Row(
        "enterprises:figures",
        lambda w, o: f"/enterprises/{_e(o)}/figures/",
        WRITERS,
        NOT_VIEWERS,
        method="post",
        data=lambda w, o: {"year": 2026, "month": 3, "main_revenue": "150.5"},
    ),
    Row("enterprises:pool_add", lambda w, o: f"/enterprises/{o['enterprise2'].pk}/pool/add/", WRITERS, NOT_VIEWERS),
    Row("enterprises:pool", lambda w, o: "/enterprises/pool/", VIEWERS),
    Row(
        "enterprises:pool_edit",
        lambda w, o: f"/enterprises/pool/{o['cultivation'].pk}/edit/",
        WRITERS | {"cadre"},
        NOT_VIEWERS,
    ),
    Row("enterprises:tiers", lambda w, o: "/enterprises/tiers/", VIEWERS),
    Row("enterprises:categories", lambda w, o: "/enterprises/categories/", VIEWERS),
    Row(
        "enterprises:categories",
        lambda w, o: "/enterprises/categories/",
        WRITERS,
        method="post",
        data=lambda w, o: {"year": 2026},
    ),
    Row(
        "enterprises:category_edit",
        lambda w, o: f"/enterprises/categories/{o['category'].pk}/edit/",
        WRITERS,
        NOT_VIEWERS,
    ),
    Row("enterprises:band_edit", lambda w, o: f"/enterprises/bands/{o['band'].pk}/edit/", WRITERS, NOT_VIEWERS),
    Row("enterprises:tier_settings", lambda w, o: "/enterprises/tier-settings/", WRITERS),
    Row("enterprises:import", lambda w, o: "/enterprises/import/", IMPORTERS),
    Row("enterprises:figures_import", lambda w, o: "/enterprises/import/figures/", IMPORTERS),
    Row("enterprises:import_template", lambda w, o: "/enterprises/import/template/enterprises/", IMPORTERS),
    Row("enterprises:import_template", lambda w, o: "/enterprises/import/template/stats/", IMPORTERS),
    Row("enterprises:import_errors", lambda w, o: "/enterprises/import/errors/" + "0" * 32 + "/", set(), IMPORTERS),
]

API_MATRIX: list[Row] = [
    # POST without a file: whoever may import is told what is missing (400); nobody else learns more (403).
    Row(
        "api:import-enterprises-list",
        lambda w, o: "/api/imports/enterprises/",
        set(),
        method="post",
        data=lambda w, o: {},
        special={r: "invalid" for r in IMPORTERS},
    ),
    Row(
        "api:import-enterprise-figures-list",
        lambda w, o: "/api/imports/enterprise-figures/",
        set(),
        method="post",
        data=lambda w, o: {},
        special={r: "invalid" for r in IMPORTERS & FIGURES},
    ),
    Row("api:enterprise-list", lambda w, o: "/api/enterprises/", VIEWERS, NOT_VIEWERS),
    Row(
        "api:enterprise-list",
        lambda w, o: "/api/enterprises/",
        WRITERS,
        method="post",
        data=lambda w, o: {
            "credit_code": make_code("api-new"),
            "name": "接口新建企业有限公司",
            "industry_code": "1391",
            "street": w.street.pk,
        },
    ),
    Row("api:enterprise-detail", lambda w, o: f"/api/enterprises/{_e(o)}/", VIEWERS, NOT_VIEWERS),
    Row(
        "api:enterprise-detail",
        lambda w, o: f"/api/enterprises/{_e(o)}/",
        WRITERS,
        NOT_VIEWERS,
        method="patch",
        data=lambda w, o: {"park": "天衢工业园"},
    ),
    Row("api:enterprisefigure-list", lambda w, o: "/api/enterprise-figures/", FIGURES, VIEWERS - FIGURES | NOT_VIEWERS),
    Row(
        "api:enterprisefigure-detail",
        lambda w, o: f"/api/enterprise-figures/{o['figure'].pk}/",
        FIGURES,
        VIEWERS - FIGURES | NOT_VIEWERS,
    ),
    Row("api:scalecategory-list", lambda w, o: "/api/scale-categories/", VIEWERS, NOT_VIEWERS),
    Row("api:scalecategory-detail", lambda w, o: f"/api/scale-categories/{o['category'].pk}/", VIEWERS, NOT_VIEWERS),
]
