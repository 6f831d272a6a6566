"""Every column of the ledger, once, with its type and its FOCUS status.

FOCUS columns are spelled exactly as the specification spells them. Money and quantities are
DECIMAL(38, 12): twelve places hold every amount the providers publish (AWS CUR goes to ten), and a
value with more places is rejected at import rather than rounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import ibis
import ibis.expr.datatypes as dt

MONEY_PRECISION = 38
MONEY_SCALE = 12
#: The product of a cost and a rate keeps every digit: 12 + 6 places.
JPY_SCALE = 18
RATE_SCALE = 6

Kind = Literal["money", "quantity", "timestamp", "string", "json", "rate", "jpy"]

_TYPES: dict[str, dt.DataType] = {
    "money": dt.Decimal(MONEY_PRECISION, MONEY_SCALE),
    "quantity": dt.Decimal(MONEY_PRECISION, MONEY_SCALE),
    "timestamp": dt.Timestamp(),
    "string": dt.String(),
    "json": dt.String(),
    "rate": dt.Decimal(18, RATE_SCALE),
    "jpy": dt.Decimal(MONEY_PRECISION, JPY_SCALE),
}

#: FOCUS's allowed ChargeCategory values.
CHARGE_CATEGORIES = ("Usage", "Purchase", "Tax", "Credit", "Adjustment")

COST_SOURCES: dict[str, str] = {
    "cloud": "ガバメントクラウド利用料",
    "software": "業務パッケージ・ミドルウェア利用料(ソフトウェア借料)",
    "operations": "運用作業",
    "operations_assistant": "運用管理補助委託",
    "network": "接続回線",
    "equipment": "機器借料",
    "other": "その他",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    #: FOCUS 1.2 says the column MUST be present.
    mandatory: bool = False
    #: FOCUS 1.2 allows nulls (for extension columns: may the ledger hold a null).
    nullable: bool = True
    focus: bool = True
    doc: str = ""

    @property
    def dtype(self) -> dt.DataType:
        return _TYPES[self.kind]


def _f(name: str, kind: Kind, mandatory: bool = False, nullable: bool = True, doc: str = "") -> Column:
    return Column(name, kind, mandatory, nullable, True, doc)


FOCUS_COLUMNS: tuple[Column, ...] = (
    _f("AvailabilityZone", "string"),
    _f("BilledCost", "money", True, False, "the amount invoiced, in BillingCurrency"),
    _f("BillingAccountId", "string", True, False),
    _f("BillingAccountName", "string", True),
    _f("BillingAccountType", "string"),
    _f("BillingCurrency", "string", True, False),
    _f("BillingPeriodEnd", "timestamp", True, False),
    _f("BillingPeriodStart", "timestamp", True, False),
    _f("CapacityReservationId", "string"),
    _f("CapacityReservationStatus", "string"),
    _f("ChargeCategory", "string", True, False),
    _f("ChargeClass", "string", True),
    _f("ChargeDescription", "string", True),
    _f("ChargeFrequency", "string"),
    _f("ChargePeriodEnd", "timestamp", True, False),
    _f("ChargePeriodStart", "timestamp", True, False),
    _f("CommitmentDiscountCategory", "string"),
    _f("CommitmentDiscountId", "string"),
    _f("CommitmentDiscountName", "string"),
    _f("CommitmentDiscountQuantity", "quantity"),
    _f("CommitmentDiscountStatus", "string"),
    _f("CommitmentDiscountType", "string"),
    _f("CommitmentDiscountUnit", "string"),
    _f("ConsumedQuantity", "quantity"),
    _f("ConsumedUnit", "string"),
    _f("ContractedCost", "money", True, False),
    _f("ContractedUnitPrice", "money"),
    _f("EffectiveCost", "money", True, False),
    _f("InvoiceId", "string"),
    _f("InvoiceIssuerName", "string", True, False),
    _f("ListCost", "money", True, False),
    _f("ListUnitPrice", "money"),
    _f("PricingCategory", "string"),
    _f("PricingCurrency", "string"),
    _f("PricingCurrencyContractedUnitPrice", "money"),
    _f("PricingCurrencyEffectiveCost", "money"),
    _f("PricingCurrencyListUnitPrice", "money"),
    _f("PricingQuantity", "quantity", True),
    _f("PricingUnit", "string", True),
    _f("ProviderName", "string", True, False),
    _f("PublisherName", "string", True, False),
    _f("RegionId", "string"),
    _f("RegionName", "string"),
    _f("ResourceId", "string"),
    _f("ResourceName", "string"),
    _f("ResourceType", "string"),
    _f("ServiceCategory", "string", True, False),
    _f("ServiceName", "string", True, False),
    _f("ServiceSubcategory", "string"),
    _f("SkuId", "string"),
    _f("SkuMeter", "string"),
    _f("SkuPriceDetails", "json"),
    _f("SkuPriceId", "string"),
    _f("SubAccountId", "string"),
    _f("SubAccountName", "string"),
    _f("SubAccountType", "string"),
    _f("Tags", "json"),
)


def _x(name: str, kind: Kind, nullable: bool = True, doc: str = "") -> Column:
    return Column(name, kind, False, nullable, False, doc)


EXTENSION_COLUMNS: tuple[Column, ...] = (
    _x("municipality_code", "string", doc="全国地方公共団体コード (6 digits); null = 未割当"),
    _x("business", "string", doc="one of the 20 standard businesses or 標準化対象外"),
    _x("environment", "string", doc="本番 / 検証 / 開発"),
    _x("system_id", "string", doc="the system the cost belongs to"),
    _x("usage", "string", doc="単独 (one municipality) or 共同 (shared by several)"),
    _x("cost_source", "string", False, "cloud / software / operations / ... (COST_SOURCES)"),
    _x("provider", "string", doc="aws / azure / gcp / oci / other (cloud rows), vendor for cost lines"),
    _x("fx_jpy_per_unit", "rate", False, "the rate used for billed_cost_jpy (1 for JPY)"),
    _x("billed_cost_jpy", "jpy", False, "BilledCost × fx_jpy_per_unit, unrounded"),
    _x("assignment", "string", False, "how municipality_code was found: account_map / tags / file / none"),
    _x("import_id", "string", False, "the import that wrote the row"),
    _x("slice_key", "string", False, "what a newer import of the same period replaces"),
)

COLUMNS: tuple[Column, ...] = FOCUS_COLUMNS + EXTENSION_COLUMNS
LEDGER_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
_BY_NAME = {c.name: c for c in COLUMNS}


def column(name: str) -> Column:
    return _BY_NAME[name]


def ibis_schema() -> ibis.Schema:
    return ibis.schema({c.name: c.dtype for c in COLUMNS})
