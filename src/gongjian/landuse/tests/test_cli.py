"""``gongjian landuse evaluate`` with files: results, and bad files refused with row and column, nothing written."""

import csv
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongjian.landuse import csvio
from gongjian.landuse.headers import INDICATOR_PARTS, OUTPUT_HEADERS, output_header
from gongjian.landuse.rules import INDICATORS

from . import worked_example as wx


def run(tmp_path, text: str | bytes, rules=None, name="rules.json", language="en"):
    src = tmp_path / "in.csv"
    src.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    out = tmp_path / "out.csv"
    args = ["landuse", "evaluate", "--input", str(src), "--output", str(out), "--year", "2025"]
    args += ["--language", language]
    if rules is not None:
        path = tmp_path / name
        path.write_text(rules if isinstance(rules, str) else json.dumps(rules), encoding="utf-8")
        args += ["--rules", str(path)]
    call_command(*args)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        return {r["credit_code"]: r for r in map(by_name, csv.DictReader(fh))}


def by_name(row: dict) -> dict:
    """A results row keyed by column name whatever the language of its headers (统一社会信用代码 → credit_code)."""
    columns = list(OUTPUT_HEADERS) + [f"{k}_{p}" for k in INDICATORS for p in INDICATOR_PARTS]
    labels = {k: i.label for k, i in INDICATORS.items()}
    back = {output_header(c, labels, zh=True): c for c in columns}
    return {back.get(h, h): v for h, v in row.items()}


def test_worked_example_end_to_end(tmp_path):
    rows = run(tmp_path, wx.csv_text(), language="zh-hans")
    code = {label: r[1] for label, r in zip(wx.LABELS, wx.ROWS, strict=True)}
    for label, (status, klass, rank, total, _reasons) in wx.EXPECTED.items():
        row = rows[code[label]]
        assert row["class"] == klass, label
        assert int(row["rank"] or 0) == rank, label
        if total is not None:
            assert float(row["total"]) == pytest.approx(total, abs=1e-4)
    e5 = rows[code["E5"]]
    assert e5["class_label"] == "B类（支持发展类）" and e5["tax_per_mu_filled"] == "1" and e5["group"] == "规上"
    assert float(e5["gap_to_next_class"]) == pytest.approx(wx.GAPS["E5"], abs=1e-4)
    e7 = rows[code["E7"]]
    assert e7["status"] == "不参评" and "44" in e7["reasons"] and "；" in e7["reasons"]
    b1 = rows[code["B1"]]
    assert b1["revenue_per_energy_score"] == "" and b1["revenue_per_energy_filled"] == ""


def test_rules_change_the_result(tmp_path):
    code = {label: r[1] for label, r in zip(wx.LABELS, wx.ROWS, strict=True)}
    rows = run(tmp_path, wx.csv_text(), rules={"classes": {"labels": {"A": "甲"}, "shares": {"A": 40}}})
    assert rows[code["E1"]]["class_label"] == "A类（甲类）" and rows[code["E2"]]["class"] == "A"


def refused(tmp_path, text, rules=None, name="rules.json"):
    with pytest.raises(CommandError) as exc:
        run(tmp_path, text, rules, name)
    assert exc.value.returncode == 2
    assert not (tmp_path / "out.csv").exists()
    return str(exc.value)


def test_bad_numbers_name_row_and_column(tmp_path):
    lines = wx.csv_text().splitlines()
    cells = lines[3].split(",")
    cells[9] = "12x"  # tax of the third enterprise: row 4
    lines[3] = ",".join(cells)
    cells = lines[6].split(",")
    cells[7] = "-1"  # land_mu negative, row 7
    lines[6] = ",".join(cells)
    message = refused(tmp_path, "\n".join(lines) + "\n")
    assert 'Row 4, column "tax": "12x" is not a number' in message
    assert 'Row 7, column "land_mu": "-1" must not be negative' in message


def test_missing_column_and_wrong_cell_count(tmp_path):
    lines = wx.csv_text().splitlines()
    header = lines[0].replace(",energy_tce", "")
    body = [",".join(c for j, c in enumerate(line.split(",")) if j != 11) for line in lines[1:]]
    assert 'column "energy_tce": column is missing' in refused(tmp_path, "\n".join([header, *body]))
    lines[5] += ",9"
    assert "Row 6: has 18 cells where the header has 17" in refused(tmp_path, "\n".join(lines))


def test_duplicate_codes_dates_booleans(tmp_path):
    lines = wx.csv_text().splitlines()
    lines[2] = lines[2].replace("91370000E200000002", "91370000E100000001")
    lines[3] = lines[3].replace("2023-12-31", "2023/13/31")
    lines[4] = lines[4].replace(",是,", ",maybe,", 1)
    message = refused(tmp_path, "\n".join(lines))
    assert 'Row 3, column "credit_code": "91370000E100000001" appears more than once' in message
    assert 'Row 4, column "production_started_on": "2023/13/31" is not a date' in message
    assert 'Row 5, column "above_scale": must be 1 or 0' in message


