"""volume-discount: cloud fees (estimate and calculator) estimated at list price, without the
Government Cloud volume discount; the saving at the stated, conservative expected rate."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from govcost.review.base import ReviewFinding
from govcost.review.calculator import read_calculator
from govcost.review.checks.volume_discount import EXPECTED_DISCOUNT_RATE, VolumeDiscountCheck
from govcost.review.context import ReviewContext
from govcost.review.estimate import read_estimate
from govcost.review.run import review
from tests.review.estimates import ESTIMATES, build

DATA = Path(__file__).resolve().parents[2] / "data" / "review"
HEADER = ("区分", "品名", "数量", "単位", "単価", "金額", "備考")
CLOUD = "クラウド利用料"


def _line(kubun: str | None, item: str, amount: int, remarks: str = "") -> tuple[Any, ...]:
    return (kubun, item, 12, "月", amount // 12, amount, remarks or None)


def _estimate(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    """Title on row 1, header on row 3, the rows from row 4 (金額 = column F)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "見積書"
    ws["A1"] = "御見積書"
    for c, name in enumerate(HEADER, start=1):
        ws.cell(3, c, name)
    for r, values in enumerate(rows, start=4):
        for c, v in enumerate(values, start=1):
            if v is not None:
                ws.cell(r, c, v)
    wb.save(path)
    return path


def _run(tmp_path: Path, rows: Sequence[Sequence[Any]], calculator: Any = None) -> list[ReviewFinding]:
    est = read_estimate(_estimate(tmp_path / "estimate.xlsx", rows))
    return VolumeDiscountCheck().run(ReviewContext(estimate=est, calculator=calculator))


#: Cloud fees at list price, in a section with a subtotal (rows 4-8).
LIST_PRICE_ROWS: list[tuple[Any, ...]] = [
    (None, "4. ガバメントクラウド利用料"),  # row 4
    _line(None, "EC2 m6i.xlarge 本番AP ×2台", 3_900_000),  # row 5
    _line(None, "RDS for PostgreSQL db.r6i.large 本番DB", 2_880_000),  # row 6
    _line(None, "EBS gp3 本番 1TB", 240_000),  # row 7
    (None, "小計", None, None, None, 7_020_000),  # row 8
]


def test_fixtures_planted_found_and_clean_lines_left_alone(tmp_path: Path) -> None:
    """Estimates a, b and d carry a 大口割引 line (an ok finding on it, no warning); c has none, and
    its one warning goes on its largest cloud line (c has no subtotals). The fixture plants c's
    problem for the file as a whole (no cell); the check points every warning at a cell, so a
    file-level plant is taken as found by any warning of the check on that estimate."""
    seen: dict[str, list[tuple[str, str, str]]] = {}
    for name, fx in ESTIMATES.items():
        directory = tmp_path / name
        directory.mkdir()
        path, current = build(fx, directory)
        result = review(path, current=current, documents=sorted(fx.documents), checks=["volume-discount"])
        problems = result.problems()
        seen[name] = [(f.status, f.sheet, f.cell) for f in result.findings]
        for p in fx.planted_by("volume-discount"):
            if p.file_level:
                assert problems, f"{name}: {p} not found"
            else:
                assert any((f.sheet, f.cell) == (p.sheet, p.cell) for f in problems), f"{name}: {p}"
        for c in fx.clean:
            assert not any((f.sheet, f.cell) == (c.sheet, c.cell) for f in problems), f"{name}: {c}"
    assert seen == {
        "a": [("ok", "見積書", "G35")],
        "b": [("ok", "明細", "F27")],
        "c": [("warn", "estimate_c", "F17")],
        "d": [("ok", "見積明細", "H15")],
    }


def test_no_discount_warns_on_the_cloud_subtotal_with_the_expected_saving(tmp_path: Path) -> None:
    (f,) = _run(tmp_path, LIST_PRICE_ROWS)
    assert (f.status, f.sheet, f.cell, f.row) == ("warn", "見積書", "F8", 8)
    assert f.possible_saving_jpy == Decimal(7_020_000) * EXPECTED_DISCOUNT_RATE == Decimal(702_000)
    assert f.evidence["cloud_fees"] == Decimal(7_020_000)
    assert f.evidence["cloud_fee_lines"] == ["F5", "F6", "F7"]
    assert f.evidence["expected_discount_rate"] == EXPECTED_DISCOUNT_RATE
    assert "非公開" in f.evidence["rate_basis"] and "20%" in f.evidence["rate_basis"]
    assert "7,020,000 円" in f.message and "10%" in f.message and "702,000 円" in f.message
    assert "大口割引" in f.question and "割引率" in f.question


def test_a_discount_line_is_the_discount_applied(tmp_path: Path) -> None:
    rows = [*LIST_PRICE_ROWS[:4], _line(None, "大口割引(ボリュームディスカウント)", -351_000)]
    (f,) = _run(tmp_path, rows)
    assert (f.status, f.cell) == ("ok", "F8")
    assert f.evidence["discount"] == Decimal(351_000) and f.evidence["rate"] == Decimal("0.05")
    assert "5.0%" in f.message


def test_remarks_and_notes_saying_the_discount_is_applied(tmp_path: Path) -> None:
    for remark in ("大口割引適用後の金額", "ボリュームディスカウント反映済", "大口割引:適用済"):
        rows = [_line(CLOUD, "EC2 m6i.xlarge 本番AP ×2台", 3_900_000, remark)]
        (tmp_path / remark).mkdir()
        assert [f.status for f in _run(tmp_path / remark, rows)] == ["ok"], remark
    note = [
        _line(CLOUD, "EC2 m6i.xlarge 本番AP ×2台", 3_900_000),
        (None, "※クラウド利用料はデジタル庁の大口割引を適用した金額です。"),
    ]
    (tmp_path / "note").mkdir()
    (f,) = _run(tmp_path / "note", note)
    assert f.status == "ok" and f.cell != "F4"


