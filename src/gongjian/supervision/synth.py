"""The generator's supervision part: a current colour for every generated item, so that the supervision pages
(current colours, rankings, the item panel) are measured on a district's or a city's worth of rows.

No 督办 are generated: a 督办 protects its unit from deletion, and generated data must stay removable."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from gongjian.campaigns import periods
from gongjian.campaigns.models import Item
from gongjian.indicators import rules as r

from .colours import among
from .models import ColourRecord

__all__ = ["run"]

PALETTE = [r.GREEN] * 65 + [r.BLUE] * 5 + [r.YELLOW] * 15 + [r.RED] * 10 + [r.DONE] * 5


def run(ctx) -> None:
    campaign_id = ctx.shared.get("campaign_id")
    if campaign_id is None:
        return
    rng, w, today = ctx.rng, ctx.writer, ctx.today
    ct = ContentType.objects.get_for_model(Item).pk
    period = periods.last_ended_period(today, periods.MONTHLY).key
    rows = list(
        Item.objects.filter(area__campaign_id=campaign_id)
        .order_by("pk")
        .values_list("pk", "lead_unit_id", "leader_id", "code", "title")
    )
    # Records left by deleted items whose ids the new items reuse are history of other objects: not current.
    for qs in among(ColourRecord.objects.filter(content_type_id=ct, current=True), "object_id", [x[0] for x in rows]):
        qs.update(current=False)
    first = w.reserve(ColourRecord, len(rows))
    records = []
    for n, (pk, unit_id, leader_id, code, title) in enumerate(rows):
        colour = rng.choice(PALETTE)
        name = f"{code} {title}"[:300]
        records.append(
            {
                "id": first + n,
                "content_type_id": ct,
                "object_id": pk,
                "object_repr": name,
                "source": "item",
                "period": period,
                "colour": colour,
                "reason": "far_behind" if colour == r.RED else "",
                "numbers": None,
                "judged_on": today,
                "unit_id": unit_id,
                "leader_id": leader_id,
                "campaign_id": campaign_id,
                "current": True,
            }
        )
    w.insert_dicts(ColourRecord, records)
    ctx.count("colour_records", len(records))
