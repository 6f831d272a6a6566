"""storage-oversized: capacity bought for years of growth, or far above the current use."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from govcost.review.checks.storage_oversized import GROWTH_MARGIN, StorageOversized
from tests.review.checks._cloudfees import check_fixtures, cloud, context, problems


def test_fixtures_planted_found_and_clean_lines_left_alone(tmp_path: Path) -> None:
    counts = check_fixtures("storage-oversized", tmp_path)
    assert counts == {"a": 0, "b": 1, "c": 1, "d": 0}


def test_growth_words_and_far_above_use_are_asked_about(tmp_path: Path) -> None:
    rows = [
        cloud("EBS gp3 10TB", 1_200_000, "5年分のデータ増加を見込む"),  # row 4: words, no use
        cloud("ストレージ 将来の増加に備え 4TB", 480_000, "現行使用量 約1TB"),  # row 5: words + use
        cloud("EBS gp3 本番 6TB", 720_000, "現行使用量 2TB"),  # row 6: 3 × the use, no words
        cloud("EBS gp3 本番 1.2TB", 144_000, "現行使用量 約1TB(2割の余裕)"),  # row 7: 20 % headroom
        cloud("EBS gp3 本番 1,500GB", 180_000, "現行使用量 約1.2TB"),  # row 8: 1.25 ×, no words
        cloud("EBS gp3 本番 3TB", 360_000, "現行使用量 2TB、将来分は含まない"),  # row 9: denied
        cloud("AWS Backup 5年分保持 20TB", 600_000),  # row 10: backup, another check
        cloud("EBS gp3 本番", 600_000, "5年契約"),  # row 11: no capacity, no growth
        cloud("EC2 m6i.large 本番AP", 600_000, "将来の拡張に備え"),  # row 12: not storage
    ]
    found = problems(StorageOversized().run(context(tmp_path, rows)))
    assert set(found) == {"F4", "F5", "F6"}
    assert found["F4"].possible_saving_jpy is None and "5年分" in found["F4"].message
    assert found["F4"].evidence["growth_words"] == "5年分"


def test_saving_is_the_share_beyond_use_and_a_year_of_growth(tmp_path: Path) -> None:
    rows = [cloud("ストレージ 5年分の増加を見込み 20TB (EBS gp3)", 3_538_800, "現行使用量 約1TB")]
    (f,) = StorageOversized().run(context(tmp_path, rows))
    needed = Decimal(1000) * (1 + GROWTH_MARGIN)
    assert f.evidence["needed_gb"] == needed and f.evidence["capacity_gb"] == Decimal(20_000)
    assert f.possible_saving_jpy == Decimal(3_538_800) * (Decimal(20_000) - needed) / Decimal(20_000)
    assert "1.2TB" in f.message and "20TB" in f.message and "現行使用量 1TB" in f.message
    assert "算定根拠" in f.question and "20TB" in f.question


def test_quantity_in_gb_is_the_capacity(tmp_path: Path) -> None:
    rows = [("クラウド利用料", "EBS gp3 将来分含む", 5000, "GB", 14, 70_000, "現行使用量 1TB")]
    (f,) = StorageOversized().run(context(tmp_path, rows))
    assert f.evidence["capacity_gb"] == Decimal(5000)
    assert f.possible_saving_jpy == Decimal(70_000) * (Decimal(5000) - Decimal(1200)) / Decimal(5000)


def test_the_current_contract_states_the_use(tmp_path: Path) -> None:
    rows = [cloud("EBS gp3 本番 8TB", 960_000)]
    current = [cloud("EBS gp3 本番 3TB", 360_000, "使用量 2TB")]
    (f,) = StorageOversized().run(context(tmp_path, rows, current=current))
    assert f.evidence["usage_gb"] == Decimal(2000)
    assert str(f.evidence["usage_from"]).startswith("現行契約 見積書!F4")
    assert f.possible_saving_jpy == Decimal(960_000) * (Decimal(8000) - Decimal(2400)) / Decimal(8000)


def test_the_current_contract_within_reach_is_no_finding(tmp_path: Path) -> None:
    rows = [cloud("EBS gp3 本番 3TB", 360_000)]
    current = [cloud("EBS gp3 本番 3TB", 360_000, "使用量 2TB")]
    assert StorageOversized().run(context(tmp_path, rows, current=current)) == []


def test_gp3_then_a_capacity_is_not_read_as_one_number(tmp_path: Path) -> None:
    rows = [cloud("EBS gp3 10TB", 1_200_000, "将来分を含む")]
    (f,) = StorageOversized().run(context(tmp_path, rows))
    assert f.evidence["capacity_gb"] == Decimal(10_000)
