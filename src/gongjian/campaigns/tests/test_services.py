"""The write path: every service of campaigns and org, its permission and scope checks, and its audit record.

The clock is fixed (10 April 2026, 10:00 in the platform's time zone) so that reporting periods, lateness and
completion dates are exact. Denials assert that nothing was written: every row of every table is unchanged.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from gongjian.campaigns import services, status
from gongjian.campaigns.choices import Cycle, ItemKind, LeaderActionKind, ReportStatus
from gongjian.campaigns.models import Area, Campaign, Item, LeaderAction, Milestone, Report, ReportAttachment
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.org import services as org_services
from gongjian.org.choices import RoleChoices as R
from gongjian.org.choices import UnitKind
from gongjian.org.models import Unit, User
from gongjian.org.roles import ROLE_PERMISSIONS
from gongjian.testing import make_item, make_user

D = dt.date
IP = "10.20.30.40"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


class Clock:
    """A fixed ``timezone.now()``, set in the platform's local time."""

    def __init__(self):
        self.set(2026, 4, 10)

    def set(self, year, month, day, hour=10, minute=0):
        tz = timezone.get_current_timezone()
        self.local = dt.datetime(year, month, day, hour, minute, tzinfo=tz)

    def __call__(self):
        return self.local.astimezone(dt.UTC)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(timezone, "now", c)
    return c


def act(world, role, source=AuditLog.Source.WEB) -> Actor:
    return Actor(user=world.user(role), ip=IP, source=source)


def ct(model_or_obj):
    return ContentType.objects.get_for_model(model_or_obj)


def last_log() -> AuditLog:
    return AuditLog.objects.order_by("-id").first()


def assert_log(log, action, actor, obj, *, parent=None, before=None, after=None):
    assert log.action == action
    assert log.actor_id == actor.user.pk
    assert log.actor_name == actor.user.username
    assert log.ip == actor.ip
    assert log.source == actor.source
    assert log.content_type == ct(obj)
    assert log.object_id == str(obj.pk)
    assert log.object_repr == str(obj)
    if parent is None:
        assert log.parent_type is None and log.parent_id == ""
    else:
        assert (log.parent_type, log.parent_id) == (ct(parent), str(parent.pk))
    assert log.before == before
    assert log.after == after
    assert log.success is True
    assert log.at == timezone.now()


def db_state() -> dict:
    """Every row the services can touch, and the number of audit records."""
    models = [Campaign, Area, Item, Milestone, Report, ReportAttachment, LeaderAction, Unit, User, Group]
    state = {m.__name__: list(m.objects.order_by("pk").values()) for m in models}
    state["co_units"] = list(Item.co_units.through.objects.order_by("pk").values())
    state["user_groups"] = list(User.groups.through.objects.order_by("pk").values())
    state["audit"] = AuditLog.objects.count()
    return state


def changes_of(log) -> list:
    """(field, before, after) in field order: PostgreSQL's jsonb does not keep the keys' order."""
    return sorted(log.changes, key=lambda change: change[0])


def messages_of(exc: ValidationError) -> dict:
    return exc.value.message_dict


def submit(world, role="clerk", item=None, period=D(2026, 3, 1), percent=30, narrative="完成前期手续", **kw) -> Report:
    return services.submit_report(
        act(world, role), item or world.own_item, period_start=period, percent=percent, narrative=narrative, **kw
    )


def accept(world, report, role="supervisor") -> Report:
    return services.accept_report(act(world, role), report)


def item_fields(item) -> dict:
    item.refresh_from_db()
    return {
        "progress": item.progress,
        "milestones_total": item.milestones_total,
        "milestones_met": item.milestones_met,
        "completed_on": item.completed_on,
        "last_report_period": item.last_report_period,
    }


def upload(name, content) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def stored_files(subdir: str) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / subdir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# ===================================================================================================
# Permission matrix: every service refuses every role that lacks one of its permissions, writing nothing
# ===================================================================================================

WORLD_ROLES = [R.LEADER, R.SUPERVISOR, R.UNIT_ADMIN, R.CLERK, R.CADRE, R.VIEWER, R.SYSADMIN, "street_clerk", "nobody"]


def perms_of(role: str) -> set[str]:
    if role == "nobody":
        return set()
    return set(ROLE_PERMISSIONS[R.CLERK if role == "street_clerk" else role])


@pytest.fixture
def given(world):
    """Objects the matrix acts on, made directly: a milestone, a report, a leader action, an empty area."""
    item = world.own_item
    ns = type("Given", (), {})()
    ns.milestone = Milestone.objects.create(item=item, title="立项批复", planned_date=D(2026, 3, 31))
    ns.report = Report.objects.create(
        item=item,
        period_start=D(2026, 3, 1),
        percent=20,
        narrative="已完成可研",
        submitted_by=world.user(R.CLERK),
        submitted_at=timezone.now(),
        first_submitted_at=timezone.now(),
    )
    ns.action = LeaderAction.objects.create(
        item=item, leader=world.user(R.LEADER), date=D(2026, 4, 1), kind=LeaderActionKind.ENQUIRE, note="现场调度"
    )
    ns.empty_area = Area.objects.create(campaign=world.campaign, number=9, title="空领域")
    ns.empty_campaign = Campaign.objects.create(
        name="空计划", year=2030, start_date=D(2030, 1, 1), end_date=D(2030, 12, 31)
    )
    return ns


def _item_data(world, **kw):
    data = {
        "area": world.area,
        "code": "2-10",
        "title": "新事项",
        "leader": world.user(R.LEADER),
        "lead_unit": world.bureau,
        "start_date": D(2026, 2, 1),
        "due_date": D(2026, 9, 30),
    }
    data.update(kw)
    return data


