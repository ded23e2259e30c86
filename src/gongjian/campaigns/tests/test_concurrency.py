"""Two reviewers accepting the same progress report at the same moment: exactly one acceptance (both databases).

The service locks the report row (select_for_update on PostgreSQL; SQLite serialises writers) and re-reads its
status, so the second reviewer finds it accepted and is refused with a message; one audit record.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongjian.campaigns import services
from gongjian.campaigns.choices import ReportStatus
from gongjian.campaigns.models import Report
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor
from gongjian.org.choices import RoleChoices as R
from gongjian.problems.tests.test_concurrency import _race
from gongjian.testing import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _actor(user):
    return Actor(user=type(user).objects.get(pk=user.pk), ip="127.0.0.1", source="web")


def test_two_reviewers_accepting_one_report_make_one_acceptance(world):
    other = make_user("supervisor2", world.district, R.SUPERVISOR)
    now = timezone.now()
    report = Report.objects.create(
        item=world.own_item,
        period_start=dt.date(2026, 3, 1),
        percent=30,
        narrative="完成前期手续",
        status=ReportStatus.SUBMITTED,
        submitted_by=world.user("clerk"),
        submitted_at=now,
        first_submitted_at=now,
    )
    results = _race(
        [
            lambda: services.accept_report(_actor(world.user("supervisor")), Report.objects.get(pk=report.pk)),
            lambda: services.accept_report(_actor(other), Report.objects.get(pk=report.pk)),
        ]
    )
    ok = [r for r in results if isinstance(r, Report)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(ok) == 1 and len(refused) == 1, results
    assert refused[0].messages  # "only a submitted report can be accepted", in the user's language
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.reviewed_by_id == ok[0].reviewed_by_id
    assert AuditLog.objects.filter(action="report.accept", object_id=str(report.pk)).count() == 1
