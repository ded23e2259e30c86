"""Builders for tests: a small district with one user per role, a campaign, areas and items.

Objects are created directly (not through services) because they are the *given* of a test, not the behaviour
under test; the services are exercised by the tests themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group

from gongjian.campaigns.models import Area, Campaign, Item
from gongjian.org.choices import RoleChoices, UnitKind
from gongjian.org.models import Unit, User

__all__ = [
    "PASSWORD",
    "WORLD_TODAY",
    "World",
    "api_token",
    "build_world",
    "local_moment",
    "make_item",
    "make_unit",
    "make_user",
]

#: The moment a test set in the test world's year (``build_world()``: 2026) runs at when it asks for the
#: ``world_today`` fixture: a test that compares its fixed dates with "today" says which today it means.
WORLD_TODAY = dt.datetime(2026, 11, 16, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def local_moment(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """``day`` at ``hour:minute`` in the platform's time zone: where a test moves the clock (time_machine)."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo("Asia/Shanghai"))


PASSWORD = "Gj-test-pass-2026"  # noqa: S105 - test fixture password


def make_unit(name: str, code: str, parent: Unit | None = None, kind: str = UnitKind.BUREAU) -> Unit:
    unit = Unit.objects.create(name=name, short_name=name[:10], code=code, parent=parent, kind=kind)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


def make_user(username: str, unit: Unit | None, *roles: str, display_name: str = "") -> User:
    from gongjian.accounts.models import PasswordRecord

    user = User.objects.create_user(username=username, password=PASSWORD, unit=unit, display_name=display_name)
    # The test password counts as the user's own choice: no forced change at the first login through the page.
    PasswordRecord.objects.create(user=user, password=user.password, set_at=user.date_joined)
    if roles:
        user.groups.set(Group.objects.filter(name__in=roles))
    return user


def api_token(user, scope: str = "write", days: int = 30) -> str:
    """The secret of a new API token of ``user`` (read-write unless asked), for ``Authorization: Token ...``."""
    from django.utils import timezone

    from gongjian.accounts.models import ApiToken
    from gongjian.accounts.services import create_token
    from gongjian.core.services import Actor

    token, secret = create_token(Actor(user=user, source="api"), name="test", scope=scope, days=days)
    # As if just used: the first request of a test then runs the same queries as the next ones (the last use is
    # recorded at most once a minute).
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return secret


def make_item(area: Area, code: str, lead_unit: Unit, leader: User, *, co_units=(), **kw) -> Item:
    campaign = area.campaign
    defaults = {
        "title": f"事项 {code}",
        "start_date": campaign.start_date,
        "due_date": campaign.end_date,
    }
    defaults.update(kw)
    item = Item.objects.create(area=area, code=code, lead_unit=lead_unit, leader=leader, **defaults)
    if co_units:
        item.co_units.set(co_units)
    return item


@dataclass
class World:
    district: Unit
    bureau: Unit  # 发改局
    sub_office: Unit  # a section below the bureau
    street: Unit  # 街道, another unit
    users: dict[str, User] = field(default_factory=dict)
    campaign: Campaign | None = None
    area: Area | None = None
    own_item: Item | None = None  # led by the bureau
    coop_item: Item | None = None  # led by the street, the bureau co-operates
    other_item: Item | None = None  # the street's alone: outside the bureau's scope

    def user(self, role: str) -> User:
        return self.users[role]


def build_world(year: int = 2026) -> World:
    """Units: 区政府 → 发改局 → 项目科, and 新湖街道. One user per role; unit roles sit in 发改局."""
    district = make_unit("德城区人民政府", "GOV", kind=UnitKind.GOVERNMENT)
    bureau = make_unit("区发展和改革局", "FGJ", district)
    sub_office = make_unit("发改局项目科", "FGJ-XM", bureau)
    street = make_unit("新湖街道办事处", "XH", district, kind=UnitKind.STREET)
    w = World(district, bureau, sub_office, street)
    w.users[RoleChoices.LEADER] = make_user("leader", district, RoleChoices.LEADER, display_name="区长")
    w.users[RoleChoices.SUPERVISOR] = make_user("supervisor", district, RoleChoices.SUPERVISOR, display_name="督查室")
    w.users[RoleChoices.UNIT_ADMIN] = make_user("unitadmin", bureau, RoleChoices.UNIT_ADMIN)
    w.users[RoleChoices.CLERK] = make_user("clerk", bureau, RoleChoices.CLERK)
    w.users[RoleChoices.CADRE] = make_user("cadre", bureau, RoleChoices.CADRE)
    w.users[RoleChoices.VIEWER] = make_user("viewer", bureau, RoleChoices.VIEWER)
    w.users[RoleChoices.SYSADMIN] = make_user("sysadmin", district, RoleChoices.SYSADMIN)
    w.users[RoleChoices.SECADMIN] = make_user("secadmin", district, RoleChoices.SECADMIN)
    w.users[RoleChoices.AUDITADMIN] = make_user("auditadmin", district, RoleChoices.AUDITADMIN)
    w.users["street_clerk"] = make_user("streetclerk", street, RoleChoices.CLERK)
    w.users["nobody"] = make_user("nobody", bureau)
    w.campaign = Campaign.objects.create(
        name=f"{year}年重点工作攻坚年", year=year, start_date=dt.date(year, 1, 1), end_date=dt.date(year, 12, 31)
    )
    leader = w.users[RoleChoices.LEADER]
    w.area = Area.objects.create(campaign=w.campaign, number=2, title="攻产业不强之坚", leader=leader, lead_unit=bureau)
    w.own_item = make_item(w.area, "2-01", bureau, leader, title="重大技改项目推进")
    w.coop_item = make_item(w.area, "2-02", street, leader, co_units=[bureau], title="梯队培育")
    w.other_item = make_item(w.area, "2-03", street, leader, title="街道楼宇招商")
    return w


def run_machine(machine, *, examples: int, steps: int) -> None:
    """Run a Hypothesis rule-based state machine inside the test's database transaction: the same runs every
    time (derandomised: a check of what the runs reached must not be left to chance), no deadline (database
    writes), nothing kept between runs of the suite."""
    from hypothesis import HealthCheck, settings
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