# name -> (permissions needed, call(world, given, actor), audit action written when allowed)
CASES = {
    "create_campaign": (
        {"campaigns.add_campaign"},
        lambda w, g, a: services.create_campaign(
            a, name="2027年攻坚年", year=2027, start_date=D(2027, 1, 1), end_date=D(2027, 12, 31)
        ),
        "campaign.create",
    ),
    "update_campaign": (
        {"campaigns.change_campaign"},
        lambda w, g, a: services.update_campaign(a, w.campaign, description="全年攻坚"),
        "campaign.update",
    ),
    "delete_campaign": (
        {"campaigns.delete_campaign"},  # no shipped role: superusers only
        lambda w, g, a: services.delete_campaign(a, g.empty_campaign),
        "campaign.delete",
    ),
    "create_area": (
        {"campaigns.add_area"},
        lambda w, g, a: services.create_area(a, campaign=w.campaign, number=3, title="攻城市不美之坚"),
        "area.create",
    ),
    "update_area": (
        {"campaigns.change_area"},
        lambda w, g, a: services.update_area(a, w.area, plan_text="落实方案"),
        "area.update",
    ),
    "delete_area": (
        {"campaigns.delete_area"},
        lambda w, g, a: services.delete_area(a, g.empty_area),
        "area.delete",
    ),
    "create_item": (
        {"campaigns.add_item"},
        lambda w, g, a: services.create_item(a, **_item_data(w)),
        "item.create",
    ),
    "create_items_bulk": (
        {"campaigns.add_item", "campaigns.import_item"},
        lambda w, g, a: services.create_items_bulk(a, [_item_data(w)]),
        "item.create",
    ),
    "update_item": (
        {"campaigns.change_item"},
        lambda w, g, a: services.update_item(a, w.own_item, title="重大技改项目攻坚"),
        "item.update",
    ),
    "delete_item": (
        {"campaigns.delete_item"},
        lambda w, g, a: services.delete_item(a, w.own_item),
        "item.delete",
    ),
    "add_milestone": (
        {"campaigns.change_item", "campaigns.add_milestone"},
        lambda w, g, a: services.add_milestone(a, w.own_item, title="开工", planned_date=D(2026, 6, 1)),
        "milestone.create",
    ),
    "update_milestone": (
        {"campaigns.change_milestone"},
        lambda w, g, a: services.update_milestone(a, g.milestone, planned_date=D(2026, 4, 30)),
        "milestone.update",
    ),
    "record_milestone": (
        {"campaigns.complete_milestone"},
        lambda w, g, a: services.record_milestone(a, g.milestone, actual_date=D(2026, 4, 8)),
        "milestone.record",
    ),
    "delete_milestone": (
        {"campaigns.delete_milestone"},
        lambda w, g, a: services.delete_milestone(a, g.milestone),
        "milestone.delete",
    ),
    "submit_report": (
        {"campaigns.report_item", "campaigns.add_report"},
        lambda w, g, a: services.submit_report(
            a, w.own_item, period_start=D(2026, 4, 1), percent=30, narrative="本月进展"
        ),
        "report.submit",
    ),
    "accept_report": (
        {"campaigns.review_report"},
        lambda w, g, a: services.accept_report(a, g.report),
        "report.accept",
    ),
    "return_report": (
        {"campaigns.review_report"},
        lambda w, g, a: services.return_report(a, g.report, reason="数据不实"),
        "report.return",
    ),
    "record_leader_action": (
        {"campaigns.view_item", "campaigns.add_leaderaction"},
        lambda w, g, a: services.record_leader_action(
            a, w.own_item, leader=w.user(R.LEADER), date=D(2026, 4, 9), kind=LeaderActionKind.DISPATCH, note="调度会"
        ),
        "leader_action.create",
    ),
    "delete_leader_action": (
        {"campaigns.delete_leaderaction"},
        lambda w, g, a: services.delete_leader_action(a, g.action),
        "leader_action.delete",
    ),
    "create_unit": (
        {"org.add_unit"},
        lambda w, g, a: org_services.create_unit(a, name="区财政局", code="CZJ", parent=w.district),
        "unit.create",
    ),
    "update_unit": (
        {"org.change_unit"},
        lambda w, g, a: org_services.update_unit(a, w.bureau, short_name="发改局"),
        "unit.update",
    ),
    "create_user": (
        {"org.add_user"},
        lambda w, g, a: org_services.create_user(a, username="newclerk", unit=w.bureau, roles=[R.CLERK]),
        "user.create",
    ),
    "update_user": (
        {"org.change_user"},
        lambda w, g, a: org_services.update_user(a, w.user(R.CLERK), phone="0534-1234567"),
        "user.update",
    ),
    "set_roles": (
        {"org.change_user"},
        lambda w, g, a: org_services.set_roles(a, w.user(R.CADRE), [R.CADRE, R.VIEWER]),
        "user.roles",
    ),
}


def test_every_public_service_is_in_the_matrix():
    functions = {name for name in services.__all__ if name[0].islower()}  # not the exception class
    public = functions - {"refresh_item"} | set(org_services.__all__)
    assert public == set(CASES)


def _matrix(allowed: bool):
    out = []
    for name, (perms, _call, _action) in CASES.items():
        for role in WORLD_ROLES:
            holds = perms <= perms_of(role)
            # The street's clerk holds the clerk permissions but the matrix acts on the bureau's item.
            if holds == allowed and not (allowed and role == "street_clerk"):
                out.append(pytest.param(name, role, id=f"{name}-{role}"))
    return out


@pytest.mark.parametrize(("name", "role"), _matrix(allowed=False))
def test_roles_without_the_permission_are_refused_and_nothing_is_written(world, given, name, role):
    _perms, call, _action = CASES[name]
    before = db_state()
    with pytest.raises(PermissionDenied):
        call(world, given, act(world, role))
    assert db_state() == before


@pytest.mark.parametrize(("name", "role"), _matrix(allowed=True))
def test_roles_with_the_permission_succeed_and_are_audited(world, given, name, role):
    _perms, call, action = CASES[name]
    count = AuditLog.objects.count()
    call(world, given, act(world, role))
    assert AuditLog.objects.count() == count + 1
    log = last_log()
    assert (log.action, log.actor_id, log.ip) == (action, world.user(role).pk, IP)


def test_inactive_user_is_refused(world):
    clerk = world.user(R.CLERK)
    clerk.is_active = False
    clerk.save()
    before = db_state()
    with pytest.raises(PermissionDenied):
        submit(world)
    assert db_state() == before


# ===================================================================================================
# Scope: a unit acts only on the items it leads or co-operates on
# ===================================================================================================


@pytest.mark.parametrize(
    ("role", "item_name"),
    [(R.CLERK, "other_item"), (R.UNIT_ADMIN, "other_item"), ("street_clerk", "own_item")],
)
def test_report_outside_the_scope_is_refused(world, role, item_name):
    before = db_state()
    with pytest.raises(PermissionDenied):
        submit(world, role=role, item=getattr(world, item_name))
    assert db_state() == before


@pytest.mark.parametrize(("role", "item_name"), [(R.CLERK, "other_item"), ("street_clerk", "own_item")])
def test_milestone_record_outside_the_scope_is_refused(world, role, item_name):
    ms = Milestone.objects.create(item=getattr(world, item_name), title="竣工", planned_date=D(2026, 3, 1))
    before = db_state()
    with pytest.raises(PermissionDenied):
        services.record_milestone(act(world, role), ms, actual_date=D(2026, 4, 1))
    assert db_state() == before


def test_only_the_lead_unit_reports_and_records_a_cooperating_unit_only_sees(world):
    ms = Milestone.objects.create(item=world.coop_item, title="签约", planned_date=D(2026, 3, 1))
    before = db_state()
    with pytest.raises(PermissionDenied):
        submit(world, item=world.coop_item)  # the bureau's clerk: the bureau only co-operates
    with pytest.raises(PermissionDenied):
        services.record_milestone(act(world, R.CLERK), ms, actual_date=D(2026, 4, 2))
    assert db_state() == before
    assert Item.objects.restrict(world.user(R.CLERK), "view").filter(pk=world.coop_item.pk).exists()
    street = Actor(world.user("street_clerk"))
    report = services.submit_report(street, world.coop_item, period_start=D(2026, 3, 1), percent=5, narrative="签约")
    assert report.item == world.coop_item
    services.record_milestone(street, ms, actual_date=D(2026, 4, 2))
    ms.refresh_from_db()
    assert ms.actual_date == D(2026, 4, 2)


def test_a_sub_unit_clerk_cannot_act_for_its_parent_unit(world):
    sub_clerk = make_user("subclerk", world.sub_office, R.CLERK)
    before = db_state()
    with pytest.raises(PermissionDenied):
        services.submit_report(Actor(sub_clerk), world.own_item, period_start=D(2026, 3, 1), percent=1, narrative="x")
    assert db_state() == before


# ===================================================================================================
# Campaigns
# ===================================================================================================


def test_create_campaign_audit(world):
    a = act(world, R.SUPERVISOR, AuditLog.Source.API)
    c = services.create_campaign(
        a, name="2027年攻坚年", year=2027, start_date=D(2027, 1, 1), end_date=D(2027, 12, 31), cycle=Cycle.WEEKLY
    )
    after = {
        "id": c.pk,
        "name": "2027年攻坚年",
        "year": 2027,
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
        "cycle": "weekly",
        "grace_days": 5,
        "description": "",
    }
    assert_log(last_log(), "campaign.create", a, c, after=after)


