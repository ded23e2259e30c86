"""Enterprise CSV in, results CSV out, for ``gongjian landuse evaluate`` (pure: csv module and NumPy).

The column contract is in docs/landuse.md. Reading is column-wise: rows are read in chunks with the csv module,
each column is converted with one NumPy call, and only a column that fails is walked row by row to name the
first bad rows. Any problem raises :class:`InputError` listing ``(row, column, code)``; nothing is written.
Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from gongjian.core.cells import ParseError, header_keys, parse_date, parse_number

from . import headers
from .engine import CLASS_CODES, GROUP_CODES, STATUS_CODES, Evaluation, reason_codes
from .rules import DEFAULT_RULES, Rules

__all__ = [
    "BASE_COLUMNS",
    "NON_NEGATIVE",
    "InputError",
    "Problem",
    "class_words",
    "read_enterprises",
    "result_columns",
    "result_header",
    "result_rows",
    "safe_row",
    "write_results",
]

#: Always required (besides the numeric fields the rules' indicators read).
BASE_COLUMNS = (
    "credit_code",
    "unit",
    "above_scale",
    "industry_code",
    "production_started_on",
    "exempt",
    "land_mu",
    "leased_m2",
)
OPTIONAL_COLUMNS = ("name", "bonus", "penalty")
NUMERIC = ("land_mu", "leased_m2", "tax", "revenue", "energy_tce", "rd", "value_added", "employees", "emissions_t")
NUMERIC += ("bonus", "penalty")
#: May not be negative (tax may: a refund is taken as 0; value added may).
NON_NEGATIVE = frozenset(NUMERIC) - {"tax", "value_added"}
TRUE = {"1", "true", "yes", "y", "是", "t"}
FALSE = {"0", "false", "no", "n", "否", "f", ""}
CHUNK = 200_000
MAX_PROBLEMS = 20


class Problem(tuple):
    """``(row, column, code, params)``; row 0 means the file as a whole, 1 the header."""

    __slots__ = ()

    def __new__(cls, row: int, column: str, code: str, **params: Any):
        return super().__new__(cls, (row, column, code, params))

    row = property(lambda self: self[0])
    column = property(lambda self: self[1])
    code = property(lambda self: self[2])
    params = property(lambda self: self[3])


class InputError(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"row {p.row}, {p.column}: {p.code}" for p in problems))
        self.problems = problems


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")  # Excel on Chinese Windows saves CSV in GBK
        except UnicodeDecodeError:
            raise InputError([Problem(0, "", "not_text")]) from None


_ALIASES = headers.aliases()


def _field(text: str) -> str:
    """The field a header names, or the header itself (stripped) when it names none."""
    for key in header_keys(text):
        if key in _ALIASES:
            return _ALIASES[key]
    return text.strip()


def _first_rows(mask: np.ndarray, offset: int = 2) -> list[int]:
    return (np.flatnonzero(mask)[:MAX_PROBLEMS] + offset).tolist()


def _parse_number(s: str, unit: str | None = None) -> float | None:
    """One cell the slow way: thousands separators, full-width digits and the column's unit ("56亩", "3亿元")
    allowed. None when unreadable."""
    try:
        f = float(parse_number(s, unit))
    except (ParseError, ValueError):
        return None
    return f if np.isfinite(f) else None


def _numbers(col: np.ndarray, name: str, problems: list[Problem]) -> np.ndarray:
    empty = col == ""
    try:
        out = np.where(empty, "nan", col).astype(np.float64)
        bad = ~np.isfinite(out) & ~empty
    except ValueError:
        out = np.full(len(col), np.nan)
        bad = np.zeros(len(col), dtype=bool)
        for i in np.flatnonzero(~empty):
            f = _parse_number(str(col[i]), headers.UNITS.get(name))
            if f is None:
                bad[i] = True
            else:
                out[i] = f
    for row in _first_rows(bad):
        problems.append(Problem(row, name, "not_a_number", value=str(col[row - 2])))
    if name in NON_NEGATIVE:
        for row in _first_rows(out < 0):
            problems.append(Problem(row, name, "negative_value", value=str(col[row - 2])))
    return out


def _bools(col: np.ndarray, name: str, problems: list[Problem], required: bool) -> np.ndarray:
    uniq, inv = np.unique(np.char.lower(np.char.strip(col)), return_inverse=True)
    truth = np.zeros(len(uniq), dtype=bool)
    bad = np.zeros(len(uniq), dtype=bool)
    for i, u in enumerate(uniq.tolist()):
        if u in TRUE:
            truth[i] = True
        elif u not in FALSE or (required and u == ""):
            bad[i] = True
    for row in _first_rows(bad[inv]):
        problems.append(Problem(row, name, "required" if col[row - 2].strip() == "" else "not_a_boolean"))
    return truth[inv]


def _dates(col: np.ndarray, name: str, problems: list[Problem]) -> np.ndarray:
    empty = np.char.strip(col) == ""
    try:
        out = np.where(empty, "NaT", np.char.strip(col)).astype("datetime64[D]")
        ok_shape = (np.char.str_len(col) == 10) | empty
        if not ok_shape.all():
            raise ValueError
        return out
    except ValueError:
        out = np.full(len(col), np.datetime64("NaT"), dtype="datetime64[D]")
        for i in np.flatnonzero(~empty):
            s = str(col[i]).strip()
            try:
                out[i] = np.datetime64(parse_date(s).isoformat(), "D")  # 2015/8/1, 2015年8月1日, 42217
            except ParseError as exc:
                if len(problems) < MAX_PROBLEMS:
                    if exc.code == "ambiguous_date":  # 03/04/2026: both readings named, neither taken
                        problems.append(Problem(i + 2, name, "ambiguous_date", **exc.params))
                    else:
                        problems.append(Problem(i + 2, name, "not_a_date", value=s))
            except ValueError:
                if len(problems) < MAX_PROBLEMS:
                    problems.append(Problem(i + 2, name, "not_a_date", value=s))
        return out


def read_enterprises(
    source: str | Path | bytes,
    rules: Rules = DEFAULT_RULES,
    *,
    ignored: list[str] | None = None,
) -> tuple[dict[str, np.ndarray], list]:
    """The engine's table (and the ``name`` column, for the output) from a CSV file. Raises InputError.

    Headers may be the field names, the Chinese headers of the template or their synonyms (see headers.py);
    other columns (a 备注 column) are skipped and their headers appended to ``ignored``."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    try:
        header = [_field(h) for h in next(reader)]
    except StopIteration:
        raise InputError([Problem(0, "", "empty_file")]) from None
    except csv.Error as exc:
        raise InputError([Problem(1, "", "bad_csv", detail=str(exc))]) from None
    problems: list[Problem] = []
    required = list(BASE_COLUMNS) + [f for f in rules.input_fields if f not in BASE_COLUMNS]
    known = set(required) | set(OPTIONAL_COLUMNS) | set(NUMERIC)
    for name in required:
        if name not in header:
            problems.append(Problem(1, name, "missing_column"))
    seen = set()
    for index, name in enumerate(header):
        if name not in known:
            if ignored is not None and name:
                ignored.append(name)
            header[index] = f"\0{index}"  # read and dropped
            continue
        if name in seen:
            problems.append(Problem(1, name, "duplicate_column"))
        seen.add(name)
    if problems:
        raise InputError(problems)
    width = len(header)
    chunks: list[list[np.ndarray]] = []
    row_no = 1
    try:
        while True:
            chunk = list(islice(reader, CHUNK))
            if not chunk:
                break
            if any(len(r) != width for r in chunk):
                for i, r in enumerate(chunk):
                    if len(r) != width and len(problems) < MAX_PROBLEMS:
                        problems.append(Problem(row_no + 1 + i, "", "wrong_cell_count", cells=len(r), expected=width))
            else:
                chunks.append([np.array(c, dtype=str) for c in zip(*chunk, strict=True)])
            row_no += len(chunk)
    except csv.Error as exc:
        raise InputError([Problem(reader.line_num, "", "bad_csv", detail=str(exc))]) from None
    if problems:
        raise InputError(problems)
    if not chunks:
        raise InputError([Problem(2, "", "no_rows")])
    cols = {name: np.concatenate([c[j] for c in chunks]) for j, name in enumerate(header) if name[:1] != "\0"}
    n = len(cols["credit_code"])

    table: dict[str, np.ndarray] = {}
    code = np.char.upper(np.char.strip(cols["credit_code"]))
    for row in _first_rows(code == ""):
        problems.append(Problem(row, "credit_code", "required"))
    for row in _first_rows((np.char.str_len(code) != 18) & (code != "")):
        problems.append(Problem(row, "credit_code", "not_a_credit_code", value=str(code[row - 2])))
    order = np.argsort(code, kind="stable")
    dup_sorted = np.zeros(n, dtype=bool)
    dup_sorted[1:] = (code[order][1:] == code[order][:-1]) & (code[order][1:] != "")
    for row in sorted((order[dup_sorted][:MAX_PROBLEMS] + 2).tolist()):
        problems.append(Problem(row, "credit_code", "duplicate_code", value=str(code[row - 2])))
    table["credit_code"] = code
    unit = np.char.strip(cols["unit"])
    for row in _first_rows(unit == ""):
        problems.append(Problem(row, "unit", "required"))
    table["unit"] = unit
    table["above_scale"] = _bools(cols["above_scale"], "above_scale", problems, required=True)
    table["exempt"] = _bools(cols["exempt"], "exempt", problems, required=False)
    industry = np.char.strip(cols["industry_code"])
    lengths = np.char.str_len(industry)
    bad_industry = (lengths < 2) | (lengths > 4) | ~np.char.isdigit(industry)
    for row in _first_rows(bad_industry):
        problems.append(Problem(row, "industry_code", "not_an_industry_code", value=str(industry[row - 2])))
    division = np.zeros(n, dtype=np.int16) - 1
    good = ~bad_industry
    division[good] = industry[good].astype("U2").astype(np.int16)
    table["division"] = division
    table["production_started"] = _dates(cols["production_started_on"], "production_started_on", problems)
    for name in NUMERIC:
        if name in cols:
            table[name] = _numbers(cols[name], name, problems)
    if problems:
        problems.sort(key=lambda p: (p.row, p.column))
        raise InputError(problems[:MAX_PROBLEMS])
    names = cols["name"] if "name" in cols else np.full(n, "", dtype=str)
    return table, names


