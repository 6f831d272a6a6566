"""The inputs `govcost kpi` reads beside the ledger, for the demo: ``baseline.csv`` and ``budget.csv``.

``baseline.csv`` (``municipality_code,fiscal_year,operating_cost_jpy,note``): a fictional operating
cost before migration (FY2018, the national target's reference year) for every municipality,
derived from its demo cost: the year's cost (annualised when the demo is shorter) ÷ a ratio drawn
for it between 1.2 and 3.5 (triangular, mode 2.1, fixed by the seed), rounded to the thousand yen.
So the demo's after ÷ before ratios spread as the 中核市 survey's do (seed 004: ¥338 M before,
¥684 M after on average; mean of ratios 2.3), and the ratio of totals differs from the mean of
ratios because the ratio drawn does not follow size.

``budget.csv`` (``municipality_code,fiscal_year,month,budget_jpy``): a monthly budget per
municipality for the demo's fiscal year, made as budgets are, before the year: the contracted
non-cloud lines of the month plus the municipality's usual cloud fees (the median month), times a
factor of the municipality between 0.95 and 1.05, rounded to the thousand yen. Months with an
unexpected cloud bill (``cost_anomalies``) come out over budget.

The yen of each municipality are summed from the files just written (the cloud exports converted at
the month's rate of ``fx_rates.csv``, cost lines as written), the way the ledger will sum them.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb

from govcost.demo.cost_lines import network_rows, vendor_rows
from govcost.demo.files import write_csv
from govcost.demo.landscape import Landscape
from govcost.demo.timeline import Period

BASELINE_YEAR = 2018
NOTE = "平成30年度 運用経費(デモ用の架空の値)"
THOUSAND = Decimal(1000)
#: month → municipality → yen
Monthly = dict[str, dict[dt.date, Decimal]]


def _thousands(value: Decimal) -> int:
    return int((value / THOUSAND).quantize(Decimal(1), rounding=ROUND_HALF_UP) * THOUSAND)


def cloud_costs(landscape: Landscape, cloud_files: list[Path], fx_rates: Path) -> Monthly:
    """Municipality → month → the cloud fees in yen its accounts are billed (lead municipality for a
    jointly used system, as the account map has it)."""
    owner = {
        a.id: a.system.lead.code
        for a in landscape.accounts
        if a.system is not None and a.resolution in ("map", "tags")
    }
    rates: dict[str, Decimal] = {}
    with fx_rates.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rates[row["month"]] = Decimal(row["jpy_per_unit"])
    out: Monthly = defaultdict(lambda: defaultdict(Decimal))
    if not cloud_files:
        return out
    con = duckdb.connect()
    # A national landscape's files take long enough to read that DuckDB would draw its progress bar.
    con.execute("SET enable_progress_bar = false")
    rows: list[tuple[str, str, Decimal]] = []
    try:
        # One file at a time: reading the whole period of a national landscape at once takes
        # gigabytes of buffers.
        for path in cloud_files:
            name = "'" + str(path).replace("'", "''") + "'"
            rows += con.execute(
                "SELECT SubAccountId, substr(BillingPeriodStart, 1, 7), "
                "sum(CAST(BilledCost AS DECIMAL(38, 10))) "
                f"FROM read_csv({name}, all_varchar = true) GROUP BY ALL"
            ).fetchall()
    finally:
        con.close()
    for account, month, usd in rows:
        code = owner.get(account)
        if code is None:
            continue
        year, mon = map(int, month.split("-"))
        out[code][dt.date(year, mon, 1)] += usd * rates[month]
    return out


def line_costs(landscape: Landscape, period: Period) -> Monthly:
    """Municipality → month → its non-cloud cost lines (software, operations, network, ...)."""
    out: Monthly = defaultdict(lambda: defaultdict(Decimal))
    vendors = sorted({s.package.vendor for s in landscape.systems})
    rows = [r for v in vendors for r in vendor_rows(landscape, period, v)]
    rows += list(network_rows(landscape, period))
    for row in rows:
        year, mon = map(int, str(row[5]).split("-"))
        out[str(row[0])][dt.date(year, mon, 1)] += Decimal(int(str(row[6])))
    return out


def write_kpi_files(
    landscape: Landscape,
    period: Period,
    out_dir: Path,
    cloud_files: list[Path],
    fx_rates: Path,
    seed: int,
) -> tuple[Path, Path]:
    """Write ``baseline.csv`` and ``budget.csv`` into ``out_dir``; returns their paths."""
    cloud = cloud_costs(landscape, cloud_files, fx_rates)
    lines = line_costs(landscape, period)
    rng = random.Random(seed ^ 0xBA5E)
    n = len(period.month_starts)
    baseline_rows = []
    budget_rows = []
    fy = period.fiscal_year
    for m in landscape.municipalities:
        months = period.month_starts
        actual = sum((cloud[m.code][d] + lines[m.code][d] for d in months), Decimal(0))
        ratio = Decimal(str(round(rng.triangular(1.2, 3.5, 2.1), 3)))
        factor = Decimal(str(round(rng.uniform(0.95, 1.05), 3)))
        if actual <= 0:
            continue
        annual = actual * 12 / n
        baseline_rows.append([m.code, str(BASELINE_YEAR), str(_thousands(annual / ratio)), NOTE])
        usual_cloud = Decimal(statistics.median([cloud[m.code][d] for d in months]))
        for d in months:
            planned = (lines[m.code][d] + usual_cloud) * factor
            budget_rows.append([m.code, str(fy), f"{d:%Y-%m}", str(_thousands(planned))])
    baseline = out_dir / "baseline.csv"
    budget = out_dir / "budget.csv"
    write_csv(baseline, ("municipality_code", "fiscal_year", "operating_cost_jpy", "note"), baseline_rows)
    write_csv(budget, ("municipality_code", "fiscal_year", "month", "budget_jpy"), budget_rows)
    return baseline, budget
