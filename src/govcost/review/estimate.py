"""Reading a vendor's estimate (見積書), whatever its layout, into lines that remember their cells.

Real estimates differ: a title block above the table, the header on row 4 or row 10, columns named
品名 or 項目, amounts as numbers or as text with 円 and commas, sections as heading rows, 小計 and
合計 lines, 一式 lines with or without a breakdown, merged cells, hidden rows, several sheets. The
header row is found by the column names it holds (a documented, configurable mapping); every line
keeps its sheet and cell addresses so that every finding can point at its cell.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from govcost.configfile import read_text, read_yaml
from govcost.errors import InputError

Field = Literal["no", "category", "item", "spec", "quantity", "unit", "unit_price", "amount", "remarks"]
Kind = Literal["line", "heading", "subtotal", "total", "tax", "total_with_tax", "detail", "note"]

#: Column names recognised in a header row (after NFKC, without blanks and bracketed units).
HEADER_SYNONYMS: dict[Field, tuple[str, ...]] = {
    "no": ("no", "no.", "番号", "項番", "#"),
    "category": ("区分", "分類", "種別", "費目", "カテゴリ", "経費区分"),
    "item": ("品名", "項目", "名称", "品目", "件名", "作業項目", "サービス名", "項目名"),
    "spec": ("内容", "仕様", "規格", "作業内容", "構成", "詳細", "規格・仕様", "仕様・規格", "規格/仕様"),
    "quantity": ("数量", "数", "台数", "本数", "人数", "工数", "員数"),
    "unit": ("単位",),
    "unit_price": ("単価", "月額単価", "単価(円)", "標準単価"),
    "amount": ("金額", "見積金額", "価格", "見積額", "合計金額", "金額(税抜)", "年額", "計"),
    "remarks": ("備考", "摘要", "説明", "根拠", "補足", "コメント"),
}
#: The seven cost categories of the estimate checklist, with the words that reveal each.
CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "software": (
        "業務パッケージ・ミドルウェア利用料",
        ("パッケージ", "ミドルウェア", "ライセンス", "ソフトウェア", "サブスクリプション", "利用権", "CAL"),
    ),
    "equipment": ("機器借料", ("機器", "借料", "端末", "プリンタ", "ハードウェア", "リース", "賃貸借")),
    "operations_assistant": (
        "運用管理補助委託",
        ("運用管理補助", "補助委託", "運用支援", "ヘルプデスク"),
    ),
    "operations": ("運用作業", ("運用作業", "運用保守", "保守", "監視", "障害対応", "運用")),
    "cloud": (
        "ガバメントクラウド利用料",
        (
            "ガバメントクラウド",
            "クラウド利用料",
            "EC2",
            "EBS",
            "RDS",
            "S3",
            "インスタンス",
            "AWS",
            "Azure",
            "OCI",
            "Google Cloud",
            "vCPU",
            "ストレージ",
            "スナップショット",
            "バックアップ",
        ),
    ),
    "network": ("接続回線", ("回線", "専用線", "閉域", "VPN", "Direct Connect", "LGWAN", "接続サービス")),
    "non_standard": ("標準化対象外システム経費", ("標準化対象外", "対象外システム")),
}
_SUBTOTAL = re.compile(r"^(小計|計|中計)|小計$")
_TOTAL = re.compile(r"^(合計|総計|総合計|見積合計|合計金額|総額)")
_TAX = re.compile(r"消費税")
_WITH_TAX = re.compile(r"税込")
_HEADING_NUMBER = re.compile(
    r"^\s*([0-9０-９]+[.．、)]|[(（][0-9０-９]+[)）]|[①-⑳]|[IVX]+\.|第[0-9一二三四五六七八九十]+)"
)
_DETAIL_MARK = re.compile(r"^(\s|　|・|-|－|└|├|※内訳|内訳)")
_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")
MAX_HEADER_SCAN = 40
#: Words an amount cell may hold instead of a number: the line is priced elsewhere or not at all.
UNPRICED_WORDS = (
    "別途",
    "実費",
    "無償",
    "無料",
    "込み",
    "込",
    "含む",
    "サービス",
    "見積対象外",
    "対象外",
    "未定",
)


@dataclass
class EstimateLine:
    """One row of the table, typed, with the address of each of its cells."""

    sheet: str
    row: int
    kind: Kind
    item: str
    cells: dict[str, str] = field(default_factory=dict)
    no: str = ""
    spec: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    unit_price: Decimal | None = None
    amount: Decimal | None = None
    remarks: str = ""
    category: str | None = None
    #: The heading the line sits under (its section), and the 一式 line it breaks down, if any.
    section: str = ""
    parent_row: int | None = None
    hidden: bool = False
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def cell(self) -> str:
        """The cell a finding on this line points at: its amount, else its item."""
        return self.cells.get("amount") or self.cells.get("item") or f"A{self.row}"

    @property
    def text(self) -> str:
        """Everything written on the line, for checks that look for words."""
        return " ".join(x for x in (self.category or "", self.item, self.spec, self.unit, self.remarks) if x)

    @property
    def lump_sum(self) -> bool:
        unit = normalise(self.unit)
        return (
            unit in ("式", "一式")
            or "一式" in normalise(self.item)
            or normalise(str(self.quantity or "")) == "一式"
        )


@dataclass
class Estimate:
    path: Path
    lines: list[EstimateLine]
    sheets: list[str]
    #: sheet → (header row number, field → column letter)
    headers: dict[str, tuple[int, dict[str, str]]]
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.path)

    def items(self) -> list[EstimateLine]:
        """Priced lines (not headings, subtotals, totals or tax)."""
        return [ln for ln in self.lines if ln.kind in ("line", "detail")]

    def by_category(self) -> dict[str, list[EstimateLine]]:
        out: dict[str, list[EstimateLine]] = {}
        for ln in self.items():
            out.setdefault(ln.category or "", []).append(ln)
        return out


def normalise(text: str) -> str:
    """NFKC, no blanks: how names are compared (全角/半角, spaces and line breaks ignored)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _header_key(text: str) -> str:
    t = normalise(text).lower()
    return re.sub(r"[(（][^)）]*[)）]$", "", t) or t


