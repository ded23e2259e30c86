"""The quarterly building survey keeps one record per building and quarter, shown on the building's page."""

import datetime as dt
from decimal import Decimal

from gongjian.buildings.imports import import_survey
from gongjian.buildings.models import BuildingSurvey
from gongjian.buildings.testing import make_building, make_tenancy
from gongjian.core.models import AuditLog
from gongjian.enterprises.uscc import make_code
from gongjian.testing import PASSWORD

from .test_import import row, upload


def test_one_record_per_quarter_with_what_the_survey_found(world, actor_of):
    sup = actor_of("supervisor")
    b = make_building(world)
    gone = make_tenancy(b, move_in=dt.date(2025, 1, 1))
    a, c = make_code("hist-a"), make_code("hist-c")
    q1 = [
        row("1F", "101", 200, "出租", a, "甲公司", leased_area=150, leaving_intention="是"),
        row("2F", "201", 300, "出租", c, "丙公司"),
        row("3F", "301", 100, "空置"),
    ]
    assert import_survey(sup, b, dt.date(2026, 3, 20), upload(q1)).ok
    first = BuildingSurvey.objects.get(building=b)
    assert (first.year, first.quarter, first.surveyed_on) == (2026, 1, dt.date(2026, 3, 20))
    assert (first.spaces, first.tenants, first.moved_out, first.leaving) == (3, 2, 1, 1)
    assert first.occupied_area == Decimal(450)
    gone.refresh_from_db()
    assert gone.move_out == dt.date(2026, 3, 20)

    q2 = [row("1F", "101", 200, "出租", a, "甲公司", leased_area=150), row("2F", "201", 300, "空置")]
    assert import_survey(sup, b, dt.date(2026, 6, 15), upload(q2)).ok
    assert [(s.year, s.quarter, s.tenants, s.moved_out, s.leaving) for s in b.surveys.all()] == [
        (2026, 2, 1, 1, 0),
        (2026, 1, 2, 1, 1),
    ]
    # a second survey in the same quarter replaces the quarter's record; the same survey again writes nothing
    q2_again = [*q2, row("3F", "301", 100, "出租", make_code("hist-d"), "丁公司")]
    assert import_survey(sup, b, dt.date(2026, 6, 28), upload(q2_again)).ok
    latest = b.surveys.first()
    assert (latest.quarter, latest.surveyed_on, latest.tenants) == (2, dt.date(2026, 6, 28), 2)
    assert BuildingSurvey.objects.filter(building=b).count() == 2
    writes = AuditLog.objects.filter(action="survey.quarter").count()
    assert writes == 3
    assert import_survey(sup, b, dt.date(2026, 6, 28), upload(q2_again)).ok
    assert AuditLog.objects.filter(action="survey.quarter").count() == writes


def test_the_building_page_lists_the_surveys_latest_first(world, actor_of, client):
    b = make_building(world)
    sup = actor_of("supervisor")
    code = make_code("page-a")
    for day in (dt.date(2026, 3, 20), dt.date(2026, 6, 15)):
        assert import_survey(sup, b, day, upload([row("1F", "101", 200, "出租", code, "甲公司")])).ok
    assert client.login(username="supervisor", password=PASSWORD)
    response = client.get(f"/buildings/{b.pk}/")
    assert [(s.year, s.quarter) for s in response.context["surveys"]] == [(2026, 2), (2026, 1)]
    table = response.content.decode().split('id="surveys"', 1)[1].split("</table>", 1)[0]
    assert table.index("2026 Q2") < table.index("2026 Q1")
