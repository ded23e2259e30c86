"""The one write path of the cadre side. Every function takes the acting ``Actor``, checks the permission (held
through a role: see models.holds), runs in one transaction and writes the audit record.

A refused write (bad input, a rule of the workflow) raises ValidationError naming the field, writes nothing of
the case and leaves an audit record of the refusal (``success=False``): attempts on confidential records are
themselves part of the record.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjian.campaigns.models import Item
from gongjian.core.services import Actor, record, snapshot
from gongjian.core.uploads import validate_upload
from gongjian.pairing.models import Visit
from gongjian.problems.models import Problem
from gongjian.supervision.models import ColourRecord, Supervision

from . import workflow as wf
from .choices import AccountabilityForm, CommendationGrade, NoteCategory, Outcome, Recommendation, SubjectKind
from .models import (
    SEE_ALL,
    Accountability,
    CaseAttachment,
    CaseOpinion,
    Commendation,
    FieldNote,
    ToleranceCase,
    holds,
)

__all__ = [
    "AUDIT_LABELS",
    "accept_case",
    "add_accountability",
    "add_attachment",
    "add_commendation",
    "add_note",
    "add_opinion",
    "apply_case",
    "decide_case",
    "not_accept_case",
    "update_case",
]

AUDIT_LABELS = {
    "tolerance_case.apply": gettext_lazy("applied for tolerance (容错免责)"),
    "tolerance_case.update": gettext_lazy("changed a tolerance application"),
    "tolerance_case.accept": gettext_lazy("accepted a tolerance case"),
    "tolerance_case.not_accept": gettext_lazy("did not accept a tolerance case"),
    "tolerance_case.opinion": gettext_lazy("gave a review opinion"),
    "tolerance_case.decide": gettext_lazy("decided a tolerance case"),
    "tolerance_case.attach": gettext_lazy("attached evidence to a tolerance case"),
    "tolerance_case.refused": gettext_lazy("was refused a change to a tolerance case"),
    "field_note.create": gettext_lazy("wrote a field assessment note"),
    "commendation.create": gettext_lazy("recorded a commendation"),
    "accountability.create": gettext_lazy("recorded an accountability measure"),
    "cadre_record.export": gettext_lazy("exported a performance record"),
}

AUDIT_PREFIXES = ("tolerance_case.", "field_note.", "commendation.", "accountability.", "cadre_record.")


def hidden_audit(user) -> Q | None:
    """The audit records of this module, hidden from every audit reader outside 组织部 and 纪检监察."""
    if holds(user, SEE_ALL):
        return None
    q = Q(content_type__app_label="cadres") | Q(parent_type__app_label="cadres")
    for prefix in AUDIT_PREFIXES:
        q |= Q(action__startswith=prefix)
    return q


CASE_FIELDS = ("subject_kind", "title", "facts", "criteria", "item", "problem", "colour_record", "supervision")
LINKS = {"item": Item, "problem": Problem, "colour_record": ColourRecord, "supervision": Supervision}


def workflow_message(code: str) -> str:
    return {
        "state": _("This step is not possible in the case's present state."),
        "decided": _("The case has been decided: it can no longer be changed."),
        "reviewer_decides": _("You gave a review opinion on this case: the decision must be made by someone else."),
        "outcome_required": _("Choose the outcome."),
        "reasons_required": _("Give the reasons."),
        "criteria_not_met": _(
            "The review did not confirm the criteria this outcome needs (an exemption needs all of them; a partial "
            "one at least the public interest and no personal gain)."
        ),
        "unknown_action": _("Unknown action."),
    }.get(code, code)


@contextlib.contextmanager
def _audited_refusal(actor: Actor, action: str, obj=None):
    """Run the block in a transaction; a ValidationError rolls it back and leaves an audit record of the attempt."""
    try:
        with transaction.atomic():
            yield
    except ValidationError as exc:
        record(
            actor,
            "tolerance_case.refused" if action.startswith("tolerance_case") else action,
            obj if obj is not None and obj.pk else None,
            after={"action": action, "errors": exc.messages},
            success=False,
        )
        raise


def _require(actor: Actor, codename: str) -> None:
    if not holds(actor.user, codename):
        raise PermissionDenied(f"cadres.{codename} required")


def _check(action: str, case: ToleranceCase, actor: Actor, **kwargs) -> None:
    latest = case.opinions.order_by("-given_at", "-pk").first()
    facts = wf.CaseFacts(
        state=case.state,
        actor_id=actor.user.pk,
        applicant_id=case.applicant_id,
        reviewer_ids=frozenset(case.opinions.values_list("author_id", flat=True)),
        is_reviewer_role=holds(actor.user, "review_tolerancecase"),
        is_decider_role=holds(actor.user, "decide_tolerancecase"),
        confirmed=latest.confirmed if latest else {},
    )
    try:
        wf.check(action, facts, **kwargs)
    except wf.WorkflowError as exc:
        if exc.code == "role":
            raise PermissionDenied(exc.code) from exc
        message = workflow_message(exc.code)
        raise ValidationError({exc.field: message} if exc.field else message) from exc


def _validate_links(actor: Actor, data: dict) -> None:
    """Each linked object must be one the applicant may see; at least one link is needed."""
    errors = {}
    for name, model in LINKS.items():
        obj = data.get(name)
        if obj is not None and not model.objects.restrict(actor.user, "view").filter(pk=obj.pk).exists():
            errors[name] = _("You cannot see this {what}: link only what you are responsible for.").format(
                what=model._meta.verbose_name
            )
    if not errors and not any(data.get(n) is not None for n in LINKS):
        errors["item"] = _("Link the case to the item, problem, warning or supervision (督办) concerned.")
    if errors:
        raise ValidationError(errors)


def _clean_case(actor: Actor, data: dict) -> dict:
    data = {k: v for k, v in data.items() if k in CASE_FIELDS}
    errors = {}
    if data.get("subject_kind") not in SubjectKind.values:
        errors["subject_kind"] = _("Say whether the case concerns you or your unit.")
    elif data["subject_kind"] == SubjectKind.UNIT and actor.user.unit_id is None:
        errors["subject_kind"] = _("You belong to no unit: apply for yourself.")
    for name in ("title", "facts"):
        if not str(data.get(name) or "").strip():
            errors[name] = _("This field is required.")
    criteria = list(data.get("criteria") or [])
    unknown = sorted(set(criteria) - set(wf.CRITERIA))
    if unknown:
        errors["criteria"] = _("Unknown criteria: {codes}").format(codes=", ".join(unknown))
    if errors:
        raise ValidationError(errors)
    _validate_links(actor, data)
    data["criteria"] = wf.criteria_dict(criteria)
    return data


def _subject(case: ToleranceCase, actor: Actor) -> None:
    if case.subject_kind == SubjectKind.PERSON:
        case.person, case.unit = actor.user, None
    else:
        case.person, case.unit = None, actor.user.unit


def _next_number(year: int) -> str:
    prefix = f"容错〔{year}〕"
    n = ToleranceCase.objects.filter(number__startswith=prefix).count() + 1
    while ToleranceCase.objects.filter(number=f"{prefix}{n}号").exists():
        n += 1
    return f"{prefix}{n}号"


def apply_case(actor: Actor, **data) -> ToleranceCase:
    """A cadre (for themselves) or a unit administrator (for the unit) applies for 容错免责."""
    _require(actor, "add_tolerancecase")
    with _audited_refusal(actor, "tolerance_case.apply"):
        clean = _clean_case(actor, data)
        today = timezone.localdate()
        case = ToleranceCase(applicant=actor.user, applied_on=today, number=_next_number(today.year), **clean)
        _subject(case, actor)
        case.save()
        record(actor, "tolerance_case.apply", case, after=snapshot(case))
    return case


def update_case(actor: Actor, case: ToleranceCase, **data) -> ToleranceCase:
    _require(actor, "change_tolerancecase")
    with _audited_refusal(actor, "tolerance_case.update", case):
        case = ToleranceCase.objects.select_for_update().get(pk=case.pk)
        _check("edit", case, actor)
        before = snapshot(case)
        merged = {name: getattr(case, name) for name in CASE_FIELDS}
        merged["criteria"] = [c for c, ok in (case.criteria or {}).items() if ok]
        merged.update(data)
        for name, value in _clean_case(actor, merged).items():
            setattr(case, name, value)
        _subject(case, actor)
        case.save()
        record(actor, "tolerance_case.update", case, before=before, after=snapshot(case))
    return case


def _step(actor: Actor, case: ToleranceCase, action: str, change, **check_kwargs) -> ToleranceCase:
    with _audited_refusal(actor, f"tolerance_case.{action}", case):
        case = ToleranceCase.objects.select_for_update().get(pk=case.pk)
        _check(action, case, actor, **check_kwargs)
        before = snapshot(case)
        change(case)
        case.state = wf.next_state(action, case.state)
        case.save()
        record(actor, f"tolerance_case.{action}", case, before=before, after=snapshot(case))
    return case


def accept_case(actor: Actor, case: ToleranceCase) -> ToleranceCase:
    def change(c):
        c.accepted_by, c.accepted_on = actor.user, timezone.localdate()

    return _step(actor, case, "accept", change)


def not_accept_case(actor: Actor, case: ToleranceCase, reasons: str) -> ToleranceCase:
    def change(c):
        c.accepted_by, c.accepted_on, c.reasons = actor.user, timezone.localdate(), reasons.strip()

    return _step(actor, case, "not_accept", change, reasons=reasons or "")


def add_opinion(
    actor: Actor, case: ToleranceCase, *, recommendation: str, text: str, confirmed: Iterable[str] = ()
) -> CaseOpinion:
    """纪检监察's opinion after the investigation, with the checklist as confirmed."""
    with _audited_refusal(actor, "tolerance_case.opinion", case):
        errors = {}
        if recommendation not in Recommendation.values:
            errors["recommendation"] = _("Choose a recommendation.")
        if not (text or "").strip():
            errors["text"] = _("This field is required.")
        confirmed = list(confirmed)
        if set(confirmed) - set(wf.CRITERIA):
            errors["confirmed"] = _("Unknown criteria: {codes}").format(
                codes=", ".join(sorted(set(confirmed) - set(wf.CRITERIA)))
            )
        case = ToleranceCase.objects.select_for_update().get(pk=case.pk)
        _check("opinion", case, actor)
        if errors:
            raise ValidationError(errors)
        opinion = CaseOpinion.objects.create(
            case=case,
            author=actor.user,
            recommendation=recommendation,
            confirmed=wf.criteria_dict(confirmed),
            text=text.strip(),
            given_at=timezone.now(),
        )
        before = snapshot(case, ["state"])
        case.state = wf.next_state("opinion", case.state)
        case.save(update_fields=["state", "updated_at"])
        record(actor, "tolerance_case.opinion", case, before=before, after={**snapshot(opinion), "state": case.state})
    return opinion


