"""Tiny ledgers for the allocation tests: cost lines in the template (docs/cost-lines-template.md),
a tagged FOCUS bill (tests/optimize/handmade.py) at 100 yen to the dollar, populations and rules
files — every amount a round number, so a test can write its expected shares by hand.

The three members of most tests: 131016 千代田区, 131024 中央区, 131032 港区, with the populations
100, 200 and 300 (a file overriding the shipped ones).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from govcost.engine import Engine
from tests.optimize.handmade import Line, write_focus

A, B, C = "131016", "131024", "131032"
MEMBERS = (A, B, C)
POPULATIONS = {A: 100, B: 200, C: 300}
HEADER = "団体コード,システムID,業務,環境,費目,年月,金額(円),事業者,摘要,利用形態"
#: 費目 of each cost source, as the template writes them.
ITEMS = {
    "software": "ソフトウェア借料",
    "operations": "運用作業",
    "operations_assistant": "運用管理補助委託",
    "network": "接続回線",
    "equipment": "機器借料",
    "other": "その他",
}
FX = Decimal(100)


def cost_lines(path: Path, rows: list[tuple[str, str, str, str, str]], usage: str = "共同") -> Path:
    """Rows of (municipality code, system id, cost source, YYYY-MM, amount in yen)."""
    lines = [HEADER]
    for code, system, source, month, amount in rows:
        lines.append(f"{code},{system},戸籍,本番,{ITEMS[source]},{month},{amount},D社,,{usage}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def populations(path: Path, pops: dict[str, int] | None = None) -> Path:
    rows = ["municipality_code,population"] + [f"{c},{p}" for c, p in (pops or POPULATIONS).items()]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def rules(path: Path, body: str, with_populations: bool = True) -> Path:
    """A rules file; ``populations.csv`` beside it (the three test populations) unless told not to."""
    head = ""
    if with_populations:
        populations(path.parent / "populations.csv")
        head = "populations: populations.csv\n"
    path.write_text(head + body, encoding="utf-8")
    return path


def rates(path: Path, months: list[str]) -> Path:
    path.write_text(
        "month,currency,jpy_per_unit\n" + "".join(f"{m},USD,{FX}\n" for m in months), encoding="utf-8"
    )
    return path


def tagged_bill(path: Path, month: dt.date, lines: list[tuple[str, str, str | None, str]]) -> Path:
    """A FOCUS bill of (resource id, system id, tenant tag or None, USD) lines, registered by its
    tags to 131016 (the lead); the ``user:tenant`` tag names the member a resource serves."""
    out = []
    for rid, system, tenant, usd in lines:
        tags = {"user:tenant": tenant} if tenant else {}
        out.append(
            Line(rid, Decimal(1), Decimal(usd), system=system, municipality=A, business="戸籍", tags=tags)
        )
    return write_focus(path, month, out)


def ingest(engine: Engine, *files: Path, fx: Path | None = None) -> None:
    reports = engine.ingest(list(files), fx=fx)
    assert all(r.status in ("imported", "replaced", "loaded") for r in reports), [r.status for r in reports]
