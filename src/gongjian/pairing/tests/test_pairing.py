"""Pairing: services (periods, roles, visits), coverage, "my pairing enterprises", pages and query budgets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongjian.core.models import AuditLog
from gongjian.enterprises.testing import make_enterprise
from gongjian.pairing import queries, services
from gongjian.pairing.models import Pairing, Visit
from gongjian.problems.testing import make_problem
from gongjian.testing import PASSWORD

# Deadlines and periods here are counted from today: CI also runs these at calendar edges (GONGJIAN_TEST_TODAY).
pytestmark = [pytest.mark.django_db, pytest.mark.dates]
D = dt.date


def _today():
    return timezone.localdate()


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_create_pairing_is_audited_and_periods_must_not_overlap(world, actor_of):
    ent = make_enterprise(world)
    sup = actor_of("supervisor")
    p = services.create_pairing(sup, enterprise=ent, person=world.user("cadre"), role="cadre", start_date=D(2026, 1, 1))
    assert AuditLog.objects.filter(action="pairing.create", object_id=str(p.pk)).exists()
    with pytest.raises(ValidationError) as exc:
        services.create_pairing(sup, enterprise=ent, person=world.user("cadre"), role="cadre", start_date=D(2026, 5, 1))
    assert "start_date" in exc.value.message_dict
    services.update_pairing(sup, p, end_date=D(2026, 4, 30))
    later = services.create_pairing(
        sup, enterprise=ent, person=world.user("cadre"), role="cadre", start_date=D(2026, 5, 1)
    )
    assert later.pk != p.pk
    with pytest.raises(ValidationError) as exc:
        services.update_pairing(sup, p, end_date=D(2025, 12, 1))
    assert "end_date" in exc.value.message_dict


def test_a_pairing_leader_must_hold_the_leader_role(world, actor_of):
    ent = make_enterprise(world)
    with pytest.raises(ValidationError) as exc:
        services.create_pairing(
            actor_of("supervisor"), enterprise=ent, person=world.user("cadre"), role="leader", start_date=D(2026, 1, 1)
        )
    assert "person" in exc.value.message_dict


def test_only_the_supervision_office_pairs(world, actor_of):
    ent = make_enterprise(world)
    with pytest.raises(PermissionDenied):
        services.create_pairing(
            actor_of("cadre"), enterprise=ent, person=world.user("cadre"), role="cadre", start_date=D(2026, 1, 1)
        )


def test_a_cadre_records_visits_only_to_their_enterprises_in_their_period(world, actor_of):
    ent, other = make_enterprise(world), make_enterprise(world)
    Pairing.objects.create(enterprise=ent, person=world.user("cadre"), role="cadre", start_date=D(2026, 1, 1))
    cadre = actor_of("cadre")
    v = services.record_visit(
        cadre, enterprise=ent, date=_today(), discussed="了解用工", attachments=[SimpleUploadedFile("a.pdf", b"%PDF-1")]
    )
    assert v.visitor == world.user("cadre") and v.attachments.count() == 1
    with pytest.raises(ValidationError) as exc:
        services.record_visit(cadre, enterprise=other, date=_today(), discussed="x")
    assert "enterprise" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.record_visit(cadre, enterprise=ent, date=D(2025, 6, 1), discussed="before the pairing")
    assert "enterprise" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.record_visit(cadre, enterprise=ent, date=_today() + dt.timedelta(days=1), discussed="x")
    assert "date" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.record_visit(
            cadre, enterprise=ent, date=_today(), discussed="x", attachments=[SimpleUploadedFile("a.exe", b"MZ")]
        )
    assert Visit.objects.count() == 1
    # Leaders see the whole campaign and may visit any enterprise.
    services.record_visit(actor_of("leader"), enterprise=other, date=_today(), discussed="调研")


def test_a_pairing_with_visits_is_ended_not_deleted(world, actor_of):
    ent = make_enterprise(world)
    p = Pairing.objects.create(enterprise=ent, person=world.user("cadre"), role="cadre", start_date=D(2026, 1, 1))
    Visit.objects.create(enterprise=ent, visitor=world.user("cadre"), date=D(2026, 2, 1), discussed="x")
    with pytest.raises(ValidationError):
        services.delete_pairing(actor_of("supervisor"), p)
    assert Pairing.objects.filter(pk=p.pk).exists()


def test_coverage_counts_per_person(world):
    today = D(2026, 6, 30)
    cadre = world.user("cadre")
    a, b, c = make_enterprise(world), make_enterprise(world), make_enterprise(world)
    for ent in (a, b, c):
        Pairing.objects.create(enterprise=ent, person=cadre, role="cadre", start_date=D(2026, 1, 1))
    Pairing.objects.create(enterprise=a, person=world.user("leader"), role="leader", start_date=D(2026, 1, 1))
    Pairing.objects.create(
        enterprise=a, person=world.user("clerk"), role="cadre", start_date=D(2026, 1, 1), end_date=D(2026, 3, 1)
    )
    Visit.objects.create(enterprise=a, visitor=cadre, date=D(2026, 6, 20), discussed="x")  # 10 days ago
    Visit.objects.create(enterprise=b, visitor=cadre, date=D(2026, 5, 1), discussed="x")  # 60 days ago
    Visit.objects.create(
        enterprise=c, visitor=world.user("leader"), date=D(2026, 6, 29), discussed="x"
    )  # not the cadre's
    sup = world.user("supervisor")
    people = {r["person"]: (r["total"], r["not_visited"]) for r in queries.coverage_by_person(sup, today, 30)}
    assert people == {cadre.pk: (3, 2), world.user("leader").pk: (1, 1)}
    rows = {(r.person_id, r.enterprise_id) for r in queries.coverage(sup, today, 30)}
    assert rows == {(cadre.pk, b.pk), (cadre.pk, c.pk), (world.user("leader").pk, a.pk)}
    people = {r["person"]: r["not_visited"] for r in queries.coverage_by_person(sup, today, 90)}
    assert people[cadre.pk] == 1
    # The street's clerk sees no pairing of the bureau's people.
    assert queries.coverage_by_person(world.user("street_clerk"), today, 30) == []


def test_visit_days_setting_and_bounds(settings):
    settings.GONGJIAN_VISIT_DAYS = 45
    assert queries.visit_days(None) == 45
    assert queries.visit_days("abc") == 45
    assert queries.visit_days("7") == 7
    assert queries.visit_days("0") == 1 and queries.visit_days("9999") == 366


def test_my_pairings_page_and_my_work(world, client, actor_of):
    ent = make_enterprise(world, name="德城机械有限公司")
    Pairing.objects.create(enterprise=ent, person=world.user("cadre"), role="cadre", start_date=D(2025, 1, 1))
    make_problem(world, enterprise=ent)
    make_problem(world, enterprise=ent, state="closed")
    rows = list(queries.my_pairings(world.user("cadre"), _today()))
    assert [(r.enterprise_id, r.open_problems, r.last_visit) for r in rows] == [(ent.pk, 1, None)]
    login(client, world.user("cadre"))
    html = client.get("/pairing/mine/").content.decode()
    assert "德城机械有限公司" in html and 'id="my-enterprises"' in html
    html = client.get("/my-work/").content.decode()
    assert "My pairing enterprises" in html and "德城机械有限公司" in html
    client.logout()
    login(client, world.user("clerk"))
    assert "My pairing enterprises" not in client.get("/my-work/").content.decode()


def test_coverage_page_takes_the_days(world, client):
    ent = make_enterprise(world, name="德城化工有限公司")
    Pairing.objects.create(enterprise=ent, person=world.user("cadre"), role="cadre", start_date=D(2025, 1, 1))
    Visit.objects.create(
        enterprise=ent, visitor=world.user("cadre"), date=_today() - dt.timedelta(days=20), discussed="x"
    )
    login(client, world.user("supervisor"))
    assert "德城化工有限公司" not in client.get("/pairing/coverage/").content.decode()
    assert "德城化工有限公司" in client.get("/pairing/coverage/?days=10").content.decode()
    assert client.get("/pairing/coverage/?days=x").status_code == 200


def test_visit_add_page_records_and_lists(world, client):
    ent = make_enterprise(world)
    Pairing.objects.create(enterprise=ent, person=world.user("cadre"), role="cadre", start_date=D(2025, 1, 1))
    login(client, world.user("cadre"))
    r = client.post("/pairing/visits/add/", {"enterprise": ent.pk, "date": _today().isoformat(), "discussed": "座谈"})
    assert r.status_code == 302
    visit = Visit.objects.get()
    assert r["Location"] == visit.get_absolute_url()
    r = client.post("/pairing/visits/add/", {"enterprise": ent.pk, "date": "2099-01-01", "discussed": "x"})
    assert r.status_code == 400 and Visit.objects.count() == 1
    assert "座谈" in client.get("/pairing/visits/").content.decode()


def test_visit_form_offers_only_the_cadres_own_enterprises_with_search(world, client):
    mine = make_enterprise(world, name="包保纺织有限公司")
    other = make_enterprise(world, name="他人化工有限公司")  # in the cadre's view, paired with someone else
    ended = make_enterprise(world, name="曾经包保有限公司")
    Pairing.objects.create(enterprise=mine, person=world.user("cadre"), role="cadre", start_date=D(2025, 1, 1))
    Pairing.objects.create(enterprise=other, person=world.user("leader"), role="leader", start_date=D(2025, 1, 1))
    Pairing.objects.create(
        enterprise=ended, person=world.user("cadre"), role="cadre", start_date=D(2024, 1, 1), end_date=D(2024, 12, 31)
    )
    from gongjian.enterprises.models import Enterprise

    assert Enterprise.objects.restrict(world.user("cadre"), "view").filter(pk=other.pk).exists()
    login(client, world.user("cadre"))
    form = client.get("/pairing/visits/add/").context["form"]
    assert list(form.fields["enterprise"].queryset) == [mine]
    html = client.get("/pairing/visits/add/").content.decode()
    assert "data-search=" in html and "包保纺织有限公司" in html
    assert "他人化工有限公司" not in html and "曾经包保有限公司" not in html
    audits = AuditLog.objects.count()
    for ent in (other, ended):  # another enterprise's id, posted by hand: refused, naming the field, nothing written
        r = client.post("/pairing/visits/add/", {"enterprise": ent.pk, "date": _today().isoformat(), "discussed": "x"})
        assert r.status_code == 400
        assert r.context["form"].errors["enterprise"] == [
            "Enterprise: choose one of the enterprises you are paired with (包保企业)."
        ]
    assert not Visit.objects.exists() and AuditLog.objects.count() == audits
    client.logout()
    login(client, world.user("leader"))  # the whole campaign: every enterprise they see
    assert {mine, other, ended} <= set(client.get("/pairing/visits/add/").context["form"].fields["enterprise"].queryset)


@pytest.mark.parametrize("page", ["/pairing/", "/pairing/visits/", "/pairing/coverage/", "/pairing/mine/", "/my-work/"])
def test_query_count_does_not_grow_with_rows(world, client, page):
    login(client, world.user("supervisor"))
    sup = world.user("supervisor")

    def grow(n):
        for _ in range(n):
            ent = make_enterprise(world)
            Pairing.objects.create(enterprise=ent, person=sup, role="cadre", start_date=D(2025, 1, 1))
            Pairing.objects.create(enterprise=ent, person=world.user("cadre"), role="cadre", start_date=D(2025, 1, 1))
            Visit.objects.create(enterprise=ent, visitor=world.user("cadre"), date=D(2026, 1, 5), discussed="x")
            make_problem(world, enterprise=ent)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page).status_code == 200
        return len(ctx.captured_queries)

    grow(2)
    small = count()
    grow(15)
    large = count()
    assert large == small, f"{page}: {small} queries with few rows, {large} with many"
    assert small <= 30


@pytest.mark.dates
def test_unpaired_enterprises_are_listed_and_both_lists_export(world, client):
    import io

    import openpyxl

    today = timezone.localdate()
    cadre = world.user("cadre")
    paired, alone = make_enterprise(world, name="有人包保有限公司"), make_enterprise(world, name="无人包保有限公司")
    ended = make_enterprise(world, name="包保已结束有限公司")
    Pairing.objects.create(enterprise=paired, person=cadre, role="cadre", start_date=today - dt.timedelta(days=90))
    Pairing.objects.create(
        enterprise=ended,
        person=cadre,
        role="cadre",
        start_date=today - dt.timedelta(days=90),
        end_date=today - dt.timedelta(days=10),
    )
    names = set(queries.unpaired(world.user("supervisor"), today).values_list("name", flat=True))
    assert {"无人包保有限公司", "包保已结束有限公司"} <= names and "有人包保有限公司" not in names

    login(client, world.user("supervisor"))
    page = client.get("/pairing/coverage/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "无人包保有限公司" in page and "没有包保干部" in page
    response = client.get("/pairing/coverage/?export=unpaired")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert ("无人包保有限公司", alone.credit_code, str(alone.street)) in rows
    assert all(r[0] != "有人包保有限公司" for r in rows)
    response = client.get("/pairing/coverage/?days=30&export=not_visited", HTTP_ACCEPT_LANGUAGE="zh-hans")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    (row,) = [r for r in rows if r[0] == "有人包保有限公司"]  # paired 90 days ago, never visited
    assert row[2] == str(cadre) and row[4] == "从未走访" and row[5] is None


def _gaps_world(world, today):
    """A street enterprise nobody looks after, one the cadre visited 40 days ago, one visited 10 days ago, and one
    the street's own person never visited."""
    from gongjian.testing import make_user

    cadre = world.user("cadre")
    alone = make_enterprise(world, name="无人包保纺织有限公司")
    late = make_enterprise(world, name="久未走访机械有限公司")
    fresh = make_enterprise(world, name="近期走访化工有限公司")
    street_ent = make_enterprise(world, name="街道包保食品有限公司")
    start = today - dt.timedelta(days=120)
    for ent in (late, fresh):
        Pairing.objects.create(enterprise=ent, person=cadre, role="cadre", start_date=start)
    Visit.objects.create(enterprise=late, visitor=cadre, date=today - dt.timedelta(days=40), discussed="x")
    Visit.objects.create(enterprise=fresh, visitor=cadre, date=today - dt.timedelta(days=10), discussed="x")
    street_cadre = make_user("streetcadre", world.street, "cadre", display_name="王街道")
    Pairing.objects.create(enterprise=street_ent, person=street_cadre, role="cadre", start_date=start)
    return alone, late, fresh, street_ent


