"""The review workbook and the review's summaries on a hand-made result (no check runs): a cell's
saving counted once and credited to one check, each yen of the estimate counted once (a 一式 line
and its breakdown, a summary sheet and its detail sheet), yen rounded half up once as integers,
fractions and hidden rows shown as they are, findings on no line kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from govcost.messages import set_language
from govcost.reports.review_xlsx import write_review_xlsx
from govcost.review import report
from govcost.review.base import CHECKS, ReviewFinding
from govcost.review.estimate import Estimate, EstimateLine
from govcost.review.run import ReviewResult


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


def _line(sheet: str, row: int, kind: Any, item: str, amount: str | None, **kw: Any) -> EstimateLine:
    return EstimateLine(
        sheet=sheet,
        row=row,
        kind=kind,
        item=item,
        cells={"item": f"B{row}", **({"amount": f"G{row}"} if amount is not None else {})},
        amount=Decimal(amount) if amount is not None else None,
        **kw,
    )


def _estimate(path: Path, lines: list[EstimateLine], sheets: list[str]) -> Estimate:
    return Estimate(path, lines, sheets, {s: (4, {"item": "B", "amount": "G"}) for s in sheets})


def _finding(check: str, status: Any, line: EstimateLine | None, saving: str | None, n: int) -> ReviewFinding:
    return ReviewFinding(
        check=check,
        status=status,
        message=f"指摘 {n}",
        question=f"質問 {n} =SUM(A1)",
        sheet=line.sheet if line else "",
        cell=line.cell if line else "",
        row=line.row if line else None,
        item=line.item if line else "資料",
        amount_jpy=line.amount if line else None,
        possible_saving_jpy=Decimal(saving) if saving is not None else None,
        evidence={"basis": Decimal("0.1")} if saving else {},
    )


@pytest.fixture
def result(tmp_path: Path) -> ReviewResult:
    checks = CHECKS.keys()
    a, b = checks[0], checks[1]
    lines = [
        _line("見積書", 5, "heading", "1. ガバメントクラウド利用料", None, category="cloud"),
        _line(
            "見積書",
            6,
            "line",
            "EC2 検証環境",
            "1200000.5",
            category="cloud",
            quantity=Decimal("12"),
            unit_price=Decimal("100000.04"),
        ),
        _line("見積書", 7, "line", "S3 (GB 単価)", "1500", category="cloud", quantity=Decimal("0.5")),
        _line("見積書", 8, "line", "運用作業 一式", "2400000", category="operations", unit="式"),
        _line("見積書", 9, "detail", "・定常運用", "1200000", category="operations", parent_row=8),
        _line("見積書", 10, "detail", "・障害対応", "1200000", category="operations", parent_row=8),
        _line("見積書", 11, "line", "回線 一式", None, category="network", unit="式", hidden=True),
        _line("見積書", 12, "detail", "・閉域網", "600000", category="network", parent_row=11),
        _line("見積書", 13, "line", "備品", "10000", category=None),
        _line("見積書", 14, "total", "合計", "4211500.5"),
    ]
    est = _estimate(tmp_path / "見積書.xlsx", lines, ["見積書"])
    cur = _estimate(
        tmp_path / "現行.xlsx",
        [_line("現行", 5, "line", "EC2 検証環境", "1000000", category="cloud")],
        ["現行"],
    )
    findings = [
        # Two checks on one cell: the larger saving counts, once, credited to its check.
        _finding(a, "ng", lines[1], "100000.4", 1),
        _finding(b, "warn", lines[1], "801000.6", 2),
        _finding(a, "warn", lines[3], None, 3),
        _finding(b, "ok", lines[4], "999", 4),
        # On the estimate as a whole.
        _finding(b, "warn", None, "50000", 5),
    ]
    return ReviewResult(est, cur, [a, b], findings, {"diagram"})


def test_savings_count_a_cell_once_and_credit_one_check(result: ReviewResult) -> None:
    a, b = result.checks
    assert result.possible_saving_jpy == Decimal("851000.6")
    assert report.credited_savings(result) == [
        Decimal(0),
        Decimal("801000.6"),
        Decimal(0),
        Decimal(0),
        Decimal("50000"),
    ]
    rows = {c.key: c for c in report.by_check(result)}
    assert (rows[a].ng, rows[a].warn, rows[a].saving_jpy, rows[a].credited_jpy) == (
        1,
        1,
        Decimal("100000.4"),
        Decimal(0),
    )
    assert (rows[b].warn, rows[b].ok, rows[b].saving_jpy, rows[b].credited_jpy) == (
        2,
        1,
        Decimal("851000.6"),
        Decimal("851000.6"),
    )
    assert report.counts(result) == {"ng": 1, "warn": 3, "ok": 1}


def test_each_yen_of_the_estimate_counted_once(result: ReviewResult) -> None:
    # The 一式 with an amount counts, not its breakdown; the 一式 without one counts its breakdown.
    assert report.estimate_amount(result.estimate) == Decimal("4211500.5")
    cats = {c.key: c for c in report.by_category(result, none_label="(区分なし)")}
    assert list(cats)[:7] == list(report.CHECKLIST_ORDER)
    assert cats["cloud"].label == "5. ガバメントクラウド利用料"
    assert cats["cloud"].estimate_jpy == Decimal("1201500.5")
    assert cats["cloud"].current_jpy == Decimal(1000000)
    assert cats["cloud"].difference_jpy == Decimal("201500.5")
    assert (cats["cloud"].ng, cats["cloud"].warn) == (1, 1)
    assert cats["operations"].estimate_jpy == Decimal(2400000) and cats["operations"].warn == 1
    assert cats["network"].estimate_jpy == Decimal(600000)
    assert cats[""].estimate_jpy == Decimal(10000) and cats[""].label == "(区分なし)"
    assert cats["software"].estimate_jpy == 0 and cats["software"].current_jpy == 0


def test_a_summary_sheet_beside_its_detail_sheet_is_not_counted_twice(tmp_path: Path) -> None:
    lines = [
        _line("総括表", 8, "line", "ガバメントクラウド利用料", "300", category="cloud", unit="式"),
        _line("総括表", 9, "line", "接続回線", "50", category="network", unit="式"),
        _line("明細", 6, "line", "EC2", "200", category="cloud"),
        _line("明細", 7, "line", "S3", "100", category="cloud"),
    ]
    est = _estimate(tmp_path / "b.xlsx", lines, ["総括表", "明細"])
    assert report.estimate_amount(est) == Decimal(350)
    result = ReviewResult(est, None, [], [], None)
    cats = {c.key: c.estimate_jpy for c in report.by_category(result)}
    assert cats["cloud"] == 300 and cats["network"] == 50


def _rows(ws: Any) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(values_only=True))


def test_workbook(result: ReviewResult, tmp_path: Path) -> None:
    a, b = result.checks
    out = tmp_path / "review.xlsx"
    write_review_xlsx(
        out, result, municipality="131016", system_id="JUKI-01", created=dt.datetime(2025, 6, 1, 9, 30)
    )
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["概要", "明細", "質問票"]

    summary = wb["概要"]
    facts = {r[0]: r[1] for r in _rows(summary)[2:16] if r[0]}
    assert facts["提出資料"] == "想定システム構成図(AZ レベル)"
    assert facts["団体"] == "131016 千代田区" and facts["システムID"] == "JUKI-01"
    assert facts["作成日時"] == "2025-06-01 09:30:00"
    assert facts["削減見込みの合計(円)"] == 851001  # 851,000.6 rounded half up, once
    rows = _rows(summary)
    by_check = rows[next(i for i, r in enumerate(rows) if r[0] == "チェック") :]
    assert by_check[1][1:] == (a, CHECKS.get(a).checklist_ref, 1, 1, 100000, 0)
    assert by_check[2][1:] == (b, CHECKS.get(b).checklist_ref, 0, 2, 851001, 851001)
    assert by_check[3] == ("合計", None, None, 1, 3, 951001, 851001)
    cats = rows[next(i for i, r in enumerate(rows) if r[0] == "区分") :]
    assert cats[0] == ("区分", "見積額(円)", "現行契約額(円)", "差額(円)", "要修正", "要確認", "チェックID")
    cloud = next(r for r in cats if r[0] == "5. ガバメントクラウド利用料")
    assert cloud == ("5. ガバメントクラウド利用料", 1201501, 1000000, 201501, 1, 1, f"{a}, {b}")
    total = next(r for r in cats if r[0] == "合計")
    assert total[1:4] == (4211501, 1000000, 3211501)

    lines = wb["明細"]
    grid = _rows(lines)
    assert [r[1] for r in grid[1:11]] == ["B5", "G6", "G7", "G8", "G9", "G10", "B11", "G12", "G13", "G14"]
    ec2 = grid[2]
    assert ec2[5] == 12 and ec2[7] == pytest.approx(100000.04) and ec2[8] == 1200001
    assert lines["H3"].number_format == "#,##0.####" and lines["I3"].number_format == "#,##0"
    assert ec2[10] == "要修正" and ec2[12] == "指摘 1\n指摘 2"
    assert ec2[11] == f"{CHECKS.get(a).title}\n{CHECKS.get(b).title}"
    assert str(lines["E3"].fill.fgColor.rgb).endswith("FFC7CE")
    assert grid[3][5] == pytest.approx(0.5) and lines["F4"].number_format == "#,##0.####"
    assert grid[4][10] == "要確認" and str(lines["E5"].fill.fgColor.rgb).endswith("FFEB9C")
    assert grid[5][10] == "OK" and lines["E6"].fill.fgColor.rgb in (None, "00000000")
    assert grid[7][2] == "明細 (非表示の行)"
    assert grid[11][4] == "資料" and grid[11][12] == "指摘 5" and grid[11][10] == "要確認"
    assert len(grid) == 12

    questions = _rows(wb["質問票"])
    assert questions[3] == ("No", "箇所", "項目", "質問", "回答", "回答日")
    assert questions[4:] == [
        (1, "見積書!G6", "EC2 検証環境", "質問 1 =SUM(A1)", None, None),
        (2, "見積書!G6", "EC2 検証環境", "質問 2 =SUM(A1)", None, None),
        (3, "見積書!G8", "運用作業 一式", "質問 3 =SUM(A1)", None, None),
        (4, "(見積全体)", "資料", "質問 5 =SUM(A1)", None, None),
    ]


def test_workbook_in_english(result: ReviewResult, tmp_path: Path) -> None:
    set_language("en")
    out = tmp_path / "review.xlsx"
    write_review_xlsx(out, result)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", "Lines", "Questions"]
    assert _rows(wb["Questions"])[3][:4] == ("No", "where", "item", "question")


def test_a_report_that_fails_half_way_leaves_no_workbook(tmp_path: Path) -> None:
    from govcost.reports.workbook import Workbook

    path = tmp_path / "report.xlsx"
    path.write_bytes(b"an earlier report")
    with pytest.raises(RuntimeError), Workbook(path) as wb:
        wb.sheet("概要").write(0, 0, "途中まで")
        raise RuntimeError("a figure could not be computed")
    assert path.read_bytes() == b"an earlier report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
    with Workbook(path) as wb:
        wb.sheet("概要").write(0, 0, "完成")
    assert path.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
