"""lump-sum: 一式 lines without a breakdown (明細) warned, with the amount at stake; breakdowns below
the line, on a detail sheet or attached as a document accepted; the planted lump sum of the fixture
estimates found, and nothing else flagged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from govcost.review.base import ReviewFinding
from govcost.review.checks.lump_sum import LumpSumCheck
from govcost.review.context import ReviewContext
from govcost.review.estimate import read_estimate
from tests.review.checks._workbook import Row, counts, problems, run_fixtures, write_estimate


def _run(
    tmp_path: Path, sheets: Mapping[str, Sequence[Row]], *, documents: set[str] | None = None, **kw: Any
) -> list[ReviewFinding]:
    path = write_estimate(tmp_path / "e.xlsx", sheets, **kw)
    return LumpSumCheck().run(ReviewContext(read_estimate(path), documents=documents))


def test_fixtures_planted_found_and_clean_lines_left_alone(tmp_path: Path) -> None:
    assert counts("lump-sum") == {"a": 0, "b": 1, "c": 0, "d": 0}
    for name, (missed, flagged) in run_fixtures("lump-sum", tmp_path).items():
        assert not missed, f"estimate {name}: planted not found {missed}"
        assert not flagged, f"estimate {name}: clean cells flagged {flagged}"


def test_a_lump_sum_without_breakdown(tmp_path: Path) -> None:
    rows = [
        ("運用管理補助", "運用支援作業 一式", 1, "式", 2_400_000, 2_400_000, None),  # 4: unit 式
        ("運用作業", "運用作業一式", None, None, None, 1_200_000, None),  # 5: 一式 in the name
        ("回線", "接続回線", "一式", None, 600_000, 600_000, None),  # 6: quantity 一式
        ("運用作業", "定常運用", 12, "月", 100_000, 1_200_000, None),  # 7: not a lump sum
        ("運用作業", "打合せ 一式", 1, "式", 0, 0, "無償"),  # 8: nothing at stake
        ("値引き", "出精値引き 一式", 1, "式", -100_000, -100_000, None),  # 9: a discount
    ]
    found = problems(_run(tmp_path, {"見積書": rows}))
    assert set(found) == {"F4", "F5", "F6"}
    f = found["F4"]
    assert f.status == "warn" and f.amount_jpy == Decimal(2_400_000) and f.possible_saving_jpy is None
    assert "運用支援作業 一式" in f.message and "2,400,000" in f.message and "内訳" in f.message
    assert "内訳" in f.question and "明細書" in f.question


def test_breakdown_lines_under_the_lump_sum(tmp_path: Path) -> None:
    rows = [
        ("運用作業", "運用作業 一式", 1, "式", 900_000, 900_000, None),  # 4: 内訳 marked ・
        ("運用作業", "・監視", 12, "月", 50_000, 600_000, None),
        ("運用作業", "・障害対応", 12, "月", 25_000, 300_000, None),
        ("運用管理補助", "運用管理補助 一式", 1, "式", 1_000_000, 1_000_000, None),  # 7: indented 内訳
        ("運用管理補助", "構成管理", 12, "月", 50_000, 600_000, None),  # (does not add up: arithmetic's)
        ("運用管理補助", "利用料分析", 12, "月", 25_000, 300_000, None),
        ("回線", "回線設定作業 一式", 1, "式", 300_000, 300_000, None),  # 10: content listed, no prices
        ("回線", "└ VPN 設定", 1, "式", None, None, None),
        ("回線", "└ 疎通確認", 1, "式", None, None, None),
        ("機器", "機器設置作業 一式", 1, "式", 200_000, 200_000, None),  # 13: a remark is no breakdown
        (None, "└ ラック搭載・配線を含む", None, None, None, None, None),
    ]
    findings = _run(tmp_path, {"見積書": rows}, indent=[("見積書", 8), ("見積書", 9)])
    found = problems(findings)
    assert set(found) == {"F13"} and found["F13"].status == "warn"
    oks = {f.cell: f for f in findings if f.status == "ok"}
    assert set(oks) == {"F4", "F7", "F10"}
    assert "900,000" in oks["F4"].message and oks["F4"].evidence["breakdown_rows"] == "5, 6"


def test_a_reference_to_an_attached_breakdown(tmp_path: Path) -> None:
    rows = [
        ("運用作業", "運用作業 一式", 1, "式", 1_200_000, 1_200_000, "別紙明細参照"),  # 4
        (
            "クラウド",
            "ガバメントクラウド利用料 一式",
            1,
            "式",
            500_000,
            500_000,
            "カリキュレータ試算による",
        ),  # 5
    ]
    detail = [("運用作業", "定常運用", 12, "月", 100_000, 1_200_000, None)]
    # With a 明細 sheet: the reference holds; the calculator's result is not there.
    found = problems(_run(tmp_path, {"見積書": rows, "明細": detail}))
    assert set(found) == {"F5"} and "添付されていません" in found["F5"].message
    # Without the sheet: the reference points at nothing attached ...
    found = problems(_run(tmp_path, {"見積書": rows}))
    assert set(found) == {"F4", "F5"} and "別紙明細参照" in found["F4"].message
    # ... unless the breakdown and the calculator came as documents.
    assert problems(_run(tmp_path, {"見積書": rows}, documents={"breakdown", "calculator"})) == {}


def test_a_summary_sheet_over_its_detail_sheet(tmp_path: Path) -> None:
    summary = [
        ("運用作業", "運用作業", 1, "式", None, 1_200_000, None),  # the 明細 sheet has its lines
        ("回線", "接続回線", 1, "式", None, 600_000, None),  # the 明細 sheet has none
    ]
    detail = [("運用作業", "定常運用", 12, "月", 100_000, 1_200_000, None)]
    found = problems(_run(tmp_path, {"総括表": summary, "内訳": detail}))
    assert set(found) == {"F5"} and found["F5"].sheet == "総括表"
