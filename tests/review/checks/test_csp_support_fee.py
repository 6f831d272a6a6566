"""csp-support-fee: the cloud provider's support plan in the estimate or the calculator (free under the
Government Cloud), told apart from the vendor's own support of its package or work."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from govcost.review.base import ReviewFinding
from govcost.review.calculator import read_calculator
from govcost.review.checks.csp_support_fee import CspSupportFeeCheck
from govcost.review.context import ReviewContext
from govcost.review.estimate import read_estimate
from govcost.review.run import review
from tests.review.estimates import ESTIMATES, build

DATA = Path(__file__).resolve().parents[2] / "data" / "review"
HEADER = ("区分", "品名", "数量", "単位", "単価", "金額", "備考")
CLOUD, SOFTWARE, OPS = "クラウド利用料", "ソフトウェア", "運用作業"


def _line(kubun: str, item: str, amount: int, remarks: str = "") -> tuple[Any, ...]:
    return (kubun, item, 12, "月", amount // 12, amount, remarks or None)


def _estimate(path: Path, rows: Sequence[Sequence[Any]], heading: str | None = None) -> Path:
    """Title on row 1, header on row 3, an optional heading row 4, the rows after it (金額 = F)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "見積書"
    ws["A1"] = "御見積書"
    for c, name in enumerate(HEADER, start=1):
        ws.cell(3, c, name)
    first = 4
    if heading:
        ws.cell(4, 1, heading)
        first = 5
    for r, values in enumerate(rows, start=first):
        for c, v in enumerate(values, start=1):
            if v is not None:
                ws.cell(r, c, v)
    wb.save(path)
    return path


def _run(tmp_path: Path, rows: Sequence[Sequence[Any]], calculator: Any = None) -> list[ReviewFinding]:
    est = read_estimate(_estimate(tmp_path / "estimate.xlsx", rows))
    return CspSupportFeeCheck().run(ReviewContext(estimate=est, calculator=calculator))


def _by_cell(findings: list[ReviewFinding]) -> dict[str, ReviewFinding]:
    return {f.cell: f for f in findings}


def test_fixtures_planted_found_and_clean_lines_left_alone(tmp_path: Path) -> None:
    found_where: dict[str, set[tuple[str, str]]] = {}
    for name, fx in ESTIMATES.items():
        directory = tmp_path / name
        directory.mkdir()
        path, current = build(fx, directory)
        result = review(path, current=current, documents=sorted(fx.documents), checks=["csp-support-fee"])
        problems = result.problems()
        found_where[name] = {(f.sheet, f.cell) for f in problems}
        for p in fx.planted_by("csp-support-fee"):
            assert (p.sheet, p.cell) in found_where[name], f"{name}: {p} not found"
        for c in fx.clean:
            assert (c.sheet, c.cell) not in found_where[name], f"{name}: clean {c} flagged"
        for f in problems:
            assert f.status == "ng" and f.possible_saving_jpy == f.amount_jpy and f.amount_jpy
    assert found_where == {
        "a": {("見積書", "G34")},
        "b": set(),
        "c": {("estimate_c", "F20")},
        "d": set(),
    }


def test_provider_support_plans_are_ng_with_their_amount_as_saving(tmp_path: Path) -> None:
    rows = [
        _line(CLOUD, "AWS サポート(ビジネス)", 1_320_000, "利用料の10%"),  # row 4
        _line(CLOUD, "エンタープライズ On-Ramp", 6_000_000),  # row 5: a plan named alone
        _line(CLOUD, "Azure Unified サポート", 2_400_000),  # row 6
        _line(CLOUD, "Google Cloud Customer Care (Enhanced)", 600_000),  # row 7
        _line(CLOUD, "OCI サポート", 240_000),  # row 8
        _line(OPS, "ＡＷＳ　ビジネスサポート", 360_000),  # row 9: full-width, under another 区分
        _line(CLOUD, "AWS Support (Business)", 480_000),  # row 10
        _line(CLOUD, "AWS ビジネスサポート(24時間365日対応)", 480_000),  # row 11: its hours, not work
    ]
    found = _by_cell(_run(tmp_path, rows))
    assert set(found) == {"F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11"}
    for f in found.values():
        assert f.status == "ng" and f.check == "csp-support-fee"
        assert f.possible_saving_jpy == f.amount_jpy
        assert f.evidence["saving_basis"]
    f = found["F4"]
    assert f.possible_saving_jpy == Decimal(1_320_000) and f.sheet == "見積書" and f.row == 4
    assert "1,320,000 円" in f.message and "AWS サポート(ビジネス)" in f.message
    assert "デジタル庁" in f.question and "無償" in f.question and "除外" in f.question


def test_the_vendors_own_support_is_not_a_csp_fee(tmp_path: Path) -> None:
    rows = [
        _line(SOFTWARE, "パッケージ保守サポート", 1_200_000),
        _line(SOFTWARE, "DBミドルウェアライセンス(PostgreSQL 商用サポート)", 1_320_000),
        _line(SOFTWARE, "Oracle Premier Support(Database ライセンス)", 900_000),
        _line(OPS, "AWS 運用サポート(構成変更・障害対応)", 2_400_000),
        _line(OPS, "AWS サポートへの問合せ代行", 240_000),
        _line(OPS, "AWS サポートケース起票作業", 120_000),
        _line(OPS, "テクニカルサポート(平日9時-17時)", 600_000),
        _line("運用管理補助", "ヘルプデスク サポート", 720_000),
        _line(CLOUD, "EC2 m6i.xlarge 本番AP", 3_900_000, "サポート窓口は当社"),
    ]
    assert [f for f in _run(tmp_path, rows) if f.status != "ok"] == []


