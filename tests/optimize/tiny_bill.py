"""Hand-made AWS bills for the rules' edge cases: a few meters billed daily as the FOCUS export of
AWS Data Exports writes them, with the account map, the FX rates and daily metrics beside them,
imported into a fresh ledger. Amounts are exact decimals (ten places, as AWS writes them)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from govcost.engine import Engine

COLUMNS = (
    "BilledCost",
    "EffectiveCost",
    "ListCost",
    "ContractedCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingCurrency",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargeCategory",
    "ChargeDescription",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "ConsumedQuantity",
    "ConsumedUnit",
    "PricingQuantity",
    "PricingUnit",
    "ListUnitPrice",
    "ContractedUnitPrice",
    "InvoiceIssuerName",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "SkuId",
    "SkuMeter",
    "SkuPriceDetails",
    "SubAccountId",
    "SubAccountName",
    "Tags",
    "x_Operation",
)
PAYER = "900000000009"
FX = Decimal(150)
TOKYO = "ap-northeast-1"
EC2 = "Amazon Elastic Compute Cloud"
TEN = Decimal("0.0000000001")

Quantity = Decimal | Callable[[dt.date], Decimal]


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every day from ``first`` to ``last``, both included."""
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def month_days(day: dt.date) -> int:
    nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return (nxt - day.replace(day=1)).days


