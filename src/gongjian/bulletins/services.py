"""Every write of the bulletins module: draft, edit, regenerate, submit, return, 签发 (issue) and 督办函.

Issuing takes the next 文号 of the issuer's series under a row lock, renders the files, stores them and writes
their SHA-256 into the audit record, all in one transaction. Once issued a bulletin never changes: every later
change is refused with a message, and the refusal itself is audited (in a transaction of its own, so nothing
else is written).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core import progress, registry
from gongjian.core.models import AuditLog
from gongjian.core.services import Actor, assign_fields, record, require, require_object, snapshot

from . import content, documents
from .choices import BulletinAction, BulletinState, FileFormat
from .models import Bulletin, Issuer, Letter, NumberCounter, PublicCampaign, StoredFile

__all__ = [
    "BulletinRefused",
    "default_issuer",
    "draft_bulletin",
    "edit_bulletin",
    "issue_bulletin",
    "issue_letter",
    "next_number",
    "refresh_bulletin",
    "return_bulletin",
    "save_issuer",
    "save_public_campaign",
    "submit_bulletin",
    "unpublish_campaign",
]

EDITABLE = ("title", "highlights", "requirements", "is_public")

#: The issuer used when none is configured: an administrator edits it (admin site) to the district's own.
DEFAULT_ISSUER = {
    "name": "区重点工作攻坚年活动领导小组办公室",
    "mark": "攻坚办督查通报",
    "code": "攻坚督",
    "copy_to": "区委办公室，区人大常委会办公室，区政协办公室",
    "printer": "区重点工作攻坚年活动领导小组办公室",
    "recipients": "各镇街、区直各部门",
}

MIME = {
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.PDF: "application/pdf",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class BulletinRefused(ValidationError):
    """A change the state of the bulletin does not allow (already issued, not in review…)."""


def _action(name: BulletinAction) -> str:
    return f"bulletin.{name.value}"


def _refuse(actor: Actor, bulletin: Bulletin | None, message: str, attempted: str) -> None:
    """Audit the refused attempt (own transaction, outside the caller's rolled-back one) and raise."""
    with transaction.atomic():
        record(
            actor,
            _action(BulletinAction.REFUSED),
            bulletin,
            after={"attempted": attempted, "reason": str(message)},
            success=False,
        )
    raise BulletinRefused(message)


def default_issuer() -> Issuer:
    """The configured issuing organisation (setting GONGJIAN_BULLETIN_ISSUER), created on first use."""
    data = dict(getattr(settings, "GONGJIAN_BULLETIN_ISSUER", None) or DEFAULT_ISSUER)
    issuer = Issuer.objects.filter(code=data["code"]).first()
    if issuer is None:
        issuer, _created = Issuer.objects.get_or_create(code=data.pop("code"), defaults=data)
    return issuer


def next_number(issuer: Issuer, year: int) -> int:
    """The next 文号 of the issuer's series for ``year``. Call inside the transaction that uses the number: the
    counter row stays locked until it commits (a rollback gives the number back, so there is never a gap)."""
    try:
        counter = NumberCounter.objects.select_for_update().get(issuer=issuer, year=year)
    except NumberCounter.DoesNotExist:
        try:
            with transaction.atomic():
                NumberCounter.objects.create(issuer=issuer, year=year, last=0)
        except IntegrityError:
            pass  # created by someone issuing at the same moment: lock theirs
        counter = NumberCounter.objects.select_for_update().get(issuer=issuer, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _check_month(campaign, year: int, month: int, today: dt.date) -> dt.date:
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("The month must be between 1 and 12.")})
    first, last = content.month_bounds(year, month)
    if last >= today:
        raise ValidationError(
            {
                "month": _("{year}年{month}月 has not ended yet: a bulletin reports a finished month.").format(
                    year=year, month=month
                )
            }
        )
    if last < campaign.start_date or first > campaign.end_date:
        raise ValidationError({"month": _("The month lies outside the campaign's dates.")})
    return last


