"""The generator: consistent data that every page serves, refusals, --append, reproducibility."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Max

from gongjian.campaigns import services as campaign_services
from gongjian.campaigns.models import Campaign, Item, Milestone, Report
from gongjian.core.models import AuditLog
from gongjian.org.choices import RoleChoices
from gongjian.org.models import Unit, User
from gongjian.synth import names
from gongjian.synth.generator import SCALES, GenerateError, generate

pytestmark = pytest.mark.django_db(transaction=False)
TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def district():
    return generate("district", seed=7, today=TODAY)


def test_district_scale_counts(district):
    scale = SCALES["district"]
    assert Unit.objects.count() == scale.units
    assert Item.objects.count() == scale.items
    assert Campaign.objects.count() == 1
    assert Milestone.objects.count() == 2 * scale.items
    # a report for most ended months of each item, none for a month that has not ended
    assert Report.objects.count() > scale.items * 6
    assert not Report.objects.filter(period_start__gte=TODAY.replace(day=1)).exists()
    assert district.counts["items"] == scale.items
    for role in (RoleChoices.LEADER, RoleChoices.SUPERVISOR, RoleChoices.CLERK, RoleChoices.UNIT_ADMIN):
        assert User.objects.filter(groups__name=role).exists(), role


def test_tree_paths_are_consistent(district):
    for unit in Unit.objects.select_related("parent"):
        expected = f"{unit.parent.path}{unit.pk}/" if unit.parent else f"/{unit.pk}/"
        assert unit.path == expected


def test_derived_item_fields_match_what_the_services_compute(district):
    """The generator writes progress, milestones met, last period and completion as _refresh would."""
    fields = ("pk", "progress", "milestones_total", "milestones_met", "last_report_period")
    before = list(Item.objects.order_by("pk").values_list(*fields))
    done_before = set(Item.objects.filter(completed_on__isnull=False).values_list("pk", flat=True))
    for item in Item.objects.all():
        campaign_services.refresh_item(item)
    after = list(Item.objects.order_by("pk").values_list(*fields))
    assert after == before
    assert set(Item.objects.filter(completed_on__isnull=False).values_list("pk", flat=True)) == done_before


def test_data_obeys_the_models_validation(district):
    for item in Item.objects.all()[:30]:
        item.full_clean()
    for report in Report.objects.all()[:60]:
        report.full_clean()
    # one report per item and period, periods on the first of the month
    assert not Report.objects.values("item", "period_start").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert all(d.day == 1 for d in Report.objects.values_list("period_start", flat=True))


def test_a_realistic_mix_of_states(district):
    items = Item.objects.all()
    assert items.filter(completed_on__isnull=False).exists()
    assert items.filter(completed_on__isnull=True, due_date__lt=TODAY).exists()  # overdue
    assert Report.objects.filter(status="submitted").exists()
    assert Report.objects.filter(status="returned").exists()
    assert Report.objects.filter(is_late=True).exists()


def test_pages_serve_the_generated_data(district, client):
    supervisor = User.objects.filter(groups__name=RoleChoices.SUPERVISOR).first()
    client.force_login(supervisor)
    campaign = Campaign.objects.get()
    item = Item.objects.first()
    for url in ("/", f"/campaigns/{campaign.pk}/", "/campaigns/items/", f"/campaigns/items/{item.pk}/", "/my-work/"):
        assert client.get(url).status_code == 200, url


def test_the_same_seed_gives_the_same_data():
    def fingerprint():
        return list(Item.objects.order_by("code").values_list("code", "title", "progress", "due_date"))

    with transaction.atomic():
        generate("district", seed=11, today=TODAY)
        first = fingerprint()
        transaction.set_rollback(True)  # back to the empty database
    assert not Item.objects.exists()
    generate("district", seed=11, today=TODAY)
    assert fingerprint() == first
    assert len(first) == SCALES["district"].items


def test_refuses_a_database_that_is_not_empty(district):
    with pytest.raises(GenerateError, match="not empty"):
        generate("district", today=TODAY)
    with pytest.raises(CommandError, match="not empty"):
        call_command("generate", "--scale", "district", "--today", "2026-11-29")


def test_append_adds_beside_existing_data(district):
    units, items = Unit.objects.count(), Item.objects.count()
    generate("district", seed=8, today=TODAY, append=True)
    assert Unit.objects.count() == 2 * units
    assert Item.objects.count() == 2 * items
    assert Campaign.objects.count() == 2
    assert Unit.objects.values("name").annotate(n=Count("id")).filter(n__gt=1).count() == 0


def test_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(GenerateError, match="production"):
        generate("district", today=TODAY)
    assert not Unit.objects.exists()


def test_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("generate", "--today", "2026-13-01")


def test_one_audit_record_with_the_counts(district):
    log = AuditLog.objects.get(action="data.generate")
    assert log.after["items"] == SCALES["district"].items
    assert log.after["seed"] == 7


def test_ids_continue_after_generation(district):
    """After bulk inserts with given ids the database hands out the next free id (sequences moved on)."""
    top = Item.objects.aggregate(m=Max("id"))["m"]
    campaign = Campaign.objects.get()
    item = Item.objects.create(
        area=campaign.areas.first(),
        code="9-9999",
        title="新增事项",
        leader=User.objects.filter(groups__name=RoleChoices.LEADER).first(),
        lead_unit=Unit.objects.filter(parent__isnull=False).first(),
        start_date=dt.date(2026, 3, 1),
        due_date=dt.date(2026, 12, 31),
    )
    assert item.pk > top


def test_names_are_unique_for_every_index():
    assert len({names.region_name(i) for i in range(500)}) == 500
    assert len({names.street_name(i) for i in range(2000)}) == 2000


def test_enterprises_have_valid_codes_figures_and_the_registrys_own_status(district):
    from gongjian.enterprises import uscc
    from gongjian.enterprises.models import Enterprise, EnterpriseFigure, EnterpriseYearStatus
    from gongjian.enterprises.services import compute_year_statuses

    assert Enterprise.objects.count() == SCALES["district"].enterprises
    assert all(uscc.is_valid(c) for c in Enterprise.objects.values_list("credit_code", flat=True))
    yearly = EnterpriseFigure.objects.filter(year=TODAY.year - 1, month__isnull=True)
    assert yearly.count() == Enterprise.objects.count()
    assert not EnterpriseFigure.objects.filter(year=TODAY.year, month__gte=TODAY.month).exists()  # months not over
    sample = list(Enterprise.objects.order_by("pk")[:60])
    computed = compute_year_statuses(sample, TODAY.year, as_of=TODAY)
    stored = dict(
        EnterpriseYearStatus.objects.filter(enterprise__in=sample, year=TODAY.year).values_list(
            "enterprise_id", "is_above_scale"
        )
    )
    assert stored == {pk: above for pk, (_code, above) in computed.items() if above is not None}
    new = EnterpriseYearStatus.objects.filter(year=TODAY.year, is_above_scale=True, entered_on__gt=dt.date(2026, 1, 1))
    assert new.exists() and not new.filter(entered_on__gt=TODAY).exists()


def test_problems_are_as_the_workflow_leaves_them(district):
    from gongjian.problems import workflow as wf
    from gongjian.problems.models import Problem

    problems = Problem.objects.annotate(n=Count("events"))
    assert problems.count() > 0.9 * SCALES["district"].problems
    assert set(problems.values_list("state", flat=True)) == set(wf.STATES)
    for p in problems:
        assert p.version == p.n  # one step per event, the creation included
        assert p.enterprise_id or p.item_id
        if p.state != wf.REGISTERED:
            assert p.handling_unit_id and p.deadline
        if p.state in (wf.VERIFIED, wf.CLOSED):
            assert p.verified_by_id and p.verified_by_id != p.applied_by_id
            if p.source == wf.SOURCE_ENTERPRISE:
                assert p.satisfaction
        if p.state == wf.CLOSED:
            assert p.closed_at and p.closed_at.date() <= TODAY


def test_module_pages_serve_the_generated_data(district, client):
    from gongjian.enterprises.models import Enterprise
    from gongjian.problems.models import Problem

    client.force_login(User.objects.filter(groups__name=RoleChoices.SUPERVISOR).first())
    e, p = Enterprise.objects.first(), Problem.objects.first()
    for url in ("/enterprises/", f"/enterprises/{e.pk}/", "/problems/", f"/problems/{p.pk}/"):
        assert client.get(url).status_code == 200, url


def test_buildings_keep_their_tenants_within_the_lettable_area(district, client):
    from django.db.models import Sum

    from gongjian.buildings.models import Building, BuildingPlan, Tenancy

    assert Building.objects.count() == SCALES["district"].buildings
    for b in Building.objects.annotate(leased=Sum("tenancies__leased_area")):
        assert b.leased <= b.lettable_area <= b.floor_area
        b.full_clean()
    assert not Tenancy.objects.values("space").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert BuildingPlan.objects.filter(year=TODAY.year).count() == SCALES["district"].buildings
    client.force_login(User.objects.filter(groups__name=RoleChoices.SUPERVISOR).first())
    b = Building.objects.first()
    for url in ("/buildings/", f"/buildings/{b.pk}/"):
        assert client.get(url).status_code == 200, url