def _fmt(arr: np.ndarray, decimals: int) -> list:
    """Floats rounded for the file, ``None`` (an empty cell) for NaN."""
    out = np.round(arr, decimals).astype(object)
    out[np.isnan(arr)] = None
    return out.tolist()


def result_header(ev: Evaluation) -> list[str]:
    """The output's column names (the English headers; :func:`headers.output_header` gives the Chinese)."""
    head = ["credit_code", "name", "unit", "group", "status", "reasons", "land_mu_basis", "land_source"]
    for key in ev.indicators:
        head += [f"{key}_{part}" for part in headers.INDICATOR_PARTS]
    head += ["bonus", "penalty", "total", "rank", "rated", "class", "class_label", "gap_to_next_class"]
    return head


#: A cell that Excel would take as a formula when it opens the CSV (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _quoted(arr: np.ndarray) -> np.ndarray:
    """Text that begins like a formula with a leading apostrophe, one vectorised pass per prefix."""
    arr = np.asarray(arr)
    if arr.dtype.kind == "O":
        return np.array([f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v for v in arr], object)
    if arr.dtype.kind != "U" or not len(arr):
        return arr
    bad = np.zeros(len(arr), dtype=bool)
    for prefix in FORMULA_PREFIXES:
        bad |= np.char.startswith(arr, prefix)
    if bad.any():
        arr = arr.astype(object)
        arr[bad] = np.char.add("'", arr[bad].astype(str))
    return arr