def draft_bulletin(actor: Actor, campaign, year: int, month: int, *, corrects: Bulletin | None = None) -> Bulletin:
    """A new draft for the month, its tables computed as of the month's last day.

    The monthly timer drafts as the system (an actor without a user); a person needs ``bulletins.add_bulletin``.
    """
    if actor.user is not None or actor.source != AuditLog.Source.COMMAND:
        require(actor, Bulletin, "add")
    today = timezone.localdate()
    cutoff = _check_month(campaign, year, month, today)
    if corrects is not None and not corrects.is_issued:
        raise ValidationError({"corrects": _("Only an issued bulletin can be corrected.")})
    try:
        tables = content.build(campaign, year, month, cutoff)
    except content.NoData as exc:
        raise ValidationError({"campaign": str(exc)}) from None
    with transaction.atomic():
        bulletin = Bulletin.objects.create(
            campaign=campaign,
            issuer=default_issuer(),
            year=year,
            month=month,
            cutoff=cutoff,
            title=_("Bulletin on the supervision of {campaign} in {month}").format(
                # "2026年重点工作攻坚年" already names the year: then the month alone ("11月")
                campaign=campaign.name,
                month=f"{month}月" if str(year) in campaign.name else f"{year}年{month}月",
            ),
            content=tables,
            corrects=corrects,
            highlights=corrects.highlights if corrects else "",
            requirements=corrects.requirements if corrects else "",
            created_by=actor.user if getattr(actor.user, "pk", None) else None,
        )
        record(actor, _action(BulletinAction.DRAFT), bulletin, after=snapshot(bulletin, ["campaign", "year", "month"]))
    return bulletin


def _locked(bulletin: Bulletin) -> Bulletin:
    return Bulletin.objects.select_for_update().select_related("issuer", "campaign").get(pk=bulletin.pk)


def _editable(actor: Actor, bulletin: Bulletin, attempted: str) -> Bulletin:
    """The bulletin, locked, when it may still change; a refusal (audited) once issued or in review."""
    with transaction.atomic():
        current = _locked(bulletin)
        state = current.state
    if state == BulletinState.ISSUED:
        _refuse(
            actor,
            current,
            _("{number} has been issued and can no longer be changed; issue a correction.").format(
                number=current.doc_number
            ),
            attempted,
        )
    if state != BulletinState.DRAFT:
        _refuse(actor, current, _("Only a draft can be changed: return the bulletin to draft first."), attempted)
    return current


def edit_bulletin(actor: Actor, bulletin: Bulletin, data: dict) -> Bulletin:
    """Change the title, the paragraphs of good practice and requirements, or the public flag of a draft."""
    require_object(actor, bulletin, "change")
    _editable(actor, bulletin, "edit")
    with transaction.atomic():
        current = _locked(bulletin)
        if current.state != BulletinState.DRAFT:  # changed state since: refuse as above
            raise BulletinRefused(_("Only a draft can be changed: return the bulletin to draft first."))
        before = snapshot(current, list(EDITABLE))
        assign_fields(current, data, EDITABLE)
        if not str(current.title).strip():
            raise ValidationError({"title": _("The title cannot be empty.")})
        current.save(update_fields=[*data.keys(), "updated_at"])
        record(actor, _action(BulletinAction.EDIT), current, before=before, after=snapshot(current, list(EDITABLE)))
    return current


def refresh_bulletin(actor: Actor, bulletin: Bulletin) -> Bulletin:
    """Recompute the tables of a draft from today's data (still as of its cut-off date)."""
    require_object(actor, bulletin, "change")
    _editable(actor, bulletin, "refresh")
    try:
        tables = content.build(bulletin.campaign, bulletin.year, bulletin.month, bulletin.cutoff)
    except content.NoData as exc:
        raise ValidationError({"campaign": str(exc)}) from None
    with transaction.atomic():
        current = _locked(bulletin)
        if current.state != BulletinState.DRAFT:
            raise BulletinRefused(_("Only a draft can be changed: return the bulletin to draft first."))
        current.content = tables
        current.save(update_fields=["content", "updated_at"])
        record(actor, _action(BulletinAction.REFRESH), current)
    return current


