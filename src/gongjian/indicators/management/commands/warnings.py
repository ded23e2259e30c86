"""``gongjian warnings explain CASES.json [--rules RULES.json]``: what colour would these cases get, and why.

Reads a JSON list of item, milestone and indicator cases (schema: docs/warning-rules.md), prints JSON with
each case's colour, reason code, reason in words and numbers. Bad input exits with code 2 and one message
naming the case and the field.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from gongjian.indicators import cases as c
from gongjian.indicators import hooks
from gongjian.indicators import rules as r
from gongjian.indicators.texts import fmt_value, period_label, reason_text

BAD_INPUT = 2


def problems() -> dict[str, str]:
    """Problem code → what is wrong with a field."""
    return {
        "missing": _("is required"),
        "unknown_field": _("is not a known field"),
        "not_an_object": _("a case must be a JSON object"),
        "not_a_date": _("must be a date written YYYY-MM-DD"),
        "not_a_number": _("must be a finite number"),
        "not_an_integer": _("must be a whole number"),
        "not_a_non_negative_integer": _("must be a whole number, 0 or more"),
        "not_a_positive_integer": _("must be a whole number, 1 or more"),
        "not_a_boolean": _("must be true or false"),
        "not_a_list": _("must be a list"),
        "unknown_type": _('must be "item", "milestone" or "indicator"'),
        "unknown_cycle": _('must be "monthly" or "weekly"'),
        "unknown_direction": _('must be "higher" or "lower"'),
        "unknown_kind": _('must be "cumulative", "level", "rate" or "growth"'),
        "unknown_comparator": _('must be ">=", ">", "<=", "<", "=" or "range"'),
        "unknown_rollup": _('must be "worst" or "weighted"'),
        "due_before_start": _("is before the start date"),
        "percent_out_of_range": _("must be between 0 and 100"),
        "comparator_contradicts_direction": _("contradicts the direction"),
        "range_needs_a_level": _("a range needs a level, rate or growth indicator, not a cumulative one"),
        "range_needs_low_and_high": _("a range needs two numbers: [low, high]"),
        "range_low_above_high": _("the low end of the range is above the high end"),
        "baseline_needed_for_linear_plan": _("is required for a linear plan of a level, rate or growth"),
        "planned_needs_every_period": _("needs one value for every period of the year"),
        "profile_needs_every_period": _("needs one value for every period of the year"),
        "more_actuals_than_periods": _("has more values than the year has periods"),
        "negative_value": _("must not be negative"),
        "period_not_over": _("is for {period}, which is not over yet"),
        "year_out_of_range": _("must be a year between 1900 and 9998"),
        "yellow_gap_above_red_gap": _("must not be above red_gap"),
        "yellow_above_green": _("must not be above green_achievement"),
    }


def forecast_text(result: dict[str, Any]) -> str | None:
    if result.get("warning") == "projected_miss":
        return _(
            "On track now, projected to miss: {projected} at the end of the year, {gap} short of the target."
        ).format(projected=fmt_value(result["projected"]), gap=fmt_value(result["gap"]))
    return None


def error_text(exc: c.CaseError) -> str:
    params = {k: period_label(v) if k == "period" else v for k, v in exc.params.items()}
    problem = problems().get(exc.code, exc.code).format(**params)
    if exc.index is None and exc.field is None:
        return _("The rules file must hold a JSON object.") if exc.code == "rules_not_an_object" else problem
    if exc.index is None:
        return _('Rules file, field "{field}": {problem}').format(field=exc.field, problem=problem)
    if exc.field is None:
        return _("Case {index}: {problem}").format(index=exc.index, problem=problem)
    return _('Case {index}, field "{field}": {problem}').format(index=exc.index, field=exc.field, problem=problem)


class Command(BaseCommand):
    help = "Early warnings (量化预警). 'explain' prints the colour and reason of the cases in a JSON file."

    def add_arguments(self, parser):
        names = ["explain", *hooks.warnings_subcommands]
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{" + ",".join(names) + "}")
        explain = sub.add_parser("explain", help="print, as JSON, the colour and reason of each case in CASES.json")
        explain.add_argument("cases", metavar="CASES.json", help="a JSON list of cases ('-' reads standard input)")
        explain.add_argument("--rules", metavar="RULES.json", help="a JSON object overriding some default rules")
        explain.add_argument("--language", choices=["zh-hans", "en"], help="language of the reasons")
        # The daily run belongs to the supervision app (colour history, 督办, notifications): it registers "run".
        for name, subcommand in hooks.warnings_subcommands.items():
            subcommand.add_arguments(sub.add_parser(name, help=subcommand.help))

    def handle(self, *args, subcommand, cases=None, rules=None, language=None, **options):
        if subcommand in hooks.warnings_subcommands:
            return hooks.warnings_subcommands[subcommand].run(self, **options)
        with translation.override(language or settings.LANGUAGE_CODE):
            self.stdout.write(self.explain(cases, rules))

    def explain(self, cases: str, rules: str | None) -> str:
        rule_set = r.DEFAULT_RULES
        if rules:
            rule_set = self._parse(rules, c.parse_rules)
        data = self._load(cases)
        if not isinstance(data, list):
            raise CommandError(_("The cases file must hold a JSON list of cases."), returncode=BAD_INPUT)
        results = []
        for index, obj in enumerate(data):
            try:
                result = c.evaluate(obj, index, rule_set)
            except c.CaseError as exc:
                raise CommandError(error_text(exc), returncode=BAD_INPUT) from None
            result["reason"] = reason_text(result["reason_code"], result["numbers"], rule_set)
            if "forecast" in result:
                result["forecast"]["text"] = forecast_text(result["forecast"])
            results.append(result)
        return json.dumps({"rules": rule_set.as_dict(), "results": results}, ensure_ascii=False, indent=2)

    def _load(self, path: str) -> Any:
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                _("Cannot read {path}: {error}").format(path=path, error=exc), returncode=BAD_INPUT
            ) from None
        try:
            return c.load_json(text)
        except ValueError as exc:
            raise CommandError(
                _("{path} is not valid JSON: {error}").format(path=path, error=exc), returncode=BAD_INPUT
            ) from None

    def _parse(self, path: str, parse):
        data = self._load(path)
        try:
            return parse(data)
        except c.CaseError as exc:
            raise CommandError(error_text(exc), returncode=BAD_INPUT) from None