def test_create_campaign_validation(world):
    a = act(world, R.SUPERVISOR)
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        services.create_campaign(a, name="x", year=2027, start_date=D(2027, 12, 31), end_date=D(2027, 1, 1))
    assert set(messages_of(exc)) == {"end_date"}
    with pytest.raises(ValidationError) as exc:
        services.create_campaign(
            a, name=world.campaign.name, year=2026, start_date=D(2026, 1, 1), end_date=D(2026, 12, 31)
        )
    assert "__all__" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        services.create_campaign(a, name="x", year=2027, start_date=D(2027, 1, 1), end_date=D(2027, 2, 1), owner=1)
    assert "owner" in exc.value.messages[0]
    assert db_state() == before


def test_update_campaign_audit(world):
    a = act(world, R.SUPERVISOR)
    c = services.update_campaign(a, world.campaign, grace_days=7, description="全年攻坚")
    log = last_log()
    assert_log(log, "campaign.update", a, c, before=log.before, after=log.after)
    assert changes_of(log) == sorted([("grace_days", 5, 7), ("description", "", "全年攻坚")])
    c.refresh_from_db()
    assert (c.grace_days, c.description) == (7, "全年攻坚")


def test_update_campaign_cannot_leave_items_outside_its_dates(world):
    world.own_item.due_date = D(2026, 11, 30)
    world.own_item.save()
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        services.update_campaign(act(world, R.SUPERVISOR), world.campaign, end_date=D(2026, 6, 30))
    assert set(messages_of(exc)) == {"end_date"}
    with pytest.raises(ValidationError) as exc:
        services.update_campaign(act(world, R.SUPERVISOR), world.campaign, start_date=D(2026, 2, 1))
    assert set(messages_of(exc)) == {"start_date"}
    assert db_state() == before


def test_update_campaign_cannot_change_the_cycle_once_reports_exist(world):
    services.update_campaign(act(world, R.SUPERVISOR), world.campaign, cycle=Cycle.WEEKLY)  # no reports yet: fine
    services.update_campaign(act(world, R.SUPERVISOR), world.campaign, cycle=Cycle.MONTHLY)
    submit(world)
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        services.update_campaign(act(world, R.SUPERVISOR), world.campaign, cycle=Cycle.WEEKLY)
    assert set(messages_of(exc)) == {"cycle"}
    assert db_state() == before


# ===================================================================================================
# Areas
# ===================================================================================================


def test_create_area_audit(world):
    a = act(world, R.SUPERVISOR)
    leader = world.user(R.LEADER)
    area = services.create_area(
        a, campaign=world.campaign, number=3, title="攻城市不美之坚", leader=leader, lead_unit=world.street
    )
    after = {
        "id": area.pk,
        "campaign": str(world.campaign),
        "number": 3,
        "title": "攻城市不美之坚",
        "plan_text": "",
        "leader": "区长",
        "lead_unit": str(world.street),
    }
    assert_log(last_log(), "area.create", a, area, parent=world.campaign, after=after)


def test_create_area_validation(world):
    a = act(world, R.SUPERVISOR)
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        services.create_area(a, campaign=world.campaign, number=2, title="重复编号")
    assert "__all__" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        services.create_area(a, campaign=world.campaign, number=4, title="x", leader=world.user(R.CLERK))
    assert set(messages_of(exc)) == {"leader"}
    assert db_state() == before


def test_update_area_audit_takes_before_from_the_database(world):
    """A bound ModelForm has already written the new values on the instance; the audit must still see the old."""
    a = act(world, R.SUPERVISOR)
    area = Area.objects.get(pk=world.area.pk)
    area.title = "攻产业不强之坚（修订）"  # what form.is_valid() does to its instance
    area = services.update_area(a, area, title="攻产业不强之坚（修订）", plan_text="方案")
    log = last_log()
    assert changes_of(log) == sorted([("title", "攻产业不强之坚", "攻产业不强之坚（修订）"), ("plan_text", "", "方案")])
    assert_log(log, "area.update", a, area, parent=world.campaign, before=log.before, after=log.after)


def test_update_area_never_moves_it_to_another_campaign(world):
    other = Campaign.objects.create(name="另一年", year=2027, start_date=D(2027, 1, 1), end_date=D(2027, 12, 31))
    services.update_area(act(world, R.SUPERVISOR), world.area, campaign=other, title="t")
    world.area.refresh_from_db()
    assert world.area.campaign_id == world.campaign.pk


def test_delete_area(world):
    a = act(world, R.SUPERVISOR)
    area = Area.objects.create(campaign=world.campaign, number=5, title="待删")
    pk, text = area.pk, str(area)
    services.delete_area(a, area)
    assert not Area.objects.filter(pk=pk).exists()
    log = last_log()
    assert (log.action, log.object_id, log.object_repr, log.after) == ("area.delete", str(pk), text, None)
    assert log.before == {
        "id": pk,
        "campaign": str(world.campaign),
        "number": 5,
        "title": "待删",
        "plan_text": "",
        "leader": None,
        "lead_unit": None,
    }
    assert (log.parent_type, log.parent_id) == (ct(Campaign), str(world.campaign.pk))


def test_delete_area_with_items_is_refused(world):
    before = db_state()
    with pytest.raises(ValidationError):
        services.delete_area(act(world, R.SUPERVISOR), world.area)
    assert db_state() == before


# ===================================================================================================
# Items
# ===================================================================================================


def test_create_item_audit(world):
    a = act(world, R.SUPERVISOR)
    item = services.create_item(
        a, co_units=[world.street], **_item_data(world, code="", kind=ItemKind.MAJOR_PROJECT, weight="2.5")
    )
    assert item.code == "2-04"  # numbered after 2-01..2-03
    after = {
        "id": item.pk,
        "area": str(world.area),
        "code": "2-04",
        "kind": "major_project",
        "title": "新事项",
        "description": "",
        "expected_results": "",
        "leader": "区长",
        "lead_unit": str(world.bureau),
        "start_date": "2026-02-01",
        "due_date": "2026-09-30",
        "weight": "2.50",
        "progress": 0,
        "milestones_total": 0,
        "milestones_met": 0,
        "completed_on": None,
        "last_report_period": None,
        "co_units": [str(world.street)],
    }
    assert_log(last_log(), "item.create", a, item, parent=world.area, after=after)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start_date": D(2026, 5, 1), "due_date": D(2026, 4, 30)}, "due_date"),
        ({"start_date": D(2025, 12, 1)}, "due_date"),
        ({"due_date": D(2027, 1, 31)}, "due_date"),
        ({"leader": "clerk"}, "leader"),
        ({"title": ""}, "title"),
        ({"code": "2-01"}, "__all__"),
    ],
)
def test_create_item_validation_names_the_field(world, changes, field):
    if changes.get("leader") == "clerk":
        changes = {**changes, "leader": world.user(R.CLERK)}
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        services.create_item(act(world, R.SUPERVISOR), **_item_data(world, **changes))
    assert field in messages_of(exc)
    assert db_state() == before


def test_update_item_audit_and_co_units(world):
    a = act(world, R.SUPERVISOR)
    item = services.update_item(a, world.own_item, co_units=[world.street], due_date=D(2026, 10, 31))
    log = last_log()
    assert changes_of(log) == sorted([("due_date", "2026-12-31", "2026-10-31"), ("co_units", [], [str(world.street)])])
    assert_log(log, "item.update", a, item, parent=world.area, before=log.before, after=log.after)
    assert list(item.co_units.all()) == [world.street]


def test_update_item_refuses_a_non_leader(world):
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        services.update_item(act(world, R.SUPERVISOR), world.own_item, leader=world.user(R.SUPERVISOR))
    assert set(messages_of(exc)) == {"leader"}
    assert db_state() == before


