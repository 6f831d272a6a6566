"""dr-configuration: the Osaka standbys and no others — a backup-only configuration where the
requirement is the standard one, information only where the system's own is stricter — each saving
recomputed from the ledger with the backup price written by hand."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from govcost.engine import Engine
from govcost.optimize.run import optimize
from govcost.optimize.settings import Settings, SystemSettings
from tests.optimize.demo_ledger import DemoLedger
from tests.optimize.handmade import Line, instance, volume, write_focus, write_metrics

#: AWS Backup warm storage for EBS, Osaka, USD per GB-month (the catalog's price, by hand).
BACKUP_OSAKA = Decimal("0.05")
DEMO_MONTH = dt.date(2025, 5, 1)
RATE = "150"


# --- the demo -------------------------------------------------------------------------------
def _systems(demo_ledger: DemoLedger, ids: set[str]) -> dict[str, str]:
    rows = demo_ledger.sql(
        "SELECT DISTINCT ResourceId, system_id FROM ledger_costs WHERE ResourceId IN ?", [sorted(ids)]
    )
    return {str(rid): str(sid) for rid, sid in rows}


def test_finds_exactly_the_osaka_standbys_informational_where_strict(demo_ledger: DemoLedger) -> None:
    settings = demo_ledger.settings
    assert settings is not None, "the demo writes optimize.yaml beside manifest.json"
    strict = demo_ledger.scenario("dr_strict_systems")
    assert set(Settings.load(settings).systems) == strict
    standbys = demo_ledger.scenario("osaka_standby")
    system_of = _systems(demo_ledger, standbys)
    assert strict and strict <= set(system_of.values())

    result = optimize(demo_ledger.engine, rules=["dr-configuration"], settings=settings)
    actionable = {f.resource_id for f in result.findings if not f.informational}
    informational = {f.resource_id for f in result.findings if f.informational}
    assert actionable == {rid for rid in standbys if system_of[rid] not in strict}
    assert informational == {rid for rid in standbys if system_of[rid] in strict}
    for f in result.findings:
        assert f.region_id == "ap-northeast-3" and "region" in f.evidence["recognised_by"]
        assert f.evidence["cpu_p95"] < 5 and f.confidence == "high"
        if f.informational:
            assert f.monthly_saving_jpy == 0 and f.keeps is None
            assert f.evidence["nfr"] == "strict" and f.evidence["backup_only_saving_jpy"] > 0
            assert "推奨しません" in f.action
    # The informational findings count for nothing in the total.
    assert result.monthly_saving_jpy == sum(
        (f.monthly_saving_jpy for f in result.findings if not f.informational), Decimal(0)
    )
    # With the standard requirement everywhere, every standby is a finding.
    default = optimize(demo_ledger.engine, rules=["dr-configuration"])
    assert {f.resource_id for f in default.findings if not f.informational} == standbys


def test_saving_is_the_standby_less_its_backup_copies(demo_ledger: DemoLedger) -> None:
    result = optimize(demo_ledger.engine, rules=["dr-configuration"])
    assert result.month == DEMO_MONTH
    replication: dict[str, Decimal] = defaultdict(Decimal)
    for f in result.findings:
        ((server, fx, name, account),) = demo_ledger.sql(
            """
            SELECT sum(EffectiveCost * fx_jpy_per_unit), max(fx_jpy_per_unit), max(ResourceName),
                   max(SubAccountId)
            FROM ledger_costs
            WHERE ResourceId = ? AND ChargeCategory = 'Usage' AND BillingPeriodStart = ?
            """,
            [f.resource_id, DEMO_MONTH],
        )
        ((volumes, gb),) = demo_ledger.sql(
            """
            SELECT sum(cost), sum(gb) FROM (
                SELECT ResourceId, sum(EffectiveCost * fx_jpy_per_unit) AS cost,
                       max(CAST(json_extract(SkuPriceDetails, '$.DiskSpace') AS DECIMAL(18, 3))) AS gb
                FROM ledger_costs
                WHERE ResourceType = 'volume' AND ChargeCategory = 'Usage' AND BillingPeriodStart = ?
                  AND SubAccountId = ? AND RegionId = 'ap-northeast-3' AND ResourceName LIKE ? || '-%'
                GROUP BY ResourceId
            )
            """,
            [DEMO_MONTH, account, name],
        )
        assert isinstance(server, Decimal) and isinstance(volumes, Decimal) and isinstance(fx, Decimal)
        assert isinstance(gb, Decimal)
        backup = gb * BACKUP_OSAKA * fx
        share = f.evidence["replication_cost_jpy"]
        replication[str(f.system_id)] += share
        bundle = server + volumes + share
        assert f.evidence["instance_cost_jpy"] == server
        assert f.evidence["volumes_cost_jpy"] == volumes
        assert f.evidence["backup_copy_gb"] == gb
        assert f.evidence["backup_copy_cost_jpy"] == backup
        assert f.monthly_cost_jpy == bundle
        assert f.monthly_saving_jpy == bundle - backup
        assert f.keeps == backup / bundle
    # Each system's replication transfer to Osaka, shared among its standbys, adds up exactly.
    for system, shared in replication.items():
        ((total,),) = demo_ledger.sql(
            """
            SELECT sum(EffectiveCost * fx_jpy_per_unit) FROM ledger_costs
            WHERE system_id = ? AND SkuMeter = 'APN1-APN3-AWS-Out-Bytes' AND ChargeCategory = 'Usage'
              AND BillingPeriodStart = ?
            """,
            [system, DEMO_MONTH],
        )
        assert isinstance(total, Decimal) and total > 0
        assert shared == total


# --- hand-made ledgers ----------------------------------------------------------------------
def _osaka(line: Line) -> Line:
    line.region = "ap-northeast-3"
    return line


def _transfer(gb: int, price: str, meter: str) -> Line:
    """An account-level transfer line of the production system (no ResourceId)."""
    return Line(
        "",
        Decimal(gb),
        Decimal(price),
        unit="GB",
        resource_type="",
        service="AWS Data Transfer",
        sku_meter=meter,
        environment="prd",
        system="JUKI-A",
    )


def _lines() -> list[Line]:
    prod = {"environment": "prd", "system": "JUKI-A"}
    return [
        instance("i-prod", 744, "0.124", name="juki-a-prd-ap01", **prod),
        volume("vol-prod", 100, name="juki-a-prd-ap01-root", **prod),
        # The warm standby: two servers in Osaka and their volumes (300 GB and 100 GB).
        _osaka(instance("i-dr-ap", 744, "0.124", name="juki-a-dr-ap01", **prod)),
        _osaka(volume("vol-dr-ap-root", 100, name="juki-a-dr-ap01-root", **prod)),
        _osaka(volume("vol-dr-ap-data", 200, name="juki-a-dr-ap01-data", **prod)),
        _osaka(instance("i-dr-db", 744, "0.129", itype="m4.large", name="juki-a-dr-db01", **prod)),
        _osaka(volume("vol-dr-db-root", 100, name="juki-a-dr-db01-root", **prod)),
        # Another account's volume of the same name is not the standby's.
        _osaka(volume("vol-other", 500, name="juki-a-dr-db01-data", account="999999999999", **prod)),
        # The replication to Osaka (400 GB) — and transfers that are not replication to the standby.
        _transfer(400, "0.09", "APN1-APN3-AWS-Out-Bytes"),
        _transfer(50, "0.09", "APN3-APN1-AWS-Out-Bytes"),
        _transfer(70, "0.114", "APN1-DataTransfer-Out-Bytes"),
        # A standby in Tokyo, known by its Role tag only.
        instance(
            "i-tagged",
            744,
            "0.248",
            itype="m6i.xlarge",
            name="zei-b-prd-sb01",
            environment="prd",
            system="ZEI-B",
            tags={"user:Role": "dr"},
        ),
        volume("vol-tagged", 50, name="zei-b-prd-sb01-root", environment="prd", system="ZEI-B"),
        # A system that runs only in Osaka: its servers are production, not a standby.
        _osaka(
            instance(
                "i-osaka-only", 744, "0.124", name="kosei-c-prd-ap01", environment="prd", system="KOSEKI-C"
            )
        ),
    ]


def _ingest(engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]) -> None:
    month = DEMO_MONTH
    focus = write_focus(tmp_path / "focus.csv", month, _lines())
    idle = write_metrics(
        tmp_path / "metrics.csv", month, {"i-dr-ap": lambda h: 0.6, "i-dr-db": lambda h: 0.8}
    )
    engine.ingest([focus, idle], fx=write_rates({(f"{month:%Y-%m}", "USD"): RATE}))


def test_hand_made_standbys(engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]) -> None:
    _ingest(engine, tmp_path, write_rates)
    result = optimize(engine, rules=["dr-configuration"])
    found = {f.resource_id: f for f in result.findings}
    assert set(found) == {"i-dr-ap", "i-dr-db", "i-tagged"}
    yen = Decimal(RATE)
    transfer = 400 * Decimal("0.09") * yen
    ap, db, tagged = found["i-dr-ap"], found["i-dr-db"], found["i-tagged"]
    # i-dr-ap: the server, 300 GB of gp3, three quarters of the replication, less 300 GB of backup.
    ap_bundle = (744 * Decimal("0.124") + 300 * Decimal("0.096")) * yen + transfer * 3 / 4
    assert ap.monthly_cost_jpy == ap_bundle
    assert ap.monthly_saving_jpy == ap_bundle - 300 * BACKUP_OSAKA * yen
    assert ap.evidence["replication_gb"] == 300 and ap.evidence["recognised_by"] == ["region", "name"]
    assert [v["id"] for v in ap.evidence["volumes"]] == ["vol-dr-ap-data", "vol-dr-ap-root"]
    # i-dr-db: 100 GB, the last quarter of the replication.
    db_bundle = (744 * Decimal("0.129") + 100 * Decimal("0.096")) * yen + transfer / 4
    assert db.monthly_saving_jpy == db_bundle - 100 * BACKUP_OSAKA * yen
    assert ap.evidence["replication_cost_jpy"] + db.evidence["replication_cost_jpy"] == transfer
    assert ap.confidence == db.confidence == "high"
    # The tagged standby in Tokyo: no replication in its ledger, no metrics (medium confidence),
    # its backup copies priced in Tokyo's catalog row (the same 0.05 USD).
    tagged_bundle = (744 * Decimal("0.248") + 50 * Decimal("0.096")) * yen
    assert tagged.monthly_saving_jpy == tagged_bundle - 50 * BACKUP_OSAKA * yen
    assert tagged.evidence["recognised_by"] == ["tag"] and tagged.confidence == "medium"
    assert "ap-northeast-3" in ap.action and "AWS Backup" in ap.action and "A.1.4.1" in ap.action


def test_a_stricter_requirement_leaves_information_only(
    engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]
) -> None:
    _ingest(engine, tmp_path, write_rates)
    for own in (SystemSettings(nfr="strict"), SystemSettings(disaster_restart_days=7)):
        result = optimize(engine, rules=["dr-configuration"], settings=Settings(systems={"JUKI-A": own}))
        info = {f.resource_id: f for f in result.findings if f.informational}
        assert set(info) == {"i-dr-ap", "i-dr-db"}
        assert all(f.monthly_saving_jpy == 0 and f.keeps is None for f in info.values())
        assert {f.resource_id for f in result.findings if not f.informational} == {"i-tagged"}
        assert {s.resource_id for s in result.savings} == {"i-tagged"}
        # What the standard requirement would have saved, for the record.
        standard = optimize(engine, rules=["dr-configuration"])
        saving = {f.resource_id: f.monthly_saving_jpy for f in standard.findings}
        assert info["i-dr-ap"].evidence["backup_only_saving_jpy"] == saving["i-dr-ap"]
    assert "7 日以内" in info["i-dr-ap"].action


def test_an_old_generation_standby_is_not_counted_twice(
    engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]
) -> None:
    _ingest(engine, tmp_path, write_rates)
    rules = ["dr-configuration", "old-generation"]
    result = optimize(engine, rules=rules)
    on_db = [f for f in result.findings if f.resource_id == "i-dr-db"]
    assert {f.rule for f in on_db} == set(rules)
    dr = next(f for f in on_db if f.rule == "dr-configuration")
    old = next(f for f in on_db if f.rule == "old-generation")
    assert dr.keeps is not None and old.keeps is not None
    (combined,) = [s for s in result.savings if s.resource_id == "i-dr-db"]
    assert combined.combined_jpy == dr.monthly_cost_jpy * (1 - dr.keeps * old.keeps)
    assert dr.monthly_saving_jpy < combined.combined_jpy < dr.monthly_cost_jpy
    assert combined.combined_jpy < dr.monthly_saving_jpy + old.monthly_saving_jpy
