"""commitments: a Savings Plan for exactly the payers the demo runs steadily on demand, each saving
recomputed from the ledger with SQL and the ratio written by hand; the volume-discount notes; the
edge cases (the lowest day, what does not count as steady, payers already committed, discounts
that show) on a hand-made daily bill."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from govcost.engine import Engine
from govcost.optimize.base import Finding
from govcost.optimize.run import optimize
from tests.optimize.demo_ledger import DemoLedger

RATIO = Decimal("0.72")  # 1-year Compute Savings Plan, no upfront: 28 % off on-demand
RATE = "150"


def _plans(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if not f.informational]


def test_recommends_a_plan_for_exactly_the_uncovered_payers(demo_ledger: DemoLedger) -> None:
    result = optimize(demo_ledger.engine, rules=["commitments"], settings=demo_ledger.settings)
    plans = _plans(result.findings)
    assert demo_ledger.scenario("uncovered_payers")
    assert {f.resource_id for f in plans} == demo_ledger.scenario("uncovered_payers")
    assert all(f.keeps is None and f.resource_type == "billing-account" for f in plans)


def test_saving_is_the_lowest_days_on_demand_spend_at_the_plans_discount(demo_ledger: DemoLedger) -> None:
    result = optimize(demo_ledger.engine, rules=["commitments"], settings=demo_ledger.settings)
    month = dt.datetime(result.month.year, result.month.month, 1)
    days = 31  # May
    strict = sorted(demo_ledger.scenario("dr_strict_systems"))
    # Each server counts at what the instance-level changes leave of it (tested in their own files).
    changes = optimize(
        demo_ledger.engine, rules=["rightsizing", "old-generation", "idle"], settings=demo_ledger.settings
    )
    kept: dict[str, Decimal] = {}
    for c in changes.findings:
        assert c.keeps is not None
        kept[c.resource_id] = kept.get(c.resource_id, Decimal(1)) * c.keeps
    assert kept
    # Steady: production servers billed every day of the month; an Osaka standby counts only where
    # the system's own requirement keeps it (the rest go to dr-configuration).
    rows = demo_ledger.sql(
        f"""
        WITH steady AS (
            SELECT ResourceId FROM ledger_costs
            WHERE BillingPeriodStart = ? AND ChargeCategory = 'Usage' AND ResourceType = 'instance'
              AND ConsumedUnit = 'Hours' AND environment = '本番'
              AND (RegionId <> 'ap-northeast-3' OR system_id IN (SELECT unnest(?::VARCHAR[])))
            GROUP BY ResourceId
            HAVING count(DISTINCT CAST(ChargePeriodStart AS DATE)) = {days}
        )
        SELECT BillingAccountId, ResourceId, CAST(ChargePeriodStart AS DATE),
               sum(CAST(EffectiveCost * fx_jpy_per_unit AS DECIMAL(38, 18)))
        FROM ledger_costs
        WHERE BillingPeriodStart = ? AND ChargeCategory = 'Usage' AND ConsumedUnit = 'Hours'
          AND CommitmentDiscountId IS NULL AND ResourceId IN (SELECT ResourceId FROM steady)
        GROUP BY ALL
        """,
        [month, strict, month],
    )
    daily: dict[str, dict[object, Decimal]] = {}
    billed: dict[str, dict[object, Decimal]] = {}
    for payer, rid, day, jpy in rows:
        assert isinstance(payer, str) and isinstance(rid, str) and isinstance(jpy, Decimal)
        by_day = daily.setdefault(payer, {})
        by_day[day] = by_day.get(day, Decimal(0)) + jpy * kept.get(rid, Decimal(1))
        as_billed = billed.setdefault(payer, {})
        as_billed[day] = as_billed.get(day, Decimal(0)) + jpy
    plans = _plans(result.findings)
    assert plans
    for f in plans:
        assert len(daily[f.resource_id]) == days
        low = min(daily[f.resource_id].values())
        expected = low / 24 * 744 * (1 - RATIO)
        assert abs(f.monthly_saving_jpy - expected) < Decimal("1e-9")
        assert abs(f.evidence["lowest_day_jpy"] - low) < Decimal("1e-9")
        day = f.evidence["lowest_day"]
        assert abs(f.evidence["lowest_day_jpy_as_billed"] - billed[f.resource_id][day]) < Decimal("1e-9")
        assert f.evidence["price_ratio"] == RATIO
        assert f.confidence == "high"
        assert f.action.startswith("請求アカウント")
    # The oversized servers are sized down before the plan: their payer's plan is smaller for it.
    resized = {rid for rid, k in kept.items() if k < 1}
    assert any(f.evidence["instances_changed_by_other_rules"] > 0 for f in plans)
    assert resized


def test_a_note_on_the_volume_discount_for_every_payer(demo_ledger: DemoLedger) -> None:
    result = optimize(demo_ledger.engine, rules=["commitments"], settings=demo_ledger.settings)
    month = dt.datetime(result.month.year, result.month.month, 1)
    payers = {
        p
        for (p,) in demo_ledger.sql(
            "SELECT DISTINCT BillingAccountId FROM ledger_costs"
            " WHERE cost_source = 'cloud' AND BillingPeriodStart = ?",
            [month],
        )
    }
    ((negative, list_over),) = demo_ledger.sql(
        """
        SELECT count(*) FILTER (WHERE BilledCost < 0),
               count(*) FILTER (
                   WHERE ChargeCategory = 'Usage' AND CommitmentDiscountId IS NULL
                     AND ListCost > ContractedCost
               )
        FROM ledger_costs WHERE cost_source = 'cloud' AND BillingPeriodStart = ?
        """,
        [month],
    )
    notes = [f for f in result.findings if f.informational and "visible" in f.evidence]
    assert {f.resource_id for f in notes} == payers
    # The demo's bills show no discount in that month: every note says so.
    assert negative == 0 and list_over == 0
    assert all(f.evidence["visible"] is False and f.monthly_saving_jpy == 0 for f in notes)
    # The payer that already holds a plan gets its remaining baseline as a note, not a saving.
    for payer in demo_ledger.scenario("savings_plan_payers"):
        (extend,) = [
            f for f in result.findings if f.resource_id == payer and "baseline_per_hour" in f.evidence
        ]
        assert extend.informational and extend.evidence["existing_commitments"] > 0
    assert result.monthly_saving_jpy == sum(
        (f.monthly_saving_jpy for f in _plans(result.findings)), Decimal(0)
    )


# --- a hand-made daily bill -------------------------------------------------------------------
HEADER = (
    "BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,"
    "ChargeCategory,ChargeDescription,ChargePeriodEnd,ChargePeriodStart,CommitmentDiscountId,"
    "ConsumedQuantity,ConsumedUnit,ContractedCost,EffectiveCost,ListCost,ListUnitPrice,PricingQuantity,"
    "PricingUnit,ProviderName,PublisherName,InvoiceIssuerName,RegionId,ResourceId,ResourceName,ResourceType,ServiceCategory,ServiceName,"
    "SkuPriceDetails,SubAccountId,Tags,x_Discounts"
).split(",")


@dataclass
class Server:
    rid: str
    payer: str
    price: str
    #: Hours billed on each day (1-based day of May → hours); days not listed: 24.
    hours: dict[int, int] = field(default_factory=dict)
    first_day: int = 1
    environment: str = "prd"
    plan: str = ""
    list_price: str = ""
    provider: str = "AWS"
    discounts: str = ""
    itype: str = "m6i.large"


def _bill(path: Path, servers: list[Server], extra: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, HEADER)
        out.writeheader()
        for s in servers:
            for day in range(s.first_day, 32):
                q = Decimal(s.hours.get(day, 24))
                if not q:
                    continue
                start = dt.datetime(2025, 5, day)
                cost = q * Decimal(s.price)
                listed = q * Decimal(s.list_price or s.price)
                out.writerow(
                    {
                        **_common(s.payer, s.provider),
                        "BilledCost": "0" if s.plan else f"{cost}",
                        "ChargeCategory": "Usage",
                        "ChargeDescription": s.itype,
                        "ChargePeriodStart": f"{start:%Y-%m-%dT%H:%M:%SZ}",
                        "ChargePeriodEnd": f"{start + dt.timedelta(days=1):%Y-%m-%dT%H:%M:%SZ}",
                        "CommitmentDiscountId": s.plan,
                        "ConsumedQuantity": f"{q}",
                        "ConsumedUnit": "Hours",
                        "ContractedCost": f"{cost}",
                        "EffectiveCost": f"{cost * Decimal('0.72') if s.plan else cost}",
                        "ListCost": f"{listed}",
                        "ListUnitPrice": s.list_price or s.price,
                        "PricingQuantity": f"{q}",
                        "PricingUnit": "Hours",
                        "RegionId": "ap-northeast-1",
                        "ResourceId": s.rid,
                        "ResourceName": s.rid,
                        "ResourceType": "instance",
                        "ServiceCategory": "Compute",
                        "ServiceName": "Amazon Elastic Compute Cloud",
                        "SkuPriceDetails": json.dumps({"InstanceType": s.itype, "OperatingSystem": "Linux"}),
                        "Tags": json.dumps(
                            {
                                "user:municipality_code": "131016",
                                "user:business": "住民基本台帳",
                                "user:environment": s.environment,
                                "user:system_id": "JUKI-131016",
                            },
                            ensure_ascii=False,
                        ),
                        "x_Discounts": s.discounts,
                    }
                )
        for row in extra:
            out.writerow(row)
    return path


def _common(payer: str, provider: str = "AWS") -> dict[str, str]:
    return {
        "BillingAccountId": payer,
        "BillingAccountName": f"payer {payer}",
        "BillingCurrency": "USD",
        "BillingPeriodStart": "2025-05-01T00:00:00Z",
        "BillingPeriodEnd": "2025-06-01T00:00:00Z",
        "ProviderName": provider,
        "PublisherName": provider,
        "InvoiceIssuerName": provider,
        "SubAccountId": f"sub-{payer}",
    }


def _credit(payer: str, amount: str, description: str) -> dict[str, str]:
    return {
        **_common(payer),
        "BilledCost": amount,
        "ChargeCategory": "Credit",
        "ChargeDescription": description,
        "ChargePeriodStart": "2025-05-01T00:00:00Z",
        "ChargePeriodEnd": "2025-06-01T00:00:00Z",
        "ContractedCost": amount,
        "EffectiveCost": amount,
        "ListCost": amount,
        "ServiceName": "Amazon Elastic Compute Cloud",
    }


def test_edge_cases(engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]) -> None:
    servers = [
        # P1: two steady servers; on 5/10 one ran 12 hours only: that day is the baseline.
        Server("i-a", "P1", "0.124"),
        Server("i-b", "P1", "0.248", hours={10: 12}),
        # Not steady: a verification server (stopped at night by operating-hours), one started on 5/3.
        Server("i-stg", "P1", "0.124", environment="stg"),
        Server("i-new", "P1", "0.124", first_day=3),
        # P2: already holds a plan for one server; the other runs on demand.
        Server("i-covered", "P2", "0.124", plan="arn:aws:savingsplans::P2:savingsplan/sp-1"),
        Server("i-p2", "P2", "0.124"),
        # P3: on demand, with a volume discount line; P4: contracted below list; P5: a negative
        # x_Discounts. P6 on Azure: no plan in the catalog for it, only the note.
        Server("i-p3", "P3", "0.124"),
        Server("i-p4", "P4", "0.124", list_price="0.155"),
        Server("i-p5", "P5", "0.124", discounts='{"bundled_discount": -0.5}'),
        Server("vm-p6", "P6", "0.124", provider="Microsoft"),
        # P7: a previous-generation server; old-generation moves it to m6i.large first.
        Server("i-m4", "P7", "0.129", itype="m4.large"),
    ]
    extra = [
        _credit("P3", "-40", "Government Cloud volume discount"),
        _credit("P1", "-500", "AWS Migration Acceleration Program Credit"),
    ]
    bill = _bill(tmp_path / "focus.csv", servers, extra)
    engine.ingest([bill], fx=write_rates({("2025-05", "USD"): RATE}))
    result = optimize(engine, rules=["commitments"])
    plans = {f.resource_id: f for f in _plans(result.findings)}
    assert set(plans) == {"P1", "P3", "P4", "P5", "P7"}
    rate = Decimal(RATE)
    # P1's lowest day: 24 h × 0.124 + 12 h × 0.248 = 5.952 USD, an hour 0.248 USD.
    low = (24 * Decimal("0.124") + 12 * Decimal("0.248")) * rate
    p1 = plans["P1"]
    assert p1.evidence["lowest_day"] == dt.date(2025, 5, 10)
    assert p1.evidence["lowest_day_jpy"] == low
    assert p1.evidence["instances"] == 2
    assert p1.evidence["commitment_per_hour"] == Decimal("0.248") * RATIO
    assert p1.monthly_saving_jpy == low / 24 * 744 * (1 - RATIO)
    assert p1.municipality_code == "131016"

    notes = {f.resource_id: f for f in result.findings if f.informational and "visible" in f.evidence}
    assert set(notes) == {"P1", "P2", "P3", "P4", "P5", "P6", "P7"}
    visible = {p for p, f in notes.items() if f.evidence["visible"]}
    assert visible == {"P3", "P4", "P5"}
    # The migration credit is a credit, not the volume discount.
    assert notes["P1"].evidence["other_credit_lines"] == 1 and notes["P1"].evidence["discount_lines"] == 0
    assert notes["P3"].evidence["discount_jpy"] == Decimal(-40) * rate
    assert (
        notes["P4"].evidence["list_over_contracted_jpy"]
        == 31 * 24 * (Decimal("0.155") - Decimal("0.124")) * rate
    )
    assert notes["P5"].evidence["negative_x_discounts_rows"] == 31
    # P7 is sized on the current generation's price (the catalog's 0.124 against the bill's 0.129).
    p7 = plans["P7"]
    assert p7.evidence["instances_changed_by_other_rules"] == 1
    assert p7.evidence["lowest_day_jpy_as_billed"] == 24 * Decimal("0.129") * rate
    assert abs(p7.evidence["baseline_per_hour"] - Decimal("0.124")) < Decimal("1e-20")
    (extend,) = [f for f in result.findings if f.resource_id == "P2" and "baseline_per_hour" in f.evidence]
    assert extend.informational and extend.monthly_saving_jpy == 0
    assert extend.evidence["baseline_per_hour"] == Decimal("0.124")