def parse_amount(value: Any) -> Decimal | None:
    """A number as an estimate writes it: 1234567, "1,234,567円", "¥1,234,567", "△12,000" (negative),
    "(12,000)"; None for an empty cell or a dash. Raises ValueError for other text."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = normalise(str(value))
    if text in ("", "-", "－", "ー", "―", "—"):
        return None
    negative = False
    if text[0] in "△▲":
        negative, text = True, text[1:]
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    text = text.replace("¥", "").replace("￥", "").replace("円", "").replace(",", "")
    if text.endswith("-") and _NUMBER.match(text[:-1]):
        text = text[:-1]
    if not _NUMBER.match(text):
        raise ValueError(str(value))
    number = Decimal(text)
    return -number if negative else number


def parse_quantity(value: Any) -> tuple[Decimal | None, str]:
    """Quantity, and a unit written with it ("一式", "12ヶ月", "2台")."""
    if value is None:
        return None, ""
    try:
        return parse_amount(value), ""
    except (ValueError, InvalidOperation):
        text = normalise(str(value))
        if text in ("一式", "式"):
            return Decimal(1), "式"
        m = re.match(r"^([-+]?\d+(?:\.\d+)?)(.+)$", text.replace(",", ""))
        if m:
            return Decimal(m.group(1)), m.group(2)
        raise


def detect_category(text: str) -> str | None:
    t = normalise(text)
    # 運用管理補助 before 運用, 標準化対象外 first: the most specific words win.
    for key in (
        "non_standard",
        "operations_assistant",
        "network",
        "software",
        "equipment",
        "cloud",
        "operations",
    ):
        label, words = CATEGORIES[key]
        if normalise(label) in t or any(normalise(w) in t for w in words):
            return key
    return None


@dataclass
class Mapping:
    """Which header names mean which field: the built-in synonyms plus the user's own."""

    synonyms: dict[Field, tuple[str, ...]] = field(default_factory=lambda: dict(HEADER_SYNONYMS))

    @classmethod
    def load(cls, path: Path | str | None) -> Mapping:
        mapping = cls()
        if path is None:
            return mapping
        p = Path(path)
        data = read_yaml(p)
        columns = data.get("columns", data) if isinstance(data, dict) else None
        if not isinstance(columns, dict):
            raise InputError("settings.bad_value", file=str(p), column="columns", found=str(data)[:80])
        for key, names in columns.items():
            if key not in HEADER_SYNONYMS:
                raise InputError(
                    "settings.unknown_key",
                    file=str(p),
                    column=f"columns.{key}",
                    expected=", ".join(HEADER_SYNONYMS),
                )
            extra = (names,) if isinstance(names, str) else tuple(str(n) for n in names or ())
            mapping.synonyms[key] = (*extra, *mapping.synonyms[key])
        return mapping

    def field_of(self, header: str) -> Field | None:
        key = _header_key(header)
        if not key:
            return None
        for name, words in self.synonyms.items():
            if key in (_header_key(w) for w in words):
                return name
        return None


