"""The demo's pairings, visits and problem ledger (loaded after enterprises exist, as the enterprise demo does)."""

import datetime as dt

import pytest
from django.utils import timezone

from gongjian.core.models import AuditLog
from gongjian.pairing.models import Pairing, Visit
from gongjian.problems import workflow as wf
from gongjian.problems.models import Problem, ProblemEvent

# Deadlines and periods here are counted from today: CI also runs these at calendar edges (GONGJIAN_TEST_TODAY).
pytestmark = pytest.mark.dates


def test_every_leader_has_a_pairing_list_and_visits_spread_over_the_year(demo):
    from gongjian.org.models import leaders_queryset

    leaders = list(leaders_queryset())
    assert leaders and all(Pairing.objects.filter(person=u, role="leader").exists() for u in leaders)
    months = {d.month for d in Visit.objects.values_list("date", flat=True)}
    assert len(months) >= min(timezone.localdate().month, 6)
    assert not Visit.objects.filter(date__gt=timezone.localdate()).exists()


def test_about_sixty_problems_in_every_state_with_overdue_and_returned_ones(demo):
    from gongjian.campaigns.models import Campaign

    start = Campaign.objects.get().start_date
    if (timezone.localdate() - start).days < 120:
        pytest.skip("the demo's history needs a few months of the campaign year behind today")
    assert 50 <= Problem.objects.count() <= 60
    assert set(Problem.objects.values_list("state", flat=True)) == set(wf.STATES)
    assert Problem.objects.overdue(timezone.localdate()).exists()
    assert Problem.objects.filter(return_count__gt=0).exists()
    assert Problem.objects.filter(extended_deadline__isnull=False).exists()
    assert set(Problem.objects.values_list("source", flat=True)) == {
        "visit",
        "dispatch",
        "inspection",
        "enterprise",
        "hotline",
    }


def test_demo_history_obeys_the_workflow(demo):
    now = timezone.now() + dt.timedelta(minutes=1)
    for p in Problem.objects.all():
        events = list(p.events.order_by("at", "pk"))
        assert events[-1].to_state == p.state and p.version == len(events)
        assert all(e.at <= now for e in events)
        audit = AuditLog.objects.filter(object_id=str(p.pk), action__startswith="problem.").count()
        assert audit == len(events)
        if p.state == wf.CLOSED:
            assert p.verified_by_id != p.applied_by_id
    assert ProblemEvent.objects.filter(action="return").count() == sum(
        Problem.objects.values_list("return_count", flat=True)
    )
