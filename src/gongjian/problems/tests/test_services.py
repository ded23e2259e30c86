"""The problem services: registering, each workflow action, its refusals, its timeline and audit records."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongjian.core.models import AuditLog
from gongjian.enterprises.testing import make_enterprise
from gongjian.pairing.models import Pairing
from gongjian.problems import services
from gongjian.problems.choices import ProblemState
from gongjian.problems.models import Problem, ProblemEvent
from gongjian.problems.services import ProblemConflict, WorkflowDenied
from gongjian.problems.testing import category, make_problem

# Deadlines and periods here are counted from today: CI also runs these at calendar edges (GONGJIAN_TEST_TODAY).
pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _today():
    return timezone.localdate()


def _walk_to(world, actor_of, problem, state):
    """Take ``problem`` along the main line up to ``state`` with the right people."""
    sup, clerk = actor_of("supervisor"), actor_of("clerk")
    steps = [
        (ProblemState.ASSIGNED, lambda p: services.assign_problem(sup, p, unit=world.bureau, deadline=_today())),
        (ProblemState.IN_PROGRESS, lambda p: services.start_problem(clerk, p)),
        (ProblemState.APPLIED, lambda p: services.apply_closure(clerk, p, text="已办结")),
        (ProblemState.VERIFIED, lambda p: services.verify_problem(sup, p, satisfaction="satisfied")),
        (ProblemState.CLOSED, lambda p: services.close_problem(sup, p)),
    ]
    for target, step in steps:
        if problem.state == state:
            break
        problem = step(problem)
        assert problem.state == target
    return problem


def test_register_a_problem_for_an_enterprise_takes_the_pairing_leader(world, actor_of):
    ent = make_enterprise(world)
    Pairing.objects.create(enterprise=ent, person=world.user("leader"), role="leader", start_date=dt.date(2026, 1, 1))
    f = SimpleUploadedFile("现场.pdf", b"%PDF-1.4 photo")
    p = services.create_problem(
        actor_of("cadre"),
        title="用电增容",
        description="企业新上生产线需增容",
        source="visit",
        category=category(),
        enterprise=ent,
        attachments=[f],
    )
    assert p.state == ProblemState.REGISTERED and p.version == 1
    assert p.number == f"WT{_today().year}{p.pk:05d}"
    assert p.leader == world.user("leader")
    assert p.raised_by == world.user("cadre") and p.raised_unit == world.bureau
    assert [e.action for e in p.events.all()] == ["create"]
    assert p.attachments.get().name == "现场.pdf"
    assert AuditLog.objects.filter(action="problem.create", object_id=str(p.pk)).count() == 1


def test_register_needs_an_enterprise_or_an_item(world, actor_of):
    with pytest.raises(ValidationError) as exc:
        services.create_problem(actor_of("cadre"), title="x", description="y", source="visit", category=category())
    assert "__all__" in exc.value.message_dict
    assert not Problem.objects.exists()


def test_register_on_an_item_outside_scope_names_the_field(world, actor_of):
    with pytest.raises(ValidationError) as exc:
        services.create_problem(
            actor_of("clerk"), title="x", description="y", source="dispatch", category=category(), item=world.other_item
        )
    assert "item" in exc.value.message_dict


def test_viewer_cannot_register(world, actor_of):
    with pytest.raises(PermissionDenied):
        services.create_problem(
            actor_of("viewer"), title="x", description="y", source="dispatch", category=category(), item=world.own_item
        )


def test_main_line_writes_one_event_and_one_audit_record_per_action(world, actor_of):
    p = make_problem(world)
    p = _walk_to(world, actor_of, p, ProblemState.CLOSED)
    actions = list(p.events.values_list("action", "from_state", "to_state"))
    assert actions == [
        ("assign", "registered", "assigned"),
        ("start", "assigned", "in_progress"),
        ("apply", "in_progress", "applied"),
        ("verify", "applied", "verified"),
        ("close", "verified", "closed"),
    ]
    audit = list(
        AuditLog.objects.filter(object_id=str(p.pk), action__startswith="problem.")
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert audit == ["problem.assign", "problem.start", "problem.apply", "problem.verify", "problem.close"]
    # The item's history (read by every unit that sees the item) does not list the problem's steps.
    assert not AuditLog.objects.for_object(world.own_item).filter(action__startswith="problem.").exists()
    assert p.version == 6
    assert p.verified_by == world.user("supervisor") and p.applied_by == world.user("clerk")
    assert p.closed_at is not None and p.handling_unit == world.bureau


def test_return_sends_it_back_and_counts(world, actor_of):
    p = _walk_to(world, actor_of, make_problem(world), ProblemState.APPLIED)
    p = services.return_problem(actor_of("supervisor"), p, text="证据不足，请补充验收报告")
    assert p.state == ProblemState.IN_PROGRESS and p.return_count == 1
    assert p.events.last().text == "证据不足，请补充验收报告"
    p = services.apply_closure(actor_of("unit_admin"), p, text="已补充")
    assert p.applied_by == world.user("unit_admin")


def test_illegal_transition_is_a_conflict_and_changes_nothing(world, actor_of):
    p = make_problem(world)
    audit = AuditLog.objects.count()
    with pytest.raises(ProblemConflict) as exc:
        services.close_problem(actor_of("supervisor"), p)
    assert exc.value.code == "illegal_transition"
    assert "Registered" in exc.value.messages[0] and "Close out" in exc.value.messages[0]
    p.refresh_from_db()
    assert (p.state, p.version) == (ProblemState.REGISTERED, 1)
    assert AuditLog.objects.count() == audit and ProblemEvent.objects.filter(problem=p).count() == 0


@pytest.mark.parametrize(
    ("state", "action", "role"),
    [
        (ProblemState.REGISTERED, "assign", "clerk"),
        (ProblemState.REGISTERED, "assign", "leader"),
        (ProblemState.ASSIGNED, "start", "supervisor"),
        (ProblemState.ASSIGNED, "start", "cadre"),
        (ProblemState.APPLIED, "verify", "clerk"),
        (ProblemState.APPLIED, "verify", "leader"),
        (ProblemState.VERIFIED, "close", "clerk"),
    ],
)
def test_wrong_role_is_denied_with_a_reason_and_nothing_changes(world, actor_of, state, action, role):
    p = _walk_to(world, actor_of, make_problem(world), state)
    version = p.version
    audit = AuditLog.objects.count()
    kwargs = {"unit": world.bureau, "deadline": _today()} if action == "assign" else {}
    with pytest.raises(WorkflowDenied) as exc:
        services.ACTION_FUNCTIONS[action](actor_of(role), p, **kwargs)
    assert exc.value.reason
    p.refresh_from_db()
    assert (p.state, p.version) == (state, version)
    assert AuditLog.objects.count() == audit


def test_a_unit_that_sees_a_problem_but_does_not_handle_it_is_denied(world, actor_of):
    p = make_problem(world)  # raised by the bureau's cadre: the bureau sees it
    p = services.assign_problem(actor_of("supervisor"), p, unit=world.street, deadline=_today())
    with pytest.raises(WorkflowDenied) as exc:
        services.start_problem(actor_of("clerk"), p)
    assert exc.value.code == "not_handling_unit"
    p = services.start_problem(actor_of("street_clerk"), p)
    assert p.state == ProblemState.IN_PROGRESS


def test_out_of_scope_is_denied(world, actor_of):
    p = make_problem(world)
    with pytest.raises(PermissionDenied):
        services.start_problem(actor_of("street_clerk"), p)


def test_the_applicant_cannot_verify_even_with_the_right(world, actor_of):
    from django.contrib.auth.models import Permission

    clerk = world.user("clerk")
    clerk.user_permissions.add(Permission.objects.get(codename="verify_problem"))
    p = _walk_to(world, actor_of, make_problem(world), ProblemState.APPLIED)
    from gongjian.core.services import Actor

    fresh = type(clerk).objects.get(pk=clerk.pk)
    with pytest.raises(WorkflowDenied) as exc:
        services.verify_problem(Actor(fresh), p)
    assert exc.value.code == "verifier_is_handler"


def test_enterprise_raised_problem_needs_satisfaction(world, actor_of):
    ent = make_enterprise(world)
    p = _walk_to(world, actor_of, make_problem(world, enterprise=ent, source="enterprise"), ProblemState.APPLIED)
    with pytest.raises(ValidationError) as exc:
        services.verify_problem(actor_of("supervisor"), p)
    assert "satisfaction" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.verify_problem(actor_of("supervisor"), p, satisfaction="unsatisfied")
    p = services.verify_problem(actor_of("supervisor"), p, satisfaction="basically_satisfied")
    assert p.satisfaction == "basically_satisfied"


def test_extension_keeps_the_original_deadline(world, actor_of):
    p = _walk_to(world, actor_of, make_problem(world), ProblemState.IN_PROGRESS)
    original = p.deadline
    later = original + dt.timedelta(days=20)
    p = services.request_extension(actor_of("clerk"), p, deadline=later, text="设备到货延迟")
    assert p.extension_requested_deadline == later and p.state == ProblemState.IN_PROGRESS
    with pytest.raises(ProblemConflict):
        services.request_extension(actor_of("clerk"), p, deadline=later, text="again")
    with pytest.raises(WorkflowDenied):
        services.approve_extension(actor_of("clerk"), p)
    p = services.approve_extension(actor_of("supervisor"), p)
    assert p.extended_deadline == later and p.deadline == original
    assert p.extension_requested_deadline is None
    today = _today()
    assert p.days_overdue(today + dt.timedelta(days=5)) == 5  # judged against the original deadline
    assert Problem.objects.overdue(today + dt.timedelta(days=5)).filter(pk=p.pk).exists()
    p = services.request_extension(actor_of("clerk"), p, deadline=later + dt.timedelta(days=1), text="再延")
    p = services.reject_extension(actor_of("supervisor"), p, text="不同意")
    assert p.extended_deadline == later
    assert [e.action for e in p.events.all()][-4:] == [
        "request_extension",
        "approve_extension",
        "request_extension",
        "reject_extension",
    ]


def test_stale_version_is_refused(world, actor_of):
    p = make_problem(world)
    with pytest.raises(ProblemConflict) as exc:
        services.assign_problem(
            actor_of("supervisor"), p, unit=world.bureau, deadline=_today(), expected_version=p.version + 1
        )
    assert exc.value.code == "stale"


def test_the_update_requires_the_state_it_read(world, actor_of, monkeypatch):
    """The SQLite path: even when the lock gives nothing (SQLite has no row locks), the UPDATE's WHERE on version
    and state lets only the first of two actions through."""
    p = make_problem(world)
    stale = Problem.objects.get(pk=p.pk)
    services.assign_problem(actor_of("supervisor"), p, unit=world.bureau, deadline=_today())
    monkeypatch.setattr(services, "_lock", lambda problem: stale)  # as if both had read the row at once
    audit = AuditLog.objects.count()
    with pytest.raises(ProblemConflict) as exc:
        services.assign_problem(actor_of("supervisor"), p, unit=world.street, deadline=_today())
    assert exc.value.code == "stale"
    p.refresh_from_db()
    assert (p.state, p.handling_unit, p.version) == (ProblemState.ASSIGNED, world.bureau, 2)
    assert AuditLog.objects.count() == audit
    assert ProblemEvent.objects.filter(problem=p, action="assign").count() == 1


def test_allowed_actions_follow_the_user(world, actor_of):
    p = _walk_to(world, actor_of, make_problem(world), ProblemState.IN_PROGRESS)
    assert services.allowed_actions(world.user("clerk"), p) == ["apply", "request_extension"]
    assert services.allowed_actions(world.user("street_clerk"), p) == []
    assert services.allowed_actions(world.user("supervisor"), p) == []


def test_assign_refuses_an_inactive_unit(world, actor_of):
    world.street.is_active = False
    world.street.save()
    p = make_problem(world)
    with pytest.raises(ValidationError) as exc:
        services.assign_problem(actor_of("supervisor"), p, unit=world.street, deadline=_today())
    assert "unit" in exc.value.message_dict


def test_categories_are_data_changed_through_the_service(world, actor_of):
    from gongjian.problems.models import ProblemCategory

    with pytest.raises(PermissionDenied):
        services.save_category(actor_of("clerk"), name="环保", code="env")
    c = services.save_category(actor_of("sysadmin"), name="环保", code="env", sort_order=80)
    c = services.save_category(actor_of("sysadmin"), c, name="环境保护", code="env", sort_order=80, is_active=False)
    assert ProblemCategory.objects.get(code="env").name == "环境保护"
    assert AuditLog.objects.filter(action="problem_category.save", object_id=str(c.pk)).count() == 2
    with pytest.raises(ValidationError):
        services.create_problem(
            actor_of("cadre"), title="x", description="y", source="visit", category=c, item=world.own_item
        )


def test_the_reason_is_in_chinese_for_chinese_users(world, actor_of):
    from django.utils import translation

    p = make_problem(world)
    with translation.override("zh-hans"), pytest.raises(WorkflowDenied) as exc:
        services.assign_problem(actor_of("clerk"), p, unit=world.bureau, deadline=_today())
    assert exc.value.reason == "只有督查室可以交办问题。"
