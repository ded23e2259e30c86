"""The performance record: its figures, recomputed here from the raw rows, equal those the page, the API and the
Word file show; an exemption marks the ranking and the record without changing the colour history."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from gongjian.cadres.export import figures
from gongjian.cadres.models import ToleranceCase
from gongjian.campaigns.models import Report
from gongjian.core.models import AuditLog
from gongjian.pairing.models import Pairing, Visit
from gongjian.problems.models import Problem
from gongjian.problems.testing import make_problem
from gongjian.supervision import queries as supervision_queries
from gongjian.supervision.models import ColourRecord, Supervision, SupervisionReply
from gongjian.testing import PASSWORD

from .matrix_rows import add_cadre_roles, make_case, red_record

NOW = dt.datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 15)


@pytest.fixture
def w(world, time_machine):
    time_machine.move_to(NOW)
    add_cadre_roles(world)
    return world


def _report(item, month, late, by):
    at = timezone.make_aware(dt.datetime(2026, month + 1, 3, 9))
    return Report.objects.create(
        item=item,
        period_start=dt.date(2026, month, 1),
        percent=10 * month,
        narrative="进展",
        status="accepted",
        submitted_by=by,
        submitted_at=at,
        first_submitted_at=at,
        is_late=late,
    )


def _colour(w, item, colour, day, current=True):
    rec = red_record(w, item, day, current)
    rec.colour = colour
    rec.save(update_fields=["colour"])
    return rec


def _supervision(w, item, day):
    return Supervision.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        object_repr=str(item),
        colour="red",
        requirement="限期整改",
        unit=item.lead_unit,
        leader=item.leader,
        campaign=w.campaign,
        issued_on=day,
        reply_by=day + dt.timedelta(days=5),
    )


@pytest.fixture
def data(w):
    """Raw rows around the leader: in the range and outside it."""
    from gongjian.enterprises.testing import make_enterprise

    leader, clerk = w.user("leader"), w.user("clerk")
    _report(w.own_item, 2, False, clerk)
    _report(w.own_item, 3, True, clerk)
    _report(w.coop_item, 4, False, clerk)
    red = _colour(w, w.own_item, "red", dt.date(2026, 3, 5))
    _colour(w, w.coop_item, "yellow", dt.date(2026, 4, 5))
    _colour(w, w.other_item, "green", dt.date(2026, 5, 5))
    _colour(w, w.other_item, "red", dt.date(2025, 12, 20), current=False)  # before the range
    answered = _supervision(w, w.own_item, dt.date(2026, 3, 6))
    _supervision(w, w.coop_item, dt.date(2026, 4, 6))
    SupervisionReply.objects.create(
        supervision=answered, text="已整改", replied_by=clerk, replied_at=timezone.make_aware(dt.datetime(2026, 3, 8))
    )
    ent = make_enterprise(w, name="德城纺织有限公司")
    Pairing.objects.create(enterprise=ent, person=leader, role="leader", start_date=dt.date(2026, 1, 10))
    for day in (dt.date(2026, 2, 1), dt.date(2026, 4, 1), dt.date(2026, 6, 1), dt.date(2025, 11, 1)):
        Visit.objects.create(enterprise=ent, visitor=leader, date=day, discussed="用电增容")
    closed_at = timezone.make_aware(dt.datetime(2026, 5, 20, 10))
    make_problem(w, enterprise=ent, leader=leader, state="closed", closed_at=closed_at)
    make_problem(w, enterprise=ent, leader=leader, state="closed", closed_at=closed_at - dt.timedelta(days=200))
    make_problem(w, enterprise=ent, leader=leader)
    # The red light of March is exempted.
    make_case(w, "decided", subject_kind="person", colour_record=red, item=None)
    return red


def _expected(leader):
    """The figures, from the raw rows with plain Python."""
    inside = lambda d: START <= d <= END  # noqa: E731
    items = [i for i in leader.led_items.all() if i.start_date <= END and i.due_date >= START]
    reports = [r for r in Report.objects.all() if r.item.leader_id == leader.pk and inside(r.period_start)]
    colours = [c for c in ColourRecord.objects.all() if c.leader_id == leader.pk and inside(c.judged_on)]
    exempted = {c.colour_record_id for c in ToleranceCase.objects.all() if c.outcome in ("exempted", "partly")}
    sups = [s for s in Supervision.objects.all() if s.leader_id == leader.pk and inside(s.issued_on)]
    closed = [
        p
        for p in Problem.objects.all()
        if p.state == "closed"
        and inside(timezone.localdate(p.closed_at))
        and leader.pk in (p.leader_id, p.raised_by_id)
    ]
    on_time = sum(1 for r in reports if not r.is_late)
    return {
        "items_led": len(items),
        "areas_led": leader.led_areas.count(),
        "reports_total": len(reports),
        "reports_on_time": on_time,
        "red": sum(1 for c in colours if c.colour == "red"),
        "yellow": sum(1 for c in colours if c.colour == "yellow"),
        "green": sum(1 for c in colours if c.colour in ("green", "blue", "done")),
        "exempted": sum(1 for c in colours if c.pk in exempted),
        "supervisions_received": len(sups),
        "supervisions_answered": sum(1 for s in sups if s.replies.exists()),
        "paired_enterprises": sum(1 for p in Pairing.objects.all() if p.person_id == leader.pk),
        "visits": sum(1 for v in Visit.objects.all() if v.visitor_id == leader.pk and inside(v.date)),
        "problems_closed": len(closed),
    }


def test_record_figures_equal_the_raw_data(w, data, client):
    leader = w.user("leader")
    expected = _expected(leader)
    assert expected["exempted"] == 1 and expected["visits"] == 3 and expected["problems_closed"] == 1  # the given
    client.login(username="orgdept", password=PASSWORD)
    response = client.get(f"/cadres/records/{leader.pk}/?start=2026-01-01&end=2026-06-15")
    assert response.status_code == 200
    rec = response.context["rec"]
    html = response.content.decode()
    shown = dict(re.findall(r'<th class="fw-normal">([^<]+)</th><td class="text-end">([^<]+)</td>', html))
    labels = dict(figures(rec))
    assert shown == labels  # the page shows exactly the computed figures
    rate = f"{expected['reports_on_time'] / expected['reports_total'] * 100:.1f}%"
    assert labels[next(k for k in labels if "%" in labels[k])].startswith(rate)
    assert [labels[k] for k in list(labels)[:2]] == [str(expected["items_led"]), str(expected["areas_led"])]
    assert str(expected["red"]) in shown.values()

    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(w.user("discipline"))
    body = api.get(f"/api/cadre-records/{leader.pk}/?start=2026-01-01&end=2026-06-15").json()
    for key, value in expected.items():
        assert body["figures"][key] == value, key


def test_the_record_shows_the_exempted_red_light_and_keeps_it(w, data, client):
    client.login(username="orgdept", password=PASSWORD)
    response = client.get(f"/cadres/records/{w.user('leader').pk}/?start=2026-01-01&end=2026-06-15")
    colours = response.context["rec"].colours
    red = next(c for c in colours if c.pk == data.pk)
    assert red.colour == "red" and red.exemption is not None
    assert red.exemption.get_absolute_url() in response.content.decode()


def test_word_export(w, data, client):
    from docx import Document

    client.login(username="orgdept", password=PASSWORD)
    response = client.get(f"/cadres/records/{w.user('leader').pk}/word/?start=2026-01-01&end=2026-06-15")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs) + "".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    assert str(w.user("leader")) in text
    assert ToleranceCase.objects.get().number in text
    # A confidential export: the exporting user and the time on every page, as the first line and in the
    # document's properties; and an audit record of it.
    exporter = w.user("org_dept")
    mark = doc.paragraphs[0].text
    assert mark.startswith(f"导出人：{exporter}") and re.search(r"导出时间：2026年6月15日 10:\d\d", mark), mark
    assert doc.paragraphs[0].runs[0].bold
    assert all(s.header.paragraphs[0].text == mark for s in doc.sections)
    assert doc.core_properties.comments == mark
    exported = AuditLog.objects.get(action="cadre_record.export")
    assert exported.actor == exporter and exported.after["person_id"] == w.user("leader").pk


@pytest.mark.dates
def test_an_exemption_changes_the_ranking_display_but_not_the_history(w, client):
    today = timezone.localdate()
    red = red_record(w, w.own_item, today)
    before = supervision_queries.rankings(w.campaign, today.year, today.month, today, "unit")
    bureau_before = next(row for row in before.rows if row.key == w.bureau.pk)
    case = make_case(w, "decided", colour_record=red)
    after = supervision_queries.rankings(w.campaign, today.year, today.month, today, "unit")
    bureau_after = next(row for row in after.rows if row.key == w.bureau.pk)
    assert bureau_after.score == bureau_before.score and bureau_after.counts.red == 1  # history unchanged
    assert ColourRecord.objects.get(pk=red.pk).colour == "red"

    month = f"{today.year}-{today.month:02d}"
    client.login(username="orgdept", password=PASSWORD)
    page = client.get(f"/supervision/rankings/?campaign={w.campaign.pk}&month={month}").content.decode()
    assert case.number in page and case.get_absolute_url() in page
    adjusted = (bureau_before.score - before.points.red).quantize(Decimal("0.01"))
    assert f"{adjusted}" in page
    client.logout()
    client.login(username="supervisor", password=PASSWORD)
    page = client.get(f"/supervision/rankings/?campaign={w.campaign.pk}&month={month}").content.decode()
    assert case.number not in page and "ranking-mark" not in page
    assert str(bureau_before.score) in page


def test_the_record_page_has_a_fixed_query_budget(w, data, client, django_assert_max_num_queries):
    client.login(username="orgdept", password=PASSWORD)
    url = f"/cadres/records/{w.user('leader').pk}/?start=2026-01-01&end=2026-06-15"
    with django_assert_max_num_queries(24):
        assert client.get(url).status_code == 200
    for day in (dt.date(2026, 2, 10), dt.date(2026, 2, 11), dt.date(2026, 2, 12)):  # more rows, same queries
        _supervision(w, w.own_item, day)
    with django_assert_max_num_queries(24):
        assert client.get(url).status_code == 200


@pytest.mark.dates
def test_a_partial_exemption_gives_back_half_the_penalty_and_a_later_colour_ends_it(w):
    from gongjian.cadres import services
    from gongjian.cadres.ranking import exemption_adjustments
    from gongjian.core.services import Actor

    today = timezone.localdate()
    red = red_record(w, w.own_item, today)
    case = make_case(w, "accepted", colour_record=red)
    services.add_opinion(
        Actor(user=w.user("discipline")),
        case,
        recommendation="partly",
        confirmed=["public_interest", "no_personal_gain"],
        text="部分符合",
    )
    services.decide_case(Actor(user=w.user("org_dept")), case, outcome="partly", reasons="从轻")
    points = supervision_queries.points_for(w.campaign)
    back, cases = exemption_adjustments(w.campaign, today.year, today.month, today, "unit", points)[w.bureau.pk]
    assert back == -points.red / 2 and back != 0 and [c.pk for c in cases] == [case.pk]
    # The object turns green later the same day: the month no longer counts the red light, nothing to give back.
    ColourRecord.objects.filter(pk=red.pk).update(current=False)
    _colour(w, w.own_item, "green", today)
    assert exemption_adjustments(w.campaign, today.year, today.month, today, "unit", points) == {}
