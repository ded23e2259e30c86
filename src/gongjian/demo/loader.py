"""Write the demo into the database.

Units, users, the campaign, its areas, items and milestones, the milestones met and the leaders' actions go
through the services, each with the acting user (source ``command``), so they are validated and audited like
any other change. Past reports cannot go through ``submit_report``: it stamps the current time and refuses
periods long closed. They are written directly with their historical times, each step of their workflow with
an audit record dated when it happened, and every item's derived fields are then recomputed by
``refresh_item``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from gongjian.accounts.models import PasswordRecord
from gongjian.campaigns import services as campaign_services
from gongjian.campaigns import status as item_status
from gongjian.campaigns.choices import ReportStatus
from gongjian.campaigns.models import Campaign, Item, LeaderAction, Milestone, Report
from gongjian.core import registry
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor, record, snapshot
from gongjian.org import services as org_services
from gongjian.org.choices import RoleChoices
from gongjian.org.models import Unit, User

from . import calendar, history
from .data import AREAS, CAMPAIGN, ITEMS, PASSWORD, UNITS, USERS, AreaSpec, ItemSpec, reporters

__all__ = ["DemoConflict", "Login", "Plan", "conflicts", "is_loaded", "load", "loaded_campaign", "logins", "plan_for"]

COMMAND = AuditLog.Source.COMMAND


class DemoConflict(Exception):
    """The database already holds units or accounts the demo would create."""


@dataclass(frozen=True)
class Login:
    username: str
    name: str
    unit: str
    role: str


@dataclass(frozen=True)
class Plan:
    """The demo's plan moved into the year it shows (see :mod:`gongjian.demo.calendar`)."""

    year: int
    campaign: dict
    areas: list[AreaSpec]
    items: list[ItemSpec]


def plan_for(now: dt.datetime) -> Plan:
    """The plan of the campaign the demo shows when loaded at ``now``."""
    year = calendar.demo_year(timezone.localtime(now).date())
    return Plan(
        year=year,
        campaign={**calendar.in_year(CAMPAIGN, year), "year": year},
        areas=calendar.in_year(AREAS, year),
        items=calendar.in_year(ITEMS, year),
    )


def loaded_campaign() -> Campaign | None:
    """The demo's campaign, whichever year it was loaded for, or None."""
    prefix, _, suffix = CAMPAIGN["name"].partition(str(calendar.BASE_YEAR))
    found = [
        c
        for c in Campaign.objects.filter(name__startswith=prefix, name__endswith=suffix).order_by("-year")
        if c.name == calendar.in_year(CAMPAIGN, c.year)["name"]
    ]
    return found[0] if found else None


def is_loaded() -> bool:
    return loaded_campaign() is not None


def conflicts() -> list[str]:
    """Demo units and accounts already present (the demo only fills a database that has none of them)."""
    units = Unit.objects.filter(Q(code__in=[u.code for u in UNITS]) | Q(name__in=[u.name for u in UNITS]))
    users = User.objects.filter(username__in=[u.username for u in USERS])
    return [gettext("unit {code} {name}").format(code=u.code, name=u.name) for u in units] + [
        gettext("user {username}").format(username=u.username) for u in users
    ]


def logins() -> list[Login]:
    """The demo accounts present in the database, in the order of the plan."""
    found = {
        u.username: u for u in User.objects.filter(username__in=[s.username for s in USERS]).select_related("unit")
    }
    return [
        Login(
            s.username,
            s.display_name,
            found[s.username].unit.name if found[s.username].unit else "",
            str(RoleChoices(s.role).label),
        )
        for s in USERS
        if s.username in found
    ]


def _actor(user: User) -> Actor:
    return Actor(user=user, ip=None, source=COMMAND)


# --- organisation -----------------------------------------------------------------------------------------


def _load_org() -> tuple[dict[str, Unit], dict[str, User]]:
    missing = set(RoleChoices.values) - set(Group.objects.values_list("name", flat=True))
    if missing:
        raise LookupError(f"role groups missing: {sorted(missing)} (run migrate first)")
    validate_password(PASSWORD)
    # One hash for every account: hashing 50 passwords with the production hasher would take half a minute.
    password_hash = make_password(PASSWORD)

    # The administrator comes first: every other account and unit is created by them, through the services.
    admin_spec = next(s for s in USERS if s.role == RoleChoices.SYSADMIN)
    admin = User(
        username=admin_spec.username,
        display_name=admin_spec.display_name,
        title=admin_spec.title,
        is_staff=True,
        is_superuser=True,
        password=password_hash,
    )
    admin.full_clean(exclude=["password"])
    admin.save()
    admin.groups.set(Group.objects.filter(name=admin_spec.role))
    record(_actor(admin), "user.create", admin, after={**snapshot(admin), "roles": [admin_spec.role]})
    by_admin = _actor(admin)

    units: dict[str, Unit] = {}
    for i, spec in enumerate(UNITS, start=1):
        units[spec.code] = org_services.create_unit(
            by_admin,
            name=spec.name,
            short_name=spec.short_name,
            code=spec.code,
            kind=spec.kind,
            parent=units[spec.parent] if spec.parent else None,
            sort_order=i * 10,
        )
    org_services.update_user(by_admin, admin, unit=units[admin_spec.unit])

    users: dict[str, User] = {admin.username: admin}
    for spec in USERS:
        if spec.username in users:
            continue
        users[spec.username] = org_services.create_user(
            by_admin,
            roles=[spec.role],
            username=spec.username,
            display_name=spec.display_name,
            title=spec.title,
            unit=units[spec.unit],
        )
    User.objects.filter(pk__in=[u.pk for u in users.values()]).update(password=password_hash)
    # The published password counts as each account's own: the demo does not force a change at first login.
    now = timezone.now()
    PasswordRecord.objects.bulk_create(
        [PasswordRecord(user=u, password=password_hash, set_at=now, must_change=False) for u in users.values()]
    )
    return units, users