def test_bad_rules_refused_naming_the_field(tmp_path):
    message = refused(tmp_path, wx.csv_text(), {"groups": {"above": {"weights": {"tax_per_mu": -1}}}})
    assert 'field "groups.above.weights.tax_per_mu": a weight must be more than 0' in message
    message = refused(tmp_path, wx.csv_text(), "[classes.shares]\nA = 70\nB = 40\n", name="r.toml")
    assert "more than 100 %" in message


def test_gbk_file_and_thousands_separators(tmp_path):
    text = wx.csv_text().replace(",2000,100,60,", ',"2,000",100,60,', 1)
    rows = run(tmp_path, text.encode("gb18030"))
    assert float(rows["91370000E100000001"]["revenue_per_mu_value"]) == 200


def test_reader_returns_columns():
    table, names = csvio.read_enterprises(wx.csv_text().encode())
    assert table["division"].tolist()[:3] == [13, 17, 26]
    assert names[0] == "企业E1" and table["above_scale"][0] and not table["above_scale"][10]


def test_bench_command_writes_harness_json(tmp_path):
    out = tmp_path / "bench.json"
    call_command("landuse", "bench", "--rows", "3000", "--sample", "1000", "--repeat", "1", "--output", str(out))
    data = json.loads(out.read_text())
    assert [r["name"] for r in data] == ["landuse_engine", "landuse_engine_sample", "landuse_csv_to_csv"]
    assert all(r["median_s"] > 0 and r["goal"] for r in data)


def chinese_sheet():
    """The worked example as a bureau sends it: Chinese headers, a 备注 column, dates and numbers as written."""
    from gongjian.landuse.headers import INPUT_HEADERS

    rows = list(csv.reader(wx.csv_text().splitlines()))
    header = [INPUT_HEADERS[h] for h in rows[0]] + ["备注"]
    body = []
    for row in rows[1:]:
        cells = dict(zip(rows[0], row, strict=True))
        cells["production_started_on"] = cells["production_started_on"].replace("-", "/")
        if cells["land_mu"]:
            cells["land_mu"] = cells["land_mu"] + "亩"
        body.append([cells[h] for h in rows[0]] + ["县里报送"])
    return header, body


def test_chinese_headers_units_slash_dates_and_a_remarks_column_give_the_same_result(tmp_path):
    expected = run(tmp_path, wx.csv_text())
    header, body = chinese_sheet()
    text = "\n".join(",".join(r) for r in [header, *body])
    (tmp_path / "out.csv").unlink()
    assert run(tmp_path, text.encode("gbk")) == expected


def test_an_xlsx_input_and_the_year_stated_when_defaulted(tmp_path, capsys):
    import openpyxl

    header, body = chinese_sheet()
    wb = openpyxl.Workbook()
    wb.active.append(header)
    for row in body:
        wb.active.append(row)
    src = tmp_path / "亩产.xlsx"
    wb.save(src)
    out = tmp_path / "out.csv"
    call_command("landuse", "evaluate", "--input", str(src), "--output", str(out), "--lang", "en")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Evaluation year ") and "--year not given" in lines[0]
    assert "Columns ignored: 备注." in lines
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(body)


def test_the_documented_chinese_sample_is_evaluated(tmp_path):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[4] / "docs" / "data-formats.md").read_text(encoding="utf-8")
    sample = doc.split("统一社会信用代码,企业名称,所属单位", 1)[1].split("```", 1)[0]
    rows = run(tmp_path, "统一社会信用代码,企业名称,所属单位" + sample)
    (row,) = rows.values()
    assert row["credit_code"] == "91371400MA3C5X1234" and row["name"] == "德州市某某机械有限公司"
    assert float(row["land_mu_basis"]) == 56 and row["class"] in {"A", "B", "C", "D"}


def test_xlsx_output_has_the_csv_rows_and_no_formula(tmp_path):
    import openpyxl
    from openpyxl.cell.cell import TYPE_FORMULA

    text = wx.csv_text().replace("企业E1", "=cmd|' /C calc'!A0", 1)
    expected = run(tmp_path, text)
    e1 = next(r for r in expected.values() if r["name"].startswith("'="))
    assert e1["name"] == "'=cmd|' /C calc'!A0"  # quoted in the CSV, so Excel shows it as text
    src, out = tmp_path / "in.csv", tmp_path / "out.xlsx"
    call_command("landuse", "evaluate", "--input", str(src), "--output", str(out), "--year", "2025", "--lang", "en")
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert set(rows) == set(expected)
    assert all(c.data_type != TYPE_FORMULA for r in rows.values() for c in r)
    for code, row in rows.items():
        cells = dict(zip(header, (c.value for c in row), strict=True))
        assert cells["class"] == (expected[code]["class"] or None)
        assert cells["name"] == expected[code]["name"].removeprefix("'")


