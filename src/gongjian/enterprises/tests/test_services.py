"""Registry services: validation with reasons, scope, permissions and the audit record."""

import datetime as dt
import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gongjian.core.models import AuditLog
from gongjian.enterprises import services
from gongjian.enterprises.confidential import can_see_figures, can_see_personal, mask_name, mask_phone
from gongjian.enterprises.models import Enterprise, EnterpriseFigure, Industry
from gongjian.enterprises.testing import make_enterprise
from gongjian.enterprises.uscc import make_code
from gongjian.org.choices import RoleChoices as R


def test_industries_ship_sections_and_divisions(db):
    assert Industry.objects.filter(level="section").count() == 20
    assert Industry.objects.filter(level="division").count() == 97
    assert Industry.objects.get(code="13").parent.code == "C"


def test_create_enterprise_records_audit(world, actor_of):
    e = services.create_enterprise(
        actor_of(R.SUPERVISOR),
        credit_code=make_code("a").lower(),
        name="德城纺织有限公司",
        industry_code="1713",
        street=world.street,
    )
    assert e.credit_code == make_code("a")
    assert e.industry.code == "17" and e.industry_code == "1713" and e.is_industrial
    log = AuditLog.objects.get(action="enterprise.create")
    assert log.object_id == str(e.pk) and log.after["name"] == "德城纺织有限公司"


def test_bad_code_is_refused_with_reason(world, actor_of):
    code = make_code("b")
    bad = code[:17] + ("0" if code[17] != "0" else "1")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.create_enterprise(actor_of(R.SUPERVISOR), credit_code=bad, name="某公司")
    assert "credit_code" in exc.value.message_dict
    assert f"校验码（第18位）为{bad[17]}，但按前17位计算应为{code[17]}" in exc.value.message_dict["credit_code"][0]
    assert not Enterprise.objects.exists()


def test_unknown_industry_code_refused(world, actor_of):
    with pytest.raises(ValidationError) as exc:
        services.create_enterprise(actor_of(R.SUPERVISOR), credit_code=make_code("c"), name="x", industry_code="99")
    assert "industry_code" in exc.value.message_dict


def test_unit_admin_writes_only_in_own_streets(world, actor_of):
    # The world's unit administrator sits in the bureau, which has no street below it.
    with pytest.raises(PermissionDenied):
        services.create_enterprise(actor_of(R.UNIT_ADMIN), credit_code=make_code("d"), name="x", street=world.street)
    e = make_enterprise(world)
    with pytest.raises(PermissionDenied):
        services.update_enterprise(actor_of(R.UNIT_ADMIN), e, name="y")
    with pytest.raises(PermissionDenied):
        services.create_enterprise(actor_of(R.CLERK), credit_code=make_code("d"), name="x", street=world.street)


def test_set_figures_upserts_and_audits(world, actor_of):
    e = make_enterprise(world)
    actor = actor_of(R.SUPERVISOR)
    f = services.set_figures(actor, e, 2026, 3, main_revenue="123.45", employees=30)
    f2 = services.set_figures(actor, e, 2026, 3, main_revenue=200)
    assert f2.pk == f.pk
    f2.refresh_from_db()
    assert f2.main_revenue == decimal.Decimal("200") and f2.employees == 30
    services.set_figures(actor, e, 2026, None, main_revenue=1000)
    assert EnterpriseFigure.objects.filter(enterprise=e).count() == 2
    logs = AuditLog.objects.filter(action="enterprise_figure.set").order_by("id")
    assert logs.count() == 3
    assert logs[1].before["main_revenue"] == "123.4500" and logs[1].after["main_revenue"] == "200.0000"


@pytest.mark.parametrize(
    ("figures", "field"),
    [({"main_revenue": -1}, "main_revenue"), ({"tax_total": "abc"}, "tax_total"), ({"employees": "2.5"}, "employees")],
)
def test_bad_figures_refused(world, actor_of, figures, field):
    e = make_enterprise(world)
    with pytest.raises(ValidationError) as exc:
        services.set_figures(actor_of(R.SUPERVISOR), e, 2026, 1, **figures)
    assert field in exc.value.message_dict
    assert not EnterpriseFigure.objects.exists()


def test_negative_profit_allowed(world, actor_of):
    e = make_enterprise(world)
    f = services.set_figures(actor_of(R.SUPERVISOR), e, 2026, None, profit="-12.5")
    assert f.profit == decimal.Decimal("-12.5")


