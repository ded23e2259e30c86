"""Excel imports of the registry: enterprises, and yearly/monthly figures from the departments' templates.

The column headers are data (the format departments exchange), defined once here in Chinese and never
translated. Everything said about the file goes through gettext. Nothing is written unless every row is valid.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongjian.core.services import Actor, record, require
from gongjian.core.xlsx_import import (
    ChoiceColumn,
    DateColumn,
    DecimalColumn,
    ImportResult,
    ImportRow,
    ImportSpec,
    IntegerColumn,
    Lookup,
    LookupColumn,
    TextColumn,
    template_bytes,
)
from gongjian.org.choices import UnitKind
from gongjian.org.models import Unit

from . import services, uscc
from .choices import EnterpriseStatus
from .models import Enterprise, Industry, uscc_error

__all__ = [
    "FIGURE_TEMPLATES",
    "EnterpriseImportSpec",
    "FigureImportSpec",
    "enterprise_template_bytes",
    "figure_template_bytes",
    "import_enterprises",
    "import_figures",
]

H_CODE = "统一社会信用代码"
H_NAME = "企业名称"
H_FORMER = "曾用名"
H_INDUSTRY = "行业代码"
H_STREET = "所属街道"
H_PARK = "所在园区"
H_ADDRESS = "地址"
H_REGISTERED = "注册日期"
H_STARTED = "投产日期"
H_STATUS = "经营状态"
H_LEGAL = "法定代表人"
H_CONTACT = "联系人"
H_PHONE = "联系电话"
H_POWER = "电力户号"
H_WATER = "供水户号"
H_GAS = "燃气户号"

H_YEAR = "年份"
H_MONTH = "月份"
FIGURE_HEADERS = {
    "main_revenue": "主营业务收入（万元）",
    "operating_revenue": "营业收入（万元）",
    "value_added": "工业增加值（万元）",
    "tax_district": "区级税收（万元）",
    "tax_total": "全口径税收（万元）",
    "profit": "利润总额（万元）",
    "employees": "从业人员（人）",
    "energy_tce": "综合能耗（吨标准煤）",
    "electricity_kwh": "用电量（万千瓦时）",
    "rd_expense": "R&D经费（万元）",
}
FIGURE_ALIASES = {
    "main_revenue": ("主营业务收入",),
    "operating_revenue": ("营业收入",),
    "value_added": ("工业增加值",),
    "tax_district": ("区级税收", "区级税收收入"),
    "tax_total": ("全口径税收", "税收总额", "全口径税收收入"),
    "profit": ("利润", "利润总额"),
    "employees": ("从业人员", "从业人员期末人数", "从业人员平均人数"),
    "energy_tce": ("综合能耗",),
    "electricity_kwh": ("用电量",),
    "rd_expense": ("R&D经费", "研发经费", "R&D经费支出"),
}
#: Which figure columns each department's template carries (税务: taxes; 统计: the statistics report).
FIGURE_TEMPLATES = {
    "tax": ("税务", ["tax_district", "tax_total"]),
    "stats": (
        "统计",
        [
            "main_revenue",
            "operating_revenue",
            "value_added",
            "profit",
            "employees",
            "energy_tce",
            "electricity_kwh",
            "rd_expense",
        ],
    ),
}
STATUS_WORDS = {
    EnterpriseStatus.OPERATING: "在营",
    EnterpriseStatus.SUSPENDED: "停产",
    EnterpriseStatus.CANCELLED: "注销",
    EnterpriseStatus.MOVED_OUT: "迁出",
}
EXAMPLE_MARK = "（示例）"

FIELD_HEADERS = {
    "credit_code": H_CODE,
    "name": H_NAME,
    "former_names": H_FORMER,
    "industry_code": H_INDUSTRY,
    "industry": H_INDUSTRY,
    "street": H_STREET,
    "park": H_PARK,
    "address": H_ADDRESS,
    "registered_on": H_REGISTERED,
    "production_started_on": H_STARTED,
    "status": H_STATUS,
    "legal_representative": H_LEGAL,
    "contact_name": H_CONTACT,
    "contact_phone": H_PHONE,
    "power_account": H_POWER,
    "water_account": H_WATER,
    "gas_account": H_GAS,
}


def _code_column(**kw) -> TextColumn:
    return TextColumn(
        "credit_code",
        H_CODE,
        max_length=18 + 10,
        required=True,
        aliases=("信用代码", "社会信用代码", "纳税人识别号"),
        help=_("18 characters, checked against the GB 32100-2015 check character."),
        width=24,
        **kw,
    )


def _clean_code(row: ImportRow, result: ImportResult) -> str | None:
    if not row.has("credit_code"):
        return None
    code = uscc.normalise(row.get("credit_code", ""))
    message = uscc_error(code)
    if message:
        result.add(row.number, H_CODE, message)
        return None
    row.values["credit_code"] = code
    return code


class EnterpriseImportSpec(ImportSpec):
    sheet_name = "企业"

    def __init__(self):
        self.streets = list(Unit.objects.filter(kind=UnitKind.STREET, is_active=True).order_by("sort_order", "code"))
        self.divisions = set(Industry.objects.filter(level="division").values_list("code", flat=True))
        streets = Lookup(
            self.streets,
            lambda u: u.name,
            lambda u: u.short_name,
            lambda u: u.code,
            unknown=_("Unknown street or town “{value}”: give its full name, short name or code (see the 说明 sheet)."),
        )
        super().__init__(
            [
                _code_column(),
                TextColumn("name", H_NAME, max_length=200, required=True, aliases=("名称", "单位名称"), width=30),
                TextColumn("former_names", H_FORMER, default="", help=_("Several separated by 、 or ；.")),
                TextColumn(
                    "industry_code",
                    H_INDUSTRY,
                    required=True,
                    max_length=5,
                    aliases=("国民经济行业代码", "行业分类代码"),
                    help=_("GB/T 4754-2017: a division (two digits) or a finer class, e.g. 1391."),
                ),
                LookupColumn("street", H_STREET, lookup=streets, aliases=("街道", "街道/镇", "乡镇街道")),
                TextColumn("park", H_PARK, max_length=100, default="", aliases=("园区",)),
                TextColumn("address", H_ADDRESS, max_length=200, default="", aliases=("注册地址", "生产经营地址")),
                DateColumn("registered_on", H_REGISTERED, aliases=("成立日期",)),
                DateColumn("production_started_on", H_STARTED),
                ChoiceColumn(
                    "status",
                    H_STATUS,
                    choices=EnterpriseStatus.choices,
                    synonyms={w: v for v, w in STATUS_WORDS.items()},
                    shown=list(STATUS_WORDS.values()),
                    default=EnterpriseStatus.OPERATING,
                    aliases=("状态",),
                ),
                TextColumn("legal_representative", H_LEGAL, max_length=50, default=""),
                TextColumn("contact_name", H_CONTACT, max_length=50, default=""),
                TextColumn("contact_phone", H_PHONE, max_length=30, default="", aliases=("联系方式",)),
                TextColumn("power_account", H_POWER, max_length=40, default="", aliases=("用电户号",)),
                TextColumn("water_account", H_WATER, max_length=40, default="", aliases=("用水户号",)),
                TextColumn("gas_account", H_GAS, max_length=40, default="", aliases=("用气户号",)),
            ]
        )

    def clean_row(self, row: ImportRow, result: ImportResult) -> None:
        if (row.get("name") or "").startswith(EXAMPLE_MARK):
            result.add(row.number, H_NAME, _("This is the template's example row: delete it before importing."))
        _clean_code(row, result)
        if row.has("industry_code") and row.get("industry_code"):
            code = "".join(row.get("industry_code").split())
            row.values["industry_code"] = code
            if not code.isdigit() or len(code) < 2 or code[:2] not in self.divisions:
                result.add(row.number, H_INDUSTRY, _("Unknown industry code {code}.").format(code=code))
        former = row.get("former_names") or ""
        row.values["former_names"] = "\n".join(p.strip() for p in former.replace("；", "、").split("、") if p.strip())

    def clean_rows(self, rows: list[ImportRow], result: ImportResult) -> None:
        codes = [r.values.get("credit_code") for r in rows if r.values.get("credit_code")]
        existing = dict(Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", "name"))
        first: dict[str, int] = {}
        for row in rows:
            code = row.values.get("credit_code")
            if not code or uscc_error(code):
                continue
            if code in existing:
                result.add(
                    row.number,
                    H_CODE,
                    _("{code} is already in the registry ({name}).").format(code=code, name=existing[code]),
                )
            elif code in first:
                result.add(
                    row.number, H_CODE, _("{code} also appears in row {row}.").format(code=code, row=first[code])
                )
            else:
                first[code] = row.number

    def notes(self) -> list[str]:
        return [
            _("Delete the example row (its name starts with {mark}) before importing.").format(mark=EXAMPLE_MARK),
            _("An enterprise already in the registry (same credit code) is refused: correct it on its page."),
            "",
            _("Streets and towns ({header}): full name / short name / code").format(header=H_STREET),
            *(f"{u.name} / {u.short_name or '—'} / {u.code}" for u in self.streets),
            "",
            _("Status ({header}):").format(header=H_STATUS),
            "、".join(STATUS_WORDS.values()),
        ]

    @staticmethod
    def enterprise_data(row: ImportRow) -> dict[str, Any]:
        v = row.values
        return {
            "credit_code": v["credit_code"],
            "name": v["name"],
            "former_names": v.get("former_names") or "",
            "industry_code": v.get("industry_code") or "",
            "street": v.get("street"),
            "park": v.get("park") or "",
            "address": v.get("address") or "",
            "registered_on": v.get("registered_on"),
            "production_started_on": v.get("production_started_on"),
            "status": v.get("status") or EnterpriseStatus.OPERATING,
            "legal_representative": v.get("legal_representative") or "",
            "contact_name": v.get("contact_name") or "",
            "contact_phone": v.get("contact_phone") or "",
            "power_account": v.get("power_account") or "",
            "water_account": v.get("water_account") or "",
            "gas_account": v.get("gas_account") or "",
        }


def enterprise_template_bytes() -> bytes:
    spec = EnterpriseImportSpec()
    street = spec.streets[0] if spec.streets else None
    example = {
        "credit_code": uscc.make_code("example"),
        "name": f"{EXAMPLE_MARK}德州某某纺织有限公司",
        "industry_code": "1713",
        "street": street.name if street else "",
        "park": "天衢工业园",
        "status": STATUS_WORDS[EnterpriseStatus.OPERATING],
        "registered_on": "2015-06-01",
    }
    return template_bytes(spec, example, spec.notes())


def import_enterprises(actor: Actor, upload) -> ImportResult:
    """Read, check and import an enterprise workbook: every row or none."""
    require(actor, Enterprise, "import")
    spec = EnterpriseImportSpec()
    result = spec.read(upload)
    if not result.ok:
        return result
    try:
        with transaction.atomic():
            created = services.create_enterprises_bulk(actor, [spec.enterprise_data(r) for r in result.rows])
            record(
                actor,
                "enterprise.import",
                None,
                after={"file": (getattr(upload, "name", "") or "")[:200], "enterprises": len(created)},
            )
    except services.RowsInvalid as exc:
        for index, fields in sorted(exc.rows.items()):
            for field, messages in fields.items():
                for message in messages:
                    result.add(result.rows[index].number, FIELD_HEADERS.get(field, ""), message)
        spec.sort_errors(result)
    except IntegrityError:
        result.add(None, "", _("The registry was changed by someone else during the import; nothing was imported."))
    else:
        result.created = created
    return result


# --- figures ----------------------------------------------------------------------------------------------


def _figure_column(name: str):
    header = FIGURE_HEADERS[name]
    aliases = FIGURE_ALIASES[name]
    if name == "employees":
        return IntegerColumn(name, header, min_value=0, max_value=10_000_000, aliases=aliases, default=services._SKIP)
    return DecimalColumn(
        name,
        header,
        max_digits=16,
        decimal_places=4,
        min_value=None if name == "profit" else Decimal(0),
        aliases=aliases,
        default=services._SKIP,
    )


class FigureImportSpec(ImportSpec):
    """Figures of one period per row. The reading spec knows every figure column; a department's template carries
    its own columns (``FIGURE_TEMPLATES``), and any mix of them may be imported."""

    sheet_name = "数据"

    def __init__(self, actor: Actor, fields: list[str] | None = None):
        self.actor = actor
        fields = fields or list(FIGURE_HEADERS)
        super().__init__(
            [
                _code_column(),
                TextColumn("name", H_NAME, max_length=200, aliases=("纳税人名称", "单位名称", "名称"), width=30),
                IntegerColumn("year", H_YEAR, required=True, min_value=2000, max_value=2100, aliases=("年度",)),
                IntegerColumn(
                    "month",
                    H_MONTH,
                    min_value=1,
                    max_value=12,
                    aliases=("月",),
                    help=_("Empty for the whole year; 1–12 for that month's own amount (not the year to date)."),
                ),
                *(_figure_column(n) for n in fields),
            ]
        )

    def clean_row(self, row: ImportRow, result: ImportResult) -> None:
        if (row.get("name") or "").startswith(EXAMPLE_MARK):
            result.add(row.number, H_NAME, _("This is the template's example row: delete it before importing."))
        _clean_code(row, result)

    def clean_rows(self, rows: list[ImportRow], result: ImportResult) -> None:
        codes = {r.values.get("credit_code") for r in rows if r.values.get("credit_code")}
        found = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
        user = self.actor.user
        writable = (
            set(found)
            if (self.actor.has_perm("org.scope_all") or self.actor.has_perm("enterprises.manage_registry"))
            else set(
                Enterprise.objects.restrict(user, "change")
                .filter(credit_code__in=codes)
                .values_list("credit_code", flat=True)
            )
        )
        first: dict[tuple, int] = {}
        for row in rows:
            code = row.values.get("credit_code")
            if not code or uscc_error(code):
                continue
            enterprise = found.get(code)
            if enterprise is None:
                result.add(
                    row.number, H_CODE, _("No enterprise with the code {code} is in the registry.").format(code=code)
                )
                continue
            if code not in writable:
                result.add(row.number, H_CODE, _("{name} is outside your streets.").format(name=enterprise.name))
                continue
            name = (row.values.get("name") or "").strip()
            if name and name != enterprise.name and name not in enterprise.former_name_list:
                result.add(
                    row.number,
                    H_NAME,
                    _("The name does not match the registry ({name}) for this code: check the code.").format(
                        name=enterprise.name
                    ),
                )
            row.values["enterprise"] = enterprise
            if not row.has("year", "month"):
                continue
            key = (code, row.values.get("year"), row.values.get("month"))
            if key in first:
                result.add(
                    row.number,
                    H_CODE,
                    _("This enterprise's figures for this period also appear in row {row}.").format(row=first[key]),
                )
            else:
                first[key] = row.number


def figure_template_bytes(actor: Actor, kind: str) -> bytes:
    fields = FIGURE_TEMPLATES[kind][1]
    spec = FigureImportSpec(actor, fields)
    example = {
        "credit_code": uscc.make_code("example"),
        "name": f"{EXAMPLE_MARK}德州某某纺织有限公司",
        "year": 2026,
        "month": 3,
        **{f: 100 for f in fields},
    }
    notes = [
        _("Delete the example row (its name starts with {mark}) before importing.").format(mark=EXAMPLE_MARK),
        _("Amounts in 万元. A month's row holds that month's own amount, not the total since January."),
        _("An empty cell keeps the figure already recorded; a figure cannot be negative (profit may be)."),
    ]
    return template_bytes(spec, example, notes)


def import_figures(actor: Actor, upload) -> ImportResult:
    """Read, check and import a figures workbook: every row or none."""
    require(actor, Enterprise, "import")
    spec = FigureImportSpec(actor)
    result = spec.read(upload)
    if not result.ok:
        return result
    rows = [
        {
            "enterprise": r.values["enterprise"],
            "year": r.values["year"],
            "month": r.values.get("month"),
            "figures": {n: r.values.get(n, services._SKIP) for n in FIGURE_HEADERS},
        }
        for r in result.rows
    ]
    try:
        summary = services.import_figures(actor, rows, getattr(upload, "name", "") or "")
    except IntegrityError:
        result.add(None, "", _("The registry was changed by someone else during the import; nothing was imported."))
    else:
        result.created = [summary]
    return result
