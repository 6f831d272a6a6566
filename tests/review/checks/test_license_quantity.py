"""``license-quantity``: licences beyond the stated users (current contract or the estimate's premise)
and beyond the current contract's quantity, with the saving worked out exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from govcost.review.checks.license_quantity import basis_of, is_licence, stated_counts
from govcost.review.estimate import read_estimate
from govcost.review.run import review
from tests.review.estimates import ESTIMATES, build

KEY = "license-quantity"
HEADER = ("No", "区分", "品名", "数量", "単位", "単価", "金額", "備考")


@pytest.mark.parametrize("name", sorted(ESTIMATES))
def test_fixture_estimates(name: str, tmp_path: Path) -> None:
    fx = ESTIMATES[name]
    estimate, current = build(fx, tmp_path)
    result = review(estimate, current=current, checks=[KEY])
    fx.assert_found(KEY, result.findings)


def test_fixture_d_numbers(tmp_path: Path) -> None:
    """300 職員ライセンス against 120 users (current contract and the estimate's own premise): the
    reason given (全庁展開に伴い) explains the rise over the current contract, not seats beyond the
    users, so the finding stands and quotes it."""
    estimate, current = build(ESTIMATES["d"], tmp_path)
    result = review(estimate, current=current, checks=[KEY])
    (f,) = [f for f in result.findings if f.status == "warn"]
    assert (f.cell, f.item) == ("H8", "職員ライセンス")
    assert f.evidence["need"] == Decimal(120) and f.evidence["excess"] == Decimal(180)
    assert f.possible_saving_jpy == Decimal(180 * 18_000)
    assert "全庁展開" in f.message and "120" in f.question


def _xlsx(path: Path, rows: list[tuple[object, ...]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "見積書"
    ws.append(HEADER)
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def test_premise_note_gives_the_need(tmp_path: Path) -> None:
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            ("1. 業務パッケージ・ミドルウェア利用料",),
            (1, "ソフトウェア", "業務パッケージ利用ライセンス", 300, "ライセンス", 10_000, 3_000_000),
            (2, "ソフトウェア", "帳票ミドルウェア(本番・検証環境 各1)", 2, "本", 240_000, 480_000),
            (None, None, "※前提条件: 利用者数 120名、端末数 80台"),
        ],
    )
    result = review(estimate, checks=[KEY])
    (f,) = result.findings
    assert (f.status, f.cell) == ("warn", "G3")
    assert f.possible_saving_jpy == Decimal(180 * 10_000)
    assert f.evidence["need_source"] == "estimate" and f.evidence["need_cell"] == "見積書!C5"


def test_rise_over_current_quantity(tmp_path: Path) -> None:
    current = _xlsx(
        tmp_path / "current.xlsx",
        [(1, "ソフトウェア", "ウイルス対策ソフト クライアントライセンス", 100, "ライセンス", 3_000, 300_000)],
    )
    rows: list[tuple[object, ...]] = [
        (1, "ソフトウェア", "ウイルス対策ソフト クライアントライセンス", 150, "ライセンス", 3_000, 450_000),
    ]
    result = review(_xlsx(tmp_path / "estimate.xlsx", rows), current=current, checks=[KEY])
    (f,) = result.findings
    assert f.status == "warn" and f.evidence["current_quantity"] == Decimal(100)
    assert f.possible_saving_jpy == Decimal(150_000)
    # With a reason in the remarks the rise is explained.
    rows[0] = (*rows[0], "利用者増(新庁舎開設)")
    result = review(_xlsx(tmp_path / "estimate2.xlsx", rows), current=current, checks=[KEY])
    (f,) = result.findings
    assert f.status == "ok" and f.possible_saving_jpy is None


def test_saving_when_amount_is_not_quantity_times_price(tmp_path: Path) -> None:
    """A monthly price per licence × 12 months: the excess share of the amount."""
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            (1, "ソフトウェア", "グループウェア ユーザーライセンス(月額)", 200, "ユーザー", 500, 1_200_000),
            (None, None, "前提条件:ユーザー数 150名"),
        ],
    )
    (f,) = review(estimate, checks=[KEY]).findings
    assert f.possible_saving_jpy == Decimal(300_000)  # 1,200,000 × 50 / 200
    assert "amount" in f.evidence["saving_basis"]


def test_current_counts_win_over_the_premise(tmp_path: Path) -> None:
    current = _xlsx(tmp_path / "current.xlsx", [(None, None, "・利用者数:100名")])
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            (1, "ソフトウェア", "業務システム CAL", 150, "CAL", 1_000, 150_000),
            (None, None, "・利用者数:150名"),
        ],
    )
    (f,) = review(estimate, current=current, checks=[KEY]).findings
    assert (
        f.status == "warn" and f.evidence["need"] == Decimal(100) and f.evidence["need_source"] == "current"
    )


def test_fits_and_not_applicable(tmp_path: Path) -> None:
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            (1, "ソフトウェア", "業務パッケージ ユーザーライセンス", 120, "ユーザー", 10_000, 1_200_000),
            (2, "ソフトウェア", "DBライセンス(プロセッサ)", 4, "コア", 100_000, 400_000),
            (3, "ソフトウェア", "業務パッケージ利用料", 12, "月", 500_000, 6_000_000),
            (None, None, "前提条件: 利用者数 120名"),
        ],
    )
    findings = review(estimate, checks=[KEY]).findings
    assert [(f.status, f.cell) for f in findings] == [("ok", "G2")]


def test_what_is_a_licence_and_its_basis(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            (1, "ソフトウェア", "CAL", 50, "本", 1, 50),
            (2, "機器", "業務端末 借料", 50, "台", 1, 50),
            (3, "ソフトウェア", "端末ライセンス", 50, "台", 1, 50),
            (4, "ソフトウェア", "同時接続ライセンス", 20, "本", 1, 50),
            (5, "ソフトウェア", "ライセンス保守", 1, "式", 1, 1),
            (6, "クラウド利用料", "EC2 m6i.xlarge(Windowsライセンス込み)", 2, "台", 1, 2),
            (7, "ソフトウェア", "ローカルバックアップソフト", 3, "本", 1, 3),
            (None, None, "同時利用者数 40、利用者数 120名、サーバ台数 4台"),
        ],
    )
    lines = read_estimate(path).items()
    assert [is_licence(ln) for ln in lines] == [True, False, True, True, False, False, False]
    assert [basis_of(ln) for ln in lines if is_licence(ln)] == ["users", "devices", "concurrent"]
    counts = {(c.basis, c.value) for c in stated_counts(read_estimate(path), "estimate", every_line=False)}
    assert counts == {("concurrent", Decimal(40)), ("users", Decimal(120)), ("servers", Decimal(4))}
