"""What the rules read: the month's resources from the ledger, the metrics of the look-back window,
the settings and the price catalog — built once per run, shared by every rule.

The month under review is the latest month of cloud usage in the ledger unless one is given; the
look-back window is the ``lookback_days`` up to the end of that month. A resource's cost is its
EffectiveCost in yen (amortised commitments included, tax excluded) over that month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.datatypes as dt_
import ibis.expr.types as ir

from govcost.errors import UsageError
from govcost.optimize.catalog import PriceCatalog
from govcost.optimize.instances import InstanceType, parse_type
from govcost.optimize.settings import Settings, SystemSettings
from govcost.schema.columns import JPY_SCALE, MONEY_PRECISION

if TYPE_CHECKING:
    from govcost.engine import Engine

JST = dt.timezone(dt.timedelta(hours=9))
JPY = dt_.Decimal(MONEY_PRECISION, JPY_SCALE)
_BOX_USAGE = re.compile(
    r"(?:BoxUsage|InstanceUsage|Multi-AZUsage|SpotUsage)[^:]*:(?P<type>[a-z0-9-]+\.[a-z0-9]+)"
)
_VOLUME_OPERATIONS = {
    "CreateVolume": "standard",
    "CreateVolume-Gp2": "gp2",
    "CreateVolume-Gp3": "gp3",
    "CreateVolume-P-IOPS": "io1",
    "CreateVolume-Piops": "io1",
    "CreateVolume-Io2": "io2",
    "CreateVolume-St1": "st1",
    "CreateVolume-Sc1": "sc1",
}
_DESCRIPTIVE = (
    "ResourceType",
    "ResourceName",
    "ServiceName",
    "ServiceCategory",
    "RegionId",
    "AvailabilityZone",
    "SubAccountId",
    "SubAccountName",
    "BillingAccountId",
    "ProviderName",
    "municipality_code",
    "business",
    "environment",
    "system_id",
    "usage",
    "provider",
    "Tags",
    "SkuPriceDetails",
    "SkuMeter",
    "ChargeDescription",
    "x_Operation",
)


@dataclass(frozen=True)
class Meter:
    """One priced meter of a resource over the month (its hours, its GB-months, its IOPS...)."""

    unit: str
    quantity: Decimal
    cost_jpy: Decimal
    list_unit_price: Decimal | None
    fx_jpy_per_unit: Decimal | None
    covered_quantity: Decimal
    sku_meter: str
    description: str
    days: int
    first: dt.datetime | None
    last: dt.datetime | None


@dataclass
class Resource:
    """A resource billed in the month under review, with its owner and what it cost."""

    resource_id: str
    resource_type: str
    resource_name: str | None
    service_name: str
    service_category: str
    provider: str
    region_id: str | None
    availability_zone: str | None
    account_id: str | None
    account_name: str | None
    billing_account_id: str | None
    municipality_code: str | None
    business: str | None
    environment: str | None
    system_id: str | None
    usage: str | None
    tags: dict[str, str]
    details: dict[str, Any]
    operation: str
    meters: list[Meter] = field(default_factory=list)
    month_hours: int = 0

    @property
    def cost_jpy(self) -> Decimal:
        return sum((m.cost_jpy for m in self.meters), Decimal(0))

    @property
    def name(self) -> str | None:
        return self.resource_name or self.tag("Name")

    def tag(self, key: str) -> str | None:
        """A tag's value, whether written ``Role``, ``user:Role`` or ``role``."""
        wanted = key.lower()
        for k, v in self.tags.items():
            if k.lower() in (wanted, f"user:{wanted}", f"aws:{wanted}"):
                return v
        return None

    @property
    def role(self) -> str | None:
        return self.tag("Role")

    def meters_in(self, unit: str) -> list[Meter]:
        return [m for m in self.meters if m.unit == unit]

    def quantity(self, unit: str) -> Decimal:
        return sum((m.quantity for m in self.meters_in(unit)), Decimal(0))

    @property
    def hours(self) -> Decimal:
        """Instance-hours billed in the month."""
        return self.quantity("Hours")

    @property
    def covered_hours(self) -> Decimal:
        return sum((m.covered_quantity for m in self.meters_in("Hours")), Decimal(0))

    @property
    def last_billed(self) -> dt.datetime | None:
        ends = [m.last for m in self.meters if m.last is not None]
        return max(ends) if ends else None

    @property
    def instance_type_name(self) -> str | None:
        if self.details.get("InstanceType"):
            return str(self.details["InstanceType"])
        for m in self.meters:
            hit = _BOX_USAGE.search(m.sku_meter) or _BOX_USAGE.search(m.description.replace(" ", ":"))
            if hit:
                return hit.group("type")
        return None

    @property
    def instance_type(self) -> InstanceType | None:
        """The instance's shape: the bill's own CoreCount and MemorySize where it gives them."""
        name = self.instance_type_name
        if not name:
            return None
        known = parse_type(name)
        vcpu, memory = self.details.get("CoreCount"), self.details.get("MemorySize")
        if vcpu and memory:
            family, _, size = name.partition(".")
            return InstanceType(name, family, size, int(vcpu), float(memory))
        return known

    @property
    def operating_system(self) -> str:
        os_name = self.details.get("OperatingSystem")
        if os_name:
            return str(os_name)
        return "Windows" if self.operation.startswith("RunInstances:0002") else "Linux"

    @property
    def volume_type(self) -> str | None:
        if self.details.get("DiskType"):
            return str(self.details["DiskType"])
        return _VOLUME_OPERATIONS.get(self.operation)

    @property
    def size_gb(self) -> Decimal | None:
        """Provisioned GB: the bill's DiskSpace, or the GB-months over the share of the month billed."""
        if self.details.get("DiskSpace"):
            return Decimal(str(self.details["DiskSpace"]))
        gb = self.meters_in("GB-Mo")
        if not gb or not self.month_hours:
            return None
        days_in_month = Decimal(self.month_hours // 24)
        days = max(m.days for m in gb)
        return (sum((m.quantity for m in gb), Decimal(0)) * days_in_month / days) if days else None

    def hourly_cost_jpy(self) -> Decimal | None:
        """The yen one instance-hour costs, from the bill itself."""
        hours = self.hours
        if not hours:
            return None
        return sum((m.cost_jpy for m in self.meters_in("Hours")), Decimal(0)) / hours


@dataclass(frozen=True)
class MetricStats:
    count: int
    mean: float
    p95: float
    maximum: float


class Context:
    """The inputs of one optimisation run (one month, one scope)."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings | None = None,
        catalog: PriceCatalog | None = None,
        month: dt.date | None = None,
        municipality: str | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings or Settings()
        self.catalog = catalog or PriceCatalog.load()
        self.municipality = municipality
        self.month = self._checked_month(month) if month else self._latest_month()
        last_day = calendar.monthrange(self.month.year, self.month.month)[1]
        self.month_days = last_day
        self.month_hours = last_day * 24
        self.month_end = dt.datetime(self.month.year, self.month.month, last_day) + dt.timedelta(days=1)
        self.window_days = self.settings.defaults.lookback_days
        self.window_start = self.month_end - dt.timedelta(days=self.window_days)
        #: ``of_type`` selections, made once: rules ask per server, and a scan of every resource
        #: per call made them quadratic (bench/optimize.py).
        self._by_type: dict[tuple[str, ...], list[Resource]] = {}

    # --- the ledger -----------------------------------------------------------------------
    def _cloud_usage(self) -> ir.Table:
        c = self.engine.costs()
        pred = (c.cost_source == "cloud") & (c.ChargeCategory == "Usage")
        if self.municipality:
            pred = pred & (c.municipality_code == self.municipality)
        return c.filter(pred)

    def _latest_month(self) -> dt.date:
        c = self._cloud_usage()
        latest = c.aggregate(m=c.BillingPeriodStart.max()).to_pyarrow().to_pylist()[0]["m"]
        if latest is None:
            if self.municipality:
                raise UsageError("optimize.no_costs_for", municipality=self.municipality)
            raise UsageError("optimize.no_costs")
        return dt.date(latest.year, latest.month, 1)

    def _checked_month(self, month: dt.date) -> dt.date:
        """The month asked for (its first day); an error when the ledger holds no cloud usage then."""
        first = dt.date(month.year, month.month, 1)
        c = self._cloud_usage()
        c = c.filter(c.BillingPeriodStart == ibis.literal(dt.datetime(first.year, first.month, 1)))
        if not c.limit(1).count().to_pyarrow().as_py():
            raise UsageError("optimize.bad_month", month=f"{first:%Y-%m}")
        return first

    def costs(self) -> ir.Table:
        """The cloud usage rows of the month under review, in scope."""
        c = self._cloud_usage()
        start = dt.datetime(self.month.year, self.month.month, 1)
        return c.filter(c.BillingPeriodStart == ibis.literal(start))

    @cached_property
    def resources(self) -> dict[str, Resource]:
        c = self.costs()
        c = c.filter(c.ResourceId.notnull() & (c.ResourceId != ""))
        c = c.mutate(
            rid=c.ResourceId,
            unit=c.ConsumedUnit.fill_null(c.PricingUnit).fill_null(""),
            sku=c.SkuId.fill_null(""),
        )
        cost = (c.EffectiveCost * c.fx_jpy_per_unit).cast(JPY)
        covered = ibis.ifelse(c.CommitmentDiscountId.notnull(), c.ConsumedQuantity, 0)
        present = [n for n in _DESCRIPTIVE if n in c.columns]
        keys = ["rid", "unit", "sku"]
        amounts = c.group_by(keys).aggregate(
            quantity=c.ConsumedQuantity.sum(),
            cost_jpy=cost.sum(),
            list_unit_price=c.ListUnitPrice.max(),
            fx=c.fx_jpy_per_unit.max(),
            covered=covered.sum(),
            days=c.ChargePeriodStart.date().nunique(),
            first=c.ChargePeriodStart.min(),
            last=c.ChargePeriodEnd.max(),
        )
        # The descriptive columns are nearly constant per meter: taking their distinct values first
        # (a hashed grouping) leaves max() few rows, which on Spark means few rows to sort.
        seen = c.select(*keys, *present).distinct()
        described = seen.group_by(keys).aggregate(**{f"d_{n}": seen[n].max() for n in present})
        meters = amounts.join(described, keys)
        out: dict[str, Resource] = {}
        for r in meters.order_by("rid", "unit", "sku").to_pyarrow().to_pylist():
            res = out.get(r["rid"])
            if res is None:
                res = Resource(
                    resource_id=r["rid"],
                    resource_type=r.get("d_ResourceType") or "",
                    resource_name=r.get("d_ResourceName"),
                    service_name=r.get("d_ServiceName") or "",
                    service_category=r.get("d_ServiceCategory") or "",
                    provider=r.get("d_provider") or (r.get("d_ProviderName") or "").lower(),
                    region_id=r.get("d_RegionId"),
                    availability_zone=r.get("d_AvailabilityZone"),
                    account_id=r.get("d_SubAccountId"),
                    account_name=r.get("d_SubAccountName"),
                    billing_account_id=r.get("d_BillingAccountId"),
                    municipality_code=r.get("d_municipality_code"),
                    business=r.get("d_business"),
                    environment=r.get("d_environment"),
                    system_id=r.get("d_system_id"),
                    usage=r.get("d_usage"),
                    tags=_json_object(r.get("d_Tags")),
                    details=_json_object(r.get("d_SkuPriceDetails")),
                    operation=r.get("d_x_Operation") or "",
                    month_hours=self.month_hours,
                )
                out[res.resource_id] = res
            res.meters.append(
                Meter(
                    unit=r["unit"],
                    quantity=r["quantity"] or Decimal(0),
                    cost_jpy=r["cost_jpy"] or Decimal(0),
                    list_unit_price=r["list_unit_price"],
                    fx_jpy_per_unit=r["fx"],
                    covered_quantity=r["covered"] or Decimal(0),
                    sku_meter=r.get("d_SkuMeter") or "",
                    description=r.get("d_ChargeDescription") or "",
                    days=int(r["days"] or 0),
                    first=r["first"],
                    last=r["last"],
                )
            )
            if not res.details:
                res.details = _json_object(r.get("d_SkuPriceDetails"))
            if not res.operation:
                res.operation = r.get("d_x_Operation") or ""
        return out

    def resource(self, resource_id: str) -> Resource | None:
        return self.resources.get(resource_id)

    def of_type(self, *types: str) -> list[Resource]:
        """The resources of these types (a new list each call; the selection is made once)."""
        if types not in self._by_type:
            self._by_type[types] = [r for r in self.resources.values() if r.resource_type in types]
        return list(self._by_type[types])

    @cached_property
    def _billed_instances(self) -> list[Resource]:
        return [r for r in self.of_type("instance") if r.hours > 0]

    def instances(self) -> list[Resource]:
        """Virtual machines billed by the hour in the month (a new list each call)."""
        return list(self._billed_instances)

    def system_settings(self, res: Resource) -> SystemSettings:
        return self.settings.for_system(res.system_id)

    def hourly_list_price(self, res: Resource) -> Decimal | None:
        """The running type's on-demand USD per hour: the bill's list price, else the catalog's."""
        prices = [m.list_unit_price for m in res.meters_in("Hours") if m.list_unit_price]
        if prices:
            return max(prices)
        name = res.instance_type_name
        if not name:
            return None
        return self.catalog.usd(res.region_id or "", "ec2", name, res.operating_system)

    def fx(self, res: Resource) -> Decimal | None:
        rates = [m.fx_jpy_per_unit for m in res.meters if m.fx_jpy_per_unit is not None]
        return rates[0] if rates else None

    # --- the metrics ----------------------------------------------------------------------
    def metrics(
        self, names: Sequence[str] | None = None, resource_ids: Iterable[str] | None = None
    ) -> ir.Table:
        """Metric rows of the look-back window (UTC timestamps), for the resources in scope."""
        m = self.engine.metrics()
        pred = (m.timestamp >= ibis.literal(self.window_start)) & (m.timestamp < ibis.literal(self.month_end))
        if names:
            pred = pred & m.metric.isin(list(names))
        m = m.filter(pred)
        ids = list(resource_ids) if resource_ids is not None else None
        if ids is None and self.municipality:
            ids = list(self.resources)
        if ids is not None:
            wanted = ibis.memtable({"resource_id": ids}, schema={"resource_id": "string"})
            m = m.semi_join(wanted, "resource_id")
        return m

    def metric_stats(
        self, names: Sequence[str], resource_ids: Iterable[str] | None = None
    ) -> dict[tuple[str, str], MetricStats]:
        """Per resource and metric: count, mean, 95th percentile and maximum over the window."""
        m = self.metrics(names, resource_ids)
        agg = m.group_by("resource_id", "metric").aggregate(
            n=m.count(), mean=m.value.mean(), p95=m.value.quantile(0.95), mx=m.value.max()
        )
        return {
            (r["resource_id"], r["metric"]): MetricStats(
                int(r["n"]), float(r["mean"]), float(r["p95"]), float(r["mx"])
            )
            for r in agg.to_pyarrow().to_pylist()
        }


def _json_object(value: Any) -> dict[str, Any]:
    if not value:
        return {}
    if isinstance(value, dict):
        return value
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}