def test_update_item_cannot_set_derived_fields(world):
    before = db_state()
    with pytest.raises(ValidationError):
        services.update_item(act(world, R.SUPERVISOR), world.own_item, progress=100)
    assert db_state() == before


def test_delete_item_with_only_unaccepted_reports(world):
    a = act(world, R.SUPERVISOR)
    report = submit(world)
    item = world.own_item
    pk, text = item.pk, str(item)
    services.delete_item(a, item)
    assert not Item.objects.filter(pk=pk).exists()
    assert not Report.objects.filter(pk=report.pk).exists()
    log = last_log()
    assert (log.action, log.object_id, log.object_repr) == ("item.delete", str(pk), text)
    assert log.before["code"] == "2-01" and log.before["title"] == "重大技改项目推进"
    assert log.after is None


def test_delete_item_with_accepted_reports_is_refused(world):
    accept(world, submit(world))
    before = db_state()
    with pytest.raises(ValidationError):
        services.delete_item(act(world, R.SUPERVISOR), world.own_item)
    assert db_state() == before


# --- bulk ------------------------------------------------------------------------------------------


def test_create_items_bulk_creates_and_audits_every_row(world):
    a = act(world, R.SUPERVISOR, AuditLog.Source.IMPORT)
    rows = [
        {**_item_data(world, code="2-11", title="甲"), "co_units": [world.street]},
        _item_data(world, code="2-12", title="乙", lead_unit=world.street),
    ]
    count = AuditLog.objects.count()
    created = services.create_items_bulk(a, rows)
    assert [i.code for i in created] == ["2-11", "2-12"]
    assert all(i.pk for i in created)
    assert list(Item.objects.get(code="2-11").co_units.all()) == [world.street]
    assert not Item.objects.get(code="2-12").co_units.exists()
    logs = list(AuditLog.objects.order_by("id")[count:])
    assert len(logs) == 2
    for log, item in zip(logs, created, strict=True):
        assert (log.action, log.actor_id, log.ip, log.source) == ("item.create", a.user.pk, IP, "import")
        assert (log.content_type, log.object_id, log.object_repr) == (ct(Item), str(item.pk), str(item))
        assert (log.parent_type, log.parent_id) == (ct(Area), str(world.area.pk))
    assert logs[0].after["co_units"] == [str(world.street)]
    assert logs[0].after["title"] == "甲" and logs[1].after["lead_unit"] == str(world.street)


def _bulk_refused(world, rows) -> dict:
    before = db_state()
    with pytest.raises(services.ItemRowsInvalid) as exc:
        services.create_items_bulk(act(world, R.SUPERVISOR, AuditLog.Source.IMPORT), rows)
    assert db_state() == before
    # The flat form (for generic error display) says the same as the per-row, per-field form.
    assert set(messages_of(exc)) == {str(i) for i in exc.value.rows}
    return exc.value.rows


def test_create_items_bulk_is_all_or_nothing(world):
    with translation.override("en"):
        errors = _bulk_refused(
            world,
            [
                _item_data(world, code="2-11"),
                _item_data(world, code="2-12", start_date=D(2026, 5, 1), due_date=D(2026, 4, 1)),
                _item_data(world, code="2-13", leader=world.user(R.CLERK)),
            ],
        )
    assert errors == {
        1: {"due_date": ["The due date must not be before the start date."]},
        2: {"leader": ["The responsible leader must hold the leader role."]},
    }


def test_create_items_bulk_refuses_duplicate_codes_within_the_batch(world):
    errors = _bulk_refused(world, [_item_data(world, code="2-11"), _item_data(world, code="2-11")])
    assert set(errors) == {1}
    assert set(errors[1]) == {"code"}


def test_create_items_bulk_refuses_codes_already_taken(world):
    errors = _bulk_refused(world, [_item_data(world, code="2-11"), _item_data(world, code="2-01")])
    assert set(errors) == {1}
    assert set(errors[1]) == {"code"}


def test_create_items_bulk_refuses_unknown_fields(world):
    errors = _bulk_refused(world, [_item_data(world, code="2-11", progress=100)])
    assert set(errors) == {0}
    assert any("progress" in m for m in errors[0]["__all__"])


def test_create_items_bulk_numbers_rows_without_a_code(world):
    created = services.create_items_bulk(
        act(world, R.SUPERVISOR, AuditLog.Source.IMPORT),
        [_item_data(world, code=""), _item_data(world, code="2-07"), _item_data(world, code="")],
    )
    assert [i.code for i in created] == ["2-08", "2-07", "2-09"]


def test_create_items_bulk_needs_the_import_permission(world):
    supervisor = world.user(R.SUPERVISOR)
    group = Group.objects.create(name="editor-no-import")
    group.permissions.set(Group.objects.get(name=R.SUPERVISOR).permissions.exclude(codename="import_item"))
    supervisor.groups.set([group])
    supervisor = User.objects.get(pk=supervisor.pk)  # drop the permission cache
    before = db_state()
    with pytest.raises(PermissionDenied):
        services.create_items_bulk(Actor(supervisor), [_item_data(world)])
    assert db_state() == before


# ===================================================================================================
# Milestones
# ===================================================================================================


def test_add_milestone_audit_and_counts(world):
    a = act(world, R.SUPERVISOR)
    ms = services.add_milestone(a, world.own_item, title="项目开工", planned_date=D(2026, 5, 31))
    after = {
        "id": ms.pk,
        "item": str(world.own_item),
        "title": "项目开工",
        "planned_date": "2026-05-31",
        "actual_date": None,
        "evidence": None,
        "evidence_name": "",
    }
    assert_log(last_log(), "milestone.create", a, ms, parent=world.own_item, after=after)
    assert item_fields(world.own_item)["milestones_total"] == 1


def test_add_milestone_with_evidence_stores_a_server_made_name(world):
    ms = services.add_milestone(
        act(world, R.SUPERVISOR),
        world.own_item,
        title="批复",
        planned_date=D(2026, 3, 31),
        actual_date=D(2026, 3, 30),
        evidence=upload("../../etc/立项批复.pdf", PDF),
    )
    assert ms.evidence_name == "立项批复.pdf"  # Django keeps only the base name of an upload
    assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", ms.evidence.name)
    with ms.evidence.open("rb") as f:
        assert f.read() == PDF
    assert item_fields(world.own_item)["milestones_met"] == 1


@pytest.mark.parametrize("service", ["add", "update"])
def test_milestone_actual_date_cannot_be_in_the_future(world, service):
    ms = Milestone.objects.create(item=world.own_item, title="竣工", planned_date=D(2026, 6, 30))
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        if service == "add":
            services.add_milestone(
                act(world, R.SUPERVISOR),
                world.own_item,
                title="t",
                planned_date=D(2026, 5, 1),
                actual_date=D(2026, 4, 11),
            )
        else:
            services.update_milestone(act(world, R.SUPERVISOR), ms, actual_date=D(2026, 4, 11))
    assert set(messages_of(exc)) == {"actual_date"}
    assert db_state() == before


def test_update_milestone_audit_takes_before_from_the_database(world):
    a = act(world, R.SUPERVISOR)
    ms = Milestone.objects.create(item=world.own_item, title="开工", planned_date=D(2026, 5, 1))
    ms.planned_date = D(2026, 6, 1)  # as a bound form would
    ms = services.update_milestone(a, ms, planned_date=D(2026, 6, 1))
    log = last_log()
    assert changes_of(log) == sorted([("planned_date", "2026-05-01", "2026-06-01")])
    assert_log(log, "milestone.update", a, ms, parent=world.own_item, before=log.before, after=log.after)


