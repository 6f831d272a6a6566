"""`govcost kpi` end to end: the table names both group figures, the JSON carries exact figures
(yen as integers, ratios as decimal strings), the XLSX has its sheets and target lines, errors are
clear."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from govcost.cli import app
from govcost.engine import Engine
from govcost.errors import GovcostError
from tests.allocate.kpi_ledgers import A, B, TinyLedger, fiscal_months, months, write

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """FY2025: A ¥1,000,000 a month, B ¥500,000 (software); A's system S cloud 100,000 a month with
    a jump to 160,000 in August; baseline A 6,000,000 (× 2.0 + cloud), B 1,500,000 (× 4.0)."""
    led = TinyLedger(tmp_path)
    for m in fiscal_months(2025):
        led.line(A, m, 1_000_000)
        led.line(B, m, 500_000)
    for m in months("2025-04", 8):
        led.charge(A, m, 100_000, system="S")
    led.charge(A, "2025-08", 60_000, system="S", resource="i-forgotten")
    with Engine(tmp_path / "ledger") as eng:
        led.ingest(eng)
    write(
        tmp_path / "baseline.csv",
        f"municipality_code,fiscal_year,operating_cost_jpy\n{A},2018,6000000\n{B},2018,1500000\n",
    )
    write(
        tmp_path / "budget.csv", f"municipality_code,fiscal_year,month,budget_jpy\n{A},2025,2025-08,1000000\n"
    )
    return tmp_path


def _args(tmp: Path, *args: str) -> list[str]:
    return ["--ledger", str(tmp / "ledger"), "kpi", "--baseline", str(tmp / "baseline.csv"), *args]


def test_json_carries_exact_figures(ledger: Path) -> None:
    out = runner.invoke(app, _args(ledger, "--budget", str(ledger / "budget.csv"), "--format", "json"))
    assert out.exit_code == 0, (out.output, out.exception)
    data = json.loads(out.stdout)
    ba = data["before_after"]
    # A: 12,000,000 + 8 × 100,000 + 60,000 = 12,860,000 ÷ 6,000,000 = 2.14333…; B: 6,000,000 ÷ 1,500,000 = 4.
    rows = {r["municipality_code"]: r for r in ba["municipalities"]}
    assert rows[A]["after_jpy"] == 12_860_000 and rows[A]["ratio"] == "2.143"
    assert rows[B]["before_jpy"] == 1_500_000 and rows[B]["ratio"] == "4.000"
    # Ratio of totals 18,860,000 ÷ 7,500,000 = 2.51466…; mean of ratios (2.14333… + 4) ÷ 2 = 3.07166…
    assert ba["group"]["ratio_of_totals"] == "2.515" and ba["group"]["mean_of_ratios"] == "3.072"
    targets = {(x["target"], x["measure"]): x for x in data["targets"]}
    assert targets[("wards-1.5x", "mean_of_ratios")]["value"] == "3.072"
    assert targets[("wards-1.5x", "mean_of_ratios")]["status"] == "missed"
    assert targets[("joint-20", None)]["status"] == "scenario"
    (anomaly,) = data["anomalies"]["items"]
    assert (anomaly["system_id"], anomaly["month"], anomaly["cost_jpy"]) == ("S", "2025-08", 160_000)
    assert (
        anomaly["lines"][0]["resource_id"] == "i-forgotten" and anomaly["lines"][0]["increase_jpy"] == 60_000
    )
    aug = data["fiscal_year"]["total"]["months"][4]
    assert (aug["label"], aug["actual_jpy"], aug["budget_jpy"], aug["variance_jpy"]) == (
        "令和7年8月",
        1_660_000,
        1_000_000,
        660_000,
    )
    assert data["cloud_yoy"]["enough_data"] is False


def test_table_names_both_group_figures(ledger: Path) -> None:
    out = runner.invoke(app, _args(ledger))
    assert out.exit_code == 0, (out.output, out.exception)
    text = out.stdout
    assert "合計の比 2.515 倍" in text and "団体別倍率の平均 3.072 倍" in text
    assert "令和7年度 実績(12か月)" in text and "令和8年3月" in text
    assert "S(131016 千代田区) 2025-08: 160,000 円" in text and "i-forgotten" in text
    english = runner.invoke(app, ["--lang", "en", *_args(ledger)])
    assert "ratio of totals 2.515" in english.stdout and "mean of ratios 3.072" in english.stdout


def test_xlsx_has_its_sheets_and_target_lines(ledger: Path) -> None:
    path = ledger / "kpi.xlsx"
    out = runner.invoke(
        app, _args(ledger, "--budget", str(ledger / "budget.csv"), "--format", "xlsx", "--out", str(path))
    )
    assert out.exit_code == 0, (out.output, out.exception)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "概要",
        "移行前後",
        "クラウド前年度比",
        "一人当たり",
        "年度月別",
        "団体別月別",
        "予算対比",
        "異常",
        "異常の明細",
    ]
    cells = {
        str(ws.cell(r, 2).value): ws.cell(r, 7).value
        for ws in [wb["移行前後"]]
        for r in range(1, ws.max_row + 1)
        if ws.cell(r, 2).value
    }
    assert cells["合計の比"] == pytest.approx(2.515) and cells["団体別倍率の平均"] == pytest.approx(3.072)
    assert any(k.startswith("目標線") and v == pytest.approx(1.5) for k, v in cells.items())
    ba = wb["移行前後"]
    assert [ba.cell(4, c).value for c in (1, 3, 6)] == [A, 6_000_000, 12_860_000]
    months_sheet = wb["年度月別"]
    assert months_sheet.cell(9, 2).value == "令和7年8月" and months_sheet.cell(9, 3).value == 1_660_000
    assert wb["異常の明細"].cell(2, 9).value == 60_000


def test_errors(ledger: Path) -> None:
    for args in (
        ("--format", "xlsx"),
        ("--anomaly-k", "zero"),
        ("--anomaly-k", "-1"),
        ("--fiscal-year", "2020"),
    ):
        out = runner.invoke(app, _args(ledger, *args))
        assert out.exit_code != 0 and isinstance(out.exception, GovcostError), (args, out.exception)


def test_demo_prints_before_after_against_the_targets(tmp_path: Path) -> None:
    args = ["--ledger", str(tmp_path / "l"), "demo", "--municipalities", "5", "--months", "5", "--no-serve"]
    out = runner.invoke(app, [*args, "--out", str(tmp_path / "d")])
    assert out.exit_code == 0, (out.output, out.exception)
    text = out.stdout
    assert "移行前後の運用経費(移行前: 平成30年度、移行後: 令和7年度 5か月の実績を年換算(× 12 ÷ 5))" in text
    assert "5 団体: 合計の比" in text and "団体別倍率の平均" in text
    assert "特別区KGI" in text and "未達" in text
    assert "費用の異常な増加 1 件: JUKI-131059 2025-07" in text
