"""`govcost kpi` on tiny ledgers: every expected figure worked out by hand in the test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from govcost.allocate.kpi import AnomalyRule
from govcost.allocate.kpi.anomalies import judge
from govcost.allocate.kpi.inputs import load_budget
from govcost.allocate.kpi.stats import ratio_text
from govcost.engine import Engine
from govcost.errors import InputError, UsageError
from govcost.jp.calendar import fiscal_year_months
from tests.allocate.kpi_ledgers import A, B, C, TinyLedger, fiscal_months, months, write

D = Decimal


def _baseline(tmp: Path, rows: dict[str, int], year: int = 2018) -> Path:
    text = "municipality_code,fiscal_year,operating_cost_jpy\n"
    text += "".join(f"{code},{year},{yen}\n" for code, yen in rows.items())
    return write(tmp / "baseline.csv", text)


def _populations(tmp: Path, rows: dict[str, int]) -> Path:
    text = "municipality_code,population\n" + "".join(f"{c},{p}\n" for c, p in rows.items())
    return write(tmp / "populations.csv", text)


@pytest.fixture
def full_year(engine: Engine, tmp_path: Path) -> Engine:
    """FY2025 complete: A ¥1,000,000 a month, B ¥500,000, C ¥1,000,000 (software)."""
    led = TinyLedger(tmp_path)
    for m in fiscal_months(2025):
        led.line(A, m, 1_000_000)
        led.line(B, m, 500_000)
        led.line(C, m, 1_000_000)
    return led.ingest(engine)


# --- before and after ------------------------------------------------------------------------
def test_ratio_of_totals_and_mean_of_ratios_differ(full_year: Engine, tmp_path: Path) -> None:
    # After (FY2025, 12 months): A 12,000,000, B 6,000,000, C 12,000,000.
    # Before: A 6,000,000 (× 2.0), B 1,500,000 (× 4.0), C 20,000,000 (× 0.6).
    # Ratio of totals: 30,000,000 ÷ 27,500,000 = 1.0909…; mean of ratios: (2 + 4 + 0.6) ÷ 3 = 2.2.
    base = _baseline(tmp_path, {A: 6_000_000, B: 1_500_000, C: 20_000_000})
    r = full_year.kpi(baseline=base)
    ba = r.before_after
    assert ba.basis.fiscal_year == 2025 and ba.basis.months == 12 and not ba.basis.annualised
    assert {x.municipality_code: x.ratio for x in ba.rows} == {A: D(2), B: D(4), C: D("0.6")}
    assert ba.group.before_total_jpy == D(27_500_000) and ba.group.after_total_jpy == D(30_000_000)
    assert ba.group.ratio_of_totals == D(30_000_000) / D(27_500_000)
    assert ratio_text(ba.group.ratio_of_totals) == "1.091"
    assert ba.group.mean_of_ratios == D("2.2")
    assert ba.group.median_ratio == D(2) and ba.group.min_ratio == D("0.6") and ba.group.max_ratio == D(4)
    checks = {(c.target.key, c.measure): c.status for c in r.targets}
    # National ≤ 0.7: both missed. Wards' KGI ≤ 1.5: the ratio of totals meets it, the mean does not.
    assert checks[("national-30", "ratio_of_totals")] == "missed"
    assert checks[("national-30", "mean_of_ratios")] == "missed"
    assert checks[("wards-1.5x", "ratio_of_totals")] == "met"
    assert checks[("wards-1.5x", "mean_of_ratios")] == "missed"
    assert checks[("joint-20", "")] == "scenario"
    assert checks[("cloud-yoy-10", "ratio_of_totals")] == "no_data"


def test_one_municipality_is_a_group_of_one(full_year: Engine, tmp_path: Path) -> None:
    base = _baseline(tmp_path, {A: 6_000_000, B: 1_500_000, C: 20_000_000})
    r = full_year.kpi(baseline=base, municipality=C)
    assert [x.municipality_code for x in r.before_after.rows] == [C]
    # 12,000,000 ÷ 20,000,000 = 0.6: both targets met, both ways.
    assert r.before_after.group.ratio_of_totals == r.before_after.group.mean_of_ratios == D("0.6")
    assert {c.status for c in r.targets if c.target.key in ("national-30", "wards-1.5x")} == {"met"}
    assert [x.municipality_code for x in r.per_resident.rows] == [C]


def test_missing_baseline_is_listed_not_counted(full_year: Engine, tmp_path: Path) -> None:
    base = _baseline(tmp_path, {A: 6_000_000, "131024": 9_000_000})
    ba = full_year.kpi(baseline=base).before_after
    assert ba.no_baseline == [B, C] and ba.no_costs == ["131024"]
    assert ba.group.municipalities == 1 and ba.group.ratio_of_totals == D(2)


def test_months_so_far_are_annualised(engine: Engine, tmp_path: Path) -> None:
    # Four months of FY2025 at 1,000,000: 4,000,000 × 12 ÷ 4 = 12,000,000 a year; before 8,000,000.
    led = TinyLedger(tmp_path)
    for m in months("2025-04", 4):
        led.line(A, m, 1_000_000)
        led.charge(A, m, 10_000)
    led.ingest(engine)
    r = engine.kpi(baseline=_baseline(tmp_path, {A: 8_000_000}))
    ba = r.before_after
    assert ba.basis.annualised and ba.basis.months == 4
    # (4 × 1,010,000) × 12 ÷ 4 = 12,120,000; ÷ 8,000,000 = 1.515.
    assert ba.rows[0].after_jpy == D(12_120_000) and ba.rows[0].ratio == D("1.515")


def test_baseline_from_an_earlier_year_without_cloud_fees(engine: Engine, tmp_path: Path) -> None:
    # FY2023: on-premise cost lines only, 300,000 a month = 3,600,000 (the ledger's baseline).
    # FY2025: Apr–Jun, software 400,000 + cloud 100,000 a month = 1,500,000, × 12 ÷ 3 = 6,000,000.
    # 6,000,000 ÷ 3,600,000 = 1.6666…
    led = TinyLedger(tmp_path)
    for m in fiscal_months(2023):
        led.line(A, m, 300_000, source="operations")
    for m in months("2025-04", 3):
        led.line(A, m, 400_000)
        led.charge(A, m, 100_000)
    led.ingest(engine)
    r = engine.kpi()
    row = r.before_after.rows[0]
    assert (row.before_source, row.before_year, row.before_months) == ("ledger", 2023, 12)
    assert row.before_jpy == D(3_600_000) and row.after_jpy == D(6_000_000)
    assert row.ratio == D(6_000_000) / D(3_600_000) and ratio_text(row.ratio) == "1.667"
    assert r.before_after.basis.fiscal_year == 2025


def test_the_latest_complete_year_with_cloud_fees_is_after(engine: Engine, tmp_path: Path) -> None:
    # FY2024 complete with cloud fees, FY2025 two months: before/after reads FY2024 (actual), the
    # month view FY2025.
    led = TinyLedger(tmp_path)
    for m in [*fiscal_months(2024), *months("2025-04", 2)]:
        led.charge(A, m, 100_000)
    led.ingest(engine)
    r = engine.kpi()
    assert r.before_after.basis.fiscal_year == 2024 and not r.before_after.basis.annualised
    assert r.fiscal.fiscal_year == 2025
    asked = engine.kpi(fiscal_year=2025)
    assert asked.before_after.basis.fiscal_year == 2025 and asked.before_after.basis.months == 2


# --- cloud fees year on year -----------------------------------------------------------------
def test_cloud_fees_year_on_year_on_the_same_months(engine: Engine, tmp_path: Path) -> None:
    # FY2024: A 100,000 a month, B 200,000. FY2025 Apr–Jun: A 85,000, B 190,000.
    # Same months: A 255,000 ÷ 300,000 = 0.85 (≤ 0.9, met), B 570,000 ÷ 600,000 = 0.95 (missed).
    # Ratio of totals 825,000 ÷ 900,000 = 0.91666… (missed); mean of ratios (0.85 + 0.95) ÷ 2 = 0.9 (met).
    led = TinyLedger(tmp_path)
    for m in fiscal_months(2024):
        led.charge(A, m, 100_000)
        led.charge(B, m, 200_000)
    for m in months("2025-04", 3):
        led.charge(A, m, 85_000)
        led.charge(B, m, 190_000)
    led.ingest(engine)
    r = engine.kpi()
    yoy = r.cloud_yoy
    assert yoy.enough_data and [f"{m:%Y-%m}" for m in yoy.months] == ["2025-04", "2025-05", "2025-06"]
    assert {x.municipality_code: x.ratio for x in yoy.rows} == {A: D("0.85"), B: D("0.95")}
    assert yoy.group.ratio_of_totals == D(825_000) / D(900_000)
    assert yoy.group.mean_of_ratios == D("0.9")
    checks = {c.measure: c.status for c in r.targets if c.target.key == "cloud-yoy-10"}
    assert checks == {"ratio_of_totals": "missed", "mean_of_ratios": "met"}


def test_one_year_is_not_enough_data(full_year: Engine) -> None:
    r = full_year.kpi()
    assert not r.cloud_yoy.enough_data and r.cloud_yoy.rows == []
    assert {c.status for c in r.targets if c.target.key == "cloud-yoy-10"} == {"no_data"}


# --- per resident ----------------------------------------------------------------------------
def test_per_resident_cost_and_its_spread(full_year: Engine, tmp_path: Path) -> None:
    # Annual: A 12,000,000 / 1,000 residents = 12,000; B 6,000,000 / 3,000 = 2,000;
    # C 12,000,000 / 2,000 = 6,000. Min 2,000 (B), max 12,000 (A), median 6,000, mean 20,000 ÷ 3,
    # max ÷ min 6. Population variance ((16,000/3)² + (14,000/3)² + (2,000/3)²) ÷ 3 = 456,000,000 ÷ 27;
    # CV² = (456,000,000 ÷ 27) ÷ (20,000 ÷ 3)² = 0.38, so CV = √0.38 = 0.6164…
    pops = _populations(tmp_path, {A: 1000, B: 3000, C: 2000})
    pr = full_year.kpi(populations=pops).per_resident
    assert {x.municipality_code: x.per_resident_jpy for x in pr.rows} == {A: D(12000), B: D(2000), C: D(6000)}
    s = pr.spread
    assert s is not None
    assert (s.min_jpy, s.min_code, s.max_jpy, s.max_code) == (D(2000), B, D(12000), A)
    assert s.median_jpy == D(6000) and s.mean_jpy == D(20000) / 3 and s.max_over_min == D(6)
    assert s.coefficient_of_variation is not None
    assert abs(s.coefficient_of_variation**2 - D("0.38")) < D("1E-20")
    assert ratio_text(s.coefficient_of_variation) == "0.616"


def test_shipped_populations_and_a_missing_one(engine: Engine, tmp_path: Path) -> None:
    led = TinyLedger(tmp_path)
    led.line(A, "2025-04", 667_000)
    led.line("011002", "2025-04", 1_000)  # 札幌市: not shipped
    led.ingest(engine)
    pr = engine.kpi().per_resident
    # 667,000 × 12 = 8,004,000 a year over 千代田区's shipped 66,680 residents = 120.03…
    assert [x.municipality_code for x in pr.rows] == [A] and pr.missing_population == ["011002"]
    assert pr.rows[0].per_resident_jpy == D(8_004_000) / D(66_680)


# --- fiscal year: month view, forecast, budget -------------------------------------------------
def test_forecast_from_the_mean_of_the_months_so_far(engine: Engine, tmp_path: Path) -> None:
    # Apr–Jun: 100,000, 200,000, 300,000. Mean 200,000 for each of the 9 months left.
    # Year end: 600,000 + 9 × 200,000 = 2,400,000.
    led = TinyLedger(tmp_path)
    for m, yen in zip(months("2025-04", 3), (100_000, 200_000, 300_000), strict=True):
        led.line(A, m, yen)
    led.ingest(engine)
    fv = engine.kpi().fiscal
    assert fv.method == "mean_so_far" and fv.months_covered == 3
    total = fv.total
    assert [m.actual_jpy for m in total.months[:3]] == [D(100_000), D(200_000), D(300_000)]
    assert [m.actual_jpy for m in total.months[3:]] == [None] * 9
    assert [m.forecast_jpy for m in total.months[3:]] == [D(200_000)] * 9
    assert total.actual_jpy == D(600_000) and total.forecast_jpy == D(2_400_000)
    assert [m.month for m in total.months] == fiscal_year_months(2025)


def test_forecast_from_last_year_and_this_years_trend(engine: Engine, tmp_path: Path) -> None:
    # FY2024: 100,000 a month, March 2025 400,000 (the year-end peak). FY2025 Apr–Jun: 110,000 each.
    # Trend 330,000 ÷ 300,000 = 1.1: July–February 110,000, March 2026 400,000 × 1.1 = 440,000.
    # Year end 330,000 + 8 × 110,000 + 440,000 = 1,650,000.
    led = TinyLedger(tmp_path)
    for m in fiscal_months(2024):
        led.line(A, m, 400_000 if m == "2025-03" else 100_000)
    for m in months("2025-04", 3):
        led.line(A, m, 110_000)
    led.ingest(engine)
    fv = engine.kpi().fiscal
    assert fv.fiscal_year == 2025 and fv.method == "last_year_trend"
    series = fv.series[0]
    assert series.trend == D("1.1")
    assert [m.forecast_jpy for m in series.months[3:11]] == [D(110_000)] * 8
    assert series.months[11].forecast_jpy == D(440_000)
    assert series.forecast_jpy == D(1_650_000)


def test_budget_against_actual_and_forecast(engine: Engine, tmp_path: Path) -> None:
    # A in April: software 60,000 + cloud 40,000 = 100,000; May, June 100,000 of software.
    # Budget: April split by cost source (cloud 30,000, software 70,000: 100,000 in all), May and
    # June 90,000, July 120,000 (a month still to come: forecast = mean 100,000).
    led = TinyLedger(tmp_path)
    led.line(A, "2025-04", 60_000)
    led.charge(A, "2025-04", 40_000)
    led.line(A, "2025-05", 100_000)
    led.line(A, "2025-06", 100_000)
    led.ingest(engine)
    budget = write(
        tmp_path / "budget.csv",
        "municipality_code,fiscal_year,month,budget_jpy,cost_source\n"
        f"{A},2025,2025-04,30000,cloud\n"
        f"{A},2025,2025-04,70000,ソフトウェア借料\n"
        f"{A},2025,2025-05,90000,\n"
        f'{A},2025,2025/6,"90,000",\n'
        f"{A},2025,2025-07,120000,\n"
        f"{A},2024,2024-07,999999,\n",
    )
    fv = engine.kpi(budget=budget).fiscal
    apr, may, jun, jul = fv.total.months[:4]
    assert (apr.actual_jpy, apr.budget_jpy, apr.variance_jpy) == (D(100_000), D(100_000), D(0))
    assert (may.budget_jpy, may.variance_jpy) == (D(90_000), D(10_000))
    assert (jun.budget_jpy, jun.variance_jpy) == (D(90_000), D(10_000))
    # July: forecast (300,000 ÷ 3 = 100,000) against 120,000 → −20,000.
    assert (jul.actual_jpy, jul.forecast_jpy, jul.variance_jpy) == (None, D(100_000), D(-20_000))
    assert fv.total.budget_jpy == D(400_000)  # the FY2024 line is another year's
    checks = {(f"{c.month:%Y-%m}", c.cost_source): (c.actual_jpy, c.variance_jpy) for c in fv.budget_checks}
    assert checks[("2025-04", "cloud")] == (D(40_000), D(10_000))
    assert checks[("2025-04", "software")] == (D(60_000), D(-10_000))
    assert checks[("2025-07", None)] == (None, None)


@pytest.mark.parametrize(
    ("line", "key", "column"),
    [
        (f"{A},2025,2026-04,100,", "kpi.budget_month_outside_year", "month"),
        (f"{A},2025,2025-13,100,", "input.bad_month", "month"),
        (f"{A},2025,2025-04,-1,", "input.bad_value", "budget_jpy"),
        (f"{A},2025,2025-04,100,electricity", "input.bad_value", "cost_source"),
        (f"{A},2025,2025-04,100,cloud\n{A},2025,2025-04,5,cloud", "input.duplicate_key", "month"),
        ("131017,2025,2025-04,100,", "input.bad_municipality_code", "municipality_code"),
    ],
)
def test_bad_budget_lines_are_refused_with_where(tmp_path: Path, line: str, key: str, column: str) -> None:
    path = write(
        tmp_path / "b.csv", "municipality_code,fiscal_year,month,budget_jpy,cost_source\n" + line + "\n"
    )
    with pytest.raises(InputError) as err:
        load_budget(path)
    assert err.value.key == key and err.value.column == column and err.value.file == str(path)
    assert err.value.render("ja")  # every message renders


# --- anomalies -----------------------------------------------------------------------------
def _anomaly_ledger(tmp: Path) -> TinyLedger:
    """System S (A): Apr 100,000, May 103,000, Jun 98,000, Jul 101,000; August a large server
    (55,000) and a data transfer (5,000) on top of 100,000; Sep 100,000, Oct 88,000, Nov 99,000."""
    led = TinyLedger(tmp)
    base = dict(
        zip(
            months("2025-04", 8),
            (100_000, 103_000, 98_000, 101_000, 100_000, 100_000, 88_000, 99_000),
            strict=True,
        )
    )
    for m, yen in base.items():
        led.charge(A, m, yen, system="S")
    led.charge(A, "2025-08", 55_000, system="S", resource="i-forgotten")
    led.charge(A, "2025-08", 5_000, system="S", resource="transfer")
    return led


def test_the_jump_is_found_with_the_lines_that_caused_it(engine: Engine, tmp_path: Path) -> None:
    _anomaly_ledger(tmp_path).ingest(engine)
    anomalies = engine.kpi().anomalies
    assert [(a.system_id, f"{a.month:%Y-%m}") for a in anomalies] == [("S", "2025-08")]
    a = anomalies[0]
    # History Apr–Jul: 100, 103, 98, 101 (thousand yen): median (100 + 101) ÷ 2 = 100,500;
    # deviations 0.5, 2.5, 2.5, 0.5 → MAD 1,500. Usual range up to max(100,500 + 3 × 1,500 = 105,000,
    # 100,500 × 1.2 = 120,600) = 120,600. August: 160,000 above it.
    assert (a.cost_jpy, a.history_months, a.median_jpy, a.mad_jpy) == (D(160_000), 4, D(100_500), D(1_500))
    assert a.threshold_jpy == D(120_600) and a.rise_jpy == D(59_500)
    assert a.previous_month == dt.date(2025, 7, 1) and a.previous_jpy == D(101_000)
    assert a.municipality_codes == [A]
    # The lines that rose against July, largest first: the server (+55,000), the transfer (+5,000);
    # the base instance fell (101,000 → 100,000) and is not listed.
    assert [(c.key.resource_id, c.previous_jpy, c.current_jpy) for c in a.lines] == [
        ("i-forgotten", D(0), D(55_000)),
        ("transfer", D(0), D(5_000)),
    ]
    assert "i-forgotten" in (a.lines[0].key.charge_description or "")


def test_ordinary_months_are_not_flagged() -> None:
    rule = AnomalyRule()
    m = [dt.date(2025, mo, 1) for mo in range(4, 13)]
    # A 28-day month and the 31-day one after it: +12.5 % month on month, MAD 0 — under the 20 % rise.
    series = dict(zip(m, map(D, (100, 100, 100, 100, 100, 100, 88, 99, 100)), strict=True))
    for month in m:
        assert not judge(series, month, rule)[0]
    # Two months of history are not enough to judge, whatever the jump.
    assert not judge({m[0]: D(100), m[1]: D(100), m[2]: D(1000)}, m[2], rule)[0]
    # A volatile history needs a larger jump: median 100, MAD 30 → up to 190, not 120.
    volatile = dict(zip(m[:5], map(D, (70, 130, 100, 60, 140)), strict=True))
    assert judge({**volatile, m[5]: D(180)}, m[5], rule)[0] is False
    assert judge({**volatile, m[5]: D(191)}, m[5], rule)[0] is True
    # k is the user's: with k = 1 the same history flags 180 (100 + 1 × 30 = 130; 100 × 1.2 = 120).
    assert judge({**volatile, m[5]: D(180)}, m[5], AnomalyRule(k=D(1)))[0] is True


def test_a_seasonal_peak_that_was_there_last_year_is_not_flagged(engine: Engine, tmp_path: Path) -> None:
    # System T: 100,000 a month for two years, March 140,000 in FY2024 and 142,000 in FY2025.
    # March 2026: the last 12 months' median is 100,000 with MAD 0 (usual range to 120,000), but
    # March 2025 was 140,000 and 142,000 ≤ 140,000 × 1.2 = 168,000: seasonal, not an anomaly.
    # System U has the same March 2026 without last year's peak: flagged.
    led = TinyLedger(tmp_path)
    for m in [*fiscal_months(2024), *fiscal_months(2025)]:
        peak = {"2025-03": 140_000, "2026-03": 142_000}.get(m, 100_000)
        led.charge(A, m, peak, system="T", resource="i-t")
        led.charge(B, m, 142_000 if m == "2026-03" else 100_000, system="U", resource="i-u")
    led.ingest(engine)
    r = engine.kpi()
    assert r.fiscal.fiscal_year == 2025
    assert [(a.system_id, f"{a.month:%Y-%m}", a.last_year_jpy) for a in r.anomalies] == [
        ("U", "2026-03", D(100_000))
    ]


def test_k_comes_from_the_caller(engine: Engine, tmp_path: Path) -> None:
    _anomaly_ledger(tmp_path).ingest(engine)
    # k = 50: 100,500 + 50 × 1,500 = 175,500 > 160,000: nothing flagged.
    assert engine.kpi(rule=AnomalyRule(k=D(50))).anomalies == []


# --- refusals --------------------------------------------------------------------------------
def test_refusals(engine: Engine, full_year: Engine) -> None:
    with pytest.raises(UsageError) as err:
        full_year.kpi(fiscal_year=2019)
    assert err.value.key == "kpi.no_costs_in_year" and "2025" in err.value.render("ja")
    with pytest.raises(UsageError) as err:
        full_year.kpi(municipality="131024")
    assert err.value.key == "kpi.no_costs_for"
    with pytest.raises(InputError):
        full_year.kpi(municipality="131017")


def test_an_empty_ledger_says_so(tmp_path: Path) -> None:
    with Engine(tmp_path / "empty") as eng, pytest.raises(UsageError) as err:
        eng.kpi()
    assert err.value.key == "kpi.no_costs"