def test_update_milestone_does_not_overwrite_a_concurrent_record(world):
    ms = Milestone.objects.create(item=world.own_item, title="开工", planned_date=D(2026, 5, 1))
    stale = Milestone.objects.get(pk=ms.pk)
    services.record_milestone(act(world, R.CLERK), ms, actual_date=D(2026, 4, 9))
    services.update_milestone(act(world, R.SUPERVISOR), stale, title="项目开工")
    ms.refresh_from_db()
    assert (ms.title, ms.actual_date) == ("项目开工", D(2026, 4, 9))
    assert item_fields(world.own_item)["milestones_met"] == 1


def test_record_milestone_audit(world):
    a = act(world, R.CLERK)
    ms = Milestone.objects.create(item=world.own_item, title="开工", planned_date=D(2026, 4, 1))
    ms = services.record_milestone(a, ms, actual_date=D(2026, 4, 10), evidence=upload("开工令.PDF", PDF))
    log = last_log()
    assert changes_of(log) == sorted(
        [
            ("actual_date", None, "2026-04-10"),
            ("evidence", None, ms.evidence.name),
            ("evidence_name", "", "开工令.PDF"),
        ]
    )
    assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", ms.evidence.name)
    assert_log(log, "milestone.record", a, ms, parent=world.own_item, before=log.before, after=log.after)


def test_record_milestone_refuses_a_future_date(world):
    ms = Milestone.objects.create(item=world.own_item, title="开工", planned_date=D(2026, 4, 1))
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        services.record_milestone(act(world, R.CLERK), ms, actual_date=D(2026, 4, 11))
    assert set(messages_of(exc)) == {"actual_date"}
    assert db_state() == before


def test_record_milestone_refuses_bad_evidence_and_stores_nothing(world):
    ms = Milestone.objects.create(item=world.own_item, title="开工", planned_date=D(2026, 4, 1))
    before, files = db_state(), stored_files("evidence")
    with pytest.raises(ValidationError):
        services.record_milestone(act(world, R.CLERK), ms, actual_date=D(2026, 4, 1), evidence=upload("a.pdf", PNG))
    assert db_state() == before
    assert stored_files("evidence") == files


def test_delete_milestone_audit_and_counts(world):
    a = act(world, R.SUPERVISOR)
    ms = Milestone.objects.create(item=world.own_item, title="开工", planned_date=D(2026, 4, 1))
    services.refresh_item(world.own_item)
    assert item_fields(world.own_item)["milestones_total"] == 1
    pk = ms.pk
    services.delete_milestone(a, ms)
    log = last_log()
    assert (log.action, log.object_id, log.object_repr, log.after) == ("milestone.delete", str(pk), "开工", None)
    assert log.before["planned_date"] == "2026-04-01"
    assert (log.parent_type, log.parent_id) == (ct(Item), str(world.own_item.pk))
    assert item_fields(world.own_item)["milestones_total"] == 0


# ===================================================================================================
# Reports
# ===================================================================================================


def test_submit_report_audit(world):
    a = act(world, R.CLERK)
    report = submit(world, percent=35, narrative="  完成可研批复  ", problems=" 资金缺口 ", next_steps="推进开工")
    after = {
        "id": report.pk,
        "item": str(world.own_item),
        "period_start": "2026-03-01",
        "percent": 35,
        "narrative": "完成可研批复",
        "problems": "资金缺口",
        "next_steps": "推进开工",
        "status": "submitted",
        "submitted_by": str(world.user(R.CLERK)),
        "submitted_at": timezone.now().isoformat(),
        "first_submitted_at": timezone.now().isoformat(),
        "revision": 1,
        "reviewed_by": None,
        "reviewed_at": None,
        "return_reason": "",
        "is_late": True,  # March's deadline was 5 April
    }
    assert str(report) == "2-01 2026年3月"
    assert_log(last_log(), "report.submit", a, report, parent=world.own_item, after=after)


def test_submit_normalises_any_day_of_the_period(world):
    report = submit(world, period=D(2026, 3, 17))
    assert report.period_start == D(2026, 3, 1)


def test_submit_accept_workflow(world):
    report = submit(world, percent=40)
    assert item_fields(world.own_item)["progress"] == 0  # not yet accepted
    a = act(world, R.SUPERVISOR)
    report = accept(world, report)
    report.refresh_from_db()
    assert (report.status, report.reviewed_by, report.reviewed_at) == (
        ReportStatus.ACCEPTED,
        world.user(R.SUPERVISOR),
        timezone.now(),
    )
    log = last_log()
    assert changes_of(log) == sorted(
        [
            ("status", "submitted", "accepted"),
            ("reviewed_by", None, str(world.user(R.SUPERVISOR))),
            ("reviewed_at", None, timezone.now().isoformat()),
        ]
    )
    assert_log(log, "report.accept", a, report, parent=world.own_item, before=log.before, after=log.after)
    assert item_fields(world.own_item) == {
        "progress": 40,
        "milestones_total": 0,
        "milestones_met": 0,
        "completed_on": None,
        "last_report_period": D(2026, 3, 1),
    }


def test_submit_return_resubmit_accept_workflow(world, clock):
    clock.set(2026, 4, 3)
    first = submit(world, percent=40)
    first_at = timezone.now()
    assert (first.revision, first.is_late) == (1, False)

    clock.set(2026, 4, 7)
    a = act(world, R.SUPERVISOR)
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        services.return_report(a, first, reason="   ")
    assert set(messages_of(exc)) == {"return_reason"}
    assert db_state() == before
    returned = services.return_report(a, first, reason=" 数据与台账不符 ")
    assert (returned.status, returned.return_reason) == (ReportStatus.RETURNED, "数据与台账不符")
    log = last_log()
    assert changes_of(log) == sorted(
        [
            ("status", "submitted", "returned"),
            ("reviewed_by", None, str(world.user(R.SUPERVISOR))),
            ("reviewed_at", None, timezone.now().isoformat()),
            ("return_reason", "", "数据与台账不符"),
        ]
    )
    assert_log(log, "report.return", a, returned, parent=world.own_item, before=log.before, after=log.after)
    assert item_fields(world.own_item)["progress"] == 0
    assert item_fields(world.own_item)["last_report_period"] == D(2026, 3, 1)

    clock.set(2026, 4, 20)  # well after the deadline: lateness is judged by the first submission
    second = submit(world, percent=45, narrative="已按台账更正")
    assert second.pk == first.pk
    assert Report.objects.count() == 1
    assert (second.revision, second.status, second.is_late) == (2, ReportStatus.SUBMITTED, False)
    assert second.first_submitted_at == first_at and second.submitted_at == timezone.now()
    assert (second.reviewed_by, second.reviewed_at) == (None, None)
    log = last_log()
    assert log.action == "report.resubmit"
    assert ("revision", 1, 2) in log.changes and ("status", "returned", "submitted") in log.changes
    assert log.before["return_reason"] == "数据与台账不符"

    accepted = accept(world, second)
    assert (accepted.status, accepted.revision, accepted.return_reason) == (ReportStatus.ACCEPTED, 2, "")
    assert item_fields(world.own_item)["progress"] == 45


def test_a_submitted_report_may_be_corrected_before_review(world):
    first = submit(world, percent=40)
    second = submit(world, role=R.UNIT_ADMIN, percent=42, narrative="更正")
    assert (second.pk, second.revision, second.percent, second.submitted_by) == (
        first.pk,
        2,
        42,
        world.user(R.UNIT_ADMIN),
    )
    assert last_log().action == "report.resubmit"


def test_an_accepted_report_cannot_be_changed(world):
    report = accept(world, submit(world))
    before = db_state()
    with pytest.raises(ValidationError):
        submit(world, percent=90)
    with pytest.raises(ValidationError):
        accept(world, report)
    with pytest.raises(ValidationError):
        services.return_report(act(world, R.SUPERVISOR), report, reason="再看看")
    assert db_state() == before


