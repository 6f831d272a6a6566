"""`govcost scenario FILE.yaml`: table, JSON and XLSX, --municipality, --list-kinds, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from govcost.cli import app
from govcost.engine import Engine
from govcost.errors import UsageError
from tests.allocate.scenarios.tiny import Line, Row, ledger, scenario_file

runner = CliRunner(env={"COLUMNS": "200"})
TEXT = """
name: テスト
steps:
  - {kind: discount, rate: 0.1}
  - kind: joint-procurement
    curve: {steps: [{from: 2, discount: 0.2}]}
"""


@pytest.fixture
def setup(engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]) -> tuple[Path, Path]:
    ledger(
        engine,
        tmp_path,
        write_rates,
        rows=[Row("i-1", "100"), Row("i-2", "30", municipality="131024", system="JUKI-131024")],
        lines=[
            Line("131016", "JUKI-131016", "接続回線", "100000"),
            Line("131024", "JUKI-131024", "接続回線", "50000"),
        ],
    )
    path = engine.ledger.path
    engine.close()
    return path, scenario_file(tmp_path, TEXT)


def _run(ledger_dir: Path, *args: str) -> str:
    result = runner.invoke(app, ["--ledger", str(ledger_dir), "scenario", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_table_json_and_xlsx(setup: tuple[Path, Path], tmp_path: Path) -> None:
    ledger_dir, path = setup
    table = _run(ledger_dir, str(path))
    # 131016: −1,500 (discount) − 20,000 (network) = −21,500; 131024: −450 − 10,000 = −10,450.
    assert "テスト" in table and "-21,500" in table and "-10,450" in table and "-31,950" in table
    data = json.loads(_run(ledger_dir, str(path), "--format", "json"))
    assert data["total"]["difference_jpy"] == -31_950
    assert [s["kind"] for s in data["steps"]] == ["discount", "joint-procurement"]
    out = tmp_path / "s.xlsx"
    _run(ledger_dir, str(path), "--format", "xlsx", "--out", str(out))
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == 4
    only = json.loads(_run(ledger_dir, str(path), "--format", "json", "--municipality", "131024"))
    assert [r["municipality_code"] for r in only["municipalities"]] == ["131024"]
    assert only["total"]["difference_jpy"] == -10_450


def test_kinds_and_errors(setup: tuple[Path, Path]) -> None:
    ledger_dir, path = setup
    kinds = _run(ledger_dir, "--list-kinds")
    assert all(k in kinds for k in ("discount", "joint-procurement", "consolidation", "fx", "optimisation"))
    xlsx = runner.invoke(app, ["--ledger", str(ledger_dir), "scenario", str(path), "--format", "xlsx"])
    assert isinstance(xlsx.exception, UsageError)
    other = runner.invoke(
        app, ["--ledger", str(ledger_dir), "scenario", str(path), "--municipality", "131032"]
    )
    assert isinstance(other.exception, UsageError) and "131032" in other.exception.render("en")
