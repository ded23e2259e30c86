import datetime as dt
from collections import Counter
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Max, Q
from django.test import override_settings
from django.utils import timezone, translation

from gongjian.campaigns import periods
from gongjian.campaigns.choices import ItemKind, ReportStatus
from gongjian.campaigns.models import Area, Campaign, Item, LeaderAction, Milestone, Report
from gongjian.core.models import AuditLog
from gongjian.demo import calendar, data, history, loader
from gongjian.org.choices import RoleChoices as R
from gongjian.org.models import Unit, User

TZ = ZoneInfo("Asia/Shanghai")


def run(*args) -> str:
    """The command as run from a shell: in the site's language, whatever an earlier test left active."""
    out = StringIO()
    with translation.override(settings.LANGUAGE_CODE):
        call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Unit, User, Campaign, Area, Item, Milestone, Report, LeaderAction, AuditLog)
    }


def campaign() -> Campaign:
    found = loader.loaded_campaign()
    assert found is not None
    return found


# --- loading and history ---------------------------------------------------------------------------------


@pytest.mark.dates
class TestLoadedDemo:
    """Read-only checks on one load of the demo, as of today (the calendar-edge runs move today)."""

    def test_loads_the_plan_of_the_interview(self, demo):
        assert Unit.objects.count() == len(data.UNITS) == 27
        assert Unit.objects.filter(parent__isnull=True).count() == 2  # 区委 and 区政府
        gxj = Unit.objects.get(code="GXJ")
        assert gxj.parent.code == "QZF"
        assert gxj.path == f"{gxj.parent.path}{gxj.pk}/"

        roles = Counter(g for u in User.objects.prefetch_related("groups") for g in u.role_codes)
        assert roles[R.LEADER] == 8
        assert roles[R.SUPERVISOR] == 1
        assert roles[R.SYSADMIN] == 1
        assert roles[R.UNIT_ADMIN] == 16
        assert roles[R.CLERK] == 20
        assert roles[R.CADRE] == 4
        assert roles[R.VIEWER] == 1
        assert roles[R.SECADMIN] == roles[R.AUDITADMIN] == 1
        assert all(len(u.role_codes) == 1 for u in User.objects.all())
        # 三权分立: three administrators, three people; only the system administrator works in the admin site.
        admins = {u.username: u for u in User.objects.filter(username__in=["admin", "anquan", "shenji"])}
        assert admins["anquan"].role_codes == [R.SECADMIN] and admins["shenji"].role_codes == [R.AUDITADMIN]
        assert not admins["anquan"].is_staff and not admins["shenji"].is_staff
        assert admins["anquan"].display_name == "安全管理员" and admins["shenji"].display_name == "审计管理员"

        c = campaign()
        assert c.year == calendar.demo_year(timezone.localdate())
        assert c.name == f"德城区{c.year}年重点工作攻坚年"
        assert (c.start_date, c.end_date, c.cycle, c.grace_days) == (
            dt.date(c.year, 3, 20),
            dt.date(c.year, 12, 31),
            "monthly",
            5,
        )
        areas = list(c.areas.order_by("number"))
        assert [a.title for a in areas] == [
            "攻思想落后之“坚”",
            "攻产业不强之“坚”",
            "攻空间不足之“坚”",
            "攻落实不快之“坚”",
        ]
        assert all(a.plan_text and a.leader and a.lead_unit for a in areas)

        items = Item.objects.filter(area__campaign=c)
        assert 35 <= items.count() <= 45
        majors = items.filter(kind=ItemKind.MAJOR_PROJECT)
        assert majors.count() == 11
        assert majors.filter(title__startswith="格瑞德高性能风电机舱罩").exists()
        for item in items.prefetch_related("leader__groups"):
            assert c.start_date <= item.start_date <= item.due_date <= c.end_date
            assert "leader" in item.leader.role_codes
            assert 1 <= item.milestones.count() <= 4
        assert Report.objects.count() > 150
        assert LeaderAction.objects.count() > 40
        assert "已加载演示数据" in demo.output

    def test_prints_the_logins(self, demo):
        assert f"所有账号的密码均为：{data.PASSWORD}" in demo.output
        for spec in data.USERS:
            assert spec.username in demo.output
        assert "区委书记" in demo.output and "督查室" in demo.output
        assert "安全管理员" in demo.output and "审计管理员" in demo.output

    def test_second_run_changes_nothing(self, demo):
        before = snapshot_counts()
        again = run()
        assert snapshot_counts() == before
        assert "演示数据已加载" in again
        assert "shuji" in again and data.PASSWORD in again

    def test_every_account_logs_in_with_the_demo_password(self, demo, client):
        for spec in data.USERS:
            user = authenticate(username=spec.username, password=data.PASSWORD)
            assert user is not None, spec.username
            assert authenticate(username=spec.username, password="wrong-password") is None
        admin = User.objects.get(username="admin")
        assert admin.is_staff and admin.is_superuser  # the Django admin works for them
        assert client.login(username="admin", password=data.PASSWORD)

    def test_derived_fields_follow_reports_and_milestones(self, demo):
        today = timezone.localdate()
        done = overdue = 0
        for item in Item.objects.filter(area__campaign=campaign()):
            accepted = item.reports.filter(status=ReportStatus.ACCEPTED).order_by("-period_start").first()
            assert item.progress == (accepted.percent if accepted else 0)
            milestones = list(item.milestones.all())
            assert item.milestones_total == len(milestones)
            assert item.milestones_met == sum(1 for m in milestones if m.actual_date)
            assert item.last_report_period == item.reports.aggregate(m=Max("period_start"))["m"]
            complete = accepted is not None and accepted.percent == 100 and item.milestones_met == len(milestones)
            assert (item.completed_on is not None) == complete
            if complete:
                done += 1
                # Completed on the day the last report was accepted or the last milestone met, not on load day.
                assert item.completed_on == max(
                    [timezone.localtime(accepted.reviewed_at).date(), *[m.actual_date for m in milestones]]
                )
                assert item.completed_on <= today
            elif item.due_date < today:
                overdue += 1
            # Percent complete never falls from one accepted report to the next.
            percents = list(
                item.reports.filter(status=ReportStatus.ACCEPTED)
                .order_by("period_start")
                .values_list("percent", flat=True)
            )
            assert percents == sorted(percents)
        if today >= dt.date(campaign().year, 11, 1):
            assert done >= 8
            assert overdue >= 2

    def test_reports_mix_on_time_late_returned_submitted_and_missing(self, demo):
        c = campaign()
        today = timezone.localdate()
        reports = Report.objects.filter(item__area__campaign=c)
        assert reports.filter(status=ReportStatus.ACCEPTED, is_late=False, revision=1).exists()
        assert reports.filter(is_late=True).exists()
        assert reports.filter(status=ReportStatus.SUBMITTED).count() >= 3
        assert reports.filter(status=ReportStatus.RETURNED).exclude(return_reason="").count() >= 1
        # Returned, corrected and resubmitted, then accepted: the return is in the audit trail.
        resubmitted = reports.filter(status=ReportStatus.ACCEPTED, revision__gt=1).first()
        assert resubmitted is not None
        assert AuditLog.objects.filter(object_id=str(resubmitted.pk), action="report.return").exists()

        # Missing: ended periods past their deadline without a report, within each item's reporting span.
        expected = 0
        have = set(reports.values_list("item_id", "period_start"))
        missing = 0
        for item in Item.objects.filter(area__campaign=c):
            last = item.due_date
            if item.completed_on:
                last = item.last_report_period
            for p in periods.periods_between(item.start_date, last, c.cycle):
                if periods.deadline(p, c.grace_days) < today:
                    expected += 1
                    missing += (item.pk, p.start) not in have
        late_share = reports.filter(is_late=True).count() / reports.count()
        assert 0.05 <= late_share <= 0.25
        if expected >= 100:
            assert 0.07 <= missing / expected <= 0.18

    def test_the_cockpit_of_the_last_month_shows_the_colours_of_then(self, demo, client):
        """The colour history is spread over the months that ended (not stamped on the day of loading), so the
        cockpit's default month, the last one ended, has its items' colours."""
        from gongjian.supervision.demo import month_ends
        from gongjian.supervision.models import ColourRecord

        today = timezone.localdate()
        found = campaign()
        ends = month_ends(found.start_date, min(today, found.end_date + dt.timedelta(days=1)))
        judged = set(ColourRecord.objects.filter(source="item").values_list("judged_on", flat=True))
        assert judged <= {*ends, today}
        assert set(ends) <= judged | {today}  # every month end judged (an unchanged colour adds no record)
        if today <= found.end_date:  # while the campaign runs, the day of loading is judged too
            assert today in judged | set(ends)
        assert ColourRecord.objects.filter(source="item", judged_on__in=ends[:1]).count() == (
            Item.objects.filter(area__campaign=found).count() if ends else 0
        )
        assert client.login(username="shuji", password=data.PASSWORD)
        body = client.get("/api/cockpit/").json()
        areas = next(w for w in body["widgets"] if w["key"] == "areas")
        counted = sum(point["value"] for series in areas["series"] for point in series["data"])
        assert counted == Item.objects.filter(area__campaign=found).count() and not areas["empty"]
        trend = next(w for w in body["widgets"] if w["key"] == "trend")
        assert sum(point["value"] for series in trend["series"] for point in series["data"]) > 0

    def test_the_robots_post_to_the_local_robot_page(self, demo, client):
        from gongjian.supervision.models import Delivery, UnitWebhook
        from gongjian.supervision.views import ROBOT_ECHO_PATH

        robots = UnitWebhook.objects.select_related("unit")
        assert {(h.unit.code, h.channel) for h in robots} == {("SWJ", "wecom"), ("FGJ", "dingtalk")}
        assert all(h.url.endswith(ROBOT_ECHO_PATH) and h.url.startswith("http://127.0.0.1") for h in robots)
        assert client.login(username="ducha", password=data.PASSWORD)
        page = client.get(ROBOT_ECHO_PATH)
        assert page.context["page"].paginator.count == Delivery.objects.filter(webhook__in=robots).count()

    def test_no_history_in_the_future(self, demo):
        now = timezone.now()
        today = timezone.localdate()
        for r in Report.objects.select_related("item__area__campaign"):
            assert r.period.end < today
            assert r.first_submitted_at <= r.submitted_at < now
            assert r.reviewed_at is None or r.submitted_at < r.reviewed_at < now
            assert (r.reviewed_at is None) == (r.status == ReportStatus.SUBMITTED)
            assert r.is_late == (timezone.localtime(r.first_submitted_at).date() > periods.deadline(r.period, 5))
            assert r.submitted_by.has_perm("campaigns.report_item") and r.submitted_by.unit == r.item.lead_unit
            assert r.reviewed_by is None or r.reviewed_by.username == "ducha"
            assert r.created_at == r.first_submitted_at
        assert not Milestone.objects.filter(actual_date__gt=today).exists()
        assert not LeaderAction.objects.filter(date__gt=today).exists()
        for action in LeaderAction.objects.select_related("leader"):
            assert "leader" in action.leader.role_codes

    def test_every_report_step_is_audited_when_it_happened(self, demo):
        report = Report.objects.filter(revision=2, status=ReportStatus.ACCEPTED).first()
        trail = list(AuditLog.objects.filter(object_id=str(report.pk), content_type__model="report").order_by("at"))
        assert [a.action for a in trail] == ["report.submit", "report.return", "report.resubmit", "report.accept"]
        assert trail[0].at == report.first_submitted_at
        assert trail[0].actor == trail[2].actor == report.submitted_by
        assert trail[1].actor.username == trail[3].actor.username == "ducha"
        assert trail[-1].at == report.reviewed_at
        assert trail[-1].after["status"] == "accepted"
        assert all(a.source == AuditLog.Source.COMMAND for a in trail)
        for r in Report.objects.all():
            assert AuditLog.objects.filter(
                object_id=str(r.pk), action="report.submit", at=r.first_submitted_at
            ).exists()


