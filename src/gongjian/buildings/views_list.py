"""The building list: buildings with their metrics for a year, sortable and filterable by them.

For the years whose figures are stored (:func:`.figures.years_kept`) the list reads them: the query joins each
building's row of the year, sorts and filters by its columns (indexed) and fetches one page; the export streams
the filtered rows the same way. An older year is computed on request for the filtered buildings, as the detail
page computes one building.
"""

from __future__ import annotations

from django.db.models import F, FilteredRelation, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.excel import audit_export, export_mark, workbook_bytes, xlsx_response
from gongjian.core.views.generic import ObjectListView
from gongjian.enterprises.confidential import can_see_figures

from . import figures, queries
from .choices import Tier
from .filtersets import BuildingFilterSet
from .models import Building
from .tables import METRIC_SORTS, TAX_SORTS, building_columns

__all__ = ["TIER_RANK", "BuildingListView", "attach", "year_of"]

TIER_RANK = figures.TIER_RANK

#: The list's metric sort keys → the stored columns, in order (see tables.METRIC_SORTS).
STORED_SORTS = {
    "occupancy": ("fig_occupancy",),
    "registration": ("fig_registration_rate",),
    "tenants": ("fig_tenant_count",),
    "tax": ("fig_tax_total",),
    "tax_per_m2": ("fig_tax_per_m2",),
    "tier": ("fig_tier_rank", "fig_tax_total"),
}
#: Plain column sorts: rows of equal value stay in name order.
COLUMN_SORTS = {"street__code", "kind", "lettable_area"}


def year_of(request) -> int:
    value = request.GET.get("year", "")
    today = queries.today()
    if value.isdigit() and 2000 <= int(value) <= today.year:
        return int(value)
    return today.year


def attach(rows, ms) -> None:
    for row in rows:
        row.m = ms[row.pk]
        row.tier_rank = TIER_RANK.get(row.m.tier, 0)
        row.tier_label = Tier(row.m.tier).label if row.m.tier else ""


def _stored_metrics(row, year):
    """The metrics a row carries from its stored figures (None when the building has none for the year)."""
    if row.fig_building is None:
        return None
    values = {f: getattr(row, f"fig_{f}") for f in figures.FIELDS}
    return figures.metrics_of(row.pk, year, row.fig_as_of, values)


class BuildingListView(ObjectListView):
    """Buildings with their metrics for a year; sortable by occupancy, tax per m² and tier, filterable by tier."""

    model = Building
    filterset_class = BuildingFilterSet
    select_related = ("street", "floor_leader")
    default_ordering = ("name",)
    add_url_name = "buildings:building_add"
    add_permission = "buildings.add_building"
    paginate_by = 25

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # ?as_of=YYYY-MM-DD asks for the metrics as they stood on a day: computed, as the stored figures are the
        # year's as of today (this year) or its last day (the years before)
        self.year, self.as_of = queries.period(request.GET)
        self.stored = self.year in figures.years_kept(queries.today()) and not request.GET.get("as_of")

    def get_columns(self):
        return building_columns(can_see_figures(self.request.user))

    def extra_context(self):
        return {"title": _("Buildings ({year})").format(year=self.year)}

    def get_queryset(self):
        qs = super().get_queryset()
        if not self.stored:
            return qs
        joined = qs.annotate(fig=FilteredRelation("figures", condition=Q(figures__year=self.year)))
        columns = {f"fig_{f}": F(f"fig__{f}") for f in figures.FIELDS}
        return joined.annotate(fig_building=F("fig__building_id"), fig_as_of=F("fig__as_of"), **columns)

    def _tier(self) -> str | None:
        tier = self.request.GET.get("tier")
        if can_see_figures(self.request.user) and tier in {c for c, _l in Tier.choices if c}:
            return tier
        return None

    def sort(self, qs):
        if not self.stored:
            return self._sort_computed(qs)
        if tier := self._tier():
            qs = qs.filter(fig_tier=tier)
        key = self.request.GET.get("sort", "")
        field = key.lstrip("-")
        desc = key.startswith("-")
        if field in STORED_SORTS and (can_see_figures(self.request.user) or field not in TAX_SORTS):
            order = [F(c).desc(nulls_last=True) if desc else F(c).asc(nulls_last=True) for c in STORED_SORTS[field]]
            return qs.order_by(*order, "name", "pk"), key
        if field in COLUMN_SORTS:
            return qs.order_by(key, "name", "pk"), key
        if key == "-name":
            return qs.order_by("-name", "-pk"), key
        return qs.order_by("name", "pk"), key if field == "name" else ""

    def decorate_rows(self, rows) -> None:
        """The page's rows get their metrics: stored ones, else computed for the rows that have none stored."""
        if not self.stored:
            return  # computed with the sort
        ms = {row.pk: m for row in rows if (m := _stored_metrics(row, self.year)) is not None}
        missing = [row for row in rows if row.pk not in ms]
        if missing:
            ms.update(queries.metrics_for(missing, self.year))
        attach(rows, ms)

    def _sort_computed(self, qs):
        """A year whose figures are not stored: every filtered building's metrics computed, sorted in Python."""
        rows = list(qs.order_by("name", "pk"))
        attach(rows, queries.metrics_for(rows, self.year, self.as_of))
        if tier := self._tier():
            rows = [r for r in rows if r.m.tier == tier]
        key = self.request.GET.get("sort", "")
        field = key.lstrip("-")
        if field in METRIC_SORTS and (can_see_figures(self.request.user) or field not in TAX_SORTS):
            get = METRIC_SORTS[field]
            present = [r for r in rows if get(r) is not None]
            missing = [r for r in rows if get(r) is None]
            present.sort(key=get, reverse=key.startswith("-"))
            return present + missing, key
        if field in COLUMN_SORTS:
            attr = {"street__code": lambda r: r.street.code, "kind": lambda r: r.kind}.get(
                field, lambda r: r.lettable_area
            )
            rows.sort(key=attr, reverse=key.startswith("-"))
            return rows, key
        if key == "-name":
            rows.reverse()
        return rows, key if field == "name" else ""

    def export(self, rows):
        columns = self.get_columns()
        name = str(Building._meta.verbose_name_plural)
        watermark = ""
        if can_see_figures(self.request.user):  # the tax columns are confidential: mark and audit the export
            watermark = export_mark(self.request.user)
            audit_export(self.request, name, rows.count() if self.stored else len(rows))
        content = workbook_bytes(
            [str(c.label) for c in columns],
            ([c.export_value(r) for c in columns] for r in self._export_rows(rows)),
            watermark=watermark,
        )
        return xlsx_response(content, f"{name}-{timezone.localtime():%Y%m%d-%H%M}.xlsx")

    def _export_rows(self, rows, chunk: int = 2000):
        """The filtered rows with their metrics, a chunk at a time (stored figures), or the computed list."""
        if not self.stored:
            yield from rows
            return
        batch = []
        for row in rows.iterator(chunk_size=chunk):
            batch.append(row)
            if len(batch) == chunk:
                self.decorate_rows(batch)
                yield from batch
                batch = []
        self.decorate_rows(batch)
        yield from batch
