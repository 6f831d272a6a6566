"""The costs no cloud bill shows, in the ledger's cost-line template: one workbook per vendor
(software rental, operations work, the operations assistant, equipment) and one CP932 CSV from the
carrier (the connection lines to the Government Cloud, one per municipality and system).

Amounts are yen a month, whole yen, rounded to 100 yen as contracts state them, scaled by
population; jointly used systems are 20 % cheaper per municipality.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from govcost.demo.files import write_csv
from govcost.demo.landscape import PROD, Landscape, System
from govcost.demo.timeline import Period
from govcost.jp.codes import Municipality

HEADERS = (
    "団体コード",
    "システムID",
    "業務",
    "環境",
    "費目",
    "年月",
    "金額(円)",
    "事業者",
    "摘要",
    "利用形態",
)
CARRIER = "G通信"
#: The one-off change in October: work to follow a revised standard specification.
REVISION_MONTH = 10

#: package → 費目 → (fixed yen a year, yen a year per resident, 環境)
CONTRACTS: dict[str, dict[str, tuple[int, int, str]]] = {
    "juki": {
        "ソフトウェア借料": (15_000_000, 45, ""),
        "運用作業": (6_000_000, 12, PROD),
        "運用管理補助委託": (3_600_000, 0, ""),
        "機器借料": (2_400_000, 2, PROD),
    },
    "zei": {
        "ソフトウェア借料": (18_000_000, 50, ""),
        "運用作業": (8_000_000, 15, PROD),
        "運用管理補助委託": (3_000_000, 0, ""),
    },
    "fukushi": {
        "ソフトウェア借料": (30_000_000, 75, ""),
        "運用作業": (11_000_000, 17, PROD),
        "運用管理補助委託": (3_600_000, 0, ""),
        "機器借料": (1_200_000, 1, PROD),
    },
    "koseki": {
        "ソフトウェア借料": (10_000_000, 15, ""),
        "運用作業": (2_500_000, 4, PROD),
        "運用管理補助委託": (3_000_000, 0, ""),
    },
    "naibu": {"ソフトウェア借料": (5_000_000, 8, ""), "運用作業": (2_000_000, 3, PROD)},
    "bunsho": {"ソフトウェア借料": (6_000_000, 10, ""), "運用作業": (2_000_000, 3, PROD)},
}
NOTES = {
    "ソフトウェア借料": "標準準拠パッケージ利用料(月額)",
    "運用作業": "運用保守・バッチ運用・問合せ対応",
    "運用管理補助委託": "ガバメントクラウド運用管理補助委託",
    "機器借料": "窓口端末・帳票プリンタ賃貸借",
    "その他": "標準仕様書改定対応(制度改正)",
}


def _round100(value: Decimal) -> int:
    return int((value / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 100)


def _monthly(system: System, m: Municipality, item: str, month: dt.date, national: bool = False) -> int:
    """The month's yen of one contract line. In the national landscape a joint group's members also
    share most of the fixed fee: each pays 30 % of it plus its share of the rest (groups of up to
    eight small municipalities, where the fixed fee is most of the price)."""
    fixed, per_resident, _ = CONTRACTS[system.package.key][item]
    joint = system.usage == "共同"
    if item == "運用管理補助委託" and joint:
        annual = Decimal(fixed) / len(system.members)
    elif joint and national:
        shared = Decimal(fixed) * (Decimal("0.3") + Decimal("0.7") / len(system.members))
        annual = (shared + per_resident * m.population) * Decimal("0.8")
    else:
        annual = Decimal(fixed + per_resident * m.population)
        if joint:
            annual *= Decimal("0.8")
    amount = annual / 12
    if item == "運用作業":
        if system.package.key == "zei" and month.month in (6, 2, 3):
            amount *= Decimal("1.3")
        if system.package.key == "juki" and month.month in (3, 4):
            amount *= Decimal("1.2")
    return _round100(amount)


def _description(system: System, item: str) -> str:
    covered = "・".join(system.package.businesses)
    if item == "ソフトウェア借料":
        return f"{system.package.label}パッケージ({covered})"
    return NOTES[item]


def vendor_rows(landscape: Landscape, period: Period, vendor: str) -> Iterator[list[object]]:
    for system in landscape.systems:
        if system.package.vendor != vendor:
            continue
        items = list(CONTRACTS[system.package.key])
        for m in sorted(system.members, key=lambda x: x.code):
            for item in [*items, "その他"]:
                for month in period.month_starts:
                    if item == "その他":
                        if system.package.key != "zei" or month.month != REVISION_MONTH:
                            continue
                        amount = _round100(Decimal(1_500_000 + 2 * m.population))
                        env = ""
                    else:
                        amount = _monthly(system, m, item, month, landscape.national)
                        env = CONTRACTS[system.package.key][item][2]
                    yield [
                        m.code,
                        system.id,
                        system.business,
                        env,
                        item,
                        f"{month:%Y-%m}",
                        amount,
                        vendor,
                        _description(system, item) if item != "その他" else NOTES[item],
                        system.usage,
                    ]


def network_rows(landscape: Landscape, period: Period) -> Iterator[list[object]]:
    """One connection line per municipality and system: each vendor's environment has its own."""
    lines = [(m, system) for system in landscape.systems for m in system.members]
    for m, system in sorted(lines, key=lambda x: (x[0].code, x[1].id)):
        monthly = _round100(Decimal(150_000) + Decimal(m.population) / 4)
        for month in period.month_starts:
            yield [
                m.code,
                system.id,
                system.business,
                PROD,
                "接続回線",
                f"{month:%Y-%m}",
                monthly,
                CARRIER,
                f"ガバメントクラウド接続回線 閉域網 100Mbps({system.package.vendor} {system.package.label})",
                system.usage,
            ]


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    """A workbook as people keep them: one sheet, a header row, yen with thousands separators."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    # A fixed creation date keeps the file identical from one run to the next.
    wb.set_properties({"title": "費用明細", "author": "govcost demo", "created": dt.datetime(2025, 4, 1)})
    ws = wb.add_worksheet("費用明細")
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    yen = wb.add_format({"num_format": "#,##0"})
    ws.write_row(0, 0, HEADERS, bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, int):
                ws.write_number(r, c, value, yen)
            else:
                ws.write_string(r, c, str(value))
    for c, width in enumerate((10, 16, 16, 6, 16, 9, 13, 8, 44, 8)):
        ws.set_column(c, c, width)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(HEADERS) - 1)
    wb.close()


def write_cost_lines(landscape: Landscape, period: Period, out_dir: Path) -> tuple[list[Path], int]:
    """``vendor-X.xlsx`` for each vendor with systems, ``carrier-network.csv`` (CP932)."""
    files, total = [], 0
    vendors = sorted({s.package.vendor for s in landscape.systems})
    for vendor in vendors:
        rows = list(vendor_rows(landscape, period, vendor))
        if not rows:
            continue
        path = out_dir / f"vendor-{vendor.removesuffix('社')}.xlsx"
        write_xlsx(path, rows)
        files.append(path)
        total += len(rows)
    path = out_dir / "carrier-network.csv"
    total += write_csv(
        path,
        HEADERS,
        ([str(v) for v in row] for row in network_rows(landscape, period)),
        encoding="cp932",
        newline="\r\n",
    )
    files.append(path)
    return files, total