# --- plan -------------------------------------------------------------------------------------------------


def _load_plan(plan: Plan, units: dict[str, Unit], users: dict[str, User]) -> tuple[Campaign, dict[str, Item]]:
    by_ducha = _actor(users[history.REVIEWER])
    campaign = campaign_services.create_campaign(by_ducha, **plan.campaign)
    areas = {
        a.number: campaign_services.create_area(
            by_ducha,
            campaign=campaign,
            number=a.number,
            title=a.title,
            plan_text=a.plan_text,
            leader=users[a.leader],
            lead_unit=units[a.lead],
        )
        for a in plan.areas
    }
    items: dict[str, Item] = {}
    for spec in plan.items:
        item = campaign_services.create_item(
            by_ducha,
            co_units=[units[c] for c in spec.co],
            area=areas[spec.area_number],
            code=spec.code,
            kind=spec.kind,
            title=spec.title,
            description=spec.description,
            expected_results=spec.expected,
            leader=users[spec.leader],
            lead_unit=units[spec.lead],
            start_date=spec.start,
            due_date=spec.due,
            weight=spec.weight,
        )
        for title, planned in spec.milestones:
            campaign_services.add_milestone(by_ducha, item, title=title, planned_date=planned)
        items[spec.code] = item
    return campaign, items


# --- history ----------------------------------------------------------------------------------------------


def _apply(sim: Report, event: history.Event, users: dict[str, User]) -> str:
    """Move the in-memory report through one workflow step, as the services would; return the audit action."""
    user = users[event.by]
    at = event.at.astimezone(dt.UTC)  # stored and snapshotted in UTC, as timezone.now() gives it
    if event.content is not None:
        sim.percent = event.content.percent
        sim.narrative = event.content.narrative
        sim.problems = event.content.problems
        sim.next_steps = event.content.next_steps
        sim.status = ReportStatus.SUBMITTED
        sim.submitted_by = user
        sim.submitted_at = at
        sim.reviewed_by = None
        sim.reviewed_at = None
        sim.revision += 1
    elif event.action == history.RETURN:
        sim.status = ReportStatus.RETURNED
        sim.reviewed_by = user
        sim.reviewed_at = at
        sim.return_reason = event.reason
    else:
        sim.status = ReportStatus.ACCEPTED
        sim.reviewed_by = user
        sim.reviewed_at = at
        sim.return_reason = ""
    return f"report.{event.action}"


def _new_report(item: Item, plan: history.ReportPlan, pk: int | None = None) -> Report:
    return Report(
        pk=pk,
        item=item,
        period_start=plan.period.start,
        first_submitted_at=plan.events[0].at.astimezone(dt.UTC),
        is_late=plan.is_late,
        revision=0,
    )


def _write_reports(states: list[history.ItemHistory], items: dict[str, Item], users: dict[str, User]) -> int:
    plans: list[tuple[history.ReportPlan, Report]] = []
    for h in states:
        item = items[h.spec.code]
        for r in h.reports:
            sim = _new_report(item, r)
            for event in r.events:
                _apply(sim, event, users)
            plans.append((r, sim))
    reports = Report.objects.bulk_create([sim for _, sim in plans], batch_size=500)
    # auto_now_add stamped the load time: give each row the time of its own history.
    for (plan, _), report in zip(plans, reports, strict=True):
        report.created_at = plan.events[0].at
        report.updated_at = plan.events[-1].at
    Report.objects.bulk_update(reports, ["created_at", "updated_at"], batch_size=500)

    report_type = ContentType.objects.get_for_model(Report)
    item_type = ContentType.objects.get_for_model(Item)
    audit: list[AuditLog] = []
    for (plan, _), report in zip(plans, reports, strict=True):
        sim = _new_report(report.item, plan, report.pk)
        for event in plan.events:
            before = snapshot(sim) if event.action != history.SUBMIT else None
            action = _apply(sim, event, users)
            actor = users[event.by]
            audit.append(
                AuditLog(
                    at=event.at.astimezone(dt.UTC),
                    actor=actor,
                    actor_name=actor.get_username(),
                    ip=None,
                    source=COMMAND,
                    action=action,
                    content_type=report_type,
                    object_id=str(report.pk),
                    object_repr=str(report)[:300],
                    parent_type=item_type,
                    parent_id=str(report.item_id),
                    before=before,
                    after=snapshot(sim),
                )
            )
    AuditLog.objects.bulk_create(audit, batch_size=500)
    return len(reports)


