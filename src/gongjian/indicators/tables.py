"""List columns of the indicators app (HTML table and Excel export from one definition)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongjian.core.tables import Column

from .models import fmt

__all__ = ["INDICATOR_COLUMNS"]


def _status(row):
    return getattr(row, "status", None)


def _colour(row) -> str:
    s = _status(row)
    return f"{s.label}: {s.reason}" if s and s.verdict else ""


def _achievement(row):
    s = _status(row)
    return s.achievement if s else None


def _projected(row):
    s = _status(row)
    return float(s.forecast.projected) if s and s.forecast and s.forecast.projected is not None else None


def _warning(row) -> str:
    s = _status(row)
    return str(_("On track now, projected to miss")) if s and s.projected_miss else ""


INDICATOR_COLUMNS = [
    Column("code", _("Number"), order_by="code", css="text-nowrap"),
    Column("name", _("Indicator"), order_by="name", link=True),
    Column("area.title", _("Area"), order_by="area__number"),
    Column("target_display", _("Annual target"), css="text-nowrap", export=lambda r: f"{r.comparator} {fmt(r.target)}"),
    Column("unit", _("Unit of measure"), order_by="unit"),
    Column("lead_unit", _("Lead unit"), order_by="lead_unit__code"),
    Column("source_unit", _("Data-source unit"), order_by="source_unit__code"),
    Column(
        "status",
        _("Achievement %"),
        template="indicators/includes/cell_achievement.html",
        css="num",
        order_by="figures__achievement",
        export=_achievement,
    ),
    Column(
        "status",
        _("Warning"),
        template="indicators/includes/cell_light.html",
        export=_colour,
        order_by="figures__severity",
    ),
    Column("status", _("Forecast"), template="indicators/includes/cell_forecast.html", export=_projected),
    Column("status", _("Forecast warning"), export=_warning, template="indicators/includes/cell_forecast_warning.html"),
]
