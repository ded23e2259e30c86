"""The Excel import of the task list (清单): its columns, the checks across cells and rows, and the one write.

The column headers are data, not interface text: they are the format districts and units exchange, so they are
defined once here in Chinese and never translated. Everything said *about* the file goes through gettext.
"""

from __future__ import annotations

import decimal
import unicodedata
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongjian.core.formats import cn_date
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
    MultiLookupColumn,
    TextColumn,
    template_bytes,
)
from gongjian.org.models import Unit, leaders_queryset

from . import services
from .choices import ItemKind
from .models import Campaign, Item

__all__ = [
    "COLUMN_HEADERS",
    "EXAMPLE_MARK",
    "KIND_WORDS",
    "SHEET_NAME",
    "TEMPLATE_FILENAME",
    "ItemImportSpec",
    "import_items",
    "item_template_bytes",
]

# --- the format ------------------------------------------------------------------------------------------

H_AREA = "领域编号"
H_CODE = "事项编号"
H_KIND = "类别"
H_TITLE = "事项名称"
H_DESCRIPTION = "工作内容"
H_RESULTS = "预期成果"
H_LEADER = "责任领导"
H_LEAD_UNIT = "牵头单位"
H_CO_UNITS = "配合单位"
H_START = "开始日期"
H_DUE = "完成时限"
H_WEIGHT = "权重"
COLUMN_HEADERS = (
    H_AREA,
    H_CODE,
    H_KIND,
    H_TITLE,
    H_DESCRIPTION,
    H_RESULTS,
    H_LEADER,
    H_LEAD_UNIT,
    H_CO_UNITS,
    H_START,
    H_DUE,
    H_WEIGHT,
)
SHEET_NAME = "清单"
TEMPLATE_FILENAME = "清单导入模板.xlsx"
#: The words a task list uses for the kinds of item.
KIND_WORDS = {
    ItemKind.TASK: "任务",
    ItemKind.KEY_WORK: "重点工程",
    ItemKind.MAJOR_PROJECT: "重大项目",
    ItemKind.MATTER: "重要事项",
}
#: The template's example row starts its title with this; such a row is refused so it is never imported.
EXAMPLE_MARK = "（示例）"

#: Service field → column header, to put the service's own errors on the right column.
FIELD_HEADERS = {
    "area": H_AREA,
    "code": H_CODE,
    "kind": H_KIND,
    "title": H_TITLE,
    "description": H_DESCRIPTION,
    "expected_results": H_RESULTS,
    "leader": H_LEADER,
    "lead_unit": H_LEAD_UNIT,
    "co_units": H_CO_UNITS,
    "start_date": H_START,
    "due_date": H_DUE,
    "weight": H_WEIGHT,
}


def _leader_name(user) -> str:
    return user.display_name or user.get_full_name() or user.username