def decide_case(
    actor: Actor,
    case: ToleranceCase,
    *,
    outcome: str,
    reasons: str,
    document_number: str = "",
    corrective_measures: str = "",
) -> ToleranceCase:
    """组织部's decision, with reasons; never by someone who reviewed the same case."""

    def change(c):
        c.outcome, c.reasons = outcome, reasons.strip()
        c.document_number, c.corrective_measures = document_number.strip(), corrective_measures.strip()
        c.decided_by, c.decided_on = actor.user, timezone.localdate()

    return _step(actor, case, "decide", change, outcome=outcome or "", reasons=reasons or "")


def add_attachment(actor: Actor, case: ToleranceCase, upload) -> CaseAttachment:
    _require(actor, "add_caseattachment")
    with _audited_refusal(actor, "tolerance_case.attach", case):
        case = ToleranceCase.objects.select_for_update().get(pk=case.pk)
        if case.state == wf.DECIDED:
            raise ValidationError(workflow_message("decided"))
        if not (case.applicant_id == actor.user.pk or holds(actor.user, "review_tolerancecase")):
            raise PermissionDenied("role")
        if case.state not in (wf.APPLIED, wf.ACCEPTED):
            raise ValidationError(workflow_message("state"))
        validate_upload(upload)
        att = CaseAttachment(case=case, name=upload.name[:255], size=upload.size or 0, uploaded_by=actor.user)
        att.file.save(upload.name, upload, save=False)
        att.save()
        record(actor, "tolerance_case.attach", att, after=snapshot(att))
    return att


