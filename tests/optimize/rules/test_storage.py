"""storage: each check finds exactly the demo's planted volumes, snapshots and vaults, every saving
recomputed from the ledger with SQL and prices written here by hand; hand-made bills for the edges."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from pathlib import Path

import pytest

from govcost.engine import Engine
from govcost.optimize.base import Finding
from govcost.optimize.run import OptimizeResult, optimize
from govcost.optimize.settings import Settings, SystemSettings
from tests.optimize.demo_ledger import DemoLedger
from tests.optimize.tiny_bill import FX, TinyBill, days

#: List prices per GB-month, Tokyo (USD), written down by hand.
GP3 = Decimal("0.096")
ST1 = Decimal("0.054")
GP3_IOPS = Decimal("0.006")
GP3_THROUGHPUT = Decimal("0.048")


@pytest.fixture(scope="module")
def demo(demo_ledger: DemoLedger) -> OptimizeResult:
    return optimize(demo_ledger.engine, rules=["storage"], settings=demo_ledger.settings)


def _check(result: OptimizeResult, check: str) -> list[Finding]:
    return [f for f in result.findings if f.evidence["check"] == check]


def _ids(result: OptimizeResult, check: str) -> set[str]:
    return {f.resource_id for f in _check(result, check)}


def _cost(demo_ledger: DemoLedger, rid: str, month: dt.date, unit: str | None = None) -> Decimal:
    ((cost,),) = demo_ledger.sql(
        """
        SELECT sum(EffectiveCost * fx_jpy_per_unit) FROM ledger_costs
        WHERE ResourceId = ? AND ChargeCategory = 'Usage' AND BillingPeriodStart = ?
          AND (? IS NULL OR ConsumedUnit = ?)
        """,
        [rid, month, unit, unit],
    )
    assert isinstance(cost, Decimal)
    return cost


def test_each_check_finds_exactly_the_planted_cases(demo_ledger: DemoLedger, demo: OptimizeResult) -> None:
    assert _ids(demo, "gp2-to-gp3") == demo_ledger.scenario("gp2_volumes")
    assert _ids(demo, "oversized") == demo_ledger.scenario("oversized_volumes")
    assert _ids(demo, "unattached") == demo_ledger.scenario("unattached_volumes")
    assert _ids(demo, "old-snapshot") == demo_ledger.scenario("old_snapshots")
    assert _ids(demo, "full-backup") == demo_ledger.scenario("full_backups")
    assert not _check(demo, "gp-to-st1")
    assert all(
        f.monthly_saving_jpy > 0 and f.guide_ref.startswith("アプローチガイド 4") for f in demo.findings
    )


def test_gp2_to_gp3_keeps_the_gp3_price_over_the_bills_gp2_price(
    demo_ledger: DemoLedger, demo: OptimizeResult
) -> None:
    for f in _check(demo, "gp2-to-gp3"):
        ((price, details),) = demo_ledger.sql(
            "SELECT max(ListUnitPrice), max(SkuPriceDetails) FROM ledger_costs WHERE ResourceId = ?",
            [f.resource_id],
        )
        assert isinstance(price, Decimal) and '"DiskType":"gp2"' in str(details)
        assert f.evidence["size_gb"] <= 1000
        cost = _cost(demo_ledger, f.resource_id, demo.month)
        assert f.monthly_cost_jpy == cost
        assert f.keeps == GP3 / price == Decimal("0.8")
        assert f.monthly_saving_jpy == cost * (1 - GP3 / price)
        assert f.confidence == "high" and "gp3" in f.action


def test_oversized_volumes_are_sized_from_their_most_used_day(
    demo_ledger: DemoLedger, demo: OptimizeResult
) -> None:
    for f in _check(demo, "oversized"):
        ((most, slope, n),) = demo_ledger.sql(
            """
            SELECT max(value), regr_slope(value, epoch(timestamp) / 86400.0), count(DISTINCT timestamp::DATE)
            FROM ledger_metrics
            WHERE resource_id = ? AND metric = 'disk_used_gb' AND timestamp >= ? AND timestamp < ?
            """,
            [f.resource_id, demo.window_start, demo.window_end],
        )
        assert isinstance(most, float) and isinstance(slope, float)
        # 30 % headroom (the demo's settings) and a year's growth, rounded up to 10 GB.
        new = Decimal(math.ceil((most * 1.3 + max(0.0, slope) * 365) / 10) * 10)
        size = Decimal(2000)
        assert f.evidence["size_gb"] == size and f.evidence["recommended_gb"] == new
        assert new <= size / 2 and f.evidence["days_of_data"] == n >= 28
        gb_cost = _cost(demo_ledger, f.resource_id, demo.month, "GB-Mo")
        cost = _cost(demo_ledger, f.resource_id, demo.month)
        assert f.monthly_saving_jpy == gb_cost * (1 - new / size)
        assert f.keeps == 1 - f.monthly_saving_jpy / cost
        if f.evidence["volume_type"] == "io1":
            # The provisioned IOPS stay: only the GB part shrinks.
            assert gb_cost < cost and f.keeps > new / size


def test_unattached_volumes_outlive_their_server_and_save_their_whole_cost(
    demo_ledger: DemoLedger, demo: OptimizeResult
) -> None:
    for f in _check(demo, "unattached"):
        server = str(f.resource_name).removesuffix("-data")
        ((last,),) = demo_ledger.sql(
            "SELECT max(ChargePeriodEnd) FROM ledger_costs"
            " WHERE ResourceName = ? AND ResourceType = 'instance'",
            [server],
        )
        assert isinstance(last, dt.datetime)
        assert last <= demo.window_end - dt.timedelta(days=7)
        assert f.evidence["server"] == server and f.evidence["server_last_billed"] == last
        assert f.keeps == 0 and f.monthly_saving_jpy == _cost(demo_ledger, f.resource_id, demo.month)


def test_old_snapshots_are_past_the_required_retention(demo_ledger: DemoLedger, demo: OptimizeResult) -> None:
    for f in _check(demo, "old-snapshot"):
        ((tags,),) = demo_ledger.sql(
            "SELECT max(Tags) FROM ledger_costs WHERE ResourceId = ?", [f.resource_id]
        )
        created = dt.date.fromisoformat(str(tags).split('"user:CreatedOn":"')[1][:10])
        age = ((demo.window_end - dt.timedelta(days=1)).date() - created).days
        assert f.evidence["created_on"] == created and f.evidence["age_days"] == age > 400
        cost = _cost(demo_ledger, f.resource_id, demo.month)
        assert f.keeps == 0 and f.monthly_saving_jpy == cost
        # Archived instead (if it must be kept): 0.0125 / 0.05 of the price.
        assert f.evidence["archive_monthly_saving_jpy"] == cost * (1 - Decimal("0.0125") / Decimal("0.05"))


def test_full_backups_save_the_excess_over_twice_the_volumes(
    demo_ledger: DemoLedger, demo: OptimizeResult
) -> None:
    found = 0
    for vault, account in demo_ledger.sql(
        """
        SELECT DISTINCT ResourceId, SubAccountId FROM ledger_costs
        WHERE ServiceName = 'AWS Backup' AND ChargeCategory = 'Usage' AND BillingPeriodStart = ?
        """,
        [demo.month],
    ):
        ((backup, data),) = demo_ledger.sql(
            """
            SELECT sum(ConsumedQuantity) FILTER (WHERE ResourceId = ?),
                   sum(ConsumedQuantity) FILTER (
                     WHERE ResourceType = 'volume' AND RegionId = 'ap-northeast-1')
            FROM ledger_costs
            WHERE SubAccountId = ? AND BillingPeriodStart = ? AND ChargeCategory = 'Usage'
              AND ConsumedUnit = 'GB-Mo'
            """,
            [vault, account, demo.month],
        )
        assert isinstance(backup, Decimal) and isinstance(data, Decimal)
        ratio = backup / data
        hits = [f for f in _check(demo, "full-backup") if f.resource_id == vault]
        if ratio <= 3:
            assert not hits
            continue
        found += 1
        (f,) = hits
        assert f.evidence["ratio"] == ratio > 10
        cost = _cost(demo_ledger, vault, demo.month)
        assert f.monthly_saving_jpy == cost * (1 - 2 * data / backup)
    assert found == len(demo_ledger.scenario("full_backups"))


# --- hand-made edges ---------------------------------------------------------------------------
MAY = days(dt.date(2025, 5, 1), dt.date(2025, 5, 31))
APRIL_TO_20 = days(dt.date(2025, 4, 1), dt.date(2025, 4, 20))


def _run(engine: Engine, tmp_path: Path, bill: TinyBill, settings: Settings | None = None) -> OptimizeResult:
    bill.ingest(engine, tmp_path / "bill")
    return optimize(engine, rules=["storage"], settings=settings or Settings())


def _by(result: OptimizeResult) -> dict[tuple[str, str], Finding]:
    return {(f.resource_id, f.evidence["check"]): f for f in result.findings}


def _yen(engine: Engine, rid: str) -> Decimal:
    engine.costs()
    ((cost,),) = engine.ledger.con.execute(
        "SELECT sum(EffectiveCost * fx_jpy_per_unit) FROM ledger_costs WHERE ResourceId = ?"
        " AND BillingPeriodStart = '2025-05-01'",
        [rid],
    ).fetchall()
    assert isinstance(cost, Decimal)
    return cost


def test_types_large_gp2_provisions_its_iops_and_io1_st1_stay(engine: Engine, tmp_path: Path) -> None:
    bill = TinyBill()
    bill.account("111111111111", "JUKI-1")
    bill.instance("111111111111", "i-1", "juki-prd-db01")
    bill.volume("111111111111", "vol-big", "juki-prd-db01-data", 1500)
    bill.volume("111111111111", "vol-io1", "juki-prd-db01-log", 500, kind="io1")
    bill.volume("111111111111", "vol-st1", "juki-prd-db01-arc", 500, kind="st1")
    bill.volume("111111111111", "vol-gp3", "juki-prd-db01-root", 100, kind="gp3")
    result = _run(engine, tmp_path, bill)
    found = _by(result)
    assert set(found) == {("vol-big", "gp2-to-gp3")}
    f = found[("vol-big", "gp2-to-gp3")]
    # gp2 gives 4,500 IOPS and 250 MB/s at 1,500 GB: gp3 provisions 1,500 IOPS and 125 MB/s more.
    new = GP3 * 1500 + 1500 * GP3_IOPS + 125 * GP3_THROUGHPUT
    assert f.keeps == new / (Decimal("0.12") * 1500)
    assert f.monthly_saving_jpy == _yen(engine, "vol-big") * (1 - new / (Decimal("0.12") * 1500))
    assert "4500 IOPS" in f.action


def test_backup_data_volume_goes_to_st1(engine: Engine, tmp_path: Path) -> None:
    bill = TinyBill()
    bill.account("111111111111", "ZEI-1")
    bill.instance("111111111111", "i-1", "zei-prd-backup01", role="backup")
    bill.volume("111111111111", "vol-data", "zei-prd-backup01-data", 500, kind="gp3", role="backup")
    bill.volume("111111111111", "vol-small", "zei-prd-backup01-data2", 100, kind="gp3", role="backup")
    bill.volume("111111111111", "vol-root", "zei-prd-backup01-root", 200, kind="gp3", role="backup")
    result = _run(engine, tmp_path, bill)
    found = _by(result)
    assert set(found) == {("vol-data", "gp-to-st1")}
    f = found[("vol-data", "gp-to-st1")]
    assert f.keeps == ST1 / GP3 and f.confidence == "medium"
    assert f.monthly_saving_jpy == _yen(engine, "vol-data") * (1 - ST1 / GP3)


def test_gp2_and_oversized_on_one_volume_combine_through_keeps(engine: Engine, tmp_path: Path) -> None:
    bill = TinyBill()
    bill.account("111111111111", "ZEI-1")
    bill.instance("111111111111", "i-1", "zei-prd-db01")
    bill.volume("111111111111", "vol-1", "zei-prd-db01-data", 1000)
    bill.volume("111111111111", "vol-2", "zei-prd-db01-root", 100, kind="gp3")
    # 150 GB used, flat: 150 × 1.3 = 195 → 200 GB. The root is 70 % used: left as it is.
    bill.disk_used("vol-1", lambda d: 150.0 if d.day % 2 else 149.5, MAY)
    bill.disk_used("vol-2", lambda d: 70.0, MAY)
    # Too few days to judge: no finding for a volume with four days of data.
    bill.volume("111111111111", "vol-3", "zei-prd-db01-data3", 1000, kind="gp3")
    bill.disk_used("vol-3", lambda d: 10.0, MAY[:4])
    result = _run(engine, tmp_path, bill)
    found = _by(result)
    assert set(found) == {("vol-1", "gp2-to-gp3"), ("vol-1", "oversized")}
    size = found[("vol-1", "oversized")]
    assert size.evidence["recommended_gb"] == 200 and size.keeps == Decimal("0.2")
    cost = _yen(engine, "vol-1")
    (saving,) = result.savings
    assert saving.resource_id == "vol-1" and saving.rules == ["storage"]
    assert saving.combined_jpy == cost * (1 - Decimal("0.8") * Decimal("0.2"))
    assert saving.combined_jpy < saving.sum_of_findings_jpy


def test_unattached_only_when_the_server_is_gone_for_a_week(engine: Engine, tmp_path: Path) -> None:
    bill = TinyBill()
    bill.account("111111111111", "ZEI-1", "検証")
    weekdays = [d for d in days(bill.first, bill.last) if d.weekday() < 5]
    # Terminated on 20 April; its data volume is billed to the end of May.
    bill.instance("111111111111", "i-gone", "zei-stg-ap02", on=APRIL_TO_20)
    bill.volume("111111111111", "vol-left", "zei-stg-ap02-data", 200, kind="gp3")
    bill.volume("111111111111", "vol-root", "zei-stg-ap02-root", 50, kind="gp3", on=APRIL_TO_20)
    # Stopped every weekend (last billed Friday 30 May): attached.
    bill.instance("111111111111", "i-sched", "zei-stg-ap01", on=weekdays, hours=Decimal(12))
    bill.volume("111111111111", "vol-sched", "zei-stg-ap01-root", 50, kind="gp3")
    # Deleted on 10 May along with nothing: not billed at the month's end.
    bill.volume(
        "111111111111",
        "vol-deleted",
        "zei-stg-ap03-data",
        50,
        kind="gp3",
        on=days(bill.first, dt.date(2025, 5, 10)),
    )
    # Named after no server: no link, no finding.
    bill.volume("111111111111", "vol-free", "shared-archive", 80, kind="gp3")
    # Named after a server never billed, in an account whose disks follow the convention.
    bill.volume("111111111111", "vol-orphan", "zei-stg-old01-data", 30, kind="gp3")
    result = _run(engine, tmp_path, bill)
    found = {rid: f for (rid, check), f in _by(result).items() if check == "unattached"}
    assert set(found) == {"vol-left", "vol-orphan"}
    left = found["vol-left"]
    assert left.evidence["server_last_billed"] == dt.datetime(2025, 4, 21)
    assert left.keeps == 0 and left.monthly_saving_jpy == _yen(engine, "vol-left")
    # 200 GB × 0.096 USD × 150 yen, to the daily proration's ten decimal places.
    assert left.monthly_saving_jpy.quantize(Decimal("0.01")) == Decimal(200) * Decimal("0.096") * FX
    assert left.confidence == "medium" and "2025-04-20" in left.action
    assert (
        found["vol-orphan"].confidence == "low" and found["vol-orphan"].evidence["server_last_billed"] is None
    )


def test_old_snapshots_by_tag_or_by_first_billed_day(engine: Engine, tmp_path: Path) -> None:
    bill = TinyBill()
    bill.account("111111111111", "JUKI-1")
    for rid, created in (("snap-old", "2023-12-01"), ("snap-new", "2025-05-20"), ("snap-untagged", None)):
        tags = {"user:Name": rid} | ({"user:CreatedOn": created} if created else {})
        bill.meter(
            "111111111111",
            unit="GB-Mo",
            price="0.05",
            quantity=lambda d: Decimal(100) / 31,
            resource_id=rid,
            name=rid,
            resource_type="snapshot",
            operation="CreateSnapshot",
            tags=tags,
            on=days(dt.date(2025, 5, 20), bill.last) if rid == "snap-new" else None,
        )
    result = _run(engine, tmp_path, bill)
    assert {rid for rid, check in _by(result) if check == "old-snapshot"} == {"snap-old"}
    f = _by(result)[("snap-old", "old-snapshot")]
    assert f.evidence["age_days"] == (dt.date(2025, 5, 31) - dt.date(2023, 12, 1)).days
    assert f.monthly_saving_jpy == _yen(engine, "snap-old") and f.confidence == "medium"
    # A 30-day retention: the untagged snapshot, billed since 1 April, is past it too (low confidence).
    strict = optimize(
        engine, rules=["storage"], settings=Settings(defaults=SystemSettings(log_retention_days=30))
    )
    short = _by(strict)
    assert {rid for rid, check in short if check == "old-snapshot"} == {"snap-old", "snap-untagged"}
    untagged = short[("snap-untagged", "old-snapshot")]
    assert untagged.evidence["created_from"] == "first billed" and untagged.confidence == "low"
    assert untagged.evidence["created_on"] == dt.date(2025, 4, 1)


def test_full_backup_ratio_threshold(engine: Engine, tmp_path: Path) -> None:
    bill = TinyBill()
    for acct, backup_gb in (("111111111111", 350), ("222222222222", 250)):
        bill.account(acct, f"JUKI-{acct[0]}")
        bill.instance(acct, f"i-{acct[0]}", f"juki-{acct[0]}-db01")
        bill.volume(acct, f"vol-{acct[0]}", f"juki-{acct[0]}-db01-data", 100, kind="gp3")
        bill.meter(
            acct,
            unit="GB-Mo",
            price="0.05",
            quantity=lambda d, gb=backup_gb: Decimal(gb) / 31 if d.month == 5 else Decimal(gb) / 30,
            resource_id=f"arn:aws:backup:ap-northeast-1:{acct}:backup-vault:Default",
            name="Default",
            resource_type="backup-vault",
            service="AWS Backup",
            operation="Storage",
        )
    result = _run(engine, tmp_path, bill)
    found = [f for f in result.findings if f.evidence["check"] == "full-backup"]
    assert [f.account_id for f in found] == ["111111111111"]
    (f,) = found
    assert f.evidence["ratio"] == Decimal("3.5")
    assert f.monthly_saving_jpy == _yen(engine, f.resource_id) * (1 - Decimal(2) / Decimal("3.5"))
