"""Small hand-made ledgers for a rule's edge cases: a FOCUS file with one row per resource and meter
for the whole month, and hourly CPU metrics as CSV, both written to a temporary directory.

Every amount is ``quantity × price`` in Decimal, so a test can write the expected saving by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

HEADER = (
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractedCost",
    "EffectiveCost",
    "InvoiceIssuerName",
    "ListCost",
    "ListUnitPrice",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "SkuMeter",
    "SkuPriceDetails",
    "SubAccountId",
    "SubAccountName",
    "Tags",
)
JST = dt.timezone(dt.timedelta(hours=9))


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_hours(month: dt.date) -> int:
    return (next_month(month) - month).days * 24


@dataclass
class Line:
    """One meter of one resource, billed for the month: ``quantity`` units at ``price`` USD."""

    resource_id: str
    quantity: Decimal
    price: Decimal
    unit: str = "Hours"
    resource_type: str = "instance"
    name: str = ""
    account: str = "111111111111"
    region: str = "ap-northeast-1"
    service: str = "Amazon Elastic Compute Cloud"
    sku_meter: str = ""
    environment: str = "stg"
    system: str = "JUKI-131016"
    business: str = "住民基本台帳"
    municipality: str = "131016"
    tags: dict[str, str] = field(default_factory=dict)
    details: dict[str, object] = field(default_factory=dict)
    #: The day the charge period starts when not the 1st (a resource created during the month).
    billed_from: dt.date | None = None

    @property
    def cost(self) -> Decimal:
        return self.quantity * self.price


def instance(rid: str, hours: int | Decimal, price: str, *, itype: str = "m6i.large", **kw: object) -> Line:
    details = {"InstanceType": itype, "OperatingSystem": "Linux"}
    kw.setdefault("sku_meter", f"BoxUsage:{itype}")
    return Line(rid, Decimal(hours), Decimal(price), details=details, **kw)  # type: ignore[arg-type]


def volume(rid: str, gb: int, price: str = "0.096", *, kind: str = "gp3", **kw: object) -> Line:
    return Line(
        rid,
        Decimal(gb),
        Decimal(price),
        unit="GB-Mo",
        resource_type="volume",
        details={"DiskSpace": gb, "DiskType": kind},
        **kw,  # type: ignore[arg-type]
    )


def write_focus(path: Path, month: dt.date, lines: list[Line]) -> Path:
    """The month's FOCUS file: each line one row over the whole month (a valid charge period)."""
    start, end = f"{month:%Y-%m-%d}T00:00:00Z", f"{next_month(month):%Y-%m-%d}T00:00:00Z"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for ln in lines:
            tags = {
                "user:Name": ln.name,
                "user:municipality_code": ln.municipality,
                "user:business": ln.business,
                "user:environment": ln.environment,
                "user:system_id": ln.system,
                **ln.tags,
            }
            cost = f"{ln.cost:f}"
            out.writerow(
                (
                    cost,
                    "900000000001",
                    "A社ペイヤー",
                    "USD",
                    end,
                    start,
                    "Usage",
                    "",
                    f"{ln.sku_meter or ln.unit} {ln.resource_id}",
                    end,
                    f"{ln.billed_from:%Y-%m-%d}T00:00:00Z" if ln.billed_from else start,
                    f"{ln.quantity:f}",
                    ln.unit,
                    cost,
                    cost,
                    "Amazon Web Services Japan G.K.",
                    cost,
                    f"{ln.price:f}",
                    f"{ln.quantity:f}",
                    ln.unit,
                    "AWS",
                    "Amazon Web Services",
                    ln.region,
                    ln.resource_id if ln.resource_type else "",
                    ln.name,
                    ln.resource_type,
                    "Compute" if ln.resource_type == "instance" else "Storage",
                    ln.service,
                    ln.sku_meter,
                    json.dumps(ln.details) if ln.details else "",
                    ln.account,
                    f"acct-{ln.account}",
                    json.dumps(tags, ensure_ascii=False),
                )
            )
    return path


def write_metrics(path: Path, month: dt.date, cpu: dict[str, Callable[[dt.datetime], float | None]]) -> Path:
    """Hourly ``cpu_percent`` for the month (UTC); each function gets the hour in Japan time and
    returns the value, or None while the server is stopped."""
    first = dt.datetime(month.year, month.month, 1, tzinfo=dt.UTC)
    hours = month_hours(month)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(("resource_id", "timestamp", "metric", "value"))
        for rid, value_at in cpu.items():
            for h in range(hours):
                at = first + dt.timedelta(hours=h)
                value = value_at(at.astimezone(JST))
                if value is not None:
                    out.writerow((rid, at.strftime("%Y-%m-%dT%H:%M:%SZ"), "cpu_percent", value))
    return path
