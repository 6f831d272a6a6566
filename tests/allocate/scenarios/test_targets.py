"""Where a scenario leaves each municipality against the seeds' targets: after ÷ before against the
baseline (annualised), cloud fees against the same months a year before, joint ÷ single; totals as
the ratio of totals and the mean of ratios; "baseline not given" without one."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from govcost.allocate.scenario_report import to_dict
from govcost.engine import Engine
from tests.allocate.scenarios.tiny import Line, Row, ledger, run

BASELINE = (
    "municipality_code,fiscal_year,operating_cost_jpy,note\n131016,2018,100000,H30\n131024,2018,600000,H30\n"
)


def test_against_the_baseline_and_last_year(
    engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]
) -> None:
    ledger(
        engine,
        tmp_path,
        write_rates,
        rows=[
            Row("i-1", "100", month="2024-05"),  # a year before: 15,000
            Row("i-1", "100", month="2025-04"),  # 15,000
            Row("i-1", "100", month="2025-05"),  # 15,000
        ],
        lines=[
            Line("131016", "JUKI-131016", "接続回線", "10000", month="2025-04"),
            Line("131016", "JUKI-131016", "接続回線", "10000", month="2025-05"),
            Line("131024", "JUKI-131024", "接続回線", "50000", month="2025-04"),
            Line("131024", "JUKI-131024", "接続回線", "50000", month="2025-05"),
        ],
    )
    (tmp_path / "baseline.csv").write_text(BASELINE, encoding="utf-8")
    result = run(
        engine,
        tmp_path,
        """
        period: 2025
        baseline: baseline.csv
        steps:
          - {kind: fx, rate: 120}
        """,
    )
    # FY2025 has two months with costs (April, May): a year's worth is × 12 ÷ 2 = × 6.
    # 131016: now 30,000 + 20,000 = 50,000 → 300,000 a year ÷ 100,000 = 3.0;
    #   fx 120: 200 USD × 120 = 24,000 (−6,000) → 44,000 → 264,000 ÷ 100,000 = 2.64.
    # 131024: 100,000 → 600,000 ÷ 600,000 = 1.0 → meets the wards' KGI (≤ 1.5), not the national (≤ 0.7).
    rows = {r.code: r for r in result.rows}
    kgi = rows["131016"].targets["wards-1.5x"]
    assert (kgi.yardstick, kgi.now, kgi.after) == (100_000, 300_000, 264_000)
    assert (kgi.ratio_now, kgi.ratio_after) == (3, Decimal("2.64"))
    assert kgi.meets_after() is False
    assert rows["131024"].targets["wards-1.5x"].meets_after() is True
    assert rows["131024"].targets["national-30"].meets_after() is False
    # Cloud fees: April–May 2025 against April–May 2024 (15,000):
    #   now 30,000 ÷ 15,000 = 2.0; under the scenario 24,000 ÷ 15,000 = 1.6.
    cloud = rows["131016"].targets["cloud-yoy-10"]
    assert (cloud.yardstick, cloud.now, cloud.after) == (15_000, 30_000, 24_000)
    assert cloud.ratio_after == Decimal("1.6")
    # Totals: ratio of totals (264,000 + 600,000) ÷ 700,000 = 1.2343 (scenario);
    # mean of ratios (2.64 + 1.0) ÷ 2 = 1.82 — labelled apart.
    summary = {s["target"]: s for s in to_dict(result)["targets"]}["wards-1.5x"]
    assert summary["ratio_of_totals_scenario"] == "1.2343"
    assert summary["mean_of_ratios_scenario"] == "1.8200"
    assert summary["ratio_of_totals_now"] == "1.2857"  # 900,000 ÷ 700,000
    assert summary["met_now"] == 1 and summary["met_scenario"] == 1
    # The month a year before is in the ledger but outside the period: not in the cost now.
    assert rows["131016"].now_yen == 50_000


def test_without_a_baseline_it_says_so(
    engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]
) -> None:
    ledger(engine, tmp_path, write_rates, rows=[Row("i-1", "100")])
    data = to_dict(run(engine, tmp_path, "steps:\n  - {kind: fx, rate: 120}\n"))
    assert data["baseline"] is None and data["baseline_note"]
    targets = data["municipalities"][0]["targets"]
    assert targets["wards-1.5x"]["ratio_scenario"] is None and targets["wards-1.5x"]["note"]
    assert [s["target"] for s in data["targets"]] == []