def _visible(actor: Actor, model, obj, field: str, errors: dict) -> None:
    if obj is not None and not model.objects.restrict(actor.user, "view").filter(pk=obj.pk).exists():
        errors[field] = _("You cannot see this {what}.").format(what=model._meta.verbose_name)


def _subject_fields(data: dict, errors: dict) -> None:
    kind = data.get("subject_kind")
    if kind == SubjectKind.PERSON and data.get("person") is None:
        errors["person"] = _("Choose the cadre.")
    elif kind == SubjectKind.UNIT and data.get("unit") is None:
        errors["unit"] = _("Choose the unit.")
    elif kind not in SubjectKind.values:
        errors["subject_kind"] = _("Say whether this concerns a cadre or a unit.")
    if kind == SubjectKind.PERSON:
        data["unit"] = None
    elif kind == SubjectKind.UNIT:
        data["person"] = None


def add_note(actor: Actor, **data) -> FieldNote:
    """A 一线考察 note by a 组织部 examiner."""
    _require(actor, "add_fieldnote")
    with _audited_refusal(actor, "field_note.create"):
        errors = {}
        if data.get("cadre") is None:
            errors["cadre"] = _("Choose the cadre.")
        if data.get("category") not in NoteCategory.values:
            errors["category"] = _("Choose the category.")
        if data.get("observed_on") is None:
            errors["observed_on"] = _("Give the date.")
        elif data["observed_on"] > timezone.localdate():
            errors["observed_on"] = _("The date lies in the future.")
        if not (data.get("text") or "").strip():
            errors["text"] = _("This field is required.")
        _visible(actor, Item, data.get("item"), "item", errors)
        _visible(actor, Visit, data.get("visit"), "visit", errors)
        _visible(actor, Problem, data.get("problem"), "problem", errors)
        if errors:
            raise ValidationError(errors)
        allowed = ("cadre", "observed_on", "category", "item", "visit", "problem", "place", "text")
        note = FieldNote.objects.create(author=actor.user, **{k: v for k, v in data.items() if k in allowed})
        record(actor, "field_note.create", note, after=snapshot(note))
    return note


