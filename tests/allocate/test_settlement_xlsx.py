"""The settlement statements (按分明細書): one sheet per municipality with its own share line by line
and every member's keys, the other members' shares only as a total; the summary; the comparison."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from govcost.allocate.allocate import allocate
from govcost.allocate.report import municipality_totals
from govcost.engine import Engine
from govcost.reports.allocation_xlsx import write_allocation_xlsx
from tests.allocate.alloc_ledgers import A, B, C, cost_lines, ingest, rules

BODY = f"""\
rules:
  - id: koseki
    name: D社 戸籍 共同利用
    system_id: KOSEKI-K01
    select: {{system_id: KOSEKI-K01}}
    members: ["{A}", "{B}", "{C}"]
    method: population
    users: {{"{A}": 1, "{B}": 1, "{C}": 2}}
"""
CREATED = dt.datetime(2026, 4, 1, 9, 0)


@pytest.fixture
def ledger(engine: Engine, tmp_path: Path) -> Engine:
    # April ¥1,000,000 and May ¥600,000, registered to the lead 131016, shared by population
    # 100 / 200 / 300: April 166,667 / 333,333 / 500,000 (the yen left to 0.67), May 100,000 /
    # 200,000 / 300,000.
    ingest(
        engine,
        cost_lines(
            tmp_path / "lines.csv",
            [
                (A, "KOSEKI-K01", "operations_assistant", "2025-04", "1000000"),
                (A, "KOSEKI-K01", "operations_assistant", "2025-05", "600000"),
            ],
        ),
    )
    return engine


def _values(ws: object) -> list[tuple[object, ...]]:
    return list(ws.iter_rows(values_only=True))  # type: ignore[attr-defined]


def _write(engine: Engine, tmp_path: Path, municipality: str | None = None) -> openpyxl.Workbook:
    result = allocate(engine, rules(tmp_path / "allocation.yaml", BODY), municipality=municipality)
    out = tmp_path / "statements.xlsx"
    write_allocation_xlsx(out, result, totals=municipality_totals(engine, result), created=CREATED)
    return openpyxl.load_workbook(out)


def test_one_sheet_per_municipality_and_the_summary(ledger: Engine, tmp_path: Path) -> None:
    wb = _write(ledger, tmp_path)
    assert wb.sheetnames == ["概要", f"{A} 千代田区", f"{B} 中央区", f"{C} 港区", "按分方式の比較"]
    rows = _values(wb["概要"])
    rule_row = next(r for r in rows if r[0] == "koseki")
    assert rule_row[1:8] == (
        "KOSEKI-K01",
        "D社 戸籍 共同利用",
        "人口割",
        "system_id=KOSEKI-K01",
        3,
        2,
        1_600_000,
    )
    # Per municipality: what it pays; its cost as registered (the lead holds all 1,600,000) and
    # once allocated; the difference.
    by_code = {r[0]: r[2:6] for r in rows if r[0] in (A, B, C)}
    assert by_code[A] == (266_667, 1_600_000, 266_667, 266_667 - 1_600_000)
    assert by_code[B] == (533_333, 0, 533_333, 533_333)
    assert by_code[C] == (800_000, 0, 800_000, 800_000)


def test_a_statement_shows_its_own_share_every_key_and_the_others_as_a_total(
    ledger: Engine, tmp_path: Path
) -> None:
    wb = _write(ledger, tmp_path)
    rows = _values(wb[f"{B} 中央区"])
    cells = [c for r in rows for c in r if c is not None]
    assert rows[0][0] == f"按分明細書 {B} 中央区"
    # Every member's key (populations 100 / 200 / 300), in the members' table …
    members = {r[0]: r[3] for r in rows if r[0] in (A, B, C)}
    assert members == {A: 100, B: 200, C: 300}
    assert next(r for r in rows if r[0] == B)[2] == "自団体"
    # … and month by month beside its own ratio, share and the others' total.
    months = {r[0]: r for r in rows if r[0] in ("2025-04", "2025-05")}
    assert months["2025-04"][1:8] == (1_000_000, 100, 200, 300, "33.3333 %", 333_333, 666_667)
    assert months["2025-05"][1:8] == (600_000, 100, 200, 300, "33.3333 %", 200_000, 400_000)
    total = next(r for r in rows if r[0] == "合計" and r[1] == 1_600_000)
    assert (total[6], total[7]) == (533_333, 1_066_667)
    assert "200 ÷ 600 = 33.3333 %" in cells
    # The other members' own shares appear nowhere on its sheet.
    for other in (166_667, 500_000, 100_000, 300_000, 266_667, 800_000):
        assert other not in cells
    # The lead's sheet: its share and the others' total; the yen left over in April went to it.
    lead = {r[0]: r for r in _values(wb[f"{A} 千代田区"]) if r[0] in ("2025-04", "2025-05")}
    assert (lead["2025-04"][6], lead["2025-04"][7]) == (166_667, 833_333)


def test_the_comparison_sheet(ledger: Engine, tmp_path: Path) -> None:
    wb = _write(ledger, tmp_path)
    rows = _values(wb["按分方式の比較"])
    header = rows[3]
    assert header[:6] == ("ルール", "システム", "団体", "団体名", "現行の按分方式", "現行方式(円)")
    col = {h: i for i, h in enumerate(header)}
    a = next(r for r in rows if r[2] == A)
    # 131016 by population pays 266,667; equally 333,334 + 200,000 = 533,334 (+266,667); by users
    # 1 / 1 / 2: 250,000 + 150,000 = 400,000 (+133,333).
    assert a[col["現行方式(円)"]] == 266_667
    assert (a[col["均等割(円)"]], a[col["均等割 との差(円)"]]) == (533_334, 266_667)
    assert (a[col["利用者数割(円)"]], a[col["利用者数割 との差(円)"]]) == (400_000, 133_333)
    assert a[col["人口割 との差(円)"]] == 0


def test_one_municipality_gets_its_statement_only(ledger: Engine, tmp_path: Path) -> None:
    wb = _write(ledger, tmp_path, municipality=C)
    assert wb.sheetnames == ["概要", f"{C} 港区", "按分方式の比較"]
    compared = [r for r in _values(wb["按分方式の比較"])[4:] if r[0]]
    assert [r[2] for r in compared] == [C]
    summary = [r for r in _values(wb["概要"]) if r[0] in (A, B, C)]
    assert [r[0] for r in summary] == [C]
