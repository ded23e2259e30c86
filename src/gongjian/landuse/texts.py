"""The codes of the pure modules (rules problems, file problems, reasons, groups) as words in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongjian.core.cells import ParseError
from gongjian.core.numbers import number
from gongjian.core.xlsx_import.columns import parse_error_message

from . import csvio
from .rules import FIXED, INDICATORS, K_MEAN, Rules, RulesError

__all__ = ["input_error_lines", "problem_text", "rules_error_lines", "rules_in_words", "word"]


def problems() -> dict[str, str]:
    return {
        "not_an_object": _("must be an object (a table of fields)"),
        "unknown_field": _("is not a known field"),
        "unknown_group": _('is not a group: use "above" (规上) or "below" (规下)'),
        "no_weights": _("needs at least one indicator weight"),
        "unknown_indicator": _("is not a known indicator; known: {known}"),
        "not_a_number": _("must be a number"),
        "weight_not_positive": _("a weight must be more than 0"),
        "benchmark_without_weight": _("has a benchmark but no weight in this group"),
        "unknown_benchmark_mode": _('must be "mean", "fixed" or "k_mean"'),
        "not_a_positive_number": _("must be a number more than 0"),
        "negative_value": _("must not be negative"),
        "not_a_non_negative_integer": _("must be a whole number, 0 or more"),
        "not_a_division_list": _('must be a list of two-digit division codes, e.g. ["44", "45", "46"]'),
        "year_out_of_range": _("must be a year between 1900 and 9998"),
        "unknown_class_share": _('is not a class with a share: use "A", "B" or "D" (C is the rest)'),
        "not_a_percent": _("must be a percentage with at most two decimals"),
        "percent_out_of_range": _("must be between 0 and 100"),
        "shares_over_100": _("the shares of A, B and D add up to {total} %, more than 100 %"),
        "unknown_class": _('is not a class: use "A", "B", "C" or "D"'),
        "empty_label": _("must not be empty"),
        "not_utf8": _("the file is not UTF-8 text"),
        "unreadable": _("cannot be read: {detail}"),
        # data files
        "not_text": _("the file is neither UTF-8 nor GB18030 text"),
        "empty_file": _("the file is empty"),
        "bad_csv": _("is not valid CSV: {detail}"),
        "missing_column": _("column is missing"),
        "duplicate_column": _("column appears twice"),
        "unknown_column": _("is not a known column"),
        "wrong_cell_count": _("has {cells} cells where the header has {expected}"),
        "no_rows": _("the file has a header but no enterprises"),
        "required": _("is required"),
        "not_a_credit_code": _('"{value}" is not an 18-character unified social credit code'),
        "duplicate_code": _('"{value}" appears more than once'),
        "not_a_boolean": _("must be 1 or 0 (是/否)"),
        "not_an_industry_code": _('"{value}" is not a GB/T 4754 industry code (2 to 4 digits)'),
        "not_a_date": _('"{value}" is not a date written YYYY-MM-DD'),
        "value_not_a_number": _('"{value}" is not a number'),
        "value_negative": _('"{value}" must not be negative'),
    }


def problem_text(code: str, params: dict) -> str:
    if code == "ambiguous_date":
        return parse_error_message(ParseError(code, **params))
    text = problems().get(code, code)
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


def rules_error_lines(exc: RulesError) -> list[str]:
    out = []
    for p in exc.problems:
        text = problem_text(p.code, p.params)
        if p.field:
            out.append(_('Rules, field "{field}": {problem}').format(field=p.field, problem=text))
        else:
            out.append(_("Rules: {problem}").format(problem=text))
    return out


def input_error_lines(exc: csvio.InputError) -> list[str]:
    out = []
    for p in exc.problems:
        code = p.code
        if code in ("not_a_number", "negative_value") and "value" in p.params:
            code = "value_" + ("not_a_number" if code == "not_a_number" else "negative")
        text = problem_text(code, p.params)
        if p.row == 0:
            out.append(text)
        elif p.column:
            out.append(_('Row {row}, column "{column}": {problem}').format(row=p.row, column=p.column, problem=text))
        else:
            out.append(_("Row {row}: {problem}").format(row=p.row, problem=text))
    return out


def word(code: str) -> str:
    """Groups, statuses and reasons."""
    return {
        "above": _("above designated size (规上)"),
        "below": _("below designated size (规下)"),
        "out_of_scope": _("out of scope"),
        "rated": _("rated"),
        "not_rated": _("not rated"),
        "not_rated_class": _("not rated (T)"),
        "not_industrial": _("not an industrial enterprise"),
        "small_land": _("below designated size with owned land under the threshold"),
        "exempt_industry": _("power, heat, gas or water industry (divisions 44–46)"),
        "new_production": _("production started on or after 1 January of the previous year"),
        "exemption_list": _("on the exemption list"),
        "no_land_data": _("no land data (to be corrected)"),
        "land_owned": _("owned land"),
        "land_leased": _("leased plant area, converted to 亩"),
    }.get(code, code)


def _benchmark_words(b) -> str:
    if b.mode == FIXED:
        return _("fixed at {value}").format(value=number(b.value, 4))
    if b.mode == K_MEAN:
        return _("{k} × the group's mean").format(k=number(b.k, 4))
    return _("the group's mean")


def rules_in_words(rules: Rules) -> dict:
    """An evaluation's rules as a person reads them: per group, each indicator with its weight and benchmark;
    then the other parameters as (label, value) rows. For pages; the rules file keeps the JSON form."""
    groups = []
    for name, g in rules.groups.items():
        rows = []
        for key, weight in g.weights:
            ind = INDICATORS.get(key)
            rows.append(
                {
                    "indicator": ind.label if ind else key,
                    "unit": ind.unit if ind else "",
                    "weight": number(weight, 2),
                    "benchmark": _benchmark_words(g.benchmark(key)),
                }
            )
        groups.append({"name": word(name), "rows": rows})
    shares = {"A": rules.share_a / 100, "B": rules.share_b / 100, "D": rules.share_d / 100}
    classes = [
        (f"A {rules.labels.get('A', '')}".strip(), _("top {share}%").format(share=number(shares["A"], 2))),
        (f"B {rules.labels.get('B', '')}".strip(), _("next {share}%").format(share=number(shares["B"], 2))),
        (f"C {rules.labels.get('C', '')}".strip(), _("the rest")),
        (f"D {rules.labels.get('D', '')}".strip(), _("bottom {share}%").format(share=number(shares["D"], 2))),
    ]
    params = [
        (_("Highest score of an indicator"), _("{cap} × its weight").format(cap=number(rules.cap, 2))),
        (_("Highest bonus"), _("{n} points").format(n=number(rules.bonus_cap, 2))),
        (
            _("Owned land a below-size enterprise needs to be rated"),
            _("{n} 亩").format(n=number(rules.below_scale_min_land_mu, 2)),
        ),
        (_("Leased floor space counted as one 亩"), _("{n} m²").format(n=number(rules.leased_m2_per_mu, 2))),
        (_("Industry divisions not rated"), "、".join(rules.exempt_divisions) or "—"),
        (
            _("Not rated when production started"),
            _("on or after 1 January of the year {n} before the evaluated one").format(n=rules.new_production_years),
        ),
    ]
    return {"groups": groups, "classes": classes, "params": params}
