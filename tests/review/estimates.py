"""Vendor estimates (見積書) with planted problems and clean lines: the fixtures of ``govcost review``.

Four estimates of a municipality's operating costs after the move of its standard-conformant systems
(標準準拠システム) to the Government Cloud, each in a layout real vendors use:

* ``a`` — :func:`estimate_a_xlsx`: one sheet 見積書, title block with merged cells, header on row 10
  (No / 区分 / 品名 / 数量 / 単位 / 単価 / 金額 / 備考), sections as heading rows, 小計 per section,
  合計 / 消費税(10%) / 税込合計 labelled in the 単価 column, one hidden (clean) row.
* ``b`` — :func:`estimate_b_xlsx`: a summary sheet 総括表 and a detail sheet 明細 (header on row 4:
  項目 / 内容 / 数量 / 単位 / 単価(円) / 見積金額(円) / 摘要), amounts partly as text ("1,200,000円",
  "¥3,600,000", "△108,000円"), one 一式 line with an indented 内訳 and one without.
* ``c`` — :func:`estimate_c_csv`: a CP932 CSV as a vendor's system exports it, header on line 1
  (費目,品名,数量,単位,単価,金額,備考), no title block, no subtotals.
* ``d`` — :func:`estimate_d_new_xlsx` reviewed against :func:`estimate_d_current_xlsx` (the current
  contract, 現行契約, in the same layout: No / 費目 / 品名 / 規格・仕様 / 数量 / 単位 / 単価 / 金額 / 備考).

Every builder writes its file into the directory given and returns the path. What is planted where is
data (:data:`ESTIMATES`): each :class:`Planted` names the check that must find it and the cell the
finding must point at (the line's amount cell; ``sheet`` and ``cell`` empty for a finding on the file
as a whole); each :class:`Clean` is a cell no check may flag (status warn or ng). Cells that are
neither (the other line of a duplicated pair, a summary row over a lump sum, a total made wrong by a
planted error) are left out of both lists on purpose: a finding there is neither required nor wrong.

The planted/clean marks sit next to the line they mark (``plant=`` in the row lists below); the lists
in :data:`ESTIMATES` are derived from them, so cells and marks cannot drift apart. For a CSV the
sheet is the file name without its extension and a cell is the column letter and line number a
spreadsheet shows when it opens the file (header = line 1).

Amounts are exact yen: quantity × unit price = amount on every line except where ``arithmetic`` is
planted; cloud fees are monthly yen (USD list price × 150 円) × 12 か月; every 合計 is a multiple of
10 so that 10 % tax is exact whatever the rounding rule.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The review's check ids (issue 4), each planted in at least one estimate.
CHECKS: tuple[str, ...] = (
    "arithmetic",
    "lump-sum",
    "increase-without-reason",
    "license-quantity",
    "sizing",
    "verification-24x365",
    "production-24x365",
    "storage-oversized",
    "full-backup",
    "csp-support-fee",
    "volume-discount",
    "old-generation",
    "staff",
    "duplicate-work",
    "missing-documents",
)

#: The rate card the staff check and these fixtures share: rank → yen per person-month (人月), the
#: most a rank's unit price should be. Ranks are matched longest first (上級SE before SE).
RATE_CARD: dict[str, int] = {
    "PM": 1_200_000,
    "上級SE": 1_000_000,
    "SE": 800_000,
    "PG": 600_000,
    "オペレータ": 600_000,
}

#: Consumption tax, percent.
TAX_PERCENT = 10

#: Documents the Digital Agency asks for with a review request (seed 004, デジタル庁への見積精査の依頼),
#: by the keys of ``govcost.review.context.DOCUMENTS``. The brief's six are the first six.
DOCUMENTS: dict[str, str] = {
    "diagram": "構成図 (ガバメントクラウド上での想定システム構成図)",
    "breakdown": "内訳 (イニシャル・ランニング費の内訳資料)",
    "current_configuration": "現行構成 (現行のシステム構成が分かる資料)",
    "current_utilisation": "現行稼働状況 (現行サーバの CPU/メモリ/ディスク使用率)",
    "specification": "仕様書 (見積依頼時の仕様書(案))",
    "nonfunctional": "非機能要件の考え方 (見積上前提としている非機能要件)",
    "calculator": "CSP 月額利用料の計算結果 (カリキュレーター)",
    "estimate_basis": "見積にあたっての考え方",
}

#: Yen per USD the cloud lines were priced at (stated in each estimate's notes).
JPY_PER_USD = 150


@dataclass(frozen=True)
class Planted:
    """A problem a check must find: ``check`` at ``sheet``!``cell``.

    ``evidence`` is text written on that row (for a missing document: the document's key). With an
    empty ``cell`` the problem is the file's: a finding of that check matches it wherever it points
    (no cell, or a line it concerns — never a clean one); ``missing-documents`` is one finding per
    document, matched by the key in ``evidence``."""

    check: str
    sheet: str
    cell: str
    evidence: str = ""

    @property
    def file_level(self) -> bool:
        return self.cell == ""


@dataclass(frozen=True)
class Clean:
    """A cell no check may flag (no finding with status warn or ng points at it)."""

    sheet: str
    cell: str
    item: str


@dataclass(frozen=True)
class EstimateFixture:
    name: str
    #: Writes the estimate into a directory, returns its path.
    build: Callable[[Path], Path]
    planted: tuple[Planted, ...]
    clean: tuple[Clean, ...]
    #: Keys of :data:`DOCUMENTS` provided with the estimate.
    documents: frozenset[str]
    #: The current contract (``--current``), for the comparisons.
    build_current: Callable[[Path], Path] | None = None
    layout: str = ""

    @property
    def missing_documents(self) -> list[str]:
        return [key for key in DOCUMENTS if key not in self.documents]

    def planted_by(self, check: str) -> list[Planted]:
        return [p for p in self.planted if p.check == check]

    def assert_found(self, check: str, findings: Iterable[Any]) -> list[Any]:
        """Every problem planted for ``check`` is flagged at its cell and no clean line is; the
        findings that are not ``ok``."""
        problems = [f for f in findings if f.status != "ok"]
        flagged = {(f.sheet, f.cell) for f in problems}
        for p in self.planted_by(check):
            assert (p.sheet, p.cell) in flagged, f"{self.name}: {p} not found; got {problems}"
        for c in self.clean:
            assert (c.sheet, c.cell) not in flagged, f"{self.name}: clean {c} flagged"
        return problems


# --- the rows of a sheet ----------------------------------------------------------------------


@dataclass
class _Row:
    values: dict[str, object]
    #: Column letter of the cell a finding on this row points at (the amount), if any.
    amount: str | None = None
    #: (check id, evidence written on the row)
    plant: tuple[tuple[str, str], ...] = ()
    clean: bool = False
    item: str = ""
    hidden: bool = False
    #: Column letter whose cell is indented (a 内訳 line).
    indent: str | None = None
    bold: bool = False


@dataclass
class _Sheet:
    name: str
    header_row: int
    rows: dict[int, _Row] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)
    widths: dict[str, float] = field(default_factory=dict)
    #: Columns holding yen, and their number format.
    money: str = ""
    money_format: str = '#,##0;"△"#,##0'
    dates: dict[str, str] = field(default_factory=dict)
    _next: int = 1

    def put(self, row: _Row, at: int | None = None) -> int:
        number = self._next if at is None else at
        self.rows[number] = row
        self._next = number + 1
        return number

    def skip(self, n: int = 1) -> None:
        self._next += n

    def planted(self, sheet: str | None = None) -> list[Planted]:
        name = self.name if sheet is None else sheet
        out = []
        for number, row in sorted(self.rows.items()):
            for check, evidence in row.plant:
                out.append(Planted(check, name, f"{row.amount}{number}", evidence))
        return out

    def clean(self, sheet: str | None = None) -> list[Clean]:
        name = self.name if sheet is None else sheet
        return [
            Clean(name, f"{row.amount}{number}", row.item)
            for number, row in sorted(self.rows.items())
            if row.clean
        ]


def _write_xlsx(path: Path, sheets: Iterable[_Sheet]) -> Path:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="808080")
    for spec in sheets:
        ws = wb.create_sheet(spec.name)
        for number, row in spec.rows.items():
            for letter, value in row.values.items():
                cell = ws[f"{letter}{number}"]
                cell.value = value
                if letter in spec.money and isinstance(value, int):
                    cell.number_format = spec.money_format
                if letter in spec.dates:
                    cell.number_format = spec.dates[letter]
                if row.bold or number == spec.header_row:
                    cell.font = Font(bold=True)
                if number == spec.header_row:
                    cell.fill = PatternFill("solid", fgColor="DDEBF7")
                    cell.alignment = Alignment(horizontal="center")
                if number >= spec.header_row and row.amount:
                    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                if row.indent == letter:
                    cell.alignment = Alignment(indent=1)
            if row.hidden:
                ws.row_dimensions[number].hidden = True
        for rng in spec.merges:
            ws.merge_cells(rng)
        for letter, width in spec.widths.items():
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = f"A{spec.header_row + 1}"
    wb.save(path)
    return path


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


def _monthly(usd_per_month: float) -> int:
    """A monthly cloud fee in yen, to the 10 yen, from a USD list price."""
    return round(usd_per_month * JPY_PER_USD / 10) * 10


# --- estimate A: one sheet, title block, sections as headings -----------------------------------

A_SHEET = "見積書"


def _a_layout() -> _Sheet:
    s = _Sheet(
        A_SHEET,
        header_row=10,
        money="FG",
        widths={"A": 6, "B": 14, "C": 58, "D": 7, "E": 6, "F": 14, "G": 16, "H": 40},
        dates={"B": 'yyyy"年"m"月"d"日"'},
    )
    # Title block (rows 1-8), merged the way vendors do.
    s.put(_Row({"A": "御　見　積　書"}, bold=True), at=1)
    s.put(_Row({"G": "見積番号", "H": "QT-2025-10-0412"}), at=2)
    s.put(_Row({"A": "○○区長　様"}), at=3)
    s.put(
        _Row(
            {"A": "件名", "B": "標準準拠システム(住民記録・税務・福祉) ガバメントクラウド運用経費(令和8年度)"}
        ),
        at=4,
    )
    s.put(_Row({"A": "見積日", "B": dt.date(2025, 10, 15)}), at=5)
    s.put(_Row({"A": "有効期限", "B": "見積日より3か月"}), at=6)
    s.put(_Row({"F": "株式会社○○情報システム"}), at=7)
    s.put(_Row({"F": "公共ソリューション事業部　東京都千代田区○○1-2-3"}), at=8)
    s.put(_Row({"A": "下記のとおり御見積申し上げます。(金額は税抜、年額)"}), at=9)
    s.merges += ["A1:H1", "A3:D3", "B4:H4", "B6:C6", "F7:H7", "F8:H8", "A9:E9"]
    s.put(
        _Row(
            {
                "A": "No",
                "B": "区分",
                "C": "品名",
                "D": "数量",
                "E": "単位",
                "F": "単価",
                "G": "金額",
                "H": "備考",
            }
        ),
        at=10,
    )

    subtotals: list[int] = []

    def heading(text: str, merged: bool = False) -> None:
        number = s.put(_Row({"A": text}, bold=True))
        if merged:
            s.merges.append(f"A{number}:H{number}")

    def line(
        no: str,
        kubun: str,
        name: str,
        qty: int,
        unit: str,
        price: int,
        note: str = "",
        *,
        plant: tuple[tuple[str, str], ...] = (),
        hidden: bool = False,
    ) -> int:
        values: dict[str, object] = {"A": no, "B": kubun, "C": name, "D": qty, "E": unit, "F": price}
        values["G"] = qty * price
        if note:
            values["H"] = note
        return s.put(_Row(values, "G", plant, clean=not plant, item=name, hidden=hidden))

    def subtotal(first: int) -> None:
        total = sum(_int(r.values["G"]) for n, r in s.rows.items() if n >= first and r.amount)
        subtotals.append(total)
        s.put(_Row({"C": "小計", "G": total}, "G", clean=True, item="小計", bold=True))

    heading("1. 業務パッケージ・ミドルウェア利用料", merged=True)
    first = line(
        "1-1", "ソフトウェア", "住民記録システム 業務パッケージ利用料(標準準拠版)", 12, "月", 850_000, "月額"
    )
    line(
        "1-2",
        "ソフトウェア",
        "税務システム 業務パッケージ利用料(標準準拠版)",
        12,
        "月",
        1_250_000,
        "個人住民税・固定資産税・軽自動車税",
    )
    line(
        "1-3",
        "ソフトウェア",
        "福祉システム 業務パッケージ利用料(標準準拠版)",
        12,
        "月",
        980_000,
        "障害者福祉・介護保険",
    )
    line(
        "1-4",
        "ソフトウェア",
        "DBミドルウェアライセンス(PostgreSQL 商用サポート)",
        2,
        "本",
        660_000,
        "本番・検証環境 各1 年額",
    )
    line("1-5", "ソフトウェア", "外字管理ミドルウェアライセンス", 1, "本", 360_000, "年額", hidden=True)
    subtotal(first)

    heading("2. 運用作業")
    first = line(
        "2-1",
        "運用作業",
        "定常運用作業(ジョブ実行結果の確認・稼働状況報告)",
        12,
        "月",
        320_000,
        "稼働監視は CloudWatch アラームによる自動監視",
    )
    line("2-2", "運用作業", "障害一次対応(平日9時-17時)", 12, "月", 150_000)
    line("2-3", "運用作業", "バックアップ結果確認(AWS Backup による自動取得)", 12, "月", 40_000)
    subtotal(first)

    heading("3. 運用管理補助委託")
    first = line(
        "3-1",
        "運用管理補助",
        "ガバメントクラウド運用管理補助 上級SE",
        6,
        "人月",
        1_000_000,
        "0.5人月×12か月 構成管理・セキュリティ設定の点検",
    )
    line(
        "3-2",
        "運用管理補助",
        "ガバメントクラウド運用管理補助 SE",
        6,
        "人月",
        800_000,
        "0.5人月×12か月 クラウド利用料の分析・報告",
    )
    subtotal(first)

    heading("4. ガバメントクラウド利用料")
    prod_ap = _monthly(0.496 * 730) * 2
    first = line(
        "4-1",
        "クラウド利用料",
        "EC2 m6i.2xlarge 本番AP 24時間365日 ×2台",
        12,
        "月",
        prod_ap,
        "月額 × 12か月",
        plant=(("production-24x365", "24時間365日"),),
    )
    line(
        "4-2",
        "クラウド利用料",
        "EC2 m6i.xlarge 本番Web 平日7時-22時稼働 ×2台",
        12,
        "月",
        _monthly(0.248 * 310) * 2,
    )
    line(
        "4-3",
        "クラウド利用料",
        "RDS for PostgreSQL db.r6i.xlarge 本番DB マルチAZ 平日7時-22時稼働",
        12,
        "月",
        _monthly(1.02 * 310),
        "夜間・休日は停止",
    )
    line(
        "4-4",
        "クラウド利用料",
        "EC2 m5.xlarge 検証 24時間365日",
        12,
        "月",
        _monthly(0.248 * 730),
        "月額 × 12か月",
        plant=(("verification-24x365", "24時間365日"),),
    )
    line(
        "4-5",
        "クラウド利用料",
        "EBS gp3 本番 1,500GB",
        12,
        "月",
        _monthly(0.096 * 1500),
        "現行使用量 約1.2TB",
    )
    line(
        "4-6",
        "クラウド利用料",
        "AWS Backup 差分バックアップ 日次 保持7世代",
        12,
        "月",
        _monthly(0.05 * 1200),
        "対象データ 約1.2TB",
    )
    line(
        "4-7",
        "クラウド利用料",
        "AWS サポート(ビジネスプラン)",
        12,
        "月",
        27_000,
        "利用料の10%(最低100米ドル)",
        plant=(("csp-support-fee", "AWS サポート"),),
    )
    line(
        "4-8",
        "クラウド利用料",
        "大口割引(ボリュームディスカウント)",
        12,
        "月",
        -12_870,
        "デジタル庁の大口割引を適用",
    )
    subtotal(first)

    heading("5. 接続回線")
    first = line(
        "5-1", "回線", "ガバメントクラウド接続回線(閉域網 100Mbps ベストエフォート)", 12, "月", 88_000
    )
    line("5-2", "回線", "ルータ機器借料(冗長構成 2台)", 12, "月", 36_000)
    subtotal(first)

    s.skip()
    total = sum(subtotals)
    tax = total * TAX_PERCENT // 100
    s.put(_Row({"F": "合計", "G": total}, "G", clean=True, item="合計", bold=True))
    s.put(_Row({"F": "消費税(10%)", "G": tax}, "G", clean=True, item="消費税(10%)", bold=True))
    s.put(_Row({"F": "税込合計", "G": total + tax}, "G", clean=True, item="税込合計", bold=True))
    s.skip()
    s.put(_Row({"A": "【特記事項】"}, bold=True))
    clause = "・運用作業・運用管理補助の要員数及び工数は、半期ごとに作業実績を評価し見直すものとします。"
    s.put(_Row({"A": clause}))
    s.put(
        _Row(
            {"A": f"・クラウド利用料は1米ドル={JPY_PER_USD}円で試算しています。為替の変動により増減します。"}
        )
    )
    s.put(_Row({"A": "・非機能要件は「地方公共団体情報システム非機能要件の標準」に準拠しています。"}))
    return s


def estimate_a_xlsx(directory: Path) -> Path:
    """Estimate A: one sheet, title block, header row 10, sections as heading rows."""
    return _write_xlsx(Path(directory) / "estimate_a.xlsx", [_a_layout()])


# --- estimate B: summary sheet + detail sheet, amounts as text ------------------------------------

B_SUMMARY = "総括表"
B_DETAIL = "明細"


def _yen_text(amount: int, style: str) -> str:
    """An amount as a person types it: ``円`` → "1,200,000円", ``¥`` → "¥1,200,000" (△ if negative)."""
    sign = "△" if amount < 0 else ""
    digits = f"{abs(amount):,}"
    return f"{sign}{digits}円" if style == "円" else f"{sign}¥{digits}"


def _b_layout() -> tuple[_Sheet, _Sheet]:
    d = _Sheet(
        B_DETAIL,
        header_row=4,
        money="EF",
        money_format='"¥"#,##0;"△¥"#,##0',
        widths={"A": 22, "B": 56, "C": 7, "D": 6, "E": 14, "F": 16, "G": 48},
    )
    d.put(_Row({"A": "見積明細書"}, bold=True), at=1)
    d.put(
        _Row({"A": "件名：標準準拠システム(介護保険・国民健康保険) ガバメントクラウド運用経費 令和8年度"}),
        at=2,
    )
    d.put(
        _Row(
            {
                "A": "項目",
                "B": "内容",
                "C": "数量",
                "D": "単位",
                "E": "単価(円)",
                "F": "見積金額(円)",
                "G": "摘要",
            }
        ),
        at=4,
    )

    sections: list[tuple[str, int]] = []

    def heading(text: str) -> None:
        d.put(_Row({"A": text}, bold=True))

    def line(
        kou: str,
        naiyo: str,
        qty: int,
        unit: str,
        price: int,
        note: str = "",
        *,
        price_as: str = "",
        amount_as: str = "",
        plant: tuple[tuple[str, str], ...] = (),
        clean: bool | None = None,
    ) -> tuple[int, int]:
        amount = qty * price
        values: dict[str, object] = {
            "A": kou,
            "B": naiyo,
            "C": qty,
            "D": unit,
            "E": _yen_text(price, price_as) if price_as else price,
            "F": _yen_text(amount, amount_as) if amount_as else amount,
        }
        if note:
            values["G"] = note
        number = d.put(_Row(values, "F", plant, clean=not plant if clean is None else clean, item=naiyo))
        return number, amount

    def child(naiyo: str, qty: int, unit: str, price: int, amount_as: str = "") -> int:
        amount = qty * price
        values: dict[str, object] = {
            "B": f"・{naiyo}",
            "C": qty,
            "D": unit,
            "E": price,
            "F": _yen_text(amount, amount_as) if amount_as else amount,
        }
        d.put(_Row(values, "F", clean=True, item=naiyo, indent="B"))
        return amount

    def subtotal(title: str, amounts: list[int], style: str = "円") -> None:
        total = sum(amounts)
        d.put(_Row({"A": "小計", "F": _yen_text(total, style)}, "F", clean=True, item="小計", bold=True))
        sections.append((title, total))

    heading("【1】業務パッケージ・ミドルウェア利用料")
    amounts = [
        line(
            "業務パッケージ利用料",
            "介護保険(標準準拠版) 月額利用料",
            12,
            "月",
            450_000,
            price_as="円",
            amount_as="円",
        )[1],
        line("業務パッケージ利用料", "国民健康保険(標準準拠版) 月額利用料", 12, "月", 380_000, amount_as="¥")[
            1
        ],
        line(
            "ミドルウェアライセンス",
            "帳票ミドルウェア(本番・検証環境 各1)",
            2,
            "本",
            240_000,
            "年額",
            price_as="¥",
            amount_as="¥",
        )[1],
    ]
    subtotal("業務パッケージ・ミドルウェア利用料", amounts)

    heading("【2】運用作業")
    parts = [
        ("定常運用(ジョブ実行結果確認・稼働状況報告)", 12, "月", 180_000),
        ("障害一次対応(平日9時-17時)", 12, "月", 100_000),
        ("バックアップ結果確認(AWS Backup による自動取得)", 12, "月", 50_000),
    ]
    lump = sum(q * p for _, q, _, p in parts)
    _, ops = line(
        "運用作業",
        "運用作業 一式",
        1,
        "式",
        lump,
        "作業実績は月次で報告し、要員・工数は半期ごとに評価・見直しを行う",
        price_as="円",
        amount_as="円",
    )
    d.put(_Row({"B": "(内訳)"}))
    for naiyo, q, u, p in parts:
        child(naiyo, q, u, p, amount_as="円")
    subtotal("運用作業", [ops])

    heading("【3】運用管理補助委託")
    _, assist = line(
        "運用管理補助委託",
        "ガバメントクラウド運用管理補助業務 一式",
        1,
        "式",
        4_800_000,
        price_as="円",
        amount_as="円",
        plant=(("lump-sum", "一式"),),
    )
    subtotal("運用管理補助委託", [assist])

    heading("【4】ガバメントクラウド利用料")
    cloud = "ガバメントクラウド利用料"
    amounts = [
        line(cloud, "EC2 m6i.xlarge 本番AP 平日8時-20時稼働", 12, "月", _monthly(0.248 * 250))[1],
        line(
            cloud,
            "EC2 t2.large 運用管理サーバ 平日8時-20時稼働",
            12,
            "月",
            _monthly(0.1216 * 250),
            plant=(("old-generation", "t2.large"),),
        )[1],
        line(
            cloud, "RDS for PostgreSQL db.r6i.large 本番DB 平日8時-20時稼働", 12, "月", _monthly(0.51 * 250)
        )[1],
        line(cloud, "EC2 t3.medium 検証環境 平日9時-18時稼働", 12, "月", _monthly(0.0544 * 190))[1],
        line(
            cloud,
            "EBS gp3 10TB",
            12,
            "月",
            _monthly(0.096 * 10_240),
            "5年後のデータ増加を見据えた容量(現行使用量 約800GB)",
            plant=(("storage-oversized", "5年後"),),
        )[1],
        line(
            cloud,
            "AWS Backup 差分バックアップ 日次 保持14世代",
            12,
            "月",
            _monthly(0.05 * 800),
            "対象データ 約800GB",
        )[1],
        line(
            cloud,
            "大口割引(ボリュームディスカウント)",
            12,
            "月",
            -9_000,
            "デジタル庁の大口割引を適用",
            price_as="円",
            amount_as="円",
        )[1],
    ]
    subtotal(cloud, amounts, style="¥")

    heading("【5】接続回線")
    amounts = [line("接続回線", "ガバメントクラウド接続回線(閉域網 50Mbps)", 12, "月", 66_000)[1]]
    subtotal("接続回線", amounts)

    d.skip()
    total = sum(t for _, t in sections)
    d.put(_Row({"A": "合計", "F": _yen_text(total, "円")}, "F", clean=True, item="合計", bold=True))

    s = _Sheet(
        B_SUMMARY,
        header_row=7,
        money="E",
        money_format='"¥"#,##0',
        widths={"A": 6, "B": 36, "C": 7, "D": 6, "E": 18, "F": 30},
    )
    s.put(_Row({"A": "御　見　積　書"}, bold=True), at=1)
    s.put(_Row({"A": "△△市長　様"}), at=2)
    s.put(
        _Row({"A": "件名：標準準拠システム(介護保険・国民健康保険) ガバメントクラウド運用経費 令和8年度"}),
        at=3,
    )
    s.put(_Row({"A": "見積日：令和7年11月4日", "E": "株式会社△△システムズ"}), at=4)
    s.put(_Row({"A": "有効期限：見積日から90日"}), at=5)
    s.merges += ["A1:F1", "E4:F4"]
    s.put(_Row({"A": "No", "B": "費目", "C": "数量", "D": "単位", "E": "金額(円)", "F": "備考"}), at=7)
    for i, (title, amount) in enumerate(sections, start=1):
        clean = title != "運用管理補助委託"  # the row over the planted lump sum is left out
        s.put(
            _Row(
                {"A": i, "B": title, "C": 1, "D": "式", "E": amount, "F": f"明細シート【{i}】参照"},
                "E",
                clean=clean,
                item=title,
            )
        )
    tax = total * TAX_PERCENT // 100
    s.put(_Row({"B": "合計", "E": total}, "E", clean=True, item="合計", bold=True))
    s.put(_Row({"B": "消費税(10%)", "E": tax}, "E", clean=True, item="消費税(10%)", bold=True))
    s.put(_Row({"B": "税込合計", "E": total + tax}, "E", clean=True, item="税込合計", bold=True))
    s.skip()
    s.put(_Row({"A": f"※クラウド利用料は1米ドル={JPY_PER_USD}円、デジタル庁の大口割引適用後の金額です。"}))
    return s, d


def estimate_b_xlsx(directory: Path) -> Path:
    """Estimate B: 総括表 + 明細, header row 4, amounts partly as text, 一式 with and without 内訳."""
    return _write_xlsx(Path(directory) / "estimate_b.xlsx", list(_b_layout()))


# --- estimate C: a CP932 CSV export ---------------------------------------------------------------

C_SHEET = "estimate_c"
C_HEADER = ("費目", "品名", "数量", "単位", "単価", "金額", "備考")


def _c_layout() -> _Sheet:
    s = _Sheet(C_SHEET, header_row=1)
    s.put(_Row(dict(zip("ABCDEFG", C_HEADER, strict=True))), at=1)

    def line(
        himoku: str,
        name: str,
        qty: int,
        unit: str,
        price: int,
        note: str = "",
        *,
        plant: tuple[tuple[str, str], ...] = (),
        clean: bool | None = None,
    ) -> None:
        values: dict[str, object] = {
            "A": himoku,
            "B": name,
            "C": qty,
            "D": unit,
            "E": price,
            "F": qty * price,
            "G": note,
        }
        s.put(_Row(values, "F", plant, clean=not plant if clean is None else clean, item=name))

    sw, ops, assist, cloud = "ソフトウェア利用料", "運用作業", "運用管理補助委託", "ガバメントクラウド利用料"
    line(sw, "業務パッケージ利用料 子ども・子育て支援(標準準拠版)", 12, "月", 520_000)
    line(sw, "業務パッケージ利用料 児童手当(標準準拠版)", 12, "月", 210_000)
    line(sw, "ミドルウェアライセンス 帳票基盤(本番・検証環境 各1)", 2, "本", 240_000, "年額")
    line(
        ops,
        "定常運用作業(ジョブ実行結果確認・稼働状況報告)",
        12,
        "月",
        260_000,
        "稼働監視は CloudWatch アラームで自動化",
    )
    # The earlier half of the duplicated pair: neither planted nor clean (a finding may name it).
    line(ops, "OS・ミドルウェアのセキュリティパッチ適用作業(月次)", 12, "月", 120_000, clean=False)
    line(ops, "障害一次対応(平日9時-18時)", 12, "月", 100_000)
    line(
        assist,
        "運用管理補助要員 上級SE 1.0人月",
        12,
        "人月",
        1_000_000,
        "1.0人月×12か月 要員・工数は四半期ごとに実績を評価し見直す",
    )
    line(
        assist,
        "運用管理補助要員 SE 0.5人月",
        6,
        "人月",
        800_000,
        "0.5人月×12か月 クラウド利用料分析・構成管理",
    )
    line(
        assist,
        "セキュリティパッチ適用作業 OS・ミドルウェア(月次)",
        12,
        "月",
        110_000,
        plant=(("duplicate-work", "パッチ適用"),),
    )
    line(
        cloud,
        "EC2 m6i.xlarge 本番AP 24時間/365日稼働",
        12,
        "月",
        _monthly(0.248 * 730),
        plant=(("production-24x365", "24時間/365日"),),
    )
    line(
        cloud,
        "EC2 m6i.xlarge 本番バッチ 夜間バッチのため24時間稼働 (夜間バッチ 22:00-6:00)",
        12,
        "月",
        _monthly(0.248 * 730),
    )
    line(
        cloud,
        "EC2 m6i.large 検証AP 常時稼働(24時間365日)",
        12,
        "月",
        _monthly(0.124 * 730),
        plant=(("verification-24x365", "24時間365日"),),
    )
    line(cloud, "EC2 m6i.large 検証環境 平日8時-20時稼働", 12, "月", _monthly(0.124 * 250))
    line(
        cloud,
        "EC2 m4.xlarge 帳票サーバ 平日8時-20時稼働",
        12,
        "月",
        _monthly(0.258 * 250),
        plant=(("old-generation", "m4.xlarge"),),
    )
    line(cloud, "EBS gp3 本番DB領域 1.2TB", 12, "月", _monthly(0.096 * 1229), "現行使用量 約1TB(2割の余裕)")
    line(
        cloud,
        "ストレージ 5年分の増加を見込み 20TB (EBS gp3)",
        12,
        "月",
        _monthly(0.096 * 20_480),
        "現行使用量 約1TB",
        plant=(("storage-oversized", "5年分"),),
    )
    line(
        cloud,
        "日次フルバックアップ 保持30世代 EBSスナップショット 30TB",
        12,
        "月",
        _monthly(0.05 * 30_720),
        "対象データ量 約1TB",
        plant=(("full-backup", "フルバックアップ"),),
    )
    line(
        cloud,
        "AWS Backup 差分バックアップ 日次 保持14世代 約1.5TB",
        12,
        "月",
        _monthly(0.05 * 1536),
        "対象データ量 約1TB",
    )
    line(cloud, "AWS ビジネスサポート", 12, "月", 45_000, plant=(("csp-support-fee", "ビジネスサポート"),))
    line("接続回線", "ガバメントクラウド接続回線(閉域網 100Mbps ベストエフォート)", 12, "月", 88_000)

    total = sum(_int(r.values["F"]) for n, r in s.rows.items() if n > 1)
    tax = total * TAX_PERCENT // 100
    for label, amount in (("合計", total), ("消費税(10%)", tax), ("税込合計", total + tax)):
        s.put(
            _Row(
                {"A": "", "B": label, "C": "", "D": "", "E": "", "F": amount, "G": ""},
                "F",
                clean=True,
                item=label,
            )
        )
    return s


def estimate_c_csv(directory: Path) -> Path:
    """Estimate C: CP932 CSV, header on line 1, no title block, no subtotals, CRLF line ends."""
    path = Path(directory) / f"{C_SHEET}.csv"
    s = _c_layout()
    with path.open("w", encoding="cp932", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        for number in sorted(s.rows):
            values = s.rows[number].values
            writer.writerow(["" if values.get(c) is None else values.get(c) for c in "ABCDEFG"])
    return path


# --- estimate D: the current contract and the new estimate, same layout ---------------------------

D_SHEET = "見積明細"


@dataclass
class _DLine:
    himoku: str
    name: str
    spec: str
    qty: int
    unit: str
    price: int
    note: str = ""
    #: The amount written when it is not quantity × unit price (a planted arithmetic error).
    written: int | None = None
    plant: tuple[tuple[str, str], ...] = ()
    clean: bool = True

    @property
    def amount(self) -> int:
        return self.qty * self.price if self.written is None else self.written


def _d_lines(new: bool) -> list[list[_DLine]]:
    """The lines of the current contract (``new=False``) or the new estimate, by category."""
    sw, cloud, ops, assist, net = (
        "ソフトウェア利用料",
        "ガバメントクラウド利用料",
        "運用作業",
        "運用管理補助委託",
        "接続回線",
    )
    software = [
        _DLine(
            sw,
            "業務パッケージ利用料",
            "住民記録・税・福祉 標準準拠版",
            12,
            "月",
            2_640_000 if new else 2_400_000,
            "法改正対応(標準準拠)による改修費を含む" if new else "",
        ),
        _DLine(
            sw,
            "職員ライセンス",
            "業務端末利用者",
            300 if new else 120,
            "本",
            18_000,
            "全庁展開に伴い300本に増加" if new else "利用職員数 120名",
            plant=(("license-quantity", "300"),) if new else (),
        ),
        _DLine(
            sw,
            "ミドルウェアライセンス",
            "PostgreSQL 商用サポート(本番・検証環境 各1)",
            2,
            "本",
            450_000,
            "年額",
        ),
    ]
    clouds = [
        _DLine(
            cloud,
            "APサーバ(本番)",
            "EC2 m6i.xlarge ×2台 平日7時-22時稼働",
            12,
            "月",
            _monthly(0.248 * 310) * 2,
        ),
        _DLine(
            cloud,
            "DBサーバ(本番)",
            "EC2 r6i.8xlarge 32vCPU 256GB 平日7時-22時稼働"
            if new
            else "EC2 r6i.2xlarge 8vCPU 64GB 平日7時-22時稼働",
            12,
            "月",
            _monthly(2.016 * 310) if new else _monthly(0.504 * 310),
            "業務量増加に伴い増強" if new else "現行使用率 CPU 平均25%(ピーク40%)・メモリ 平均30%",
            plant=(("sizing", "32vCPU 256GB"),) if new else (),
        ),
        _DLine(
            cloud, "ストレージ", "EBS gp3 本番 800GB", 12, "月", _monthly(0.096 * 800), "現行使用量 約650GB"
        ),
        _DLine(
            cloud,
            "バックアップ",
            "AWS Backup 差分バックアップ 日次 保持7世代",
            12,
            "月",
            _monthly(0.05 * 800),
        ),
        _DLine(
            cloud,
            "大口割引",
            "ボリュームディスカウント",
            12,
            "月",
            -7_000 if new else -3_000,
            "デジタル庁の大口割引を適用",
        ),
    ]
    operations = [
        _DLine(
            ops,
            "定常運用作業",
            "ジョブ実行結果確認・稼働状況報告",
            12,
            "月",
            520_000 if new else 400_000,
            plant=(("increase-without-reason", "定常運用作業"),) if new else (),
        ),
        _DLine(
            ops,
            "バックアップ取得作業(手作業)",
            "毎日",
            12,
            "月",
            200_000,
            plant=(("staff", "手作業"),) if new else (),
        ),
        _DLine(ops, "障害一次対応", "平日9時-17時", 12, "月", 120_000),
    ]
    assistance = [
        _DLine(
            assist,
            "運用管理補助 PM",
            "3名 常駐 単価 1,500,000円/人月",
            36,
            "人月",
            1_500_000,
            plant=(("staff", "PM 3名"),) if new else (),
        ),
        _DLine(assist, "運用管理補助 SE", "0.5人月 × 12か月 クラウド利用料の分析", 6, "人月", 800_000),
    ]
    network = [
        _DLine(net, "ガバメントクラウド接続回線", "閉域網 100Mbps", 12, "月", 88_000),
        _DLine(
            net,
            "ルータ機器借料",
            "冗長構成 2台",
            12,
            "月",
            36_000 if new else 40_000,
            "機器更新により減額" if new else "",
            written=435_600 if new else None,
            plant=(("arithmetic", "ルータ機器借料"),) if new else (),
        ),
    ]
    return [software, clouds, operations, assistance, network]


def _d_layout(new: bool) -> _Sheet:
    s = _Sheet(
        D_SHEET,
        header_row=6,
        money="GH",
        money_format='"¥"#,##0;"-¥"#,##0',
        widths={"A": 5, "B": 22, "C": 26, "D": 44, "E": 7, "F": 6, "G": 14, "H": 16, "I": 44},
    )
    title = "御見積書(令和8年度 運用経費)" if new else "契約内訳書(令和7年度 現行契約)"
    s.put(_Row({"A": title}, bold=True), at=1)
    s.put(_Row({"A": "××町長 様", "G": "2025年12月1日" if new else "2025年3月25日"}), at=2)
    s.put(_Row({"A": "件名 標準準拠システム(住民記録・税・福祉) 運用保守業務"}), at=3)
    s.put(_Row({"G": "株式会社××ソリューションズ 自治体ビジネス部"}), at=4)
    s.put(
        _Row(
            {
                "A": "No",
                "B": "費目",
                "C": "品名",
                "D": "規格・仕様",
                "E": "数量",
                "F": "単位",
                "G": "単価",
                "H": "金額",
                "I": "備考",
            }
        ),
        at=6,
    )
    no = 0
    line_total = 0
    for group in _d_lines(new):
        subtotal = 0
        for ln in group:
            no += 1
            values: dict[str, object] = {
                "A": no,
                "B": ln.himoku,
                "C": ln.name,
                "D": ln.spec,
                "E": ln.qty,
                "F": ln.unit,
                "G": ln.price,
                "H": ln.amount,
            }
            if ln.note:
                values["I"] = ln.note
            s.put(_Row(values, "H", ln.plant, clean=new and ln.clean and not ln.plant, item=ln.name))
            subtotal += ln.amount
        line_total += subtotal
        written = subtotal
        plant: tuple[tuple[str, str], ...] = ()
        if new and group[0].himoku == "運用作業":
            written, plant = subtotal - 200_000, (("arithmetic", "小計"),)
        s.put(_Row({"C": "小計", "H": written}, "H", plant, item="小計", bold=True))
    s.skip()
    tax_percent = 8 if new else TAX_PERCENT
    tax = line_total * tax_percent // 100
    s.put(_Row({"C": "合計", "H": line_total}, "H", item="合計", bold=True))
    tax_plant = (("arithmetic", "消費税"),) if new else ()
    s.put(_Row({"C": "消費税(10%)", "H": tax}, "H", tax_plant, item="消費税(10%)", bold=True))
    s.put(_Row({"C": "税込合計", "H": line_total + tax}, "H", item="税込合計", bold=True))
    s.skip()
    s.put(_Row({"A": "【前提条件】"}, bold=True))
    s.put(_Row({"A": "・システム利用職員数：120名(令和7年4月1日現在)"}))
    rate = f"・クラウド利用料は1米ドル={JPY_PER_USD}円で試算し、デジタル庁の大口割引を適用しています。"
    s.put(_Row({"A": rate}))
    s.put(_Row({"A": "・【実施体制】運用管理補助：PM 3名(常駐)、SE 0.5名。契約期間中は同体制とします。"}))
    return s


def estimate_d_current_xlsx(directory: Path) -> Path:
    """Estimate D, the current contract (現行契約, 令和7年度): the ``--current`` file."""
    return _write_xlsx(Path(directory) / "estimate_d_current.xlsx", [_d_layout(new=False)])


def estimate_d_new_xlsx(directory: Path) -> Path:
    """Estimate D, the new estimate (令和8年度) of the same vendor, in the same layout."""
    return _write_xlsx(Path(directory) / "estimate_d_new.xlsx", [_d_layout(new=True)])


# --- the fixtures as data ---------------------------------------------------------------------


def _missing(documents: frozenset[str]) -> list[Planted]:
    return [Planted("missing-documents", "", "", key) for key in DOCUMENTS if key not in documents]


def _fixtures() -> dict[str, EstimateFixture]:
    a = _a_layout()
    b_summary, b_detail = _b_layout()
    c = _c_layout()
    d = _d_layout(new=True)

    docs_a = frozenset(DOCUMENTS)
    docs_b = frozenset({"diagram", "breakdown"})
    docs_c = frozenset(
        {"diagram", "breakdown", "specification", "nonfunctional", "calculator", "estimate_basis"}
    )
    docs_d = frozenset(DOCUMENTS) - {"nonfunctional"}
    return {
        "a": EstimateFixture(
            "a",
            estimate_a_xlsx,
            tuple(a.planted()),
            tuple(a.clean()),
            docs_a,
            layout="XLSX 1 シート、タイトル部(結合セル)、見出し行 10 行目、区分見出し行、非表示行",
        ),
        "b": EstimateFixture(
            "b",
            estimate_b_xlsx,
            tuple(b_detail.planted() + _missing(docs_b)),
            tuple(b_summary.clean() + b_detail.clean()),
            docs_b,
            layout="XLSX 総括表 + 明細 (見出し行 4 行目)、金額の一部が文字列、一式 + 内訳",
        ),
        "c": EstimateFixture(
            "c",
            estimate_c_csv,
            (
                *c.planted(),
                Planted("volume-discount", "", "", "割引なし (大口割引の行がない)"),
                *_missing(docs_c),
            ),
            tuple(c.clean()),
            docs_c,
            layout="CSV (CP932)、1 行目が見出し、タイトル部・小計なし",
        ),
        "d": EstimateFixture(
            "d",
            estimate_d_new_xlsx,
            (
                *d.planted(),
                Planted("staff", "", "", "要員・工数の定期的な見直しの定めがない (【実施体制】)"),
                *_missing(docs_d),
            ),
            tuple(d.clean()),
            docs_d,
            build_current=estimate_d_current_xlsx,
            layout="XLSX 見出し行 6 行目、費目列で区分、規格・仕様列、現行契約と同じ様式 (--current)",
        ),
    }


#: Every estimate, by name.
ESTIMATES: dict[str, EstimateFixture] = _fixtures()


def build(fixture: EstimateFixture, directory: Path) -> tuple[Path, Path | None]:
    """Write an estimate (and its current contract, if it has one) into ``directory``."""
    directory = Path(directory)
    current = fixture.build_current(directory) if fixture.build_current else None
    return fixture.build(directory), current


def describe() -> str:
    """The planted problems and clean-line counts of every estimate, as text (for reports)."""
    out = []
    for fx in ESTIMATES.values():
        out.append(f"estimate {fx.name}: {fx.layout}")
        for p in fx.planted:
            where = f"{p.sheet}!{p.cell}" if p.cell else "(file)"
            out.append(f"  {p.check:<24} {where:<16} {p.evidence}")
        out.append(f"  clean cells: {len(fx.clean)}; documents provided: {', '.join(sorted(fx.documents))}")
    return "\n".join(out)


if __name__ == "__main__":
    print(describe())
