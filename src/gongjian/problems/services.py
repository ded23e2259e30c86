"""Every write on the problem ledger: registering a problem and each action of its workflow.

The rules are those of the pure :mod:`.workflow`; this module adds the database side:

* who the actor is (their rights from their permissions, whether their unit handles the problem);
* the row is locked (``select_for_update``) and re-read, and the UPDATE that moves the state requires the
  version and state it read (``WHERE version = … AND state = …``): of two simultaneous actions exactly one
  makes a transition, the other gets :class:`ProblemConflict`, on PostgreSQL and on SQLite alike;
* every action writes one :class:`~.models.ProblemEvent` (the ledger's timeline) and one audit record.

Refusals: :class:`WorkflowDenied` (a ``PermissionDenied``: 403 with the reason), :class:`ProblemConflict`
(a ``ValidationError`` the API answers with 409: not possible in this state, or changed meanwhile), and plain
``ValidationError`` naming the field for bad input (400).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core import registry, uploads
from gongjian.core.services import Actor, assign_fields, record, require, snapshot
from gongjian.org.models import Unit

from . import workflow as wf
from .choices import ProblemAction, ProblemSource, ProblemState
from .messages import error_text
from .models import Problem, ProblemAttachment, ProblemCategory, ProblemEvent

__all__ = [
    "AUDIT_FIELDS",
    "PROBLEM_FIELDS",
    "RIGHT_PERMISSIONS",
    "ProblemConflict",
    "WorkflowDenied",
    "actor_facts",
    "allowed_actions",
    "apply_closure",
    "approve_extension",
    "assign_problem",
    "close_problem",
    "create_problem",
    "perform",
    "problem_facts",
    "reject_extension",
    "request_extension",
    "return_problem",
    "start_problem",
    "verify_problem",
]

PROBLEM_FIELDS = ["title", "description", "source", "category", "enterprise", "item", "visit"]
AUDIT_FIELDS = [
    "number",
    "title",
    "source",
    "category",
    "enterprise",
    "item",
    "state",
    "version",
    "handling_unit",
    "deadline",
    "extended_deadline",
    "extension_requested_deadline",
    "reply",
    "applied_by",
    "verified_by",
    "satisfaction",
    "closed_by",
    "return_count",
]

#: The workflow's abstract rights and the Django permissions that grant them (see docs/problems.md).
RIGHT_PERMISSIONS = {
    "assign": "problems.assign_problem",
    "handle": "problems.handle_problem",
    "verify": "problems.verify_problem",
    "close": "problems.close_problem",
    "extend": "problems.extend_problem",
}


class WorkflowDenied(PermissionDenied):
    """The actor may not take this action; ``str(exc)`` is the reason in the user's language."""

    def __init__(self, reason: str, code: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.code = code


class ProblemConflict(ValidationError):
    """Not possible in the problem's current state, or the problem changed meanwhile (409 in the API)."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message, code=code or "conflict")


def _today() -> dt.date:
    return timezone.localdate()


def actor_facts(actor_or_user, problem: Problem) -> wf.ActorFacts:
    user = getattr(actor_or_user, "user", actor_or_user)
    if user is None or not getattr(user, "is_active", False):
        return wf.ActorFacts(user_id=0)
    rights = frozenset(r for r, perm in RIGHT_PERMISSIONS.items() if user.has_perm(perm))
    in_unit = False
    if problem.handling_unit_id is not None and user.unit_id is not None:
        handling = problem.handling_unit
        in_unit = handling.path.startswith(user.unit.path)
    return wf.ActorFacts(user_id=user.pk, rights=rights, in_handling_unit=in_unit)


def allowed_actions(user, problem: Problem) -> list[str]:
    """The actions ``user`` may take on ``problem`` now (the forms its page shows)."""
    return wf.allowed_actions(problem_facts(problem), actor_facts(user, problem))


def problem_facts(problem: Problem) -> wf.ProblemFacts:
    """The workflow's view of the problem, with everyone who handled it (never its verifier)."""
    return problem.facts(problem.handler_ids())


def _raise(exc: wf.WorkflowError):
    message = error_text(exc.code, exc.params)
    if exc.kind == wf.ROLE:
        raise WorkflowDenied(message, exc.code)
    if exc.kind == wf.STATE:
        raise ProblemConflict(message, exc.code)
    raise ValidationError({exc.field or "__all__": [message]}, code=exc.code)


def _check_files(files: Iterable[UploadedFile]) -> list[UploadedFile]:
    files = list(files or [])
    for f in files:
        uploads.validate_upload(f)
    return files


def _store_files(problem: Problem, event: ProblemEvent | None, files: list[UploadedFile]) -> None:
    for f in files:
        att = ProblemAttachment(problem=problem, event=event, name=f.name[:255], size=f.size)
        att.file.save(uploads.safe_storage_name(f.name), f, save=False)
        att.save()


# --- registering ------------------------------------------------------------------------------------------


def _responsible_leader(problem: Problem, day: dt.date):
    """The enterprise's pairing leader in force on ``day``, else the item's responsible leader."""
    from gongjian.pairing.choices import PairingRole
    from gongjian.pairing.models import Pairing, active_on

    if problem.enterprise_id is not None:
        pairing = (
            Pairing.objects.filter(active_on(day), enterprise_id=problem.enterprise_id, role=PairingRole.LEADER)
            .order_by("start_date", "pk")
            .select_related("person")
            .first()
        )
        if pairing is not None:
            return pairing.person
    if problem.item_id is not None:
        return problem.item.leader
    return None


def _check_references(actor: Actor, problem: Problem) -> None:
    from gongjian.campaigns.models import Item
    from gongjian.enterprises.models import Enterprise
    from gongjian.pairing.models import Visit

    errors: dict[str, list[str]] = {}
    if problem.enterprise_id is None and problem.item_id is None:
        errors["__all__"] = [_("Name an enterprise or a campaign item (or both).")]
    if (
        problem.enterprise_id
        and not Enterprise.objects.restrict(actor.user, "view").filter(pk=problem.enterprise_id).exists()
    ):
        errors["enterprise"] = [_("The enterprise does not exist.")]
    if problem.item_id and not Item.objects.restrict(actor.user, "view").filter(pk=problem.item_id).exists():
        errors["item"] = [_("The campaign item does not exist.")]
    if problem.visit_id and not Visit.objects.restrict(actor.user, "view").filter(pk=problem.visit_id).exists():
        errors["visit"] = [_("The visit does not exist.")]
    if problem.category_id and not ProblemCategory.objects.filter(pk=problem.category_id, is_active=True).exists():
        errors["category"] = [_("The category does not exist or is no longer used.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_problem(actor: Actor, *, attachments: Iterable[UploadedFile] = (), **data) -> Problem:
    """Register a problem (登记). A problem raised on a visit takes the visit's enterprise and the source 包保走访."""
    require(actor, Problem, "add")
    now = timezone.now()
    problem = Problem(raised_by=actor.user, raised_unit_id=actor.user.unit_id, raised_at=now)
    assign_fields(problem, data, PROBLEM_FIELDS)
    if problem.visit_id is not None:
        problem.enterprise_id = problem.visit.enterprise_id
        problem.source = ProblemSource.VISIT
    problem.title = (problem.title or "").strip()
    problem.description = (problem.description or "").strip()
    problem.number = uuid.uuid4().hex[:20]  # replaced by the real number once the row has its id
    _check_references(actor, problem)
    problem.full_clean(exclude=["number"])
    files = _check_files(attachments)
    problem.leader = _responsible_leader(problem, timezone.localdate(now))
    problem.save()
    problem.number = f"WT{timezone.localdate(now).year}{problem.pk:05d}"
    Problem.objects.filter(pk=problem.pk).update(number=problem.number)
    event = ProblemEvent.objects.create(
        problem=problem,
        action=ProblemAction.CREATE,
        from_state="",
        to_state=problem.state,
        actor=actor.user,
        at=now,
        text=problem.description,
        data={"source": problem.source},
    )
    _store_files(problem, event, files)
    record(actor, "problem.create", problem, after=snapshot(problem, AUDIT_FIELDS))
    return problem


# --- the workflow -----------------------------------------------------------------------------------------


def _lock(problem: Problem) -> Problem:
    """The problem's current row, locked for the transaction (re-read: the caller's instance may be stale)."""
    return Problem.objects.select_for_update().get(pk=problem.pk)


def _commit(
    actor: Actor,
    problem: Problem,
    outcome: wf.Outcome,
    changes: dict[str, Any],
    *,
    text: str = "",
    data: dict | None = None,
    files: list[UploadedFile] = (),
    now: dt.datetime,
) -> Problem:
    """Move the state: the UPDATE requires the version and state that were read, else nothing changes."""
    before = snapshot(problem, AUDIT_FIELDS)
    updated = Problem.objects.filter(pk=problem.pk, version=problem.version, state=outcome.source).update(
        state=outcome.target, version=F("version") + 1, updated_at=now, **changes
    )
    if updated != 1:
        raise ProblemConflict(error_text("stale"), "stale")
    problem.refresh_from_db()
    event = ProblemEvent.objects.create(
        problem=problem,
        action=outcome.action,
        from_state=outcome.source,
        to_state=outcome.target,
        actor=actor.user,
        at=now,
        text=text,
        data=data or {},
    )
    _store_files(problem, event, list(files))
    record(actor, f"problem.{outcome.action}", problem, before=before, after=snapshot(problem, AUDIT_FIELDS))
    if outcome.action == wf.CLOSE:
        registry.emit_outbound(registry.OUTBOUND_PROBLEM_CLOSED, [_closed_payload(problem, actor, now)])
    return problem


def _closed_payload(problem: Problem, actor: Actor, now: dt.datetime) -> dict:
    """What a webhook subscriber learns of a problem closed (销号): words and ids, nothing of the enterprise's
    figures."""
    user = actor.user
    return {
        "object_type": "problems.problem",
        "object_id": problem.pk,
        "number": problem.number,
        "name": problem.title,
        "handling_unit_id": problem.handling_unit_id,
        "closed_by": str(user) if user is not None else "",
        "closed_at": timezone.localtime(now).isoformat(timespec="seconds"),
    }


def _changes(action: str, actor: Actor, p: Problem, data: wf.ActionInput, now: dt.datetime, **kw) -> dict:
    text = (data.text or "").strip()
    if action == wf.ASSIGN:
        return {
            "handling_unit_id": data.unit_id,
            "deadline": data.deadline,
            "assigned_by_id": actor.user.pk,
            "assigned_at": now,
        }
    if action == wf.START:
        return {}
    if action == wf.APPLY:
        # Applying ends an extension request still waiting: the unit has answered.
        return {
            "reply": text,
            "applied_by_id": actor.user.pk,
            "applied_on": timezone.localdate(now),
            "extension_requested_deadline": None,
            "extension_requested_by_id": None,
        }
    if action == wf.VERIFY:
        return {
            "verified_by_id": actor.user.pk,
            "verified_at": now,
            "satisfaction": data.satisfaction or "",
            "verification_note": text,
        }
    if action == wf.RETURN:
        return {
            "return_count": F("return_count") + 1,
            "verification_note": text,
            "satisfaction": data.satisfaction or "",
        }
    if action == wf.CLOSE:
        return {"closed_by_id": actor.user.pk, "closed_at": now}
    if action == wf.REQUEST_EXTENSION:
        return {
            "extension_requested_deadline": data.deadline,
            "extension_reason": text,
            "extension_requested_by_id": actor.user.pk,
        }
    if action == wf.APPROVE_EXTENSION:
        return {
            "extended_deadline": p.extension_requested_deadline,
            "extension_requested_deadline": None,
            "extension_requested_by_id": None,
        }
    if action == wf.REJECT_EXTENSION:
        return {"extension_requested_deadline": None, "extension_requested_by_id": None}
    raise AssertionError(action)  # pragma: no cover - workflow.check refuses unknown actions


def _event_data(action: str, p: Problem, data: wf.ActionInput) -> dict:
    if action == wf.ASSIGN:
        unit = Unit.objects.get(pk=data.unit_id)
        return {"unit": str(unit), "deadline": data.deadline.isoformat()}
    if action == wf.REQUEST_EXTENSION:
        return {"deadline": data.deadline.isoformat()}
    if action in (wf.APPROVE_EXTENSION, wf.REJECT_EXTENSION):
        asked = p.extension_requested_deadline
        return {"deadline": asked.isoformat() if asked else None}
    if action in (wf.VERIFY, wf.RETURN) and data.satisfaction:
        return {"satisfaction": data.satisfaction}
    return {}


@transaction.atomic
def perform(
    actor: Actor,
    problem: Problem,
    action: str,
    *,
    expected_version: int | None = None,
    unit: Unit | None = None,
    deadline: dt.date | None = None,
    text: str = "",
    satisfaction: str = "",
    attachments: Iterable[UploadedFile] = (),
) -> Problem:
    """Take ``action`` on ``problem``; ``expected_version`` (the version the user saw) refuses a stale form."""
    if not Problem.objects.restrict(actor.user, "view").filter(pk=problem.pk).exists():
        raise PermissionDenied("object outside the user's scope")
    locked = _lock(problem)
    if expected_version is not None and locked.version != expected_version:
        raise ProblemConflict(error_text("stale"), "stale")
    now = timezone.now()
    data = wf.ActionInput(
        today=timezone.localdate(now),
        unit_id=unit.pk if unit is not None else None,
        deadline=deadline,
        text=text or "",
        satisfaction=satisfaction or "",
    )
    try:
        outcome = wf.check(action, problem_facts(locked), actor_facts(actor, locked), data)
    except wf.WorkflowError as exc:
        _raise(exc)
    if action == wf.ASSIGN and not Unit.objects.filter(pk=data.unit_id, is_active=True).exists():
        raise ValidationError({"unit": [error_text("unit_unknown")]})
    files = _check_files(attachments) if action == wf.APPLY else []
    changes = _changes(action, actor, locked, data, now)
    return _commit(
        actor,
        locked,
        outcome,
        changes,
        text=(text or "").strip(),
        data=_event_data(action, locked, data),
        files=files,
        now=now,
    )


def assign_problem(
    actor: Actor, problem: Problem, *, unit: Unit | None = None, deadline: dt.date | None = None, text: str = "", **kw
) -> Problem:
    """交办: the handling unit and the (original) deadline."""
    return perform(actor, problem, wf.ASSIGN, unit=unit, deadline=deadline, text=text, **kw)


def start_problem(actor: Actor, problem: Problem, *, text: str = "", **kw) -> Problem:
    """签收: the handling unit starts work (办理中)."""
    return perform(actor, problem, wf.START, text=text, **kw)


def apply_closure(
    actor: Actor, problem: Problem, *, text: str = "", attachments: Iterable[UploadedFile] = (), **kw
) -> Problem:
    """办结申请: the handler's reply with its evidence."""
    return perform(actor, problem, wf.APPLY, text=text, attachments=attachments, **kw)


def verify_problem(actor: Actor, problem: Problem, *, satisfaction: str = "", text: str = "", **kw) -> Problem:
    """核实: someone other than the applicant confirms the solution (and the enterprise's satisfaction)."""
    return perform(actor, problem, wf.VERIFY, satisfaction=satisfaction, text=text, **kw)


def return_problem(actor: Actor, problem: Problem, *, text: str = "", satisfaction: str = "", **kw) -> Problem:
    """退回: back to the handling unit with the reason."""
    return perform(actor, problem, wf.RETURN, text=text, satisfaction=satisfaction, **kw)


def close_problem(actor: Actor, problem: Problem, *, text: str = "", **kw) -> Problem:
    """销号."""
    return perform(actor, problem, wf.CLOSE, text=text, **kw)


def request_extension(
    actor: Actor, problem: Problem, *, deadline: dt.date | None = None, text: str = "", **kw
) -> Problem:
    """延期申请 by the handling unit."""
    return perform(actor, problem, wf.REQUEST_EXTENSION, deadline=deadline, text=text, **kw)


def approve_extension(actor: Actor, problem: Problem, *, text: str = "", **kw) -> Problem:
    return perform(actor, problem, wf.APPROVE_EXTENSION, text=text, **kw)


def reject_extension(actor: Actor, problem: Problem, *, text: str = "", **kw) -> Problem:
    return perform(actor, problem, wf.REJECT_EXTENSION, text=text, **kw)


ACTION_FUNCTIONS = {
    wf.ASSIGN: assign_problem,
    wf.START: start_problem,
    wf.APPLY: apply_closure,
    wf.VERIFY: verify_problem,
    wf.RETURN: return_problem,
    wf.CLOSE: close_problem,
    wf.REQUEST_EXTENSION: request_extension,
    wf.APPROVE_EXTENSION: approve_extension,
    wf.REJECT_EXTENSION: reject_extension,
}

assert set(ACTION_FUNCTIONS) == set(wf.ACTIONS)
assert {a.value for a in ProblemAction} == {"create", *wf.ACTIONS}
assert {s.value for s in ProblemState} == set(wf.STATES)


# --- categories (data) ------------------------------------------------------------------------------------

CATEGORY_FIELDS = ["name", "code", "sort_order", "is_active"]


@transaction.atomic
def save_category(actor: Actor, category: ProblemCategory | None = None, **data) -> ProblemCategory:
    """Add or change a problem category (the admin site). A category in use is retired, never deleted."""
    if category is None:
        require(actor, ProblemCategory, "add")
        category, before = ProblemCategory(), None
    else:
        require(actor, ProblemCategory, "change")
        category = ProblemCategory.objects.select_for_update().get(pk=category.pk)
        before = snapshot(category)
    assign_fields(category, data, CATEGORY_FIELDS)
    category.full_clean()
    category.save()
    record(actor, "problem_category.save", category, before=before, after=snapshot(category))
    return category