def test_a_returned_report_cannot_be_accepted_until_resubmitted(world):
    report = services.return_report(act(world, R.SUPERVISOR), submit(world), reason="补充材料")
    before = db_state()
    with pytest.raises(ValidationError):
        accept(world, report)
    assert db_state() == before


@pytest.fixture
def clerk_reviewer(world):
    """A person holding both a unit role and the supervision role (it happens in small districts)."""
    user = world.user(R.CLERK)
    user.groups.add(Group.objects.get(name=R.SUPERVISOR))
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("review", ["accept", "return"])
def test_the_author_cannot_review_the_own_report(world, clerk_reviewer, review):
    a = Actor(clerk_reviewer, ip=IP)
    report = services.submit_report(a, world.own_item, period_start=D(2026, 3, 1), percent=10, narrative="进展")
    before = db_state()
    with pytest.raises(PermissionDenied):
        if review == "accept":
            services.accept_report(a, report)
        else:
            services.return_report(a, report, reason="自己退回")
    assert db_state() == before


@pytest.mark.parametrize(
    "period",
    [
        D(2026, 5, 1),  # next month: the future
        D(2027, 1, 1),
        D(2025, 12, 1),  # before the item and the campaign
    ],
)
def test_reporting_outside_the_reportable_periods_is_refused(world, period):
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        submit(world, period=period)
    assert set(messages_of(exc)) == {"period_start"}
    assert db_state() == before


def test_the_current_period_may_be_reported_and_is_not_late(world):
    report = submit(world, period=D(2026, 4, 1))
    assert (report.period_start, report.is_late) == (D(2026, 4, 1), False)


def test_no_report_for_a_period_after_the_item_is_due(world, clock):
    item = make_item(world.area, "2-20", world.bureau, world.user(R.LEADER), due_date=D(2026, 3, 29))
    clock.set(2026, 4, 3)  # inside March's grace days, but April is after the item's due date
    assert [p.start for p in services.reportable_periods(item)] == [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        submit(world, item=item, period=D(2026, 4, 1))
    assert set(messages_of(exc)) == {"period_start"}
    assert db_state() == before
    assert submit(world, item=item, period=D(2026, 3, 1)).is_late is False


def test_reportable_periods_start_with_the_item(world, clock):
    item = make_item(world.area, "2-21", world.bureau, world.user(R.LEADER), start_date=D(2026, 2, 15))
    assert [p.start for p in services.reportable_periods(item)] == [D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1)]
    with pytest.raises(ValidationError):
        submit(world, item=item, period=D(2026, 1, 1))


@pytest.mark.parametrize(
    ("local", "late"),
    [
        ((2026, 4, 1, 9, 0), False),
        ((2026, 4, 5, 23, 30), False),  # the deadline day itself
        ((2026, 4, 6, 0, 10), True),  # already 6 April locally though still 5 April in UTC
        ((2026, 4, 10, 10, 0), True),
    ],
)
def test_lateness_against_period_end_plus_grace(world, clock, local, late):
    clock.set(*local)
    assert submit(world).is_late is late


def test_lateness_is_kept_from_the_first_submission(world, clock):
    clock.set(2026, 4, 8)
    report = submit(world)
    assert report.is_late is True
    services.return_report(act(world, R.SUPERVISOR), report, reason="补充")
    clock.set(2026, 4, 9)
    assert submit(world, percent=35).is_late is True


def test_lateness_follows_the_campaign_grace_days(world, clock):
    Campaign.objects.filter(pk=world.campaign.pk).update(grace_days=10)
    clock.set(2026, 4, 9)
    assert submit(world).is_late is False


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"percent": 101}, "percent"),
        ({"narrative": ""}, "narrative"),
        ({"narrative": " \n "}, "narrative"),
    ],
)
def test_submit_validation_names_the_field(world, kwargs, field):
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        submit(world, **kwargs)
    assert set(messages_of(exc)) == {field}
    assert db_state() == before


def test_percent_below_the_last_accepted_is_refused(world):
    accept(world, submit(world, period=D(2026, 2, 1), percent=40))
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        submit(world, period=D(2026, 3, 1), percent=39)
    assert set(messages_of(exc)) == {"percent"}
    assert "40" in messages_of(exc)["percent"][0]
    assert db_state() == before
    assert submit(world, period=D(2026, 3, 1), percent=40).percent == 40


def test_accepting_rechecks_progress_against_reports_accepted_meanwhile(world):
    feb = submit(world, period=D(2026, 2, 1), percent=40)
    mar = submit(world, period=D(2026, 3, 1), percent=30)  # nothing accepted yet: allowed
    accept(world, feb)
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        accept(world, mar)
    assert set(messages_of(exc)) == {"percent"}
    assert db_state() == before
    assert item_fields(world.own_item)["progress"] == 40


def test_a_late_report_cannot_claim_more_than_a_later_accepted_one(world):
    accept(world, submit(world, period=D(2026, 3, 1), percent=50))
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        submit(world, period=D(2026, 2, 1), percent=60)
    assert set(messages_of(exc)) == {"percent"}
    assert db_state() == before
    feb = accept(world, submit(world, period=D(2026, 2, 1), percent=45))
    assert feb.status == ReportStatus.ACCEPTED
    assert item_fields(world.own_item)["progress"] == 50  # the latest period counts, not the latest acceptance


def test_report_attachments_are_validated_and_stored_under_server_names(world):
    report = submit(world, attachments=[upload("进展照片.png", PNG), upload("台账.pdf", PDF)])
    atts = list(report.attachments.order_by("pk"))
    assert [(a.name, a.size) for a in atts] == [("进展照片.png", len(PNG)), ("台账.pdf", len(PDF))]
    assert re.fullmatch(r"reports/\d{4}/\d{2}/[0-9a-f]{32}\.png", atts[0].file.name)
    assert re.fullmatch(r"reports/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", atts[1].file.name)


def test_a_bad_attachment_refuses_the_whole_report_and_stores_no_file(world):
    before, files = db_state(), stored_files("reports")
    with pytest.raises(ValidationError):
        submit(world, attachments=[upload("ok.pdf", PDF), upload("fake.pdf", PNG)])
    assert db_state() == before
    assert stored_files("reports") == files


# ===================================================================================================
# Derived item fields and completion
# ===================================================================================================


def test_completion_needs_100_percent_and_every_milestone(world, clock):
    sup, clerk = act(world, R.SUPERVISOR), act(world, R.CLERK)
    m1 = services.add_milestone(sup, world.own_item, title="开工", planned_date=D(2026, 2, 1))
    m2 = services.add_milestone(sup, world.own_item, title="竣工", planned_date=D(2026, 3, 31))
    services.record_milestone(clerk, m1, actual_date=D(2026, 2, 3))
    assert item_fields(world.own_item) == {
        "progress": 0,
        "milestones_total": 2,
        "milestones_met": 1,
        "completed_on": None,
        "last_report_period": None,
    }
    accept(world, submit(world, period=D(2026, 3, 1), percent=100))
    assert item_fields(world.own_item) == {
        "progress": 100,
        "milestones_total": 2,
        "milestones_met": 1,
        "completed_on": None,
        "last_report_period": D(2026, 3, 1),
    }
    clock.set(2026, 4, 12)
    services.record_milestone(clerk, m2, actual_date=D(2026, 4, 11))
    assert item_fields(world.own_item)["completed_on"] == D(2026, 4, 12)
    assert Item.objects.in_state("done", D(2026, 4, 12)).filter(pk=world.own_item.pk).exists()

    clock.set(2026, 4, 14)  # the date is cleared again: the item is reopened
    services.record_milestone(clerk, m2, actual_date=None)
    assert item_fields(world.own_item)["completed_on"] is None
    assert item_fields(world.own_item)["milestones_met"] == 1

    clock.set(2026, 4, 15)  # the unmet milestone is dropped: complete again, from today
    services.delete_milestone(sup, m2)
    assert item_fields(world.own_item) == {
        "progress": 100,
        "milestones_total": 1,
        "milestones_met": 1,
        "completed_on": D(2026, 4, 15),
        "last_report_period": D(2026, 3, 1),
    }

    clock.set(2026, 4, 20)  # a new milestone reopens it
    services.add_milestone(sup, world.own_item, title="验收", planned_date=D(2026, 6, 1))
    assert item_fields(world.own_item)["completed_on"] is None