def test_refuses_in_production(db):
    with override_settings(PRODUCTION=True), pytest.raises(CommandError, match="production"):
        run()
    assert not Campaign.objects.exists()
    assert not User.objects.exists()


def test_refuses_when_demo_accounts_exist_without_the_demo(db):
    User.objects.create_user("shuji", password="x")
    with pytest.raises(CommandError, match="shuji"):
        run()
    assert not Campaign.objects.exists()
    assert User.objects.count() == 1  # nothing half-loaded


@pytest.mark.parametrize(
    ("now", "months"),
    [
        (dt.datetime(2026, 5, 6, 10, 0, tzinfo=TZ), {3, 4}),
        (dt.datetime(2026, 7, 31, 23, 0, tzinfo=TZ), {3, 4, 5, 6}),  # July has not ended
    ],
)
def test_history_stops_at_the_day_it_is_loaded(db, now, months):
    counts = loader.load(now=now)
    reported = set(Report.objects.values_list("period_start__month", flat=True))
    assert reported <= months
    assert max(reported) == max(months)
    assert not Report.objects.filter(submitted_at__gte=now).exists()
    assert not Report.objects.filter(reviewed_at__gte=now).exists()
    assert not Milestone.objects.filter(actual_date__gt=now.date()).exists()
    assert not LeaderAction.objects.filter(date__gt=now.date()).exists()
    assert counts["reports_submitted"] >= 3
    for item in Item.objects.all():
        accepted = item.reports.filter(status=ReportStatus.ACCEPTED).order_by("-period_start").first()
        assert item.progress == (accepted.percent if accepted else 0)
        assert item.completed_on is None or item.completed_on < now.date()


