"""AWS Cost and Usage Report → FOCUS, written down once, as data, for both CUR flavours.

:data:`MAPPING` has one entry per FOCUS column: the column, how it is derived from the raw text
table, and a one-line note. Entries read columns by their legacy names (``lineItem/UnblendedCost``)
through :class:`CurColumns`; CUR 2.0 names are the same names in snake case (:func:`cur2_name`).
``docs/cur-mapping.md`` says the same in prose, with the reasons.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from govcost.ingest.costs import MONEY, as_timestamp, text
from govcost.spark import is_spark

Use = Literal["text", "timestamp", "quantity", "money"]
#: When a column is read in several ways, its check is the strictest.
_STRENGTH: dict[Use, int] = {"text": 0, "timestamp": 1, "quantity": 2, "money": 3}

UNBLENDED = "lineItem/UnblendedCost"
LINE_TYPE = "lineItem/LineItemType"
PUBLIC_COST = "pricing/publicOnDemandCost"
SP_ARN = "savingsPlan/SavingsPlanARN"
RI_ARN = "reservation/ReservationARN"
AWS_INC = "Amazon Web Services, Inc."


def snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def cur2_name(legacy: str) -> str:
    """``lineItem/UnblendedCost`` → ``line_item_unblended_cost`` (``...ARN`` → ``..._a_r_n``, as AWS does)."""
    group, _, field = legacy.partition("/")
    return f"{snake(group)}_{snake(field)}"


@dataclass(frozen=True)
class LineType:
    """What one ``lineItem/LineItemType`` is in FOCUS terms."""

    category: str
    frequency: str
    pricing: str | None
    charge_class: str | None = None


#: Every line item type AWS writes; any other value is rejected with the list below.
LINE_TYPES: dict[str, LineType] = {
    "Usage": LineType("Usage", "Usage-Based", "Standard"),
    "DiscountedUsage": LineType("Usage", "Usage-Based", "Committed"),
    "SavingsPlanCoveredUsage": LineType("Usage", "Usage-Based", "Committed"),
    "SavingsPlanNegation": LineType("Usage", "Usage-Based", "Committed"),
    "SavingsPlanUpfrontFee": LineType("Purchase", "One-Time", "Standard"),
    "SavingsPlanRecurringFee": LineType("Purchase", "Recurring", "Standard"),
    "RIFee": LineType("Purchase", "Recurring", "Standard"),
    "Fee": LineType("Purchase", "One-Time", "Standard"),
    "Tax": LineType("Tax", "Recurring", None),
    "Credit": LineType("Credit", "One-Time", "Other"),
    "Refund": LineType("Credit", "One-Time", "Other", "Correction"),
    "BundledDiscount": LineType("Credit", "One-Time", "Other"),
    "EdpDiscount": LineType("Credit", "One-Time", "Other"),
    "PrivateRateDiscount": LineType("Credit", "One-Time", "Other"),
    "Discount": LineType("Credit", "One-Time", "Other"),
    "SppDiscount": LineType("Credit", "One-Time", "Other"),
    "DistributorDiscount": LineType("Credit", "One-Time", "Other"),
}
#: Usage priced at a public on-demand rate (its ListCost is pricing/publicOnDemandCost).
PRICED_USAGE = ("Usage", "DiscountedUsage", "SavingsPlanCoveredUsage")
#: Negotiated discounts: part of the contracted price, not of the list price.
DISCOUNTS = tuple(t for t in LINE_TYPES if t.endswith("Discount"))

#: FOCUS ServiceCategory by lineItem/ProductCode: the services municipal systems use; else Other.
SERVICE_CATEGORIES: dict[str, str] = {
    "AmazonEC2": "Compute",
    "AWSLambda": "Compute",
    "AmazonECS": "Compute",
    "AmazonEKS": "Compute",
    "AmazonECR": "Compute",
    "AWSFargate": "Compute",
    "AmazonLightsail": "Compute",
    "AmazonWorkSpaces": "Compute",
    "AmazonAppStream": "Compute",
    "ComputeSavingsPlans": "Compute",
    "AmazonS3": "Storage",
    "AmazonEFS": "Storage",
    "AmazonFSx": "Storage",
    "AmazonGlacier": "Storage",
    "AWSBackup": "Storage",
    "AWSStorageGateway": "Storage",
    "AmazonRDS": "Databases",
    "AmazonDynamoDB": "Databases",
    "AmazonElastiCache": "Databases",
    "AmazonRedshift": "Databases",
    "AmazonDocDB": "Databases",
    "AmazonVPC": "Networking",
    "AWSDataTransfer": "Networking",
    "AWSELB": "Networking",
    "AmazonRoute53": "Networking",
    "AmazonCloudFront": "Networking",
    "AWSDirectConnect": "Networking",
    "AWSTransitGateway": "Networking",
    "AmazonApiGateway": "Networking",
    "AmazonCloudWatch": "Management and Governance",
    "AWSCloudTrail": "Management and Governance",
    "AWSConfig": "Management and Governance",
    "AWSSystemsManager": "Management and Governance",
    "AWSCloudFormation": "Management and Governance",
    "AWSCostExplorer": "Management and Governance",
    "awskms": "Security",
    "AWSSecretsManager": "Security",
    "AWSCertificateManager": "Security",
    "AmazonGuardDuty": "Security",
    "AWSSecurityHub": "Security",
    "awswaf": "Security",
    "AWSShield": "Security",
    "AmazonInspectorV2": "Security",
    "AWSDirectoryService": "Identity",
    "AmazonCognito": "Identity",
    "AmazonSNS": "Integration",
    "AWSQueueService": "Integration",
    "AmazonStates": "Integration",
    "AmazonSES": "Business Applications",
    "AWSGlue": "Analytics",
    "AmazonAthena": "Analytics",
    "AmazonQuickSight": "Analytics",
    "AWSDatabaseMigrationSvc": "Migration",
    "AWSTransfer": "Migration",
}
#: EC2 bills disks, addresses and gateways under its own product code: product/productFamily decides.
EC2_FAMILY_CATEGORIES: dict[str, str] = {
    "Storage": "Storage",
    "Storage Snapshot": "Storage",
    "System Operation": "Storage",
    "Provisioned Throughput": "Storage",
    "NAT Gateway": "Networking",
    "IP Address": "Networking",
    "Data Transfer": "Networking",
    "Load Balancer": "Networking",
    "Load Balancer-Application": "Networking",
    "Load Balancer-Network": "Networking",
}
#: ResourceType from the prefix of an EC2-style id (``i-0abc…`` → instance).
ID_PREFIX_TYPES: dict[str, str] = {
    "i": "instance",
    "vol": "volume",
    "snap": "snapshot",
    "ami": "image",
    "eni": "network-interface",
    "nat": "natgateway",
    "eipalloc": "elastic-ip",
    "vpce": "vpc-endpoint",
    "tgw": "transit-gateway",
}


def absent(dtype: Any) -> ir.Value:
    """A column the export lacks: a typed null that compares like a column (null, not an error)."""
    return ibis.null().cast(dtype)


@ibis.udf.scalar.builtin(name="to_json")
def _to_json(value) -> dt.JSON:  # type: ignore[no-untyped-def]
    """DuckDB's to_json: any value (text, map, struct) as JSON; untyped, so any type goes."""


