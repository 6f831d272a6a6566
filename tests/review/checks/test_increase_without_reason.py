"""``increase-without-reason``: every planted increase found at its cell, no clean line flagged; the
matching of lines to the current contract, reasons, new lines, 一式 breakdowns, no ``--current``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from govcost.review.checks._current import match_lines, reason_in, similarity
from govcost.review.estimate import read_estimate
from govcost.review.run import review
from tests.review.estimates import ESTIMATES, RATE_CARD, build

KEY = "increase-without-reason"
HEADER = ("No", "品名", "数量", "単位", "単価", "金額", "備考")


def _rates(tmp_path: Path) -> Path:
    path = tmp_path / "rates.csv"
    path.write_text(
        "rank,yen_per_person_month\n" + "".join(f"{k},{v}\n" for k, v in RATE_CARD.items()), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("name", sorted(ESTIMATES))
def test_fixture_estimates(name: str, tmp_path: Path) -> None:
    fx = ESTIMATES[name]
    estimate, current = build(fx, tmp_path)
    result = review(estimate, current=current, checks=[KEY], rate_card=_rates(tmp_path))
    fx.assert_found(KEY, result.findings)
    if current is None:
        assert [f.status for f in result.findings] == ["ok"]


def test_fixture_d_numbers(tmp_path: Path) -> None:
    estimate, current = build(ESTIMATES["d"], tmp_path)
    result = review(estimate, current=current, checks=[KEY])
    (f,) = [f for f in result.findings if f.status == "warn"]
    assert f.cell == "H17" and f.item == "定常運用作業"
    assert f.evidence["current_jpy"] == Decimal(4_800_000)
    assert f.evidence["increase_jpy"] == Decimal(1_440_000)
    assert f.evidence["increase_percent"] == Decimal("30.0")
    assert "¥1,440,000" in f.message and "30.0%" in f.message
    assert "定常運用作業" in f.question and f.possible_saving_jpy is None
    # Increases with a stated reason are shown as passed, with the reason found.
    explained = {f.cell: f.evidence["reason"] for f in result.findings if f.status == "ok"}
    assert explained["H7"] == "法改正"


def _xlsx(path: Path, rows: list[tuple[object, ...]], *, indent: set[int] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "見積書"
    ws.append(["御見積書"])
    ws.append(HEADER)
    for r in rows:
        ws.append(list(r))
    for number in indent or set():
        ws.cell(number, 2).alignment = openpyxl.styles.Alignment(indent=1)
    wb.save(path)
    return path


def test_lines_matched_new_and_explained(tmp_path: Path) -> None:
    current = _xlsx(
        tmp_path / "current.xlsx",
        [
            ("1. 運用作業",),
            (1, "定常運用作業", 12, "月", 100_000, 1_200_000),
            (2, "障害対応", 12, "月", 50_000, 600_000),
            (3, "サーバ保守作業", 12, "月", 30_000, 360_000),
        ],
    )
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            ("1. 運用作業",),
            (1, "定常運用作業", 12, "月", 100_000, 1_200_000),  # unchanged
            (2, "障害対応", 12, "月", 65_000, "780,000円"),  # +30 %, no reason
            (3, "サーバ保守作業(月額)", 12, "月", 40_000, 480_000, "OSの制度改正対応を追加"),  # explained
            (4, "ログ分析作業", 12, "月", 20_000, 240_000),  # new, no reason
            (5, "セキュリティ診断", 1, "式", 300_000, 300_000, "新規:年1回の脆弱性診断"),  # new, explained
        ],
    )
    result = review(estimate, current=current, checks=[KEY])
    by_cell = {f.cell: f for f in result.findings}
    assert set(by_cell) == {"F5", "F6", "F7", "F8"}
    assert by_cell["F5"].status == "warn" and by_cell["F5"].evidence["increase_jpy"] == Decimal(180_000)
    assert "+30.0%" in by_cell["F5"].message
    assert by_cell["F6"].status == "ok" and by_cell["F6"].evidence["current_item"] == "サーバ保守作業"
    assert by_cell["F7"].status == "warn" and "新規計上" in by_cell["F7"].message
    assert by_cell["F8"].status == "ok" and by_cell["F8"].evidence["reason"] == "新規"


def test_breakdown_lines_are_not_new(tmp_path: Path) -> None:
    """The current contract prices 運用作業 一式; the estimate adds its breakdown (内訳): the 一式
    line is compared, its breakdown lines are not "new"."""
    current = _xlsx(tmp_path / "current.xlsx", [(1, "運用作業 一式", 1, "式", 1_000_000, 1_000_000)])
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            (1, "運用作業 一式", 1, "式", 1_200_000, 1_200_000),
            (None, "定常運用", 12, "月", 60_000, 720_000),
            (None, "障害対応", 12, "月", 40_000, 480_000),
        ],
        indent={4, 5},
    )
    result = review(estimate, current=current, checks=[KEY])
    assert [(f.status, f.cell) for f in result.findings] == [("warn", "F3")]


def test_flagged_breakdown_line_spares_its_lump_sum(tmp_path: Path) -> None:
    rows: list[tuple[object, ...]] = [
        (1, "運用作業 一式", 1, "式", 1_000_000, 1_000_000),
        (None, "定常運用", 12, "月", 50_000, 600_000),
        (None, "障害対応", 12, "月", 25_000, 300_000),
    ]
    current = _xlsx(tmp_path / "current.xlsx", rows, indent={4, 5})
    rows[0] = (1, "運用作業 一式", 1, "式", 1_240_000, 1_240_000)
    rows[2] = (None, "障害対応", 12, "月", 45_000, 540_000)
    estimate = _xlsx(tmp_path / "estimate.xlsx", rows, indent={4, 5})
    result = review(estimate, current=current, checks=[KEY])
    assert [(f.status, f.cell) for f in result.findings] == [("warn", "F5")]


def test_no_current_is_one_ok(tmp_path: Path) -> None:
    estimate = _xlsx(tmp_path / "estimate.xlsx", [(1, "定常運用作業", 12, "月", 100_000, 1_200_000)])
    result = review(estimate, checks=[KEY])
    (f,) = result.findings
    assert f.status == "ok" and f.cell == "" and "現行契約" in f.message


def test_matching() -> None:
    assert similarity("apサーバ利用料", "apサーバ利用料(月額)") >= 0.5
    assert similarity("apサーバ", "dbサーバ") < 0.5
    assert reason_in("法改正対応のため") == "法改正"
    assert reason_in("標準化対象外システム") is None
    assert reason_in("月額×12か月") is None


def test_match_prefers_the_same_section(tmp_path: Path) -> None:
    rows: list[tuple[object, ...]] = [
        ("1. 本番環境",),
        (1, "サーバ利用料", 12, "月", 100, 1200),
        ("2. 検証環境",),
        (2, "サーバ利用料", 12, "月", 50, 600),
    ]
    a = read_estimate(_xlsx(tmp_path / "a.xlsx", rows))
    b = read_estimate(_xlsx(tmp_path / "b.xlsx", rows[2:] + rows[:2]))
    pairs = match_lines(a.items(), b.items())
    for line in a.items():
        assert pairs[(line.sheet, line.row)].section == line.section


def test_category_total_on_its_subtotal(tmp_path: Path) -> None:
    """Work moved from the operations assistant contract into 運用作業: each line costs what it did,
    but the 運用作業 category costs more, with no reason: flagged on its 小計 line."""
    current = _xlsx(
        tmp_path / "current.xlsx",
        [
            ("1. 運用作業",),
            (1, "監視作業", 12, "月", 100_000, 1_200_000),
            (None, "小計", None, None, None, 1_200_000),
            ("2. 運用管理補助委託",),
            (2, "構成管理作業", 12, "月", 50_000, 600_000),
            (None, "小計", None, None, None, 600_000),
        ],
    )
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            ("1. 運用作業",),
            (1, "監視作業", 12, "月", 100_000, 1_200_000),
            (2, "構成管理作業", 12, "月", 50_000, 600_000),
            (None, "小計", None, None, None, 1_800_000),
            ("2. ガバメントクラウド利用料",),
            (3, "大口割引", 12, "月", -5_000, -60_000),  # a discount: not compared
        ],
    )
    (f,) = review(estimate, current=current, checks=[KEY]).findings
    assert (f.status, f.cell) == ("warn", "F6")
    assert f.evidence["category_current_jpy"] == Decimal(1_200_000)
    assert f.evidence["category_estimate_jpy"] == Decimal(1_800_000)
    assert "運用作業" in f.message and "+50.0%" in f.message