def _ts(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


@dataclass
class TinyBill:
    """Meters of two months (April and May 2025 by default); the last is the month under review."""

    first: dt.date = dt.date(2025, 4, 1)
    last: dt.date = dt.date(2025, 5, 31)
    rows: list[dict[str, str]] = field(default_factory=list)
    accounts: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    metrics: list[tuple[str, str, str, str]] = field(default_factory=list)

    def account(self, account_id: str, system: str, environment: str = "本番", code: str = "131016") -> None:
        self.accounts[account_id] = (code, "住民基本台帳", environment, system)

    def meter(
        self,
        account_id: str,
        *,
        unit: str,
        price: str,
        quantity: Quantity,
        on: list[dt.date] | None = None,
        resource_id: str = "",
        name: str = "",
        resource_type: str = "",
        service: str = EC2,
        operation: str = "",
        sku_meter: str = "",
        tags: dict[str, str] | None = None,
        details: dict[str, object] | None = None,
        region: str = TOKYO,
    ) -> None:
        """One line item billed on each day of ``on`` (every day by default)."""
        unit_price = Decimal(price)
        for day in on if on is not None else days(self.first, self.last):
            q = quantity(day) if callable(quantity) else quantity
            if not q:
                continue
            q = q.quantize(TEN)
            cost = f"{(q * unit_price).quantize(TEN):f}"
            start = day.replace(day=1)
            self.rows.append(
                {
                    "BilledCost": cost,
                    "EffectiveCost": cost,
                    "ListCost": cost,
                    "ContractedCost": cost,
                    "BillingAccountId": PAYER,
                    "BillingAccountName": "テスト管理アカウント",
                    "BillingCurrency": "USD",
                    "BillingPeriodStart": _ts(start),
                    "BillingPeriodEnd": _ts(start + dt.timedelta(days=month_days(start))),
                    "ChargeCategory": "Usage",
                    "ChargeDescription": f"{operation} {unit}",
                    "ChargePeriodStart": _ts(day),
                    "ChargePeriodEnd": _ts(day + dt.timedelta(days=1)),
                    "ConsumedQuantity": f"{q:f}",
                    "ConsumedUnit": unit,
                    "PricingQuantity": f"{q:f}",
                    "PricingUnit": unit,
                    "ListUnitPrice": price,
                    "ContractedUnitPrice": price,
                    "InvoiceIssuerName": "Amazon Web Services Japan G.K.",
                    "ProviderName": "AWS",
                    "PublisherName": "Amazon Web Services, Inc.",
                    "RegionId": region,
                    "ResourceId": resource_id,
                    "ResourceName": name,
                    "ResourceType": resource_type,
                    "ServiceCategory": "Storage",
                    "ServiceName": service,
                    "SkuId": f"SKU-{operation}-{unit}",
                    "SkuMeter": sku_meter,
                    "SkuPriceDetails": json.dumps(details) if details else "",
                    "SubAccountId": account_id,
                    "SubAccountName": f"acct-{account_id[-4:]}",
                    "Tags": json.dumps(tags or {}, ensure_ascii=False),
                    "x_Operation": operation,
                }
            )

    # --- the resources the storage rules look at ------------------------------------------
    def instance(
        self,
        account_id: str,
        resource_id: str,
        name: str,
        *,
        on: list[dt.date] | None = None,
        hours: Decimal = Decimal(24),
        itype: str = "m6i.large",
        price: str = "0.124",
        role: str = "ap",
    ) -> None:
        self.meter(
            account_id,
            unit="Hours",
            price=price,
            quantity=hours,
            on=on,
            resource_id=resource_id,
            name=name,
            resource_type="instance",
            operation="RunInstances",
            sku_meter=f"APN1-BoxUsage:{itype}",
            tags={"user:Name": name, "user:Role": role},
            details={"InstanceType": itype, "OperatingSystem": "Linux", "CoreCount": 2, "MemorySize": 8},
        )

    def volume(
        self,
        account_id: str,
        resource_id: str,
        name: str,
        size_gb: int,
        *,
        kind: str = "gp2",
        price: str | None = None,
        on: list[dt.date] | None = None,
        role: str = "ap",
    ) -> None:
        prices = {"gp2": "0.12", "gp3": "0.096", "io1": "0.142", "st1": "0.054"}
        operation = {"gp2": "CreateVolume-Gp2", "gp3": "CreateVolume-Gp3", "io1": "CreateVolume-P-IOPS"}
        self.meter(
            account_id,
            unit="GB-Mo",
            price=price or prices[kind],
            quantity=lambda day: Decimal(size_gb) / month_days(day),
            on=on,
            resource_id=resource_id,
            name=name,
            resource_type="volume",
            operation=operation.get(kind, "CreateVolume-" + kind.capitalize()),
            sku_meter="APN1-EBS:VolumeUsage" + ("" if kind == "gp2" else "." + kind),
            tags={"user:Name": name, "user:Role": role},
            details={"DiskSpace": size_gb, "DiskType": kind},
        )

    def disk_used(self, resource_id: str, used: Callable[[dt.date], float], on: list[dt.date]) -> None:
        for day in on:
            self.metrics.append((resource_id, _ts(day), "disk_used_gb", f"{used(day):.2f}"))

    # --- writing and importing --------------------------------------------------------------
    def ingest(self, engine: Engine, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        bill = folder / "focus-tiny.csv"
        with bill.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, COLUMNS)
            writer.writeheader()
            writer.writerows(self.rows)
        accounts = folder / "accounts.csv"
        lines = ["provider,account_id,municipality_code,business,environment,system_id,usage"]
        lines += [f"aws,{a},{c},{b},{e},{s},単独" for a, (c, b, e, s) in self.accounts.items()]
        accounts.write_text("\n".join(lines) + "\n", encoding="utf-8")
        fx = folder / "fx.csv"
        months = sorted({d.replace(day=1) for d in days(self.first, self.last)})
        fx.write_text(
            "month,currency,jpy_per_unit\n" + "".join(f"{m:%Y-%m},USD,{FX}\n" for m in months),
            encoding="utf-8",
        )
        files = [bill]
        if self.metrics:
            metrics = folder / "metrics.csv"
            metrics.write_text(
                "resource_id,timestamp,metric,value\n" + "".join(",".join(m) + "\n" for m in self.metrics),
                encoding="utf-8",
            )
            files.append(metrics)
        engine.ingest(files, accounts=accounts, fx=fx)
