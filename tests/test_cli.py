"""The command line, end to end: ingest, summary in every format, the import log, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
from conftest import DATA
from typer.testing import CliRunner

from govcost.cli import app, main

runner = CliRunner(env={"COLUMNS": "250"})


def _ingest(ledger: Path, *args: str) -> str:
    result = runner.invoke(app, ["--ledger", str(ledger), "ingest", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_ingest_prints_the_reconciliation(tmp_path: Path, write_rates: Callable[..., Path]) -> None:
    fx = write_rates({("2025-04", "USD"): "150"})
    out = _ingest(
        tmp_path / "l",
        str(DATA / "focus_small_tagged.csv"),
        str(DATA / "cost_lines_small.csv"),
        "--fx",
        str(fx),
        "--accounts",
        str(DATA / "accounts_small.csv"),
    )
    assert "4.6866" in out  # 2.976 + 1.488 + 0.30 + 0.125 - 0.5 + 0.2976, source and ledger
    assert "3376000.5" in out
    assert "一致" in out and "未割当" in out


def test_summary_formats_agree(tmp_path: Path, write_rates: Callable[..., Path]) -> None:
    ledger = tmp_path / "l"
    _ingest(ledger, str(DATA / "cost_lines_small.csv"))
    base = ["--ledger", str(ledger), "summary", "--by", "municipality", "--by", "cost_source"]
    as_json = json.loads(runner.invoke(app, [*base, "--format", "json"]).output)
    chiyoda = [r for r in as_json if r["団体"] == "131016"]
    assert {r["費用区分"]: r["金額(円)"] for r in chiyoda} == {
        "ソフトウェア借料": 2500000,
        "運用作業": 480000,
    }
    assert sum(r["金額(円)"] for r in as_json) == 1250000 * 2 + 480000 + 275000 + 88000 + 33001
    csv_out = runner.invoke(app, [*base, "--format", "csv"]).output
    assert csv_out.splitlines()[0] == "団体,団体名,費用区分,行数,金額(円)"
    assert "132012,八王子市,機器借料,1,33001" in csv_out
    xlsx = tmp_path / "s.xlsx"
    assert runner.invoke(app, [*base, "--format", "xlsx", "--out", str(xlsx)]).exit_code == 0
    ws = openpyxl.load_workbook(xlsx).active
    assert ws is not None
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[-1][0] == "合計" and values[-1][-1] == 3376001
    table = runner.invoke(app, [*base]).output
    assert "3,376,001" in table


def test_fiscal_year_and_month_axes(tmp_path: Path) -> None:
    ledger = tmp_path / "l"
    _ingest(ledger, str(DATA / "cost_lines_small.csv"))
    out = runner.invoke(
        app, ["--ledger", str(ledger), "summary", "--by", "fiscal_year", "--by", "month", "--format", "json"]
    ).output
    rows = json.loads(out)
    assert {(r["年度"], r["年月"]): r["金額(円)"] for r in rows} == {
        ("令和7年度", "2025-04"): 1250000 + 480000 + 275000 + 88000,
        ("令和7年度", "2025-05"): 1250000 + 33001,
    }


def test_english_labels(tmp_path: Path) -> None:
    ledger = tmp_path / "l"
    _ingest(ledger, str(DATA / "cost_lines_small.csv"))
    out = runner.invoke(
        app, ["--lang", "en", "--ledger", str(ledger), "summary", "--by", "cost_source", "--format", "csv"]
    ).output
    assert out.splitlines()[0] == "cost source,rows,cost (JPY)"


def test_imports_lists_the_log(tmp_path: Path) -> None:
    ledger = tmp_path / "l"
    _ingest(ledger, str(DATA / "cost_lines_small.csv"))
    out = runner.invoke(app, ["--ledger", str(ledger), "imports"], terminal_width=200).output
    assert "cost_lines_small.csv" in out and "cost-lines" in out


def test_errors_are_reported_once_in_japanese(tmp_path: Path, monkeypatch: object, capsys: object) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "団体コード,システムID,業務,費目,年月,金額(円)\n131017,S,戸籍,運用作業,2025-04,1\n", encoding="utf-8"
    )
    import sys

    argv = ["govcost", "--ledger", str(tmp_path / "l"), "ingest", str(bad)]
    old = sys.argv
    sys.argv = argv
    try:
        try:
            main()
        except SystemExit as exc:
            assert exc.code == 2
        else:
            raise AssertionError("an error must exit with status 2")
    finally:
        sys.argv = old
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "bad.csv" in err and "2 行目" in err and "団体コード" in err and "Traceback" not in err


def test_summary_of_an_empty_ledger(tmp_path: Path) -> None:
    out = runner.invoke(app, ["--ledger", str(tmp_path / "l"), "summary", "--format", "json"]).output
    assert json.loads(out) == [{"行数": 0, "金額(円)": 0}]
    assert Decimal(0) == 0
