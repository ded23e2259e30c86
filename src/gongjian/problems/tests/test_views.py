"""Problem pages and API: the action forms shown, 403 with a reason, 409 on conflicts, filters, export, the
见底清零 figures, the light source, my work and the enterprise page's panel, and query budgets."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from gongjian.core.models import AuditLog
from gongjian.core.registry import light_sources
from gongjian.enterprises.testing import make_enterprise
from gongjian.problems import queries, services
from gongjian.problems.choices import ProblemState
from gongjian.problems.models import Problem
from gongjian.problems.testing import category, make_problem
from gongjian.testing import PASSWORD

# Deadlines and periods here are counted from today: CI also runs these at calendar edges (GONGJIAN_TEST_TODAY).
pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _today():
    return timezone.localdate()


def _assigned(world, actor_of, **kw):
    p = make_problem(world, **kw)
    return services.assign_problem(actor_of("supervisor"), p, unit=world.bureau, deadline=_today())


def test_detail_shows_only_the_forms_the_user_may_use(world, client, actor_of):
    p = _assigned(world, actor_of)
    login(client, world.user("clerk"))
    html = client.get(p.get_absolute_url()).content.decode()
    assert 'id="action-start"' in html and 'id="action-assign"' not in html
    client.logout()
    login(client, world.user("supervisor"))
    html = client.get(p.get_absolute_url()).content.decode()
    assert 'id="action-start"' not in html and 'id="timeline"' in html


def test_wrong_role_gets_403_with_the_reason_and_nothing_changes(world, client, actor_of):
    p = _assigned(world, actor_of)
    login(client, world.user("supervisor"))
    audit = AuditLog.objects.count()
    r = client.post(f"/problems/{p.pk}/start/", {"start-version": p.version})
    assert r.status_code == 403
    assert "Only the users of the handling unit" in r.content.decode()
    p.refresh_from_db()
    assert p.state == ProblemState.ASSIGNED and AuditLog.objects.count() == audit


def test_illegal_transition_in_the_web_shows_the_error(world, client, actor_of):
    p = make_problem(world)
    login(client, world.user("supervisor"))
    r = client.post(f"/problems/{p.pk}/close/", {"close-version": p.version}, follow=True)
    assert r.status_code == 200
    assert "is not possible now" in r.content.decode()
    p.refresh_from_db()
    assert p.state == ProblemState.REGISTERED


def test_a_stale_form_is_refused(world, client, actor_of):
    p = make_problem(world)
    login(client, world.user("supervisor"))
    data = {"assign-version": p.version + 5, "assign-unit": world.bureau.pk, "assign-deadline": _today().isoformat()}
    r = client.post(f"/problems/{p.pk}/assign/", data, follow=True)
    assert "changed by someone else" in r.content.decode()
    p.refresh_from_db()
    assert p.state == ProblemState.REGISTERED


def test_bad_input_names_the_field(world, client, actor_of):
    p = _assigned(world, actor_of)
    p = services.start_problem(actor_of("clerk"), p)
    login(client, world.user("clerk"))
    r = client.post(f"/problems/{p.pk}/apply/", {"apply-version": p.version, "apply-text": ""})
    assert r.status_code == 400
    assert "is-invalid" in r.content.decode()


def test_full_line_through_the_web_with_evidence(world, client, actor_of):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ent = make_enterprise(world)
    login(client, world.user("cadre"))
    r = client.post(
        "/problems/add/",
        {
            "title": "融资难",
            "description": "流动资金缺口",
            "source": "enterprise",
            "category": category("finance").pk,
            "enterprise": ent.pk,
        },
    )
    assert r.status_code == 302
    p = Problem.objects.get(title="融资难")
    p = _walk(world, actor_of, p)
    login(client, world.user("clerk"))
    f = SimpleUploadedFile("验收.pdf", b"%PDF-1.4 ok")
    r = client.post(
        f"/problems/{p.pk}/apply/", {"apply-version": p.version, "apply-text": "已放款", "apply-attachments": f}
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.state == ProblemState.APPLIED and p.attachments.get().name == "验收.pdf"
    client.logout()
    login(client, world.user("supervisor"))
    r = client.post(f"/problems/{p.pk}/verify/", {"verify-version": p.version})
    assert r.status_code == 400  # the enterprise's satisfaction is required
    r = client.post(f"/problems/{p.pk}/verify/", {"verify-version": p.version, "verify-satisfaction": "satisfied"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.state == ProblemState.VERIFIED


def _walk(world, actor_of, p):
    p = services.assign_problem(actor_of("supervisor"), p, unit=world.bureau, deadline=_today())
    return services.start_problem(actor_of("clerk"), p)


def test_raise_from_a_visit_takes_its_enterprise(world, client):
    from gongjian.pairing.models import Pairing, Visit

    ent = make_enterprise(world)
    Pairing.objects.create(enterprise=ent, person=world.user("cadre"), role="cadre", start_date=dt.date(2025, 1, 1))
    visit = Visit.objects.create(enterprise=ent, visitor=world.user("cadre"), date=_today(), discussed="座谈")
    login(client, world.user("cadre"))
    html = client.get(f"/problems/add/?visit={visit.pk}").content.decode()
    assert f'value="{visit.pk}"' in html
    r = client.post(
        "/problems/add/",
        {
            "title": "用地指标",
            "description": "扩建缺用地",
            "source": "hotline",
            "category": category("land").pk,
            "visit": visit.pk,
        },
    )
    assert r.status_code == 302
    p = Problem.objects.get(title="用地指标")
    assert (p.visit, p.enterprise, p.source) == (visit, ent, "visit")
    assert client.get(visit.get_absolute_url()).content.decode().count(p.number) == 1


def test_list_filters_and_export(world, client, actor_of):
    ent = make_enterprise(world)
    late = _assigned(world, actor_of, enterprise=ent)
    Problem.objects.filter(pk=late.pk).update(deadline=_today() - dt.timedelta(days=4))
    make_problem(world, item=world.own_item)
    login(client, world.user("supervisor"))
    html = client.get("/problems/?overdue=true").content.decode()
    assert late.number in html
    assert [p.number for p in Problem.objects.overdue(_today())] == [late.number]
    r = client.get(f"/problems/?overdue=true&enterprise={ent.pk}&export=xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    data = list(ws.iter_rows(values_only=True))
    assert len(data) == 2 and data[1][0] == late.number
    header = list(data[0])
    assert data[1][header.index("Days overdue")] == 4
    r = client.get(f"/problems/?state=open&unit={world.bureau.pk}")
    assert late.number in r.content.decode()
    r = client.get("/problems/?state=bogus")
    assert r.status_code == 200  # an invalid filter shows the unfiltered list, never a 500


def test_dashboard_counts_open_problems_at_each_month_end(world, actor_of):
    tz = timezone.get_current_timezone()
    year = _today().year
    jan = dt.datetime(year, 1, 10, tzinfo=tz)
    a = make_problem(world, raised_at=jan)
    b = make_problem(world, raised_at=jan)
    # b closed on 3 February after 24 days; a returned twice and still open.
    Problem.objects.filter(pk=b.pk).update(state=ProblemState.CLOSED, closed_at=jan + dt.timedelta(days=24))
    Problem.objects.filter(pk=a.pk).update(return_count=2)
    data = queries.summary(world.user("supervisor"), year, dt.date(year, 3, 15))
    overall = data["overall"]
    assert data["months"] == [1, 2, 3]
    assert overall.series == [2, 1, 1]
    assert (overall.open, overall.closed, overall.returned) == (1, 1, 2)
    assert overall.avg_days == 24.0
    by_cat = data["by_category"]
    assert [(t.label, t.open) for t in by_cat] == [("要素保障", 1)]


def test_dashboard_page_and_its_scope(world, client, actor_of):
    make_problem(world, raised_by=world.user("street_clerk"), item=world.other_item)
    login(client, world.user("clerk"))
    r = client.get("/problems/dashboard/")
    assert r.status_code == 200
    assert 'id="total-open">0<' in r.content.decode()  # the street's problem is not the bureau's
    client.logout()
    login(client, world.user("supervisor"))
    assert 'id="total-open">1<' in client.get("/problems/dashboard/?year=abc").content.decode()


def test_light_source_is_set_based_and_judges_the_original_deadline(world, actor_of):
    today = _today()
    late = _assigned(world, actor_of)
    Problem.objects.filter(pk=late.pk).update(
        deadline=today - dt.timedelta(days=2), extended_deadline=today + dt.timedelta(days=30)
    )
    soon = _assigned(world, actor_of)
    Problem.objects.filter(pk=soon.pk).update(deadline=today + dt.timedelta(days=2))
    fine = _assigned(world, actor_of)
    Problem.objects.filter(pk=fine.pk).update(deadline=today + dt.timedelta(days=20))
    make_problem(world)  # registered: no unit, not judged
    with CaptureQueriesContext(connection) as ctx:
        results = {r.obj.pk: r for r in light_sources["problem"](today)}
    assert len(ctx.captured_queries) == 1
    assert results[late.pk].colour == "red" and results[late.pk].numbers["days_overdue"] == 2
    assert results[soon.pk].colour == "blue" and results[fine.pk].colour == "green"
    assert {r.unit_id for r in results.values()} == {world.bureau.pk}
    assert len(results) == 3


def test_my_work_sections(world, client, actor_of):
    p = _assigned(world, actor_of)
    login(client, world.user("clerk"))
    html = client.get("/my-work/").content.decode()
    assert "Problems to handle" in html and p.number in html
    client.logout()
    login(client, world.user("supervisor"))
    make_problem(world, title="待交办的问题")
    html = client.get("/my-work/").content.decode()
    assert "待交办的问题" in html


def test_enterprise_section(world, rf, actor_of):
    from gongjian.enterprises.sections import render_sections

    ent = make_enterprise(world)
    make_problem(world, enterprise=ent, title="企业问题甲")
    request = rf.get("/")
    request.user = world.user("supervisor")
    panels = {p["template"]: p for p in render_sections(request, ent)}
    problems = panels["problems/includes/section_problems.html"]
    assert problems["count"] == 1 and problems["open"] == 1
    assert "pairing/includes/section_pairing.html" in panels
    assert "pairing/includes/section_visits.html" in panels
    from django.template.loader import render_to_string

    html = "".join(render_to_string(p["template"], p) for p in panels.values())
    assert "企业问题甲" in html and 'id="section-pairing"' in html and 'id="section-visits"' in html
    request.user = world.user("street_clerk")
    panels = {p["template"]: p for p in render_sections(request, ent)}
    assert panels["problems/includes/section_problems.html"]["count"] == 0


# --- API -------------------------------------------------------------------------------------------------


def _api(user):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    return api


def test_api_workflow_403_reason_and_409(world, actor_of):
    p = make_problem(world)
    clerk = _api(world.user("clerk"))
    r = clerk.post(f"/api/problems/{p.pk}/assign/", {"unit": world.bureau.pk, "deadline": _today().isoformat()})
    assert r.status_code == 403 and "supervision office" in r.json()["detail"]
    sup = _api(world.user("supervisor"))
    r = sup.post(f"/api/problems/{p.pk}/close/", {}, format="json")
    assert r.status_code == 409 and "not possible now" in r.json()["detail"]
    r = sup.post(f"/api/problems/{p.pk}/assign/", {"deadline": _today().isoformat()}, format="json")
    assert r.status_code == 400 and "unit" in r.json()
    r = sup.post(
        f"/api/problems/{p.pk}/assign/",
        {"unit": world.bureau.pk, "deadline": _today().isoformat(), "version": 1},
        format="json",
    )
    assert r.status_code == 200 and r.json()["state"] == "assigned" and r.json()["version"] == 2
    r = sup.post(
        f"/api/problems/{p.pk}/assign/",
        {"unit": world.bureau.pk, "deadline": _today().isoformat(), "version": 1},
        format="json",
    )
    assert r.status_code == 409
    body = clerk.get(f"/api/problems/{p.pk}/").json()
    assert body["allowed_actions"] == ["start", "request_extension"]
    assert [e["action"] for e in body["events"]] == ["assign"]


def test_api_create_needs_enterprise_or_item(world):
    r = _api(world.user("cadre")).post(
        "/api/problems/",
        {"title": "x", "description": "y", "source": "visit", "category": category().pk},
        format="json",
    )
    assert r.status_code == 400


# --- query budgets ---------------------------------------------------------------------------------------


def _grow(world, actor_of, n):
    ent = make_enterprise(world)
    for _ in range(n):
        p = _assigned(world, actor_of, enterprise=ent)
        services.start_problem(actor_of("clerk"), p)
    return ent


@pytest.mark.parametrize(
    "page", ["/problems/", "/problems/?export=xlsx", "/problems/dashboard/", "DETAIL", "/api/problems/", "/my-work/"]
)
@pytest.mark.parametrize("role", ["supervisor", "clerk"])
def test_query_count_does_not_grow_with_rows(world, client, actor_of, page, role):
    login(client, world.user(role))
    first = _assigned(world, actor_of)

    def count() -> int:
        url = first.get_absolute_url() if page == "DETAIL" else page
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _grow(world, actor_of, 2)
    small = count()
    _grow(world, actor_of, 20)
    # More events (and a file) on the detail page's problem.
    first = services.start_problem(actor_of("clerk"), first)
    first = services.request_extension(actor_of("clerk"), first, deadline=_today() + dt.timedelta(days=40), text="x")
    first = services.approve_extension(actor_of("supervisor"), first)
    large = count()
    assert large == small, f"{page}: {small} queries with few rows, {large} with many"
    assert small <= 30


def test_api_files_on_visits_and_closure_applications(world, actor_of):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongjian.pairing.models import Pairing, Visit

    ent = make_enterprise(world)
    Pairing.objects.create(enterprise=ent, person=world.user("cadre"), role="cadre", start_date=dt.date(2025, 1, 1))
    cadre = _api(world.user("cadre"))
    r = cadre.post(
        "/api/visits/",
        {
            "enterprise": ent.pk,
            "date": _today().isoformat(),
            "discussed": "座谈",
            "files": [SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 x")],
        },
        format="multipart",
    )
    assert r.status_code == 201, r.content
    assert r.json()["attachments"] == ["纪要.pdf"] and r.json()["visitor"] == world.user("cadre").pk
    visit = Visit.objects.get()
    r = cadre.post(
        "/api/problems/",
        {
            "title": "用工",
            "description": "缺普工",
            "source": "hotline",
            "category": category("labour").pk,
            "visit": visit.pk,
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    assert (r.json()["enterprise"], r.json()["source"]) == (ent.pk, "visit")
    p = services.start_problem(actor_of("clerk"), _assigned(world, actor_of))
    r = _api(world.user("clerk")).post(
        f"/api/problems/{p.pk}/apply/",
        {"text": "已解决", "files": [SimpleUploadedFile("a.exe", b"MZ")]},
        format="multipart",
    )
    assert r.status_code == 400 and "files" in r.json()
    r = _api(world.user("clerk")).post(
        f"/api/problems/{p.pk}/apply/",
        {"text": "已解决", "files": [SimpleUploadedFile("验收.pdf", b"%PDF-1.4 y")]},
        format="multipart",
    )
    assert r.status_code == 200 and r.json()["state"] == "applied"
    assert p.attachments.get().name == "验收.pdf"
