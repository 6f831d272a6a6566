"""``sizing``: server and database sizes against the current system's size and utilisation — from the
current contract, the line's own remarks, a note, or the ledger's measured p95."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from govcost.engine import Engine
from govcost.review.checks.sizing import Shape, parse_shape, parse_usage, recommend, roles
from govcost.review.run import review
from tests.optimize.handmade import instance, write_focus
from tests.review.estimates import ESTIMATES, build

KEY = "sizing"
HEADER = ("No", "品名", "仕様", "数量", "単位", "単価", "金額", "備考")


@pytest.mark.parametrize("name", sorted(ESTIMATES))
def test_fixture_estimates(name: str, tmp_path: Path) -> None:
    fx = ESTIMATES[name]
    estimate, current = build(fx, tmp_path)
    result = review(estimate, current=current, checks=[KEY])
    fx.assert_found(KEY, result.findings)


def test_fixture_d_numbers(tmp_path: Path) -> None:
    """DB r6i.2xlarge at CPU 25 % (peak 40 %) and memory 30 % → r6i.8xlarge priced: 8 × 40 / 70 =
    4.6 vCPU and 64 × 30 / 70 = 27.4 GB are needed, r6i.2xlarge holds them; keeps 8 / 32."""
    estimate, current = build(ESTIMATES["d"], tmp_path)
    (f,) = review(estimate, current=current, checks=[KEY]).findings
    assert (f.status, f.cell, f.item) == ("warn", "H12", "DBサーバ(本番)")
    assert f.evidence["need_vcpu"] == Decimal("4.6") and f.evidence["need_memory_gb"] == Decimal("27.4")
    assert f.evidence["recommended_size"].startswith("r6i.2xlarge")
    assert f.evidence["keeps"] == Decimal("0.25")
    assert f.amount_jpy is not None and f.possible_saving_jpy == f.amount_jpy * Decimal("0.75")
    assert "データベース" in f.message and "r6i.2xlarge" in f.question


@pytest.mark.parametrize(
    ("text", "vcpu", "memory", "itype"),
    [
        ("EC2 r6i.8xlarge 32vCPU 256GB", 32, 256, "r6i.8xlarge"),
        ("32vCPU 256GB", 32, 256, None),
        ("8コア 64GB", 8, 64, None),
        ("CPU:4 メモリ:16GB", 4, 16, None),
        ("RDS db.r6g.xlarge マルチAZ", 4, 32, "r6g.xlarge"),
        ("Azure Standard_D4s_v5", 4, 16, None),
        ("OCI VM.Standard.E4.Flex 2 OCPU 32GB", 4, 32, None),
        ("16vCPU 500GB SSD", 16, None, None),
    ],
)
def test_parse_shape(text: str, vcpu: int, memory: int | None, itype: str | None) -> None:
    shape = parse_shape(text)
    assert shape is not None
    assert shape.vcpu == vcpu
    assert shape.memory_gb == (Decimal(memory) if memory is not None else None)
    assert (shape.itype.name if shape.itype else None) == itype


@pytest.mark.parametrize("text", ["EBS gp3 800GB", "CPU使用率 25%", "定常運用作業", "ストレージ 2TB"])
def test_parse_shape_none(text: str) -> None:
    assert parse_shape(text) is None


@pytest.mark.parametrize(
    ("text", "cpu", "memory"),
    [
        ("現行使用率 CPU 平均25%(ピーク40%)・メモリ 平均30%", 40, 30),
        ("CPU使用率 25%", 25, None),
        ("メモリ使用率(ピーク) 40%、CPU使用率20%", 20, 40),
        ("CPU使用率25% 稼働率99.5%", 25, None),
    ],
)
def test_parse_usage(text: str, cpu: int | None, memory: int | None) -> None:
    usage = parse_usage(text, "x")
    assert usage is not None
    assert usage.cpu == (Decimal(cpu) if cpu is not None else None)
    assert usage.memory == (Decimal(memory) if memory is not None else None)


def test_parse_usage_none() -> None:
    assert parse_usage("稼働率 99.5%", "x") is None
    assert parse_usage("CPU 8コア", "x") is None


def test_recommend_and_roles() -> None:
    shape = parse_shape("db.r6g.2xlarge")
    assert shape is not None
    rec = recommend(shape, Decimal(3), None)
    assert rec is not None and rec.describe().startswith("db.r6g.xlarge")
    free = recommend(Shape(Decimal(32), Decimal(128)), Decimal("4.5"), None)
    assert free is not None and (free.vcpu, free.memory_gb) == (Decimal(8), Decimal(32))
    assert roles("APサーバ(本番)") == {"ap"} and roles("juki-prd-db01") == {"db"}
    assert roles("apple") == set()


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


def test_current_contract_free_text(tmp_path: Path) -> None:
    current = _xlsx(
        tmp_path / "current.xlsx",
        [(1, "APサーバ", "16vCPU 64GB", 12, "月", 50_000, 600_000, "CPU使用率 20%、メモリ使用率 30%")],
    )
    estimate = _xlsx(
        tmp_path / "estimate.xlsx", [(1, "APサーバ", "32vCPU 128GB", 12, "月", 100_000, 1_200_000)]
    )
    (f,) = review(estimate, current=current, checks=[KEY]).findings
    # 16 × 20 / 70 = 4.6 → 8 vCPU; 64 × 30 / 70 = 27.4 → 32 GB; keeps max(8/32, 32/128) = 0.25.
    assert f.status == "warn" and f.cell == "G2"
    assert f.evidence["recommended_size"] == "8vCPU/32GB"
    assert f.possible_saving_jpy == Decimal(900_000)


def test_own_remarks_about_the_current_system(tmp_path: Path) -> None:
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            (1, "APサーバ", "8vCPU 32GB", 12, "月", 50_000, 600_000, "現行: 8vCPU 32GB CPU使用率(ピーク)60%"),
            (
                2,
                "バッチサーバ",
                "16vCPU 64GB",
                12,
                "月",
                50_000,
                600_000,
                "現行: 16vCPU 64GB CPU使用率(ピーク)10%",
            ),
        ],
    )
    findings = review(estimate, checks=[KEY]).findings
    assert [(f.status, f.cell) for f in findings] == [("ok", "G2"), ("warn", "G3")]
    assert findings[1].evidence["recommended_size"] == "4vCPU/16GB"


def test_larger_than_current_without_utilisation(tmp_path: Path) -> None:
    current = _xlsx(tmp_path / "current.xlsx", [(1, "DBサーバ", "db.r6i.xlarge", 12, "月", 1, 12)])
    rows: list[tuple[object, ...]] = [(1, "DBサーバ", "db.r6i.2xlarge", 12, "月", 100_000, 1_200_000)]
    (f,) = review(_xlsx(tmp_path / "e1.xlsx", rows), current=current, checks=[KEY]).findings
    assert f.status == "warn" and f.evidence["recommended_size"].startswith("db.r6i.xlarge")
    assert f.possible_saving_jpy == Decimal(600_000)
    rows[0] = (*rows[0], "データ量増加に伴い増強")
    assert review(_xlsx(tmp_path / "e2.xlsx", rows), current=current, checks=[KEY]).findings == []


def test_note_utilisation_by_role(tmp_path: Path) -> None:
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            (1, "DBサーバ(本番)", "8vCPU 64GB", 12, "月", 100_000, 1_200_000, "現行: 8vCPU 64GB"),
            (2, "APサーバ(本番)", "8vCPU 32GB", 12, "月", 50_000, 600_000, "現行: 8vCPU 32GB"),
            (None, "※現行DBサーバ(本番) CPU使用率 10%、メモリ使用率 20%"),
        ],
    )
    findings = review(estimate, checks=[KEY]).findings
    assert [(f.status, f.cell) for f in findings] == [("warn", "G2")]


def test_no_baseline_no_finding(tmp_path: Path) -> None:
    estimate = _xlsx(tmp_path / "estimate.xlsx", [(1, "APサーバ", "m6i.4xlarge", 12, "月", 1, 12)])
    assert review(estimate, checks=[KEY]).findings == []


# --- the ledger -------------------------------------------------------------------------------
MONTH = dt.date(2025, 5, 1)


def _metrics(path: Path, usage: dict[str, tuple[float, float]]) -> Path:
    end = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(("resource_id", "timestamp", "metric", "value"))
        for rid, (cpu, memory) in usage.items():
            for h in range(1, 745):
                at = (end - dt.timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ")
                out.writerow((rid, at, "cpu_percent", cpu))
                out.writerow((rid, at, "memory_percent", memory))
    return path


def test_ledger_p95(engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]) -> None:
    lines = [
        instance("i-db", 744, "1.008", itype="r6i.4xlarge", name="juki-prd-db01", environment="prd"),
        instance("i-ap", 744, "0.496", itype="m6i.2xlarge", name="juki-prd-ap01", environment="prd"),
    ]
    focus = write_focus(tmp_path / "focus.csv", MONTH, lines)
    metrics = _metrics(tmp_path / "metrics.csv", {"i-db": (10.0, 20.0), "i-ap": (60.0, 50.0)})
    engine.ingest([focus, metrics], fx=write_rates({("2025-05", "USD"): "150"}))
    estimate = _xlsx(
        tmp_path / "estimate.xlsx",
        [
            (1, "DBサーバ(本番)", "r6i.4xlarge", 12, "月", 100_000, 1_200_000),
            (2, "APサーバ(本番)", "m6i.2xlarge", 12, "月", 50_000, 600_000),
        ],
    )
    findings = review(estimate, checks=[KEY], engine=engine, system_id="JUKI-131016").findings
    assert [(f.status, f.cell) for f in findings] == [("warn", "G2"), ("ok", "G3")]
    db = findings[0]
    # 16 × 10 / 70 = 2.3 vCPU, 128 × 20 / 70 = 36.6 GB → r6i.2xlarge (8 vCPU, 64 GB); keeps 0.5.
    assert db.evidence["recommended_size"].startswith("r6i.2xlarge")
    assert db.evidence["utilisation_source"] == "ledger:i-db p95"
    assert db.possible_saving_jpy == Decimal(600_000)
    # Another system's ledger says nothing about this estimate.
    assert review(estimate, checks=[KEY], engine=engine, system_id="OTHER").findings == []