def to_json(value: ir.Value, spark: bool | None = None) -> ir.StringValue:
    """A value as JSON text (VARCHAR: DuckDB's JSON type will not compare with plain text).

    Spark's to_json takes only maps, structs and arrays: a text is written as a one-element array,
    whose brackets are then cut off (null stays null, as in DuckDB).
    """
    if spark is None:
        spark = is_spark(value)
    if not spark:
        return _to_json(value).cast("string")
    if not value.type().is_string():
        return _to_json(value).cast("string")
    listed = _to_json(ibis.array([value])).cast("string")
    return ibis.ifelse(value.isnull(), ibis.null("string"), listed.substr(1, listed.length() - 2))


class CurColumns:
    """One file's raw text table, read by legacy CUR names; remembers which columns were read how."""

    def __init__(self, raw: ir.Table, header: Sequence[str]) -> None:
        self.raw = raw
        self.header = list(header)
        self.present = set(header)
        self.used: dict[str, Use] = {}

    def name(self, legacy: str) -> str | None:
        """The file's own column for a legacy name, or None when the export lacks it."""
        return legacy if legacy in self.present else None

    def _value(self, legacy: str, use: Use) -> ir.StringValue | None:
        name = self.name(legacy)
        if name is None:
            return None
        if _STRENGTH[use] >= _STRENGTH[self.used.get(name, "text")]:
            self.used[name] = use
        return text(self.raw, name)

    def text(self, legacy: str) -> ir.StringValue:
        v = self._value(legacy, "text")
        return v if v is not None else absent("string")

    def money(self, legacy: str) -> ir.DecimalValue:
        v = self._value(legacy, "money")
        return v.try_cast(MONEY) if v is not None else absent(MONEY)

    def quantity(self, legacy: str) -> ir.DecimalValue:
        v = self._value(legacy, "quantity")
        return v.try_cast(MONEY) if v is not None else absent(MONEY)

    def timestamp(self, legacy: str) -> ir.TimestampValue:
        name = self.name(legacy)
        if name is None:
            return absent("timestamp")
        self._value(legacy, "timestamp")
        return as_timestamp(self.raw, name)

    def user_tag(self, key: str) -> ir.StringValue:
        """One user tag's value (``resourceTags/user:<key>``), read without building the JSON."""
        return self.text(f"resourceTags/user:{key}")

    def tag_columns(self) -> list[tuple[str, str]]:
        """(column, tag key as AWS writes it) for each one-column-per-tag column of the file."""
        prefix = "resourceTags/"
        return [(h, h.removeprefix(prefix)) for h in self.header if h.startswith(prefix)]

    def tags(self) -> ir.StringValue:
        """Resource tags as a JSON object, keys as AWS writes them (``user:Name``); null when none.

        Each present tag is one ``"key":"value"`` member (null when the tag is, which
        ``concat_ws`` skips), escaped by DuckDB's own JSON writer: the text a JSON merge patch of
        the tags would give, without parsing a JSON document a row.
        """
        columns = self.tag_columns()
        if not columns:
            return absent("string")
        members: list[ir.StringValue] = []
        spark = is_spark(self.raw)
        for name, key in columns:
            self.used[name] = "text"
            quoted = (
                ibis.literal(json.dumps(key, ensure_ascii=False)) if spark else to_json(ibis.literal(key))
            )
            members.append(quoted.concat(":", to_json(text(self.raw, name), spark)))
        joined = ibis.literal(",").join(members) if len(members) > 1 else members[0].fill_null("")
        return ibis.literal("{").concat(joined, "}").nullif("{}")


