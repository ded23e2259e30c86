"""The evaluation workflow through the services: states, audit, appeals, publication lock, versions, imports."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.enterprises.testing import make_enterprise
from gongjian.landuse import services
from gongjian.landuse.models import EnterpriseInput, EvaluationResult

from . import factories


@pytest.fixture
def sup(world):
    return Actor.system(world.user("supervisor"))


def test_full_workflow_with_appeal_recalculation_and_new_version(world, sup):
    ev = factories.evaluation(world, state="confirming", n=10)
    assert ev.status == "confirming"
    assert set(ev.inputs.values_list("status", flat=True)) == {"reviewed"}
    run1 = services.calculate(sup, ev)
    ev.refresh_from_db()
    assert ev.status == "calculated" and run1.number == 1 and run1.results.count() == 10
    assert run1.rules["classes"]["labels"]["A"] == "优先发展类"  # rules stored with the run
    services.start_publicity(sup, ev, dt.date(2026, 7, 3))  # a Friday
    ev.refresh_from_db()
    assert (ev.publicity_start, ev.publicity_end) == (dt.date(2026, 7, 3), dt.date(2026, 7, 9))
    victim = run1.results.filter(status="rated").order_by("-rank").first()
    with pytest.raises(ValidationError):
        services.publish(sup, ev, today=dt.date(2026, 7, 9))  # still in the window
    evidence = SimpleUploadedFile("证明.pdf", b"%PDF-1.4")
    appeal = services.file_appeal(sup, ev, victim.enterprise, "漏报税款", evidence, today=dt.date(2026, 7, 6))
    with pytest.raises(ValidationError):
        services.file_appeal(sup, ev, victim.enterprise, "晚了", today=dt.date(2026, 7, 10))
    with pytest.raises(ValidationError):
        services.publish(sup, ev, today=dt.date(2026, 7, 10))  # an open appeal
    services.decide_appeal(sup, appeal, upheld=True, decision="补录税款后重新测算")
    services.set_input(sup, ev, victim.enterprise, tax=Decimal("99999"))
    run2 = services.calculate(sup, ev)
    assert run2.number == 2 and not type(run1).objects.get(pk=run1.pk).is_current
    assert EvaluationResult.objects.get(run=run2, enterprise=victim.enterprise).rank == 1
    services.publish(sup, ev, today=dt.date(2026, 7, 10))
    ev.refresh_from_db()
    assert ev.status == "published" and run2.__class__.objects.get(pk=run2.pk).published
    # locked: no figures, no calculation, no rules change after publication
    with pytest.raises(ValidationError):
        services.set_input(sup, ev, victim.enterprise, tax=1)
    with pytest.raises(ValidationError):
        services.calculate(sup, ev)
    with pytest.raises(ValidationError):
        services.update_evaluation(sup, ev, rules={"cap": 3})
    services.new_version(sup, ev, "统计数据更正")
    ev.refresh_from_db()
    assert (ev.version, ev.status) == (2, "confirming")
    run3 = services.calculate(sup, ev)
    assert run3.version == 2 and type(run2).objects.get(pk=run2.pk).published  # the published run is kept
    actions = set(AuditLog.objects.filter(object_id=str(ev.pk)).values_list("action", flat=True))
    assert {"landuse_evaluation.calculate", "landuse_evaluation.publish", "landuse_evaluation.new_version"} <= actions


def test_state_machine_refuses_steps_out_of_order(world, sup):
    ev = factories.evaluation(world, state="collecting", n=3)
    with pytest.raises(ValidationError):
        services.calculate(sup, ev)
    with pytest.raises(ValidationError):
        services.start_publicity(sup, ev)
    with pytest.raises(ValidationError):
        services.publish(sup, ev)
    inp = ev.inputs.first()
    with pytest.raises(ValidationError):
        services.confirm_input(sup, inp)  # not reviewed yet


def test_permissions_are_checked(world):
    ev = factories.evaluation(world, state="confirming", n=3)
    clerk = Actor.system(world.user("clerk"))
    unit_admin = Actor.system(world.user("unit_admin"))
    with pytest.raises(PermissionDenied):
        services.calculate(clerk, ev)
    with pytest.raises(PermissionDenied):
        services.calculate(unit_admin, ev)
    with pytest.raises(PermissionDenied):
        services.create_evaluation(unit_admin, year=2031)
    before = AuditLog.objects.count()
    with pytest.raises(PermissionDenied):
        services.set_input(clerk, ev, ev.inputs.first().enterprise, tax=1)
    assert AuditLog.objects.count() == before


def test_rules_are_validated_naming_the_field(world, sup):
    with pytest.raises(ValidationError) as exc:
        services.create_evaluation(sup, year=2027, rules={"groups": {"above": {"weights": {"tax_per_mu": -1}}}})
    assert "groups.above.weights.tax_per_mu" in str(exc.value)
    ev = services.create_evaluation(sup, year=2027, rules={"classes": {"shares": {"A": 25}}})
    assert ev.rules_object().share_a == 2500
    with pytest.raises(ValidationError):
        services.create_evaluation(sup, year=2027)


def test_negative_figures_refused_but_negative_tax_allowed(world, sup):
    ev = factories.evaluation(world, state="collecting", n=1)
    e = make_enterprise(world)
    with pytest.raises(ValidationError) as exc:
        services.set_input(sup, ev, e, land_mu=-1)
    assert "land_mu" in exc.value.message_dict
    assert services.set_input(sup, ev, e, tax=-5).tax == Decimal("-5")


def test_working_days_window():
    assert services.add_working_days(dt.date(2026, 7, 6), 5) == dt.date(2026, 7, 10)  # Mon → Fri
    assert services.add_working_days(dt.date(2026, 7, 4), 5) == dt.date(2026, 7, 10)  # Saturday start
    assert services.add_working_days(dt.date(2026, 7, 9), 3) == dt.date(2026, 7, 13)


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("tax.xlsx", buf.getvalue())


def test_department_import_is_all_or_nothing_with_row_errors(world, sup):
    ev = factories.evaluation(world, state="collecting", n=2)
    a, b = (i.enterprise for i in ev.inputs.order_by("pk"))
    head = [str(services.department_spec("tax").header(k)) for k in ("credit_code", "name", "tax")]
    bad = _xlsx(
        [head, [a.credit_code, a.name, 12.5], ["91370000MA0000000X", "无名", 3], [b.credit_code, b.name, "abc"]]
    )
    result = services.import_department(sup, ev, "tax", bad)
    assert not result.ok
    assert {e.row for e in result.errors} == {3, 4}
    assert EnterpriseInput.objects.get(evaluation=ev, enterprise=a).tax == Decimal(10)  # unchanged
    good = _xlsx([head, [a.credit_code, a.name, 12.5], [b.credit_code, b.name, -3]])
    result = services.import_department(sup, ev, "tax", good)
    assert result.ok, result.errors
    assert EnterpriseInput.objects.get(evaluation=ev, enterprise=a).tax == Decimal("12.5")
    assert EnterpriseInput.objects.get(evaluation=ev, enterprise=b).tax == Decimal(-3)
    assert AuditLog.objects.filter(action="landuse_input.import").count() == 1


def test_units_are_district_or_park(world, sup):
    ev = factories.evaluation(world, state="calculated", n=8, park="经开区")
    units = set(ev.current_run().results.values_list("unit_name", flat=True))
    assert units == {"全区", "经开区"}


def test_policies_plots_and_disposals(world, sup):
    p = services.save_policy(
        sup, year=2025, klass="D", policy_type="electricity", value="差别化电价", legal_basis="办法"
    )
    assert str(p).startswith("2025 D")
    plot = factories.plot(world, agreed_start_on=dt.date(2020, 1, 1))
    assert plot.idle_reason(dt.date(2026, 1, 1)) == "not_started"
    with pytest.raises(ValidationError):
        services.save_disposal(sup, plot=plot, method="recover", disposed_area_mu=Decimal(50))
    d = services.save_disposal(sup, plot=plot, method="attract", disposed_area_mu=Decimal(20), tax_per_mu_after=8)
    assert d.plot == plot and AuditLog.objects.filter(action="landuse_disposal.save").exists()


def test_registry_status_decides_above_scale(world, sup):
    from gongjian.enterprises.models import EnterpriseYearStatus

    ev = factories.evaluation(world, state="confirming", n=4)
    inp = ev.inputs.filter(above_scale=True).first()
    EnterpriseYearStatus.objects.create(enterprise=inp.enterprise, year=ev.year, is_above_scale=False)
    run = services.calculate(sup, ev)
    result = run.results.get(enterprise=inp.enterprise)
    assert result.group == "below"  # 规下 with land >= 3 亩