# --- reading the grid ------------------------------------------------------------------------
@dataclass
class _Grid:
    sheet: str
    #: (row number, [(column letter, value)], hidden)
    rows: list[tuple[int, list[tuple[str, Any]], bool]]
    indents: dict[tuple[int, str], int] = field(default_factory=dict)


def _xlsx_grids(path: Path) -> list[_Grid]:
    import openpyxl
    from openpyxl.utils import get_column_letter

    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise InputError("review.unreadable", file=str(path), found=str(exc)[:200]) from exc
    grids = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        merged: dict[tuple[int, int], Any] = {}
        for rng in ws.merged_cells.ranges:
            top = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        # A merged block reads as its text once, in its first cell: the others stay empty
                        # unless the block spans rows (then each row sees the value, as a person does).
                        merged[(r, c)] = top if rng.min_row != rng.max_row and c == rng.min_col else None
        grid = _Grid(ws.title, [])
        for row in ws.iter_rows():
            if not row:
                continue
            number = row[0].row
            values = []
            for cell in row:
                col = cell.column if isinstance(cell.column, int) else 0
                value = merged.get((number, col), cell.value) if (number, col) in merged else cell.value
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                letter = get_column_letter(col)
                values.append((letter, value))
                indent = int(getattr(cell.alignment, "indent", 0) or 0)
                if indent:
                    grid.indents[(number, letter)] = indent
            hidden = bool(ws.row_dimensions[number].hidden) if number in ws.row_dimensions else False
            if values:
                grid.rows.append((number, values, hidden))
        grids.append(grid)
    wb.close()
    return grids


def _csv_grid(path: Path) -> list[_Grid]:
    from openpyxl.utils import get_column_letter

    text = read_text(path)
    dialect = csv.excel_tab if text.count("\t") > text.count(",") else csv.excel
    grid = _Grid(path.stem, [])
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        for row in reader:
            values = [(get_column_letter(i + 1), v) for i, v in enumerate(row) if v.strip()]
            if values:
                # The line the record starts on: a quoted field may hold line breaks.
                grid.rows.append((reader.line_num - sum(v.count("\n") for v in row), values, False))
    except csv.Error as exc:
        raise InputError("input.truncated", file=str(path), row=reader.line_num, found=str(exc)) from exc
    return [grid]


def _find_header(grid: _Grid, mapping: Mapping) -> tuple[int, dict[str, str]] | None:
    """The first row, among the first rows of the sheet, naming an item column and an amount column
    and at least one more known column."""
    for number, values, _ in grid.rows:
        if number > MAX_HEADER_SCAN:
            break
        found: dict[str, str] = {}
        for letter, value in values:
            if not isinstance(value, str):
                continue
            name = mapping.field_of(value)
            if name and name not in found:
                found[name] = letter
        named = "item" in found or "spec" in found or "category" in found
        if "amount" in found and named and len(found) >= 3:
            if "item" not in found:
                # A summary sheet names its lines by 費目/区分 alone: that column is the item.
                found["item"] = found.pop("spec") if "spec" in found else found.pop("category")
            return number, found
    return None


def read_estimate(path: Path | str, mapping: Mapping | None = None) -> Estimate:
    """The estimate's lines, every sheet with a recognisable header row included."""
    p = Path(path)
    if not p.is_file():
        raise InputError("input.not_found", file=str(p))
    mapping = mapping or Mapping()
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        grids = _xlsx_grids(p)
    elif suffix in (".csv", ".txt", ".tsv"):
        grids = _csv_grid(p)
    else:
        head = p.read_bytes()[:4]
        if head.startswith(b"PK"):
            grids = _xlsx_grids(p)
        else:
            raise InputError("review.not_a_spreadsheet", file=str(p), found=p.suffix or "(拡張子なし)")
    lines: list[EstimateLine] = []
    headers: dict[str, tuple[int, dict[str, str]]] = {}
    notes: list[str] = []
    for grid in grids:
        header = _find_header(grid, mapping)
        if header is None:
            notes.append(grid.sheet)
            continue
        headers[grid.sheet] = header
        lines.extend(_lines(grid, header, str(p)))
    if not headers:
        raise InputError("review.no_header", file=str(p), expected=_expected_headers(mapping))
    return Estimate(p, lines, [g.sheet for g in grids], headers, notes)


