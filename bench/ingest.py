"""Ingest benchmark: govcost against DuckDB's own CSV scan and the FinOps Foundation's focus-converter.

For each generated file (AWS CUR legacy CSV and FOCUS 1.2 CSV, one billing period, many accounts):

- govcost: ``Engine(ledger).ingest([file], fx=rates)`` into a fresh ledger;
- raw: DuckDB reading the same CSV and writing it to Parquet, the practical limit of any importer;
- focus-converter (CUR files only): the peer that converts a CUR to FOCUS Parquet.

Each measurement runs in a fresh process; its wall clock and peak memory are what a user would see.
Run it with ``make bench-ingest`` (``BENCH_ARGS="--rows 1000000 --formats focus"`` to narrow it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from govcost.jp.businesses import STANDARD_BUSINESSES
from govcost.jp.codes import known_municipalities

HERE = Path(__file__).resolve().parent
GENERATOR_VERSION = 2
PERIOD_START, PERIOD_END, MONTH = "2025-10-01", "2025-11-01", "2025-10"
USD_JPY = "151.23"
PAYER = "900000000001"
TARGET_RAW_RATIO = 2.0
TARGET_CONVERTER_SPEEDUP = 5.0
PAGE = os.sysconf("SC_PAGE_SIZE")

# --- the generated files ------------------------------------------------------------------------

PRODUCT_FIELDS = (
    "product_code usage_type operation product_name family unit rate instance_type prefix resource_type "
    "service_category service_subcategory sku"
).split()
#: The services a municipal system uses, one row each in the order of PRODUCT_FIELDS (rate in USD).
PRODUCTS = [
    ("AmazonEC2", "BoxUsage:m6i.large", "RunInstances", "Amazon Elastic Compute Cloud", "Compute Instance",
     "Hrs", "0.124", "m6i.large", "i-", "instance", "Compute", "Virtual Machines", "8Q3PJ7MUQW4B2V5R"),
    ("AmazonEC2", "BoxUsage:r6i.xlarge", "RunInstances", "Amazon Elastic Compute Cloud", "Compute Instance",
     "Hrs", "0.304", "r6i.xlarge", "i-", "instance", "Compute", "Virtual Machines", "3XN4UZ8DPA6WCYHE"),
    ("AmazonEC2", "EBS:VolumeUsage.gp3", "CreateVolume-Gp3", "Amazon Elastic Compute Cloud", "Storage",
     "GB-Mo", "0.096", None, "vol-", "volume", "Storage", "Block Storage", "6PQJ2SVE9Y3KDRW7"),
    ("AmazonRDS", "InstanceUsage:db.r6g.large", "CreateDBInstance:0014", "Amazon Relational Database "
     "Service", "Database Instance", "Hrs", "0.313", "db.r6g.large", "db-", "db", "Databases",
     "Relational Databases", "R6GL7D3XKQ2MWZ9A"),
    ("AmazonS3", "TimedStorage-ByteHrs", "StandardStorage", "Amazon Simple Storage Service", "Storage",
     "GB-Mo", "0.025", None, "s3-", "bucket", "Storage", "Object Storage", "S3ST4AND8RD2YQ6P"),
    ("AWSBackup", "WarmStorage-ByteHrs-EBS", "Storage", "AWS Backup", "AWS Backup Storage", "GB-Mo",
     "0.05", None, "rp-", "recovery-point", "Storage", "Backup Storage", "BK9W3R5MSTQ7ZE2N"),
    ("AmazonCloudWatch", "CW:MetricMonitorUsage", "MetricStorage", "AmazonCloudWatch", "Metric",
     "Metrics", "0.3", None, None, None, "Management and Governance", "Observability", "CWM8T2R6QX4PLA9D"),
    ("AWSDataTransfer", "DataTransfer-Out-Bytes", "RunInstances", "AWS Data Transfer", "Data Transfer",
     "GB", "0.114", None, None, None, "Networking", "Network Connectivity", "DT0UT5GB2K8XQW3M"),
    ("AWSELB", "LoadBalancerUsage", "LoadBalancing:Application", "Elastic Load Balancing",
     "Load Balancer-Application", "Hrs", "0.0243", None, "alb-", "loadbalancer", "Networking",
     "Load Balancing", "ELB4APP7HR3QZ2WX"),
    ("AmazonVPC", "NatGateway-Hours", "NatGateway", "Amazon Virtual Private Cloud", "NAT Gateway", "Hrs",
     "0.062", None, "nat-", "natgateway", "Networking", "Network Connectivity", "NATGW6HR2Q9ZX4PD"),
]  # fmt: skip
#: Usage accounts: production and verification for each municipality govcost knows.
ACCOUNTS = [
    {
        "account_id": f"{code}{e}0{code}"[:12],
        "account_name": f"{m.name} {env}",
        "code": code,
        "environment": env,
    }
    for code, m in known_municipalities().items()
    for e, env in enumerate(("本番", "検証"), start=1)
]
HOURS = [dt.datetime.fromisoformat(PERIOD_START) + dt.timedelta(hours=n) for n in range(31 * 24)]


def _iso(ts: dt.datetime, millis: bool = False) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%S") + (".000Z" if millis else "Z")


def _day(ts: dt.datetime) -> str:
    day = ts.replace(hour=0)
    return f"{_iso(day)}/{_iso(day + dt.timedelta(days=1))}"


def _pick(index: str, **columns: Sequence[Any]) -> str:
    """One SQL expression per column, picking its value from a list literal (a lookup without a join)."""
    out = []
    for name, values in columns.items():
        items = ", ".join("NULL" if v is None else "'" + str(v).replace("'", "''") + "'" for v in values)
        out.append(f"[{items}][1 + {index}] AS {name}")
    return ",\n    ".join(out)


def _decimal(units: str, places: int) -> str:
    """An integer count of 10^-places as decimal text (exact, and much cheaper than a DECIMAL cast)."""
    scale = 10**places
    return (
        f"CASE WHEN {units} < 0 THEN '-' ELSE '' END || (abs({units}) // {scale})::VARCHAR || '.' "
        f"|| lpad((abs({units}) % {scale})::VARCHAR, {places}, '0')"
    )


#: The columns that depend only on a row's product, account, hour, resource or region.
LOOKUPS = ",\n    ".join(
    [
        _pick("pi", **{f: [p[k] for p in PRODUCTS] for k, f in enumerate(PRODUCT_FIELDS)}),
        _pick("ai", **{f: [a[f] for a in ACCOUNTS] for f in ACCOUNTS[0]}),
        _pick(
            "hi",
            cur_start=[_iso(h, True) for h in HOURS],
            cur_end=[_iso(h + dt.timedelta(hours=1), True) for h in HOURS],
            focus_start=[_iso(h) for h in HOURS],
            focus_end=[_iso(h + dt.timedelta(hours=1)) for h in HOURS],
            day_interval=[_day(h) for h in HOURS],
        ),
        _pick(f"res % {len(STANDARD_BUSINESSES)}", business=STANDARD_BUSINESSES),
        _pick(
            "osaka",
            region=["ap-northeast-1", "ap-northeast-3"],
            location=["Asia Pacific (Tokyo)", "Asia Pacific (Osaka)"],
            region_prefix=["APN1-", "APN3-"],
        ),
        f"{[int(Decimal(p[6]) * 10_000) for p in PRODUCTS]}[1 + pi] AS rate_units",
    ]
)
#: Every row's product, account, hour, resource, amount and kind come from bits of hash(i): one row
#: in a hundred is a tax line (10 % of a usage cost), one in a thousand a credit, one in ten in Osaka.
#: Amounts are counted in 10^-9, rates in 10^-4 and costs in 10^-10 (rounded half up) as integers.
BASE = f"""
SELECT i, pi, ai, kind, kind = 'Usage' AS u, res,
    {LOOKUPS},
    region || ['a', 'c', 'd'][1 + az_i] AS az,
    region_prefix || usage_type AS usage_type_full,
    md5(i::VARCHAR) || lpad(lower(to_hex(i)), 16, '0') AS line_item_id,
    CASE WHEN unit = 'Hrs' THEN 1000000000 ELSE amount END AS amount_units,
    (amount_units * rate_units + 500) // 1000 AS usage_units,
    CASE kind WHEN 'Tax' THEN (usage_units + 5) // 10 WHEN 'Credit' THEN -usage_units
        ELSE usage_units END AS cost_units,
    {_decimal("cost_units", 10)} AS cost,
    {_decimal("amount_units", 9)} AS quantity,
    {_decimal("rate_units", 4)} AS price,
    CASE WHEN prefix IS NULL OR kind <> 'Usage' THEN NULL
         WHEN prefix = 's3-' THEN 'arn:aws:s3:::gov-' || code || '-' || res
         WHEN prefix = 'db-' THEN 'arn:aws:rds:' || region || ':' || account_id || ':db:db-' || res
         ELSE prefix || lpad(lower(to_hex(ai * 1000 + res)), 17, '0') END AS resource_id,
    'srv-' || code || '-' || lpad(res::VARCHAR, 3, '0') AS resource_name
