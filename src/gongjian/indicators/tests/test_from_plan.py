"""Targets kept in a plan-from-text draft become indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongjian.indicators import from_plan
from gongjian.indicators.models import Indicator
from gongjian.plantext.models import PlanDraft
from gongjian.testing import PASSWORD

pytestmark = pytest.mark.django_db


def make_draft(world, user=None) -> PlanDraft:
    targets = [
        {"indicator": "新增规上企业", "comparator": ">=", "value": 9, "value_text": "9", "unit": "家"},
        {"indicator": "楼宇经济贡献税收", "comparator": ">", "value": 6, "value_text": "", "unit": "亿元"},
        {"indicator": "入驻率", "comparator": "range", "value": [85, 95], "value_text": "85–95", "unit": "%"},
    ]
    return PlanDraft.objects.create(
        created_by=user or world.user("supervisor"),
        document_date=dt.date(2026, 3, 20),
        original="x",
        normalised="x",
        created_objects={"campaign": world.campaign.pk, "areas": [world.area.pk], "items": [], "targets": targets},
    )


def test_proposals_read_the_kept_targets(world):
    proposals = from_plan.proposals(make_draft(world), world.campaign)
    assert [(p["name"], p["comparator"], p["target"], p["target_high"], p["unit"], p["kind"]) for p in proposals] == [
        ("新增规上企业", ">=", Decimal(9), None, "家", "cumulative"),
        ("楼宇经济贡献税收", ">", Decimal(6), None, "亿元", "cumulative"),
        ("入驻率", "range", Decimal(85), Decimal(95), "%", "rate"),
    ]


def test_page_creates_the_kept_targets_all_or_nothing(world, client):
    draft = make_draft(world)
    assert client.login(username="supervisor", password=PASSWORD)
    assert client.get("/indicators/from-plan/").status_code == 200
    assert client.get(f"/indicators/from-plan/{draft.pk}/").status_code == 200
    common = {"lead_unit": world.bureau.pk, "source_unit": world.street.pk}
    rows = {
        "t0-accept": "1", "t0-name": "新增规上企业", "t0-kind": "cumulative", "t0-comparator": ">=",
        "t0-target": "9", "t0-unit": "家",
        "t2-accept": "1", "t2-name": "入驻率", "t2-kind": "rate", "t2-comparator": "range",
        "t2-target": "85", "t2-target_high": "", "t2-unit": "%",
    }  # fmt: skip
    response = client.post(f"/indicators/from-plan/{draft.pk}/", {**common, **rows})
    assert response.status_code == 400 and not Indicator.objects.exists()
    assert response.context["proposals"][2]["errors"]
    rows["t2-target_high"] = "95"
    response = client.post(f"/indicators/from-plan/{draft.pk}/", {**common, **rows})
    assert response.status_code == 302
    assert sorted(Indicator.objects.values_list("name", "source_unit")) == [
        ("入驻率", world.street.pk),
        ("新增规上企业", world.street.pk),
    ]


def test_another_users_draft_does_not_exist(world, client):
    draft = make_draft(world, user=world.user("leader"))
    assert client.login(username="supervisor", password=PASSWORD)
    assert client.get(f"/indicators/from-plan/{draft.pk}/").status_code == 404
