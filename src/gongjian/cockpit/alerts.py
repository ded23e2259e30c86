"""Red and why (预警清单): every red and yellow object in the user's scope, with the reason in words.

The rows are the current colour records (``supervision.ColourRecord``, through ``restrict()``), without the
roll-ups of areas and campaigns. :func:`decorate` adds what a person reads for the rows of one page (or one chunk
of an export) with a fixed number of queries: the object and its parent item, the area, the reason in words,
the latest report and the 督办 in progress. The page, its Excel export and ``/api/alerts/`` share it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjian.campaigns.models import Item, Milestone, Report
from gongjian.core.formats import is_chinese
from gongjian.core.tables import Column
from gongjian.indicators import rules as r
from gongjian.indicators.models import Actual, Indicator
from gongjian.org.models import Unit, leaders_queryset
from gongjian.supervision.choices import SOURCE_LABELS, SupervisionKind, SupervisionStatus, source_label
from gongjian.supervision.colours import ROLLUP_SOURCE, campaign_rules
from gongjian.supervision.models import ColourRecord, Supervision

from .reasons import Thresholds, reason_words

__all__ = ["ALERT_COLUMNS", "OVERDUE_KIND", "AlertFilterSet", "AlertRows", "alerts", "decorate", "overdue_supervisions"]

SHOWN = (r.RED, r.YELLOW)

#: The kind of the rows that are not colours: 督办 whose reply date has passed without a reply (the filter's value).
OVERDUE_KIND = "supervision"
OVERDUE_LABEL = gettext_lazy("Overdue supervision (督办逾期)")


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
        choices=[(k, v) for k, v in SOURCE_LABELS.items() if k != ROLLUP_SOURCE] + [(OVERDUE_KIND, OVERDUE_LABEL)],
        label=gettext_lazy("Kind of object"),
    )

    class Meta:
        model = ColourRecord
        fields = ["unit", "leader", "colour", "kind"]

    def by_unit(self, queryset, name, unit):
        """The unit's objects and those of the units below it."""
        return queryset.filter(unit__path__startswith=unit.path) if unit else queryset


def overdue_supervisions(user, today: dt.date, filters: dict | None = None):
    """The 督办 in the user's scope still awaiting a reply after their reply date: the date of the latest 督办函
    (the numbered letter the unit received) when one was issued, else the 督办's own. ``filters`` are the cleaned
    data of :class:`AlertFilterSet`: a colour other than red or a kind other than 督办 leaves none."""
    f = filters or {}
    qs = (
        Supervision.objects.restrict(user, "view")
        .filter(status=SupervisionStatus.OPEN)
        .annotate(due=Coalesce(Max("letters__reply_by"), "reply_by"))
        .filter(due__lt=today)
    )
    if f.get("colour") not in (None, "", r.RED) or f.get("kind") not in (None, "", OVERDUE_KIND):
        return qs.none()
    if f.get("unit"):
        qs = qs.filter(unit__path__startswith=f["unit"].path)
    if f.get("leader"):
        qs = qs.filter(leader=f["leader"])
    return qs.order_by("due", "pk")


class OverdueRow:
    """A row of the list for an overdue 督办, read like a colour's row: red, since the day after its reply date."""

    source = OVERDUE_KIND
    colour = r.RED
    parent = None
    parent_text = ""
    latest_report = None
    issue_url = ""

    def __init__(self, sup, obj, today: dt.date):
        letters = sorted(sup.letters.all(), key=lambda letter: (letter.reply_by, letter.pk))
        if letters:
            document = f"{SupervisionKind.LETTER.label} {letters[-1].doc_number}"
        else:
            document = str(sup.get_kind_display())
        self.pk = self.id = sup.pk
        self.supervision = sup
        self.unit, self.unit_id = sup.unit, sup.unit_id
        self.leader, self.leader_id = sup.leader, sup.leader_id
        self.judged_on = sup.due + dt.timedelta(days=1)
        self.kind_text = str(OVERDUE_LABEL)
        self.object_text = sup.object_repr
        self.object_url = sup.get_absolute_url()
        item = _item_of(obj)
        self.area = item.area if item is not None else getattr(obj, "area", None)
        self.area_text = str(self.area) if self.area else ""
        days = (today - sup.due).days
        self.reason_words = reason_words(
            "supervision_overdue", {"document": document, "days_overdue": days}, translate=_, chinese=is_chinese()
        )
        self.supervision_text = _supervision_text(sup)


def overdue_rows(supervisions, today: dt.date) -> list[OverdueRow]:
    """Rows for these 督办 (with their letters, objects and areas: a fixed number of queries)."""
    sups = list(supervisions)
    if not sups:
        return []
    objects = _objects(sups)
    return [OverdueRow(s, objects.get((s.content_type_id, s.object_id)), today) for s in sups]


class AlertRows:
    """The rows of red and why: the overdue 督办 first (the longest overdue first), then the colours in the order
    asked. A sequence Django's and DRF's paginators page (count and slices), each part read with its own query."""

    def __init__(self, supervisions, colours, today: dt.date):
        self.supervisions = supervisions.select_related("unit", "leader").prefetch_related("letters")
        self.colours = colours
        self.today = today
        self._first: int | None = None

    @property
    def first_count(self) -> int:
        if self._first is None:
            self._first = self.supervisions.count()
        return self._first

    def count(self) -> int:
        return self.first_count + self.colours.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop
        first = self.first_count
        out: list = []
        if start < first:
            out += overdue_rows(self.supervisions[start : min(stop, first) if stop is not None else first], self.today)
        if stop is None or stop > first:
            lo = max(start - first, 0)
            out += list(self.colours[lo : (stop - first) if stop is not None else None])
        return out

    def chunks(self, size: int = 500):
        """Every row, in lists of at most ``size`` (the export); the colours still to be decorated."""
        yield overdue_rows(self.supervisions, self.today)
        chunk: list = []
        for row in self.colours.iterator(chunk_size=size):
            chunk.append(row)
            if len(chunk) == size:
                yield chunk
                chunk = []
        yield chunk


def filtered_rows(user, filterset, colours) -> AlertRows:
    """The list's rows for a bound (or unbound) :class:`AlertFilterSet` and its filtered colours."""
    valid = filterset is not None and filterset.is_bound and filterset.is_valid()
    today = timezone.localdate()
    return AlertRows(overdue_supervisions(user, today, filterset.form.cleaned_data if valid else None), colours, today)


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
    rows = [row for row in rows if isinstance(row, ColourRecord)]
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
