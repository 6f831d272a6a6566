"""AWS cost data as the FOCUS 1.2 export of AWS Data Exports writes it: one CSV.gz a month, daily rows.

Every charge is a *meter*: the fixed columns of one line item (account, resource, SKU, price) and
the quantity it bills each day. Money is computed in Decimal and written with at most ten decimal
places, so the sums a reader takes from the file are exact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np

from govcost.demo import prices as p
from govcost.demo.files import csv_field, dec, q10, write_csv_lines
from govcost.demo.landscape import OSAKA, TOKYO, VERIF, Account, Instance, Landscape, Payer
from govcost.demo.timeline import Period
from govcost.schema import FOCUS_COLUMNS

AWS_EXTRA = ("x_Discounts", "x_Operation", "x_ServiceCode")
COLUMNS: tuple[str, ...] = (*(c.name for c in FOCUS_COLUMNS), *AWS_EXTRA)
_IDX = {c: i for i, c in enumerate(COLUMNS)}
ISSUER = "Amazon Web Services Japan G.K."
PUBLISHER = "Amazon Web Services, Inc."
TAX_RATE = Decimal("0.10")
ZERO = Decimal(0)

#: ServiceName → (ServiceCategory, x_ServiceCode)
SERVICES = {
    "Amazon Elastic Compute Cloud": ("Compute", "AmazonEC2"),
    "Amazon Simple Storage Service": ("Storage", "AmazonS3"),
    "Amazon Relational Database Service": ("Databases", "AmazonRDS"),
    "AmazonCloudWatch": ("Management and Governance", "AmazonCloudWatch"),
    "AWS Backup": ("Storage", "AWSBackup"),
    "AWS Data Transfer": ("Networking", "AWSDataTransfer"),
    "Elastic Load Balancing": ("Networking", "AWSELB"),
    "Savings Plans for AWS Compute usage": ("Compute", "ComputeSavingsPlans"),
}

Quantity = Callable[[int, dt.date, int], Decimal]


def ts(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def sku(*parts: str) -> str:
    digest = hashlib.sha1("|".join(parts).encode()).digest()
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(alphabet[b % len(alphabet)] for b in digest[:16])


def tags_json(tags: dict[str, str]) -> str:
    return json.dumps(tags, ensure_ascii=False, sort_keys=True, separators=(",", ":")) if tags else ""


@dataclass
class Meter:
    """One line item billed daily: fixed columns, a list unit price, and a quantity per day."""

    account: Account
    static: dict[str, str]
    unit_price: Decimal
    quantity: Quantity
    #: Savings Plan rate per unit when the usage is covered (billed 0, paid through the plan's fee).
    covered_price: Decimal | None = None


class AwsBill:
    """The AWS line items of a landscape, month by month."""

    def __init__(self, landscape: Landscape, period: Period, hours: dict[str, np.ndarray], seed: int) -> None:
        self.landscape = landscape
        self.period = period
        #: Instance id → running hours per day of the period.
        self.hours = hours
        self.rng = random.Random(seed ^ 0xA75)
        #: For the meters added later (load balancers), so the earlier ones keep their quantities.
        self.xrng = random.Random(seed ^ 0xE1B)
        self.meters: list[Meter] = []
        for acct in landscape.accounts:
            if acct.provider == "aws":
                self._account_meters(acct)
        self._cost_anomaly()

    def _cost_anomaly(self) -> None:
        """The month a large server for a data-migration rehearsal was left running in a verification
        account (from the 6th to the month's end, then deleted): one system's cloud fees jump that
        month. Planted from five months up, never in the last month; recorded as
        ``cost_anomalies``: ``SYSTEM_ID:YYYY-MM``."""
        planted = self.landscape.scenarios.setdefault("cost_anomalies", [])
        juki = [s for s in self.landscape.systems if s.package.key == "juki"]
        months = self.period.month_starts
        if len(months) < 5 or not juki:
            return
        system = juki[min(4, len(juki) - 1)]
        acct = next(a for a in system.accounts if a.provider == "aws" and a.environment == VERIF)
        month = months[min(7, len(months) - 2)]
        first = self.period.month_days(month)
        days = range(first.start + 5, first.stop)
        name = f"{system.id.lower()}-stg-rehearsal01"
        tags = {"user:Name": name, "user:Role": "migration-rehearsal", "user:System": system.id}
        rid = "i-0" + hashlib.sha1(f"rehearsal|{acct.id}".encode()).hexdigest()[:16]
        itype, price = "r6i.4xlarge", p.ec2_price("r6i.4xlarge", "Windows")
        self._meter(
            acct,
            "Amazon Elastic Compute Cloud",
            TOKYO,
            usage_type=f"BoxUsage:{itype}",
            operation="RunInstances:0002",
            unit="Hours",
            price=price,
            description=f"${dec(price)} per On Demand Windows {itype} Instance Hour",
            subcategory="Virtual Machines",
            quantity=self._per_day(Decimal(24), days),
            resource_id=rid,
            resource_name=name,
            resource_type="instance",
            az="ap-northeast-1a",
            tags=tags,
            details={"InstanceType": itype, "OperatingSystem": "Windows"},
        )
        vprice = p.EBS_GB_MONTH["gp3"]
        self._meter(
            acct,
            "Amazon Elastic Compute Cloud",
            TOKYO,
            usage_type="EBS:VolumeUsage.gp3",
            operation="CreateVolume-Gp3",
            unit="GB-Mo",
            price=vprice,
            description=f"${dec(vprice)} per GB-month of General Purpose SSD (gp3) provisioned storage",
            subcategory="Block Storage",
            quantity=self._per_month(Decimal(2000), days),
            resource_id="vol-0" + hashlib.sha1(f"rehearsal-vol|{acct.id}".encode()).hexdigest()[:16],
            resource_name=f"{name}-data",
            resource_type="volume",
            az="ap-northeast-1a",
            tags={**tags, "user:Name": f"{name}-data"},
            details={"DiskSpace": 2000, "DiskType": "gp3"},
        )
        planted.append(f"{system.id}:{month:%Y-%m}")

    # --- building the meters ------------------------------------------------------------
    def _base(
        self, acct: Account, service: str, region: str | None, resource_tags: dict[str, str] | None
    ) -> dict[str, str]:
        """Columns every row of an account has; tags only on rows of a resource (tax rows have none)."""
        category, code = SERVICES[service]
        payer: Payer = acct.payer
        tags = {} if resource_tags is None else {**resource_tags, **acct.tags}
        out = {
            "BillingAccountId": payer.id,
            "BillingAccountName": payer.name,
            "BillingAccountType": "Billing Account",
            "BillingCurrency": "USD",
            "ChargeCategory": "Usage",
            "ChargeFrequency": "Usage-Based",
            "InvoiceIssuerName": ISSUER,
            "PricingCategory": "Standard",
            "PricingCurrency": "USD",
            "ProviderName": "AWS",
            "PublisherName": PUBLISHER,
            "ServiceCategory": category,
            "ServiceName": service,
            "SubAccountId": acct.id,
            "SubAccountName": acct.name,
            "SubAccountType": "Linked Account",
            "Tags": tags_json(tags),
            "x_ServiceCode": code,
        }
        if region:
            out["RegionId"] = region
            out["RegionName"] = p.REGIONS[region][0]
        return out

    def _meter(
        self,
        acct: Account,
        service: str,
        region: str | None,
        *,
        usage_type: str,
        operation: str,
        unit: str,
        price: Decimal,
        description: str,
        subcategory: str,
        quantity: Quantity,
        resource_id: str = "",
        resource_name: str = "",
        resource_type: str = "",
        az: str = "",
        tags: dict[str, str] | None = None,
        details: dict[str, object] | None = None,
        covered_price: Decimal | None = None,
    ) -> Meter:
        static = self._base(acct, service, region, tags or {})
        prefix = p.REGIONS[region][1] + "-" if region else ""
        sku_id = sku(prefix + usage_type, operation)
        static.update(
            {
                "AvailabilityZone": az,
                "ChargeDescription": description,
                "ConsumedUnit": unit,
                "ContractedUnitPrice": dec(price),
                "ListUnitPrice": dec(price),
                "PricingCurrencyContractedUnitPrice": dec(price),
                "PricingCurrencyListUnitPrice": dec(price),
                "PricingUnit": unit,
                "ResourceId": resource_id,
                "ResourceName": resource_name,
                "ResourceType": resource_type,
                "ServiceSubcategory": subcategory,
                "SkuId": sku_id,
                "SkuMeter": prefix + usage_type,
                "SkuPriceDetails": json.dumps(details, sort_keys=True, separators=(",", ":"))
                if details
                else "",
                "SkuPriceId": f"{sku_id}.JRTCKXETXF.6YS6EN2CT7",
                "x_Operation": operation,
            }
        )
        if covered_price is not None:
            assert acct.savings_plan_id is not None
            static.update(
                {
                    "PricingCategory": "Committed",
                    "CommitmentDiscountCategory": "Spend",
                    "CommitmentDiscountId": acct.savings_plan_id,
                    "CommitmentDiscountName": "Compute Savings Plans 1 year No Upfront",
                    "CommitmentDiscountStatus": "Used",
                    "CommitmentDiscountType": "Savings Plan",
                    "CommitmentDiscountUnit": "USD",
                }
            )
        meter = Meter(acct, static, price, quantity, covered_price)
        self.meters.append(meter)
        return meter

    def _noise(
        self,
        base: float,
        low: float = 0.8,
        high: float = 1.2,
        weekend: float = 1.0,
        source: random.Random | None = None,
    ) -> Quantity:
        """A daily quantity around ``base`` (GB), lower on days the offices are closed."""
        rng = random.Random((source or self.rng).getrandbits(64))
        business = self.period.business_day

        def quantity(i: int, day: dt.date, days_in_month: int) -> Decimal:
            factor = rng.uniform(low, high) * (1.0 if business[i] else weekend)
            return Decimal(round(base * factor * 1000)) / 1000

        return quantity

    @staticmethod
    def _per_month(amount: Decimal, days: range | None = None) -> Quantity:
        """A monthly quantity (GB-Mo, IOPS-Mo) spread over the days of the month, as AWS prorates it."""

        def quantity(i: int, day: dt.date, days_in_month: int) -> Decimal:
            if days is not None and i not in days:
                return ZERO
            return q10(amount / days_in_month)

        return quantity

    def _growing(self, start_gb: float, per_month: float) -> Quantity:
        """Storage that only ever grows (logs kept forever, backups of growing data)."""
        first = self.period.start

        def quantity(i: int, day: dt.date, days_in_month: int) -> Decimal:
            months = (day.year - first.year) * 12 + day.month - first.month + day.day / days_in_month
            gb = Decimal(round((start_gb + per_month * months) * 1000)) / 1000
            return q10(gb / days_in_month)

        return quantity

    def _instance_meters(self, acct: Account, inst: Instance) -> None:
        itype = p.instance_type(inst.type)
        price = p.ec2_price(inst.type, inst.platform)
        hours = self.hours[inst.id]
        os_name = "Windows" if inst.platform == "Windows" else "Linux"
        usage = f"BoxUsage:{inst.type}"
        operation = "RunInstances:0002" if inst.platform == "Windows" else "RunInstances"

        def running(i: int, day: dt.date, days_in_month: int) -> Decimal:
            return Decimal(int(hours[i]))

        covered = None
        if inst.savings_plan:
            covered = (price * p.SAVINGS_PLAN_RATE).quantize(Decimal("0.0001"))
        self._meter(
            acct,
            "Amazon Elastic Compute Cloud",
            inst.region,
            usage_type=usage,
            operation=operation,
            unit="Hours",
            price=price,
            description=f"${dec(price)} per On Demand {os_name} {inst.type} Instance Hour",
            subcategory="Virtual Machines",
            quantity=running,
            resource_id=inst.id,
            resource_name=inst.name,
            resource_type="instance",
            az=inst.az,
            tags=inst.tags,
            details={
                "CoreCount": itype.vcpu,
                "InstanceType": inst.type,
                "MemorySize": itype.memory_gib,
                "OperatingSystem": os_name,
            },
            covered_price=covered,
        )
        region_name = p.REGIONS[inst.region][0]
        for vol in inst.volumes:
            vprice = p.EBS_GB_MONTH[vol.kind]
            vtags = {**inst.tags, "user:Name": vol.name}
            # A volume that outlives its instance goes on being billed, unattached.
            days = vol.days if vol.days is not None else inst.days
            self._meter(
                acct,
                "Amazon Elastic Compute Cloud",
                inst.region,
                usage_type=f"EBS:VolumeUsage{'' if vol.kind == 'gp2' else '.' + vol.kind}",
                operation={
                    "gp2": "CreateVolume-Gp2",
                    "gp3": "CreateVolume-Gp3",
                    "io1": "CreateVolume-P-IOPS",
                }.get(vol.kind, "CreateVolume-" + vol.kind.capitalize()),
                unit="GB-Mo",
                price=vprice,
                description=(
                    f"${dec(vprice)} per GB-month of {p.EBS_NAMES[vol.kind]} provisioned storage"
                    f" - {region_name}"
                ),
                subcategory="Block Storage",
                quantity=self._per_month(Decimal(vol.size_gb), days),
                resource_id=vol.id,
                resource_name=vol.name,
                resource_type="volume",
                az=inst.az,
                tags=vtags,
                details={"DiskSpace": vol.size_gb, "DiskType": vol.kind},
            )
            if vol.iops:
                self._meter(
                    acct,
                    "Amazon Elastic Compute Cloud",
                    inst.region,
                    usage_type="EBS:VolumeP-IOPS.piops",
                    operation="CreateVolume-P-IOPS",
                    unit="IOPS-Mo",
                    price=p.EBS_IO1_IOPS_MONTH,
                    description=f"${dec(p.EBS_IO1_IOPS_MONTH)} per IOPS-month provisioned - {region_name}",
                    subcategory="Block Storage",
                    quantity=self._per_month(Decimal(vol.iops), days),
                    resource_id=vol.id,
                    resource_name=vol.name,
                    resource_type="volume",
                    az=inst.az,
                    tags=vtags,
                )

    def _snapshot_meters(self, acct: Account) -> None:
        tokyo = p.REGIONS[TOKYO][0]
        price = p.EBS_SNAPSHOT_GB_MONTH
        for snap in acct.snapshots:
            self._meter(
                acct,
                "Amazon Elastic Compute Cloud",
                TOKYO,
                usage_type="EBS:SnapshotUsage",
                operation="CreateSnapshot",
                unit="GB-Mo",
                price=price,
                description=f"${dec(price)} per GB-Month of snapshot data stored - {tokyo}",
                subcategory="Block Storage",
                quantity=self._per_month(Decimal(snap.size_gb), snap.days),
                resource_id=snap.id,
                resource_name=snap.name,
                resource_type="snapshot",
                tags=snap.tags,
            )

    def _network_meters(self, acct: Account, system_tags: dict[str, str]) -> None:
        for k, eip in enumerate(acct.idle_addresses, start=1):
            name = f"{acct.name}-eip{k:02d}"
            self._meter(
                acct,
                "Amazon Elastic Compute Cloud",
                TOKYO,
                usage_type="ElasticIP:IdleAddress",
                operation="AssociateAddress",
                unit="Hours",
                price=p.EIP_IDLE_HOUR,
                description=(
                    f"${dec(p.EIP_IDLE_HOUR)} per Elastic IP address not attached to a running instance"
                    " per hour"
                ),
                subcategory="Network Infrastructure",
                quantity=self._per_day(Decimal(24), acct.days),
                resource_id=eip,
                resource_name=name,
                resource_type="elastic-ip",
                tags={**system_tags, "user:Name": name},
            )
        for lb in acct.load_balancers:
            # LCUs follow the counters' traffic; an ALB nobody uses bills only a trace.
            if lb.lcu_per_office_hour > 0:
                lcu = self._noise(lb.lcu_per_office_hour * 12, weekend=0.05, source=self.xrng)
            else:
                lcu = self._noise(0.004, source=self.xrng)
            for usage_type, unit, price, what, quantity in (
                ("LoadBalancerUsage", "Hours", p.ALB_HOUR, "Application LoadBalancer-hour", None),
                (
                    "LCUUsage",
                    "LCU-Hrs",
                    p.ALB_LCU_HOUR,
                    "used Application load balancer capacity unit-hour",
                    lcu,
                ),
            ):
                self._meter(
                    acct,
                    "Elastic Load Balancing",
                    TOKYO,
                    usage_type=usage_type,
                    operation="LoadBalancing:Application",
                    unit=unit,
                    price=price,
                    description=f"${dec(price)} per {what} (or partial hour)",
                    subcategory="Application Networking",
                    quantity=quantity or self._per_day(Decimal(24), acct.days),
                    resource_id=lb.id,
                    resource_name=lb.name,
                    resource_type="loadbalancer",
                    tags={**system_tags, "user:Name": lb.name},
                )

    @staticmethod
    def _per_day(amount: Decimal, days: range | None = None) -> Quantity:
        def quantity(i: int, day: dt.date, days_in_month: int) -> Decimal:
            return amount if days is None or i in days else ZERO

        return quantity

    def _account_meters(self, acct: Account) -> None:
        for inst in acct.instances:
            self._instance_meters(acct, inst)
        tokyo = p.REGIONS[TOKYO][0]
        system_tags = {"user:System": acct.system.id} if acct.system else {}
        self._snapshot_meters(acct)
        self._network_meters(acct, system_tags)
        if acct.nat_id:
            nat_tags = {**system_tags, "user:Name": f"{acct.name}-natgw"}
            self._meter(
                acct,
                "Amazon Elastic Compute Cloud",
                TOKYO,
                usage_type="NatGateway-Hours",
                operation="NatGateway",
                unit="Hours",
                price=p.NAT_HOUR,
                description=f"${dec(p.NAT_HOUR)} per NAT Gateway Hour",
                subcategory="Network Infrastructure",
                quantity=lambda i, d, n: Decimal(24),
                resource_id=acct.nat_id,
                resource_type="natgateway",
                resource_name=f"{acct.name}-natgw",
                tags=nat_tags,
            )
            self._meter(
                acct,
                "Amazon Elastic Compute Cloud",
                TOKYO,
                usage_type="NatGateway-Bytes",
                operation="NatGateway",
                unit="GB",
                price=p.NAT_GB,
                description=f"${dec(p.NAT_GB)} per GB Data Processed by NAT Gateways",
                subcategory="Network Infrastructure",
                quantity=self._noise(acct.nat_gb_day, weekend=0.15),
                resource_id=acct.nat_id,
                resource_type="natgateway",
                resource_name=f"{acct.name}-natgw",
                tags=nat_tags,
            )
        if acct.bucket:
            self._meter(
                acct,
                "Amazon Simple Storage Service",
                TOKYO,
                usage_type="TimedStorage-ByteHrs",
                operation="StandardStorage",
                unit="GB-Mo",
                price=p.S3_STANDARD_GB_MONTH,
                description=f"${dec(p.S3_STANDARD_GB_MONTH)} per GB - first 50 TB / month of storage used",
                subcategory="Object Storage",
                quantity=self._per_month(Decimal(acct.bucket_gb), acct.days)
                if acct.days is not None
                else self._growing(acct.bucket_gb, acct.bucket_gb * 0.02),
                resource_id=acct.bucket,
                resource_name=acct.bucket,
                resource_type="bucket",
                tags={**system_tags, "user:Name": acct.bucket},
            )
        for db in acct.rds:
            factor = Decimal(2) if db.multi_az else Decimal(1)
            dprice = p.RDS_POSTGRES[db.type] * factor
            sprice = p.RDS_GP2_GB_MONTH * factor
            deploy = "Multi-AZ" if db.multi_az else "Single-AZ"
            rds_tags = {**system_tags, "user:Name": db.name}
            self._meter(
                acct,
                "Amazon Relational Database Service",
                TOKYO,
                usage_type=f"{'Multi-AZUsage' if db.multi_az else 'InstanceUsage'}:{db.type}",
                operation="CreateDBInstance:0014",
                unit="Hours",
                price=dprice,
                description=(
                    f"${dec(dprice)} per RDS {db.type} {deploy} instance hour (or partial hour)"
                    " running PostgreSQL"
                ),
                subcategory="Relational Databases",
                quantity=lambda i, d, n: Decimal(24),
                resource_id=db.id,
                resource_name=db.name,
                resource_type="db",
                tags=rds_tags,
                details={"InstanceType": db.type, "DeploymentOption": deploy},
            )
            self._meter(
                acct,
                "Amazon Relational Database Service",
                TOKYO,
                usage_type=f"RDS:{'Multi-AZ-' if db.multi_az else ''}GP2-Storage",
                operation="CreateDBInstance:0014",
                unit="GB-Mo",
                price=sprice,
                description=(
                    f"${dec(sprice)} per GB-month of provisioned gp2 storage for {deploy} deployments "
                    "running PostgreSQL"
                ),
                subcategory="Relational Databases",
                quantity=self._per_month(Decimal(db.storage_gb)),
                resource_id=db.id,
                resource_name=db.name,
                resource_type="db",
                tags=rds_tags,
            )
        if acct.logs_gb_day:
            self._meter(
                acct,
                "AmazonCloudWatch",
                TOKYO,
                usage_type="DataProcessing-Bytes",
                operation="PutLogEvents",
                unit="GB",
                price=p.CW_LOGS_INGEST_GB,
                description=f"${dec(p.CW_LOGS_INGEST_GB)} per GB custom log data ingested - {tokyo}",
                subcategory="Observability",
                quantity=self._noise(acct.logs_gb_day, weekend=0.4),
                tags=system_tags,
            )
        if acct.logs_forever:
            # Log groups set to never expire: storage grows by every month's ingestion. (Groups
            # with a retention period keep so little that the demo leaves their storage out.)
            self._meter(
                acct,
                "AmazonCloudWatch",
                TOKYO,
                usage_type="TimedStorage-ByteHrs",
                operation="HourlyStorageMetering",
                unit="GB-Mo",
                price=p.CW_LOGS_STORAGE_GB_MONTH,
                description=f"${dec(p.CW_LOGS_STORAGE_GB_MONTH)} per GB-mo of log storage - {tokyo}",
                subcategory="Observability",
                quantity=self._growing(acct.logs_gb_day * 30, acct.logs_gb_day * 22),
                tags=system_tags,
            )
        if acct.backup_gb:
            vault = acct.backup_vault
            self._meter(
                acct,
                "AWS Backup",
                TOKYO,
                usage_type="WarmStorage-ByteHrs-EBS",
                operation="Storage",
                unit="GB-Mo",
                price=p.BACKUP_EBS_GB_MONTH,
                description=(
                    f"${dec(p.BACKUP_EBS_GB_MONTH)} per GB-Month of EBS backup warm storage - {tokyo}"
                ),
                subcategory="Backup Storage",
                quantity=self._growing(acct.backup_gb, acct.backup_gb * acct.backup_growth),
                resource_id=vault,
                resource_name="Default",
                resource_type="backup-vault",
                tags=system_tags,
            )
        if acct.replication_gb_day:
            osaka = p.REGIONS[OSAKA][0]
            self._meter(
                acct,
                "AWS Data Transfer",
                TOKYO,
                usage_type="APN3-AWS-Out-Bytes",
                operation="",
                unit="GB",
                price=p.INTER_REGION_GB,
                description=f"${dec(p.INTER_REGION_GB)} per GB - {tokyo} data transfer to {osaka}",
                subcategory="Network Connectivity",
                quantity=self._noise(acct.replication_gb_day, weekend=0.3),
                tags=system_tags,
            )

    # --- writing ------------------------------------------------------------------------
    def month_rows(self, month: dt.date) -> Iterator[str]:
        """The month's lines, CSV-escaped, in the order the export lists them."""
        period = self.period
        end = next_month(month)
        month_static = {
            "BillingPeriodStart": ts(month),
            "BillingPeriodEnd": ts(end),
        }
        days = period.month_days(month)
        n_days = len(days)
        stamps = [ts(period.days[i]) for i in days] + [ts(end)]
        billed: dict[tuple[Account, str], Decimal] = {}
        idx = _IDX
        i_cps, i_cpe = idx["ChargePeriodStart"], idx["ChargePeriodEnd"]
        money_cols = [
            idx[c]
            for c in (
                "BilledCost",
                "EffectiveCost",
                "ListCost",
                "ContractedCost",
                "PricingCurrencyEffectiveCost",
                "ConsumedQuantity",
                "PricingQuantity",
                "CommitmentDiscountQuantity",
            )
        ]
        i_billed, i_eff, i_list, i_con, i_pceff, i_cq, i_pq, i_cdq = money_cols
        for meter in self.meters:
            base = self._template(meter, month_static)
            service = meter.static["ServiceName"]
            key = (meter.account, service)
            total = billed.get(key, ZERO)
            last_q: Decimal | None = None
            for k, i in enumerate(days):
                q = meter.quantity(i, period.days[i], n_days)
                if q == 0:
                    continue
                if q != last_q:
                    # Most meters bill the same quantity every day: format the money once.
                    last_q = q
                    list_cost = q10(q * meter.unit_price)
                    if meter.covered_price is not None:
                        eff = q10(q * meter.covered_price)
                        bill = ZERO
                        base[i_cdq] = dec(eff)
                    else:
                        eff = bill = list_cost
                    base[i_billed] = dec(bill)
                    base[i_eff] = base[i_pceff] = dec(eff)
                    base[i_list] = base[i_con] = dec(list_cost)
                    base[i_cq] = base[i_pq] = dec(q)
                row = base.copy()
                row[i_cps] = stamps[k]
                row[i_cpe] = stamps[k + 1]
                total += bill
                yield ",".join(row)
            billed[key] = total
        yield from self._fee_rows(month, days, billed, month_static)
        yield from self._credit_rows(month, billed, month_static)
        yield from self._tax_rows(month, billed, month_static)

    def _template(self, meter: Meter, month_static: dict[str, str]) -> list[str]:
        row = [""] * len(COLUMNS)
        for k, v in meter.static.items():
            row[_IDX[k]] = csv_field(v)
        for k, v in month_static.items():
            row[_IDX[k]] = csv_field(v)
        row[_IDX["InvoiceId"]] = self.invoice_id(meter.account.payer, month_static["BillingPeriodStart"])
        return row

    @staticmethod
    def invoice_id(payer: Payer, month: str) -> str:
        return f"{zlib.crc32((payer.id + month).encode()) % 10**10:010d}"

    def _one_off(
        self, acct: Account, service: str, month: dt.date, month_static: dict[str, str], **cols: str
    ) -> str:
        static = self._base(acct, service, None, None)
        static.update(cols)
        meter = Meter(acct, static, ZERO, lambda i, d, n: ZERO)
        return ",".join(self._template(meter, month_static))

    def _fee_rows(
        self,
        month: dt.date,
        days: range,
        billed: dict[tuple[Account, str], Decimal],
        month_static: dict[str, str],
    ) -> Iterator[str]:
        """The Savings Plans' recurring fee, one row a day in the account that bought the plan."""
        service = "Savings Plans for AWS Compute usage"
        for acct in self.landscape.accounts:
            if not acct.savings_plan_id:
                continue
            hourly = sum(
                (
                    (p.ec2_price(i.type, i.platform) * p.SAVINGS_PLAN_RATE).quantize(Decimal("0.0001"))
                    for i in acct.instances
                    if i.savings_plan
                ),
                ZERO,
            )
            fee = hourly * 24
            total = billed.get((acct, service), ZERO)
            for i in days:
                day = self.period.days[i]
                row = self._one_off(
                    acct,
                    service,
                    month,
                    month_static,
                    ChargeCategory="Purchase",
                    ChargeFrequency="Recurring",
                    ChargeDescription="1 year No Upfront Compute Savings Plan",
                    ChargePeriodStart=ts(day),
                    ChargePeriodEnd=ts(day + dt.timedelta(days=1)),
                    CommitmentDiscountCategory="Spend",
                    CommitmentDiscountId=acct.savings_plan_id,
                    CommitmentDiscountName="Compute Savings Plans 1 year No Upfront",
                    CommitmentDiscountType="Savings Plan",
                    CommitmentDiscountQuantity=dec(fee),
                    CommitmentDiscountUnit="USD",
                    ResourceId=acct.savings_plan_id,
                    ServiceSubcategory="Other (Compute)",
                    SkuId=sku("ComputeSP:1yrNoUpfront"),
                    SkuMeter="ComputeSP:1yrNoUpfront",
                    PricingQuantity="24",
                    PricingUnit="Hours",
                    ListUnitPrice=dec(hourly),
                    ContractedUnitPrice=dec(hourly),
                    BilledCost=dec(fee),
                    ListCost=dec(fee),
                    ContractedCost=dec(fee),
                    EffectiveCost="0",
                    PricingCurrencyEffectiveCost="0",
                    x_Operation="",
                )
                total += fee
                yield row
            billed[(acct, service)] = total

    def _credit_rows(
        self, month: dt.date, billed: dict[tuple[Account, str], Decimal], month_static: dict[str, str]
    ) -> Iterator[str]:
        """A migration credit, once, in the first month."""
        if month != self.period.start:
            return
        for acct in self.landscape.accounts:
            if not acct.credit:
                continue
            amount = Decimal("-500")
            yield self._one_off(
                acct,
                "Amazon Elastic Compute Cloud",
                month,
                month_static,
                ChargeCategory="Credit",
                ChargeFrequency="One-Time",
                ChargeDescription="AWS Migration Acceleration Program Credit",
                ChargePeriodStart=ts(month),
                ChargePeriodEnd=ts(next_month(month)),
                PricingCategory="Other",
                BilledCost=dec(amount),
                EffectiveCost=dec(amount),
                ListCost=dec(amount),
                ContractedCost=dec(amount),
                PricingCurrencyEffectiveCost=dec(amount),
                ServiceSubcategory="Virtual Machines",
            )

    def _tax_rows(
        self, month: dt.date, billed: dict[tuple[Account, str], Decimal], month_static: dict[str, str]
    ) -> Iterator[str]:
        """Japanese consumption tax, 10 %, one row per account and service for the month."""
        for (acct, service), amount in billed.items():
            if amount <= 0:
                continue
            tax = q10(amount * TAX_RATE)
            code = SERVICES[service][1]
            yield self._one_off(
                acct,
                service,
                month,
                month_static,
                ChargeCategory="Tax",
                ChargeFrequency="Recurring",
                ChargeDescription=f"Tax for product code {code}",
                ChargePeriodStart=ts(month),
                ChargePeriodEnd=ts(next_month(month)),
                PricingCategory="",
                BilledCost=dec(tax),
                EffectiveCost=dec(tax),
                ListCost=dec(tax),
                ContractedCost=dec(tax),
                PricingCurrencyEffectiveCost=dec(tax),
                ServiceSubcategory="Other (" + SERVICES[service][0] + ")",
            )


def write_aws(
    landscape: Landscape, period: Period, hours: dict[str, np.ndarray], out_dir: Path, seed: int
) -> tuple[list[Path], int]:
    """One ``focus-YYYY-MM.csv.gz`` per month; returns the files and the number of rows."""
    bill = AwsBill(landscape, period, hours, seed)
    files = []
    rows = 0
    for month in period.month_starts:
        path = out_dir / f"focus-{month:%Y-%m}.csv.gz"
        rows += write_csv_lines(path, COLUMNS, bill.month_rows(month), gzipped=True)
        files.append(path)
    return files, rows
