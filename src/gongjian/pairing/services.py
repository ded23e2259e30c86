"""Every write on pairings and visits. Each function takes the acting user, checks permission and scope, runs in
one transaction, validates, and writes the audit record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core import uploads
from gongjian.core.models import SCOPE_ALL_PERMISSION
from gongjian.core.services import Actor, assign_fields, record, require, require_object, snapshot
from gongjian.org.models import is_leader

from .choices import PairingRole
from .models import Pairing, Visit, VisitAttachment, active_on

__all__ = [
    "PAIRING_FIELDS",
    "VISIT_FIELDS",
    "create_pairing",
    "delete_pairing",
    "delete_visit",
    "record_visit",
    "update_pairing",
]

PAIRING_FIELDS = ["enterprise", "person", "role", "start_date", "end_date", "note"]
VISIT_FIELDS = ["enterprise", "date", "companions", "met_with", "discussed"]


def _check_pairing(pairing: Pairing) -> None:
    errors: dict[str, str] = {}
    if pairing.person_id and not pairing.person.is_active:
        errors["person"] = _("The person's account is inactive.")
    elif pairing.person_id and pairing.role == PairingRole.LEADER and not is_leader(pairing.person):
        errors["person"] = _("A pairing leader must hold the leader role.")
    if pairing.enterprise_id and pairing.person_id and pairing.start_date:
        # The same person is paired with an enterprise once at a time: periods must not overlap.
        others = Pairing.objects.filter(enterprise_id=pairing.enterprise_id, person_id=pairing.person_id).exclude(
            pk=pairing.pk
        )
        end = pairing.end_date or dt.date.max
        overlap = others.filter(start_date__lte=end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=pairing.start_date)
        )
        if overlap.exists():
            errors["start_date"] = _("This person is already paired with this enterprise in this period.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_pairing(actor: Actor, **data) -> Pairing:
    require(actor, Pairing, "add")
    pairing = Pairing()
    assign_fields(pairing, data, PAIRING_FIELDS)
    pairing.note = (pairing.note or "").strip()
    pairing.full_clean()
    _check_pairing(pairing)
    pairing.save()
    record(actor, "pairing.create", pairing, after=snapshot(pairing))
    return pairing


@transaction.atomic
def update_pairing(actor: Actor, pairing: Pairing, **data) -> Pairing:
    require_object(actor, pairing, "change")
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    before = snapshot(pairing)
    assign_fields(pairing, data, PAIRING_FIELDS)
    pairing.full_clean()
    _check_pairing(pairing)
    pairing.save()
    record(actor, "pairing.update", pairing, before=before, after=snapshot(pairing))
    return pairing


@transaction.atomic
def delete_pairing(actor: Actor, pairing: Pairing) -> None:
    """Remove a pairing entered by mistake. A pairing that ended is given an end date instead (history stays)."""
    require_object(actor, pairing, "delete")
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if (
        Visit.objects.filter(enterprise_id=pairing.enterprise_id, visitor_id=pairing.person_id)
        .filter(date__gte=pairing.start_date)
        .exists()
    ):
        raise ValidationError(_("Visits were made under this pairing: give it an end date instead of deleting it."))
    record(actor, "pairing.delete", pairing, before=snapshot(pairing))
    pairing.delete()


def _may_visit(actor: Actor, enterprise_id: int, day: dt.date) -> bool:
    """The visitor is paired with the enterprise on that day, or sees the whole campaign (leaders, 督查)."""
    if actor.has_perm(SCOPE_ALL_PERMISSION):
        return True
    return Pairing.objects.filter(active_on(day), enterprise_id=enterprise_id, person=actor.user).exists()


@transaction.atomic
def record_visit(actor: Actor, *, attachments: Iterable[UploadedFile] = (), **data) -> Visit:
    """Record a visit the actor made (走访记录). Problems raised on it are registered with ``visit=`` afterwards."""
    require(actor, Visit, "add")
    visit = Visit(visitor=actor.user)
    assign_fields(visit, data, VISIT_FIELDS)
    visit.discussed = (visit.discussed or "").strip()
    visit.full_clean()
    if visit.date > timezone.localdate():
        raise ValidationError({"date": _("A visit cannot be dated in the future.")})
    if not _may_visit(actor, visit.enterprise_id, visit.date):
        raise ValidationError({"enterprise": _("You are not paired with this enterprise on this date.")})
    files = list(attachments or [])
    for f in files:
        uploads.validate_upload(f)
    visit.save()
    for f in files:
        att = VisitAttachment(visit=visit, name=f.name[:255], size=f.size)
        att.file.save(uploads.safe_storage_name(f.name), f, save=False)
        att.save()
    record(actor, "visit.create", visit, after={**snapshot(visit), "attachments": [f.name for f in files]})
    return visit


@transaction.atomic
def delete_visit(actor: Actor, visit: Visit) -> None:
    require_object(actor, visit, "delete")
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.visitor_id != actor.user.pk and not actor.has_perm(SCOPE_ALL_PERMISSION):
        raise PermissionDenied("only the visitor deletes their visit")
    record(actor, "visit.delete", visit, before=snapshot(visit))
    visit.delete()
