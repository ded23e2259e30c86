"""Red and why (预警清单): every red and yellow object in the user's scope, with the reason in words.

The rows are the current colour records (``supervision.ColourRecord``, through ``restrict()``), without the
roll-ups of areas and campaigns. :func:`decorate` adds what a person reads for the rows of one page (or one chunk
of an export) with a fixed number of queries: the object and its parent item, the area, the reason in words,
the latest report and the 督办 in progress. The page, its Excel export and ``/api/alerts/`` share it.
"""

from __future__ import annotations

from collections import defaultdict

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjian.campaigns.models import Item, Milestone, Report
from gongjian.core.formats import is_chinese
from gongjian.core.tables import Column
from gongjian.indicators import rules as r
from gongjian.indicators.models import Actual, Indicator
from gongjian.org.models import Unit, leaders_queryset
from gongjian.supervision.choices import SOURCE_LABELS, SupervisionStatus, source_label
from gongjian.supervision.colours import ROLLUP_SOURCE, campaign_rules
from gongjian.supervision.models import ColourRecord, Supervision

from .reasons import Thresholds, reason_words

__all__ = ["ALERT_COLUMNS", "AlertFilterSet", "alerts", "decorate"]

SHOWN = (r.RED, r.YELLOW)


def alerts(user):
    """The current red and yellow colours the user may see (a queryset to filter, sort and page)."""
    return (
        ColourRecord.objects.restrict(user, "view")
        .filter(current=True, colour__in=SHOWN)
        .exclude(source=ROLLUP_SOURCE)
        .select_related("unit", "leader", "content_type")
    )


class AlertFilterSet(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.filter(is_active=True), method="by_unit", label=gettext_lazy("Unit")
    )
    leader = django_filters.ModelChoiceFilter(queryset=leaders_queryset(), label=gettext_lazy("Responsible leader"))
    colour = django_filters.ChoiceFilter(
        choices=[(r.RED, gettext_lazy("Red")), (r.YELLOW, gettext_lazy("Yellow"))], label=gettext_lazy("Colour")
    )
    kind = django_filters.ChoiceFilter(
        field_name="source",
        choices=[(k, v) for k, v in SOURCE_LABELS.items() if k != ROLLUP_SOURCE],
        label=gettext_lazy("Kind of object"),
    )

    class Meta:
        model = ColourRecord
        fields = ["unit", "leader", "colour", "kind"]

    def by_unit(self, queryset, name, unit):
        """The unit's objects and those of the units below it."""
        return queryset.filter(unit__path__startswith=unit.path) if unit else queryset


def _objects(rows) -> dict[tuple[int, int], object]:
    """(content type id, object id) → the object, one query per kind of object on the page."""
    by_ct: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        by_ct[row.content_type_id].append(row.object_id)
    out = {}
    for ct_id, ids in by_ct.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        qs = model._base_manager.filter(pk__in=ids)
        if model is Item:
            qs = qs.select_related("area")
        elif model is Milestone:
            qs = qs.select_related("item__area")
        elif model is Indicator:
            qs = qs.select_related("area")
        for obj in qs:
            out[(ct_id, obj.pk)] = obj
    return out


def _item_of(obj):
    if isinstance(obj, Item):
        return obj
    if isinstance(obj, Milestone):
        return obj.item
    return None


def decorate(rows: list) -> None:
    """Attach to each row: ``obj``, ``parent``, ``area``, ``reason_words``, ``latest_report``, ``supervision``."""
    if not rows:
        return
    objects = _objects(rows)
    items = {i.pk for i in (_item_of(o) for o in objects.values()) if i is not None}
    indicators = [o.pk for o in objects.values() if isinstance(o, Indicator)]
    reports = dict(
        Report.objects.filter(item__in=items, submitted_at__isnull=False)
        .order_by()
        .values("item_id")
        .annotate(last=Max("submitted_at"))
        .values_list("item_id", "last")
    )
    actuals = dict(
        Actual.objects.filter(indicator__in=indicators)
        .order_by()
        .values("indicator_id")
        .annotate(last=Max("submitted_at"))
        .values_list("indicator_id", "last")
    )
    wanted = Q(pk__in=[])
    for row in rows:
        wanted |= Q(content_type_id=row.content_type_id, object_id=row.object_id)
    supervisions = {}
    for sup in Supervision.objects.filter(wanted).exclude(status=SupervisionStatus.CLOSED).order_by("issued_on", "id"):
        supervisions[(sup.content_type_id, sup.object_id)] = sup  # the latest open one wins
    rule_sets = campaign_rules()
    chinese = is_chinese()
    for row in rows:
        obj = objects.get((row.content_type_id, row.object_id))
        item = _item_of(obj)
        row.obj = obj
        row.parent = item if isinstance(obj, Milestone) else None
        row.area = item.area if item is not None else getattr(obj, "area", None)
        rules = rule_sets.get(row.campaign_id, r.DEFAULT_RULES)
        thresholds = Thresholds(rules.green_achievement, rules.yellow_achievement)
        row.reason_words = (
            reason_words(row.reason, row.numbers, thresholds, translate=_, chinese=chinese) or row.reason or "—"
        )
        if item is not None:
            row.latest_report = reports.get(item.pk)
        elif isinstance(obj, Indicator):
            row.latest_report = actuals.get(obj.pk)
        else:
            row.latest_report = None
        row.supervision = supervisions.get((row.content_type_id, row.object_id))
        row.object_text = str(obj) if obj is not None else row.object_repr
        row.object_url = obj.get_absolute_url() if obj is not None and hasattr(obj, "get_absolute_url") else ""
        row.kind_text = source_label(row.source)
        row.parent_text = str(row.parent) if row.parent else ""
        row.area_text = str(row.area) if row.area else ""
        row.supervision_text = _supervision_text(row.supervision)


def _supervision_text(sup) -> str:
    if sup is None:
        return ""
    return str(sup.get_status_display())


def issue_url(row) -> str:
    ct = row.content_type
    return reverse("supervision:supervision_add") + f"?type={ct.app_label}.{ct.model}&id={row.object_id}"


ALERT_COLUMNS = [
    Column("kind_text", gettext_lazy("Kind"), order_by="source"),
    Column("object_text", gettext_lazy("Object"), order_by="object_repr", template="cockpit/includes/cell_object.html"),
    Column("area_text", gettext_lazy("Area")),
    Column("unit", gettext_lazy("Lead unit"), order_by="unit__sort_order"),
    Column("leader", gettext_lazy("Responsible leader")),
    Column("colour", gettext_lazy("Colour"), order_by="colour", template="supervision/includes/cell_colour.html"),
    Column("reason_words", gettext_lazy("Reason")),
    Column("judged_on", gettext_lazy("Since"), order_by="judged_on"),
    Column("latest_report", gettext_lazy("Latest report")),
    Column(
        "supervision_text",
        gettext_lazy("Supervision (督办)"),
        template="cockpit/includes/cell_supervision.html",
    ),
]
