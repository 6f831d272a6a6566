"""The ledger's cloud rows as one FOCUS 1.2 Parquet file.

What the export changes is one table, :data:`RULES`: each row names a column, says in one line what
the export does to it and why the specification allows it, and gives the Ibis expression. The rules
run in order over ``engine.costs()`` and DuckDB streams the result to Parquet. Money is never made
up: a cost column is filled only from another cost of the same row, and only where FOCUS says the
two are equal. The written file is then read back once: a broken static MUST stops the export (the
file is removed), and the MUSTs that only the source could have met are counted in
:attr:`ExportReport.gaps`. docs/focus-export.md is the same table in prose.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from govcost.errors import ExportError
from govcost.schema import FOCUS_COLUMNS, LEDGER_COLUMN_NAMES
from govcost.schema.columns import CHARGE_CATEGORIES
from govcost.spark import engine_errors, remove_path

if TYPE_CHECKING:
    from govcost.engine import Engine

FILE_NAME = "focus-1.2.parquet"
UTC = dt.Timestamp(timezone="UTC")

CHARGE_FREQUENCIES = ("One-Time", "Recurring", "Usage-Based")
#: ChargeFrequency where the ledger has none (FOCUS 1.0 files may lack it; 1.2 forbids null).
CHARGE_FREQUENCY_BY_CATEGORY = {
    "Usage": "Usage-Based",
    "Purchase": "One-Time",
    "Tax": "Recurring",
    "Credit": "One-Time",
    "Adjustment": "One-Time",
}
PRICING_CATEGORIES = ("Standard", "Dynamic", "Committed", "Other")
COMMITMENT_DISCOUNT_CATEGORIES = ("Spend", "Usage")
USED_UNUSED = ("Used", "Unused")

#: FOCUS 1.2 ServiceCategory → its allowed ServiceSubcategory values ("Other (…)" last).
SERVICE_SUBCATEGORIES: dict[str, tuple[str, ...]] = {
    "AI and Machine Learning": (
        "AI Platforms",
        "Bots",
        "Generative AI",
        "Machine Learning",
        "Natural Language Processing",
        "Other (AI and Machine Learning)",
    ),
    "Analytics": (
        "Analytics Platforms",
        "Business Intelligence",
        "Data Processing",
        "Search",
        "Streaming Analytics",
        "Other (Analytics)",
    ),
    "Business Applications": ("Productivity and Collaboration", "Other (Business Applications)"),
    "Compute": (
        "Containers",
        "End User Computing",
        "Quantum Compute",
        "Serverless Compute",
        "Virtual Machines",
        "Other (Compute)",
    ),
    "Databases": (
        "Caching",
        "Data Warehouses",
        "Ledger Databases",
        "NoSQL Databases",
        "Relational Databases",
        "Time Series Databases",
        "Other (Databases)",
    ),
    "Developer Tools": (
        "Developer Platforms",
        "Continuous Integration and Deployment",
        "Development Environments",
        "Source Code Management",
        "Quality Assurance",
        "Other (Developer Tools)",
    ),
    "Identity": ("Identity and Access Management", "Other (Identity)"),
    "Integration": ("API Management", "Messaging", "Workflow Orchestration", "Other (Integration)"),
    "Internet of Things": ("IoT Analytics", "IoT Platforms", "Other (Internet of Things)"),
    "Management and Governance": (
        "Architecture",
        "Compliance",
        "Cost Management",
        "Data Governance",
        "Disaster Recovery",
        "Endpoint Management",
        "Observability",
        "Support",
        "Other (Management and Governance)",
    ),
    "Media": ("Content Creation", "Gaming", "Media Streaming", "Mixed Reality", "Other (Media)"),
    "Migration": ("Data Migration", "Resource Migration", "Other (Migration)"),
    "Mobile": ("Other (Mobile)",),
    "Multicloud": ("Multicloud Integration", "Other (Multicloud)"),
    "Networking": (
        "Application Networking",
        "Content Delivery",
        "Network Connectivity",
        "Network Infrastructure",
        "Network Routing",
        "Network Security",
        "Other (Networking)",
    ),
    "Security": (
        "Secret Management",
        "Security Posture Management",
        "Threat Detection and Response",
        "Other (Security)",
    ),
    "Storage": (
        "Backup Storage",
        "Block Storage",
        "File Storage",
        "Object Storage",
        "Storage Platforms",
        "Other (Storage)",
    ),
    "Web": ("Application Platforms", "Other (Web)"),
    "Other": ("Other (Other)",),
}
SERVICE_CATEGORIES = tuple(SERVICE_SUBCATEGORIES)
_SUBCATEGORY_PAIRS = [(c, s) for c, subs in SERVICE_SUBCATEGORIES.items() for s in subs]
_PAIR_KEYS = tuple(f"{c}|{s}" for c, s in _SUBCATEGORY_PAIRS)

#: Display values for BillingAccountType / SubAccountType by the ledger's provider code, used where
#: the source has none (FOCUS before 1.2 has no such columns).
ACCOUNT_TYPES: dict[str, tuple[str, str]] = {
    "aws": ("Payer Account", "Linked Account"),
    "azure": ("Billing Account", "Subscription"),
    "gcp": ("Billing Account", "Project"),
    "oci": ("Billing Account", "Tenancy"),
}
DEFAULT_ACCOUNT_TYPES = ("Billing Account", "Sub Account")

#: govcost's extension columns → their exported names; None: not exported (internal bookkeeping).
EXTENSIONS: dict[str, str | None] = {
    "municipality_code": "x_MunicipalityCode",
    "business": "x_Business",
    "environment": "x_Environment",
    "system_id": "x_SystemId",
    "usage": "x_Usage",
    "cost_source": "x_CostSource",
    "billed_cost_jpy": "x_BilledCostJpy",
    "fx_jpy_per_unit": "x_FxJpyPerUnit",
    "assignment": "x_Assignment",
    "import_id": "x_ImportId",
    "provider": None,
    "slice_key": None,
}

#: Columns FOCUS 1.2 says MUST NOT be null once present (every column is present in the export).
NOT_NULL = (
    "BilledCost",
    "BillingAccountId",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "ChargeCategory",
    "ChargeFrequency",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "ContractedCost",
    "EffectiveCost",
    "InvoiceIssuerName",
    "ListCost",
    "PricingCurrency",
    "PricingCurrencyEffectiveCost",
    "ProviderName",
    "PublisherName",
    "ServiceCategory",
    "ServiceName",
    "ServiceSubcategory",
)

Expr = Callable[[ir.Table], ir.Value]


@dataclass(frozen=True)
class Rule:
    """What the export does to one column, and the FOCUS requirement that allows it."""

    column: str
    does: str
    expr: Expr


@dataclass
class ExportReport:
    files: list[Path]
    rows: int
    #: Sum of BilledCost per BillingCurrency, as written.
    totals: dict[str, Decimal]
    #: FOCUS rule id → rows that break it because the source lacks the value (conditional MUSTs).
    gaps: dict[str, int] = field(default_factory=dict)


# --- small expression helpers ------------------------------------------------------------------
def _null(t: ir.Table, column: str) -> ir.Value:
    return ibis.null().cast(t[column].type())


def _is(value: ir.Value, *allowed: str) -> ir.BooleanValue:
    """Null-safe membership: false (not null) when value is null."""
    return value.isin(list(allowed)).fill_null(False)


def _canon(value: ir.Value, allowed: tuple[str, ...]) -> ir.StringValue:
    """The allowed value equal to ``value`` ignoring case and outer spaces; null when none is."""
    low = value.cast("string").strip().lower()
    return low.substitute({a.lower(): a for a in allowed}, else_=ibis.null("string")).cast("string")


def _null_when(condition: Callable[[ir.Table], ir.BooleanValue], column: str) -> Expr:
    def expr(t: ir.Table) -> ir.Value:
        return ibis.ifelse(condition(t).fill_null(False), _null(t, column), t[column])

    return expr


def _null_without(parent: str, column: str) -> Expr:
    return _null_when(lambda t: t[parent].isnull(), column)


def _tax(t: ir.Table) -> ir.BooleanValue:
    return _is(t.ChargeCategory, "Tax")


def _priced(t: ir.Table) -> ir.BooleanValue:
    """Usage or Purchase and not a correction: where FOCUS wants prices, quantities and SKUs."""
    return _is(t.ChargeCategory, "Usage", "Purchase") & ~_is(t.ChargeClass, "Correction")


def _committed(t: ir.Table) -> ir.BooleanValue:
    return t.CommitmentDiscountId.notnull()


def _same_currency(t: ir.Table) -> ir.BooleanValue:
    return (t.PricingCurrency == t.BillingCurrency).fill_null(False)


def _standalone(t: ir.Table) -> ir.BooleanValue:
    """Not a tax and no commitment discount: FOCUS says its costs equal BilledCost."""
    return ~_tax(t) & ~_committed(t)


def _cost_or_billed(column: str, unit_price: str | None) -> Expr:
    def expr(t: ir.Table) -> ir.Value:
        fill = _standalone(t)
        if unit_price is not None:
            fill = fill & t[unit_price].isnull()
        return ibis.coalesce(t[column], ibis.ifelse(fill, t.BilledCost, _null(t, column)))

    return expr


def _charge_frequency(t: ir.Table) -> ir.Value:
    given = _canon(t.ChargeFrequency, CHARGE_FREQUENCIES)
    derived = t.ChargeCategory.substitute(CHARGE_FREQUENCY_BY_CATEGORY, else_="One-Time")
    value = ibis.coalesce(given, derived)
    return ibis.ifelse(_is(t.ChargeCategory, "Purchase") & (value == "Usage-Based"), "One-Time", value)


def _service_subcategory(t: ir.Table) -> ir.Value:
    given = _canon(t.ServiceSubcategory, tuple(s for _, s in _SUBCATEGORY_PAIRS))
    fits = _is(t.ServiceCategory.concat("|", given.fill_null("")), *_PAIR_KEYS)
    return ibis.ifelse(fits, given, ibis.literal("Other (").concat(t.ServiceCategory, ")"))


def _commitment_status(t: ir.Table) -> ir.Value:
    given = _canon(t.CommitmentDiscountStatus, USED_UNUSED)
    # Unused commitment rows carry the commitment's id as their ResourceId (FOCUS DiscountHandling).
    derived = ibis.ifelse(
        _is(t.ChargeCategory, "Usage"),
        ibis.ifelse((t.ResourceId == t.CommitmentDiscountId).fill_null(False), "Unused", "Used"),
        ibis.null("string"),
    )
    return ibis.ifelse(_committed(t), ibis.coalesce(given, derived), ibis.null("string"))


def _pricing_category(t: ir.Table) -> ir.Value:
    given = _canon(t.PricingCategory, PRICING_CATEGORIES)
    return ibis.cases(
        (_tax(t), ibis.null("string")),
        (_is(t.ChargeCategory, "Usage") & _committed(t), "Committed"),
        (given.notnull(), given),
        (_priced(t), "Standard"),
        else_=ibis.null("string"),
    )


def _commitment_quantity(t: ir.Table) -> ir.Value:
    # A spend commitment is measured in money: the spec's examples give the commitment consumed
    # (EffectiveCost of the usage) or bought (BilledCost of the purchase), in the billing currency.
    spend = _is(t.CommitmentDiscountCategory, "Spend")
    derived = ibis.cases(
        (spend & _is(t.ChargeCategory, "Usage"), t.EffectiveCost),
        (spend & _is(t.ChargeCategory, "Purchase"), t.BilledCost),
        else_=_null(t, "CommitmentDiscountQuantity"),
    )
    value = ibis.coalesce(t.CommitmentDiscountQuantity, derived)
    return ibis.ifelse(_priced(t) & _committed(t), value, _null(t, "CommitmentDiscountQuantity"))


def _commitment_unit(t: ir.Table) -> ir.Value:
    derived = ibis.ifelse(_is(t.CommitmentDiscountCategory, "Spend"), t.BillingCurrency, ibis.null("string"))
    value = ibis.coalesce(t.CommitmentDiscountUnit, derived)
    return ibis.ifelse(t.CommitmentDiscountQuantity.notnull(), value, ibis.null("string"))


def _account_type(index: int) -> Expr:
    def expr(t: ir.Table) -> ir.Value:
        by_provider = {p: types[index] for p, types in ACCOUNT_TYPES.items()}
        default = DEFAULT_ACCOUNT_TYPES[index]
        column = ("BillingAccountType", "SubAccountType")[index]
        derived = t.provider.substitute(by_provider, else_=default)
        return ibis.coalesce(t[column], derived)

    return expr


def _pricing_currency_price(column: str, billing: str) -> Expr:
    def expr(t: ir.Table) -> ir.Value:
        value = ibis.coalesce(t[column], ibis.ifelse(_same_currency(t), t[billing], _null(t, column)))
        return ibis.ifelse(_tax(t), _null(t, column), value)

    return expr


def _sku_price_id(t: ir.Table) -> ir.Value:
    # FOCUS allows SkuPriceId to equal SkuId; used only where a price id is required and missing.
    filled = ibis.ifelse(_priced(t), ibis.coalesce(t.SkuPriceId, t.SkuId), t.SkuPriceId)
    return ibis.ifelse(_tax(t), ibis.null("string"), filled)


def _consumed_quantity(t: ir.Table) -> ir.Value:
    keep = _is(t.ChargeCategory, "Usage") & ~_is(t.CommitmentDiscountStatus, "Unused")
    return ibis.ifelse(keep, t.ConsumedQuantity, _null(t, "ConsumedQuantity"))


#: Applied in this order; each sees the columns as the rules above it left them.
RULES: tuple[Rule, ...] = (
    Rule(
        "ChargeCategory",
        "spelling of the allowed value (importers reject any other value)",
        lambda t: ibis.coalesce(_canon(t.ChargeCategory, CHARGE_CATEGORIES), t.ChargeCategory),
    ),
    Rule(
        "ChargeClass",
        '"Correction" or null: nothing else is allowed',
        lambda t: ibis.ifelse(
            _is(_canon(t.ChargeClass, ("Correction",)), "Correction"), "Correction", ibis.null("string")
        ),
    ),
    Rule(
        "ServiceCategory",
        'an allowed value; unknown or missing → "Other"',
        lambda t: ibis.coalesce(_canon(t.ServiceCategory, SERVICE_CATEGORIES), "Other"),
    ),
    Rule(
        "ServiceSubcategory",
        'kept when it belongs to the ServiceCategory; otherwise "Other (<ServiceCategory>)"',
        _service_subcategory,
    ),
    Rule(
        "ChargeFrequency",
        "allowed spelling; missing → from ChargeCategory (Usage → Usage-Based, Purchase, Credit, "
        "Adjustment → One-Time, Tax → Recurring); never Usage-Based on a Purchase",
        _charge_frequency,
    ),
    Rule(
        "RegionId",
        "missing while RegionName is given → RegionName (RegionName needs a RegionId)",
        lambda t: ibis.coalesce(t.RegionId, t.RegionName),
    ),
    Rule(
        "RegionName",
        "missing while RegionId is given → RegionId (RegionName must not be null then)",
        lambda t: ibis.coalesce(t.RegionName, t.RegionId),
    ),
    Rule(
        "PublisherName",
        "missing → ProviderName (MUST NOT be null)",
        lambda t: ibis.coalesce(t.PublisherName, t.ProviderName),
    ),
    Rule(
        "InvoiceIssuerName",
        "missing → ProviderName (MUST NOT be null)",
        lambda t: ibis.coalesce(t.InvoiceIssuerName, t.ProviderName),
    ),
    Rule(
        "CommitmentDiscountCategory",
        "allowed spelling (Spend / Usage); null without CommitmentDiscountId",
        lambda t: ibis.ifelse(
            _committed(t),
            _canon(t.CommitmentDiscountCategory, COMMITMENT_DISCOUNT_CATEGORIES),
            ibis.null("string"),
        ),
    ),
    Rule(
        "CommitmentDiscountName",
        "null without CommitmentDiscountId",
        _null_without("CommitmentDiscountId", "CommitmentDiscountName"),
    ),
    Rule(
        "CommitmentDiscountType",
        "null without CommitmentDiscountId",
        _null_without("CommitmentDiscountId", "CommitmentDiscountType"),
    ),
    Rule(
        "CommitmentDiscountStatus",
        "allowed spelling (Used / Unused); null without CommitmentDiscountId; missing on a Usage "
        "row → Unused when ResourceId is the commitment's id, else Used",
        _commitment_status,
    ),
    Rule(
        "PricingCategory",
        "null on Tax; Committed on Usage with a CommitmentDiscountId; missing on Usage or "
        "Purchase → Standard",
        _pricing_category,
    ),
    Rule(
        "CommitmentDiscountQuantity",
        "only on Usage / Purchase with a CommitmentDiscountId; missing on a Spend commitment → "
        "EffectiveCost (Usage) or BilledCost (Purchase)",
        _commitment_quantity,
    ),
    Rule(
        "CommitmentDiscountUnit",
        "null without CommitmentDiscountQuantity; missing on a Spend commitment → BillingCurrency",
        _commitment_unit,
    ),
    Rule(
        "CapacityReservationStatus",
        "allowed spelling (Used / Unused); null without CapacityReservationId",
        lambda t: ibis.ifelse(
            t.CapacityReservationId.notnull(),
            _canon(t.CapacityReservationStatus, USED_UNUSED),
            ibis.null("string"),
        ),
    ),
    Rule(
        "ConsumedQuantity",
        "null unless ChargeCategory is Usage and CommitmentDiscountStatus is not Unused",
        _consumed_quantity,
    ),
    Rule("ConsumedUnit", "null without ConsumedQuantity", _null_without("ConsumedQuantity", "ConsumedUnit")),
    Rule("PricingQuantity", "null on Tax", _null_when(_tax, "PricingQuantity")),
    Rule("PricingUnit", "null without PricingQuantity", _null_without("PricingQuantity", "PricingUnit")),
    Rule("ListUnitPrice", "null on Tax", _null_when(_tax, "ListUnitPrice")),
    Rule("ContractedUnitPrice", "null on Tax", _null_when(_tax, "ContractedUnitPrice")),
    Rule("SkuId", "null on Tax", _null_when(_tax, "SkuId")),
    Rule(
        "SkuPriceId",
        "null on Tax; missing on Usage / Purchase → SkuId (FOCUS allows them to be equal)",
        _sku_price_id,
    ),
    Rule("SkuMeter", "null without SkuId", _null_without("SkuId", "SkuMeter")),
    Rule("SkuPriceDetails", "null without SkuPriceId", _null_without("SkuPriceId", "SkuPriceDetails")),
    Rule(
        "ContractedCost",
        "missing, with no ContractedUnitPrice, no commitment and not Tax → BilledCost (FOCUS: equal)",
        _cost_or_billed("ContractedCost", "ContractedUnitPrice"),
    ),
    Rule(
        "ListCost",
        "missing, with no ListUnitPrice, no commitment and not Tax → BilledCost (FOCUS: equal)",
        _cost_or_billed("ListCost", "ListUnitPrice"),
    ),
    Rule(
        "EffectiveCost",
        "missing, with no commitment and not Tax → BilledCost (FOCUS: equal)",
        _cost_or_billed("EffectiveCost", None),
    ),
    Rule(
        "PricingCurrency",
        "missing → BillingCurrency (the source priced in the currency it billed in)",
        lambda t: ibis.coalesce(t.PricingCurrency, t.BillingCurrency),
    ),
    Rule(
        "PricingCurrencyEffectiveCost",
        "missing and PricingCurrency = BillingCurrency → EffectiveCost (same amount, same currency)",
        lambda t: ibis.coalesce(
            t.PricingCurrencyEffectiveCost,
            ibis.ifelse(_same_currency(t), t.EffectiveCost, _null(t, "PricingCurrencyEffectiveCost")),
        ),
    ),
    Rule(
        "PricingCurrencyListUnitPrice",
        "null on Tax; missing and PricingCurrency = BillingCurrency → ListUnitPrice",
        _pricing_currency_price("PricingCurrencyListUnitPrice", "ListUnitPrice"),
    ),
    Rule(
        "PricingCurrencyContractedUnitPrice",
        "null on Tax; missing and PricingCurrency = BillingCurrency → ContractedUnitPrice",
        _pricing_currency_price("PricingCurrencyContractedUnitPrice", "ContractedUnitPrice"),
    ),
    Rule(
        "BillingAccountType",
        "missing → the provider's name for a billing account (ACCOUNT_TYPES)",
        _account_type(0),
    ),
    Rule(
        "SubAccountType",
        "null without SubAccountId; missing → the provider's name for a sub account (ACCOUNT_TYPES)",
        lambda t: ibis.ifelse(t.SubAccountId.notnull(), _account_type(1)(t), ibis.null("string")),
    ),
    Rule("SubAccountName", "null without SubAccountId", _null_without("SubAccountId", "SubAccountName")),
    Rule("ResourceName", "null without ResourceId", _null_without("ResourceId", "ResourceName")),
    Rule("ResourceType", "null without ResourceId", _null_without("ResourceId", "ResourceType")),
)


def _gap_checks(t: ir.Table) -> dict[str, ir.BooleanValue]:
    """Conditional MUSTs only the source could meet: true on a row that breaks one."""
    priced = _priced(t)
    committed = _committed(t)
    return {
        "BillingAccountName-C-003-C": t.BillingAccountName.isnull(),
        "CapacityReservationStatus-C-004-C": t.CapacityReservationId.notnull()
        & _is(t.ChargeCategory, "Usage")
        & t.CapacityReservationStatus.isnull(),
        "CommitmentDiscountCategory-C-004-C": committed & t.CommitmentDiscountCategory.isnull(),
        "CommitmentDiscountType-C-005-C": committed & t.CommitmentDiscountType.isnull(),
        "CommitmentDiscountQuantity-C-005-C": priced & committed & t.CommitmentDiscountQuantity.isnull(),
        "CommitmentDiscountUnit-C-006-C": t.CommitmentDiscountQuantity.notnull()
        & t.CommitmentDiscountUnit.isnull(),
        "ConsumedQuantity-C-006-C": _is(t.ChargeCategory, "Usage")
        & ~_is(t.CommitmentDiscountStatus, "Unused")
        & ~_is(t.ChargeClass, "Correction")
        & t.ConsumedQuantity.isnull(),
        "ConsumedUnit-C-006-C": t.ConsumedQuantity.notnull() & t.ConsumedUnit.isnull(),
        "ContractedUnitPrice-C-006-C": priced & t.ContractedUnitPrice.isnull(),
        "ListUnitPrice-C-005-C": priced & t.ListUnitPrice.isnull(),
        "PricingCurrencyContractedUnitPrice-C-005-C": priced & t.PricingCurrencyContractedUnitPrice.isnull(),
        "PricingCurrencyListUnitPrice-C-005-C": priced & t.PricingCurrencyListUnitPrice.isnull(),
        "PricingQuantity-C-005-C": priced & t.PricingQuantity.isnull(),
        "PricingUnit-C-006-C": t.PricingQuantity.notnull() & t.PricingUnit.isnull(),
        "ResourceType-C-005-C": t.ResourceId.notnull() & t.ResourceType.isnull(),
        "SkuId-C-005-C": priced & t.SkuId.isnull(),
        "SkuPriceId-C-005-C": priced & t.SkuPriceId.isnull(),
        "SubAccountName-C-005-C": t.SubAccountId.notnull() & t.SubAccountName.isnull(),
    }


def _allowed_checks(t: ir.Table) -> dict[str, ir.BooleanValue]:
    """Allowed-value MUSTs the rules above guarantee: true on a row that breaks one."""

    def outside(column: str, allowed: tuple[str, ...]) -> ir.BooleanValue:
        return t[column].notnull() & ~_is(t[column], *allowed)

    return {
        "ChargeCategory": outside("ChargeCategory", CHARGE_CATEGORIES),
        "ChargeClass": outside("ChargeClass", ("Correction",)),
        "ChargeFrequency": outside("ChargeFrequency", CHARGE_FREQUENCIES)
        | (_is(t.ChargeCategory, "Purchase") & _is(t.ChargeFrequency, "Usage-Based")),
        "PricingCategory": outside("PricingCategory", PRICING_CATEGORIES),
        "ServiceCategory": outside("ServiceCategory", SERVICE_CATEGORIES),
        "ServiceSubcategory": ~_is(t.ServiceCategory.concat("|", t.ServiceSubcategory), *_PAIR_KEYS),
        "CommitmentDiscountCategory": outside("CommitmentDiscountCategory", COMMITMENT_DISCOUNT_CATEGORIES),
        "CommitmentDiscountStatus": outside("CommitmentDiscountStatus", USED_UNUSED),
        "CapacityReservationStatus": outside("CapacityReservationStatus", USED_UNUSED),
        "BillingCurrency": ~t.BillingCurrency.re_search(r"^[A-Z]{3}$").fill_null(False),
    }


def focus_table(costs: ir.Table) -> ir.Table:
    """The cloud rows of ``costs`` with every FOCUS 1.2 column, the rules applied, x_ columns after."""
    t = costs.filter(costs.cost_source == "cloud")
    for rule in RULES:
        t = t.mutate(**{rule.column: rule.expr(t).cast(t[rule.column].type())})
    out: dict[str, ir.Value] = {}
    for c in FOCUS_COLUMNS:
        col = t[c.name]
        if c.kind == "timestamp":
            out[c.name] = col.cast(UTC)
        elif c.kind in ("string", "json"):
            out[c.name] = col.nullif("")
        else:
            out[c.name] = col
    for ledger_name, name in EXTENSIONS.items():
        if name is not None:
            out[name] = t[ledger_name]
    for extra in (c for c in t.columns if c not in LEDGER_COLUMN_NAMES):
        name = extra if extra.startswith("x_") else f"x_{extra}"
        if name in out:
            name = "x_Source" + name[1:]
        out[name] = t[extra]
    return t.select(**out)


def export_focus(engine: Engine, out_dir: Path) -> ExportReport:
    """Write the ledger's cloud rows as ``out_dir/focus-1.2.parquet``, all or nothing."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / FILE_NAME
    tmp = out_dir / f".{FILE_NAME}.tmp"
    failures: tuple[type[Exception], ...] = (*engine_errors(), OSError)
    try:
        # DuckDB writes one file; Spark a directory of part files, which every Parquet reader
        # (DuckDB's with a glob, Spark, Arrow) reads as one table.
        engine.ibis.to_parquet(focus_table(engine.costs()), tmp, compression="zstd")
        report = _check(engine, tmp)
        remove_path(final)
        os.replace(tmp, final)
    except failures as exc:
        found = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        raise ExportError("export.write_failed", file=str(final), found=found) from exc
    finally:
        remove_path(tmp)
    report.files = [final]
    return report