class ItemImportSpec(ImportSpec):
    """The task-list columns for one campaign. Look-up tables (areas, units, leaders) are loaded once here."""

    sheet_name = SHEET_NAME

    def __init__(self, campaign: Campaign):
        self.campaign = campaign
        self.areas = list(campaign.areas.order_by("number"))
        self.units = list(Unit.objects.filter(is_active=True).order_by("sort_order", "code"))
        self.leaders = list(leaders_queryset().order_by("display_name", "username"))
        numbers = "、".join(str(a.number) for a in self.areas) or "—"
        areas = Lookup(
            self.areas,
            lambda a: a.number,
            lambda a: a.title,
            unknown=lambda value: _("There is no area “{value}” in this campaign (its areas: {numbers}).").format(
                value=value, numbers=numbers
            ),
        )
        units = Lookup(
            self.units,
            lambda u: u.name,
            lambda u: u.code,
            lambda u: u.short_name,
            unknown=_("Unknown unit “{value}”: give a unit's full name, short name or code (see the 说明 sheet)."),
        )
        leaders = Lookup(
            self.leaders,
            lambda u: u.display_name,
            lambda u: u.get_full_name(),
            lambda u: u.username,
            unknown=_(
                "“{value}” is not a responsible leader: give the name of a user with the leader role "
                "(see the 说明 sheet)."
            ),
        )
        super().__init__(
            [
                LookupColumn(
                    "area",
                    H_AREA,
                    lookup=areas,
                    required=True,
                    aliases=("领域", "领域序号"),
                    help=_("The number of an area of this campaign."),
                ),
                TextColumn(
                    "code",
                    H_CODE,
                    max_length=20,
                    date_is_error=True,
                    help=_("Leave empty to number the item automatically within its area (e.g. 2-07)."),
                ),
                ChoiceColumn(
                    "kind",
                    H_KIND,
                    choices=ItemKind.choices,
                    synonyms={word: value for value, word in KIND_WORDS.items()},
                    aliases=("事项类别", "类型"),
                    shown=list(KIND_WORDS.values()),
                    default=ItemKind.TASK,
                    help=_("Empty means {kind}.").format(kind=KIND_WORDS[ItemKind.TASK]),
                ),
                TextColumn("title", H_TITLE, max_length=300, required=True, aliases=("名称",), width=36),
                TextColumn("description", H_DESCRIPTION, default="", aliases=("主要内容", "具体内容"), width=50),
                TextColumn("expected_results", H_RESULTS, default="", aliases=("预期目标",), width=36),
                LookupColumn(
                    "leader",
                    H_LEADER,
                    lookup=leaders,
                    required=True,
                    aliases=("牵头领导",),
                    help=_("The name of a user with the leader role."),
                ),
                LookupColumn(
                    "lead_unit",
                    H_LEAD_UNIT,
                    lookup=units,
                    required=True,
                    aliases=("责任单位",),
                    help=_("A unit's full name, short name or code."),
                    width=24,
                ),
                MultiLookupColumn(
                    "co_units",
                    H_CO_UNITS,
                    lookup=units,
                    default=(),
                    aliases=("协同单位", "协办单位"),
                    help=_("Units' full names, short names or codes."),
                    width=30,
                ),
                DateColumn(
                    "start_date",
                    H_START,
                    month="start",
                    aliases=("开始时间",),
                    help=_("Empty means the campaign's start date."),
                ),
                DateColumn(
                    "due_date",
                    H_DUE,
                    month="end",
                    required=True,
                    aliases=("完成时间", "完成日期", "截止日期"),
                    help=_("A month alone (2026年6月, 2026年6月底) means its last day."),
                ),
                DecimalColumn(
                    "weight",
                    H_WEIGHT,
                    max_digits=6,
                    decimal_places=2,
                    min_value=0,
                    default=decimal.Decimal(1),
                    help=_("Empty means 1."),
                ),
            ]
        )

    def clean_row(self, row: ImportRow, result: ImportResult) -> None:
        campaign = self.campaign
        title = row.get("title", "")
        if title.startswith(EXAMPLE_MARK):
            result.add(row.number, H_TITLE, _("This is the template's example row: delete it before importing."))
        code = row.values.get("code")
        if code:
            row.values["code"] = "".join(unicodedata.normalize("NFKC", code).split())
        if row.has("start_date") and row.values.get("start_date") is None:
            row.values["start_date"] = campaign.start_date
        lead = row.values.get("lead_unit")
        row.values["co_units"] = [u for u in row.values.get("co_units") or () if u != lead]
        if not row.has("start_date", "due_date"):
            return
        start, due = row.values["start_date"], row.values["due_date"]
        outside = _("{date} lies outside the campaign ({start} – {end}).")
        first_day, last_day = cn_date(campaign.start_date), cn_date(campaign.end_date)
        if start < campaign.start_date or start > campaign.end_date:
            result.add(row.number, H_START, outside.format(date=cn_date(start), start=first_day, end=last_day))
        if due < campaign.start_date or due > campaign.end_date:
            result.add(row.number, H_DUE, outside.format(date=cn_date(due), start=first_day, end=last_day))
        if due < start:
            result.add(
                row.number,
                H_DUE,
                _("The due date {due} is before the start date {start}.").format(
                    due=cn_date(due), start=cn_date(start)
                ),
            )

    def clean_rows(self, rows: list[ImportRow], result: ImportResult) -> None:
        existing = set(Item.objects.filter(area__campaign=self.campaign).values_list("code", flat=True))
        first_row: dict[str, int] = {}
        for row in rows:
            code = row.values.get("code")
            if not code:
                continue
            if code in existing:
                result.add(
                    row.number,
                    H_CODE,
                    _("The number {code} is already used by an item of this campaign.").format(code=code),
                )
            elif code in first_row:
                result.add(
                    row.number,
                    H_CODE,
                    _("The number {code} also appears in row {row}.").format(code=code, row=first_row[code]),
                )
            else:
                first_row[code] = row.number

    @staticmethod
    def item_data(row: ImportRow) -> dict[str, Any]:
        """The arguments of one item for :func:`services.create_items_bulk`."""
        v = row.values
        return {
            "area": v["area"],
            "code": v.get("code") or "",
            "kind": v.get("kind") or ItemKind.TASK,
            "title": v["title"],
            "description": v.get("description") or "",
            "expected_results": v.get("expected_results") or "",
            "leader": v["leader"],
            "lead_unit": v["lead_unit"],
            "co_units": list(v.get("co_units") or ()),
            "start_date": v["start_date"],
            "due_date": v["due_date"],
            "weight": v["weight"] if v.get("weight") is not None else decimal.Decimal(1),
        }

    def notes(self) -> list[str]:
        """The lists the 说明 sheet gives: areas, kinds, leaders, units, the campaign's dates."""
        c = self.campaign
        lines = [
            _("Delete the example row (its title starts with {mark}) before importing.").format(mark=EXAMPLE_MARK),
            _("Campaign: {name} ({start} – {end}). Start and due dates must lie within it.").format(
                name=c.name, start=cn_date(c.start_date), end=cn_date(c.end_date)
            ),
            "",
            _("Areas ({header}):").format(header=H_AREA),
            *(f"{a.number}　{a.title}" for a in self.areas),
            "",
            _("Kinds ({header}):").format(header=H_KIND),
            "、".join(KIND_WORDS.values()),
            "",
            _("Responsible leaders ({header}):").format(header=H_LEADER),
            *(f"{_leader_name(u)}{('　' + u.title) if u.title else ''}" for u in self.leaders),
            "",
            _("Units ({lead}, {co}): full name / short name / code").format(lead=H_LEAD_UNIT, co=H_CO_UNITS),
            *(f"{u.name} / {u.short_name or '—'} / {u.code}" for u in self.units),
        ]
        return lines


