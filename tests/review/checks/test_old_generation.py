"""old-generation: previous-generation instance types, their current equivalent and the price cut."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from govcost.optimize.catalog import PriceCatalog
from govcost.review.checks.old_generation import OldGeneration, old_types
from tests.review.checks._cloudfees import calculator_line, check_fixtures, cloud, context, problems


def test_fixtures_planted_found_and_clean_lines_left_alone(tmp_path: Path) -> None:
    counts = check_fixtures("old-generation", tmp_path)
    assert counts == {"a": 0, "b": 1, "c": 1, "d": 0}


def test_old_types_and_their_successors() -> None:
    found = old_types("EC2 m4.xlarge ×2台、RDS db.r4.large、t2.medium、m5.xlarge、c6i.large、M4.2XLARGE")
    assert [(o.written, o.successor, o.rds) for o in found] == [
        ("m4.xlarge", "m6i.xlarge", False),
        ("db.r4.large", "db.r6i.large", True),
        ("t2.medium", "t3.medium", False),
        ("m4.2xlarge", "m6i.2xlarge", False),
    ]
    assert old_types("現行 m4.xlarge から m6i.xlarge へ変更") == []
    assert old_types("m6i.xlarge(現行: m4.xlarge)") == []
    assert old_types("M4用紙で印刷、postgres.m4large") == []


def test_lines_with_old_types_are_flagged_with_the_price_cut(tmp_path: Path) -> None:
    rows = [
        cloud("EC2 m4.xlarge 帳票サーバ 平日8時-20時稼働", 464_400),  # row 4
        cloud("EC2 t2.large Windows 運用管理サーバ", 384_480),  # row 5
        cloud("RDS for PostgreSQL db.r4.large 本番DB", 500_000),  # row 6
        cloud("EC2 m3.large 旧帳票サーバ", 300_000),  # row 7: not in the catalog, no saving
        cloud("EC2 m6i.xlarge 本番AP", 464_400, "現行 m4.xlarge から変更"),  # row 8: replaced, fine
        cloud("EC2 m5.xlarge 検証", 300_000),  # row 9: current enough
    ]
    found = problems(OldGeneration().run(context(tmp_path, rows)))
    assert set(found) == {"F4", "F5", "F6", "F7"}
    catalog = PriceCatalog.load()
    prices = {
        "F4": ("m4.xlarge", "m6i.xlarge", "Linux", 464_400),
        "F5": ("t2.large", "t3.large", "Windows", 384_480),
        "F6": ("r4.large", "r6i.large", "Linux", 500_000),
    }
    for cell, (old, new, os_name, amount) in prices.items():
        f = found[cell]
        current = catalog.usd("ap-northeast-1", "ec2", old, os_name)
        successor = catalog.usd("ap-northeast-1", "ec2", new, os_name)
        assert current is not None and successor is not None
        assert f.evidence["current_price_usd_per_hour"] == current
        assert f.evidence["operating_system"] == os_name
        assert f.possible_saving_jpy == Decimal(amount) * (1 - successor / current), cell
        assert new in f.message and new in f.question
    assert "rds_priced_by" in found["F6"].evidence and "db.r6i.large" in found["F6"].message
    assert found["F7"].possible_saving_jpy is None and "m6i.large" in found["F7"].message


def test_osaka_prices_when_the_line_says_osaka(tmp_path: Path) -> None:
    rows = [cloud("EC2 c4.xlarge 大阪リージョン DR", 200_000)]
    (f,) = OldGeneration().run(context(tmp_path, rows))
    assert f.evidence["region"] == "ap-northeast-3"
    assert f.possible_saving_jpy == Decimal(200_000) * (1 - Decimal("0.214") / Decimal("0.252"))


def test_several_old_types_on_one_line_are_named_without_a_saving(tmp_path: Path) -> None:
    rows = [cloud("EC2 m4.large ×2台、r4.xlarge ×1台", 900_000)]
    (f,) = OldGeneration().run(context(tmp_path, rows))
    assert f.possible_saving_jpy is None
    assert "m4.large" in f.message and "r4.xlarge" in f.message and "m6i.large" in f.message


def test_calculator_lines(tmp_path: Path) -> None:
    calc = [
        calculator_line(
            description="帳票サーバ",
            configuration="Operating system (Linux), Advance EC2 instance (m4.xlarge)",
            monthly=Decimal("29025"),
        ),
        calculator_line(
            row=6, cell="F6", configuration="Advance EC2 instance (m6i.xlarge)", monthly=Decimal("1")
        ),
    ]
    (f,) = OldGeneration().run(context(tmp_path, [], calculator=calc))
    assert (f.sheet, f.cell) == ("calculator.csv", "F5")
    assert f.possible_saving_jpy == Decimal("29025") * 12 * (1 - Decimal("0.248") / Decimal("0.258"))
