"""full-backup: full backups with no differential ones, and backup volume out of line with the data."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from govcost.review.checks.full_backup import DAILY_CHANGE_RATE, MAX_BACKUP_RATIO, FullBackup
from tests.review.checks._cloudfees import check_fixtures, cloud, context, problems


def test_fixtures_planted_found_and_clean_lines_left_alone(tmp_path: Path) -> None:
    counts = check_fixtures("full-backup", tmp_path)
    assert counts == {"a": 0, "b": 0, "c": 1, "d": 0}


def test_full_backups_without_differential_ones_are_asked_about(tmp_path: Path) -> None:
    rows = [
        cloud("バックアップ 日次フルバックアップ 保持7世代", 600_000),  # row 4
        cloud("AWS Backup 全体バックアップ(毎日)", 600_000),  # row 5
        cloud("EBS snapshot full daily", 600_000),  # row 6
        cloud("バックアップ 週次フルバックアップ + 日次差分バックアップ", 600_000),  # row 7: fine
        cloud("AWS Backup 増分バックアップ 日次 保持14世代", 600_000, "対象データ 1TB"),  # row 8
        cloud("フルマネージド DB RDS db.r6i.large", 600_000),  # row 9: not a backup
    ]
    found = problems(FullBackup().run(context(tmp_path, rows)))
    assert set(found) == {"F4", "F5", "F6"}
    assert "差分" in found["F4"].question and "フルバックアップ" in found["F4"].message
    assert "日次" in found["F4"].message
    assert found["F4"].possible_saving_jpy is None  # no data volume stated anywhere


def test_volume_out_of_line_with_the_data_even_when_differential(tmp_path: Path) -> None:
    rows = [
        cloud("AWS Backup 差分バックアップ 日次 保持14世代 8TB", 600_000, "対象データ量 約1TB"),  # row 4
        cloud("AWS Backup 差分バックアップ 日次 保持14世代 約1.5TB", 90_000, "対象データ量 約1TB"),  # row 5
    ]
    found = problems(FullBackup().run(context(tmp_path, rows)))
    assert set(found) == {"F4"}
    f = found["F4"]
    assert f.evidence["ratio"] == Decimal(8) and f.evidence["max_ratio"] == MAX_BACKUP_RATIO
    needed = Decimal(1000) * (1 + 13 * DAILY_CHANGE_RATE)
    assert f.possible_saving_jpy == Decimal(600_000) * (1 - needed / Decimal(8000))
    assert "8.0 倍" in f.message and "算定根拠" in f.question


def test_data_times_generations(tmp_path: Path) -> None:
    rows = [cloud("バックアップ フルバックアップ 毎日 2TB × 30世代", 900_000)]
    (f,) = FullBackup().run(context(tmp_path, rows))
    assert f.evidence["data_gb"] == Decimal(2000) and f.evidence["backup_gb"] == Decimal(60_000)
    assert f.evidence["generations"] == 30
    needed = Decimal(2000) * (1 + 29 * DAILY_CHANGE_RATE)
    assert f.possible_saving_jpy == Decimal(900_000) * (1 - needed / Decimal(60_000))
    assert "60TB" in f.message and "30.0 倍" in f.message


def test_data_from_the_storage_lines_when_the_backup_line_names_none(tmp_path: Path) -> None:
    rows = [
        cloud("EBS gp3 本番 1TB", 120_000),
        cloud("EBS gp3 本番 500GB", 60_000),
        cloud("AWS Backup 差分 日次 6TB", 300_000),  # row 6: 4 × 1.5TB
    ]
    (f,) = FullBackup().run(context(tmp_path, rows))
    assert f.cell == "F6" and f.evidence["data_gb"] == Decimal(1500)
    assert f.evidence["data_from"] == "見積書のストレージ行の容量の合計"
    assert f.possible_saving_jpy == Decimal(300_000) * (1 - Decimal(1500) * MAX_BACKUP_RATIO / Decimal(6000))


def test_a_backup_data_label_is_not_the_data(tmp_path: Path) -> None:
    rows = [cloud("AWS Backup 差分 日次", 300_000, "バックアップデータ量 2TB、対象データ量 1TB")]
    assert FullBackup().run(context(tmp_path, rows)) == []
