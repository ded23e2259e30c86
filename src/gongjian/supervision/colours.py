"""Storing colours: the history of every object's colour, written set-based (no query per object).

:func:`store` takes LightResults (from any registered light source) and writes a new :class:`ColourRecord` only
where an object's colour or period changed, moving the ``current`` flag in the same transaction.
:func:`rollup` colours the campaigns' areas and the campaigns themselves from their items' current colours.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from gongjian.core import registry
from gongjian.indicators import rules as r

from .choices import source_label
from .models import CampaignRules, ColourRecord

__all__ = ["ROLLUP_SOURCE", "StoreResult", "campaign_rules", "recolour", "rollup", "store"]

ROLLUP_SOURCE = "rollup"
CHUNK = 5000
#: Up to this many objects, store() reads only their current records.
FEW = 500
#: Rows per INSERT statement: 13 parameters each, well below SQLite's 32,766 and PostgreSQL's 65,535.
INSERT_ROWS = 1000


@dataclass
class StoreResult:
    seen: int = 0
    created: int = 0
    unchanged: int = 0
    invalid: int = 0
    without_campaign: int = 0
    notes: list[str] = field(default_factory=list)


def campaign_rules() -> dict[int, r.Rules]:
    """campaign id → its Rules (only campaigns with their own rules; the others use the defaults)."""
    out = {}
    for campaign_id, data in CampaignRules.objects.values_list("campaign_id", "rules"):
        try:
            out[campaign_id] = r.Rules(**(data or {}))
        except (TypeError, r.RulesError):
            out[campaign_id] = r.DEFAULT_RULES
    return out


def plain(value):
    """Numbers as JSON can hold them: Decimal and Fraction → int or float, dates → ISO text, recursively."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Decimal | Fraction):
        return int(value) if value == int(value) else round(float(value), 4)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _chunks(seq: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def among(qs, field: str, values: list) -> Iterable:
    """``qs`` narrowed to ``field`` in ``values``, as few querysets as the database allows (iterate over them).

    PostgreSQL takes the whole list as one array parameter (``= ANY(%s)``): a short statement, whatever the number
    of values. SQLite gets ``IN`` lists of ``CHUNK`` values.
    """
    if not values:
        return
    if connection.vendor == "postgresql":
        column = qs.model._meta.get_field(field).column
        table = qs.model._meta.db_table
        yield qs.extra(where=[f'"{table}"."{column}" = ANY(%s)'], params=[list(values)])  # noqa: S610 - names from the model
        return
    for chunk in _chunks(values):
        yield qs.filter(**{f"{field}__in": chunk})


def _campaign_path(model: type[models.Model]) -> str | None:
    """The lookup from ``model`` to its campaign id, when the model has one (campaign, area, item…)."""
    names = {f.name for f in model._meta.get_fields()}
    if model._meta.label_lower == "campaigns.campaign":
        return "pk"
    for path in ("campaign_id", "area__campaign_id", "item__area__campaign_id"):
        head = path.split("__")[0].removesuffix("_id")
        if head in names:
            return path
    return None


def _campaigns_of(model: type[models.Model], ids: list[int]) -> dict[int, int | None]:
    path = _campaign_path(model)
    if path is None:
        return {}
    if len(ids) > CHUNK:
        # Many objects: read the whole table's (pk, campaign) once rather than long lists of ids.
        wanted = set(ids)
        rows = model._default_manager.values_list("pk", path).iterator(chunk_size=10_000)
        return {pk: campaign for pk, campaign in rows if pk in wanted}
    out: dict[int, int | None] = {}
    for qs in among(model._default_manager.all(), model._meta.pk.name, ids):
        out.update(qs.values_list("pk", path))
    return out


_COLUMNS = (
    "content_type_id",
    "object_id",
    "object_repr",
    "source",
    "period",
    "colour",
    "reason",
    "numbers",
    "judged_on",
    "unit_id",
    "leader_id",
    "campaign_id",
    "current",
)


#: PostgreSQL array types of the columns, for the UNNEST insert.
_PG_TYPES = (
    "bigint",
    "bigint",
    "text",
    "text",
    "text",
    "text",
    "text",
    "text",
    "date",
    "bigint",
    "bigint",
    "bigint",
    "boolean",
)


def _insert(rows: list[tuple]) -> None:
    """Insert colour records without building model instances (the ORM's cost at 100,000 rows a day).

    PostgreSQL: one ``INSERT … SELECT FROM UNNEST(arrays)`` per chunk (a short statement whatever the rows);
    SQLite: multi-row ``VALUES`` of ``INSERT_ROWS`` rows. ``numbers`` comes as JSON text.
    """
    if not rows:
        return
    table = connection.ops.quote_name(ColourRecord._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{t}[]" for t in _PG_TYPES)
            names = ", ".join(f"c{i}" for i in range(len(_COLUMNS)))
            picks = ", ".join(f"c{i}::jsonb" if c == "numbers" else f"c{i}" for i, c in enumerate(_COLUMNS))
            sql = f"INSERT INTO {table} ({columns}) SELECT {picks} FROM UNNEST({arrays}) AS t({names})"  # noqa: S608
            for chunk in _chunks(rows):
                cursor.execute(sql, [list(col) for col in zip(*chunk, strict=True)])
            return
        one = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
        for chunk in _chunks(rows, INSERT_ROWS):
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608 - no input
            cursor.execute(sql, [value for row in chunk for value in row])


def _colour_payload(object_type: str, object_id: int, source: str, result, previous: str, today: dt.date) -> dict:
    """What a webhook subscriber learns of a changed colour: words and ids, no figures."""
    return {
        "object_type": object_type,
        "object_id": object_id,
        "name": str(result.obj)[:300],
        "kind": source_label(source),
        "period": result.period or "",
        "colour": result.colour,
        "previous_colour": previous,
        "unit_id": result.unit_id,
        "judged_on": today.isoformat(),
    }


def store(pairs: Iterable[tuple[str, object]], today: dt.date) -> StoreResult:
    """Store the colours of ``(source key, LightResult)`` pairs. Call inside a transaction."""
    res = StoreResult()
    by_key: dict[tuple[int, int], tuple[str, object]] = {}
    cts: dict[type, ContentType] = {}
    for source, result in pairs:
        res.seen += 1
        obj = result.obj
        if result.colour not in r.COLOURS or getattr(obj, "pk", None) is None:
            res.invalid += 1
            continue
        model = type(obj)
        ct = cts.get(model)
        if ct is None:
            ct = cts[model] = ContentType.objects.get_for_model(model, for_concrete_model=False)
        by_key[(ct.id, obj.pk)] = (source, result)
    if res.invalid:
        res.notes.append(f"{res.invalid} results without a known colour or a saved object were skipped")

    # The campaign of each object: from the result when it says so, else through the model's own relations.
    campaign_of: dict[tuple[int, int], int | None] = {}
    ids_by_model: dict[type, list[int]] = defaultdict(list)
    for (ct_id, pk), (_source, result) in by_key.items():
        given = getattr(result, "campaign_id", None)
        if given is not None:
            campaign_of[(ct_id, pk)] = given
        else:
            ids_by_model[type(result.obj)].append(pk)
    for model, ids in ids_by_model.items():
        ct_id = cts[model].id
        for pk, campaign_id in _campaigns_of(model, ids).items():
            campaign_of[(ct_id, pk)] = campaign_id

    records = ColourRecord.objects.filter(current=True, content_type_id__in=[c.id for c in cts.values()])
    if len(by_key) <= FEW:  # a few objects judged at once: read only their records
        records = records.filter(object_id__in={pk for _ct, pk in by_key})
    current = {
        (ct_id, obj_id): (pk, colour, period)
        for pk, ct_id, obj_id, colour, period in records.values_list(
            "pk", "content_type_id", "object_id", "colour", "period"
        )
    }
    to_close: list[int] = []
    new: list[tuple] = []
    changed: list[dict] = []
    outbound = registry.outbound_wanted(registry.OUTBOUND_COLOUR_CHANGED)
    labels = {ct.id: f"{ct.app_label}.{ct.model}" for ct in cts.values()}
    for key, (source, result) in by_key.items():
        old = current.get(key)
        if old is not None and old[1] == result.colour and old[2] == (result.period or ""):
            res.unchanged += 1
            continue
        if old is not None:
            to_close.append(old[0])
            if outbound and old[1] != result.colour:
                changed.append(_colour_payload(labels[key[0]], key[1], source, result, old[1], today))
        campaign_id = campaign_of.get(key)
        if campaign_id is None:
            res.without_campaign += 1
        numbers = plain(result.numbers) if result.numbers else None
        new.append(
            (
                key[0],
                key[1],
                str(result.obj)[:300],
                source[:40],
                (result.period or "")[:16],
                result.colour,
                (result.reason or "")[:60],
                json.dumps(numbers, ensure_ascii=False) if numbers is not None else None,
                today,
                result.unit_id,
                result.leader_id,
                campaign_id,
                True,
            )
        )
    for qs in among(ColourRecord.objects.all(), "id", to_close):
        qs.update(current=False)
    _insert(new)
    res.created = len(new)
    registry.emit_outbound(registry.OUTBOUND_COLOUR_CHANGED, changed)
    if res.without_campaign:
        res.notes.append(f"{res.without_campaign} new colours have no campaign: judged with the default rules")
    return res


def rollup(today: dt.date, campaign_ids: list[int] | None = None) -> list[tuple[str, object]]:
    """LightResults for every area and campaign from the current colours of their items (per-campaign rules).

    ``campaign_ids``: only the areas and campaigns of these campaigns.
    """
    from gongjian.campaigns.models import Area, Campaign, Item
    from gongjian.core.registry import LightResult

    item_ct = ContentType.objects.get_for_model(Item)
    records = ColourRecord.objects.filter(content_type=item_ct, current=True)
    items = Item.objects.all()
    if campaign_ids is not None:
        records = records.filter(campaign_id__in=campaign_ids)
        items = items.filter(area__campaign_id__in=campaign_ids)
    colours = dict(records.values_list("object_id", "colour"))
    if not colours:
        return []
    by_area: dict[int, list] = defaultdict(list)
    by_campaign: dict[int, list] = defaultdict(list)
    for pk, area_id, campaign_id, weight in items.values_list("pk", "area_id", "area__campaign_id", "weight"):
        colour = colours.get(pk)
        if colour is None:
            continue
        by_area[area_id].append((colour, weight))
        by_campaign[campaign_id].append((colour, weight))
    rule_sets = campaign_rules()
    out = []
    areas = Area.objects.filter(pk__in=list(by_area)).select_related("campaign")
    for area in areas:
        verdict = r.rollup(by_area[area.pk], rule_sets.get(area.campaign_id, r.DEFAULT_RULES))
        out.append(
            (
                ROLLUP_SOURCE,
                LightResult(
                    area, "", verdict.colour, verdict.reason, area.lead_unit_id, area.leader_id, verdict.numbers
                ),
            )
        )
    for campaign in Campaign.objects.filter(pk__in=list(by_campaign)):
        verdict = r.rollup(by_campaign[campaign.pk], rule_sets.get(campaign.pk, r.DEFAULT_RULES))
        out.append(
            (ROLLUP_SOURCE, LightResult(campaign, "", verdict.colour, verdict.reason, None, None, verdict.numbers))
        )
    return out


def recolour(objects: list, today: dt.date) -> StoreResult:
    """Colours at once (``core.registry.recolour``): judge these items and indicators again with the rules of
    the daily run, store what changed (history kept) and roll their campaigns' areas up, in the caller's
    transaction. Other objects keep their colour until the daily run."""
    from gongjian.campaigns.models import Item
    from gongjian.indicators import light_sources
    from gongjian.indicators.models import Indicator

    items = [o.pk for o in objects if isinstance(o, Item)]
    indicators = [o.pk for o in objects if isinstance(o, Indicator)]
    pairs: list[tuple[str, object]] = []
    if items:
        pairs += [("item", res) for res in light_sources.item_lights(today, ids=items)]
    if indicators:
        pairs += [("indicator", res) for res in light_sources.indicator_lights(today, ids=indicators)]
    if not pairs:
        return StoreResult()
    result = store(pairs, today)
    if items and result.created:
        campaign_ids = list(Item.objects.filter(pk__in=items).values_list("area__campaign_id", flat=True).distinct())
        store(rollup(today, campaign_ids), today)
    return result
