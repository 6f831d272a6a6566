"""The estimate fixtures hold what their data says: read back with openpyxl and csv alone, no govcost.

Each planted cell is an amount cell on a row that says what is planted (and, for arithmetic, really
is wrong); each clean line adds up exactly and carries none of the words that make a problem.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from tests.review.estimates import (
    CHECKS,
    DOCUMENTS,
    ESTIMATES,
    RATE_CARD,
    TAX_PERCENT,
    EstimateFixture,
    build,
)

AMOUNT_HEADERS = {"金額", "見積金額(円)", "金額(円)"}
QUANTITY_HEADERS = {"数量"}
PRICE_HEADERS = {"単価", "単価(円)"}
ITEM_HEADERS = {"品名", "項目", "費目"}
REMARK_HEADERS = {"備考", "摘要"}
#: Words that make a line a problem for some check; no clean line may carry one.
TRIGGERS = (
    "24時間365日",
    "24時間/365日",
    "常時稼働",
    "フルバックアップ",
    "5年",
    "手作業",
    "手動",
    "ビジネスサポート",
    "定価",
    "割引前",
    "m4.",
    "m5.",
    "t2.",
    "gp2",
    "一式",
)
#: Phrases the increase-without-reason check takes as a stated reason (a subset of its list).
REASONS = ("法改正", "標準準拠", "に伴い", "による", "新規", "追加")


def yen(value: object) -> int | None:
    """An amount as written: an int, or text with commas, 円, ¥ and △ for negative."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    negative = text.startswith("△")
    text = text.lstrip("△").replace("¥", "").replace("円", "").replace(",", "")
    if not re.fullmatch(r"-?\d+", text):
        return None
    number = int(text)
    return -number if negative else number


@dataclass
class Grid:
    """One sheet (or a CSV) as cell values by row number and column letter."""

    name: str
    rows: dict[int, dict[str, object]]
    header_row: int
    columns: dict[str, str]  # header text → column letter
    hidden: set[int]
    merges: list[str]

    def col(self, names: set[str]) -> str | None:
        return next((c for h, c in self.columns.items() if h in names), None)

    def text(self, number: int) -> str:
        return " ".join(str(v) for _, v in sorted(self.rows.get(number, {}).items()) if v not in (None, ""))

    def value(self, cell: str) -> object:
        m = re.fullmatch(r"([A-Z]+)(\d+)", cell)
        assert m, cell
        return self.rows.get(int(m.group(2)), {}).get(m.group(1))

    def number(self, number: int, names: set[str]) -> int | None:
        c = self.col(names)
        return yen(self.rows.get(number, {}).get(c)) if c else None

    def label(self, number: int) -> str:
        t = self.text(number)
        for word, kind in (("税込", "grand"), ("消費税", "tax"), ("小計", "subtotal"), ("合計", "total")):
            if word in t:
                return kind
        return "line"

    def is_child(self, number: int) -> bool:
        return any(isinstance(v, str) and v.startswith("・") for v in self.rows.get(number, {}).values())


def _header(rows: dict[int, dict[str, object]]) -> tuple[int, dict[str, str]]:
    for number in sorted(rows):
        values = {str(v): c for c, v in rows[number].items() if isinstance(v, str)}
        if "数量" in values:
            return number, values
    raise AssertionError("no header row")


def read_xlsx(path: Path) -> dict[str, Grid]:
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        rows: dict[int, dict[str, object]] = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    rows.setdefault(cell.row, {})[cell.column_letter] = cell.value
        header_row, columns = _header(rows)
        hidden = {n for n, dim in ws.row_dimensions.items() if dim.hidden}
        out[ws.title] = Grid(
            ws.title, rows, header_row, columns, hidden, [str(r) for r in ws.merged_cells.ranges]
        )
    return out


def read_csv(path: Path) -> dict[str, Grid]:
    text = path.read_bytes().decode("cp932")
    rows: dict[int, dict[str, object]] = {}
    for number, record in enumerate(csv.reader(io.StringIO(text)), start=1):
        rows[number] = {chr(ord("A") + i): v for i, v in enumerate(record) if v != ""}
    header_row, columns = _header(rows)
    return {path.stem: Grid(path.stem, rows, header_row, columns, set(), [])}


def read(path: Path) -> dict[str, Grid]:
    return read_csv(path) if path.suffix == ".csv" else read_xlsx(path)


