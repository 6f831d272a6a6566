"""FOCUS exports, versions 1.0 to 1.3, as CSV, CSV.gz or Parquet, from any provider.

Columns are taken by their FOCUS names. 1.3's ServiceProviderName / HostProviderName stand in for
ProviderName / PublisherName where those are absent; every column FOCUS does not define (``x_``
columns, provider extras such as the 1.0 sample's ``Id``) is kept, prefixed ``x_``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir

from govcost.ingest.base import IMPORTERS
from govcost.ingest.costs import Check, CostImporter, as_money, as_timestamp, text
from govcost.schema import FOCUS_COLUMNS
from govcost.schema.columns import CHARGE_CATEGORIES

if TYPE_CHECKING:
    from govcost.ingest.source import SourceFile

FOCUS_NAMES = {c.name for c in FOCUS_COLUMNS}
#: Columns FOCUS 1.3 added or renamed that the ledger reads under their 1.2 names.
RENAMED_1_3 = {"ServiceProviderName": "ProviderName", "HostProviderName": "PublisherName"}
MANDATORY = (
    "BilledCost",
    "BillingAccountId",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "ChargeCategory",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "EffectiveCost",
    "ListCost",
    "ContractedCost",
    "ServiceName",
)


def provider_code(name: ir.StringValue) -> ir.StringValue:
    """aws / azure / gcp / oci from a provider's display name; otherwise the name in lower case."""
    low = name.lower()
    return ibis.cases(
        (low.contains("amazon") | low.contains("aws"), "aws"),
        (low.contains("microsoft") | low.contains("azure"), "azure"),
        (low.contains("google"), "gcp"),
        (low.contains("oracle") | low.contains("oci"), "oci"),
        else_=low,
    )


def focus_version(header: list[str]) -> str:
    names = set(header)
    if names & {"ServiceProviderName", "HostProviderName", "ContractApplied", "AllocatedMethodId"}:
        return "1.3"
    if names & {"InvoiceId", "PricingCurrency", "BillingAccountType", "SubAccountType"}:
        return "1.2"
    if names & {"ServiceSubcategory", "SkuMeter", "CommitmentDiscountQuantity", "CapacityReservationId"}:
        return "1.1"
    return "1.0"


@IMPORTERS.register("focus")
class FocusImporter(CostImporter):
    """FOCUS 1.0–1.3 cost and usage export (AWS, Azure, Google Cloud, OCI)."""

    label = "FOCUS エクスポート"
    priority = 40
    spark_reads = True
    mandatory = MANDATORY
    amount_column = "BilledCost"
    currency_column = "BillingCurrency"
    account_column = "BillingAccountId"
    period_column = "BillingPeriodStart"

    @classmethod
    def detect(cls, header: list[str]) -> bool:
        names = set(header)
        return {"BilledCost", "ChargePeriodStart"} <= names

    def missing_columns(self, header: list[str]) -> list[str]:
        names = set(header)
        missing = [c for c in self.mandatory if c not in names]
        for old, new in (("ProviderName", "ServiceProviderName"), ("PublisherName", "HostProviderName")):
            if old not in names and new not in names:
                missing.append(old)
        return missing

    def checks(self, header: list[str]) -> list[Check]:
        present = set(header)
        out = [
            Check(c, "required")
            for c in (
                "BilledCost",
                "BillingCurrency",
                "BillingAccountId",
                "BillingPeriodStart",
                "BillingPeriodEnd",
                "ChargePeriodStart",
                "ChargePeriodEnd",
            )
        ]
        for c in FOCUS_COLUMNS:
            if c.name not in present:
                continue
            if c.kind == "money":
                out.append(Check(c.name, "money"))
            elif c.kind == "quantity":
                out.append(Check(c.name, "decimal"))
            elif c.kind == "timestamp":
                out.append(Check(c.name, "timestamp"))
        out.append(Check("ChargeCategory", "allowed", CHARGE_CATEGORIES))
        out.append(Check("BillingCurrency", "currency"))
        if "Tags" in present:
            out.append(Check("Tags", "json"))
        out.append(Check("ChargePeriodStart", "within", period=("BillingPeriodStart", "BillingPeriodEnd")))
        return out

    def to_ledger(self, raw: ir.Table, src: SourceFile) -> dict[str, ir.Value]:
        present = set(self.header)
        out: dict[str, ir.Value] = {}
        for c in FOCUS_COLUMNS:
            if c.name not in present:
                continue
            if c.kind in ("money", "quantity"):
                out[c.name] = as_money(raw, c.name)
            elif c.kind == "timestamp":
                out[c.name] = as_timestamp(raw, c.name)
            else:
                out[c.name] = text(raw, c.name)
        for new, old in RENAMED_1_3.items():
            if new in present:
                out[old] = ibis.coalesce(out[old], text(raw, new)) if old in out else text(raw, new)
        out["provider"] = provider_code(out["ProviderName"])
        return out

    def extra_columns(self, header: list[str]) -> list[str]:
        return [c for c in header if c not in FOCUS_NAMES and c not in RENAMED_1_3]
