"""Tiny ledgers for the KPI tests: cost lines in the template (docs/cost-lines-template.md) and
tagged FOCUS bills (tests/optimize/handmade.py) at 100 yen to the dollar, so that a test writes its
amounts in round yen and its expected figures by hand.

The municipalities: 131016 千代田区 (A), 131130 渋谷区 (B), 132012 八王子市 (C).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from govcost.engine import Engine
from tests.optimize.handmade import Line, write_focus

A, B, C = "131016", "131130", "132012"
HEADER = "団体コード,システムID,業務,環境,費目,年月,金額(円),事業者,摘要,利用形態"
ITEMS = {
    "software": "ソフトウェア借料",
    "operations": "運用作業",
    "operations_assistant": "運用管理補助委託",
    "network": "接続回線",
    "equipment": "機器借料",
    "other": "その他",
}
FX = Decimal(100)


def months(first: str, count: int) -> list[str]:
    """``count`` months from ``first`` (YYYY-MM)."""
    year, month = map(int, first.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def fiscal_months(fy: int) -> list[str]:
    return months(f"{fy}-04", 12)


class TinyLedger:
    """Collects cost lines and cloud charges, then imports them in one go."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.lines: list[tuple[str, str, str, str, int]] = []
        #: month → [(municipality, system, resource id, yen)]
        self.cloud: dict[str, list[tuple[str, str, str, int]]] = {}

    def line(self, code: str, month: str, yen: int, source: str = "software", system: str = "SYS-1") -> None:
        self.lines.append((code, system, source, month, yen))

    def charge(
        self, code: str, month: str, yen: int, system: str = "SYS-1", resource: str = "i-base"
    ) -> None:
        """A cloud charge of ``yen`` (at ¥100 to the dollar) on one resource for the month."""
        self.cloud.setdefault(month, []).append((code, system, resource, yen))

    def ingest(self, engine: Engine) -> Engine:
        files: list[Path] = []
        if self.lines:
            path = self.tmp / "lines.csv"
            rows = [HEADER]
            for code, system, source, month, yen in self.lines:
                rows.append(f"{code},{system},住民基本台帳,本番,{ITEMS[source]},{month},{yen},A社,,単独")
            path.write_text("\n".join(rows) + "\n", encoding="utf-8")
            files.append(path)
        for month, charges in sorted(self.cloud.items()):
            year, mon = map(int, month.split("-"))
            lines = [
                Line(rid, Decimal(1), Decimal(yen) / FX, system=system, municipality=code, name=rid)
                for code, system, rid, yen in charges
            ]
            files.append(write_focus(self.tmp / f"focus-{month}.csv", dt.date(year, mon, 1), lines))
        fx = None
        if self.cloud:
            fx = self.tmp / "fx.csv"
            fx.write_text(
                "month,currency,jpy_per_unit\n" + "".join(f"{m},USD,{FX}\n" for m in sorted(self.cloud)),
                encoding="utf-8",
            )
        reports = engine.ingest(files, fx=fx)
        assert all(r.status in ("imported", "replaced", "loaded") for r in reports), [
            r.status for r in reports
        ]
        return engine


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
