"""Small hand-made estimates for the cloud-fee checks (verification-24x365, production-24x365,
storage-oversized, full-backup, old-generation), and the run over the fixture estimates."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from govcost.review.base import ReviewFinding
from govcost.review.context import ReviewContext
from govcost.review.estimate import read_estimate
from govcost.review.run import review
from tests.review.estimates import ESTIMATES, build

HEADER = ("区分", "品名", "数量", "単位", "単価", "金額", "備考")
SHEET = "見積書"


def write_estimate(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> Path:
    """An XLSX estimate: a title, the header on row 3, the rows from row 4 (amounts in column F)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws["A1"] = "御見積書(令和7年度)"
    for col, name in enumerate(header, start=1):
        ws.cell(3, col, name)
    for r, values in enumerate(rows, start=4):
        for c, v in enumerate(values, start=1):
            if v is not None:
                ws.cell(r, c, v)
    wb.save(path)
    return path


def cloud(item: str, amount: int, remarks: str = "", qty: int = 12, unit: str = "月") -> tuple[Any, ...]:
    """A cloud-fee line: 区分 クラウド利用料, quantity × unit price = amount."""
    return ("クラウド利用料", item, qty, unit, amount // qty, amount, remarks or None)


def context(
    tmp_path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    current: Sequence[Sequence[Any]] | None = None,
    calculator: list[dict[str, Any]] | None = None,
) -> ReviewContext:
    est = read_estimate(write_estimate(tmp_path / "estimate.xlsx", rows))
    cur = read_estimate(write_estimate(tmp_path / "current.xlsx", current)) if current is not None else None
    return ReviewContext(estimate=est, current=cur, calculator=calculator)


def problems(findings: list[ReviewFinding]) -> dict[str, ReviewFinding]:
    """warn/ng findings by cell."""
    return {f.cell: f for f in findings if f.status != "ok"}


def calculator_line(**values: Any) -> dict[str, Any]:
    """A calculator line as ``govcost.review.calculator.read_calculator`` gives it."""
    line: dict[str, Any] = {
        "sheet": "calculator.csv",
        "row": 5,
        "cell": "F5",
        "group": "",
        "region": "Asia Pacific (Tokyo)",
        "description": "",
        "service": "Amazon EC2",
        "monthly": Decimal("0"),
        "currency": "JPY",
        "configuration": "",
        "quantity": None,
        "unit": "",
    }
    line.update(values)
    return line


def check_fixtures(key: str, tmp_path: Path) -> dict[str, int]:
    """Run ``key`` over every fixture estimate: every planted problem of ``key`` is found at its
    cell, no clean cell is flagged. Returns how many were planted, per estimate."""
    planted_count = {}
    for name, fx in ESTIMATES.items():
        directory = tmp_path / name
        directory.mkdir()
        estimate, current = build(fx, directory)
        result = review(estimate, current=current, checks=[key])
        flagged = {(f.sheet, f.cell) for f in result.findings if f.status != "ok"}
        planted = {(p.sheet, p.cell) for p in fx.planted_by(key)}
        assert planted <= flagged, f"{name}: {key} missed {planted - flagged}"
        clean = {(c.sheet, c.cell) for c in fx.clean}
        assert not clean & flagged, f"{name}: {key} flagged clean cells {clean & flagged}"
        assert flagged <= planted, f"{name}: {key} flagged cells that are not planted: {flagged - planted}"
        planted_count[name] = len(planted)
    return planted_count
