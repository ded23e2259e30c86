"""List columns of the registry (HTML table and Excel export from one definition).

Figure columns are separate: a view adds them only for users who may see figures, so the export of a user
without the permission has no figure column at all.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongjian.core.tables import Column

__all__ = ["ENTERPRISE_COLUMNS", "ENTERPRISE_FIGURE_COLUMNS", "POOL_COLUMNS"]


def _above_label(row) -> str:
    value = getattr(row, "above_scale", None)
    if value is None:
        return ""
    return gettext("规上") if value else gettext("规下")


def _decimal(value):
    return float(value) if value is not None else None


ENTERPRISE_COLUMNS = [
    Column("name", _("Name"), order_by="name", link=True),
    Column("credit_code", _("Unified social credit code"), order_by="credit_code", css="text-nowrap"),
    Column("industry_label", _("Industry"), order_by="industry_code"),
    Column("street", _("Street / town"), order_by="street__sort_order"),
    Column("park", _("Park"), order_by="park"),
    Column("status", _("Status"), order_by="status"),
    Column("above_scale", _("规上"), template="enterprises/includes/cell_above.html", export=_above_label),
    Column("tier_name", _("Tier")),
]

ENTERPRISE_FIGURE_COLUMNS = [
    Column(
        "annual_revenue",
        _("Main business revenue last year (万元)"),
        css="num",
        template="enterprises/includes/cell_figure.html",
        export=lambda r: _decimal(getattr(r, "annual_revenue", None)),
    ),
    Column(
        "rolling_revenue",
        _("Main business revenue, last 12 months (万元)"),
        css="num",
        template="enterprises/includes/cell_figure.html",
        export=lambda r: _decimal(getattr(r, "rolling_revenue", None)),
    ),
]

POOL_COLUMNS = [
    Column("enterprise.name", _("Enterprise"), order_by="enterprise__name", link=True),
    Column("enterprise.street", _("Street / town"), order_by="enterprise__street__sort_order"),
    Column("cadre", _("Responsible cadre"), order_by="cadre__display_name"),
    Column("target_year", _("Target year"), order_by="target_year"),
    Column("status", _("Status"), order_by="status"),
    Column("progress", _("Progress")),
]
