"""managed-services: exactly the demo's self-built backup and monitoring servers (with their volumes),
each saving recomputed from the ledger with SQL and the managed services' prices written here by
hand; hand-made bills for log and job servers and for the servers left alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from govcost.engine import Engine
from govcost.optimize.base import Finding
from govcost.optimize.run import OptimizeResult, optimize
from govcost.optimize.settings import Settings
from tests.optimize.demo_ledger import DemoLedger
from tests.optimize.tiny_bill import FX, TinyBill, days

#: AWS list prices (USD), written down by hand: AWS Backup EBS warm storage per GB-month, a
#: CloudWatch custom metric and a standard alarm per month, CloudWatch Logs storage and ingestion.
BACKUP_GB = Decimal("0.05")
METRIC, ALARM = Decimal("0.30"), Decimal("0.10")
LOGS_GB, LOGS_INGEST = Decimal("0.033"), Decimal("0.76")


@pytest.fixture(scope="module")
def demo(demo_ledger: DemoLedger) -> OptimizeResult:
    return optimize(demo_ledger.engine, rules=["managed-services"], settings=demo_ledger.settings)


def _servers(result: OptimizeResult) -> list[Finding]:
    return [f for f in result.findings if f.resource_type == "instance"]


def test_finds_exactly_the_self_built_servers_and_their_volumes(
    demo_ledger: DemoLedger, demo: OptimizeResult
) -> None:
    servers = {f.resource_id: f for f in _servers(demo)}
    expected = demo_ledger.scenario("self_built_backup") | demo_ledger.scenario("self_built_monitoring")
    assert set(servers) == expected
    assert {f.evidence["kind"] for f in servers.values()} == {"backup", "monitoring"}
    for f in demo.findings:
        server = servers[f.evidence["server"]]
        assert f.confidence == "medium" and f.keeps == server.keeps and f.monthly_saving_jpy > 0
        if f.resource_type == "volume":
            assert str(f.resource_name).startswith(f"{server.resource_name}-")
            assert f.resource_id in {v["id"] for v in server.evidence["volumes"]}


def test_saving_is_server_and_volumes_less_the_managed_service(
    demo_ledger: DemoLedger, demo: OptimizeResult
) -> None:
    month, start, end = demo.month, demo.window_start, demo.window_end
    for server in _servers(demo):
        ((name, system, fx),) = demo_ledger.sql(
            "SELECT max(ResourceName), max(system_id), max(fx_jpy_per_unit) FROM ledger_costs"
            " WHERE ResourceId = ? AND BillingPeriodStart = ?",
            [server.resource_id, month],
        )
        assert isinstance(fx, Decimal)
        rows = demo_ledger.sql(
            """
            SELECT ResourceId, ResourceName, sum(EffectiveCost * fx_jpy_per_unit) FROM ledger_costs
            WHERE ChargeCategory = 'Usage' AND BillingPeriodStart = ?
              AND (ResourceId = ? OR (ResourceType = 'volume' AND ResourceName LIKE ? || '-%'))
            GROUP BY ALL
            """,
            [month, server.resource_id, name],
        )
        total = sum((c for _, _, c in rows if isinstance(c, Decimal)), Decimal(0))
        assert server.evidence["total_cost_jpy"] == total and len(rows) == 1 + len(server.evidence["volumes"])
        if server.evidence["kind"] == "backup":
            # AWS Backup for what the backup server's data volume holds at its fullest.
            ((held,),) = demo_ledger.sql(
                """
                SELECT max(value) FROM ledger_metrics m JOIN (
                  SELECT DISTINCT ResourceId FROM ledger_costs WHERE ResourceName = ? || '-data'
                ) v ON m.resource_id = v.ResourceId
                WHERE metric = 'disk_used_gb' AND timestamp >= ? AND timestamp < ?
                """,
                [name, start, end],
            )
            usd = Decimal(str(round(float(str(held)), 2))) * BACKUP_GB
        else:
            # CloudWatch: 10 metrics and 10 alarms for every other server of the system.
            ((others,),) = demo_ledger.sql(
                """
                SELECT count(DISTINCT ResourceId) FROM ledger_costs
                WHERE system_id = ? AND ResourceType = 'instance' AND BillingPeriodStart = ?
                  AND ConsumedQuantity > 0 AND ResourceId <> ?
                """,
                [system, month, server.resource_id],
            )
            assert isinstance(others, int) and others >= 1
            usd = others * (10 * METRIC + 10 * ALARM)
        assert server.evidence["estimate_usd"] == usd
        estimate = usd * fx
        keeps = estimate / total
        assert server.keeps == keeps
        linked = [f for f in demo.findings if f.evidence["server"] == server.resource_id]
        assert abs(sum((f.monthly_saving_jpy for f in linked), Decimal(0)) - (total - estimate)) < Decimal(
            "1e-12"
        )
        for f in linked:
            assert f.monthly_saving_jpy == f.monthly_cost_jpy * (1 - keeps)


def test_log_and_job_servers_and_the_servers_left_alone(engine: Engine, tmp_path: Path) -> None:
    bill = TinyBill()
    bill.account("111111111111", "ZEI-1")
    may = days(dt.date(2025, 5, 1), dt.date(2025, 5, 31))
    bill.instance("111111111111", "i-log", "zei-prd-syslog01", role="")
    bill.volume("111111111111", "vol-log", "zei-prd-syslog01-data", 500, kind="gp3")
    bill.disk_used("vol-log", lambda d: 300.0 + 2 * d.day, may)
    bill.instance("111111111111", "i-job", "zei-prd-app01", role="jp1-ajs")
    bill.instance("111111111111", "i-batch", "zei-prd-batch01", role="batch")
    bill.instance("111111111111", "i-cat", "zei-prd-catalog01", role="ap")
    # The Role tag wins over the name: an application server whatever it is called.
    bill.instance("111111111111", "i-named", "zei-prd-zabbix02", role="ap")
    # A job server that ran three days costs less than the managed service: nothing to save.
    bill.instance("111111111111", "i-tiny", "zei-stg-job01", role="job", on=may[:3], price="0.0136")
    bill.ingest(engine, tmp_path / "bill")
    result = optimize(engine, rules=["managed-services"], settings=Settings())
    servers = {f.resource_id: f for f in result.findings if f.resource_type == "instance"}
    assert set(servers) == {"i-log", "i-job"}
    log = servers["i-log"]
    assert log.evidence["kind"] == "log" and log.evidence["managed_gb"] == Decimal("362.00")
    # A month's growth (2 GB a day × 30) ingested, and the GB held stored, at CloudWatch Logs prices.
    assert log.evidence["ingest_gb_per_month"] == Decimal("60.00")
    assert log.evidence["estimate_usd"] == Decimal("362.00") * LOGS_GB + Decimal("60.00") * LOGS_INGEST
    job = servers["i-job"]
    assert job.evidence["kind"] == "job" and job.evidence["estimate_usd"] == Decimal(5)
    assert job.monthly_saving_jpy == job.monthly_cost_jpy - 5 * FX
    assert job.keeps == 5 * FX / job.monthly_cost_jpy and "EventBridge" in job.action
    assert {f.resource_id for f in result.findings} == {"i-log", "vol-log", "i-job"}