Derive = Callable[[CurColumns], ir.Value]


@dataclass(frozen=True)
class Rule:
    """One FOCUS column: how it is derived from a CUR, and why, in a line."""

    column: str
    derive: Derive
    note: str


def _zero() -> ir.DecimalValue:
    return ibis.literal(Decimal(0), type=MONEY)


def _line_type(c: CurColumns) -> ir.StringValue:
    return c.text(LINE_TYPE)


def _by_type(c: CurColumns, pick: Callable[[LineType], str | None]) -> ir.StringValue:
    table: dict[Any, Any] = {k: pick(v) for k, v in LINE_TYPES.items() if pick(v) is not None}
    return _line_type(c).substitute(table, else_=ibis.null("string")).cast("string")


def _effective_cost(c: CurColumns) -> ir.Value:
    lt, billed = _line_type(c), c.money(UNBLENDED)
    sp_total = c.money("savingsPlan/TotalCommitmentToDate")
    sp_unused = sp_total - c.money("savingsPlan/UsedCommitment").fill_null(_zero())
    ri_upfront = c.money("reservation/UnusedAmortizedUpfrontFeeForBillingPeriod")
    ri_recurring = c.money("reservation/UnusedRecurringFee")
    ri_unused = ibis.ifelse(
        ri_upfront.isnull() & ri_recurring.isnull(),
        ibis.null(MONEY),
        ri_upfront.fill_null(_zero()) + ri_recurring.fill_null(_zero()),
    )
    return ibis.cases(
        (lt == "SavingsPlanCoveredUsage", c.money("savingsPlan/SavingsPlanEffectiveCost").fill_null(billed)),
        (lt.isin(["SavingsPlanNegation", "SavingsPlanUpfrontFee"]), _zero()),
        (lt == "SavingsPlanRecurringFee", sp_unused.fill_null(billed)),
        (lt == "DiscountedUsage", c.money("reservation/EffectiveCost").fill_null(billed)),
        (lt == "RIFee", ri_unused.fill_null(billed)),
        ((lt == "Fee") & c.text(RI_ARN).notnull(), _zero()),
        else_=billed,
    )


