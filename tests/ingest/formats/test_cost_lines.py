"""Cost lines (software, operations, assistant, network, equipment) from the Japanese template."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter
from conftest import DATA, ledger_state

from govcost.engine import Engine
from govcost.errors import InputError
from govcost.ingest.formats.cost_lines import parse_month

SMALL = DATA / "cost_lines_small.csv"
HEADER = "団体コード,システムID,業務,環境,費目,年月,金額(円),事業者,摘要,利用形態"


def _by(engine: Engine, *keys: str) -> dict[tuple[str, ...], Decimal]:
    costs = engine.costs()
    rows = costs.group_by(*keys).aggregate(s=costs.billed_cost_jpy.sum()).to_pyarrow().to_pylist()
    return {tuple(r[k] for k in keys): r["s"] for r in rows}


def test_template_csv_is_imported_exactly(engine: Engine) -> None:
    report = engine.ingest([SMALL])[0]
    assert report.rows_read == report.rows_stored == 6
    # 1,250,000 + 480,000 + 1,250,000 + 275,000 + 88,000 + 33,000.5, added by hand.
    assert [(t.currency, t.source, t.ledger) for t in report.totals] == [
        ("JPY", Decimal("3376000.5"), Decimal("3376000.5"))
    ]
    assert _by(engine, "municipality_code", "cost_source") == {
        ("131016", "software"): Decimal("2500000"),
        ("131016", "operations"): Decimal("480000"),
        ("131130", "operations_assistant"): Decimal("275000"),
        ("131130", "network"): Decimal("88000"),
        ("132012", "equipment"): Decimal("33000.5"),
    }
    costs = engine.costs()
    assert set(costs.assignment.to_pyarrow().to_pylist()) == {"file"}
    months = _by(engine, "BillingPeriodStart")
    assert sorted(str(k[0])[:7] for k in months) == ["2025-04", "2025-05"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_encodings(engine: Engine, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"lines-{encoding}.csv"
    path.write_bytes(SMALL.read_text(encoding="utf-8").encode(encoding))
    report = engine.ingest([path])[0]
    assert report.totals[0].ledger == Decimal("3376000.5")
    assert _by(engine, "business")[("住民基本台帳",)] == Decimal("2980000")


def test_xlsx(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "lines.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("費用明細")
    ws.write_row(0, 0, HEADER.split(","))
    ws.write_row(1, 0, ["131016", "SYS-1", "戸籍", "本番", "ソフトウェア借料", "2025-04", 1234567])
    ws.write_row(2, 0, [131024, "SYS-1", "戸籍", "検証", "運用作業", "令和7年6月", 89012])
    wb.close()
    report = engine.ingest([path])[0]
    assert report.totals[0].ledger == Decimal(1234567 + 89012)
    assert _by(engine, "municipality_code") == {("131016",): Decimal(1234567), ("131024",): Decimal(89012)}


def test_newer_file_replaces_the_same_keys(engine: Engine, tmp_path: Path) -> None:
    engine.ingest([SMALL])
    newer = tmp_path / "correction.csv"
    newer.write_text(
        HEADER + "\n131016,SYS-JUKI-01,住民基本台帳,本番,ソフトウェア借料,2025-04,1300000,A社,改定,単独\n",
        encoding="utf-8",
    )
    report = engine.ingest([newer])[0]
    assert report.status == "replaced"
    assert _by(engine, "municipality_code", "cost_source")[("131016", "software")] == Decimal("2550000")


@pytest.mark.parametrize(
    ("line", "row", "column", "key"),
    [
        ("131017,S,戸籍,本番,運用作業,2025-04,1000,,,", 3, "団体コード", "input.bad_municipality_code"),
        ("131016,S,戸籍,本番,運用作業,2025-04,千円,,,", 3, "金額(円)", "input.bad_decimal"),
        ("131016,S,戸籍,本番,運用作業,2025-13,1000,,,", 3, "年月", "input.bad_month"),
        ("131016,S,戸籍,本番,保守料,2025-04,1000,,,", 3, "費目", "input.bad_value"),
        ("131016,S,住民票,本番,運用作業,2025-04,1000,,,", 3, "業務", "input.bad_value"),
        ("131016,S,戸籍,本番,運用作業,2025-04,1000,,,", 3, "年月", "input.duplicate_key"),
        ("131016,S,戸籍,本番,運用作業,2025-04,1000", 3, None, "input.truncated"),
    ],
)
def test_broken_lines(
    engine: Engine, tmp_path: Path, line: str, row: int, column: str | None, key: str
) -> None:
    engine.ingest([SMALL])
    before = ledger_state(engine)
    path = tmp_path / "bad.csv"
    path.write_text(f"{HEADER}\n131016,S,戸籍,本番,運用作業,2025-04,1000,,,\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        engine.ingest([path])
    err = info.value
    assert (err.key, err.row, err.column) == (key, row, column)
    assert "bad.csv" in err.render("ja") and f"{row} 行目" in err.render("ja")
    assert ledger_state(engine) == before


def test_missing_columns_are_named_in_japanese(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "nocat.csv"
    path.write_text(
        "団体コード,システムID,業務,年月,金額(円),費目X\n131016,S,戸籍,2025-04,1,x\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        engine.ingest([path])
    # Without 費目 the file is not recognised as cost lines at all.
    assert info.value.key == "input.unknown_format"
    path.write_text("団体コード,費目,金額(円)\n131016,運用作業,1\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        engine.ingest([path])
    assert info.value.key == "input.missing_columns"
    assert "システムID" in info.value.render("ja") and "年月" in info.value.render("ja")


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2025-04", "2025-04-01"),
        ("2025/4", "2025-04-01"),
        ("令和7年4月", "2025-04-01"),
        ("令和元年5月", "2019-05-01"),
        ("2025-04-01 00:00:00", "2025-04-01"),
        ("2025年12月", "2025-12-01"),
    ],
)
def test_month_forms(text: str, month: str) -> None:
    parsed = parse_month(text)
    assert parsed is not None and parsed.isoformat() == month


def test_unknown_encoding(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes(SMALL.read_text(encoding="utf-8").encode("utf-16"))
    before = ledger_state(engine)
    with pytest.raises(InputError) as info:
        engine.ingest([path])
    assert info.value.key == "input.encoding" and "utf16.csv" in info.value.render()
    assert ledger_state(engine) == before


def test_truncated_xlsx(engine: Engine, tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    wb = xlsxwriter.Workbook(str(good))
    wb.add_worksheet().write_row(0, 0, HEADER.split(","))
    wb.close()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:300])
    before = ledger_state(engine)
    with pytest.raises(InputError) as info:
        engine.ingest([cut])
    assert info.value.key == "input.xlsx_unreadable" and "cut.xlsx" in info.value.render()
    assert ledger_state(engine) == before