def _expected_headers(mapping: Mapping) -> str:
    return (
        "品名/項目 と 金額 を含む見出し行 (例: "
        + " / ".join(
            mapping.synonyms[f][0] for f in ("item", "quantity", "unit", "unit_price", "amount", "remarks")
        )
        + ")"
    )


def _lines(grid: _Grid, header: tuple[int, dict[str, str]], file: str) -> list[EstimateLine]:
    header_row, columns = header
    by_letter = {letter: name for name, letter in columns.items()}
    out: list[EstimateLine] = []
    section = ""
    section_category: str | None = None
    open_lump: EstimateLine | None = None
    for number, values, hidden in grid.rows:
        if number <= header_row:
            continue
        cells: dict[str, str] = {}
        fields: dict[str, Any] = {}
        stray: list[str] = []
        for letter, value in values:
            name = by_letter.get(letter)
            if name is None:
                stray.append(str(value))
                continue
            cells[name] = f"{letter}{number}"
            fields[name] = value

        def text(key: str, fields: dict[str, Any] = fields) -> str:
            return str(fields.get(key) or "").strip()

        item = text("item") or text("spec") or " ".join(stray)
        if not item and len(text("no")) > 6 and not _NUMBER.match(normalise(text("no"))):
            # A note (特記事項, 前提条件) written from column A, which is the No column: keep its words.
            item, fields["no"] = text("no"), ""
        try:
            amount = parse_amount(fields.get("amount"))
        except (ValueError, InvalidOperation) as exc:
            if any(w in normalise(str(fields.get("amount"))) for w in UNPRICED_WORDS):
                # "別途", "実費", "無償": priced elsewhere or not at all; the words stay on the line.
                amount = None
                fields["remarks"] = " ".join(x for x in (str(fields.get("amount")), text("remarks")) if x)
            else:
                raise InputError(
                    "review.bad_amount",
                    file=file,
                    sheet=grid.sheet,
                    row=number,
                    column=cells.get("amount"),
                    expected="数値 (例: 1,200,000 / 1,200,000円 / ¥1,200,000)、または 別途・実費・無償",
                    found=str(fields.get("amount")),
                ) from exc
        try:
            unit_price = parse_amount(fields.get("unit_price"))
            quantity, unit_written = parse_quantity(fields.get("quantity"))
        except (ValueError, InvalidOperation):
            # A quantity or unit price in words ("別途", "実費") leaves the line unpriced, not broken.
            unit_price, quantity, unit_written = None, None, ""
            stray.append(f"{text('quantity')} {text('unit_price')}")
            # 合計 / 消費税 written in the 単価 column (the amount beside it) name the line.
            item = item or " ".join(stray).strip()
        if not item and amount is None:
            continue
        name = normalise(item)
        kind: Kind
        if amount is None and unit_price is None and quantity is None:
            kind = "heading" if item and (_HEADING_NUMBER.match(item) or detect_category(item)) else "note"
        elif _WITH_TAX.search(name) and (_TOTAL.search(name) or "合計" in name or "総額" in name):
            kind = "total_with_tax"
        elif _TAX.search(name):
            kind = "tax"
        elif _TOTAL.search(name):
            kind = "total"
        elif _SUBTOTAL.search(name):
            kind = "subtotal"
        else:
            kind = "line"
        line = EstimateLine(
            sheet=grid.sheet,
            row=number,
            kind=kind,
            item=item,
            cells=cells,
            no=text("no"),
            spec=text("spec") if text("item") else "",
            quantity=quantity,
            unit=text("unit") or unit_written,
            unit_price=unit_price,
            amount=amount,
            remarks=text("remarks"),
            hidden=hidden,
            raw={k: str(v) for k, v in fields.items()},
        )
        given = detect_category(text("category")) if text("category") else None
        if kind == "heading":
            section = item
            section_category = detect_category(item) or section_category
            open_lump = None
        elif kind == "line":
            indent = grid.indents.get((number, cells.get("item", "")[:1] or "A"), 0) or max(
                (v for (r, _), v in grid.indents.items() if r == number), default=0
            )
            is_detail = bool(indent) or bool(_DETAIL_MARK.match(str(fields.get("item") or "")))
            if open_lump is not None and is_detail:
                line.kind = "detail"
                line.parent_row = open_lump.row
            else:
                open_lump = line if line.lump_sum else None
        elif kind in ("subtotal", "total", "tax", "total_with_tax"):
            open_lump = None
        line.section = section
        line.category = given or section_category or detect_category(line.text)
        out.append(line)
    return out


def lines_text(lines: Iterable[EstimateLine]) -> str:
    return "\n".join(ln.text for ln in lines)