def test_figures_need_the_confidential_permission(world, actor_of):
    e = make_enterprise(world)
    for role in (R.CLERK, R.CADRE, R.VIEWER, "street_clerk"):
        with pytest.raises(PermissionDenied):
            services.set_figures(actor_of(role), e, 2026, 1, main_revenue=1)
    assert not EnterpriseFigure.objects.exists()


def test_who_sees_figures_and_personal_data(world):
    figures = {role for role, user in world.users.items() if can_see_figures(user)}
    assert figures == {R.LEADER, R.SUPERVISOR, R.SYSADMIN, R.UNIT_ADMIN}
    personal = {role for role, user in world.users.items() if can_see_personal(user)}
    assert personal == {R.LEADER, R.SUPERVISOR, R.SYSADMIN, R.UNIT_ADMIN, R.CADRE}


def test_every_role_sees_the_registry(world):
    make_enterprise(world)
    for role, user in world.users.items():
        expected = 0 if role in ("nobody", "secadmin", "auditadmin") else 1  # no business data for these two
        assert Enterprise.objects.restrict(user, "view").count() == expected, role


def test_masks():
    assert mask_name("张三丰") == "张**"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""


def test_a_scale_enterprise_cannot_enter_the_pool(world, actor_of):
    from gongjian.enterprises.models import CultivationRecord, EnterpriseYearStatus

    e = make_enterprise(world)
    EnterpriseYearStatus.objects.create(enterprise=e, year=2026, is_above_scale=True)
    with pytest.raises(ValidationError):
        services.add_to_pool(actor_of(R.SUPERVISOR), e, progress="x")
    assert not CultivationRecord.objects.exists()
    other = make_enterprise(world)
    services.add_to_pool(actor_of(R.SUPERVISOR), other, progress="x")
    with pytest.raises(ValidationError):
        services.add_to_pool(actor_of(R.SUPERVISOR), other, progress="y")


def test_refresh_command(world):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from gongjian.enterprises.models import EnterpriseYearStatus

    e = make_enterprise(world)
    EnterpriseFigure.objects.create(enterprise=e, year=2025, month=None, main_revenue=2100)
    out = StringIO()
    call_command("refresh_scale_status", "--year", "2025", "--as", "supervisor", stdout=out)
    assert "1 entered" in out.getvalue()
    assert EnterpriseYearStatus.objects.get(enterprise=e, year=2025).is_above_scale
    assert AuditLog.objects.filter(action="enterprise_status.refresh", actor_name="supervisor").exists()
    with pytest.raises(CommandError):
        call_command("refresh_scale_status", "--year", "2025", "--as", "clerk")
    with pytest.raises(CommandError):
        call_command("refresh_scale_status", "--as", "nosuchuser")


def test_status_during_the_year_keeps_last_years_and_admits_on_rolling_revenue(world, actor_of):
    from gongjian.enterprises.models import EnterpriseYearStatus

    stays, enters, stays_out = (make_enterprise(world) for _ in range(3))
    EnterpriseYearStatus.objects.create(enterprise=stays, year=2025, is_above_scale=True)
    for m in range(1, 13):
        EnterpriseFigure.objects.create(enterprise=enters, year=2025, month=m, main_revenue=150)  # 1800
        EnterpriseFigure.objects.create(enterprise=stays_out, year=2025, month=m, main_revenue=150)
    EnterpriseFigure.objects.create(enterprise=enters, year=2026, month=1, main_revenue=400)  # 1650 + 400 = 2050
    EnterpriseFigure.objects.create(enterprise=stays_out, year=2026, month=1, main_revenue=200)  # 1850
    EnterpriseFigure.objects.create(enterprise=stays, year=2026, month=1, main_revenue=1)
    summary = services.refresh_year_statuses(actor_of(R.SUPERVISOR), 2026, as_of=dt.date(2026, 2, 15))
    got = dict(EnterpriseYearStatus.objects.filter(year=2026).values_list("enterprise_id", "is_above_scale"))
    assert got == {stays.pk: True, enters.pk: True, stays_out.pk: False}
    assert summary["entered"] == 1  # the other one stays from 2025
    assert EnterpriseYearStatus.objects.get(enterprise=enters, year=2026).entered_on == dt.date(2026, 2, 15)
    assert EnterpriseYearStatus.objects.get(enterprise=stays, year=2026).entered_on == dt.date(2026, 1, 1)