def add_commendation(actor: Actor, **data) -> Commendation:
    _require(actor, "add_commendation")
    with _audited_refusal(actor, "commendation.create"):
        errors = {}
        _subject_fields(data, errors)
        if data.get("grade") not in CommendationGrade.values:
            errors["grade"] = _("Choose the grade.")
        for name in ("reason", "awarded_by"):
            if not (data.get(name) or "").strip():
                errors[name] = _("This field is required.")
        if data.get("awarded_on") is None:
            errors["awarded_on"] = _("Give the date.")
        _visible(actor, Item, data.get("item"), "item", errors)
        if errors:
            raise ValidationError(errors)
        allowed = (
            "subject_kind", "person", "unit", "grade", "reason", "item", "awarded_on", "awarded_by", "document_number",
        )  # fmt: skip
        obj = Commendation.objects.create(recorded_by=actor.user, **{k: v for k, v in data.items() if k in allowed})
        record(actor, "commendation.create", obj, after=snapshot(obj))
    return obj


def add_accountability(actor: Actor, **data) -> Accountability:
    _require(actor, "add_accountability")
    with _audited_refusal(actor, "accountability.create"):
        errors = {}
        _subject_fields(data, errors)
        if data.get("form") not in AccountabilityForm.values:
            errors["form"] = _("Choose the form.")
        for name in ("facts", "decided_by_body"):
            if not (data.get(name) or "").strip():
                errors[name] = _("This field is required.")
        if data.get("decided_on") is None:
            errors["decided_on"] = _("Give the date.")
        _visible(actor, Item, data.get("item"), "item", errors)
        _visible(actor, ColourRecord, data.get("colour_record"), "colour_record", errors)
        _visible(actor, Supervision, data.get("supervision"), "supervision", errors)
        if not errors and not any(data.get(n) is not None for n in ("item", "colour_record", "supervision")):
            errors["item"] = _("Link the red item, warning or supervision (督办) that led to it.")
        if errors:
            raise ValidationError(errors)
        allowed = (
            "subject_kind", "person", "unit", "form", "facts", "item", "colour_record", "supervision", "decided_on",
            "decided_by_body", "document_number",
        )  # fmt: skip
        obj = Accountability.objects.create(recorded_by=actor.user, **{k: v for k, v in data.items() if k in allowed})
        record(actor, "accountability.create", obj, after=snapshot(obj))
    return obj


def exempted_outcomes() -> tuple[str, ...]:
    return (Outcome.EXEMPTED, Outcome.PARTLY)


__all__ += ["SEE_ALL", "exempted_outcomes", "workflow_message"]
