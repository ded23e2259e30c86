"""A worked example, computed by hand (docs/landuse.md walks through it), year 2025, default rules.

Unit 城区, 规上 (E1–E6 rated, n = 6 → A 1, B 2, C 2, D 1), benchmarks = means of those that have the value:
  亩均税收        E1 40, E2 20, E3 10, E4 0 (tax −50 → 0), E6 10; E5 no tax.   mean 16.
                  scores 40·min(v/16, 2): E1 80 (cap), E2 50, E3 25, E4 0, E6 25; E5 filled (80+50+25+0+25)/5 = 36
  亩均营业收入    E1 200, E2–E5 100, E6 0 (revenue 0).                       mean 100 → 40, 20, 20, 20, 20, 0
  单位能耗营业收入 E1 20, E2 20, E3 10, E6 0; E4 energy 0, E5 no energy.      mean 12.5 → 24, 24, 12, 0; fill 15
  研发投入强度    E1 3 %, E2 3 %, E3 0 %, E4 1 %; E5 no R&D, E6 revenue 0.     mean 1.75 → 25.714…, 25.714…, 0,
                  8.571…; fill 60/4 = 15
  全员劳动生产率  E1 10, E2 20, E3 10, E5 10; E4 0 employees, E6 no VA.       mean 12.5 → 8, 16, 8, 8; fill 10
  bonus: E3 25 → capped at 20; penalty: E6 5.
  totals: E1 177.714, E2 135.714, E5 94, E3 85, E4 53.571, E6 45 → A E1; B E2, E5; C E3, E4; D E6.
  E4 has no owned land: leased 6666.7 m² ÷ 666.67 = 10 亩. E3 started 2023-12-31: rated.
Not rated (T): E7 division 44 and started 2024-03-01 (two reasons); E8 exemption list; E9 no land at all;
  E10 started 2024-01-01.
Unit 城区, 规下 (n = 5 → A 1, B 2, C 1, D 1), weights 60/40:
  亩均税收 B1 10 (3 亩, exactly the threshold), B3 10, B4 10, B5 20; B6 no tax. mean 12.5 → 48, 48, 48, 96; fill 60
  亩均营收 B1 100, B3 50, B4 100, B5 50, B6 100. mean 80 → 50, 25, 50, 25, 50
  totals B1 98, B3 73, B4 98, B5 121 − penalty 23 = 98, B6 110.
  order: B6; then the three 98s: B5 (亩均税收 20), then B4 before B1 by credit code; B3 last.
  B2 (2.9 亩, division 45) and L1 (规下, leased plant only) are out of scope; N1 (wholesale) is not industrial.
Unit 园区, 规上, all figures equal except tax: X1 tax −10, X2 tax 0, X3 no tax → the 亩均税收 benchmark is 0:
  nobody gets points for it (X3's fill is 0); nobody has R&D → 0 each, flagged. Totals 45 each; X1 and X2 tie
  on 亩均税收 (0), X2's code is lower; X3 has no 亩均税收 and comes last. n = 3 → A 0, B 1, C 1, D 1.
"""

from __future__ import annotations

import numpy as np

N = None
# code, unit, above, division, started, exempt, land_mu, leased_m2, tax, revenue, energy, rd, va, employees,
# bonus, penalty
ROWS = [
    ("E1", "91370000E100000001", "城区", 1, 13, "2010-05-01", 0, 10, N, 400, 2000, 100, 60, 500, 50, N, N),
    ("E2", "91370000E200000002", "城区", 1, 17, N, 0, 10, N, 200, 1000, 50, 30, 400, 20, N, N),
    ("E3", "91370000E300000003", "城区", 1, 26, "2023-12-31", 0, 20, N, 200, 2000, 200, 0, 300, 30, 25, N),
    ("E4", "91370000E400000004", "城区", 1, 30, N, 0, N, 6666.7, -50, 1000, 0, 10, 200, 0, N, N),
    ("E5", "91370000E500000005", "城区", 1, 34, N, 0, 10, N, N, 1000, N, N, 100, 10, N, N),
    ("E6", "91370000E600000006", "城区", 1, 39, N, 0, 10, N, 100, 0, 10, 5, N, 10, N, 5),
    ("E7", "91370000E700000007", "城区", 1, 44, "2024-03-01", 0, 10, N, 100, 1000, 10, 5, 100, 10, N, N),
    ("E8", "91370000E800000008", "城区", 1, 13, N, 1, 10, N, 900, 9000, 10, 5, 100, 10, N, N),
    ("E9", "91370000E900000009", "城区", 1, 13, N, 0, 0, N, 900, 9000, 10, 5, 100, 10, N, N),
    ("E10", "91370000EA0000000A", "城区", 1, 13, "2024-01-01", 0, 10, N, 900, 9000, 10, 5, 100, 10, N, N),
    ("B1", "91371400MA00000002", "城区", 0, 13, N, 0, 3, N, 30, 300, N, N, N, N, N, N),
    ("B2", "91371400B200000002", "城区", 0, 45, N, 0, 2.9, N, 30, 300, N, N, N, N, N, N),
    ("B3", "91371400B300000003", "城区", 0, 13, N, 0, 6, N, 60, 300, N, N, N, N, N, N),
    ("B4", "913714000000000001", "城区", 0, 13, N, 0, 6, N, 60, 600, N, N, N, N, N, N),
    ("B5", "91371400B500000005", "城区", 0, 13, N, 0, 5, N, 100, 250, N, N, N, N, N, 23),
    ("B6", "91371400B600000006", "城区", 0, 13, N, 0, 4, N, N, 400, N, N, N, N, N, N),
    ("L1", "91371400L100000001", "城区", 0, 13, N, 0, N, 8000, 60, 600, N, N, N, N, N, N),
    ("N1", "91371400N100000001", "城区", 1, 51, N, 0, 10, N, 100, 1000, 10, 5, 100, 10, N, N),
    ("X1", "91371500X100000002", "园区", 1, 13, N, 0, 10, N, -10, 1000, 100, N, 100, 10, N, N),
    ("X2", "91371500X100000001", "园区", 1, 13, N, 0, 10, N, 0, 1000, 100, N, 100, 10, N, N),
    ("X3", "91371500X300000003", "园区", 1, 13, N, 0, 10, N, N, 1000, 100, N, 100, 10, N, N),
]
LABELS = [r[0] for r in ROWS]
INDEX = {label: i for i, label in enumerate(LABELS)}
FLOATS = ("land_mu", "leased_m2", "tax", "revenue", "energy_tce", "rd", "value_added", "employees", "bonus")
FLOATS += ("penalty",)