def _move(actor: Actor, bulletin: Bulletin, perm: str, source: str, target: str, action: BulletinAction) -> Bulletin:
    require_object(actor, bulletin, perm)
    with transaction.atomic():
        current = _locked(bulletin)
        state = current.state
        if state == source:
            current.state = target
            current.save(update_fields=["state", "updated_at"])
            record(actor, _action(action), current, before={"state": source}, after={"state": target})
            return current
    if state == BulletinState.ISSUED:
        message = _("{number} has already been issued.").format(number=current.doc_number)
    else:
        message = _("The bulletin is {state}: this step is not possible now.").format(state=current.get_state_display())
    _refuse(actor, current, message, action.value)
    raise AssertionError("unreachable")  # pragma: no cover


def submit_bulletin(actor: Actor, bulletin: Bulletin) -> Bulletin:
    return _move(actor, bulletin, "submit", BulletinState.DRAFT, BulletinState.REVIEW, BulletinAction.SUBMIT)


def return_bulletin(actor: Actor, bulletin: Bulletin) -> Bulletin:
    return _move(actor, bulletin, "change", BulletinState.REVIEW, BulletinState.DRAFT, BulletinAction.RETURN)


def _formats() -> list[str]:
    return list(getattr(settings, "GONGJIAN_BULLETIN_FORMATS", [f.value for f in FileFormat]))


def _store(owner: dict, fmt: str, name: str, data: bytes) -> StoredFile:
    return StoredFile.objects.create(
        format=fmt, name=name, data=data, size=len(data), sha256=hashlib.sha256(data).hexdigest(), **owner
    )


def issue_bulletin(actor: Actor, bulletin: Bulletin) -> Bulletin:
    """签发: the bulletin in review gets the next 文号, its files are rendered and stored; from now on it is final."""
    require_object(actor, bulletin, "sign")
    with transaction.atomic():
        current = _locked(bulletin)
        state = current.state
        if state == BulletinState.REVIEW:
            now = timezone.now()
            current.number = next_number(current.issuer, current.year)
            current.doc_number = current.issuer.number(current.year, current.number)
            current.state = BulletinState.ISSUED
            current.issued_at = now
            current.issued_by = actor.user
            # Progress in files rendered (a job's bar): the PDF takes the longest, LibreOffice's conversion.
            steps = 1 + sum(f in _formats() for f in (FileFormat.PDF, FileFormat.XLSX))
            progress.report(0, steps)
            docx = documents.bulletin_docx(current)
            progress.report(1)
            stem = current.doc_number
            files = {FileFormat.DOCX: docx}
            if FileFormat.PDF in _formats():
                files[FileFormat.PDF] = documents.pdf(docx)
                progress.report(len(files))
            if FileFormat.XLSX in _formats():
                files[FileFormat.XLSX] = documents.bulletin_xlsx(current)
                progress.report(len(files))
            current.save(update_fields=["number", "doc_number", "state", "issued_at", "issued_by", "updated_at"])
            stored = [_store({"bulletin": current}, fmt, f"{stem}.{fmt}", data) for fmt, data in files.items()]
            record(
                actor,
                _action(BulletinAction.ISSUE),
                current,
                before={"state": state},
                after={
                    "state": current.state,
                    "doc_number": current.doc_number,
                    "files": {f.format: {"name": f.name, "size": f.size, "sha256": f.sha256} for f in stored},
                },
            )
            registry.emit_outbound(
                registry.OUTBOUND_BULLETIN_ISSUED,
                [
                    {
                        "object_type": "bulletins.bulletin",
                        "object_id": current.pk,
                        "name": str(current.title),
                        "doc_number": current.doc_number,
                        "issued_by": str(actor.user),
                        "issued_at": timezone.localtime(now).isoformat(timespec="seconds"),
                    }
                ],
            )
            return current
    if state == BulletinState.ISSUED:
        message = _("{number} has already been signed and issued: it cannot be issued twice.").format(
            number=current.doc_number
        )
    else:
        message = _("Only a bulletin in review can be signed and issued: submit it for review first.")
    _refuse(actor, current, message, BulletinAction.ISSUE.value)
    raise AssertionError("unreachable")  # pragma: no cover


