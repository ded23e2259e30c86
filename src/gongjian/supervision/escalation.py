"""Escalation from the stored colour history (rules in indicators.rules.escalate): the daily run issues the 督办.

By default two yellows in a row call for a 督办单 to the lead unit and a red for a 督办通知. A 督办 is issued
once per triggering colour record (``auto_key``), and not while the same kind of automatic 督办 on the object is
still awaiting a reply: running the day again issues nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from gongjian.core.models import SYSTEM_ACTOR_NAME, AuditLog
from gongjian.indicators import rules as r

from .choices import SupervisionKind, SupervisionOrigin, SupervisionStatus
from .colours import ROLLUP_SOURCE, among, campaign_rules
from .models import ColourRecord, Supervision

__all__ = ["EscalationResult", "escalate", "reply_days"]

#: Days a unit has to reply to an automatic 督办.
REPLY_DAYS = 7


def reply_days() -> int:
    return REPLY_DAYS


@dataclass
class EscalationResult:
    created: list[Supervision] = field(default_factory=list)
    skipped_no_unit: int = 0
    already_open: int = 0


def _requirement(origin: str, record, yellows: int = 0) -> str:
    from django.utils.translation import gettext as _

    from gongjian.indicators.texts import period_label

    period = period_label(record.period) if record.period else ""
    if origin == SupervisionOrigin.RED:
        return _("Turned red{period}. Report the causes and the measures to catch up by the reply date.").format(
            period=f"（{period}）" if period else ""
        )
    return _("Yellow {n} times in a row{period}. Report the causes and the measures by the reply date.").format(
        n=yellows, period=f"（{period}）" if period else ""
    )


def escalate(today: dt.date) -> EscalationResult:
    """Issue the 督办 that today's new colours call for. Call inside a transaction."""
    out = EscalationResult()
    # Plain rows, not model instances: on a first day there may be tens of thousands.
    candidates = [
        SimpleNamespace(**row)
        for row in ColourRecord.objects.filter(current=True, judged_on=today, colour__in=[r.YELLOW, r.RED])
        .exclude(source=ROLLUP_SOURCE)
        .values(
            "pk",
            "content_type_id",
            "object_id",
            "object_repr",
            "period",
            "colour",
            "unit_id",
            "leader_id",
            "campaign_id",
        )
    ]
    if not candidates:
        return out
    rule_sets = campaign_rules()

    # The history of the objects that turned yellow today (a red needs none): one query per object type, the
    # objects chosen by a subquery rather than a list of ids.
    history: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    for ct_id in {rec.content_type_id for rec in candidates if rec.colour == r.YELLOW}:
        yellow_today = (
            ColourRecord.objects.filter(current=True, judged_on=today, colour=r.YELLOW, content_type_id=ct_id)
            .exclude(source=ROLLUP_SOURCE)
            .values("object_id")
        )
        rows = (
            ColourRecord.objects.filter(content_type_id=ct_id, object_id__in=yellow_today)
            .order_by("object_id", "judged_on", "id")
            .values_list("object_id", "colour")
        )
        for object_id, colour in rows.iterator(chunk_size=10_000):
            seq = history[(ct_id, object_id)]
            seq.append((f"{len(seq):08d}", colour))

    plans = []
    for rec in candidates:
        rules = rule_sets.get(rec.campaign_id, r.DEFAULT_RULES)
        entries = history.get((rec.content_type_id, rec.object_id)) or [("00000000", rec.colour)]
        verdict = r.escalate(entries, rules)
        if verdict.action == r.NOTICE:
            plans.append((rec, SupervisionOrigin.RED, SupervisionKind.NOTICE, 0))
        elif verdict.action == r.SUPERVISE:
            plans.append((rec, SupervisionOrigin.YELLOWS, SupervisionKind.ORDER, verdict.numbers.get("yellows", 0)))
    if not plans:
        return out

    keys = [f"{origin}:{rec.pk}" for rec, origin, _kind, _n in plans]
    existing = set()
    for qs in among(Supervision.objects.all(), "auto_key", keys):
        existing.update(qs.values_list("auto_key", flat=True))
    open_auto = set(
        Supervision.objects.filter(status=SupervisionStatus.OPEN)
        .exclude(origin=SupervisionOrigin.MANUAL)
        .values_list("content_type_id", "object_id", "origin")
    )
    new = []
    for (rec, origin, kind, n), key in zip(plans, keys, strict=True):
        if key in existing:
            continue
        if rec.unit_id is None:
            out.skipped_no_unit += 1
            continue
        if (rec.content_type_id, rec.object_id, str(origin)) in open_auto:
            out.already_open += 1
            continue
        open_auto.add((rec.content_type_id, rec.object_id, str(origin)))
        new.append(
            Supervision(
                kind=kind,
                origin=origin,
                status=SupervisionStatus.OPEN,
                content_type_id=rec.content_type_id,
                object_id=rec.object_id,
                object_repr=rec.object_repr or "—",
                colour=rec.colour,
                requirement=_requirement(origin, rec, n),
                unit_id=rec.unit_id,
                leader_id=rec.leader_id,
                campaign_id=rec.campaign_id,
                issued_on=today,
                reply_by=today + dt.timedelta(days=REPLY_DAYS),
                record_id=rec.pk,
                auto_key=key,
            )
        )
    Supervision.objects.bulk_create(new, batch_size=2000)
    if new:
        from gongjian.org.models import Unit

        unit_names = {u.pk: str(u) for u in Unit.objects.filter(pk__in={s.unit_id for s in new})}
        ct = ContentType.objects.get_for_model(Supervision)
        now = timezone.now()
        AuditLog.objects.bulk_create(
            [
                AuditLog(
                    at=now,
                    actor=None,
                    actor_name=SYSTEM_ACTOR_NAME,
                    source=AuditLog.Source.SYSTEM,
                    action="supervision.escalate",
                    content_type=ct,
                    object_id=str(s.pk),
                    object_repr=str(s)[:300],
                    after={
                        "kind": s.kind,
                        "origin": s.origin,
                        "object_repr": s.object_repr,
                        "unit": unit_names.get(s.unit_id),
                        "reply_by": s.reply_by.isoformat(),
                    },
                )
                for s in new
            ],
            batch_size=2000,
        )
    out.created = new
    return out
