"""List columns of the building economy (HTML table and Excel export from one definition)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongjian.core.numbers import area_m2, count, number, percent
from gongjian.core.tables import Column

__all__ = ["METRIC_SORTS", "PLAN_COLUMNS", "building_columns"]

#: Sort keys computed from the metrics (not database columns): key → function(row) -> value.
METRIC_SORTS = {
    "occupancy": lambda r: r.m.occupancy,
    "registration": lambda r: r.m.registration_rate,
    "tenants": lambda r: r.m.tenant_count,
    "tax": lambda r: r.m.tax_total,
    "tax_per_m2": lambda r: r.m.tax_per_m2,
    "tier": lambda r: (r.tier_rank, r.m.tax_total),
}
TAX_SORTS = {"tax", "tax_per_m2", "tier"}


def _m2(value) -> str:
    return area_m2(value, unit=False)  # the header says m²


def building_columns(show_tax: bool) -> list[Column]:
    cols = [
        Column("name", _("Building"), order_by="name", link=True),
        Column("street", _("Street"), order_by="street__code"),
        Column("kind", _("Type"), order_by="kind"),
        Column("floor_leader", _("Building leader (楼长)")),
        Column("lettable_area", _("Lettable area (m²)"), order_by="lettable_area", css="num", fmt=_m2),
        Column("m.occupancy", _("Occupancy (%)"), order_by="occupancy", css="num", fmt=percent),
        Column("m.vacant_area", _("Vacant area (m²)"), css="num", fmt=_m2),
        Column("m.tenant_count", _("Tenants"), order_by="tenants", css="num", fmt=count),
        Column("m.registration_rate", _("Registered locally (%)"), order_by="registration", css="num", fmt=percent),
    ]
    if show_tax:
        cols += [
            Column("m.tax_total", _("Tax (万元)"), order_by="tax", css="num", fmt=number),
            Column("m.tax_per_m2", _("Tax per m² (元)"), order_by="tax_per_m2", css="num", fmt=number),
            Column("tier_label", _("Tier"), order_by="tier"),
        ]
    return cols


PLAN_COLUMNS = [
    Column("building", _("Building"), order_by="building__name", link=True),
    Column("year", _("Year"), order_by="year"),
    Column("building.street", _("Street")),
    Column("leader", _("Responsible leader")),
    Column("floor_leader", _("Building leader (楼长)")),
    Column("target_occupancy", _("Target occupancy (%)"), css="num"),
    Column("target_new_enterprises", _("Target new enterprises"), css="num"),
    Column("latest_percent", _("Percent complete"), css="num"),
    Column(
        "light",
        _("Warning"),
        template="campaigns/includes/cell_light.html",
        export=lambda row: f"{row.light.label}: {row.light.reason}" if getattr(row, "light", None) else "",
    ),
]
