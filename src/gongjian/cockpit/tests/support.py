"""Colour history for the cockpit's tests: records as the daily run writes them."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from gongjian.campaigns.models import Item
from gongjian.supervision.models import ColourRecord


def colour(obj, colour: str, day: dt.date, *, source: str = "item", campaign=None, unit=None) -> ColourRecord:
    """A new colour of ``obj`` judged on ``day``: the previous record stops being current, as in the daily run."""
    ct = ContentType.objects.get_for_model(obj)
    ColourRecord.objects.filter(content_type=ct, object_id=obj.pk, current=True).update(current=False)
    if isinstance(obj, Item):
        campaign = campaign or obj.area.campaign
        unit = unit or obj.lead_unit
    return ColourRecord.objects.create(
        content_type=ct,
        object_id=obj.pk,
        object_repr=str(obj),
        source=source,
        period=f"{day.year}-{day.month:02d}",
        colour=colour,
        judged_on=day,
        unit=unit,
        leader=getattr(obj, "leader", None),
        campaign=campaign,
        current=True,
    )