def test_each_indicator_has_value_benchmark_weight_and_score_and_the_land_its_source(tmp_path):
    code = {label: r[1] for label, r in zip(wx.LABELS, wx.ROWS, strict=True)}
    rows = run(tmp_path, wx.csv_text())
    e1, e4, b1 = rows[code["E1"]], rows[code["E4"]], rows[code["B1"]]
    # 亩均税收 of the 城区 规上 group: benchmark 16 (the mean), weight 40, E1's 40 万元/亩 capped at 2 × 40
    assert float(e1["tax_per_mu_value"]) == 40 and float(e1["tax_per_mu_benchmark"]) == 16
    assert float(e1["tax_per_mu_weight"]) == 40 and float(e1["tax_per_mu_score"]) == 80
    assert float(e1["revenue_per_energy_benchmark"]) == 12.5 and float(e1["revenue_per_energy_weight"]) == 15
    assert e1["land_source"] == "owned land" and float(e1["land_mu_basis"]) == 10
    assert e4["land_source"] == "leased plant area, converted to 亩" and float(e4["land_mu_basis"]) == pytest.approx(10)
    # 规下 weighs two indicators only: the others have no benchmark, weight or score for it
    assert float(b1["tax_per_mu_weight"]) == 60 and float(b1["tax_per_mu_benchmark"]) == 12.5
    assert b1["revenue_per_energy_weight"] == b1["revenue_per_energy_benchmark"] == ""
    assert e1["class"] == "A" and e1["class_label"] == "A类（优先发展类）"


def test_dezhou_class_names_and_headers_in_either_language(tmp_path):
    dezhou = {"classes": {"labels": {"A": "优先发展", "B": "支持发展", "C": "提升发展", "D": "限制发展"}}}
    run(tmp_path, wx.csv_text(), rules=dezhou, language="zh")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as fh:
        header, *body = list(csv.reader(fh))
    assert header[:3] == ["统一社会信用代码", "企业名称", "所属单位"]
    assert {"分类", "分类名称", "用地面积来源", "亩均税收·基准值", "亩均税收·权重", "亩均税收·得分"} <= set(header)
    words = {row[header.index("分类")]: row[header.index("分类名称")] for row in body}
    assert words["A"] == "A类（优先发展类）" and words["D"] == "D类（限制发展类）"
    assert words["B"] == "B类（支持发展类）" and words["C"] == "C类（提升发展类）"
    run(tmp_path, wx.csv_text(), language="en")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[:3] == ["credit_code", "name", "unit"] and "tax_per_mu_benchmark" in header


def test_the_sample_file_in_chinese_is_evaluated_to_a_workbook(tmp_path, capsys):
    from pathlib import Path

    import openpyxl

    sample = Path(__file__).resolve().parents[4] / "docs" / "samples" / "landuse-enterprises.zh.csv"
    out = tmp_path / "结果.xlsx"
    call_command("landuse", "evaluate", "--input", str(sample), "--output", str(out), "--lang", "zh")
    assert capsys.readouterr().out.splitlines()[0].startswith("评价年度")
    header, *body = openpyxl.load_workbook(out).active.iter_rows(values_only=True)
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    assert len(rows) == 6
    leased = rows["91371400MA3C5X4468"]
    assert leased["用地面积来源"] == "租赁厂房折算" and leased["计算用地面积（亩）"] == pytest.approx(12, abs=0.01)
    assert rows["91371400MA3C5X1234"]["用地面积来源"] == "自有用地"
    assert rows["91371400MA3C5X6681"]["分类"] == "T"
    for row in rows.values():
        if row["分类"] in {"A", "B", "C", "D"}:
            assert row["分类名称"].startswith(row["分类"] + "类（")
            assert row["亩均税收·权重"] == (40 if row["参评分组"] == "规上" else 60)


def test_an_unknown_header_names_the_closest_known_one(tmp_path):
    header, body = chinese_sheet()
    header = ["统一社会信用代玛" if h == "统一社会信用代码" else h for h in header]
    text = "\n".join(",".join(r) for r in [header, *body])
    message = refused(tmp_path, text.encode("gbk"))
    assert 'column "credit_code": column is missing' in message
    assert "“统一社会信用代玛” (did you mean “统一社会信用代码”?)" in message
    assert "备注." in message or "备注、" in message  # a column like nothing we know is named as it is


def test_an_ambiguous_date_is_refused_by_row_with_both_readings(tmp_path):
    lines = wx.csv_text().splitlines()
    lines[3] = lines[3].replace("2023-12-31", "03/04/2023")
    message = refused(tmp_path, "\n".join(lines))
    assert 'Row 4, column "production_started_on": “03/04/2023” may be read as 2023-3-4 or as 2023-4-3' in message