def arithmetic_ok(g: Grid, number: int) -> bool:
    """Quantity × unit price = amount (lines), or the sum the row stands for (totals)."""
    amount = g.number(number, AMOUNT_HEADERS)
    assert amount is not None, f"{g.name} row {number}: no amount"
    kind = g.label(number)
    if kind == "line":
        qty, price = g.number(number, QUANTITY_HEADERS), g.number(number, PRICE_HEADERS)
        assert qty is not None and price is not None, f"{g.name} row {number}: no quantity or price"
        return qty * price == amount
    lines = [n for n in sorted(g.rows) if n > g.header_row and g.number(n, AMOUNT_HEADERS) is not None]
    if kind == "subtotal":
        previous = max((n for n in lines if n < number and g.label(n) == "subtotal"), default=g.header_row)
        parts = [n for n in lines if previous < n < number and g.label(n) == "line" and not g.is_child(n)]
        return amount == sum(g.number(n, AMOUNT_HEADERS) or 0 for n in parts)
    total_row = next(n for n in lines if g.label(n) == "total")
    total = g.number(total_row, AMOUNT_HEADERS) or 0
    if kind == "total":
        subtotals = [n for n in lines if g.label(n) == "subtotal"]
        parts = subtotals or [n for n in lines if g.label(n) == "line" and not g.is_child(n)]
        return amount == sum(g.number(n, AMOUNT_HEADERS) or 0 for n in parts)
    if kind == "tax":
        return amount == total * TAX_PERCENT // 100
    tax_row = next(n for n in lines if g.label(n) == "tax")
    return amount == total + (g.number(tax_row, AMOUNT_HEADERS) or 0)


def row_of(cell: str) -> int:
    return int(re.sub(r"^[A-Z]+", "", cell))


