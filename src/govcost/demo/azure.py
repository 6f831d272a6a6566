"""A little Azure: the non-standard document system of the largest municipalities, as the FOCUS 1.0
cost export of Microsoft Cost Management writes it (daily rows, billed in USD)."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from govcost.demo import prices as p
from govcost.demo.aws import next_month, sku, ts
from govcost.demo.files import dec, q10, write_csv
from govcost.demo.landscape import PROD, Account, Landscape
from govcost.demo.timeline import Period

COLUMNS_1_0 = (
    "AvailabilityZone",
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "CommitmentDiscountCategory",
    "CommitmentDiscountId",
    "CommitmentDiscountName",
    "CommitmentDiscountStatus",
    "CommitmentDiscountType",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractedCost",
    "ContractedUnitPrice",
    "EffectiveCost",
    "InvoiceIssuerName",
    "ListCost",
    "ListUnitPrice",
    "PricingCategory",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "RegionName",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "SkuId",
    "SkuPriceId",
    "SubAccountId",
    "SubAccountName",
    "Tags",
    "x_ResourceGroupName",
    "x_SkuMeterCategory",
    "x_SkuMeterName",
)


@dataclass
class AzureMeter:
    account: Account
    static: dict[str, str]
    price: Decimal
    per: str  # "hour", "month" (prorated daily) or "gb" (a daily quantity)
    amount: float
    rng: random.Random


def _meters(acct: Account, rng: random.Random) -> list[AzureMeter]:
    assert acct.system is not None
    prod = acct.environment == PROD
    short = "prd" if prod else "stg"
    rg = f"rg-{acct.system.id.lower()}-{short}"
    base = f"{acct.id}/resourcegroups/{rg}/providers"
    tags = json.dumps(
        {"env": "prod" if prod else "stg", "system": acct.system.id},
        sort_keys=True,
        separators=(",", ":"),
    )
    common = {
        "BillingAccountId": acct.payer.id,
        "BillingAccountName": acct.payer.name,
        "BillingCurrency": "USD",
        "ChargeCategory": "Usage",
        "ChargeFrequency": "Usage-Based",
        "InvoiceIssuerName": "Microsoft",
        "PricingCategory": "Standard",
        "ProviderName": "Microsoft",
        "PublisherName": "Microsoft",
        "RegionId": "japaneast",
        "RegionName": "Japan East",
        "SubAccountId": acct.id,
        "SubAccountName": acct.name,
        "Tags": tags,
        "x_ResourceGroupName": rg,
    }
    out = []

    def add(
        name: str,
        rtype: str,
        rid: str,
        service: str,
        category: str,
        meter: str,
        meter_category: str,
        unit: str,
        consumed: str,
        price: Decimal,
        per: str,
        amount: float,
    ) -> None:
        sku_id = sku("azure", meter)
        static = {
            **common,
            "ChargeDescription": meter,
            "ConsumedUnit": consumed,
            "ContractedUnitPrice": dec(price),
            "ListUnitPrice": dec(price),
            "PricingUnit": unit,
            "ResourceId": rid,
            "ResourceName": name,
            "ResourceType": rtype,
            "ServiceCategory": category,
            "ServiceName": service,
            "SkuId": sku_id[:12],
            "SkuPriceId": f"{sku_id[:12]}/{sku_id[12:16]}",
            "x_SkuMeterCategory": meter_category,
            "x_SkuMeterName": meter.split(" - ")[0],
        }
        out.append(AzureMeter(acct, static, price, per, amount, random.Random(rng.getrandbits(64))))

    vms = (
        [("ap01", "Standard_D4s_v5", "P20"), ("db01", "Standard_E4s_v5", "P30")]
        if prod
        else [("ap01", "Standard_D2s_v5", "P10")]
    )
    for role, size, disk in vms:
        vm = f"{acct.system.id.lower()}-{short}-{role}"
        series = size.removeprefix("Standard_").replace("_", " ")
        add(
            vm,
            "Virtual machine",
            f"{base}/microsoft.compute/virtualmachines/{vm}",
            "Virtual Machines",
            "Compute",
            f"{series} Windows - Japan East",
            "Virtual Machines",
            "1 Hour",
            "Hours",
            p.AZURE_VM_WINDOWS[size],
            "hour",
            24,
        )
        d = f"{vm}_OsDisk_1"
        add(
            d,
            "Disk",
            f"{base}/microsoft.compute/disks/{d.lower()}",
            "Virtual Machines",
            "Storage",
            f"{disk} LRS Disk - Japan East",
            "Storage",
            "1/Month",
            "Months",
            p.AZURE_DISK_MONTH[disk],
            "month",
            1,
        )
    sa = f"st{acct.system.id.lower().replace('-', '')}{short}"
    add(
        sa,
        "Storage account",
        f"{base}/microsoft.storage/storageaccounts/{sa}",
        "Storage Accounts",
        "Storage",
        "Hot LRS Data Stored - Japan East",
        "Storage",
        "1 GB/Month",
        "GB/Month",
        p.AZURE_BLOB_GB_MONTH,
        "month",
        rng.randrange(200, 600) if prod else 40,
    )
    if prod:
        add(
            sa,
            "Storage account",
            f"{base}/microsoft.storage/storageaccounts/{sa}",
            "Bandwidth",
            "Networking",
            "Standard Data Transfer Out - Japan East",
            "Bandwidth",
            "1 GB",
            "GB",
            p.AZURE_EGRESS_GB,
            "gb",
            rng.uniform(1.5, 4.0),
        )
    return out


def _rows(meters: list[AzureMeter], period: Period, month: dt.date) -> Iterator[list[str]]:
    days = period.month_days(month)
    n = len(days)
    for m in meters:
        for i in days:
            day = period.days[i]
            if m.per == "hour":
                q = Decimal(int(m.amount))
            elif m.per == "month":
                q = q10(Decimal(str(m.amount)) / n)
            else:
                business = period.business_day[i]
                q = (
                    Decimal(round(m.amount * m.rng.uniform(0.7, 1.3) * (1 if business else 0.2) * 1000))
                    / 1000
                )
            cost = q10(q * m.price)
            row = {
                **m.static,
                "BillingPeriodStart": ts(month),
                "BillingPeriodEnd": ts(next_month(month)),
                "ChargePeriodStart": ts(day),
                "ChargePeriodEnd": ts(day + dt.timedelta(days=1)),
                "ConsumedQuantity": dec(q),
                "PricingQuantity": dec(q),
                "BilledCost": dec(cost),
                "EffectiveCost": dec(cost),
                "ListCost": dec(cost),
                "ContractedCost": dec(cost),
            }
            yield [row.get(c, "") for c in COLUMNS_1_0]


def write_azure(landscape: Landscape, period: Period, out_dir: Path, seed: int) -> tuple[list[Path], int]:
    """One CSV for the whole period (an export of past months); returns the file and its rows."""
    rng = random.Random(seed ^ 0xA2)
    meters = [m for a in landscape.accounts if a.provider == "azure" for m in _meters(a, rng)]
    if not meters:
        return [], 0
    first, last = period.month_starts[0], period.month_starts[-1]
    path = out_dir / f"focus-1.0-{first:%Y-%m}_{last:%Y-%m}.csv"
    rows = (row for month in period.month_starts for row in _rows(meters, period, month))
    return [path], write_csv(path, COLUMNS_1_0, rows)