def class_words(code: str, label: str) -> str:
    """``A类（优先发展类）``: the class code and the name the rules give it (类 added when the name lacks it)."""
    if not label:
        return f"{code}类"
    return f"{code}类（{label if label.endswith('类') else label + '类'}）"


def result_columns(
    table: dict[str, np.ndarray],
    names: np.ndarray,
    ev: Evaluation,
    rules: Rules = DEFAULT_RULES,
    words: Callable[[str], str] = str,
    *,
    quote: bool = False,
) -> list[list]:
    """The output's columns (lists in input order), one NumPy gather per column. ``words`` turns codes (group,
    status, reason, land source) into the user's language; ``quote`` guards text against formula injection."""
    q = _quoted if quote else np.asarray
    group_words = q(np.array([words(GROUP_CODES[g]) if g else "" for g in range(3)], dtype=object))
    status_words = q(np.array([words(STATUS_CODES[s]) for s in range(3)], dtype=object))
    masks, inverse = np.unique(ev.reasons, return_inverse=True)
    reason_words = q(np.array(["；".join(words(r) for r in reason_codes(int(m))) for m in masks], dtype=object))
    class_letters = np.array([CLASS_CODES[c] for c in range(6)], dtype=object)
    labels = [class_words(c, rules.labels.get(c, "")) for c in "ABCD"]
    class_labels = q(np.array(["", *labels, words("not_rated_class")], dtype=object))
    source_words = q(np.array(["", words("land_owned"), words("land_leased")], dtype=object))
    land_mu = table.get("land_mu", np.full(len(ev), np.nan))
    leased = table.get("leased_m2", np.full(len(ev), np.nan))
    source = np.where(land_mu > 0, 1, np.where(leased > 0, 2, 0))
    rated = ev.status == 1
    key_row = np.where(ev.group > 0, ev.unit_code * 2 + ev.group.astype(np.int64) - 1, 0)

    def only_rated(arr: np.ndarray) -> list:
        out = arr.astype(object)
        out[~rated] = None
        return out.tolist()

    units = ev.units[ev.unit_code] if ev.units.dtype.kind not in "iu" else table["unit"]
    cols = [
        q(table["credit_code"]).tolist(),
        q(names).tolist(),
        q(units).tolist(),
        group_words[ev.group].tolist(),
        status_words[ev.status].tolist(),
        reason_words[inverse].tolist(),
        _fmt(ev.land, 4),
        source_words[source].tolist(),
    ]
    for j in range(len(ev.indicators)):
        weight = ev.weights[ev.group, j]
        applies = weight > 0
        benchmark = ev.benchmarks[key_row, j] if len(ev.benchmarks) else np.full(len(ev), np.nan)
        filled = ev.filled[j].astype(np.int8).astype(object)
        filled[~(rated & applies)] = None
        cols += [
            _fmt(ev.values[j], 4),
            _fmt(np.where(applies, benchmark, np.nan), 4),
            _fmt(np.where(applies, weight, np.nan), 4),
            _fmt(np.where(applies, ev.scores[j], np.nan), 4),
            filled.tolist(),
        ]
    cols += [
        _fmt(ev.bonus, 4),
        _fmt(ev.penalty, 4),
        _fmt(ev.total, 4),
        only_rated(ev.rank),
        only_rated(ev.rated_count),
        class_letters[ev.klass].tolist(),
        class_labels[ev.klass].tolist(),
        _fmt(ev.gap, 4),
    ]
    return cols


def result_rows(
    table: dict[str, np.ndarray],
    names: np.ndarray,
    ev: Evaluation,
    rules: Rules = DEFAULT_RULES,
    words: Callable[[str], str] = str,
) -> Iterable[tuple]:
    """Output rows in input order (see :func:`result_columns`)."""
    return zip(*result_columns(table, names, ev, rules, words), strict=True)


def safe_row(row: Iterable) -> list:
    """The row with text that begins like a formula quoted by a leading apostrophe (numbers are left alone)."""
    return [f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v for v in row]


def write_results(
    path: str | Path,
    table: dict[str, np.ndarray],
    names: np.ndarray,
    ev: Evaluation,
    rules: Rules = DEFAULT_RULES,
    words: Callable[[str], str] = str,
    header: list[str] | None = None,
) -> None:
    """Write the results CSV (UTF-8 with BOM, for Excel) atomically: a temporary file renamed into place.
    ``header`` replaces the column names (the Chinese headers); text is guarded against formula injection column
    by column, so no Python work is done per row beyond the csv module's."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".landuse-", suffix=".csv", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(safe_row(header or result_header(ev)))
            w.writerows(zip(*result_columns(table, names, ev, rules, words, quote=True), strict=True))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
