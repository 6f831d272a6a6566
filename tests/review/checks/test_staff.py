"""``staff``: unit prices above the rate card (the default card and one given as a CSV file), the
operations assistant's headcount, manual operations, and the periodic review clause."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from govcost.review.checks.staff import DEFAULT_MONTHS, MAX_ASSISTANT_HEADCOUNT, rank_of, staffing
from govcost.review.context import DEFAULT_RATE_CARD, load_rate_card
from govcost.review.estimate import read_estimate
from govcost.review.run import review
from tests.review.estimates import ESTIMATES, RATE_CARD, build

KEY = "staff"
HEADER = ("No", "区分", "品名", "数量", "単位", "単価", "金額", "備考")
REVIEW_CLAUSE = (None, None, "・要員・工数は四半期ごとに実績を評価し見直します。")


def _rates(tmp_path: Path, card: dict[str, int]) -> Path:
    path = tmp_path / "rates.csv"
    path.write_text(
        "rank,yen_per_person_month\n" + "".join(f"{k},{v}\n" for k, v in card.items()), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("name", sorted(ESTIMATES))
def test_fixture_estimates(name: str, tmp_path: Path) -> None:
    """Every planted staff problem found at its cell; the one planted on the file as a whole (no
    clause on reviewing the staffing) is reported on the first staffing line, as every warning points
    at a cell; no clean line flagged."""
    fx = ESTIMATES[name]
    estimate, current = build(fx, tmp_path)
    result = review(estimate, current=current, checks=[KEY], rate_card=_rates(tmp_path, RATE_CARD))
    problems = [f for f in result.findings if f.status != "ok"]
    assert all(f.cell for f in problems)
    flagged = {(f.sheet, f.cell) for f in problems}
    for p in fx.planted_by(KEY):
        if p.file_level:
            assert any("searched" in f.evidence for f in problems), f"{name}: {p} not found"
        else:
            assert (p.sheet, p.cell) in flagged, f"{name}: {p} not found; got {problems}"
    for c in fx.clean:
        assert (c.sheet, c.cell) not in flagged, f"{name}: clean {c} flagged"


def test_fixture_d_findings(tmp_path: Path) -> None:
    estimate, current = build(ESTIMATES["d"], tmp_path)
    findings = review(estimate, current=current, checks=[KEY]).findings
    by = {
        (f.cell, k): f
        for f in findings
        for k in f.evidence
        if k in ("rank", "persons", "manual_word", "searched")
    }
    rate = by[("H21", "rank")]
    assert rate.evidence["rank"] == "PM" and rate.possible_saving_jpy == Decimal(300_000 * 36)
    head = by[("H21", "persons")]
    assert head.evidence["persons"] == Decimal("3.5")
    assert by[("H18", "manual_word")].evidence["operation_word"] == "バックアップ"
    review_clause = by[("H21", "searched")]
    assert "同体制" in review_clause.message and "fixed_clause" in review_clause.evidence
    assert len(findings) == 4


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


def test_rank_words() -> None:
    card = DEFAULT_RATE_CARD
    assert rank_of("運用管理補助 上級SE", card) == ("上級SE", True)
    assert rank_of("シニアSE", card) == ("上級SE", True)
    assert rank_of("運用 SE", card) == ("SE", True)
    assert rank_of("プロジェクトマネージャー", card) == ("PM", True)
    assert rank_of("監視オペレーター", card) == ("オペレータ", True)
    assert rank_of("PMO支援", card) == ("PM", False)  # no rank named: the dearest
    assert rank_of("SES契約の要員", card) == ("PM", False)


def test_rate_in_person_days_and_unknown_rank(tmp_path: Path) -> None:
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            (1, "運用作業", "障害対応 SE", 20, "人日", 60_000, 1_200_000),  # limit 800,000 / 20 = 40,000
            (2, "運用作業", "運用支援要員", 12, "人月", 1_300_000, 15_600_000),  # dearest: PM 1,200,000
            (3, "運用作業", "運用 PG", 12, "人月", 600_000, 7_200_000),  # at the limit
            REVIEW_CLAUSE,
        ],
    )
    findings = review(estimate, checks=[KEY]).findings
    assert [(f.cell, f.possible_saving_jpy) for f in findings] == [
        ("G2", Decimal(400_000)),
        ("G3", Decimal(1_200_000)),
    ]
    assert findings[1].evidence["rank_named"] is False and "ランク記載なし" in findings[1].message


def test_rate_card_file(tmp_path: Path) -> None:
    path = _rates(tmp_path, {"SE": 700_000, "リーダー": 900_000})
    assert load_rate_card(path) == {"SE": Decimal(700_000), "リーダー": Decimal(900_000)}
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            (1, "運用作業", "運用 SE", 12, "人月", 800_000, 9_600_000),
            (2, "運用作業", "運用リーダー", 12, "人月", 900_000, 10_800_000),
            REVIEW_CLAUSE,
        ],
    )
    findings = review(estimate, checks=[KEY], rate_card=path).findings
    assert [(f.cell, f.possible_saving_jpy) for f in findings] == [("G2", Decimal(1_200_000))]


def test_price_per_person_a_month(tmp_path: Path) -> None:
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            (1, "運用作業", "常駐オペレータ", 2, "名", 700_000, 16_800_000, "月額単価 × 12か月"),
            (2, "運用作業", "ヘルプデスク要員", 1, "名", 5_000_000, 5_000_000),  # period unknown: no rate
            REVIEW_CLAUSE,
        ],
    )
    (f,) = review(estimate, checks=[KEY]).findings
    assert f.cell == "G2" and f.possible_saving_jpy == Decimal(2_400_000)  # 100,000 × 2 × 12


@pytest.mark.parametrize(("person_months", "flagged"), [(24, False), (30, True)])
def test_assistant_headcount(tmp_path: Path, person_months: int, flagged: bool) -> None:
    assert MAX_ASSISTANT_HEADCOUNT * DEFAULT_MONTHS == 24
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            (1, "運用管理補助", "ガバメントクラウド運用管理補助 SE", person_months - 6, "人月", 800_000, 1),
            (2, "運用管理補助", "ガバメントクラウド運用管理補助 PG", 6, "人月", 600_000, 1),
            REVIEW_CLAUSE,
        ],
    )
    findings = [f for f in review(estimate, checks=[KEY]).findings if "persons" in f.evidence]
    assert bool(findings) is flagged
    if flagged:
        assert findings[0].cell == "G2" and findings[0].evidence["persons"] == Decimal("2.5")


def test_persons_written_on_the_line(tmp_path: Path) -> None:
    lines = read_estimate(
        _xlsx(tmp_path / "e.xlsx", [(1, "運用管理補助", "SE 0.5人月 ×12か月", 6, "人月", 800_000, 4_800_000)])
    ).items()
    s = staffing(lines[0], DEFAULT_RATE_CARD)
    assert s is not None and s.persons == Decimal("0.5") and s.rank == "SE"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("バックアップ取得作業(手作業)", True),
        ("障害時は手動でサービスを再起動", True),
        ("ログの目視確認", True),
        ("バックアップ取得(AWS Backup により自動、手作業なし)", False),
        ("手作業による帳票の封入封緘", False),  # manual, but not an operation to automate
    ],
)
def test_manual_operations(tmp_path: Path, text: str, flagged: bool) -> None:
    estimate = _xlsx(tmp_path / "estimate.xlsx", [(1, "運用作業", text, 12, "月", 100_000, 1_200_000)])
    findings = review(estimate, checks=[KEY]).findings
    assert [(f.cell, "manual_word" in f.evidence) for f in findings] == ([("G2", True)] if flagged else [])


def test_review_clause(tmp_path: Path) -> None:
    rows: list[tuple[object, ...]] = [
        (1, "運用作業", "定常運用作業", 12, "月", 300_000, 3_600_000),
        (2, "運用管理補助", "運用管理補助 SE", 6, "人月", 800_000, 4_800_000),
        (3, "運用管理補助", "運用管理補助 PG", 6, "人月", 600_000, 3_600_000),
    ]
    (f,) = review(_xlsx(tmp_path / "e1.xlsx", rows), checks=[KEY]).findings
    assert f.cell == "G3" and "見直" in f.message  # the first staffing line
    with_clause = [*rows[:2], (*rows[2], "工数は半期ごとに評価し見直す")]
    assert review(_xlsx(tmp_path / "e2.xlsx", with_clause), checks=[KEY]).findings == []
    no_staff = rows[:1]
    assert review(_xlsx(tmp_path / "e3.xlsx", no_staff), checks=[KEY]).findings == []
