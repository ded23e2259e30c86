"""The audit log is append-only (ORM and database), finds an object's history, and records where changes came from."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory, override_settings

from gongjian.campaigns import services
from gongjian.campaigns.choices import LeaderActionKind
from gongjian.campaigns.models import Area, Item
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor, client_ip, record, snapshot
from gongjian.org.choices import RoleChoices as R
from gongjian.org.models import User
from gongjian.testing import make_item

D = dt.date


@pytest.fixture
def entry(world):
    """One audit record, written as a service writes it."""
    return record(Actor(world.user(R.SUPERVISOR), ip="10.0.0.5"), "item.update", world.own_item, before={"a": 1})


def _row(pk) -> tuple:
    return AuditLog.objects.filter(pk=pk).values_list("action", "actor_name", "before", "object_repr").get()


# --- the ORM refuses changes ---------------------------------------------------------------------------


def test_saving_an_existing_record_is_refused(entry):
    original = _row(entry.pk)
    entry.action = "item.delete"
    with pytest.raises(PermissionDenied):
        entry.save()
    assert _row(entry.pk) == original


def test_deleting_a_record_is_refused(entry):
    with pytest.raises(PermissionDenied):
        entry.delete()
    assert AuditLog.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda qs: qs.update(action="x"),
        lambda qs: qs.delete(),
        lambda qs: qs.filter(action="item.update").update(actor_name="someone"),
        lambda qs: AuditLog.objects.bulk_update(list(qs), ["action"]),
        lambda qs: qs.all()._raw_delete(qs.db),
    ],
    ids=["update", "delete", "filtered-update", "bulk_update", "raw_delete"],
)
def test_queryset_changes_are_refused(entry, change):
    original, count = _row(entry.pk), AuditLog.objects.count()
    with pytest.raises(PermissionDenied), transaction.atomic():  # bulk_update runs in its own atomic block
        change(AuditLog.objects.all())
    assert AuditLog.objects.count() == count
    assert _row(entry.pk) == original


# --- the database refuses changes too ------------------------------------------------------------------


def test_raw_update_fails_in_the_database(entry):
    assert connection.vendor in {"sqlite", "postgresql"}
    original = _row(entry.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditlog SET action = %s WHERE id = %s", ["forged", entry.pk])
    assert _row(entry.pk) == original


def test_raw_update_of_every_row_fails_in_the_database(entry, world):
    record(Actor(world.user(R.SYSADMIN)), "unit.update", world.bureau)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditlog SET actor_name = 'nobody'")
    assert not AuditLog.objects.filter(actor_name="nobody").exists()


if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
    # Only PostgreSQL has the DELETE trigger (SQLite keeps DELETE for the test runner's flush; the ORM alone
    # refuses it there, tested above), so this test exists only where the behaviour does.

    def test_raw_delete_fails_in_the_database_on_postgresql(entry):
        count = AuditLog.objects.count()
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditlog WHERE id = %s", [entry.pk])
        assert AuditLog.objects.count() == count


def test_deleting_a_user_keeps_the_records_of_what_they_did(entry, world):
    user = User.objects.create_user("temp-clerk", unit=world.bureau)
    log = record(Actor(user, ip="10.0.0.9"), "report.submit", world.own_item)
    pk = user.pk
    user.delete()  # the audit row is not touched: no SET NULL update for the triggers to refuse
    log = AuditLog.objects.get(pk=log.pk)
    assert (log.actor_id, log.actor_name, log.ip) == (pk, "temp-clerk", "10.0.0.9")


# --- writing records -----------------------------------------------------------------------------------


def test_record_without_a_user_is_the_system(world):
    log = record(Actor.system(), "item.refresh", world.own_item)
    assert (log.actor, log.actor_name, log.ip, log.source) == (None, "system", None, "command")
    assert (log.parent_id, log.object_id) == (str(world.area.pk), str(world.own_item.pk))


def test_changes_lists_only_fields_that_differ(world):
    log = record(
        Actor(world.user(R.SUPERVISOR)),
        "item.update",
        world.own_item,
        before={"title": "旧", "due_date": "2026-12-31", "weight": "1.00"},
        after={"title": "新", "due_date": "2026-12-31", "co_units": ["新湖街道办事处"]},
    )
    assert sorted(log.changes) == [
        ("co_units", None, ["新湖街道办事处"]),
        ("title", "旧", "新"),
        ("weight", "1.00", None),
    ]
    assert sorted(AuditLog.objects.get(pk=log.pk).changes) == sorted(log.changes)
    assert record(Actor(world.user(R.SUPERVISOR)), "item.view", world.own_item).changes == []


def test_snapshot_writes_relations_as_text_and_values_as_json(world):
    data = snapshot(world.coop_item)
    assert data["lead_unit"] == str(world.street)
    assert data["leader"] == str(world.user(R.LEADER))
    assert data["co_units"] == [str(world.bureau)]
    assert (data["start_date"], data["weight"], data["completed_on"]) == ("2026-01-01", "1.00", None)
    assert "created_at" not in data and "updated_at" not in data
    assert "password" not in snapshot(world.user(R.CLERK))
    assert snapshot(world.own_item, ["title"]) == {"title": "重大技改项目推进"}
    assert snapshot(None) is None


# --- an object's history -------------------------------------------------------------------------------


def test_for_object_returns_the_item_and_its_childrens_records(world):
    sup, clerk = Actor(world.user(R.SUPERVISOR)), Actor(world.user(R.CLERK))
    services.update_item(sup, world.own_item, title="重大技改项目攻坚")
    ms = services.add_milestone(sup, world.own_item, title="开工", planned_date=D(2026, 3, 1))
    report = services.submit_report(
        clerk, world.own_item, period_start=world.campaign.start_date, percent=10, narrative="进展"
    )
    action = services.record_leader_action(
        sup,
        world.own_item,
        leader=world.user(R.LEADER),
        date=D(2026, 1, 15),
        kind=LeaderActionKind.ENQUIRE,
        note="过问",
    )
    # records of other objects: another item, the area, a milestone of another item
    services.update_item(sup, world.coop_item, title="梯队培育攻坚")
    services.update_area(sup, world.area, plan_text="方案")
    services.add_milestone(sup, world.coop_item, title="签约", planned_date=D(2026, 3, 1))

    history = AuditLog.objects.for_object(Item.objects.get(pk=world.own_item.pk))
    assert sorted(history.values_list("action", "object_id")) == sorted(
        [
            ("item.update", str(world.own_item.pk)),
            ("milestone.create", str(ms.pk)),
            ("report.submit", str(report.pk)),
            ("leader_action.create", str(action.pk)),
        ]
    )
    assert list(history) == list(history.order_by("-at", "-id"))


def test_for_object_tells_models_apart_when_their_ids_are_equal(world):
    """An area and an item with the same id: each history holds only its own model's records."""
    sup = Actor(world.user(R.SUPERVISOR))
    area = Area.objects.create(id=987654, campaign=world.campaign, number=7, title="同号领域")
    item = make_item(world.area, "2-99", world.bureau, world.user(R.LEADER), id=987654)
    child = make_item(area, "7-01", world.bureau, world.user(R.LEADER))
    record(sup, "area.update", area)
    record(sup, "item.update", item)
    record(sup, "item.update", child)  # its parent is the area 987654
    assert list(AuditLog.objects.for_object(item).values_list("action", "object_id")) == [("item.update", "987654")]
    assert sorted(AuditLog.objects.for_object(area).values_list("action", "object_id")) == [
        ("area.update", "987654"),
        ("item.update", str(child.pk)),
    ]


