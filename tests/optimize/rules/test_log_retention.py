"""log-retention: exactly the demo's accounts whose logs never expire, each figure recomputed from
the ledger with SQL and the Glacier price written here by hand; hand-made bills for the edges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from govcost.engine import Engine
from govcost.optimize.run import OptimizeResult, optimize
from govcost.optimize.settings import Settings, SystemSettings
from tests.optimize.demo_ledger import DemoLedger
from tests.optimize.tiny_bill import FX, TinyBill, days, month_days

#: S3 Glacier Instant Retrieval, Tokyo, USD per GB-month, written down by hand.
GLACIER_IR = Decimal("0.005")


@pytest.fixture(scope="module")
def demo(demo_ledger: DemoLedger) -> OptimizeResult:
    return optimize(demo_ledger.engine, rules=["log-retention"], settings=demo_ledger.settings)


def test_finds_exactly_the_accounts_whose_logs_never_expire(
    demo_ledger: DemoLedger, demo: OptimizeResult
) -> None:
    accounts = {f.resource_id.removesuffix(":logs") for f in demo.findings}
    assert accounts == demo_ledger.scenario("long_log_retention")
    # Accounts that ingest logs without storing them for long are not found.
    ((ingesting,),) = demo_ledger.sql(
        "SELECT count(DISTINCT SubAccountId) FROM ledger_costs WHERE x_Operation = 'PutLogEvents'"
    )
    assert isinstance(ingesting, int) and ingesting > len(accounts)
    for f in demo.findings:
        assert f.resource_type == "log-storage" and f.evidence["never_expires"] is True
        assert f.guide_ref.startswith("アプローチガイド") and "保存期間" in f.action


def test_figures_recomputed_from_the_ledger(demo_ledger: DemoLedger, demo: OptimizeResult) -> None:
    start, end, month = demo.window_start, demo.window_end, demo.month
    n_days = Decimal((end - start).days)
    for f in demo.findings:
        account = f.resource_id.removesuffix(":logs")
        ((gb_months, cost, first, last, code, system),) = demo_ledger.sql(
            """
            SELECT sum(ConsumedQuantity) FILTER (WHERE BillingPeriodStart = ?),
                   sum(EffectiveCost * fx_jpy_per_unit) FILTER (WHERE BillingPeriodStart = ?),
                   arg_min(ConsumedQuantity, ChargePeriodStart) FILTER (WHERE ChargePeriodStart >= ?),
                   arg_max(ConsumedQuantity, ChargePeriodStart),
                   max(municipality_code), max(system_id)
            FROM ledger_costs
            WHERE SubAccountId = ? AND x_Operation = 'HourlyStorageMetering' AND ChargeCategory = 'Usage'
            """,
            [month, month, start, account],
        )
        ((ingested,),) = demo_ledger.sql(
            """
            SELECT sum(ConsumedQuantity) FROM ledger_costs
            WHERE SubAccountId = ? AND x_Operation = 'PutLogEvents' AND ChargePeriodStart >= ?
              AND ChargePeriodStart < ?
            """,
            [account, start, end],
        )
        assert isinstance(gb_months, Decimal) and isinstance(cost, Decimal) and isinstance(ingested, Decimal)
        assert f.municipality_code == code and f.system_id == system and f.account_id == account
        assert f.monthly_cost_jpy == cost and f.evidence["stored_gb_months"] == gb_months
        # Daily rows of one month (31 days): a day's GB-months × 31 is the GB stored that day.
        stored_first, stored_last = Decimal(str(first)) * 31, Decimal(str(last)) * 31
        ingest = ingested / n_days
        growth = (stored_last - stored_first) / (n_days - 1)
        assert f.evidence["ingest_gb_per_day"] == ingest
        assert f.evidence["growth_gb_per_day"] == growth and growth >= ingest / 2
        needed = ingest * 400
        assert f.evidence["needed_gb"] == needed
        price = cost / gb_months
        excess = max(Decimal(0), gb_months - needed)
        archived = max(Decimal(0), min(gb_months, needed) - ingest * 90)
        saving = excess * price + archived * (price - GLACIER_IR * _fx(demo_ledger, account, month))
        assert f.monthly_saving_jpy == saving
        assert f.keeps == ((cost - saving) / cost if saving else 1)


def _fx(demo_ledger: DemoLedger, account: str, month: dt.date) -> Decimal:
    ((fx,),) = demo_ledger.sql(
        "SELECT max(fx_jpy_per_unit) FROM ledger_costs WHERE SubAccountId = ? AND BillingPeriodStart = ?",
        [account, month],
    )
    assert isinstance(fx, Decimal)
    return fx


# --- hand-made edges ---------------------------------------------------------------------------
def _logs(bill: TinyBill, account: str, stored: Callable[[dt.date], Decimal], ingest: Decimal) -> None:
    bill.account(account, f"SYS-{account[:3]}")
    bill.meter(
        account,
        unit="GB-Mo",
        price="0.033",
        quantity=lambda d: stored(d) / month_days(d),
        service="AmazonCloudWatch",
        operation="HourlyStorageMetering",
        sku_meter="APN1-TimedStorage-ByteHrs",
    )
    bill.meter(
        account,
        unit="GB",
        price="0.76",
        quantity=ingest,
        service="AmazonCloudWatch",
        operation="PutLogEvents",
        sku_meter="APN1-DataProcessing-Bytes",
    )


def _day(d: dt.date) -> int:
    return (d - dt.date(2025, 4, 1)).days


def test_plateau_excess_growth_and_tiering(engine: Engine, tmp_path: Path) -> None:
    bill = TinyBill()
    # 1 GB a day kept 30 days: the plateau of a 30-day retention policy.
    _logs(bill, "111111111111", lambda d: Decimal(30), Decimal(1))
    # 1 GB a day, a 200-day plateau: a retention policy longer than the 60 days required (below).
    _logs(bill, "222222222222", lambda d: Decimal(200), Decimal(1))
    # Never expires: 1 GB a day on top of 150 GB.
    _logs(bill, "333333333333", lambda d: Decimal(150 + _day(d)), Decimal(1))
    # Never expires, but only 20 days old: nothing to save yet.
    _logs(bill, "444444444444", lambda d: Decimal(max(0, _day(d) - 40)), Decimal(1))
    bill.ingest(engine, tmp_path / "bill")
    settings = Settings(systems={"SYS-222": SystemSettings(log_retention_days=60)})
    result = optimize(engine, rules=["log-retention"], settings=settings)
    found = {f.account_id: f for f in result.findings}
    assert set(found) == {"222222222222", "333333333333", "444444444444"}

    plateau = found["222222222222"]
    stored = plateau.evidence["stored_gb_months"]
    price = plateau.monthly_cost_jpy / stored
    # The bill's price per GB-month (to the daily proration's ten decimal places).
    assert abs(price - Decimal("0.033") * FX) < Decimal("1e-6")
    assert plateau.evidence["never_expires"] is False and plateau.confidence == "medium"
    # Keep 60 days (needed): the rest goes; nothing is older than the 60-day search window.
    assert plateau.evidence["needed_gb"] == 60 and plateau.evidence["excess_gb"] == stored - 60
    assert plateau.evidence["searchable_days"] == 60 and plateau.evidence["archived_gb"] == 0
    assert plateau.monthly_saving_jpy == (stored - 60) * price
    assert _close(plateau.keeps, 60 / stored)

    forever = found["333333333333"]
    stored = forever.evidence["stored_gb_months"]
    price = forever.monthly_cost_jpy / stored
    assert forever.evidence["never_expires"] is True and forever.evidence["excess_gb"] == 0
    assert forever.confidence == "medium"
    assert abs(forever.evidence["growth_gb_per_day"] - 1) < Decimal("1e-6")
    # The logs older than 90 days (the required 400 kept) move to Glacier IR.
    assert forever.evidence["archived_gb"] == stored - 90
    assert forever.monthly_saving_jpy == (stored - 90) * (price - GLACIER_IR * FX)
    latest = forever.evidence["stored_gb_latest"]
    growth = forever.evidence["growth_gb_per_day"]
    assert abs(latest - 210) < Decimal("1e-6")
    assert forever.evidence["days_until_retention_exceeded"] == int((400 - latest) / growth) in (189, 190)

    young = found["444444444444"]
    assert young.monthly_saving_jpy == 0 and young.keeps == 1 and young.evidence["never_expires"] is True


def _close(a: Decimal | None, b: Decimal) -> bool:
    return a is not None and abs(a - b) < Decimal("1e-20")


def test_no_finding_without_storage_or_trend(engine: Engine, tmp_path: Path) -> None:
    bill = TinyBill(first=dt.date(2025, 5, 28))
    _logs(bill, "111111111111", lambda d: Decimal(10 + _day(d)), Decimal(1))
    bill.ingest(engine, tmp_path / "bill")
    assert optimize(engine, rules=["log-retention"]).findings == []
    assert days(bill.first, bill.last)[-1] == dt.date(2025, 5, 31)