def test_completion_without_milestones_on_acceptance(world):
    accept(world, submit(world, percent=100))
    assert item_fields(world.own_item)["completed_on"] == D(2026, 4, 10)


def test_99_percent_with_every_milestone_met_is_not_complete(world):
    ms = Milestone.objects.create(item=world.own_item, title="开工", planned_date=D(2026, 2, 1))
    services.record_milestone(act(world, R.CLERK), ms, actual_date=D(2026, 2, 1))
    accept(world, submit(world, percent=99))
    assert item_fields(world.own_item)["completed_on"] is None


def test_completion_date_is_kept_by_later_refreshes_even_through_stale_objects(world, clock):
    ms = Milestone.objects.create(
        item=world.own_item, title="开工", planned_date=D(2026, 2, 1), actual_date=D(2026, 2, 1)
    )
    stale = Milestone.objects.select_related("item").get(pk=ms.pk)
    assert stale.item.completed_on is None
    accept(world, submit(world, percent=100))
    assert item_fields(world.own_item)["completed_on"] == D(2026, 4, 10)
    clock.set(2026, 4, 20)
    services.update_milestone(act(world, R.SUPERVISOR), stale, title="项目开工")
    services.update_item(act(world, R.SUPERVISOR), world.own_item, title="新标题")
    assert item_fields(world.own_item)["completed_on"] == D(2026, 4, 10)


def test_last_report_period_counts_every_report(world):
    accept(world, submit(world, period=D(2026, 2, 1), percent=20))
    services.return_report(act(world, R.SUPERVISOR), submit(world, period=D(2026, 3, 1), percent=30), reason="补")
    assert item_fields(world.own_item)["progress"] == 20
    assert item_fields(world.own_item)["last_report_period"] == D(2026, 3, 1)


def test_database_state_agrees_with_the_pure_status(world):
    """ItemQuerySet.with_state / in_state / overdue say what status.derive_state says, on the same day."""
    leader, today = world.user(R.LEADER), D(2026, 4, 10)
    cases = {
        "future": {"start_date": D(2026, 5, 1), "due_date": D(2026, 6, 30)},
        "future-progress": {"start_date": D(2026, 5, 1), "due_date": D(2026, 6, 30), "progress": 10},
        "future-milestone": {"start_date": D(2026, 5, 1), "due_date": D(2026, 6, 30), "milestones_met": 1},
        "starts-today": {"start_date": today, "due_date": D(2026, 6, 30)},
        "due-today": {"start_date": D(2026, 3, 1), "due_date": today},
        "overdue": {"start_date": D(2026, 3, 1), "due_date": D(2026, 4, 1)},
        "done-late": {"start_date": D(2026, 1, 1), "due_date": D(2026, 2, 1), "completed_on": D(2026, 3, 1)},
        "one-day": {"start_date": D(2026, 4, 9), "due_date": D(2026, 4, 9)},
    }
    items = {
        name: make_item(world.area, f"9-{i:02d}", world.bureau, leader, **kw)
        for i, (name, kw) in enumerate(cases.items())
    }
    rows = {i.pk: i for i in Item.objects.filter(code__startswith="9-").with_state(today)}
    for name, item in items.items():
        expected = status.derive_state(
            today, item.start_date, item.due_date, item.completed_on, item.progress, item.milestones_met
        )
        row = rows[item.pk]
        assert (row.state, row.is_overdue) == (expected.status, expected.overdue), name
        for state in (status.NOT_STARTED, status.IN_PROGRESS, status.DONE):
            in_state = Item.objects.in_state(state, today).filter(pk=item.pk).exists()
            assert in_state is (expected.status == state), (name, state)
        assert Item.objects.overdue(today).filter(pk=item.pk).exists() is expected.overdue, name


def test_weekly_campaign_reports_per_iso_week(world, clock):
    services.update_campaign(act(world, R.SUPERVISOR), world.campaign, cycle=Cycle.WEEKLY)
    current = submit(world, period=D(2026, 4, 8), percent=10)  # a Wednesday: the week starts on Monday 6 April
    assert (current.period_start, current.is_late, str(current)) == (D(2026, 4, 6), False, "2-01 2026年第15周")
    last_week = submit(world, period=D(2026, 4, 5), percent=10)  # a Sunday: the week of Monday 30 March
    assert (last_week.period_start, last_week.is_late) == (D(2026, 3, 30), False)  # ends 5 April, due 10 April
    assert submit(world, period=D(2026, 3, 29), percent=10).is_late is True  # ends 29 March, due 3 April
    with pytest.raises(ValidationError):
        submit(world, period=D(2026, 4, 13))  # next week
    assert Report.objects.filter(item=world.own_item).count() == 3


def test_refresh_item_repairs_derived_values_without_audit(world):
    Item.objects.filter(pk=world.own_item.pk).update(progress=77, milestones_total=9)
    count = AuditLog.objects.count()
    services.refresh_item(world.own_item)
    assert item_fields(world.own_item)["progress"] == 0
    assert item_fields(world.own_item)["milestones_total"] == 0
    assert AuditLog.objects.count() == count


# ===================================================================================================
# Leader actions
# ===================================================================================================


def test_record_leader_action_audit(world):
    a = act(world, R.LEADER)
    la = services.record_leader_action(
        a,
        world.other_item,
        leader=world.user(R.LEADER),
        date=D(2026, 4, 10),
        kind=LeaderActionKind.DEPLOY,
        note=" 现场部署 ",
    )
    after = {
        "id": la.pk,
        "item": str(world.other_item),
        "leader": "区长",
        "date": "2026-04-10",
        "kind": "deploy",
        "note": "现场部署",
    }
    assert_log(last_log(), "leader_action.create", a, la, parent=world.other_item, after=after)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": D(2026, 4, 11)}, "date"),
        ({"leader": R.CLERK}, "leader"),
        ({"note": "  "}, "note"),
        ({"kind": "visit"}, "kind"),
    ],
)
def test_record_leader_action_validation(world, change, field):
    data = {"leader": world.user(R.LEADER), "date": D(2026, 4, 1), "kind": LeaderActionKind.ENQUIRE, "note": "过问"}
    data.update(change)
    if change.get("leader"):
        data["leader"] = world.user(R.CLERK)
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        services.record_leader_action(act(world, R.SUPERVISOR), world.own_item, **data)
    assert set(messages_of(exc)) == {field}
    assert db_state() == before