R7 = 15 * 3 / 1.75  # 25.714…: R&D 3 % against a benchmark of 1.75 %
EXPECTED = {
    # label: (status, class, rank, total, reasons)
    "E1": ("rated", "A", 1, 80 + 40 + 24 + R7 + 8, []),
    "E2": ("rated", "B", 2, 50 + 20 + 24 + R7 + 16, []),
    "E5": ("rated", "B", 3, 94, []),
    "E3": ("rated", "C", 4, 85, []),
    "E4": ("rated", "C", 5, 20 + 15 + 15 / 1.75 + 10, []),
    "E6": ("rated", "D", 6, 45, []),
    "E7": ("not_rated", "T", 0, None, ["exempt_industry", "new_production"]),
    "E8": ("not_rated", "T", 0, None, ["exemption_list"]),
    "E9": ("not_rated", "T", 0, None, ["no_land_data"]),
    "E10": ("not_rated", "T", 0, None, ["new_production"]),
    "B6": ("rated", "A", 1, 110, []),
    "B5": ("rated", "B", 2, 98, []),
    "B4": ("rated", "B", 3, 98, []),
    "B1": ("rated", "C", 4, 98, []),
    "B3": ("rated", "D", 5, 73, []),
    "B2": ("out_of_scope", "", 0, None, ["small_land"]),
    "L1": ("out_of_scope", "", 0, None, ["small_land"]),
    "N1": ("out_of_scope", "", 0, None, ["not_industrial"]),
    "X2": ("rated", "B", 1, 45, []),
    "X1": ("rated", "C", 2, 45, []),
    "X3": ("rated", "D", 3, 45, []),
}
# points missing to the next class (None: class A, or no class above has members)
GAPS = {
    "E1": None,
    "E2": 42,
    "E5": 80 + 40 + 24 + R7 + 8 - 94,
    "E3": 9,
    "E4": 94 - (20 + 15 + 15 / 1.75 + 10),
    "E6": 20 + 15 + 15 / 1.75 + 10 - 45,
    "B6": None,
    "B5": 12,
    "B4": 12,
    "B1": 0,
    "B3": 25,
    "X2": None,
    "X1": 0,
    "X3": 0,
}
# label: indicator → (score, filled)
SCORES = {
    "E1": {"tax_per_mu": (80, False), "rd_intensity": (R7, False)},
    "E4": {"tax_per_mu": (0, False), "revenue_per_energy": (15, True), "labour_productivity": (10, True)},
    "E5": {"tax_per_mu": (36, True), "rd_intensity": (15, True), "revenue_per_energy": (15, True)},
    "E6": {"rd_intensity": (15, True), "revenue_per_mu": (0, False), "labour_productivity": (10, True)},
    "B6": {"tax_per_mu": (60, True), "revenue_per_mu": (50, False)},
    "X3": {"tax_per_mu": (0, True), "rd_intensity": (0, True), "revenue_per_mu": (20, False)},
    "X1": {"tax_per_mu": (0, False), "rd_intensity": (0, True)},
}
BENCHMARKS = {("城区", "above"): {"tax_per_mu": 16, "revenue_per_mu": 100, "revenue_per_energy": 12.5}}


def table() -> dict[str, np.ndarray]:
    cols = list(zip(*ROWS, strict=True))
    t = {
        "credit_code": np.array(cols[1], dtype="U18"),
        "unit": np.array(cols[2]),
        "above_scale": np.array(cols[3], dtype=bool),
        "division": np.array(cols[4], dtype=np.int16),
        "production_started": np.array([s or "NaT" for s in cols[5]], dtype="datetime64[D]"),
        "exempt": np.array(cols[6], dtype=bool),
    }
    for name, col in zip(FLOATS, cols[7:], strict=True):
        t[name] = np.array([np.nan if v is None else v for v in col], dtype=np.float64)
    return t


def csv_text() -> str:
    head = "credit_code,name,unit,above_scale,industry_code,production_started_on,exempt,land_mu,leased_m2,"
    head += "tax,revenue,energy_tce,rd,value_added,employees,bonus,penalty"
    lines = [head]
    for r in ROWS:
        cells = [r[1], f"企业{r[0]}", r[2], "是" if r[3] else "否", f"{r[4]:02d}11", r[5] or "", str(r[6])]
        cells += ["" if v is None else str(v) for v in r[7:]]
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"