def test_pairing_gaps_api_lists_unpaired_then_not_visited_filtered(world, world_today, settings):
    from rest_framework.test import APIClient

    alone, late, fresh, street_ent = _gaps_world(world, world_today)
    api = APIClient()
    api.force_authenticate(world.user("supervisor"))
    body = api.get("/api/pairing-gaps/").json()
    rows = body["results"]
    unpaired = [r["enterprise"] for r in rows if r["kind"] == "unpaired"]
    assert alone.pk in unpaired and {late.pk, fresh.pk, street_ent.pk}.isdisjoint(unpaired)
    assert [r["kind"] for r in rows] == sorted((r["kind"] for r in rows), key=lambda k: k != "unpaired")
    visits = {r["enterprise"]: r for r in rows if r["kind"] == "not_visited"}
    assert set(visits) == {late.pk, street_ent.pk}  # fresh was visited within 30 days
    assert visits[late.pk]["person_name"] == str(world.user("cadre")) and visits[late.pk]["days_since"] == 40
    assert visits[late.pk]["unit"] == str(world.bureau)
    assert visits[street_ent.pk]["person_name"] == "王街道" and visits[street_ent.pk]["last_visit"] is None
    assert body["count"] == len(rows) == 3
    # pages are cut across the two lists
    pages = [api.get(f"/api/pairing-gaps/?page_size=1&page={n}").json() for n in (1, 2, 3)]
    assert [p["results"][0]["enterprise"] for p in pages] == [r["enterprise"] for r in rows]
    # filters: the gap, the responsible unit, a search, the days
    assert {r["kind"] for r in api.get("/api/pairing-gaps/?kind=not_visited").json()["results"]} == {"not_visited"}
    in_street = api.get(f"/api/pairing-gaps/?unit={world.street.pk}").json()["results"]
    assert {r["unit"] for r in in_street} == {str(world.street)}
    assert [r["enterprise"] for r in api.get("/api/pairing-gaps/?q=久未走访").json()["results"]] == [late.pk]
    assert {r["enterprise"] for r in api.get("/api/pairing-gaps/?kind=not_visited&days=5").json()["results"]} == {
        late.pk,
        fresh.pk,
        street_ent.pk,
    }
    settings.GONGJIAN_VISIT_DAYS = 60
    assert {r["enterprise"] for r in api.get("/api/pairing-gaps/?kind=not_visited").json()["results"]} == {
        street_ent.pk
    }
    response = api.get("/api/pairing-gaps/?unit=999999&kind=nothing")
    assert response.status_code == 400 and {"unit", "kind"} <= set(response.json())
    # the street's clerk sees the pairings of the street's people only; the user without a role nothing
    api.force_authenticate(world.user("street_clerk"))
    seen = {r["enterprise"] for r in api.get("/api/pairing-gaps/?kind=not_visited&days=5").json()["results"]}
    assert seen == {street_ent.pk}
    api.force_authenticate(world.user("nobody"))
    assert api.get("/api/pairing-gaps/").status_code == 403


def test_gaps_page_filters_shows_the_unit_and_exports_as_filtered(world, world_today, client):
    import io

    import openpyxl

    _gaps_world(world, world_today)
    login(client, world.user("supervisor"))
    assert 'href="/pairing/coverage/?kind=unpaired"' in client.get("/pairing/").content.decode()
    assert 'href="/pairing/coverage/?kind=not_visited"' in client.get("/pairing/visits/").content.decode()
    html = client.get("/pairing/coverage/").content.decode()
    assert "久未走访机械有限公司" in html and "街道包保食品有限公司" in html and str(world.bureau) in html
    html = client.get("/pairing/coverage/", {"unit": world.street.pk}).content.decode()
    assert "街道包保食品有限公司" in html and "久未走访机械有限公司" not in html
    html = client.get("/pairing/coverage/", {"kind": "unpaired"}).content.decode()
    assert 'id="unpaired-rows"' in html and 'id="coverage-rows"' not in html
    response = client.get("/pairing/coverage/", {"unit": world.bureau.pk, "export": "not_visited"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["久未走访机械有限公司"]
    response = client.get("/pairing/coverage/", {"q": "无人包保", "export": "unpaired"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["无人包保纺织有限公司"]