def test_delete_leader_action_audit(world):
    la = LeaderAction.objects.create(
        item=world.own_item,
        leader=world.user(R.LEADER),
        date=D(2026, 4, 1),
        kind=LeaderActionKind.SUPERVISE,
        note="督办",
    )
    pk = la.pk
    services.delete_leader_action(act(world, R.SUPERVISOR), la)
    assert not LeaderAction.objects.filter(pk=pk).exists()
    log = last_log()
    assert (log.action, log.object_id, log.after) == ("leader_action.delete", str(pk), None)
    assert log.before == {
        "id": pk,
        "item": str(world.own_item),
        "leader": "区长",
        "date": "2026-04-01",
        "kind": "supervise",
        "note": "督办",
    }
    assert (log.parent_type, log.parent_id) == (ct(Item), str(world.own_item.pk))


# ===================================================================================================
# Organisation: units and users
# ===================================================================================================


def test_create_unit_sets_the_path_and_audits(world):
    a = act(world, R.SYSADMIN)
    unit = org_services.create_unit(a, name="区财政局", code="CZJ", parent=world.district)
    assert unit.path == f"{world.district.path}{unit.pk}/"
    after = {
        "id": unit.pk,
        "name": "区财政局",
        "short_name": "",
        "code": "CZJ",
        "kind": "bureau",
        "parent": str(world.district),
        "path": unit.path,
        "sort_order": 0,
        "is_active": True,
    }
    assert_log(last_log(), "unit.create", a, unit, after=after)
    root = org_services.create_unit(a, name="市委", code="SW", kind=UnitKind.PARTY_COMMITTEE)
    assert root.path == f"/{root.pk}/"


def test_create_unit_validation(world):
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        org_services.create_unit(act(world, R.SYSADMIN), name="区发展和改革局", code="FGJ")
    assert set(messages_of(exc)) == {"name", "code"}
    assert db_state() == before


def test_moving_a_unit_moves_its_subtree(world):
    a = act(world, R.SYSADMIN)
    bureau, sub, street = world.bureau, world.sub_office, world.street
    unit = org_services.update_unit(a, bureau, parent=street)
    bureau.refresh_from_db()
    sub.refresh_from_db()
    assert bureau.path == f"/{world.district.pk}/{street.pk}/{bureau.pk}/"
    assert sub.path == f"/{world.district.pk}/{street.pk}/{bureau.pk}/{sub.pk}/"
    log = last_log()
    assert changes_of(log) == sorted(
        [
            ("parent", str(world.district), str(street)),
            ("path", f"/{world.district.pk}/{bureau.pk}/", bureau.path),
        ]
    )
    assert_log(log, "unit.update", a, unit, before=log.before, after=log.after)
    # the street's scope now covers the bureau's item
    street_clerk = User.objects.get(pk=world.user("street_clerk").pk)
    assert set(Item.objects.restrict(street_clerk, "view").values_list("code", flat=True)) == {"2-01", "2-02", "2-03"}


@pytest.mark.parametrize("target", ["self", "child", "grandchild"])
def test_a_unit_cannot_move_below_itself(world, target):
    deeper = Unit.objects.create(name="项目科一组", code="FGJ-XM-1", parent=world.sub_office)
    deeper.path = f"{world.sub_office.path}{deeper.pk}/"
    deeper.save()
    parent = {"self": world.bureau, "child": world.sub_office, "grandchild": deeper}[target]
    before = db_state()
    bureau = Unit.objects.get(pk=world.bureau.pk)
    with pytest.raises(ValidationError) as exc:
        org_services.update_unit(act(world, R.SYSADMIN), bureau, parent=parent)
    assert set(messages_of(exc)) == {"parent"}
    assert db_state() == before


def test_moving_under_a_stale_parent_object_uses_its_current_path(world):
    a = act(world, R.SYSADMIN)
    sub = Unit.objects.get(pk=world.sub_office.pk)  # loaded before its parent moves
    org_services.update_unit(a, Unit.objects.get(pk=world.bureau.pk), parent=world.street)
    finance = org_services.create_unit(a, name="区财政局", code="CZJ", parent=world.district)
    org_services.update_unit(a, finance, parent=sub)
    finance.refresh_from_db()
    sub.refresh_from_db()
    assert finance.path == f"{sub.path}{finance.pk}/"
    # and the cycle check sees the current tree too
    with pytest.raises(ValidationError):
        org_services.update_unit(a, Unit.objects.get(pk=world.street.pk), parent=Unit.objects.get(pk=finance.pk))


def test_update_unit_audit_takes_before_from_the_database(world):
    a = act(world, R.SYSADMIN)
    unit = Unit.objects.get(pk=world.street.pk)
    unit.short_name = "新湖"  # as a bound form would
    org_services.update_unit(a, unit, short_name="新湖")
    assert changes_of(last_log()) == sorted([("short_name", str(world.street), "新湖")])


def test_create_user_audit(world):
    a = act(world, R.SYSADMIN)
    user = org_services.create_user(
        a,
        username="zhangsan",
        display_name="张三",
        unit=world.street,
        roles=[R.CLERK, R.CADRE],
        password="Xinhu-2026-gj",
    )
    assert user.check_password("Xinhu-2026-gj")
    log = last_log()
    assert "password" not in log.after
    assert log.after["roles"] == ["cadre", "clerk"]
    assert log.after["groups"] == ["cadre", "clerk"]
    assert (log.after["username"], log.after["display_name"]) == ("zhangsan", "张三")
    assert log.after["unit"] == str(world.street)
    assert_log(log, "user.create", a, user, after=log.after)


def test_create_user_without_password_cannot_log_in(world):
    user = org_services.create_user(act(world, R.SYSADMIN), username="lisi", unit=world.bureau)
    assert not user.has_usable_password()
    assert last_log().after["roles"] == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"username": "clerk"}, "username"),
        ({"password": "12345678"}, "password"),
        ({"password": "wangwu"}, "password"),
        ({"roles": ["clerk", "boss"]}, "roles"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_create_user_validation_names_the_field(world, kwargs, field):
    data = {"username": "wangwu", "unit": world.bureau, **kwargs}
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        org_services.create_user(act(world, R.SYSADMIN), **data)
    assert field in messages_of(exc)
    assert db_state() == before


def test_update_user_audit(world):
    a = act(world, R.SYSADMIN)
    clerk = User.objects.get(pk=world.user(R.CLERK).pk)
    clerk.phone = "0534-1234567"  # as a bound form would
    org_services.update_user(a, clerk, phone="0534-1234567", is_active=False)
    log = last_log()
    assert changes_of(log) == sorted([("is_active", True, False), ("phone", "", "0534-1234567")])
    assert_log(log, "user.update", a, clerk, before=log.before, after=log.after)


def test_update_user_cannot_set_the_password_or_superuser(world):
    before = db_state()
    for data in ({"password": "x"}, {"is_superuser": True}):
        with pytest.raises(ValidationError):
            org_services.update_user(act(world, R.SYSADMIN), world.user(R.CLERK), **data)
    assert db_state() == before


def test_set_roles_audit(world):
    a = act(world, R.SYSADMIN)
    cadre = world.user(R.CADRE)
    org_services.set_roles(a, cadre, [R.VIEWER, R.CADRE])
    assert_log(last_log(), "user.roles", a, cadre, before={"roles": ["cadre"]}, after={"roles": ["cadre", "viewer"]})
    assert sorted(User.objects.get(pk=cadre.pk).role_codes) == ["cadre", "viewer"]


def test_set_roles_refuses_unknown_roles(world):
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        org_services.set_roles(act(world, R.SYSADMIN), world.user(R.CADRE), ["superuser"])
    assert set(messages_of(exc)) == {"roles"}
    assert db_state() == before


def test_actor_ip_and_source_are_recorded_for_commands(world):
    unit = org_services.create_unit(Actor.system(world.user(R.SYSADMIN)), name="区审计局", code="SJJ")
    log = last_log()
    assert (log.ip, log.source, log.actor_name, log.object_id) == (None, "command", "sysadmin", str(unit.pk))