def test_before_the_mobilisation_the_demo_shows_last_years_campaign_complete(db, time_machine):
    now = dt.datetime(2026, 3, 10, 9, 0, tzinfo=TZ)
    time_machine.move_to(now)
    loader.load(now=now)
    c = campaign()
    assert (c.year, c.name, c.start_date, c.end_date) == (
        2025,
        "德城区2025年重点工作攻坚年",
        dt.date(2025, 3, 20),
        dt.date(2025, 12, 31),
    )
    assert Item.objects.count() == len(data.ITEMS)
    assert not Item.objects.filter(due_date__year__gt=2025).exists()
    # The whole year has happened: every month from March to December was reported, nothing after today.
    assert set(Report.objects.values_list("period_start__month", flat=True)) == set(range(3, 13))
    assert not Report.objects.filter(period_start__year=2026).exists()
    assert not Report.objects.filter(submitted_at__gte=now).exists()
    assert not LeaderAction.objects.filter(date__gt=now.date()).exists()


def _dated_after(day: dt.date) -> list[str]:
    """Everything of the demo dated after ``day``: history must stop at the moment the demo is loaded."""
    from gongjian.buildings.models import Tenancy
    from gongjian.enterprises.models import EnterpriseYearStatus
    from gongjian.pairing.models import Visit

    checks = {
        "report": Report.objects.filter(period_start__gt=day),
        "milestone": Milestone.objects.filter(actual_date__gt=day),
        "leader action": LeaderAction.objects.filter(date__gt=day),
        "move-in": Tenancy.objects.filter(move_in__gt=day),
        "move-out": Tenancy.objects.filter(move_out__gt=day),
        "规上 entry": EnterpriseYearStatus.objects.filter(entered_on__gt=day),
        "visit": Visit.objects.filter(date__gt=day),
    }
    return [name for name, qs in checks.items() if qs.exists()]


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        (dt.datetime(2027, 1, 1, 7, 0, tzinfo=TZ), 2026),  # New Year's morning: UTC is still in 2026
        (dt.datetime(2028, 2, 29, 10, 0, tzinfo=TZ), 2027),  # a leap day, before 2028's mobilisation
    ],
)
def test_loaded_at_the_turn_of_the_year_the_demo_shows_the_year_just_ended(db, time_machine, moment, year):
    from gongjian.buildings.models import BuildingPlan
    from gongjian.enterprises.models import EnterpriseFigure, EnterpriseYearStatus
    from gongjian.landuse.models import EvaluationYear

    time_machine.move_to(moment)
    counts = loader.load(now=moment)
    c = campaign()
    assert (c.year, c.name) == (year, f"德城区{year}年重点工作攻坚年")
    assert (c.start_date, c.end_date) == (dt.date(year, 3, 20), dt.date(year, 12, 31))
    assert not Item.objects.filter(Q(start_date__year__lt=year) | Q(due_date__year__gt=year)).exists()
    # Every month of the campaign has its reports; the year is over, so no item is left without a verdict.
    assert set(Report.objects.values_list("period_start__year", "period_start__month").distinct()) >= {
        (year, m) for m in range(3, 12)
    }
    assert counts["reports_accepted"] > 150
    assert _dated_after(moment.date()) == []
    # The other modules follow the campaign's year: "this year" is the campaign's, "last year" the one before.
    assert set(EnterpriseYearStatus.objects.values_list("year", flat=True)) == {year - 1, year}
    assert set(EnterpriseFigure.objects.filter(month=12).values_list("year", flat=True)) == {year - 1, year}
    assert set(BuildingPlan.objects.values_list("year", flat=True)) == {year}
    assert BuildingPlan.objects.filter(progress__quarter=4).exists()  # the year's four quarters are over
    assert set(EvaluationYear.objects.values_list("year", flat=True)) == {year - 1, year}
    assert any(f"{year}年新增规上" in line for line in counts["module_lines"])