def _check(engine: Engine, path: Path) -> ExportReport:
    """One scan of the written file: totals, then every MUST it can check; a broken one stops."""
    t = engine.ibis.read_parquet(str(path))
    hard: dict[str, ir.BooleanValue] = {f"null:{c}": t[c].isnull() for c in NOT_NULL}
    hard.update({f"allowed:{k}": v for k, v in _allowed_checks(t).items()})
    gaps = _gap_checks(t)
    aggs: dict[str, ir.Value] = {"rows": t.count(), "billed": t.BilledCost.sum()}
    names = list(hard) + list(gaps)
    for i, pred in enumerate(list(hard.values()) + list(gaps.values())):
        aggs[f"c{i}"] = pred.fill_null(False).cast("int64").sum()
    groups = t.group_by("BillingCurrency").aggregate(**aggs).to_pyarrow().to_pylist()
    counts = {n: sum(int(g[f"c{i}"] or 0) for g in groups) for i, n in enumerate(names)}
    for name in hard:
        if counts[name]:
            kind, column = name.split(":", 1)
            raise ExportError(f"export.{kind}", column=column, rows=counts[name])
    found = {n: counts[n] for n in gaps if counts[n]}
    mixed = _service_names_in_several_categories(t)
    if mixed:
        found["ServiceName-C-005-C"] = mixed
    return ExportReport(
        files=[],
        rows=sum(int(g["rows"]) for g in groups),
        totals={g["BillingCurrency"]: g["billed"] or Decimal(0) for g in groups},
        gaps=found,
    )


def _service_names_in_several_categories(t: ir.Table) -> int:
    """Rows whose ServiceName appears under more than one ServiceCategory (the source's choice)."""
    per_name = t.group_by("ServiceName").aggregate(categories=t.ServiceCategory.nunique(), rows=t.count())
    several = per_name.filter(per_name.categories > 1)
    return int(several.rows.sum().fill_null(0).execute())
