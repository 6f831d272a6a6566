"""The estimate reader: layouts, amounts written as text, merged cells, hidden rows, and input that is
not an estimate — each handled or refused with an error naming file, sheet, row and cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from govcost.errors import InputError
from govcost.review.estimate import Mapping, parse_amount, read_estimate


@pytest.mark.parametrize(
    ("written", "value"),
    [
        (1200000, Decimal(1200000)),
        (1234.5, Decimal("1234.5")),
        ("1,200,000円", Decimal(1200000)),
        ("¥3,600,000", Decimal(3600000)),
        ("￥ 3,600,000 -", Decimal(3600000)),
        ("１２，０００", Decimal(12000)),
        ("△12,000", Decimal(-12000)),
        ("(5,000)", Decimal(-5000)),
        ("-", None),
        (None, None),
    ],
)
def test_amounts_as_estimates_write_them(written: object, value: Decimal | None) -> None:
    assert parse_amount(written) == value


def _workbook(path: Path, rows: list[list[object]], title: str = "見積書") -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return wb


def test_header_below_a_title_block_with_merged_cells_and_a_hidden_row(tmp_path: Path) -> None:
    path = tmp_path / "e.xlsx"
    wb = _workbook(
        path,
        [
            ["御見積書"],
            ["○○区長 様"],
            [],
            ["No", "品名", "数量", "単位", "単価", "金額", "備考"],
            ["1.", "業務パッケージ利用料"],
            [1, "住民記録システム利用料", 12, "月", 250000, "3,000,000円", ""],
            [2, "帳票ライセンス", 10, "本", "12,000", "¥120,000", "隠し行"],
            ["", "小計", "", "", "", 3120000, ""],
        ],
    )
    ws = wb.active
    assert ws is not None
    ws.merge_cells("A1:G1")
    ws.row_dimensions[7].hidden = True
    wb.save(path)
    est = read_estimate(path)
    assert est.headers["見積書"][0] == 4
    kinds = [(ln.row, ln.kind) for ln in est.lines]
    assert kinds == [(5, "heading"), (6, "line"), (7, "line"), (8, "subtotal")]
    first, hidden = est.lines[1], est.lines[2]
    assert (first.quantity, first.unit_price, first.amount) == (
        Decimal(12),
        Decimal(250000),
        Decimal(3000000),
    )
    assert first.cells["amount"] == "F6" and first.cell == "F6"
    assert first.category == "software" and first.section == "業務パッケージ利用料"
    assert hidden.hidden and hidden.amount == Decimal(120000)


def test_a_lump_sum_line_and_its_indented_breakdown(tmp_path: Path) -> None:
    path = tmp_path / "e.xlsx"
    _workbook(
        path,
        [
            ["項目", "数量", "単位", "見積金額(円)", "摘要"],
            ["運用作業", "一式", "", "1,500,000", ""],
            ["　監視作業", 12, "月", "900,000", "内訳"],
            ["　バックアップ確認", 12, "月", "600,000", "内訳"],
            ["データ移行", "", "", "別途", ""],
        ],
    )
    est = read_estimate(path)
    lump, first, second, extra = est.lines
    assert lump.lump_sum and lump.kind == "line" and lump.quantity == Decimal(1)
    assert (first.kind, first.parent_row) == ("detail", 2)
    assert (second.kind, second.parent_row) == ("detail", 2)
    assert extra.amount is None and "別途" in extra.remarks


def test_cp932_csv(tmp_path: Path) -> None:
    path = tmp_path / "vendor.csv"
    path.write_bytes(
        "費目,品名,数量,単位,単価,金額,備考\n接続回線,閉域網接続サービス,12,月,80000,960000,\n".encode(
            "cp932"
        )
    )
    (line,) = read_estimate(path).lines
    assert line.sheet == "vendor" and line.cell == "F2"
    assert line.category == "network" and line.amount == Decimal(960000)


def test_a_users_own_column_names(tmp_path: Path) -> None:
    path = tmp_path / "e.xlsx"
    _workbook(path, [["サービス明細", "月数", "税抜価格"], ["ガバメントクラウド利用料", 12, 1000]])
    with pytest.raises(InputError) as err:
        read_estimate(path)
    assert err.value.key == "review.no_header"
    mapping = tmp_path / "columns.yaml"
    mapping.write_text(
        "columns:\n  item: サービス明細\n  quantity: [月数]\n  amount: 税抜価格\n", encoding="utf-8"
    )
    (line,) = read_estimate(path, Mapping.load(mapping)).lines
    assert (line.item, line.quantity, line.amount) == ("ガバメントクラウド利用料", Decimal(12), Decimal(1000))


def test_an_amount_that_is_not_a_number_names_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "e.xlsx"
    _workbook(path, [["品名", "数量", "金額"], ["サーバ", 1, "12万円くらい"]])
    with pytest.raises(InputError) as err:
        read_estimate(path)
    e = err.value
    assert (e.key, e.file, e.sheet, e.row, e.column, e.found) == (
        "review.bad_amount",
        str(path),
        "見積書",
        2,
        "C2",
        "12万円くらい",
    )


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("estimate.pdf", b"%PDF-1.7\n", "review.not_a_spreadsheet"),
        ("estimate.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "review.not_a_spreadsheet"),
        ("broken.xlsx", b"PK\x03\x04 truncated", "review.unreadable"),
        ("empty.csv", b"", "review.no_header"),
        ("latin1.csv", "品名,金額\n".encode() + b"\xff\xfe\xfa,1\n", "input.encoding"),
    ],
)
def test_what_is_not_an_estimate_is_refused_clearly(
    tmp_path: Path, name: str, content: bytes, key: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_estimate(path)
    assert err.value.key == key
    assert err.value.file == str(path)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_estimate(tmp_path / "nothing.xlsx")
    assert err.value.key == "input.not_found"


def test_a_quoted_line_break_keeps_the_next_lines_rows(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text('品名,数量,金額,備考\n"サーバ\n(本番)",1,100,\nライセンス,2,200,\n', encoding="utf-8")
    first, second = read_estimate(path).lines
    assert (first.row, first.cell) == (2, "C2")
    assert (second.row, second.cell, second.amount) == (4, "C4", Decimal(200))
