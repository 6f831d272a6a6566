"""duplicate-work: the same work in the operations work and the operations assistant contract, or
one line twice; the fixture estimates' planted duplicate found at its second occurrence, and
nothing else flagged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from govcost.review.base import ReviewFinding
from govcost.review.checks.duplicate_work import DuplicateWorkCheck, work_of
from govcost.review.context import ReviewContext
from govcost.review.estimate import EstimateLine, read_estimate
from tests.review.checks._workbook import Row, counts, problems, run_fixtures, write_estimate


def _run(tmp_path: Path, sheets: Mapping[str, Sequence[Row]], **kw: Any) -> list[ReviewFinding]:
    path = write_estimate(tmp_path / "e.xlsx", sheets, **kw)
    return DuplicateWorkCheck().run(ReviewContext(read_estimate(path)))


def test_fixtures_planted_found_and_clean_lines_left_alone(tmp_path: Path) -> None:
    assert counts("duplicate-work") == {"a": 0, "b": 0, "c": 1, "d": 0}
    for name, (missed, flagged) in run_fixtures("duplicate-work", tmp_path).items():
        assert not missed, f"estimate {name}: planted not found {missed}"
        assert not flagged, f"estimate {name}: clean cells flagged {flagged}"


def _line(item: str, remarks: str = "") -> EstimateLine:
    return EstimateLine("s", 1, "line", item, remarks=remarks)


def test_the_work_a_line_names() -> None:
    assert work_of(_line("バックアップ取得・リストア作業")) == {"バックアップ"}
    assert work_of(_line("サーバ監視・障害一次対応")) == {"監視", "障害対応"}
    # The longest words first: job monitoring is job management, not monitoring as well.
    assert work_of(_line("ジョブ監視")) == {"ジョブ管理"}
    assert work_of(_line("ヘルプデスク(操作問合せ対応)")) == {"ヘルプデスク"}
    assert work_of(_line("ウイルス定義ファイル更新・セキュリティパッチ適用")) == {
        "ウイルス定義更新",
        "パッチ適用",
    }
    # A clause that says the work is elsewhere or excluded does not count.
    assert work_of(_line("運用管理補助(構成管理)", "監視・障害対応は運用作業側で実施")) == set()
    assert work_of(_line("運用支援(バックアップを除く)")) == set()
    assert work_of(_line("定常運用作業", "稼働状況報告")) == set()


def test_work_in_operations_and_in_the_assistant_contract(tmp_path: Path) -> None:
    rows = [
        (None, "1. 運用作業", None, None, None, None, None),  # 4
        ("運用作業", "バックアップ取得・確認", 12, "月", 80_000, 960_000, None),  # 5
        ("運用作業", "サーバ監視", 12, "月", 50_000, 600_000, None),  # 6
        ("運用作業", "障害一次対応", 12, "月", 100_000, 1_200_000, None),  # 7
        (None, "2. 運用管理補助委託", None, None, None, None, None),  # 8
        ("運用管理補助", "バックアップ運用支援", 12, "月", 100_000, 1_200_000, None),  # 9: backup again
        ("運用管理補助", "監視・障害対応支援", 12, "月", 20_000, 240_000, None),  # 10: two again
        ("運用管理補助", "構成管理・利用料分析", 12, "月", 50_000, 600_000, "監視は運用作業で実施"),  # 11
        ("運用管理補助", "ヘルプデスク", 12, "月", 30_000, 360_000, None),  # 12: only here
        (None, "3. ガバメントクラウド利用料", None, None, None, None, None),  # 13
        ("クラウド", "AWS Backup バックアップストレージ", 12, "月", 10_000, 120_000, None),  # 14: a fee
    ]
    found = problems(_run(tmp_path, {"見積書": rows}))
    assert set(found) == {"F9", "F10"}
    backup, two = found["F9"], found["F10"]
    assert backup.status == "warn" and backup.possible_saving_jpy == Decimal(960_000)
    assert (
        "バックアップ取得・確認" in backup.message and "F5" in backup.message and "運用作業" in backup.message
    )
    assert backup.evidence["work"] == "バックアップ" and "F5" in backup.evidence["first"]
    assert "作業範囲" in backup.question
    # The later line repeats two earlier ones: at most its own amount.
    assert two.possible_saving_jpy == Decimal(240_000) and two.evidence["work"] == "監視・障害対応"


def test_a_lump_sum_and_its_own_breakdown_are_one(tmp_path: Path) -> None:
    rows = [
        ("運用作業", "運用作業 一式(監視・障害対応)", 1, "式", 900_000, 900_000, None),  # 4
        ("運用作業", "・監視", 12, "月", 50_000, 600_000, None),  # 5
        ("運用作業", "・障害対応", 12, "月", 25_000, 300_000, None),  # 6
        ("運用管理補助", "障害対応支援", 12, "月", 100_000, 1_200_000, None),  # 7
    ]
    found = problems(_run(tmp_path, {"見積書": rows}))
    assert set(found) == {"F7"}
    # Its priced breakdown line says what the repeated work costs: named once, its amount the bound.
    assert found["F7"].evidence["first"].count("!") == 1 and "F6" in found["F7"].evidence["first"]
    assert found["F7"].possible_saving_jpy == Decimal(300_000)


def test_unpriced_lines_name_the_work_without_a_saving(tmp_path: Path) -> None:
    rows = [
        ("運用作業", "運用作業 一式", 1, "式", 900_000, 900_000, None),
        ("運用作業", "・ジョブ管理", 1, "式", None, None, None),
        ("運用管理補助", "ジョブ運用支援", 12, "月", 100_000, 1_200_000, None),
    ]
    (f,) = problems(_run(tmp_path, {"見積書": rows})).values()
    assert f.cell == "F6" and f.possible_saving_jpy is None and "B5" in f.evidence["first"]
    assert "金額の記載なし" in f.message


def test_the_same_line_twice(tmp_path: Path) -> None:
    rows = [
        (None, "1. ソフトウェア利用料", None, None, None, None, None),
        ("ソフトウェア", "ウイルス対策ソフト 利用料", 50, "本", 3_000, 150_000, None),  # 5
        ("ソフトウェア", "帳票ミドルウェア", 1, "本", 240_000, 240_000, None),
        ("ソフトウェア", "ウイルス対策ソフト 利用料", 50, "本", 3_000, 150_000, None),  # 7: again
        (None, "2. 検証環境", None, None, None, None, None),
        ("ソフトウェア", "帳票ミドルウェア", 1, "本", 240_000, 240_000, None),  # another section
    ]
    found = problems(_run(tmp_path, {"見積書": rows}))
    assert set(found) == {"F7"}
    assert "F5" in found["F7"].message and found["F7"].possible_saving_jpy == Decimal(150_000)


def test_the_same_work_in_one_contract_is_not_a_duplicate(tmp_path: Path) -> None:
    rows = [
        ("運用作業", "サーバ監視", 12, "月", 50_000, 600_000, None),
        ("運用作業", "ネットワーク監視", 12, "月", 30_000, 360_000, None),
        ("運用管理補助", "監視設定の見直し支援", 12, "月", 20_000, 240_000, "監視作業は含まない"),
    ]
    assert problems(_run(tmp_path, {"見積書": rows})) == {}
