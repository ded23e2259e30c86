"""Excel import of actuals (实际值导入): one row per indicator and period; all rows, or none.

The column headers are data, not interface text: they are the format units exchange, defined once here in
Chinese. Everything said *about* the file goes through gettext.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongjian.core.services import Actor, record, require
from gongjian.core.xlsx_import import (
    ChoiceColumn,
    DateColumn,
    DecimalColumn,
    ImportResult,
    ImportRow,
    ImportSpec,
    Lookup,
    LookupColumn,
    TextColumn,
    template_bytes,
)

from . import services
from .choices import UNITS
from .models import Indicator

__all__ = ["ActualImportSpec", "import_actuals", "template_for"]

H_INDICATOR = "指标名称"
H_PERIOD = "期间"
H_VALUE = "数值"
H_UNIT = "计量单位"
H_BASIS = "口径"
H_NOTE = "备注"
SHEET_NAME = "实际值"
TEMPLATE_FILENAME = "指标实际值导入模板.xlsx"
BASIS_WORDS = {"period": "当期", "ytd": "累计"}
FIELD_HEADERS = {"period_start": H_PERIOD, "value": H_VALUE, "unit": H_UNIT, "note": H_NOTE}


class ActualImportSpec(ImportSpec):
    sheet_name = SHEET_NAME

    def __init__(self, indicators: list[Indicator]):
        self.indicators = indicators
        lookup = Lookup(
            indicators,
            lambda i: i.name,
            lambda i: i.code or None,
            unknown=_("“{value}” is not an indicator whose actuals you enter: give its name or number."),
        )
        super().__init__(
            [
                LookupColumn("indicator", H_INDICATOR, lookup=lookup, required=True, aliases=("指标",), width=36),
                DateColumn(
                    "period_start",
                    H_PERIOD,
                    month="start",
                    required=True,
                    aliases=("月份", "时间"),
                    help=_("A month (2026年3月 or 2026-03) or a day within the period."),
                ),
                DecimalColumn(
                    "value", H_VALUE, required=True, max_digits=18, decimal_places=4, aliases=("实际值", "完成值")
                ),
                ChoiceColumn(
                    "unit",
                    H_UNIT,
                    choices=[(u, u) for u in UNITS],
                    aliases=("单位",),
                    help=_("Empty means the indicator's unit; 元, 万元 and 亿元 are converted."),
                ),
                ChoiceColumn(
                    "basis",
                    H_BASIS,
                    choices=list(BASIS_WORDS.items()),
                    synonyms={w: k for k, w in BASIS_WORDS.items()}
                    | {"本期": "period", "本月": "period", "年初累计": "ytd"},
                    shown=list(BASIS_WORDS.values()),
                    default="period",
                    help=_("累计: the total since the start of the year (cumulative indicators); empty means 当期."),
                ),
                TextColumn("note", H_NOTE, default="", width=30),
            ]
        )

    def clean_rows(self, rows: list[ImportRow], result: ImportResult) -> None:
        first: dict[tuple, int] = {}
        for row in rows:
            ind, start = row.values.get("indicator"), row.values.get("period_start")
            if ind is None or start is None:
                continue
            key = (ind.pk, ind.period_of(start).start)
            if key in first:
                result.add(
                    row.number,
                    H_PERIOD,
                    _("This indicator and period also appear in row {row}.").format(row=first[key]),
                )
            else:
                first[key] = row.number


def _enterable(actor: Actor, campaign) -> list[Indicator]:
    qs = Indicator.objects.restrict(actor.user, "import").filter(campaign=campaign)
    return [i for i in qs.order_by("code", "name") if not services.source_available(i)]


def template_for(actor: Actor, campaign) -> bytes:
    spec = ActualImportSpec(_enterable(actor, campaign))
    first = spec.indicators[0] if spec.indicators else None
    example = None
    if first is not None:
        example = {
            "indicator": first.name,
            "period_start": "2026年3月",
            "value": 1,
            "unit": first.unit,
            "basis": "当期",
        }
    notes = [_("Indicators whose actuals you enter:")] + [
        f"{i.code} {i.name}（{i.unit}）".strip() for i in spec.indicators
    ]
    return template_bytes(spec, example, notes)


def import_actuals(actor: Actor, campaign, upload) -> ImportResult:
    """Read, check and enter every row as a submitted actual; any error and nothing is written."""
    require(actor, Indicator, "import")
    indicators = _enterable(actor, campaign)
    spec = ActualImportSpec(indicators)
    result = spec.read(upload)
    if not result.ok:
        return result
    created = []
    try:
        with transaction.atomic():
            for row in result.rows:
                v = row.values
                try:
                    with transaction.atomic():
                        created.append(
                            services.submit_actual(
                                actor,
                                v["indicator"],
                                period_start=v["period_start"],
                                value=v["value"],
                                unit=v.get("unit") or None,
                                year_to_date=v.get("basis") == "ytd",
                                note=v.get("note") or "",
                            )
                        )
                except ValidationError as exc:
                    if hasattr(exc, "error_dict"):
                        for field, messages in exc.message_dict.items():
                            for m in messages:
                                result.add(row.number, FIELD_HEADERS.get(field, ""), m)
                    else:
                        for m in exc.messages:
                            result.add(row.number, "", m)
                except PermissionDenied:
                    result.add(row.number, H_INDICATOR, _("You may not enter the actuals of this indicator."))
            if not result.ok:
                raise _Rollback
            record(
                actor,
                "actual.import",
                campaign,
                after={"file": (getattr(upload, "name", "") or "")[:200], "actuals": len(created)},
            )
    except _Rollback:
        spec.sort_errors(result)
        return result
    result.created = created
    return result


class _Rollback(Exception):
    pass
