"""The column headers of the 亩产 input: the field name, the Chinese header of the Excel template, and the
synonyms the bureaus use (pure; the table in docs/data-formats.md lists the same)."""

from __future__ import annotations

from gongjian.core.cells import header_keys

__all__ = ["INDICATOR_PARTS", "INPUT_HEADERS", "OUTPUT_HEADERS", "SYNONYMS", "UNITS", "aliases", "output_header"]

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


#: Output column → its Chinese header (``gongjian landuse evaluate --lang zh``); English headers are the column names.
OUTPUT_HEADERS: dict[str, str] = {
    "credit_code": "统一社会信用代码",
    "name": "企业名称",
    "unit": "所属单位",
    "group": "参评分组",
    "status": "参评状态",
    "reasons": "不参评或不纳入原因",
    "land_mu_basis": "计算用地面积（亩）",
    "land_source": "用地面积来源",
    "bonus": "加分",
    "penalty": "减分",
    "total": "综合得分",
    "rank": "排名",
    "rated": "同组参评企业数",
    "class": "分类",
    "class_label": "分类名称",
    "gap_to_next_class": "距上一类差分",
}

#: The columns each indicator has in the output: suffix of the column name → the Chinese word after the indicator.
INDICATOR_PARTS: dict[str, str] = {
    "value": "值",
    "benchmark": "基准值",
    "weight": "权重",
    "score": "得分",
    "filled": "均值补足",
}


def output_header(column: str, labels: dict[str, str], zh: bool) -> str:
    """The header of an output column: the column name, or in Chinese its header (an indicator's columns are
    headed by the indicator's name from ``labels`` and the part, e.g. 亩均税收·基准值)."""
    if not zh:
        return column
    if column in OUTPUT_HEADERS:
        return OUTPUT_HEADERS[column]
    key, _sep, part = column.rpartition("_")
    if key in labels and part in INDICATOR_PARTS:
        return f"{labels[key]}·{INDICATOR_PARTS[part]}"
    return column