def test_list_prices_said_outright_are_warned_even_with_an_applied_note(tmp_path: Path) -> None:
    rows = [
        _line(CLOUD, "EC2 m6i.xlarge 本番AP ×2台(オンデマンド定価)", 3_900_000),  # row 4
        _line(CLOUD, "S3 標準 1TB", 60_000, "割引前の価格"),  # row 5
        (None, "※クラウド利用料は大口割引適用後の金額です。"),  # row 6: contradicted above
    ]
    (f,) = _run(tmp_path, rows)
    assert (f.status, f.cell) == ("warn", "F4")  # no subtotal: the largest cloud line
    assert f.evidence["list_price_lines"] == ["F4", "F5"]
    assert "定価(割引前)" in f.message and "F4「EC2" in f.message
    assert f.possible_saving_jpy == Decimal(396_000)


def test_what_is_not_the_volume_discount_nor_a_cloud_fee(tmp_path: Path) -> None:
    rows = [
        _line("ソフトウェア", "業務パッケージ利用料", 12_000_000, "定価から10%値引"),  # row 4: not cloud
        _line(CLOUD, "EC2 m6i.xlarge 本番AP ×2台", 3_900_000),  # row 5
        (CLOUD, "クラウド環境構築作業", 2, "人月", 800_000, 1_600_000),  # row 6: work, not a fee
        (None, "出精値引き", None, None, None, -500_000),  # row 7: the vendor's own discount
    ]
    (f,) = _run(tmp_path, rows)
    assert (f.status, f.cell) == ("warn", "F5")
    assert f.evidence["cloud_fees"] == Decimal(3_900_000)
    assert "list_price_lines" not in f.evidence


def test_a_lump_sum_and_its_breakdown_count_once(tmp_path: Path) -> None:
    rows = [
        (CLOUD, "ガバメントクラウド利用料 一式", 1, "式", 3_000_000, 3_000_000),  # row 4
        (None, "・EC2 本番AP", 12, "月", 200_000, 2_400_000),  # row 5
        (None, "・EBS gp3 1TB", 12, "月", 50_000, 600_000),  # row 6
    ]
    (f,) = _run(tmp_path, rows)
    assert f.cell == "F4" and f.evidence["cloud_fees"] == Decimal(3_000_000)


def test_no_cloud_fees_no_finding(tmp_path: Path) -> None:
    assert _run(tmp_path, [_line("ソフトウェア", "業務パッケージ利用料", 12_000_000)]) == []


def test_calculator_at_list_price_warns_on_its_monthly_total(tmp_path: Path) -> None:
    calc = read_calculator(DATA / "aws_calculator_export.csv")
    found = _run(tmp_path, LIST_PRICE_ROWS, calculator=calc)
    assert [(f.status, f.sheet, f.cell) for f in found] == [
        ("warn", "見積書", "F8"),
        ("warn", "aws_calculator_export.csv", "B3"),  # Estimate summary: Monthly cost
    ]
    f = found[1]
    assert f.row == 3 and f.amount_jpy is None
    # USD, and the estimate's fees carry the saving: none here, the dollars in the evidence.
    assert f.possible_saving_jpy is None
    assert f.evidence["monthly_total"] == Decimal("1239.61")
    assert f.evidence["expected_discount_a_month"] == Decimal("123.961")
    assert "1,239.61 USD" in f.message and "14,875.32 USD" in f.message and "123.96 USD" in f.message
    assert "オンデマンド" in f.question


def test_calculator_with_a_discount_line_is_ok(tmp_path: Path) -> None:
    calc = read_calculator(DATA / "calculator_simple.csv")
    found = _run(tmp_path, [_line("ソフトウェア", "業務パッケージ利用料", 12_000_000)], calculator=calc)
    assert [(f.status, f.sheet, f.cell) for f in found] == [("ok", "calculator_simple.csv", "D9")]


def test_calculator_in_yen_carries_the_saving_when_the_estimate_has_no_cloud_fees(tmp_path: Path) -> None:
    path = tmp_path / "oci.csv"
    path.write_text(
        "service,description,region,monthly,currency\n"
        "Compute,VM.Standard.E5.Flex 4 OCPU,Tokyo,120000,JPY\n"
        "Block Volume,1TB,Tokyo,30000,JPY\n",
        encoding="utf-8",
    )
    calc = read_calculator(path)
    (f,) = _run(tmp_path, [_line("ソフトウェア", "業務パッケージ利用料", 12_000_000)], calculator=calc)
    assert (f.status, f.cell) == ("warn", "D2")  # no summary block: the largest line
    assert f.possible_saving_jpy == Decimal(150_000) * 12 * EXPECTED_DISCOUNT_RATE
    assert f.amount_jpy == Decimal(150_000)
    assert f.evidence["saving_basis"] == "first 12 months × expected_discount_rate"


def test_the_rate_is_configurable(tmp_path: Path) -> None:
    class Generous(VolumeDiscountCheck):
        expected_rate = Decimal("0.20")

    est = read_estimate(_estimate(tmp_path / "estimate.xlsx", LIST_PRICE_ROWS))
    (f,) = Generous().run(ReviewContext(estimate=est))
    assert f.possible_saving_jpy == Decimal(1_404_000) and "20%" in f.message
