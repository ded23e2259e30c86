"""Services: validation, the accept/return workflow, corrections with history, benchmarks, computed refresh."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gongjian.core.models import AuditLog
from gongjian.core.registry import DataSource, data_sources
from gongjian.indicators import services
from gongjian.indicators.choices import ActualStatus
from gongjian.indicators.models import Actual, ActualRevision, Benchmark, Indicator, PlannedValue
from gongjian.indicators.queries import evaluate

from .support import TODAY, actor, make_indicator, month

pytestmark = pytest.mark.django_db


def _errors(exc: ValidationError) -> dict:
    return exc.value.message_dict


# --- indicators -----------------------------------------------------------------------------------------------


def test_create_indicator_writes_audit_and_takes_the_campaigns_year(world):
    ind = services.create_indicator(
        actor(world, "supervisor"),
        campaign=world.campaign,
        name="楼宇经济贡献税收",
        unit="亿元",
        kind="cumulative",
        comparator=">",
        target=Decimal(6),
        lead_unit=world.bureau,
        source_unit=world.street,
    )
    assert ind.year == world.campaign.year
    assert AuditLog.objects.filter(action="indicator.create", object_id=str(ind.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"unit": "斤"}, "unit"),
        ({"comparator": "<="}, "comparator"),  # contradicts "higher is better"
        ({"kind": "level", "comparator": "range", "target_high": None}, "target_high"),
        ({"kind": "level"}, "baseline"),  # a level's linear plan needs last year's value
        ({"year": 2025}, "year"),
        ({"leader_role": "clerk"}, "leader"),
    ],
)
def test_create_indicator_refuses_inconsistent_definitions(world, changes, field):
    data = {
        "campaign": world.campaign,
        "name": "指标",
        "unit": "家",
        "kind": "cumulative",
        "comparator": ">=",
        "target": Decimal(9),
        "lead_unit": world.bureau,
        "source_unit": world.bureau,
    }
    role = changes.pop("leader_role", None)
    if role:
        data["leader"] = world.user(role)
    data.update(changes)
    with pytest.raises(ValidationError) as exc:
        services.create_indicator(actor(world, "supervisor"), **data)
    assert field in _errors(exc)
    assert not Indicator.objects.exists()


def test_only_the_supervision_office_manages_indicators(world):
    for role in ("clerk", "unit_admin", "leader", "viewer"):
        with pytest.raises(PermissionDenied):
            services.create_indicator(actor(world, role), campaign=world.campaign, name="x", unit="家", target=1)


# --- actuals: validation --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["NaN", "inf", "-Infinity", "abc", "", None, True])
def test_actual_must_be_a_finite_number(world, value):
    ind = make_indicator(world)
    with pytest.raises(ValidationError) as exc:
        services.submit_actual(actor(world, "clerk"), ind, period_start=month(6), value=value, today=TODAY)
    assert "value" in _errors(exc)
    assert not Actual.objects.exists()


def test_actual_range_checks(world):
    ind = make_indicator(world)
    with pytest.raises(ValidationError) as exc:
        services.submit_actual(actor(world, "clerk"), ind, period_start=month(6), value="-1", today=TODAY)
    assert "value" in _errors(exc)
    rate = make_indicator(world, name="入驻率", code="Z2", unit="%", kind="rate", baseline=Decimal(70), target=90)
    with pytest.raises(ValidationError):
        services.submit_actual(actor(world, "clerk"), rate, period_start=month(6), value="101", today=TODAY)
    growth = make_indicator(world, name="增速", code="Z3", unit="%", kind="growth", baseline=Decimal(2), target=8)
    actual = services.submit_actual(actor(world, "clerk"), growth, period_start=month(6), value="-3.5", today=TODAY)
    assert actual.value == Decimal("-3.5")
    with pytest.raises(ValidationError):
        services.submit_actual(actor(world, "clerk"), ind, period_start=month(5), value="1.00001", today=TODAY)


def test_an_actual_for_a_period_not_over_is_refused_in_chinese_naming_the_field(world):
    ind = make_indicator(world)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.submit_actual(actor(world, "clerk"), ind, period_start=month(7), value=1, today=TODAY)
    message = _errors(exc)["period_start"][0]
    assert "2026年7月" in message and "尚未结束" in message
    with pytest.raises(ValidationError) as exc:
        services.submit_actual(actor(world, "clerk"), ind, period_start=dt.date(2025, 12, 1), value=1, today=TODAY)
    assert "period_start" in _errors(exc)


def test_money_converts_between_units_and_other_units_are_refused(world):
    ind = make_indicator(world, name="税收", unit="亿元", target=Decimal(6))
    a = services.submit_actual(
        actor(world, "clerk"), ind, period_start=month(1), value="3200", unit="万元", today=TODAY
    )
    assert a.value == Decimal("0.32")
    with pytest.raises(ValidationError) as exc:
        services.submit_actual(actor(world, "clerk"), ind, period_start=month(2), value="3", unit="家", today=TODAY)
    assert "unit" in _errors(exc)


def test_year_to_date_figures_are_stored_as_the_periods_own_amount(world):
    ind = make_indicator(world)
    clerk = actor(world, "clerk")
    with pytest.raises(ValidationError) as exc:  # February's total needs January first
        services.submit_actual(clerk, ind, period_start=month(2), value=3, year_to_date=True, today=TODAY)
    assert "value" in _errors(exc)
    services.submit_actual(clerk, ind, period_start=month(1), value=2, today=TODAY)
    feb = services.submit_actual(clerk, ind, period_start=month(2), value=5, year_to_date=True, today=TODAY)
    assert feb.value == 3
    with pytest.raises(ValidationError):
        services.submit_actual(clerk, ind, period_start=month(3), value=4, year_to_date=True, today=TODAY)


def test_only_the_data_source_unit_enters_actuals(world):
    ind = make_indicator(world)
    for role in ("street_clerk", "supervisor", "leader", "viewer", "cadre"):
        with pytest.raises(PermissionDenied):
            services.submit_actual(actor(world, role), ind, period_start=month(6), value=1, today=TODAY)
    street = make_indicator(world, code="Z9", name="街道楼宇", source_unit=world.street, lead_unit=world.street)
    services.submit_actual(actor(world, "street_clerk"), street, period_start=month(6), value=1, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.submit_actual(actor(world, "clerk"), street, period_start=month(5), value=1, today=TODAY)


# --- actuals: workflow and history ----------------------------------------------------------------------------


def test_submit_return_resubmit_accept(world):
    ind = make_indicator(world)
    clerk, sup = actor(world, "clerk"), actor(world, "supervisor")
    a = services.submit_actual(clerk, ind, period_start=month(6), value=2, today=TODAY)
    assert (a.status, a.revision, a.accepted_value) == (ActualStatus.SUBMITTED, 1, None)
    with pytest.raises(ValidationError):
        services.return_actual(sup, a, reason="  ")
    a = services.return_actual(sup, a, reason="与统计月报不一致")
    assert a.status == ActualStatus.RETURNED and a.return_reason == "与统计月报不一致"
    with pytest.raises(ValidationError):
        services.accept_actual(sup, a)
    a = services.submit_actual(clerk, ind, period_start=month(6), value=3, today=TODAY)
    assert (a.status, a.revision, a.return_reason) == (ActualStatus.SUBMITTED, 2, "")
    a = services.accept_actual(sup, a)
    assert (a.status, a.accepted_value, a.reviewed_by) == (ActualStatus.ACCEPTED, 3, world.user("supervisor"))
    earlier = list(ActualRevision.objects.filter(actual=a).values_list("revision", "value", "status", "return_reason"))
    assert earlier == [(1, Decimal(2), ActualStatus.RETURNED, "与统计月报不一致")]
    actions = list(AuditLog.objects.filter(object_id=str(a.pk)).order_by("pk").values_list("action", flat=True))
    assert actions == ["actual.submit", "actual.return", "actual.resubmit", "actual.accept"]


def test_a_correction_keeps_the_earlier_value_and_it_counts_until_accepted(world):
    ind = make_indicator(world)
    clerk, sup = actor(world, "clerk"), actor(world, "supervisor")
    for m in range(1, 7):
        services.accept_actual(sup, services.submit_actual(clerk, ind, period_start=month(m), value=1, today=TODAY))
    corrected = services.submit_actual(clerk, ind, period_start=month(6), value=0, note="口径调整", today=TODAY)
    assert corrected.status == ActualStatus.SUBMITTED and corrected.accepted_value == 1 and corrected.value == 0
    assert AuditLog.objects.filter(action="actual.correct", object_id=str(corrected.pk)).exists()
    history = ActualRevision.objects.get(actual=corrected)
    assert (history.value, history.status, history.revision) == (1, ActualStatus.ACCEPTED, 1)
    status = evaluate(Indicator.objects.filter(pk=ind.pk), TODAY)[ind.pk]
    assert status.verdict.numbers["actual"] == 6  # the accepted value still counts
    services.accept_actual(sup, corrected)
    status = evaluate(Indicator.objects.filter(pk=ind.pk), TODAY)[ind.pk]
    assert status.verdict.numbers["actual"] == 5


def test_the_same_figure_twice_changes_nothing(world):
    ind = make_indicator(world)
    clerk = actor(world, "clerk")
    a = services.submit_actual(clerk, ind, period_start=month(6), value=2, today=TODAY)
    b = services.submit_actual(clerk, ind, period_start=month(6), value="2", today=TODAY)
    assert a.pk == b.pk and b.revision == 1 and not ActualRevision.objects.exists()


def test_an_author_cannot_review_their_own_actual(world):
    ind = make_indicator(world)
    a = services.submit_actual(actor(world, "clerk"), ind, period_start=month(6), value=2, today=TODAY)
    Actual.objects.filter(pk=a.pk).update(submitted_by=world.user("supervisor"))
    with pytest.raises(PermissionDenied):
        services.accept_actual(actor(world, "supervisor"), a)
    with pytest.raises(PermissionDenied):
        services.accept_actual(actor(world, "clerk"), a)


def test_a_returned_actual_never_accepted_leaves_the_period_unreported(world):
    ind = make_indicator(world, target=Decimal(6))
    clerk, sup = actor(world, "clerk"), actor(world, "supervisor")
    for m in range(1, 6):
        services.accept_actual(sup, services.submit_actual(clerk, ind, period_start=month(m), value=1, today=TODAY))
    june = services.submit_actual(clerk, ind, period_start=month(6), value=1, today=TODAY)
    status = evaluate(Indicator.objects.filter(pk=ind.pk), TODAY)[ind.pk]
    assert status.colour == "green"  # a submitted value counts provisionally
    services.return_actual(sup, june, reason="请核实")
    status = evaluate(Indicator.objects.filter(pk=ind.pk), TODAY)[ind.pk]
    assert (status.colour, status.verdict.reason) == ("red", "unreported")


# --- planned values -------------------------------------------------------------------------------------------


def test_planned_trajectory_needs_every_period_and_drives_the_colour(world):
    ind = make_indicator(world, target=Decimal(12))
    sup = actor(world, "supervisor")
    with pytest.raises(ValidationError) as exc:
        services.set_planned_values(sup, ind, {month(1): 1})
    assert "values" in _errors(exc)
    back_loaded = {month(m): (0 if m <= 6 else 2) for m in range(1, 13)}
    services.set_planned_values(sup, ind, back_loaded)
    assert PlannedValue.objects.filter(indicator=ind).count() == 12
    services.submit_actual(actor(world, "clerk"), ind, period_start=month(6), value=0, today=TODAY)
    for m in range(1, 6):
        services.submit_actual(actor(world, "clerk"), ind, period_start=month(m), value=0, today=TODAY)
    status = evaluate(Indicator.objects.filter(pk=ind.pk), TODAY)[ind.pk]
    assert (status.colour, status.verdict.reason) == ("green", "zero_denominator")
    services.set_planned_values(sup, ind, {})  # back to the linear plan: 6 planned by June, 0 done
    status = evaluate(Indicator.objects.filter(pk=ind.pk), TODAY)[ind.pk]
    assert status.colour == "red"
    assert AuditLog.objects.filter(action="indicator.plan").count() == 2
    with pytest.raises(PermissionDenied):
        services.set_planned_values(actor(world, "clerk"), ind, {})


# --- benchmarks -----------------------------------------------------------------------------------------------


def test_benchmarks_are_recorded_and_corrected_per_region(world):
    ind = make_indicator(world)
    sup = actor(world, "supervisor")
    services.set_benchmark(sup, ind, period_start=month(6), region="陵城区", value="8")
    bm = services.set_benchmark(sup, ind, period_start=dt.date(2026, 6, 15), region=" 陵城区 ", value="9")
    assert Benchmark.objects.count() == 1 and bm.value == 9 and bm.period_start == month(6)
    with pytest.raises(ValidationError) as exc:
        services.set_benchmark(sup, ind, period_start=month(6), region="", value="1")
    assert "region" in _errors(exc)
    with pytest.raises(PermissionDenied):
        services.set_benchmark(actor(world, "clerk"), ind, period_start=month(6), region="齐河县", value="1")
    services.delete_benchmark(sup, bm)
    assert not Benchmark.objects.exists()


# --- computed indicators --------------------------------------------------------------------------------------


@pytest.fixture
def source():
    calls = []

    def compute(year, as_of):
        calls.append(as_of)
        return {1: 1, 2: 1, 3: 3, 4: 4, 5: 4, 6: 6}.get(as_of.month)  # new enterprises to date

    src = DataSource("test.new_above_scale", "新增规上企业", "家", compute, "cumulative")
    data_sources[src.key] = src
    yield calls
    data_sources.pop(src.key, None)


def test_refresh_computed_writes_accepted_computed_actuals_idempotently(world, source):
    ind = make_indicator(world, source_key="test.new_above_scale")
    missing = make_indicator(world, code="Z2", name="未接入", source_key="enterprises.not_yet_registered")
    summary = services.refresh_computed(None, TODAY)
    assert summary.written == 6 and summary.unavailable == [missing]
    rows = list(ind.actuals.order_by("period_start").values_list("value", "accepted_value", "status", "is_computed"))
    assert [r[0] for r in rows] == [1, 0, 2, 1, 0, 2]
    assert all(r[1] == r[0] and r[2] == ActualStatus.ACCEPTED and r[3] for r in rows)
    audit = AuditLog.objects.filter(action="actual.compute")
    assert audit.count() == 6 and set(audit.values_list("actor_name", flat=True)) == {"system"}
    again = services.refresh_computed(None, TODAY)
    assert (again.written, again.unchanged) == (0, 6)
    assert AuditLog.objects.filter(action="actual.compute").count() == 6
    assert not ActualRevision.objects.exists()


def test_a_computed_indicator_refuses_manual_actuals_but_an_unregistered_key_takes_them(world, source):
    ind = make_indicator(world, source_key="test.new_above_scale")
    with pytest.raises(ValidationError):
        services.submit_actual(actor(world, "clerk"), ind, period_start=month(6), value=1, today=TODAY)
    manual = make_indicator(world, code="Z2", name="未接入", source_key="enterprises.not_yet_registered")
    services.submit_actual(actor(world, "clerk"), manual, period_start=month(6), value=1, today=TODAY)


def test_a_source_revision_keeps_the_earlier_value(world, source):
    ind = make_indicator(world, source_key="test.new_above_scale")
    services.refresh_computed(None, TODAY)
    data_sources["test.new_above_scale"] = DataSource(
        "test.new_above_scale", "x", "家", lambda y, d: {6: 7}.get(d.month, {1: 1, 2: 1, 3: 3, 4: 4, 5: 4}.get(d.month))
    )
    summary = services.refresh_computed(None, TODAY)
    assert summary.written == 1
    june = ind.actuals.get(period_start=month(6))
    assert june.value == 3 and june.revision == 2
    assert ActualRevision.objects.get(actual=june).value == 2


def test_a_failing_source_does_not_stop_the_others(world, source):
    def boom(year, as_of):
        raise RuntimeError("database away")

    data_sources["test.broken"] = DataSource("test.broken", "x", "家", boom)
    try:
        broken = make_indicator(world, code="Z2", name="坏的", source_key="test.broken")
        make_indicator(world, source_key="test.new_above_scale")
        summary = services.refresh_computed(None, TODAY)
        assert summary.written == 6 and [i for i, _ in summary.failed] == [broken]
    finally:
        data_sources.pop("test.broken")


def test_refresh_command_reports_unavailable_sources(world, source, capsys):
    from django.core.management import call_command

    make_indicator(world, source_key="enterprises.not_yet_registered")
    call_command("indicators", "refresh", "--date", TODAY.isoformat())
    out = capsys.readouterr().out
    assert "enterprises.not_yet_registered" in out
