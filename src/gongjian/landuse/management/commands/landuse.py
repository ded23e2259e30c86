"""``gongjian landuse``: the 亩产效益 evaluation from files, without a database.

    gongjian landuse evaluate [--rules RULES.json|.toml] --input ENTERPRISES.csv|.xlsx|.xls --output RESULTS.csv
                              [--year Y] [--lang zh|en] [--format csv|xlsx]

The input's headers may be the Chinese headers of the template (docs/data-formats.md), the field names or common
synonyms; other columns (备注) are skipped and named. When --year is not given, the first line of the output says
which year was taken. The results carry each enterprise's class code and its words (A, A类（优先发展类）), every
indicator's value, benchmark, weight and score, and the land area with its source; ``--lang zh`` heads the columns
in Chinese, ``--lang en`` with the column names (docs/data-formats.md, section 7).
    gongjian landuse bench [--rows 1000000] [--sample 20000] [--repeat 3] [--output FILE.json]

Bad rules or data exit with code 2 and messages naming the field, or the row and column; nothing is written.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongjian.core.benchmarking import table as result_table
from gongjian.core.cells import cell_text, closest_header
from gongjian.landuse import csvio, engine
from gongjian.landuse import rules as r
from gongjian.landuse.headers import INPUT_HEADERS, output_header
from gongjian.landuse.texts import input_error_lines, rules_error_lines, word

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Land-use efficiency (亩产效益): 'evaluate' scores a CSV of enterprises; 'bench' times the engine."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{evaluate,bench}")
        ev = sub.add_parser("evaluate", help="evaluate ENTERPRISES.csv and write RESULTS.csv")
        ev.add_argument("--rules", metavar="RULES", help="rules file, JSON or TOML (default: the default rules)")
        ev.add_argument("--input", required=True, metavar="ENTERPRISES.csv", help="CSV (UTF-8 or GBK), .xlsx or .xls")
        ev.add_argument("--output", required=True, metavar="RESULTS.csv")
        ev.add_argument(
            "--format", choices=["csv", "xlsx"], help="output format (default: by the output's extension, else csv)"
        )
        ev.add_argument("--year", type=int, help="evaluation year (default: the rules' year, else last year)")
        ev.add_argument(
            "--lang",
            "--language",
            dest="language",
            choices=["zh", "zh-hans", "en"],
            help="language of the output's headers and words, and of the messages (default: the site's, Chinese)",
        )
        bench = sub.add_parser("bench", help="time CSV → CSV over synthetic enterprises against the per-row code")
        bench.add_argument("--rows", type=int, default=1_000_000)
        bench.add_argument("--sample", type=int, default=20_000, help="rows the per-row reference is timed on")
        bench.add_argument("--repeat", type=int, default=3)
        bench.add_argument("--output", default=None, help="JSON file (default: var/bench/landuse.json)")
        bench.add_argument("--strict", action="store_true", help="exit non-zero when a goal is missed")

    def handle(self, *args, subcommand, **options):
        language = {"zh": "zh-hans"}.get(options.get("language") or "", options.get("language"))
        with translation.override(language or settings.LANGUAGE_CODE):
            if subcommand == "evaluate":
                fmt = options.get("format") or ("xlsx" if options["output"].lower().endswith(".xlsx") else "csv")
                self.evaluate(options["rules"], options["input"], options["output"], options["year"], fmt)
            else:
                self.bench(options["rows"], options["sample"], options["repeat"], options["output"], options["strict"])

    def _fail(self, lines: list[str]) -> None:
        raise CommandError("\n".join(lines), returncode=BAD_INPUT)

    def evaluate(
        self, rules_path: str | None, input_path: str, output_path: str, year: int | None, fmt: str = "csv"
    ) -> None:
        rules, raw = r.DEFAULT_RULES, {}
        if rules_path:
            try:
                data = Path(rules_path).read_bytes()
            except OSError as exc:
                self._fail([_("Cannot read {path}: {error}").format(path=rules_path, error=exc.strerror)])
            try:
                rules, raw = r.load_rules(data, Path(rules_path).suffix)
            except r.RulesError as exc:
                self._fail(rules_error_lines(exc))
        if year is None:
            if raw.get("year"):
                year = raw["year"]
                self.stdout.write(_("Evaluation year {year} (from the rules; --year not given).").format(year=year))
            else:
                year = timezone.localdate().year - 1
                self.stdout.write(
                    _("Evaluation year {year} (last year: --year not given; give --year to choose).").format(year=year)
                )
        out = Path(output_path)
        if not out.parent.exists():
            self._fail([_("The folder of {path} does not exist.").format(path=output_path)])
        try:
            data = Path(input_path).read_bytes()
        except OSError as exc:
            self._fail([_("Cannot read {path}: {error}").format(path=input_path, error=exc.strerror)])
        if Path(input_path).suffix.lower() in (".xlsx", ".xls"):
            data = self._workbook_as_csv(data, Path(input_path).name)
        ignored: list[str] = []
        try:
            table, names = csvio.read_enterprises(data, rules, ignored=ignored)
        except csvio.InputError as exc:
            self._fail(input_error_lines(exc) + self._ignored_lines(ignored))
        if ignored:
            self.stdout.write(self._ignored_lines(ignored)[0])
        result = engine.evaluate(table, year, rules)
        zh = (translation.get_language() or "").startswith("zh")
        labels = {k: ind.label for k, ind in r.INDICATORS.items()}
        header = [output_header(c, labels, zh) for c in csvio.result_header(result)]
        if fmt == "xlsx":
            from gongjian.core.excel import workbook_bytes

            rows = csvio.result_rows(table, names, result, rules, word)
            out.write_bytes(workbook_bytes(header, rows, title=str(year)))
        else:
            csvio.write_results(out, table, names, result, rules, words=word, header=header)
        counts = {c: int((result.klass == i).sum()) for i, c in engine.CLASS_CODES.items() if c}
        self.stdout.write(
            _("{n} enterprises evaluated for {year}: A {A}, B {B}, C {C}, D {D}, not rated {T}; written {path}").format(
                n=len(result), year=year, path=output_path, **counts
            )
        )

    @staticmethod
    def _ignored_lines(ignored: list[str]) -> list[str]:
        """The columns skipped, each with the closest known header when one is near (a typo names what was meant:
        "统一社会信用代玛" → 统一社会信用代码)."""
        if not ignored:
            return []
        known = [*INPUT_HEADERS.values(), *INPUT_HEADERS]
        parts = []
        for text in ignored:
            near = closest_header(text, known)
            if near:
                parts.append(_("“{column}” (did you mean “{near}”?)").format(column=text, near=near))
            else:
                parts.append(text)
        return [_("Columns ignored: {columns}.").format(columns="、".join(parts))]

    def _workbook_as_csv(self, data: bytes, name: str) -> bytes:
        """The first sheet of a workbook as CSV text, read through the import layer's safe opening and limits."""
        from gongjian.core.xlsx_import import UploadRefused, open_source
        from gongjian.core.xlsx_import.sources import Limits

        try:
            source = open_source(data, name)
            try:
                limits = Limits()
                buf = io.StringIO()
                writer = csv.writer(buf)
                for _number, values in limits.rows(source.rows(None, limits)):
                    writer.writerow(["" if v is None else cell_text(v) or "" for v in values])
            finally:
                source.close()
        except UploadRefused as exc:
            self._fail([exc.message])
        return buf.getvalue().encode("utf-8")

    def bench(self, rows: int, sample: int, repeat: int, output: str | None, strict: bool) -> None:
        from gongjian.landuse import bench

        if rows < 100 or sample < 100 or repeat < 1:
            raise CommandError(_("--rows and --sample must be at least 100, --repeat at least 1."))
        results = bench.run(rows=rows, sample=sample, repeat=repeat, log=self.stdout.write)
        self.stdout.write(result_table(results))
        path = Path(output) if output else settings.VAR_DIR / "bench" / "landuse.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([x.as_dict() for x in results], ensure_ascii=False, indent=2))
        self.stdout.write(_("written {path}").format(path=path))
        failed = [x.name for x in results if not x.ok]
        if failed and strict:
            raise CommandError(_("goal not met: {names}").format(names=", ".join(failed)))
