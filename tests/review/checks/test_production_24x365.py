"""production-24x365: production priced around the clock with no stated need."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from govcost.review.checks.production_24x365 import Production24x365
from tests.review.checks._cloudfees import calculator_line, check_fixtures, cloud, context, problems


def test_fixtures_planted_found_and_clean_lines_left_alone(tmp_path: Path) -> None:
    counts = check_fixtures("production-24x365", tmp_path)
    assert counts == {"a": 1, "b": 0, "c": 1, "d": 0}


def test_around_the_clock_without_a_need_is_asked_about(tmp_path: Path) -> None:
    rows = [
        cloud("EC2 m6i.xlarge 本番AP 24時間365日", 1_200_000),  # row 4
        cloud("本番DB RDS db.r6i.large", 1_200_000, "730時間/月"),  # row 5
        cloud("APサーバ EC2 m6i.large 常時稼働", 1_200_000),  # row 6: no environment = production
        cloud("本番バッチサーバ EC2 m6i.large 24時間365日", 1_200_000, "夜間バッチ 22:00-6:00"),  # row 7
        cloud("本番AP EC2 m6i.large 24時間365日", 1_200_000, "コンビニ交付のため常時稼働"),  # row 8
        cloud("本番AP EC2 m6i.large 24時間365日", 1_200_000, "SLA 99.9%"),  # row 9
        cloud("本番AP EC2 m6i.large 平日7時-22時稼働", 600_000),  # row 10: hours cut
        cloud("EC2 m6i.large 検証 24時間365日", 600_000),  # row 11: verification's
        cloud("DR環境 EC2 m6i.large 24時間365日", 600_000),  # row 12: standby, another question
        cloud("EBS gp3 本番 500GB 24時間365日", 60_000),  # row 13: storage, not a server
    ]
    found = Production24x365().run(context(tmp_path, rows))
    assert set(problems(found)) == {"F4", "F5", "F6"}
    ok = {f.cell: f for f in found if f.status == "ok"}
    assert set(ok) == {"F7", "F8", "F9"}
    assert ok["F7"].evidence["stated_need"] == "夜間バッチ"
    assert ok["F9"].evidence["stated_need"] == "sla"


def test_saving_is_conservative_only_the_closed_days(tmp_path: Path) -> None:
    rows = [cloud("EC2 m6i.2xlarge 本番AP 24時間365日", 2_400_000)]
    (f,) = Production24x365().run(context(tmp_path, rows))
    kept = Decimal(24 * 242)
    assert f.evidence["hours_kept_a_year"] == kept
    assert f.possible_saving_jpy == Decimal(2_400_000) * (1 - kept / Decimal(8760))
    assert "閉庁日" in f.message and "24時間365日" in f.message
    assert "稼働時間帯" in f.question and "夜間バッチ" in f.question


def test_a_need_in_the_section_counts(tmp_path: Path) -> None:
    rows = [
        (None, "1. 本番環境(電子申請・コンビニ交付 24時間受付)", None, None, None, None, None),
        cloud("APサーバ EC2 m6i.large 24時間365日", 600_000),
    ]
    found = Production24x365().run(context(tmp_path, rows))
    assert [f.status for f in found] == ["ok"]


def test_calculator_production_line(tmp_path: Path) -> None:
    calc = [
        calculator_line(
            group="税務 > 本番環境",
            description="APサーバ",
            configuration="Advance EC2 instance (m6i.xlarge), "
            "Utilization (On-Demand only) (100 %Utilized/Month)",
            monthly=Decimal("27156"),
        )
    ]
    (f,) = Production24x365().run(context(tmp_path, [], calculator=calc))
    assert f.status == "warn" and f.cell == "F5"
    assert f.possible_saving_jpy == Decimal("27156") * 12 * (1 - Decimal(24 * 242) / Decimal(8760))