def _list_cost(c: CurColumns) -> ir.Value:
    lt, billed = _line_type(c), c.money(UNBLENDED)
    return ibis.cases(
        (lt.isin(PRICED_USAGE), c.money(PUBLIC_COST).fill_null(billed)),
        (lt.isin(["SavingsPlanNegation", *DISCOUNTS]), _zero()),
        else_=billed,
    )


def _contracted_cost(c: CurColumns) -> ir.Value:
    lt, billed = _line_type(c), c.money(UNBLENDED)
    return ibis.cases(
        (lt == "DiscountedUsage", c.money(PUBLIC_COST).fill_null(billed)),
        (lt == "SavingsPlanNegation", _zero()),
        else_=billed,
    )


def _list_unit_price(c: CurColumns) -> ir.Value:
    return ibis.ifelse(_line_type(c).isin(PRICED_USAGE), c.money("pricing/publicOnDemandRate"), None)


def _contracted_unit_price(c: CurColumns) -> ir.Value:
    lt = _line_type(c)
    return ibis.cases(
        (lt == "DiscountedUsage", c.money("pricing/publicOnDemandRate")),
        (lt.isin(["Usage", "SavingsPlanCoveredUsage"]), c.money("lineItem/UnblendedRate")),
        else_=ibis.null(MONEY),
    )


def _consumed(c: CurColumns, value: ir.Value) -> ir.Value:
    return ibis.ifelse(_line_type(c).isin(PRICED_USAGE), value, None)


def _pricing_category(c: CurColumns) -> ir.Value:
    spot = (c.text("pricing/term") == "Spot") | c.text("lineItem/UsageType").contains("SpotUsage")
    return ibis.ifelse((_line_type(c) == "Usage") & spot.fill_null(False), "Dynamic", _by_type(c, _pricing))


def _pricing(t: LineType) -> str | None:
    return t.pricing


def _commitment(c: CurColumns, sp: str, ri: str) -> ir.Value:
    return ibis.cases(
        (c.text(SP_ARN).notnull(), sp),
        (c.text(RI_ARN).notnull(), ri),
        else_=ibis.null("string"),
    )


def _commitment_status(c: CurColumns) -> ir.Value:
    covered = _line_type(c).isin(["DiscountedUsage", "SavingsPlanCoveredUsage", "SavingsPlanNegation"])
    has_id = c.text(SP_ARN).notnull() | c.text(RI_ARN).notnull()
    return ibis.ifelse(covered & has_id, "Used", None)


def _service_category(c: CurColumns) -> ir.Value:
    code = ibis.coalesce(c.text("lineItem/ProductCode"), c.text("product/servicecode"))
    family = c.text("product/productFamily")
    by_code: dict[Any, Any] = dict(SERVICE_CATEGORIES)
    by_family: dict[Any, Any] = dict(EC2_FAMILY_CATEGORIES)
    ec2 = ibis.ifelse(code == "AmazonEC2", family.substitute(by_family, else_=ibis.null("string")), None)
    return ibis.coalesce(ec2, code.substitute(by_code, else_=ibis.null("string")), ibis.literal("Other"))