@pytest.fixture(params=sorted(ESTIMATES))
def built(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[EstimateFixture, dict[str, Grid], Path]:
    fx = ESTIMATES[request.param]
    path, _ = build(fx, tmp_path)
    return fx, read(path), path


def test_every_check_is_planted_and_every_id_is_known() -> None:
    planted = {p.check for fx in ESTIMATES.values() for p in fx.planted}
    assert planted == set(CHECKS)
    for fx in ESTIMATES.values():
        assert fx.planted and fx.clean, fx.name
        assert not {(c.sheet, c.cell) for c in fx.clean} & {(p.sheet, p.cell) for p in fx.planted}


def test_planted_cells_are_amount_cells_on_rows_that_say_so(
    built: tuple[EstimateFixture, dict[str, Grid], Path],
) -> None:
    fx, grids, _ = built
    for p in fx.planted:
        if p.file_level:
            continue
        g = grids[p.sheet]
        number = row_of(p.cell)
        assert p.cell.rstrip("0123456789") == g.col(AMOUNT_HEADERS), p
        assert yen(g.value(p.cell)) is not None, p
        assert p.evidence and p.evidence in g.text(number), (p, g.text(number))


def test_planted_arithmetic_is_wrong_and_by_little_on_a_line(
    built: tuple[EstimateFixture, dict[str, Grid], Path],
) -> None:
    fx, grids, _ = built
    for p in fx.planted_by("arithmetic"):
        g = grids[p.sheet]
        number = row_of(p.cell)
        assert not arithmetic_ok(g, number), p
        if g.label(number) == "line":
            qty, price = g.number(number, QUANTITY_HEADERS), g.number(number, PRICE_HEADERS)
            assert qty is not None and price is not None
            assert 0 < abs((g.number(number, AMOUNT_HEADERS) or 0) - qty * price) < 10_000
        if g.label(number) == "tax":
            total = next(g.number(n, AMOUNT_HEADERS) for n in g.rows if g.label(n) == "total")
            assert total is not None and g.number(number, AMOUNT_HEADERS) == total * 8 // 100


def test_clean_cells_add_up_and_say_nothing_wrong(
    built: tuple[EstimateFixture, dict[str, Grid], Path],
) -> None:
    fx, grids, _ = built
    for c in fx.clean:
        g = grids[c.sheet]
        number = row_of(c.cell)
        assert c.cell.rstrip("0123456789") == g.col(AMOUNT_HEADERS), c
        text = g.text(number)
        if g.col(PRICE_HEADERS) is None and g.label(number) == "line":
            # A summary row (総括表): it refers to the detail sheet and equals its subtotal.
            assert "明細" in text and yen(g.value(c.cell)) is not None
            continue
        assert arithmetic_ok(g, number), (c, text)
        hits = [t for t in TRIGGERS if t in text]
        if c.sheet == "明細" and "(内訳)" in g.text(number + 1):
            hits.remove("一式")  # the 一式 line with its breakdown right below
        assert not hits, (c, text)


def test_money_is_whole_yen_and_totals_take_tax_exactly(
    built: tuple[EstimateFixture, dict[str, Grid], Path],
) -> None:
    _, grids, _ = built
    for g in grids.values():
        for number in g.rows:
            if number <= g.header_row:
                continue
            if g.label(number) != "line":
                letters = [g.col(AMOUNT_HEADERS)]  # a total's label may sit in the 単価 column
            else:
                letters = [g.col(AMOUNT_HEADERS), g.col(PRICE_HEADERS)]
            for letter in letters:
                value = g.rows[number].get(letter) if letter else None
                if value is not None:
                    assert isinstance(value, int) or yen(value) is not None, (g.name, number, value)
            if g.label(number) == "total":
                assert (g.number(number, AMOUNT_HEADERS) or 0) % 10 == 0


def test_missing_documents_are_the_ones_not_provided() -> None:
    for fx in ESTIMATES.values():
        assert fx.documents <= set(DOCUMENTS)
        planted = [p.evidence for p in fx.planted_by("missing-documents")]
        assert planted == [k for k in DOCUMENTS if k not in fx.documents]
        assert all(p.sheet == "" for p in fx.planted_by("missing-documents"))


def test_estimate_a_layout(tmp_path: Path) -> None:
    fx = ESTIMATES["a"]
    (g,) = read(fx.build(tmp_path)).values()
    assert g.header_row == 10
    assert list(g.columns) == ["No", "区分", "品名", "数量", "単位", "単価", "金額", "備考"]
    assert g.rows[3]["A"] == "○○区長　様" and "件名" in g.text(4) and "有効期限" in g.text(6)
    assert {"A1:H1", "A3:D3", "F7:H7"} <= set(g.merges)
    heading = next(n for n, r in g.rows.items() if r.get("A") == "1. 業務パッケージ・ミドルウェア利用料")
    assert f"A{heading}:H{heading}" in g.merges
    (hidden,) = g.hidden
    assert f"G{hidden}" in {c.cell for c in fx.clean}
    assert "ミドルウェアライセンス" in g.text(hidden)
    # Totals labelled in the 単価 column, amounts as numbers in a yen format.
    assert [g.rows[n].get("F") for n in sorted(g.rows) if g.label(n) in ("total", "tax", "grand")] == [
        "合計",
        "消費税(10%)",
        "税込合計",
    ]
    wb = openpyxl.load_workbook(tmp_path / "estimate_a.xlsx")
    assert "#,##0" in wb["見積書"]["G12"].number_format
    assert any("見直" in g.text(n) for n in g.rows)  # the periodic review clause


def test_estimate_b_text_amounts_breakdown_and_summary(tmp_path: Path) -> None:
    fx = ESTIMATES["b"]
    grids = read(fx.build(tmp_path))
    assert list(grids) == ["総括表", "明細"]
    d, s = grids["明細"], grids["総括表"]
    assert d.header_row == 4
    assert list(d.columns) == ["項目", "内容", "数量", "単位", "単価(円)", "見積金額(円)", "摘要"]
    amounts = [d.rows[n].get("F") for n in d.rows if n > 4]
    assert any(isinstance(a, str) and a.endswith("円") for a in amounts)
    assert any(isinstance(a, str) and a.startswith("¥") for a in amounts)
    assert any(isinstance(a, str) and a.startswith("△") for a in amounts)
    # The 一式 line with its 内訳: indented children adding up to it; the other 一式 has none.
    lumps = [n for n in d.rows if d.rows[n].get("D") == "式"]
    assert len(lumps) == 2
    with_breakdown, without = lumps
    assert "(内訳)" in d.text(with_breakdown + 1)
    children = []
    n = with_breakdown + 2
    while d.is_child(n):
        children.append(d.number(n, AMOUNT_HEADERS) or 0)
        n += 1
    assert len(children) == 3 and sum(children) == d.number(with_breakdown, AMOUNT_HEADERS)
    assert not d.is_child(without + 1) and "内訳" not in d.text(without + 1)
    assert [p.cell for p in fx.planted_by("lump-sum")] == [f"F{without}"]
    wb = openpyxl.load_workbook(tmp_path / "estimate_b.xlsx")
    assert wb["明細"][f"B{with_breakdown + 2}"].alignment.indent == 1
    # The summary's rows are the detail's subtotals, in order.
    subtotals = [d.number(n, AMOUNT_HEADERS) for n in sorted(d.rows) if d.label(n) == "subtotal"]
    summary = [
        s.number(n, AMOUNT_HEADERS) for n in sorted(s.rows) if n > s.header_row and s.label(n) == "line"
    ]
    summary = [x for x in summary if x is not None]
    assert summary == subtotals
    assert any("見直" in d.text(n) for n in d.rows)


def test_estimate_c_is_cp932_with_the_header_on_line_one(tmp_path: Path) -> None:
    fx = ESTIMATES["c"]
    path = fx.build(tmp_path)
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf")
    first = raw.decode("cp932").splitlines()[0]
    assert first == "費目,品名,数量,単位,単価,金額,備考"
    assert b"\r\n" in raw
    (g,) = read(path).values()
    assert g.name == "estimate_c" and g.header_row == 1
    text = "\n".join(g.text(n) for n in g.rows)
    assert "割引" not in text and "ディスカウント" not in text  # volume-discount: none applied
    (dup,) = fx.planted_by("duplicate-work")
    counterpart = [n for n in g.rows if "パッチ適用" in g.text(n) and n != row_of(dup.cell)]
    assert len(counterpart) == 1 and counterpart[0] < row_of(dup.cell)
    assert g.rows[counterpart[0]]["A"] == "運用作業" and g.rows[row_of(dup.cell)]["A"] == "運用管理補助委託"
    assert f"F{counterpart[0]}" not in {c.cell for c in fx.clean}
    batch = next(n for n in g.rows if "夜間バッチのため" in g.text(n))
    assert f"F{batch}" in {c.cell for c in fx.clean}


def _by_item(g: Grid) -> dict[str, int]:
    return {str(r["C"]): n for n, r in g.rows.items() if n > g.header_row and "B" in r}


def test_estimate_d_new_against_current(tmp_path: Path) -> None:
    fx = ESTIMATES["d"]
    new_path, current_path = build(fx, tmp_path)
    assert current_path is not None
    (new,) = read(new_path).values()
    (cur,) = read(current_path).values()
    assert new.name == cur.name and new.columns == cur.columns and new.header_row == cur.header_row == 6
    new_rows, cur_rows = _by_item(new), _by_item(cur)
    assert list(new_rows) == list(cur_rows)
    clean = {c.cell for c in fx.clean}
    increases = {}
    for item, n in new_rows.items():
        before = cur.number(cur_rows[item], AMOUNT_HEADERS) or 0
        after = new.number(n, AMOUNT_HEADERS) or 0
        remark = str(new.rows[n].get("I", ""))
        if after > before:
            increases[item] = remark
            if f"H{n}" in clean:
                assert any(r in remark for r in REASONS), (item, remark)
    (planted,) = fx.planted_by("increase-without-reason")
    item = str(new.rows[row_of(planted.cell)]["C"])
    assert increases[item] == ""
    assert not any(r in new.text(row_of(planted.cell)) for r in REASONS)
    # Licences: 300 against 120 users in the current contract and the 前提条件.
    (lic,) = fx.planted_by("license-quantity")
    assert new.number(row_of(lic.cell), QUANTITY_HEADERS) == 300
    assert cur.number(cur_rows["職員ライセンス"], QUANTITY_HEADERS) == 120
    assert "120名" in cur.text(cur_rows["職員ライセンス"])
    assert any("利用職員数：120名" in new.text(n) for n in new.rows)
    # Sizing: 32 vCPU / 256 GB where the current 8 vCPU / 64 GB runs at 25 %.
    (size,) = fx.planted_by("sizing")
    assert "32vCPU 256GB" in new.text(row_of(size.cell))
    current_db = cur.text(cur_rows["DBサーバ(本番)"])
    assert "8vCPU 64GB" in current_db and "平均25%" in current_db
    # No periodic review of the staffing anywhere in the new estimate.
    assert not any(w in new.text(n) for n in new.rows for w in ("見直", "評価", "定期"))
    # The current contract itself adds up.
    for n in cur.rows:
        if n > cur.header_row and cur.number(n, AMOUNT_HEADERS) is not None:
            assert arithmetic_ok(cur, n), cur.text(n)


def _rank(text: str) -> str | None:
    return next(
        (r for r in sorted(RATE_CARD, key=len, reverse=True) if re.search(rf"(?<![A-Za-z]){r}", text)), None
    )


def test_staff_lines_against_the_rate_card(tmp_path: Path) -> None:
    seen_clean = 0
    for fx in ESTIMATES.values():
        grids = read(fx.build(tmp_path))
        planted = {(p.sheet, p.cell) for p in fx.planted_by("staff")}
        for g in grids.values():
            for n in g.rows:
                if n <= g.header_row or "人月" not in str(g.rows[n].values()):
                    continue
                price = g.number(n, PRICE_HEADERS)
                rank = _rank(g.text(n))
                assert rank is not None and price is not None, g.text(n)
                cell = f"{g.col(AMOUNT_HEADERS)}{n}"
                if (g.name, cell) in planted:
                    assert price > RATE_CARD[rank] * 1.2
                else:
                    assert price <= RATE_CARD[rank], g.text(n)
                    seen_clean += any(c.cell == cell and c.sheet == g.name for c in fx.clean)
    assert seen_clean >= 4
    assert RATE_CARD == {
        "PM": 1_200_000,
        "上級SE": 1_000_000,
        "SE": 800_000,
        "PG": 600_000,
        "オペレータ": 600_000,
    }
