"""arithmetic: quantity × unit price, 小計, 合計, 消費税 and 税込合計 recomputed; the planted errors of
the fixture estimates found at their cells, and nothing else flagged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from govcost.review.base import ReviewFinding
from govcost.review.checks.arithmetic import ArithmeticCheck, period_factors
from govcost.review.context import ReviewContext
from govcost.review.estimate import EstimateLine, read_estimate
from tests.review.checks._workbook import Row, counts, problems, run_fixtures, write_estimate


def _run(tmp_path: Path, sheets: Mapping[str, Sequence[Row]], **kw: Any) -> list[ReviewFinding]:
    path = write_estimate(tmp_path / "e.xlsx", sheets, **kw)
    return ArithmeticCheck().run(ReviewContext(read_estimate(path)))


def test_fixtures_planted_found_and_clean_lines_left_alone(tmp_path: Path) -> None:
    assert counts("arithmetic") == {"a": 0, "b": 0, "c": 0, "d": 3}
    for name, (missed, flagged) in run_fixtures("arithmetic", tmp_path).items():
        assert not missed, f"estimate {name}: planted not found {missed}"
        assert not flagged, f"estimate {name}: clean cells flagged {flagged}"


def test_quantity_times_unit_price(tmp_path: Path) -> None:
    rows = [
        ("運用作業", "定常運用作業", 12, "月", 150_000, 1_803_000, None),  # row 4: 3,000 too much
        ("運用作業", "障害一次対応", 12, "月", 100_000, 1_190_000, None),  # row 5: 10,000 too little
        ("運用作業", "バックアップ確認", 12, "月", 40_000, 480_000, None),  # row 6: right
        ("機器", "ルータ機器借料", None, None, 36_000, 500_000, None),  # row 7: no quantity
        ("機器", "回線工事費", 1, "式", None, 300_000, None),  # row 8: no unit price
    ]
    found = problems(_run(tmp_path, {"見積書": rows}))
    assert set(found) == {"F4", "F5"}
    over, under = found["F4"], found["F5"]
    assert over.status == "ng" and over.possible_saving_jpy == Decimal(3000)
    assert over.evidence["expected"] == Decimal(1_800_000) and over.evidence["difference"] == Decimal(3000)
    assert "1,800,000" in over.message and "1,803,000" in over.message and "+3,000" in over.message
    assert "定常運用作業" in over.question and over.amount_jpy == Decimal(1_803_000)
    assert under.status == "ng" and under.possible_saving_jpy is None and "-10,000" in under.message


def test_months_and_years_written_on_the_line(tmp_path: Path) -> None:
    rows = [
        ("クラウド", "EC2 m6i.xlarge ×2台", 2, "台", 30_000, 720_000, "月額 × 12ヶ月"),  # 2 × 30,000 × 12
        ("クラウド", "EC2 m6i.large", 1, "台", 20_000, 240_000, "月額"),  # 月額 with an annual amount
        ("ソフトウェア", "保守サポート 3年", 1, "式", 100_000, 300_000, None),  # 3 years
        ("ソフトウェア", "パッケージ利用料", 1, "式", 100_000, 3_600_000, "36か月"),
        ("ソフトウェア", "パッケージ利用料 月額", 2, "本", 50_000, 1_300_000, None),  # 1,200,000 at 12
    ]
    found = problems(_run(tmp_path, {"見積書": rows}))
    assert set(found) == {"F8"}
    assert found["F8"].evidence["factor"] == Decimal(12) and found["F8"].possible_saving_jpy == Decimal(
        100_000
    )


def test_period_factors() -> None:
    line = EstimateLine("s", 1, "line", "EC2 3年", unit="台・月", remarks="60ヶ月")
    assert set(period_factors(line)) == {Decimal(1), Decimal(3), Decimal(36), Decimal(60), Decimal(12)}
    assert period_factors(EstimateLine("s", 1, "line", "APサーバ", unit="台")) == [Decimal(1)]


def test_unit_prices_with_decimals_may_be_rounded_any_way(tmp_path: Path) -> None:
    rows = [
        ("クラウド", "EBS gp3", 730, "GB", "12.345", 9011, None),  # 9,011.85 rounded down
        ("クラウド", "EBS gp3", 730, "GB", "12.345", 9012, None),  # rounded half up
        ("クラウド", "EBS gp3", 730, "GB", "12.345", 9014, None),  # 2 yen off
    ]
    found = problems(_run(tmp_path, {"見積書": rows}))
    assert set(found) == {"F6"}


def test_subtotal_total_tax_and_total_with_tax(tmp_path: Path) -> None:
    rows = [
        (None, "1. ソフトウェア利用料", None, None, None, None, None),  # 4
        ("ソフトウェア", "業務パッケージ利用料", 12, "月", 100_000, 1_200_000, None),  # 5
        ("ソフトウェア", "ミドルウェア", 1, "本", 300_000, 300_000, None),  # 6
        (None, "小計", None, None, None, 1_500_000, None),  # 7: right
        (None, "2. 運用作業", None, None, None, None, None),  # 8
        ("運用作業", "定常運用", 12, "月", 200_000, 2_400_000, None),  # 9
        ("運用作業", "障害対応", 12, "月", 50_000, 600_000, None),  # 10
        (None, "小計", None, None, None, 2_800_000, None),  # 11: 3,000,000 it should be
        (None, "合計", None, None, None, 4_300_000, None),  # 12: the stated subtotals: accepted
        (None, "消費税(10%)", None, None, None, 430_000, None),  # 13
        (None, "税込合計", None, None, None, 4_740_000, None),  # 14: 10,000 too much
    ]
    found = problems(_run(tmp_path, {"見積書": rows}))
    assert set(found) == {"F11", "F14"}
    assert "3,000,000" in found["F11"].message and found["F11"].possible_saving_jpy is None
    assert found["F14"].possible_saving_jpy == Decimal(10_000) and "4,730,000" in found["F14"].message


def test_total_may_be_the_lines_even_when_a_subtotal_is_wrong(tmp_path: Path) -> None:
    rows = [
        ("運用作業", "定常運用", 12, "月", 200_000, 2_400_000, None),
        (None, "小計", None, None, None, 2_500_000, None),  # 5: wrong
        ("回線", "接続回線", 12, "月", 50_000, 600_000, None),
        (None, "小計", None, None, None, 600_000, None),
        ("値引き", "出精値引き", None, None, None, -100_000, None),  # after the last 小計
        (None, "合計", None, None, None, 2_900_000, None),  # 9: the lines (2,400,000 + 600,000 - 100,000)
        (None, "消費税", None, None, None, 290_000, None),
        (None, "合計(税込)", None, None, None, 3_190_000, None),
    ]
    found = problems(_run(tmp_path, {"見積書": rows}))
    assert set(found) == {"F5"}


def test_a_wrong_total(tmp_path: Path) -> None:
    rows = [
        ("運用作業", "定常運用", 12, "月", 200_000, 2_400_000, None),
        ("回線", "接続回線", 12, "月", 50_000, 600_000, None),
        (None, "合計", None, None, None, 3_100_000, None),  # 6: 100,000 too much
        (None, "消費税", None, None, None, 310_000, None),  # consistent with the total written
        (None, "税込合計", None, None, None, 3_410_000, None),
    ]
    found = problems(_run(tmp_path, {"見積書": rows}))
    assert set(found) == {"F6"}
    assert found["F6"].possible_saving_jpy == Decimal(100_000) and "3,000,000" in found["F6"].message


def test_tax_at_eight_percent_and_the_rounding(tmp_path: Path) -> None:
    def tax_finding(total: int, tax: int) -> list:
        rows = [
            ("運用作業", "定常運用", 1, "式", total, total, None),
            (None, "合計", None, None, None, total, None),
            (None, "消費税(10%)", None, None, None, tax, None),
        ]
        return [f for f in _run(tmp_path, {"見積書": rows}) if f.status != "ok"]

    (eight,) = tax_finding(1_000_000, 80_000)
    assert (
        eight.cell == "F6" and eight.status == "ng" and "8%" in eight.message and "100,000" in eight.message
    )
    assert eight.evidence["rounding"].startswith("円未満切り捨て") and eight.possible_saving_jpy is None
    assert tax_finding(1_234_567, 123_456) == []  # floor
    assert tax_finding(1_234_567, 123_457) == []  # half up / ceiling
    (off,) = tax_finding(1_234_567, 123_459)
    assert off.possible_saving_jpy == Decimal(3) and "123,456" in off.message
    assert "8%" not in off.message


def test_tax_included_in_the_total(tmp_path: Path) -> None:
    rows = [
        ("運用作業", "定常運用(税込)", 1, "式", 1_100_000, 1_100_000, None),
        (None, "合計", None, None, None, 1_100_000, None),
        (None, "(内消費税)", None, None, None, 100_000, None),
    ]
    assert problems(_run(tmp_path, {"見積書": rows})) == {}


def test_a_grand_total_of_totals(tmp_path: Path) -> None:
    rows = [
        ("初期", "初期設定作業", 1, "式", 500_000, 500_000, None),
        (None, "合計(イニシャル)", None, None, None, 500_000, None),
        ("運用作業", "定常運用", 12, "月", 100_000, 1_200_000, None),
        (None, "合計(ランニング)", None, None, None, 1_200_000, None),
        (None, "総合計", None, None, None, 1_700_000, None),
        (None, "消費税", None, None, None, 170_000, None),
        (None, "税込合計", None, None, None, 1_870_000, None),
    ]
    findings = _run(tmp_path, {"見積書": rows})
    assert problems(findings) == {}
    assert [f.status for f in findings] == ["ok"] and findings[0].cell == "F10"


def test_hidden_rows_and_lump_sums_with_priced_details(tmp_path: Path) -> None:
    rows = [
        ("運用作業", "運用作業 一式", 1, "式", 900_000, 900_000, None),  # 4
        ("運用作業", "・監視", 12, "月", 50_000, 600_000, None),  # 5: detail
        ("運用作業", "・障害対応", 12, "月", 25_000, 300_000, None),  # 6: detail
        ("ソフトウェア", "外字ライセンス", 1, "本", 100_000, 100_000, None),  # 7: hidden
        (None, "小計", None, None, None, 1_000_000, None),  # 8: the 一式 counted once, hidden row in
        (None, "合計", None, None, None, 1_000_000, None),
    ]
    findings = _run(tmp_path, {"見積書": rows}, hidden=[("見積書", 7)])
    assert problems(findings) == {}


def test_summary_sheet_against_detail_sheet(tmp_path: Path) -> None:
    summary = [
        ("ソフトウェア利用料", "業務パッケージ利用料", 1, "式", None, 1_500_000, "明細シート参照"),  # 4
        ("運用作業", "運用作業", 1, "式", None, 2_500_000, "明細シート参照"),  # 5: detail says 2,400,000
        (None, "合計", None, None, None, 4_000_000, None),
    ]
    detail = [
        (None, "1. 業務パッケージ・ミドルウェア利用料", None, None, None, None, None),
        ("ソフトウェア", "住民記録", 12, "月", 75_000, 900_000, None),
        ("ソフトウェア", "税務", 12, "月", 50_000, 600_000, None),
        (None, "小計", None, None, None, 1_500_000, None),
        (None, "2. 運用作業", None, None, None, None, None),
        ("運用作業", "定常運用", 12, "月", 200_000, 2_400_000, None),
        (None, "小計", None, None, None, 2_400_000, None),
        (None, "合計", None, None, None, 3_900_000, None),
    ]
    findings = _run(tmp_path, {"総括表": summary, "明細": detail})
    found = problems(findings)
    assert set(found) == {"F5"}
    f = found["F5"]
    assert f.sheet == "総括表" and f.possible_saving_jpy == Decimal(100_000)
    assert f.evidence["category"] == "operations" and "明細" in f.message and "2,400,000" in f.message


def test_a_clean_estimate_gets_one_ok_per_sheet(tmp_path: Path) -> None:
    rows = [
        ("運用作業", "定常運用", 12, "月", 100_000, 1_200_000, None),
        (None, "合計", None, None, None, 1_200_000, None),
        (None, "消費税", None, None, None, 120_000, None),
        (None, "税込合計", None, None, None, 1_320_000, None),
    ]
    findings = _run(tmp_path, {"見積書": rows})
    assert [(f.status, f.cell) for f in findings] == [("ok", "F7")]
    assert "1 行" in findings[0].message


def test_lines_outside_the_tax(tmp_path: Path) -> None:
    rows = [
        ("運用作業", "定常運用", 12, "月", 100_000, 1_200_000, None),
        ("その他", "収入印紙代", 1, "式", 2_000, 2_000, "不課税"),
        (None, "合計", None, None, None, 1_202_000, None),
        (None, "消費税", None, None, None, 120_000, None),  # 10 % of 1,200,000
        (None, "税込合計", None, None, None, 1_322_000, None),
    ]
    assert problems(_run(tmp_path, {"見積書": rows})) == {}


def test_a_lump_sum_against_its_breakdown(tmp_path: Path) -> None:
    rows = [
        ("運用作業", "運用作業 一式", 1, "式", 900_000, 900_000, None),  # 4: adds up
        ("運用作業", "・監視", 12, "月", 50_000, 600_000, None),
        ("運用作業", "・障害対応", 12, "月", 25_000, 300_000, None),
        ("運用管理補助", "運用管理補助 一式", 1, "式", 1_000_000, 1_000_000, None),  # 7: 100,000 more
        ("運用管理補助", "・構成管理", 12, "月", 50_000, 600_000, None),
        ("運用管理補助", "・利用料分析", 12, "月", 25_000, 300_000, None),
        ("運用作業", "運用作業 一式(12か月)", 1, "式", 1_200_000, 1_200_000, None),  # 10: monthly 内訳
        ("運用作業", "・監視(月額)", 1, "月", 60_000, 60_000, None),
        ("運用作業", "・障害対応(月額)", 1, "月", 40_000, 40_000, None),
        ("回線", "回線設定作業 一式", 1, "式", 300_000, 300_000, None),  # 13: 内訳 not priced
        ("回線", "└ VPN 設定", 1, "式", None, None, None),
    ]
    found = problems(_run(tmp_path, {"見積書": rows}))
    assert set(found) == {"F7"}
    f = found["F7"]
    assert f.status == "ng" and f.possible_saving_jpy == Decimal(100_000)
    assert (
        f.evidence["breakdown_total"] == Decimal(900_000) and "900,000" in f.message and "2 行" in f.message
    )
    assert "運用管理補助 一式" in f.question
