"""Helpers of the arithmetic, lump-sum, duplicate-work and missing-documents tests: small hand-made
estimates (openpyxl) and one check run over the shared fixture estimates (tests/review/estimates.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

from govcost.review.base import ReviewFinding
from govcost.review.run import review
from tests.review.estimates import ESTIMATES, build

#: The columns of the hand-made estimates: A 区分, B 品名, C 数量, D 単位, E 単価, F 金額, G 備考.
HEADER = ("区分", "品名", "数量", "単位", "単価", "金額", "備考")
#: The first line of a hand-made sheet (the header is on row 3, under a title).
FIRST_ROW = 4

Row = Sequence[object]


def write_estimate(
    path: Path,
    sheets: Mapping[str, Sequence[Row]],
    *,
    header: Sequence[str] = HEADER,
    indent: Sequence[tuple[str, int]] = (),
    hidden: Sequence[tuple[str, int]] = (),
) -> Path:
    """An XLSX estimate: per sheet a title on row 1, ``header`` on row 3, the rows from row 4 (a
    ``None`` leaves a cell empty). ``indent`` and ``hidden`` name (sheet, row) of rows whose item
    cell is indented (a 内訳 line) or which are hidden."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws["A1"] = "御見積書"
        for col, title in enumerate(header, start=1):
            ws.cell(3, col, title)
        for r, values in enumerate(rows, start=FIRST_ROW):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        for sheet, row in indent:
            if sheet == name:
                ws.cell(row, 2).alignment = Alignment(indent=1)
        for sheet, row in hidden:
            if sheet == name:
                ws.row_dimensions[row].hidden = True
    wb.save(path)
    return path


def problems(findings: Sequence[ReviewFinding]) -> dict[str, ReviewFinding]:
    """The warn/ng findings by cell (one per cell expected)."""
    out: dict[str, ReviewFinding] = {}
    for f in findings:
        if f.status != "ok":
            assert f.cell not in out, f"two findings at {f.cell}: {out[f.cell]} / {f}"
            out[f.cell] = f
    return out


def run_fixtures(check: str, tmp_path: Path) -> dict[str, tuple[set[tuple[str, str, str]], set[str]]]:
    """Each fixture estimate reviewed with ``check`` alone (its current contract and documents given):
    per estimate, (planted problems of the check not found, clean cells it flagged), where a planted
    problem is (sheet, cell, evidence) and a file-level one matches a finding with no cell whose
    evidence names the same document (or any finding with no cell, for other checks)."""
    out = {}
    for name, fx in ESTIMATES.items():
        directory = tmp_path / name
        directory.mkdir()
        path, current = build(fx, directory)
        result = review(path, current=current, documents=sorted(fx.documents), checks=[check])
        found = result.problems()
        missed = set()
        for p in fx.planted_by(check):
            if p.file_level:
                hit = any(not f.cell and f.evidence.get("document", p.evidence) == p.evidence for f in found)
            else:
                hit = any(f.sheet == p.sheet and f.cell == p.cell for f in found)
            if not hit:
                missed.add((p.sheet, p.cell, p.evidence))
        flagged = {
            f"{c.sheet}!{c.cell}" for c in fx.clean for f in found if (f.sheet, f.cell) == (c.sheet, c.cell)
        }
        out[name] = (missed, flagged)
    return out


def counts(check: str) -> dict[str, int]:
    """How many problems of ``check`` each fixture estimate plants."""
    return {name: len(fx.planted_by(check)) for name, fx in ESTIMATES.items()}