FROM (
    SELECT i, h % {len(PRODUCTS)} AS pi, (h >> 16) % {len(ACCOUNTS)} AS ai, (h >> 40) % {len(HOURS)} AS hi,
        ((h >> 52) % 10 = 0)::INT AS osaka, (h >> 48) % 3 AS az_i, (h >> 28) % 400 AS res,
        (h >> 8) % 10000000000 AS amount,
        CASE WHEN h % 1000 < 10 THEN 'Tax' WHEN h % 1000 = 10 THEN 'Credit' ELSE 'Usage' END AS kind
    FROM (SELECT i, (hash(i) >> 1)::BIGINT AS h FROM ids)
)
"""

# The legacy CUR header: the columns of the FinOps Foundation's anonymised AWS sample, in its order,
# with the resource id, instance type and cost allocation tags a Government Cloud account also has.
CUR_GROUPS = {
    "identity": "LineItemId TimeInterval",
    "bill": "InvoiceId InvoicingEntity BillingEntity BillType PayerAccountId BillingPeriodStartDate "
    "BillingPeriodEndDate",
    "lineItem": "UsageAccountId LineItemType UsageStartDate UsageEndDate ProductCode UsageType Operation "
    "AvailabilityZone ResourceId UsageAmount NormalizationFactor NormalizedUsageAmount CurrencyCode "
    "UnblendedRate UnblendedCost BlendedRate BlendedCost LineItemDescription TaxType LegalEntity",
    "product": "ProductName availability durability eventType feeCode feeDescription fromLocation "
    "fromLocationType fromRegionCode group groupDescription instanceType location locationType "
    "messageDeliveryFrequency messageDeliveryOrder operation overhead productFamily productType queueType "
    "region regionCode servicecode servicename sku storageClass storageMedia toLocation toLocationType "
    "toRegionCode transferType usagetype version volumeType",
    "pricing": "RateCode RateId currency publicOnDemandCost publicOnDemandRate term unit",
    "reservation": "AmortizedUpfrontCostForUsage AmortizedUpfrontFeeForBillingPeriod EffectiveCost EndTime "
    "ModificationStatus NormalizedUnitsPerReservation NumberOfReservations RecurringFeeForUsage StartTime "
    "SubscriptionId TotalReservedNormalizedUnits TotalReservedUnits UnitsPerReservation "
    "UnusedAmortizedUpfrontFeeForBillingPeriod UnusedNormalizedUnitQuantity UnusedQuantity "
    "UnusedRecurringFee UpfrontValue",
    "savingsPlan": "TotalCommitmentToDate SavingsPlanARN SavingsPlanRate UsedCommitment "
    "SavingsPlanEffectiveCost AmortizedUpfrontCommitmentForBillingPeriod RecurringCommitmentForBillingPeriod",
    "resourceTags": "user:Name user:municipality_code user:business user:environment",
}
CUR_COLUMNS = [f"{group}/{name}" for group, names in CUR_GROUPS.items() for name in names.split()]
CUR_VALUES = {
    "identity/LineItemId": "line_item_id",
    "identity/TimeInterval": "day_interval",
    "bill/InvoiceId": f"'{MONTH.replace('-', '')}0001'",
    "bill/InvoicingEntity": "'Amazon Web Services Japan G.K.'",
    "bill/BillingEntity": "'AWS'",
    "bill/BillType": "'Anniversary'",
    "bill/PayerAccountId": f"'{PAYER}'",
    "bill/BillingPeriodStartDate": f"'{PERIOD_START}T00:00:00.000Z'",
    "bill/BillingPeriodEndDate": f"'{PERIOD_END}T00:00:00.000Z'",
    "lineItem/UsageAccountId": "account_id",
    "lineItem/LineItemType": "kind",
    "lineItem/UsageStartDate": f"CASE WHEN u THEN cur_start ELSE '{PERIOD_START}T00:00:00.000Z' END",
    "lineItem/UsageEndDate": f"CASE WHEN u THEN cur_end ELSE '{PERIOD_END}T00:00:00.000Z' END",
    "lineItem/ProductCode": "product_code",
    "lineItem/UsageType": "CASE WHEN u THEN usage_type_full END",
    "lineItem/Operation": "CASE WHEN u THEN operation END",
    "lineItem/AvailabilityZone": "CASE WHEN u AND prefix IN ('i-', 'vol-') THEN az END",
    "lineItem/ResourceId": "resource_id",
    "lineItem/UsageAmount": "quantity",
    "lineItem/CurrencyCode": "'USD'",
    "lineItem/UnblendedRate": "CASE WHEN u THEN price END",
    "lineItem/UnblendedCost": "cost",
    "lineItem/BlendedRate": "CASE WHEN u THEN price END",
    "lineItem/BlendedCost": "cost",
    "lineItem/LineItemDescription": """CASE kind WHEN 'Tax' THEN 'Tax for product code ' || product_code
        WHEN 'Credit' THEN 'AWS Credit' ELSE '$' || price || ' per ' || unit || ' of ' || usage_type END""",
    "lineItem/TaxType": "CASE kind WHEN 'Tax' THEN 'Japanese Consumption Tax' END",
    "lineItem/LegalEntity": "'Amazon Web Services Japan G.K.'",
    "product/ProductName": "product_name",
    "product/instanceType": "CASE WHEN u THEN instance_type END",
    "product/location": "CASE WHEN u THEN location END",
    "product/locationType": "CASE WHEN u THEN 'AWS Region' END",
    "product/productFamily": "CASE WHEN u THEN family END",
    "product/region": "CASE WHEN u THEN region END",
    "product/regionCode": "CASE WHEN u THEN region END",
    "product/servicecode": "CASE WHEN u THEN product_code END",
    "product/servicename": "CASE WHEN u THEN product_name END",
    "product/sku": "CASE WHEN u THEN sku END",
    "product/usagetype": "CASE WHEN u THEN usage_type_full END",
    "pricing/RateCode": "CASE WHEN u THEN sku || '.JRTCKXETXF.6YS6EN2CT7' END",
    "pricing/RateId": "CASE WHEN u THEN (40000000 + pi)::VARCHAR END",
    "pricing/currency": "CASE WHEN u THEN 'USD' END",
    "pricing/publicOnDemandCost": "CASE WHEN u THEN cost ELSE '0' END",
    "pricing/publicOnDemandRate": "CASE WHEN u THEN price END",
    "pricing/term": "CASE WHEN u THEN 'OnDemand' END",
    "pricing/unit": "CASE WHEN u THEN unit END",
    "resourceTags/user:Name": "CASE WHEN u THEN resource_name END",
    "resourceTags/user:municipality_code": "CASE WHEN u THEN code END",
    "resourceTags/user:business": "CASE WHEN u THEN business END",
    "resourceTags/user:environment": "CASE WHEN u THEN environment END",
}
FOCUS_VALUES = {
    "AvailabilityZone": "CASE WHEN u AND prefix IN ('i-', 'vol-') THEN az END",
    "BilledCost": "cost",
    "BillingAccountId": f"'{PAYER}'",
    "BillingAccountName": "'ガバメントクラウド 支払アカウント'",
    "BillingAccountType": "'Billing Account'",
    "BillingCurrency": "'USD'",
    "BillingPeriodEnd": f"'{PERIOD_END}T00:00:00Z'",
    "BillingPeriodStart": f"'{PERIOD_START}T00:00:00Z'",
    "CapacityReservationId": "NULL",
    "CapacityReservationStatus": "NULL",
    "ChargeCategory": "kind",
    "ChargeClass": "NULL",
    "ChargeDescription": "CASE kind WHEN 'Tax' THEN 'Japanese Consumption Tax' "
    "WHEN 'Credit' THEN 'AWS Credit' ELSE '$' || price || ' per ' || unit || ' of ' || usage_type END",
    "ChargeFrequency": "CASE kind WHEN 'Usage' THEN 'Usage-Based' WHEN 'Tax' THEN 'Recurring' "
    "ELSE 'One-Time' END",
    "ChargePeriodEnd": f"CASE WHEN u THEN focus_end ELSE '{PERIOD_END}T00:00:00Z' END",
    "ChargePeriodStart": f"CASE WHEN u THEN focus_start ELSE '{PERIOD_START}T00:00:00Z' END",
    "CommitmentDiscountCategory": "NULL",
    "CommitmentDiscountId": "NULL",
    "CommitmentDiscountName": "NULL",
    "CommitmentDiscountQuantity": "NULL",
    "CommitmentDiscountStatus": "NULL",
    "CommitmentDiscountType": "NULL",
    "CommitmentDiscountUnit": "NULL",
    "ConsumedQuantity": "CASE WHEN u THEN quantity END",
    "ConsumedUnit": "CASE WHEN u THEN unit END",
    "ContractedCost": "cost",
    "ContractedUnitPrice": "CASE WHEN u THEN price END",
    "EffectiveCost": "cost",
    "InvoiceId": f"'{MONTH.replace('-', '')}0001'",
    "InvoiceIssuerName": "'Amazon Web Services Japan G.K.'",
    "ListCost": "CASE WHEN u THEN cost ELSE '0' END",
    "ListUnitPrice": "CASE WHEN u THEN price END",
    "PricingCategory": "CASE WHEN u THEN 'Standard' END",
    "PricingCurrency": "'USD'",
    "PricingCurrencyContractedUnitPrice": "CASE WHEN u THEN price END",
    "PricingCurrencyEffectiveCost": "cost",
    "PricingCurrencyListUnitPrice": "CASE WHEN u THEN price END",
    "PricingQuantity": "CASE WHEN u THEN quantity END",
    "PricingUnit": "CASE WHEN u THEN unit END",
    "ProviderName": "'Amazon Web Services'",
    "PublisherName": "'Amazon Web Services'",
    "RegionId": "region",
    "RegionName": "location",
    "ResourceId": "resource_id",
    "ResourceName": "CASE WHEN u AND prefix IS NOT NULL THEN resource_name END",
    "ResourceType": "CASE WHEN u THEN resource_type END",
    "ServiceCategory": "service_category",
    "ServiceName": "product_name",
    "ServiceSubcategory": "service_subcategory",
    "SkuId": "CASE WHEN u THEN sku END",
    "SkuMeter": "CASE WHEN u THEN usage_type END",
    "SkuPriceDetails": "NULL",
    "SkuPriceId": "CASE WHEN u THEN sku || '.JRTCKXETXF.6YS6EN2CT7' END",
    "SubAccountId": "account_id",
    "SubAccountName": "account_name",
    "SubAccountType": "'Linked Account'",
    "Tags": """CASE WHEN u THEN '{"Name":"' || resource_name || '","municipality_code":"' || code
        || '","business":"' || business || '","environment":"' || environment || '"}' END""",
}


def _select(values: dict[str, str], columns: list[str]) -> str:
    cols = ",\n    ".join(f'{values.get(c, "NULL")} AS "{c}"' for c in columns)
    return f"SELECT {cols}\nFROM ({BASE})"


FORMATS = {
    "cur": ("AWS CUR (legacy) CSV", _select(CUR_VALUES, CUR_COLUMNS)),
    "focus": ("FOCUS 1.2 CSV", _select(FOCUS_VALUES, list(FOCUS_VALUES))),
}


def generate(fmt: str, rows: int, data_dir: Path) -> tuple[Path, float | None]:
    """The file for (format, rows), generated unless an earlier run left it; and how long that took."""
    path = data_dir / f"{fmt}-{rows}-v{GENERATOR_VERSION}.csv"
    if path.exists():
        return path, None
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    start = time.perf_counter()
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        con.execute("SET preserve_insertion_order = false")
        # A table, unlike range(), is scanned by every thread.
        con.execute(f"CREATE TEMP TABLE ids AS SELECT range AS i FROM range({rows})")
        con.execute(f"COPY ({FORMATS[fmt][1]}) TO '{tmp}' (FORMAT csv, HEADER true)")
    tmp.rename(path)
    return path, time.perf_counter() - start


# --- measuring a process ------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    #: The larger of the two below.
    peak_mb: float
    #: The peak resident memory of the largest process (the kernel's figure).
    process_peak_mb: float
    #: Resident memory summed over the process group, sampled twice a second (shared pages count twice).
    group_peak_mb: float
    ok: bool
    error: str | None = None
    output: str = ""


def _group_usage(pgid: int) -> tuple[float, int]:
    """(resident MB, CPU ticks) summed over the live processes of one process group."""
    rss = ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid:
            ticks += int(fields[11]) + int(fields[12])
            rss += int(fields[21]) * PAGE
    return rss / 2**20, ticks


def measure(
    cmd: list[str],
    timeout: float,
    mem_limit_mb: float,
    idle_limit: float = 120.0,
    env: dict[str, str] | None = None,
) -> Run:
    """Run ``cmd`` in its own process group: wall clock, peak memory, and a kill if it runs away.

    Peak memory is the larger of the process's own peak RSS (from the kernel, exact) and the sampled
    sum over its process group (for tools that fork workers). A group that uses no CPU for
    ``idle_limit`` seconds has hung (focus-converter does after an error) and is stopped. ``env``
    adds to this process's environment.
    """
    out_path, err_path = (Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-{os.getpid()}.{s}" for s in "12")
    reason: list[str] = []
    sampled = [0.0]
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=err,
            start_new_session=True,
            env={**os.environ, "COLUMNS": "200", "PYTHONUNBUFFERED": "1", **(env or {})},
        )
        done = threading.Event()

        def watch() -> None:
            last_ticks, last_busy = -1, time.perf_counter()
            while not done.wait(0.5):
                rss, ticks = _group_usage(proc.pid)
                sampled[0] = max(sampled[0], rss)
                now = time.perf_counter()
                if ticks != last_ticks:
                    last_ticks, last_busy = ticks, now
                if now - start > timeout:
                    reason.append(f"stopped after the {timeout:.0f} s time limit")
                elif rss > mem_limit_mb:
                    reason.append(f"stopped at {rss:.0f} MB, above the {mem_limit_mb:.0f} MB limit")
                elif now - last_busy > idle_limit:
                    reason.append(f"hung (no CPU use for {idle_limit:.0f} s), stopped")
                if reason:
                    with suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        watcher.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # workers a failed main process left behind
    output, stderr = (p.read_text(errors="replace") for p in (out_path, err_path))
    out_path.unlink()
    err_path.unlink()
    ok = proc.returncode == 0 and not reason
    error = None
    if not ok:
        error = "; ".join([*reason, f"exit code {proc.returncode}", last_error(stderr)])
    peak = usage.ru_maxrss / 1024
    return Run(seconds, max(peak, sampled[0]), peak, sampled[0], ok, error, output)


def last_error(stderr: str) -> str:
    """The exception a traceback ends with (wrapped lines joined), or the last lines of the output."""
    lines = [ln.strip(" │╭╮╰╯─") for ln in stderr.splitlines()]
    lines = [ln for ln in lines if ln]
    starts = [i for i, ln in enumerate(lines) if re.match(r"^[\w.]+(Error|Exception|Exit)\b.*:", ln)]
    return " ".join(lines[starts[-1] if starts else -3 :])[:800]


STAGE_NAMES = {"start": "ledger+FX+hash"}
GOVCOST_CHILD = """
import json, sys, time
from pathlib import Path
from typing import Any
start = time.perf_counter()
from govcost.engine import Engine
loaded = time.perf_counter()
file, marks = Path(sys.argv[1]), [("start", loaded)]
def progress(*args):
    if len(args) == 1 or Path(args[0]) == file:
        marks.append((str(args[-1]), time.perf_counter()))
