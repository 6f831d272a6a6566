"""`govcost allocate` end to end: the table, JSON and XLSX, one municipality, one month, the
comparison, and its errors reported once, in Japanese, naming the file and the key."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from govcost.cli import app, main
from govcost.engine import Engine
from tests.allocate.alloc_ledgers import A, B, C, cost_lines, ingest, rules

runner = CliRunner(env={"COLUMNS": "200"})
BODY = f"""\
rules:
  - id: koseki
    select: {{system_id: KOSEKI-K01}}
    members: ["{A}", "{B}", "{C}"]
    method: fixed_variable
    fixed_percent: 30
    fixed: equal
    variable: population
    users: {{"{A}": 1, "{B}": 1, "{C}": 2}}
"""


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    """A ledger with April ¥1,000,000 and May ¥600,000 of KOSEKI-K01, and the rules file.

    30 % equal + 70 % by population 100 / 200 / 300: ratios 0.21667 / 0.33333 / 0.45, so April
    216,667 / 333,333 / 450,000 and May 130,000 / 200,000 / 270,000.
    """
    ledger = tmp_path / "ledger"
    with Engine(ledger) as eng:
        ingest(
            eng,
            cost_lines(
                tmp_path / "lines.csv",
                [
                    (A, "KOSEKI-K01", "operations_assistant", "2025-04", "1000000"),
                    (A, "KOSEKI-K01", "operations_assistant", "2025-05", "600000"),
                ],
            ),
        )
    return ledger, rules(tmp_path / "allocation.yaml", BODY)


def _run(ledger: Path, *args: str) -> str:
    result = runner.invoke(app, ["--ledger", str(ledger), "allocate", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_table(setup: tuple[Path, Path]) -> None:
    ledger, path = setup
    out = _run(ledger, "--rules", str(path))
    assert "koseki" in out and "固定 30%: 均等割 + 変動 70%: 人口割" in out and "1,600,000" in out
    # 131016 pays 216,667 + 130,000 = 346,667; 131032 450,000 + 270,000 = 720,000.
    assert "346,667" in out and "720,000" in out and "533,333" in out
    # As registered, the lead holds 1,600,000; once allocated, its 346,667: 1,253,333 less.
    assert "-1,253,333" in out


def test_compare_month_and_municipality(setup: tuple[Path, Path]) -> None:
    ledger, path = setup
    out = _run(ledger, "--rules", str(path), "--compare", "--month", "2025-04", "--municipality", A)
    # April only, 131016's line and the others' total (1,000,000 − 216,667 = 783,333).
    assert "216,667" in out and "783,333" in out and "450,000" not in out
    # Under equal shares it would pay 333,334 (+116,667); by users 1 / 1 / 2, 250,000 (+33,333).
    assert "333,334" in out and "+116,667" in out and "+33,333" in out


def test_json(setup: tuple[Path, Path]) -> None:
    ledger, path = setup
    data = json.loads(_run(ledger, "--rules", str(path), "--format", "json"))
    assert data["months"] == ["2025-04", "2025-05"]
    assert [r["total_yen"] for r in data["rule_months"]] == [1_000_000, 600_000]
    april = {s["municipality_code"]: s for s in data["shares"] if s["month"] == "2025-04"}
    assert {c: s["share_jpy"] for c, s in april.items()} == {A: 216_667, B: 333_333, C: 450_000}
    assert april[C]["ratio"] == "0.45" and april[C]["exact_share_jpy"] == "450000"
    assert [k["basis"] for k in april[A]["keys"]] == ["equal", "population"]
    cmp = {(e["municipality_code"]): e for e in data["comparison"]}
    assert cmp[C]["by_method"]["equal"] == 333_333 + 200_000
    assert {m["municipality_code"]: m["difference_jpy"] for m in data["municipalities"]}[
        A
    ] == 346_667 - 1_600_000
    # One municipality: its shares only, the others as a total, every member's keys.
    one = json.loads(_run(ledger, "--rules", str(path), "--format", "json", "--municipality", B))
    assert {s["municipality_code"] for s in one["shares"]} == {B}
    assert one["rule_months"][0]["others_share_jpy"] == 1_000_000 - 333_333
    assert set(one["rule_months"][0]["keys"]) == {A, B, C}


def test_xlsx_and_json_to_a_file(setup: tuple[Path, Path], tmp_path: Path) -> None:
    ledger, path = setup
    out = tmp_path / "statements.xlsx"
    assert "statements.xlsx" in _run(ledger, "--rules", str(path), "--format", "xlsx", "--out", str(out))
    assert openpyxl.load_workbook(out).sheetnames[1] == f"{A} 千代田区"
    written = tmp_path / "a.json"
    _run(ledger, "--rules", str(path), "--format", "json", "--out", str(written))
    assert json.loads(written.read_text(encoding="utf-8"))["rules"][0]["total_yen"] == 1_600_000


def test_the_default_rules_file(setup: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    ledger, path = setup
    monkeypatch.chdir(path.parent)
    assert "1,600,000" in _run(ledger)


def _error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    old = sys.argv
    sys.argv = ["govcost", *argv]
    try:
        with pytest.raises(SystemExit) as caught:
            main()
        assert caught.value.code == 2
    finally:
        sys.argv = old
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_errors(
    setup: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ledger, path = setup
    monkeypatch.chdir(tmp_path / "ledger")
    base = ["--ledger", str(ledger), "allocate"]
    assert "--rules" in _error(base, capsys)
    assert "YYYY-MM" in _error([*base, "--rules", str(path), "--month", "2025-13"], capsys)
    assert "--out" in _error([*base, "--rules", str(path), "--format", "xlsx"], capsys)
    assert "131017" in _error([*base, "--rules", str(path), "--municipality", "131017"], capsys)
    bad = rules(tmp_path / "bad.yaml", BODY.replace("fixed_variable", "by_headcount"))
    err = _error([*base, "--rules", str(bad)], capsys)
    assert "bad.yaml" in err and "rules[0].method" in err and "by_headcount" in err