def _resource_type(c: CurColumns) -> ir.Value:
    rid = c.text("lineItem/ResourceId")
    from_arn = rid.re_extract(r"^arn:[^:]*:[^:]*:[^:]*:[^:]*:([^/:]+)[/:]", 1).nullif("")
    prefixes: dict[Any, Any] = dict(ID_PREFIX_TYPES)
    from_id = (
        rid.re_extract(r"^([a-z]+)-[0-9a-f]{8,}$", 1)
        .nullif("")
        .substitute(prefixes, else_=ibis.null("string"))
    )
    return ibis.coalesce(from_arn, from_id)


def _invoice_issuer(c: CurColumns) -> ir.Value:
    seller = ibis.ifelse(
        c.text("bill/BillingEntity") == "AWS Marketplace", None, c.text("lineItem/LegalEntity")
    )
    return ibis.coalesce(c.text("bill/InvoicingEntity"), seller, ibis.literal(AWS_INC))


MAPPING: tuple[Rule, ...] = (
    Rule("BilledCost", lambda c: c.money(UNBLENDED), "lineItem/UnblendedCost on every row: what reconciles"),
    Rule("EffectiveCost", _effective_cost, "amortised: SP/RI effective cost on covered usage, unused fees"),
    Rule("ListCost", _list_cost, "pricing/publicOnDemandCost on usage; 0 on SP negation and discounts"),
    Rule("ContractedCost", _contracted_cost, "unblended; on-demand cost for RI usage; 0 on SP negation"),
    Rule("ListUnitPrice", _list_unit_price, "pricing/publicOnDemandRate on usage rows"),
    Rule("ContractedUnitPrice", _contracted_unit_price, "lineItem/UnblendedRate (RI usage: on-demand)"),
    Rule("BillingCurrency", lambda c: c.text("lineItem/CurrencyCode"), "lineItem/CurrencyCode"),
    Rule(
        "BillingAccountId",
        lambda c: ibis.coalesce(c.text("bill/PayerAccountId"), c.text("lineItem/UsageAccountId")),
        "bill/PayerAccountId, else lineItem/UsageAccountId",
    ),
    Rule("BillingAccountName", lambda c: c.text("bill/PayerAccountName"), "bill_payer_account_name (2.0)"),
    Rule("SubAccountId", lambda c: c.text("lineItem/UsageAccountId"), "lineItem/UsageAccountId"),
    Rule(
        "SubAccountName", lambda c: c.text("lineItem/UsageAccountName"), "line_item_usage_account_name (2.0)"
    ),
    Rule(
        "BillingPeriodStart",
        lambda c: c.timestamp("bill/BillingPeriodStartDate"),
        "bill/BillingPeriodStartDate",
    ),
    Rule("BillingPeriodEnd", lambda c: c.timestamp("bill/BillingPeriodEndDate"), "bill/BillingPeriodEndDate"),
    Rule("ChargePeriodStart", lambda c: c.timestamp("lineItem/UsageStartDate"), "lineItem/UsageStartDate"),
    Rule("ChargePeriodEnd", lambda c: c.timestamp("lineItem/UsageEndDate"), "lineItem/UsageEndDate"),
    Rule(
        "ChargeCategory", lambda c: _by_type(c, lambda t: t.category), "LINE_TYPES by lineItem/LineItemType"
    ),
    Rule("ChargeClass", lambda c: _by_type(c, lambda t: t.charge_class), "Correction for Refund, else null"),
    Rule(
        "ChargeFrequency", lambda c: _by_type(c, lambda t: t.frequency), "LINE_TYPES by lineItem/LineItemType"
    ),
    Rule(
        "ChargeDescription", lambda c: c.text("lineItem/LineItemDescription"), "lineItem/LineItemDescription"
    ),
    Rule(
        "PricingCategory", _pricing_category, "Committed for SP/RI usage, Dynamic for Spot, else LINE_TYPES"
    ),
    Rule(
        "CommitmentDiscountId",
        lambda c: ibis.coalesce(c.text(SP_ARN), c.text(RI_ARN)),
        "savingsPlan/SavingsPlanARN, else reservation/ReservationARN",
    ),
    Rule(
        "CommitmentDiscountType",
        lambda c: _commitment(c, "Savings Plan", "Reserved Instance"),
        "which ARN is set",
    ),
    Rule("CommitmentDiscountCategory", lambda c: _commitment(c, "Spend", "Usage"), "SP: Spend, RI: Usage"),
    Rule("CommitmentDiscountStatus", _commitment_status, "Used on covered usage and SP negation"),
    Rule(
        "ConsumedQuantity",
        lambda c: _consumed(c, c.quantity("lineItem/UsageAmount")),
        "lineItem/UsageAmount on usage rows",
    ),
    Rule("ConsumedUnit", lambda c: _consumed(c, c.text("pricing/unit")), "pricing/unit on usage rows"),
    Rule(
        "PricingQuantity",
        lambda c: ibis.ifelse(c.text("pricing/unit").notnull(), c.quantity("lineItem/UsageAmount"), None),
        "lineItem/UsageAmount where the row has a pricing/unit",
    ),
    Rule("PricingUnit", lambda c: c.text("pricing/unit"), "pricing/unit"),
    Rule("ProviderName", lambda c: ibis.literal("AWS"), "always AWS (also for Marketplace rows)"),
    Rule(
        "PublisherName",
        lambda c: ibis.coalesce(c.text("lineItem/LegalEntity"), ibis.literal(AWS_INC)),
        "lineItem/LegalEntity (the seller)",
    ),
    Rule("InvoiceIssuerName", _invoice_issuer, "bill/InvoicingEntity, else the AWS legal entity"),
    Rule("InvoiceId", lambda c: c.text("bill/InvoiceId"), "bill/InvoiceId"),
    Rule(
        "ServiceName",
        lambda c: ibis.coalesce(
            c.text("product/ProductName"),
            c.text("product/servicename"),
            c.text("lineItem/ProductCode"),
            ibis.literal("AWS"),
        ),
        "product/ProductName, else the product code",
    ),
    Rule("ServiceCategory", _service_category, "SERVICE_CATEGORIES by lineItem/ProductCode, else Other"),
    Rule(
        "RegionId",
        lambda c: ibis.coalesce(c.text("product/regionCode"), c.text("product/region")),
        "product/regionCode, else product/region",
    ),
    Rule("RegionName", lambda c: c.text("product/location"), "product/location"),
    Rule("AvailabilityZone", lambda c: c.text("lineItem/AvailabilityZone"), "lineItem/AvailabilityZone"),
    Rule("ResourceId", lambda c: c.text("lineItem/ResourceId"), "lineItem/ResourceId"),
    Rule("ResourceName", lambda c: c.user_tag("Name"), "the user:Name tag (2.0: user_name)"),
    Rule("ResourceType", _resource_type, "from the ARN or the id prefix, else null"),
    Rule("SkuId", lambda c: c.text("product/sku"), "product/sku"),
    Rule(
        "SkuPriceId",
        lambda c: ibis.coalesce(c.text("pricing/RateCode"), c.text("pricing/RateId")),
        "pricing/RateCode (sku.offer.rate), else pricing/RateId",
    ),
    Rule("Tags", lambda c: c.tags(), "resourceTags/* (2.0: resource_tags) as one JSON object"),
)

#: Raw columns without which a file cannot be a CUR (one of the two accounts is also needed).
MANDATORY = (
    UNBLENDED,
    "lineItem/CurrencyCode",
    "lineItem/UsageStartDate",
    "lineItem/UsageEndDate",
    "bill/BillingPeriodStartDate",
    "bill/BillingPeriodEndDate",
    LINE_TYPE,
)
ACCOUNTS = ("bill/PayerAccountId", "lineItem/UsageAccountId")


def convert(c: CurColumns) -> dict[str, ir.Value]:
    """Every FOCUS column the mapping fills, for one file."""
    return {rule.column: rule.derive(c) for rule in MAPPING}