with Engine(Path(sys.argv[2])) as engine:
    report = engine.ingest([file], fx=Path(sys.argv[3]), progress=progress)[-1]
end = time.perf_counter()
stages = [(a, round(t2 - t1, 3)) for (a, t1), (_, t2) in zip(marks, marks[1:] + [("end", end)])]
print(json.dumps({"import_s": loaded - start, "ingest_s": end - loaded, "stages": stages,
                  "status": report.status, "format": report.format, "rows": report.rows_stored,
                  "reconciled": report.reconciled, "unassigned_rows": report.unassigned_rows,
                  "totals": {t.currency: str(t.ledger) for t in report.totals}}))
"""
RAW_CHILD = """
import sys, duckdb
src, dst = (a.replace("'", "''") for a in sys.argv[1:3])
duckdb.connect().execute(f"COPY (SELECT * FROM read_csv('{src}')) TO '{dst}' (FORMAT parquet)")
"""
PARQUET_ROWS = """
import sys, pyarrow.dataset as ds
print(ds.dataset(sys.argv[1], format="parquet").count_rows())
"""


def fresh(path: Path) -> Path:
    """``path`` with nothing at it."""
    if path.is_dir():
        shutil.rmtree(path)
    path.unlink(missing_ok=True)
    return path


def record(run: Run, **extra: object) -> dict:
    return {k: v for k, v in asdict(run).items() if k != "output"} | extra


def run_raw(path: Path, work: Path, args: argparse.Namespace) -> dict:
    target = fresh(work / "raw.parquet")
    run = measure([sys.executable, "-c", RAW_CHILD, str(path), str(target)], args.timeout, args.mem_limit_mb)
    fresh(target)
    return record(run)


def run_govcost(path: Path, rows: int, work: Path, fx: Path, args: argparse.Namespace) -> dict:
    ledger = fresh(work / "ledger")
    cmd = [sys.executable, "-c", GOVCOST_CHILD, str(path), str(ledger), str(fx)]
    run = measure(cmd, args.timeout, args.mem_limit_mb)
    fresh(ledger)
    if not run.ok:
        return record(run)
    detail = json.loads(run.output.strip().splitlines()[-1])
    if detail["rows"] != rows or not detail["reconciled"]:
        run.ok, run.error = (
            False,
            f"stored {detail['rows']} of {rows} rows, reconciled: {detail['reconciled']}",
        )
    return record(run, **detail)


def run_converter(path: Path, rows: int, work: Path, args: argparse.Namespace) -> dict:
    """focus-converter on a legacy CUR: its ``aws-cur`` provider reads ``lineItem/...`` headers (``aws``
    expects CUR 2.0 names), and ``--data-path`` must name the file itself."""
    converter = os.environ.get("GOVCOST_FOCUS_CONVERTER")
    if not converter:
        return {"ok": False, "error": "GOVCOST_FOCUS_CONVERTER not set (run it with make bench-ingest)"}
    export = fresh(work / "focus-converter")
    options = "--provider aws-cur --data-format csv --export-format parquet".split()
    cmd = [converter, "convert", *options, "--data-path", str(path), "--export-path", f"{export}/"]
    run = measure(cmd, args.converter_timeout, args.mem_limit_mb)
    written = None
    if run.ok:
        count = measure([sys.executable, "-c", PARQUET_ROWS, str(export)], args.timeout, args.mem_limit_mb)
        written = int(count.output) if count.ok else None
        if written != rows:
            run.ok, run.error = False, f"wrote {written} of {rows} rows"
    fresh(export)
    return record(run, rows=written)


def _fastest(runs: list[dict]) -> dict:
    """The fastest successful run, or the first failure when none succeeded."""
    ok = [r for r in runs if r["ok"]]
    return min(ok, key=lambda r: r["seconds"]) if ok else runs[0]


def bench_file(path: Path, fmt: str, rows: int, work: Path, fx: Path, args: argparse.Namespace) -> dict:
    result: dict = {"file": path.name, "format": fmt, "rows": rows, "size_mb": path.stat().st_size / 2**20}
    # Raw scan and govcost alternate, and each keeps its fastest run: on a small machine one
    # disturbed run would otherwise decide the ratio.
    repeat = args.repeat if args.repeat is not None else (3 if rows <= 2_000_000 else 1)
    raws, govs = [], []
    for _ in range(repeat):
        raws.append(run_raw(path, work, args))
        govs.append(run_govcost(path, rows, work, fx, args))
    result["raw"] = raw = _fastest(raws)
    result["govcost"] = gov = _fastest(govs)
    result["runs"] = {"raw": [r["seconds"] for r in raws], "govcost": [g["seconds"] for g in govs]}
    result["ratio_to_raw"] = gov["seconds"] / raw["seconds"] if gov["ok"] and raw["ok"] else None
    if fmt == "cur" and not args.no_converter:
        result["converter"] = conv = run_converter(path, rows, work, args)
        result["converter_speedup"] = conv["seconds"] / gov["seconds"] if conv["ok"] and gov["ok"] else None
    return result


# --- report -------------------------------------------------------------------------------------


def _num(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def _met(value: float | None, ok: bool) -> str:
    return "—" if value is None else ("yes" if ok else "NO")


def _seconds(run: dict | None) -> str:
    if run is None:
        return "—"
    return format(run["seconds"], ".1f") if run.get("ok") else "failed"


#: (heading, width, cell): one column of the printed table.
COLUMNS = [
    ("file", -22, lambda r: r["file"]),
    ("rows", 11, lambda r: f"{r['rows']:,}"),
    ("govcost s", 9, lambda r: _seconds(r["govcost"])),
    (
        "rows/s",
        9,
        lambda r: _num(r["rows"] / r["govcost"]["seconds"] if r["govcost"]["ok"] else None, ",.0f"),
    ),
    ("peak MB", 7, lambda r: _num(r["govcost"]["peak_mb"], ".0f")),
    ("raw s", 6, lambda r: _seconds(r["raw"])),
    ("÷ raw", 5, lambda r: _num(r["ratio_to_raw"], ".2f")),
    (
        f"≤ {TARGET_RAW_RATIO:g}",
        4,
        lambda r: _met(r["ratio_to_raw"], (r["ratio_to_raw"] or 0) <= TARGET_RAW_RATIO),
    ),
    ("f-c s", 7, lambda r: _seconds(r.get("converter"))),
    ("f-c MB", 6, lambda r: _num(r.get("converter", {}).get("peak_mb"), ".0f")),
    ("× f-c", 5, lambda r: _num(r.get("converter_speedup"), ".1f")),
    (
        f"≥ {TARGET_CONVERTER_SPEEDUP:g}",
        4,
        lambda r: _met(
            r.get("converter_speedup"), (r.get("converter_speedup") or 0) >= TARGET_CONVERTER_SPEEDUP
        ),
    ),
]


def table_lines(results: list[dict], head: bool = True) -> list[str]:
    def row(cells: list[str]) -> str:
        return " ".join(
            f"{c:<{-w}}" if w < 0 else f"{c:>{w}}" for c, (_, w, _) in zip(cells, COLUMNS, strict=True)
        )

    lines = [row([h for h, _, _ in COLUMNS])] if head else []
    if head:
        lines.append("-" * len(lines[0]))
    return lines + [row([cell(r) for _, _, cell in COLUMNS]) for r in results]


def notes(results: list[dict]) -> list[str]:
    """Failures with their errors, and where govcost's time went."""
    out = []
    for r in results:
        for name in ("govcost", "raw", "converter"):
            run = r.get(name)
            if run is not None and not run.get("ok"):
                out.append(f"{r['file']}: {name} failed: {run.get('error')}")
        stages = r["govcost"].get("stages")
        if stages:
            parts = ", ".join(f"{STAGE_NAMES.get(n, n)} {t:.1f}" for n, t in stages if n != "done")
            out.append(f"{r['file']}: govcost stages (s): {parts}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--formats", nargs="+", choices=list(FORMATS), default=list(FORMATS))
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--timeout", type=float, default=3600, help="limit per govcost / raw run, seconds")
    parser.add_argument("--converter-timeout", type=float, default=1200, help="limit per focus-converter run")
    total_gb = os.sysconf("SC_PHYS_PAGES") * PAGE / 2**30
    parser.add_argument(
        "--mem-limit-gb",
        type=float,
        default=round(total_gb * 0.75, 1),
        help="stop a run whose processes hold more memory than this",
    )
    parser.add_argument("--no-converter", action="store_true", help="skip focus-converter")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="runs of govcost and of the raw scan, fastest kept (default 3 up to 2 M rows, else 1)",
    )
    args = parser.parse_args()
    args.mem_limit_mb = args.mem_limit_gb * 1024

    work = args.out / "work"
    work.mkdir(parents=True, exist_ok=True)
    fx = args.out / "fx-rates.csv"
    fx.write_text(f"month,currency,jpy_per_unit\n{MONTH},USD,{USD_JPY}\n", encoding="utf-8")
    print(
        f"{os.cpu_count()} CPUs, {total_gb:.1f} GB RAM, duckdb {duckdb.__version__}, memory limit "
        f"{args.mem_limit_gb} GB; files in {args.out / 'data'}",
        flush=True,
    )

    machine = {
        "cpus": os.cpu_count(),
        "ram_gb": round(total_gb, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
    }
    targets = {"ratio_to_raw": TARGET_RAW_RATIO, "converter_speedup": TARGET_CONVERTER_SPEEDUP}
    saved = args.out / "ingest-results.json"
    results: list[dict] = []
    for rows in args.rows:
        for fmt in args.formats:
            path, took = generate(fmt, rows, args.out / "data")
            size = path.stat().st_size / 2**20
            made = f"generated in {took:.1f} s" if took is not None else "reused"
            print(f"{path.name}: {FORMATS[fmt][0]}, {rows:,} rows, {size:,.0f} MB, {made}", flush=True)
            results.append(bench_file(path, fmt, rows, work, fx, args) | {"generate_s": took})
            print(table_lines(results[-1:], head=False)[0], flush=True)
            report = {"machine": machine, "targets": targets, "results": results}
            saved.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    print()
    print("\n".join([*table_lines(results), "", *notes(results)]))
    print(
        f"÷ raw: govcost s ÷ DuckDB's CSV→Parquet s (target ≤ {TARGET_RAW_RATIO:g}); "
        f"× f-c: focus-converter s ÷ govcost s (target ≥ {TARGET_CONVERTER_SPEEDUP:g})"
    )
    print(f"results: {saved}")


if __name__ == "__main__":
    main()