def item_template_bytes(campaign: Campaign) -> bytes:
    """The import workbook for a campaign: headers, one example row, and the 说明 sheet."""
    spec = ItemImportSpec(campaign)
    area = spec.areas[0] if spec.areas else None
    example = {
        "area": area.number if area else 1,
        "code": services.next_item_code(area) if area else "1-01",
        "kind": KIND_WORDS[ItemKind.KEY_WORK],
        "title": f"{EXAMPLE_MARK}推进某某重点项目建设",
        "description": "完成项目立项、用地和开工手续，年内主体完工。",
        "expected_results": "项目主体完工，完成投资5亿元。",
        "leader": _leader_name(spec.leaders[0]) if spec.leaders else "",
        "lead_unit": spec.units[0].name if spec.units else "",
        "co_units": "、".join(u.short_name or u.name for u in spec.units[1:3]),
        "start_date": campaign.start_date,
        "due_date": campaign.end_date,
        "weight": 1,
    }
    return template_bytes(spec, example, spec.notes())


def import_items(actor: Actor, campaign: Campaign, upload) -> ImportResult:
    """Read, check and import a task-list workbook into ``campaign``: all rows, or none.

    Returns the result: ``result.errors`` lists every problem (and nothing was written), or ``result.created``
    holds the new items. One audit record per item, and one for the import itself.
    """
    require(actor, Item, "import")
    spec = ItemImportSpec(campaign)
    result = spec.read(upload)
    if not result.ok:
        return result
    try:
        with transaction.atomic():
            created = services.create_items_bulk(actor, [spec.item_data(r) for r in result.rows])
            record(
                actor,
                "item.import",
                campaign,
                after={"file": (getattr(upload, "name", "") or "")[:200], "items": len(created)},
            )
    except services.ItemRowsInvalid as exc:
        for index, fields in sorted(exc.rows.items()):
            number = result.rows[index].number
            for field, messages in fields.items():
                for message in messages:
                    result.add(number, FIELD_HEADERS.get(field, ""), message)
        spec.sort_errors(result)
    except IntegrityError:
        result.add(
            None,
            "",
            _("The task list was changed by someone else during the import; nothing was imported. Import again."),
        )
    else:
        result.created = created
    return result
