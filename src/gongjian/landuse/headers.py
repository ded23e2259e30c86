"""The column headers of the 亩产 input: the field name, the Chinese header of the Excel template, and the
synonyms the bureaus use (pure; the table in docs/data-formats.md lists the same)."""

from __future__ import annotations

from gongjian.core.cells import header_keys

__all__ = ["INPUT_HEADERS", "SYNONYMS", "UNITS", "aliases"]

#: field → the Chinese header of the template.
INPUT_HEADERS: dict[str, str] = {
    "credit_code": "统一社会信用代码",
    "name": "企业名称",
    "unit": "所属单位",
    "above_scale": "是否规上",
    "industry_code": "行业代码",
    "production_started_on": "投产日期",
    "exempt": "是否免评",
    "land_mu": "自有用地面积（亩）",
    "leased_m2": "租赁厂房面积（㎡）",
    "tax": "税收（万元）",
    "revenue": "营业收入（万元）",
    "energy_tce": "综合能耗（吨标准煤）",
    "rd": "研发经费（万元）",
    "value_added": "工业增加值（万元）",
    "employees": "从业人员（人）",
    "emissions_t": "主要污染物排放量（吨）",
    "bonus": "加分",
    "penalty": "减分",
}

#: More headers met in the bureaus' sheets.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "credit_code": ("信用代码", "社会信用代码", "USCC"),
    "name": ("企业", "单位名称", "纳税人名称"),
    "unit": ("所属镇街", "所属街道", "属地"),
    "above_scale": ("规上企业", "规模以上"),
    "industry_code": ("国民经济行业代码", "行业代码（4位）"),
    "production_started_on": ("投产时间",),
    "exempt": ("免评",),
    "land_mu": ("用地面积", "占地面积"),
    "leased_m2": ("租赁面积",),
    "tax": ("实缴税金", "税收实际贡献"),
    "revenue": ("主营业务收入",),
    "energy_tce": ("能耗",),
    "rd": ("研发投入",),
    "value_added": ("增加值",),
    "employees": ("从业人数", "年平均职工人数"),
    "emissions_t": ("排放量",),
}

#: The unit written after a number in a cell of these columns ("56亩", "1,200㎡", "3亿元").
UNITS: dict[str, str] = {
    "land_mu": "亩",
    "leased_m2": "㎡",
    "tax": "万元",
    "revenue": "万元",
    "rd": "万元",
    "value_added": "万元",
    "employees": "人",
}


def aliases(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Header text (in comparison form) → field: the field names, the Chinese headers, the synonyms and ``extra``
    (e.g. the headers of another language), the bracketed unit also optional."""
    out: dict[str, str] = {}
    texts = [(f, f) for f in INPUT_HEADERS] + [(h, f) for f, h in INPUT_HEADERS.items()]
    texts += [(s, f) for f, syns in SYNONYMS.items() for s in syns] + [(h, f) for h, f in (extra or {}).items()]
    for text, field in texts:
        for key in header_keys(text):
            out.setdefault(key, field)
    return out