# --- the plan itself (no database) --------------------------------------------------------------------------


def _year():
    return history.plan_year(
        dt.date(2026, 12, 31),
        5,
        "monthly",
        TZ,
        {a.number: a.leader for a in data.AREAS},
        {u.code: u.short_name for u in data.UNITS},
    )


def test_history_is_reproducible_and_independent_of_the_day():
    september = dt.datetime(2026, 9, 15, 12, 0, tzinfo=TZ)
    assert history.as_of(_year(), september, 5) == history.as_of(_year(), september, 5)

    # What happened in April is the same whether the demo is loaded in September or in December.
    def april(now):
        return {
            (r.code, r.events) for h in history.as_of(_year(), now, 5) for r in h.reports if r.period.start.month == 4
        }

    assert april(september) == april(dt.datetime(2026, 12, 20, 12, 0, tzinfo=TZ))
    assert len(april(september)) > 30


def test_plan_data_is_consistent():
    units = {u.code for u in data.UNITS}
    leaders = {u.username for u in data.USERS if u.role == R.LEADER}
    codes = [i.code for i in data.ITEMS]
    assert len(codes) == len(set(codes))
    for u in data.UNITS:
        assert u.parent is None or u.parent in units
    for u in data.USERS:
        assert u.unit in units
    for a in data.AREAS:
        assert a.leader in leaders and a.lead in units
    for i in data.ITEMS:
        assert i.leader in leaders, i.code
        assert i.lead in units and set(i.co) <= units and i.lead not in i.co, i.code
        assert data.reporters(i.lead), f"{i.code}: nobody in {i.lead} files its reports"
        assert data.CAMPAIGN["start_date"] <= i.start <= i.due <= data.CAMPAIGN["end_date"], i.code
        assert 1 <= len(i.milestones) <= 4, i.code
        assert all(i.start <= planned <= i.due for _, planned in i.milestones), i.code
        assert i.profile in {"done", "steady", "lagging", "overdue"}