def test_a_support_line_in_the_cloud_section_naming_no_provider_is_asked_about(tmp_path: Path) -> None:
    rows = [
        (None, "4. ガバメントクラウド利用料"),  # row 4: the section heading
        (None, "EC2 m6i.xlarge 本番AP", 12, "月", 325_000, 3_900_000),  # row 5
        (None, "テクニカルサポート", 12, "月", 50_000, 600_000),  # row 6
    ]
    found = _by_cell(_run(tmp_path, rows))
    assert set(found) == {"F6"}
    f = found["F6"]
    assert f.status == "warn" and f.possible_saving_jpy == Decimal(600_000)
    assert f.evidence["cloud_section"] is True and f.evidence["provider_named"] is False
    assert "CSP" in f.question and "作業内容" in f.question


def test_support_included_in_a_cloud_fee_is_asked_to_be_taken_out(tmp_path: Path) -> None:
    rows = [
        _line(CLOUD, "ガバメントクラウド利用料(EC2・S3)", 3_300_000, "AWS ビジネスサポート費用(10%)を含む"),
        _line(CLOUD, "AWS 利用料(EC2・RDS・サポート)", 2_400_000),  # row 5: support named among others
        _line(CLOUD, "ガバメントクラウド利用料(RDS)", 1_200_000, "AWS サポートは含まない"),  # row 6
    ]
    found = _by_cell(_run(tmp_path, rows))
    assert set(found) == {"F4", "F5"}
    assert found["F4"].status == "warn" and found["F5"].status == "warn"
    # The remark gives the support as 10 % of the other fees: 3,300,000 × 10 / 110.
    assert found["F4"].possible_saving_jpy == Decimal(300_000)
    assert "10" in found["F4"].evidence["saving_basis"]
    assert found["F5"].possible_saving_jpy is None
    assert "含まれている CSP サポート費用" in found["F5"].question


def test_a_support_line_stated_free_is_ok_and_one_priced_separately_is_asked(tmp_path: Path) -> None:
    rows = [
        _line(CLOUD, "CSP サポート(デジタル庁契約により無償)", 0),
        (CLOUD, "AWS ビジネスサポート", 12, "月", 30_000, None, "別途"),  # no amount: not priced here
    ]
    found = _by_cell(_run(tmp_path, rows))
    assert found["F4"].status == "ok" and found["F4"].question == ""
    assert found["F5"].status == "warn" and found["F5"].cell == "F5" and "別途" in found["F5"].question


def test_calculator_support_line_points_at_its_monthly_cell(tmp_path: Path) -> None:
    calc = read_calculator(DATA / "aws_calculator_export.csv")
    found = _run(tmp_path, [_line(CLOUD, "EC2 m6i.xlarge 本番AP", 3_900_000)], calculator=calc)
    assert len(found) == 1
    f = found[0]
    assert (f.status, f.sheet, f.cell, f.row) == ("ng", "aws_calculator_export.csv", "F17", 17)
    assert f.item == "AWS Support (Business)"
    # In dollars: no yen amount and no yen saving, the dollars are in the evidence and the message.
    assert f.amount_jpy is None and f.possible_saving_jpy is None
    assert f.evidence["monthly"] == Decimal("112.69") and f.evidence["first_12_months"] == Decimal("1352.28")
    assert "112.69 USD" in f.message and "1,352.28 USD" in f.message


def test_calculator_in_yen_carries_the_saving_unless_the_estimate_has_its_own_line(tmp_path: Path) -> None:
    calc = [
        {
            "sheet": "azure.csv",
            "row": 4,
            "cell": "D4",
            "service": "Azure サポート",
            "description": "Professional Direct",
            "monthly": Decimal(150_000),
            "currency": "JPY",
            "upfront": None,
            "first_12_months": None,
        },
        {"sheet": "azure.csv", "row": 5, "cell": "D5", "service": "Virtual Machines", "monthly": "84000"},
    ]
    alone = _run(tmp_path, [_line(CLOUD, "EC2 m6i.xlarge 本番AP", 3_900_000)], calculator=calc)
    assert [(f.cell, f.possible_saving_jpy) for f in alone] == [("D4", Decimal(1_800_000))]
    (tmp_path / "two").mkdir()
    both = _run(tmp_path / "two", [_line(CLOUD, "Azure サポート", 1_800_000)], calculator=calc)
    assert [(f.cell, f.possible_saving_jpy) for f in both] == [("F4", Decimal(1_800_000)), ("D4", None)]
    assert both[1].evidence["saving_basis"] == "counted on the estimate's own support line"


def test_review_reads_the_calculator_file(tmp_path: Path) -> None:
    path = _estimate(tmp_path / "estimate.xlsx", [_line(CLOUD, "EC2 m6i.xlarge 本番AP", 3_900_000)])
    result = review(path, calculator=DATA / "aws_calculator_export.csv", checks=["csp-support-fee"])
    assert [(f.sheet, f.cell, f.status) for f in result.findings] == [
        ("aws_calculator_export.csv", "F17", "ng")
    ]
    clean = review(path, calculator=DATA / "calculator_simple.csv", checks=["csp-support-fee"])
    assert clean.findings == []
