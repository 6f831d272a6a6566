"""verification-24x365: verification environments priced around the clock, and the hours saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from govcost.jp.calendar import is_business_day
from govcost.review.checks.verification_24x365 import Verification24x365
from tests.review.checks._cloudfees import calculator_line, check_fixtures, cloud, context, problems


def _working_days(fy: int) -> int:
    day, n = dt.date(fy, 4, 1), 0
    while day < dt.date(fy + 1, 4, 1):
        n += is_business_day(day)
        day += dt.timedelta(days=1)
    return n


def test_fixtures_planted_found_and_clean_lines_left_alone(tmp_path: Path) -> None:
    counts = check_fixtures("verification-24x365", tmp_path)
    assert counts == {"a": 1, "b": 0, "c": 1, "d": 0}


def test_words_hours_and_quantities_that_mean_around_the_clock(tmp_path: Path) -> None:
    rows = [
        cloud("EC2 m6i.large 検証環境 24時間365日", 1_200_000),  # row 4
        cloud("EC2 m6i.large ステージング 常時稼働", 1_200_000),  # row 5
        cloud("EC2 m6i.large テスト用", 1_200_000, "730時間/月 × 12か月"),  # row 6
        ("クラウド利用料", "EC2 m6i.large stg-ap01", 8760, "時間", 20, 175_200, None),  # row 7
        cloud("EC2 m6i.large 検証環境 平日8時-20時稼働", 400_000),  # row 8: hours already cut
        cloud("EC2 m6i.large 検証環境", 400_000, "夜間・休日は自動停止"),  # row 9
        cloud("EC2 m6i.large 検証環境", 400_000, "250時間/月"),  # row 10: hours written, cut
        cloud("EC2 m6i.large 本番AP 24時間365日", 1_200_000),  # row 11: production, not this check
        cloud("RDS PostgreSQL db.r6i.large 24時間365日", 1_200_000),  # row 12: no environment named
        cloud("EC2 m6i.large PostgreSQL サーバ 24時間365日", 1_200_000),  # row 13: "postgres" is no stg
        ("運用作業", "検証環境の監視 24時間365日", 12, "月", 10_000, 120_000, None),  # row 14: not cloud
    ]
    found = problems(Verification24x365().run(context(tmp_path, rows)))
    assert set(found) == {"F4", "F5", "F6", "F7"}
    assert all(f.status == "warn" and f.sheet == "見積書" for f in found.values())


def test_saving_is_the_hours_a_working_schedule_does_not_run(tmp_path: Path) -> None:
    rows = [cloud("EC2 m6i.xlarge 検証AP 24時間365日", 1_200_000)]
    (f,) = Verification24x365().run(context(tmp_path, rows))
    # The estimate names 令和7年度 only in its title block: the reference fiscal year, 2025, counts.
    days = _working_days(2025)
    assert f.evidence["business_days"] == days == 242
    operating = Decimal(12) * days
    assert f.evidence["operating_hours_a_year"] == operating
    assert f.evidence["hours_priced_a_year"] == Decimal(8760)
    assert f.possible_saving_jpy == Decimal(1_200_000) * (1 - operating / Decimal(8760))
    assert "2,904" in f.message and "242" in f.message and "検証環境" in f.message
    assert "停止" in f.question and f.cell == "F4" and f.amount_jpy == Decimal(1_200_000)


def test_hours_in_the_quantity_set_the_hours_priced(tmp_path: Path) -> None:
    rows = [("クラウド利用料", "EC2 検証環境 APサーバ", 744, "時間", 50, 37_200, "1か月分")]
    (f,) = Verification24x365().run(context(tmp_path, rows))
    assert f.evidence["hours_priced_a_year"] == Decimal(744 * 12)
    assert f.possible_saving_jpy == Decimal(37_200) * (1 - Decimal(2904) / Decimal(744 * 12))


def test_a_fiscal_year_named_on_a_line_sets_the_working_days(tmp_path: Path) -> None:
    rows = [
        (None, "1. 令和8年度 ガバメントクラウド利用料", None, None, None, None, None),
        cloud("EC2 検証環境 24時間365日", 1_000_000),
    ]
    (f,) = Verification24x365().run(context(tmp_path, rows))
    assert f.evidence["fiscal_year"] == "令和8年度"
    assert f.evidence["business_days"] == _working_days(2026)


def test_the_section_names_the_environment(tmp_path: Path) -> None:
    rows = [
        (None, "2. 検証環境", None, None, None, None, None),
        cloud("APサーバ EC2 m6i.large 24時間365日", 600_000),
        (None, "3. 本番環境", None, None, None, None, None),
        cloud("APサーバ EC2 m6i.large 24時間365日 (電子申請のため)", 600_000),
    ]
    found = problems(Verification24x365().run(context(tmp_path, rows)))
    assert set(found) == {"F5"}


def test_calculator_lines_in_yen_are_read_and_made_a_year(tmp_path: Path) -> None:
    calc = [
        calculator_line(
            group="住民記録 > 検証環境",
            description="APサーバ",
            configuration="Advance EC2 instance (m6i.large), "
            "Pricing strategy (On-Demand Utilization: 730 Hours/Month)",
            monthly=Decimal("13578"),
        ),
        calculator_line(
            group="住民記録 > 検証環境",
            description="DBサーバ",
            row=6,
            cell="F6",
            configuration="Utilization (On-Demand only) (30 %Utilized/Month)",
            monthly=Decimal("5000"),
        ),
    ]
    (f,) = Verification24x365().run(context(tmp_path, [], calculator=calc))
    assert (f.sheet, f.cell, f.row) == ("calculator.csv", "F5", 5)
    assert f.possible_saving_jpy == Decimal("13578") * 12 * (1 - Decimal(2904) / Decimal(8760))
    assert f.evidence["source"] == "calculator"


def test_calculator_lines_in_usd_get_no_yen_saving(tmp_path: Path) -> None:
    calc = [
        calculator_line(
            group="検証環境",
            description="AP",
            configuration="(100 %Utilized/Month)",
            monthly=Decimal("90.52"),
            currency="USD",
        )
    ]
    (f,) = Verification24x365().run(context(tmp_path, [], calculator=calc))
    assert f.status == "warn" and f.possible_saving_jpy is None and f.amount_jpy is None


def test_a_lump_sum_with_flagged_breakdown_is_not_flagged_again(tmp_path: Path) -> None:
    rows = [
        cloud("検証環境 クラウド利用料 一式 24時間365日", 1_200_000, qty=1, unit="式"),
        ("クラウド利用料", "・EC2 m6i.large 検証AP 24時間365日", 12, "月", 50_000, 600_000, None),
        ("クラウド利用料", "・EC2 m6i.large 検証DB 24時間365日", 12, "月", 50_000, 600_000, None),
    ]
    found = problems(Verification24x365().run(context(tmp_path, rows)))
    assert set(found) == {"F5", "F6"}


def test_an_aws_calculator_export_through_review(tmp_path: Path) -> None:
    from govcost.review.run import review
    from tests.review.checks._cloudfees import write_estimate

    estimate = write_estimate(
        tmp_path / "estimate.xlsx", [cloud("EC2 m6i.large 本番AP 平日8時-20時稼働", 300_000)]
    )
    export = tmp_path / "calculator.csv"
    export.write_text(
        "Estimate summary\n"
        "Upfront cost,Monthly cost,Total 12 months cost,Currency\n"
        "0,135.78,1629.36,JPY\n"
        "\n"
        "Detailed Estimate\n"
        "Group hierarchy,Region,Description,Service,Upfront,Monthly,First 12 months total,Currency,"
        "Status,Configuration summary\n"
        '住民記録 > 検証環境,Asia Pacific (Tokyo),APサーバ,Amazon EC2,0,13578,162936,JPY,,"Advance EC2 '
        'instance (m6i.large), Pricing strategy (On-Demand Utilization: 730 Hours/Month)"\n'
        '住民記録 > 本番環境,Asia Pacific (Tokyo),APサーバ,Amazon EC2,0,4650,55800,JPY,,"Advance EC2 '
        'instance (m6i.large), Pricing strategy (On-Demand Utilization: 250 Hours/Month)"\n',
        encoding="utf-8",
    )
    result = review(estimate, calculator=export, checks=["verification-24x365", "production-24x365"])
    (f,) = result.problems()
    assert (f.check, f.sheet, f.cell) == ("verification-24x365", "calculator.csv", "F7")
    assert f.possible_saving_jpy == Decimal(13578) * 12 * (1 - Decimal(2904) / Decimal(8760))