def test_audit_browsing_needs_the_permission(entry, world):
    assert AuditLog.objects.restrict(world.user(R.SUPERVISOR)).count() == AuditLog.objects.count()
    assert AuditLog.objects.restrict(world.user(R.AUDITADMIN)).count() == AuditLog.objects.count()
    # 三权分立: neither the system nor the security administrator reads the audit log.
    for role in (R.LEADER, R.CLERK, R.UNIT_ADMIN, R.VIEWER, R.SYSADMIN, R.SECADMIN, "nobody"):
        assert not AuditLog.objects.restrict(world.user(role)).exists()
    assert not AuditLog.objects.restrict(world.user(R.SUPERVISOR), "change").exists()
    assert not AuditLog.objects.restrict(None).exists()


# --- where a change came from --------------------------------------------------------------------------


def _request(remote="203.0.113.9", forwarded=None):
    meta = {"REMOTE_ADDR": remote} if remote is not None else {}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    if remote is None:
        request.META.pop("REMOTE_ADDR", None)
    return request


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # no trusted proxy: X-Forwarded-For is whatever the client typed, and ignored
        (0, "203.0.113.9", None, "203.0.113.9"),
        (0, "203.0.113.9", "1.2.3.4", "203.0.113.9"),
        # one proxy: it appended the address it saw; anything before that came from the client
        (1, "10.0.0.1", "198.51.100.7", "198.51.100.7"),
        (1, "10.0.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        (1, "10.0.0.1", " 1.2.3.4 ,198.51.100.7 ", "198.51.100.7"),
        (1, "10.0.0.1", None, "10.0.0.1"),  # reached the app without the proxy's header
        # two proxies: the outer one's entry is the client
        (2, "10.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (2, "10.0.0.1", "198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (2, "10.0.0.1", "10.0.0.2", "10.0.0.1"),  # fewer entries than proxies: fall back to the peer
        # addresses are validated and normalised
        (1, "10.0.0.1", "2001:DB8:0:0::1", "2001:db8::1"),
        (1, "10.0.0.1", "1.2.3.4, unknown", None),
        (0, "not-an-ip", None, None),
        (0, None, None, None),
    ],
)
def test_client_ip_honours_trusted_proxy_count(proxies, remote, forwarded, expected):
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(_request(remote, forwarded)) == expected


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_actor_from_request_is_recorded(world):
    request = _request("10.0.0.1", "66.6.6.6, 198.51.100.7")
    request.user = world.user(R.SUPERVISOR)
    actor = Actor.from_request(request, source=AuditLog.Source.API)
    assert actor == Actor(world.user(R.SUPERVISOR), "198.51.100.7", "api")
    services.update_area(actor, world.area, plan_text="方案")
    entry = AuditLog.objects.order_by("-id").first()
    assert (entry.actor_id, entry.ip, entry.source, entry.action) == (
        world.user(R.SUPERVISOR).pk,
        "198.51.100.7",
        "api",
        "area.update",
    )