def _load_history(
    plan: Plan,
    campaign: Campaign,
    items: dict[str, Item],
    units: dict[str, Unit],
    users: dict[str, User],
    now: dt.datetime,
) -> list[history.ItemHistory]:
    local_now = timezone.localtime(now)
    year = history.plan_year(
        campaign.end_date,
        campaign.grace_days,
        campaign.cycle,
        timezone.get_current_timezone(),
        {a.number: a.leader for a in plan.areas},
        {code: unit.short_name or unit.name for code, unit in units.items()},
        plan.items,
    )
    states = history.as_of(year, local_now, campaign.grace_days)

    # Milestones met: recorded by the lead unit's clerk.
    for h in states:
        item = items[h.spec.code]
        clerk = users[(reporters(h.spec.lead) or [history.REVIEWER])[0]]
        milestones = {m.title: m for m in Milestone.objects.filter(item=item)}
        for m in h.milestones:
            if m.actual is not None:
                campaign_services.record_milestone(_actor(clerk), milestones[m.title], actual_date=m.actual)

    _write_reports(states, items, users)

    for h in states:
        item = items[h.spec.code]
        for a in h.actions:
            leader = users[a.leader]
            campaign_services.record_leader_action(
                _actor(leader), item, leader=leader, date=a.date, kind=a.kind, note=a.note
            )

    # An item finished on the day its last report was accepted (or its last milestone met, if later):
    # refresh_item keeps a completion date that is already set and still true, and would otherwise say today.
    for h in states:
        accepted = [r for r in h.reports if r.status == ReportStatus.ACCEPTED]
        latest = max(accepted, key=lambda r: r.period.start) if accepted else None
        met = [m.actual for m in h.milestones if m.actual is not None]
        if latest and item_status.is_complete(latest.content.percent, len(h.milestones), len(met)):
            done = max([timezone.localtime(latest.events[-1].at).date(), *met])
            Item.objects.filter(pk=items[h.spec.code].pk).update(completed_on=done)
    for item in items.values():
        campaign_services.refresh_item(item)
    return states


@dataclass
class DemoContext:
    """What a module's demo part builds on (see core.registry.register_demo)."""

    units: dict[str, Unit]
    users: dict[str, User]
    campaign: Campaign
    items: dict[str, Item]
    now: dt.datetime

    @property
    def year(self) -> int:
        """The campaign's year: "this year" for every module's demo ("last year" is the one before)."""
        return self.campaign.year

    @property
    def today(self) -> dt.date:
        """The local date of the demo's moment (history stops here)."""
        return timezone.localtime(self.now).date()

    @property
    def as_of(self) -> dt.date:
        """The last day of the campaign's year that has happened: today, or 31 December of a year that is over."""
        return min(self.today, dt.date(self.year, 12, 31))


# --- entry point ------------------------------------------------------------------------------------------


@transaction.atomic
def load(now: dt.datetime | None = None) -> dict[str, int]:
    """Create the whole demo in one transaction; ``now`` (default: the current time) fixes what is history.

    The campaign is that of the year :func:`gongjian.demo.calendar.demo_year` gives for ``now``: this year's once
    mobilised (with history up to ``now``), last year's, complete, before that.
    """
    now = now or timezone.now()
    found = conflicts()
    if found:
        raise DemoConflict(", ".join(found))
    plan = plan_for(now)
    units, users = _load_org()
    campaign, items = _load_plan(plan, units, users)
    states = _load_history(plan, campaign, items, units, users, now)
    context = DemoContext(units=units, users=users, campaign=campaign, items=items, now=now)
    module_lines = [line for part in registry.demo_loaders if (line := part(context))]

    reports = Report.objects.filter(item__area__campaign=campaign)
    by_status = Counter(reports.values_list("status", flat=True))
    return {
        "units": len(units),
        "users": len(users),
        "areas": campaign.areas.count(),
        "items": len(items),
        "milestones": Milestone.objects.filter(item__area__campaign=campaign).count(),
        "milestones_met": Milestone.objects.filter(item__area__campaign=campaign, actual_date__isnull=False).count(),
        "reports": reports.count(),
        "reports_accepted": by_status[ReportStatus.ACCEPTED],
        "reports_submitted": by_status[ReportStatus.SUBMITTED],
        "reports_returned": by_status[ReportStatus.RETURNED],
        "reports_late": reports.filter(is_late=True).count(),
        "reports_missing": sum(len(h.missing) for h in states),
        "leader_actions": LeaderAction.objects.filter(item__area__campaign=campaign).count(),
        "items_done": Item.objects.filter(area__campaign=campaign, completed_on__isnull=False).count(),
        "module_lines": module_lines,
    }