def issue_letter(actor: Actor, supervisions: list, *, reply_by: dt.date | None = None) -> Letter:
    """A numbered 督办函 for existing 督办 of one unit (one, or all of a unit's open ones in bulk)."""
    require(actor, Letter, "add")
    if not supervisions:
        raise ValidationError({"supervisions": _("Choose at least one supervision (督办).")})
    units = {s.unit_id for s in supervisions}
    if len(units) != 1:
        raise ValidationError(
            {"supervisions": _("A letter goes to one unit: the supervisions chosen concern several.")}
        )
    today = timezone.localdate()
    reply_by = reply_by or max(s.reply_by for s in supervisions)
    if reply_by < today:
        raise ValidationError({"reply_by": _("The reply date {date} has passed.").format(date=reply_by.isoformat())})
    issuer = default_issuer()
    with transaction.atomic():
        number = next_number(issuer, today.year)
        letter = Letter.objects.create(
            issuer=issuer,
            unit=supervisions[0].unit,
            year=today.year,
            number=number,
            doc_number=issuer.number(today.year, number),
            reply_by=reply_by,
            issued_by=actor.user,
            issued_at=timezone.now(),
        )
        letter.supervisions.set(supervisions)
        data = documents.letter_docx(letter, supervisions, today)
        stored = _store({"letter": letter}, FileFormat.DOCX, f"{letter.doc_number}.docx", data)
        record(
            actor,
            _action(BulletinAction.LETTER),
            letter,
            after={
                "doc_number": letter.doc_number,
                "unit": str(letter.unit),
                "supervisions": [s.pk for s in supervisions],
                "files": {stored.format: {"name": stored.name, "size": stored.size, "sha256": stored.sha256}},
            },
        )
    return letter


ISSUER_FIELDS = ["name", "mark", "code", "copy_to", "printer", "recipients"]
PUBLIC_FIELDS = ["campaign", "show_names"]


def _save_setting(actor: Actor, model, obj, data: dict, fields: list[str], action: str):
    require(actor, model, "change" if obj is not None else "add")
    with transaction.atomic():
        before = snapshot(obj, fields) if obj is not None else None
        target = obj if obj is not None else model()
        assign_fields(target, data, fields)
        target.full_clean()
        target.save()
        record(actor, action, target, before=before, after=snapshot(target, fields))
    return target


def save_issuer(actor: Actor, issuer: Issuer | None, **data) -> Issuer:
    """Create or change an issuing organisation (its 代字, 标志, 主送, 抄送, 印发机关). Numbers already given stay."""
    return _save_setting(actor, Issuer, issuer, data, ISSUER_FIELDS, "bulletin.issuer")


def save_public_campaign(actor: Actor, public: PublicCampaign | None, **data) -> PublicCampaign:
    """Publish a campaign on /public/ (or change whether people's names are shown)."""
    return _save_setting(actor, PublicCampaign, public, data, PUBLIC_FIELDS, "bulletin.public")


def unpublish_campaign(actor: Actor, public: PublicCampaign) -> None:
    require(actor, PublicCampaign, "delete")
    with transaction.atomic():
        record(actor, "bulletin.unpublish", public, before=snapshot(public, PUBLIC_FIELDS))
        public.delete()
