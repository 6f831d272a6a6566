"""idle: the planted idle addresses and load balancer (and any idle server the manifest records) and
no others, each saving the month's cost recomputed from the ledger; the edge cases (the CPU
threshold, standbys, servers already stopped, too few metric points, addresses attached since, busy
load balancers) on a hand-made ledger."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from govcost.engine import Engine
from govcost.optimize.run import optimize
from tests.optimize.demo_ledger import DemoLedger
from tests.optimize.handmade import Line, instance, write_focus

MONTH = dt.date(2025, 5, 1)
RATE = "150"


def _planted(demo_ledger: DemoLedger) -> set[str]:
    return (
        demo_ledger.scenario("idle_addresses")
        | demo_ledger.scenario("idle_load_balancers")
        | demo_ledger.scenario("idle_instances")
    )


def test_finds_exactly_the_planted_idle_resources(demo_ledger: DemoLedger) -> None:
    result = optimize(demo_ledger.engine, rules=["idle"], settings=demo_ledger.settings)
    assert demo_ledger.scenario("idle_addresses") and demo_ledger.scenario("idle_load_balancers")
    assert {f.resource_id for f in result.findings} == _planted(demo_ledger)


def test_saving_is_the_months_cost(demo_ledger: DemoLedger) -> None:
    result = optimize(demo_ledger.engine, rules=["idle"], settings=demo_ledger.settings)
    month = dt.datetime(result.month.year, result.month.month, 1)
    for f in result.findings:
        ((cost, lcu, hours),) = demo_ledger.sql(
            """
            SELECT sum(EffectiveCost * fx_jpy_per_unit),
                   sum(CASE WHEN ConsumedUnit = 'LCU-Hrs' THEN ConsumedQuantity ELSE 0 END),
                   sum(CASE WHEN ConsumedUnit = 'Hours' THEN ConsumedQuantity ELSE 0 END)
            FROM ledger_costs
            WHERE ResourceId = ? AND ChargeCategory = 'Usage' AND BillingPeriodStart = ?
            """,
            [f.resource_id, month],
        )
        assert isinstance(cost, Decimal) and cost > 0
        assert f.monthly_saving_jpy == f.monthly_cost_jpy == cost
        assert f.keeps == 0 and f.confidence == "high"
        if f.resource_type == "loadbalancer":
            assert isinstance(lcu, Decimal) and isinstance(hours, Decimal)
            assert f.evidence["lcu_per_hour"] == lcu / hours < Decimal("0.01")
        if f.resource_type == "elastic-ip":
            assert f.evidence["idle_hours"] == hours == 24 * 31


def test_busy_load_balancers_and_standbys_stay(demo_ledger: DemoLedger) -> None:
    result = optimize(demo_ledger.engine, rules=["idle"], settings=demo_ledger.settings)
    found = {f.resource_id for f in result.findings}
    busy = {
        rid
        for (rid,) in demo_ledger.sql(
            "SELECT DISTINCT ResourceId FROM ledger_costs WHERE ResourceType = 'loadbalancer'"
        )
    } - demo_ledger.scenario("idle_load_balancers")
    assert busy and not busy & found
    assert not demo_ledger.scenario("osaka_standby") & found


# --- a hand-made ledger -----------------------------------------------------------------------
def _cpu(path: Path, usage: dict[str, tuple[float, float, int]]) -> Path:
    """Hourly cpu_percent over the last ``hours`` hours of the month: ``low`` except one hour at ``peak``."""
    end = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(("resource_id", "timestamp", "metric", "value"))
        for rid, (low, peak, hours) in usage.items():
            for h in range(1, hours + 1):
                at = (end - dt.timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ")
                out.writerow((rid, at, "cpu_percent", peak if h == 100 else low))
    return path


def _stopped_early(path: Path) -> Path:
    """Rewrite the charge period of ``i-stopped`` to end on 5/20 (it was stopped then)."""
    rows = list(csv.reader(path.open(encoding="utf-8")))
    header = rows[0]
    rid, end, billing_end = (
        header.index("ResourceId"),
        header.index("ChargePeriodEnd"),
        header.index("BillingPeriodEnd"),
    )
    for row in rows[1:]:
        if row[rid] in ("i-stopped", "eip-attached"):
            row[end] = "2025-05-20T00:00:00Z"
            assert row[billing_end] == "2025-06-01T00:00:00Z"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_edge_cases(engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]) -> None:
    lb = "arn:aws:elasticloadbalancing:ap-northeast-1:111111111111:loadbalancer/app/"
    elb = {"resource_type": "loadbalancer", "service": "Elastic Load Balancing"}
    eip = {"resource_type": "elastic-ip", "sku_meter": "APN1-ElasticIP:IdleAddress"}
    lines = [
        instance("i-idle", 744, "0.124", name="juki-stg-ap01"),
        # Its busiest hour reaches the threshold (3 %): it works.
        instance("i-peak", 744, "0.124", name="juki-stg-ap02"),
        instance("i-dr", 744, "0.124", name="juki-dr-ap01"),
        instance("i-stopped", 456, "0.124", name="juki-stg-ap03"),
        instance("i-sparse", 744, "0.124", name="juki-stg-ap04"),
        instance("i-unmeasured", 744, "0.124", name="juki-stg-ap05"),
        Line("eip-idle", Decimal(744), Decimal("0.005"), name="eip01", **eip),  # type: ignore[arg-type]
        Line("eip-attached", Decimal(456), Decimal("0.005"), name="eip02", **eip),  # type: ignore[arg-type]
        # An address billed as in use (public IPv4 in use) is not idle.
        Line(
            "eip-in-use",
            Decimal(744),
            Decimal("0.005"),
            name="eip03",
            resource_type="elastic-ip",
            sku_meter="APN1-PublicIPv4:InUseAddress",
        ),
        Line(lb + "quiet", Decimal(744), Decimal("0.0243"), name="quiet", **elb),  # type: ignore[arg-type]
        Line(lb + "quiet", Decimal("0.12"), Decimal("0.008"), unit="LCU-Hrs", name="quiet", **elb),  # type: ignore[arg-type]
        # No LCU line at all: nothing used.
        Line(lb + "unused", Decimal(744), Decimal("0.0243"), name="unused", **elb),  # type: ignore[arg-type]
        Line(lb + "busy", Decimal(744), Decimal("0.0243"), name="busy", **elb),  # type: ignore[arg-type]
        Line(lb + "busy", Decimal("7.44"), Decimal("0.008"), unit="LCU-Hrs", name="busy", **elb),  # type: ignore[arg-type]
    ]
    focus = _stopped_early(write_focus(tmp_path / "focus.csv", MONTH, lines))
    metrics = _cpu(
        tmp_path / "metrics.csv",
        {
            "i-idle": (0.8, 2.99, 720),
            "i-peak": (0.8, 3.0, 720),
            "i-dr": (0.5, 0.5, 720),
            "i-stopped": (0.5, 0.5, 300),
            "i-sparse": (0.5, 0.5, 300),
        },
    )
    engine.ingest([focus, metrics], fx=write_rates({("2025-05", "USD"): RATE}))
    found = {f.resource_id: f for f in optimize(engine, rules=["idle"]).findings}
    assert set(found) == {"i-idle", "eip-idle", lb + "quiet", lb + "unused"}
    rate = Decimal(RATE)
    assert found["i-idle"].monthly_saving_jpy == Decimal(744) * Decimal("0.124") * rate
    assert found["i-idle"].evidence["cpu_max_percent"] == 2.99
    assert found["eip-idle"].monthly_saving_jpy == Decimal(744) * Decimal("0.005") * rate
    quiet = found[lb + "quiet"]
    assert (
        quiet.monthly_saving_jpy
        == (Decimal(744) * Decimal("0.0243") + Decimal("0.12") * Decimal("0.008")) * rate
    )
    assert quiet.evidence["lcu_per_hour"] == Decimal("0.12") / Decimal(744)
    assert found[lb + "unused"].evidence["lcu_hours"] == 0
    assert all(f.keeps == 0 for f in found.values())
