"""old-generation: the planted m4/t2 servers and no others, each saving recomputed from the ledger."""

from __future__ import annotations

from decimal import Decimal

from govcost.optimize.run import optimize
from tests.optimize.demo_ledger import DemoLedger

#: Successor list prices per hour (USD, Tokyo) for the planted types, written down by hand.
SUCCESSOR_LINUX = {"m4.xlarge": ("m6i.xlarge", "0.248"), "m4.2xlarge": ("m6i.2xlarge", "0.496")}


def test_finds_exactly_the_planted_old_generation_instances(demo_ledger: DemoLedger) -> None:
    result = optimize(demo_ledger.engine, rules=["old-generation"])
    found = {f.resource_id for f in result.findings}
    assert found == demo_ledger.scenario("old_generation")
    assert all(f.rule == "old-generation" and f.monthly_saving_jpy > 0 for f in result.findings)


def test_saving_is_the_cost_times_the_price_cut(demo_ledger: DemoLedger) -> None:
    result = optimize(demo_ledger.engine, rules=["old-generation"])
    month = result.month
    for f in result.findings:
        ((cost, price, details),) = demo_ledger.sql(
            """
            SELECT sum(EffectiveCost * fx_jpy_per_unit), max(ListUnitPrice), max(SkuPriceDetails)
            FROM ledger_costs
            WHERE ResourceId = ? AND ChargeCategory = 'Usage' AND BillingPeriodStart = ?
            """,
            [f.resource_id, month],
        )
        itype = f.evidence["instance_type"]
        family, size = itype.split(".")
        successor = {"m4": "m6i", "t2": "t3"}[family] + "." + size
        assert f.evidence["successor"] == successor
        # The successor's price from the catalog: Windows adds the same licence per vCPU to both.
        new = Decimal(f.evidence["successor_price_usd_per_hour"])
        if "Linux" in str(details) and itype in SUCCESSOR_LINUX:
            assert new == Decimal(SUCCESSOR_LINUX[itype][1])
        assert isinstance(cost, Decimal) and isinstance(price, Decimal)
        assert f.monthly_cost_jpy == cost
        assert f.monthly_saving_jpy == cost * (1 - new / price)
        assert f.annual_saving_jpy == f.monthly_saving_jpy * 12
        assert f.to_json()["monthly_saving_jpy"] == int(
            f.monthly_saving_jpy.quantize(Decimal(1), "ROUND_HALF_UP")
        )


def test_municipality_scope_keeps_only_its_findings(demo_ledger: DemoLedger) -> None:
    every = optimize(demo_ledger.engine, rules=["old-generation"])
    code = every.findings[0].municipality_code
    assert code is not None
    scoped = optimize(demo_ledger.engine, rules=["old-generation"], municipality=code)
    assert scoped.findings and {f.municipality_code for f in scoped.findings} == {code}
    assert {f.resource_id for f in scoped.findings} == {
        f.resource_id for f in every.findings if f.municipality_code == code
    }
