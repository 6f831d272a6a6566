"""The realistic sample data set: what `govcost demo` imports, and what tests and rules can rely on.

``generate()`` writes, under one directory::

    accounts.csv                    the account map (most accounts; a few are left to tags, one to nobody)
    fx_rates.csv                    USD → JPY, one rate a month
    aws/focus-YYYY-MM.csv.gz        AWS Data Exports, FOCUS 1.2 with AWS columns, daily rows
    azure/focus-1.0-FROM_TO.csv     Microsoft Cost Management, FOCUS 1.0, daily rows, the whole period
    cost_lines/vendor-X.xlsx        software, operations, equipment: the cost-line template, per vendor
    cost_lines/carrier-network.csv  connection lines, the same template, in CP932
    metrics/ec2-YYYY-MM.parquet     hourly CPU and memory and daily network bytes of every EC2
                                    instance, daily GB in use of every EBS volume
    optimize.yaml                   the settings `govcost optimize` reads (working hours, the
                                    non-functional requirement, log retention), in Japanese
    allocation.yaml                 the rules `govcost allocate` splits each jointly used system's
                                    cloud fees among its members by (demo/allocation_file.py)
    baseline.csv, budget.csv        the operating cost before migration and the monthly budget
                                    `govcost kpi` reads (demo/kpi_files.py)
    scenarios/*.yaml                the what-if scenarios `govcost scenario` runs: the 23 wards'
                                    joint procurement, the 住記系 consolidation, the dollar at
                                    160 yen (demo/scenario_files.py)
    manifest.json                   what was written, and where the landscape's problems are
                                    (``scenarios``: scenario → the ids that carry it)

With ``national=True`` (`govcost demo --national`) the municipalities are the 1,741 of the national
list (demo/national.py) instead of the 23 wards and 八王子市; small ones share their systems in joint
groups; two more files are written::

    municipalities.csv              the 1,788 local governments of the list (``synthetic`` = 1: a
                                    made-up entry)
    populations.csv                 their populations, which allocation.yaml names

Every cost and metrics file is written in chunks (the metrics of 1,000 instances at a time), so the
national landscape at any scale is never held in memory row by row.

The same arguments give byte-identical files.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from govcost.demo.allocation_file import joint_members, write_allocation
from govcost.demo.aws import write_aws
from govcost.demo.azure import write_azure
from govcost.demo.cost_lines import write_cost_lines
from govcost.demo.files import write_csv
from govcost.demo.kpi_files import write_kpi_files
from govcost.demo.landscape import Landscape, build
from govcost.demo.metrics import running_hours, write_metrics
from govcost.demo.national import (
    joint_groups,
    national_list,
    national_municipalities,
    write_list,
    write_populations,
)
from govcost.demo.scenario_files import write_scenario_files
from govcost.demo.settings import write_settings
from govcost.demo.timeline import Period
from govcost.errors import UsageError
from govcost.jp.codes import Municipality, known_municipalities

MAX_MONTHS = 36
#: `govcost demo`'s months and scale when not given: a year of the 24 municipalities, and for
#: `--national` one month of the 住記系 of the 1,741 (about 0.5 M cost rows, under a minute to write).
DEFAULT_SIZE = (12, 1.0)
NATIONAL_DEFAULT_SIZE = (1, 0.25)
#: Instances whose metrics the national demo makes at once.
NATIONAL_METRICS_BATCH = 1_000
ACCOUNT_COLUMNS = (
    "provider",
    "account_id",
    "municipality_code",
    "business",
    "environment",
    "system_id",
    "usage",
)
#: Files generate() owns in its directory, removed before it writes (a smaller run leaves none behind).
OWNED = (
    "accounts.csv",
    "fx_rates.csv",
    "manifest.json",
    "optimize.yaml",
    "baseline.csv",
    "budget.csv",
    "allocation.yaml",
    "aws/focus-*.csv.gz",
    "azure/focus-1.0-*.csv",
    "cost_lines/vendor-*.xlsx",
    "cost_lines/carrier-network.csv",
    "metrics/ec2-*.parquet",
    "scenarios/joint-procurement-23ku.yaml",
    "scenarios/consolidation-juki.yaml",
    "scenarios/fx-160.yaml",
    "municipalities.csv",
    "populations.csv",
)

#: (the file or directory being written, steps done, steps in all)
Step = Callable[[str, int, int], None]


@dataclass
class DemoManifest:
    """The files written and the facts of the landscape behind them."""

    out_dir: Path
    seed: int
    fiscal_year: int
    months: list[str]
    scale: float
    municipalities: list[str]
    accounts: Path
    fx_rates: Path
    aws_files: list[Path]
    azure_files: list[Path]
    cost_line_files: list[Path]
    metrics_files: list[Path]
    #: The settings file for `govcost optimize` (optimize.yaml).
    settings: Path
    rows: dict[str, int]
    cloud_accounts: int
    mapped_accounts: int
    systems: int
    instances: int
    scenarios: dict[str, list[str]] = field(default_factory=dict)
    #: The inputs of `govcost kpi` (demo/kpi_files.py), relative to out_dir.
    baseline: str = "baseline.csv"
    budget: str = "budget.csv"
    #: The allocation rules for `govcost allocate` (allocation.yaml), one per jointly used system.
    allocation: Path | None = None
    #: Jointly used system → its members' codes, the lead municipality (幹事団体) first.
    joint_members: dict[str, list[str]] = field(default_factory=dict)
    #: The scenario files for `govcost scenario` (demo/scenario_files.py), relative to out_dir.
    scenario_files: list[str] = field(default_factory=list)
    #: The national landscape (`--national`) and its list of local governments, relative to out_dir.
    national: bool = False
    municipality_list: str | None = None

    @property
    def cost_files(self) -> list[Path]:
        """Every file of costs, in the order they are imported."""
        return [*self.aws_files, *self.azure_files, *self.cost_line_files]

    @property
    def files(self) -> list[Path]:
        return [self.accounts, self.fx_rates, *self.cost_files, *self.metrics_files, self.settings]

    def to_json(self) -> str:
        def rel(p: Path) -> str:
            return p.relative_to(self.out_dir).as_posix()

        data = asdict(self)
        data.pop("out_dir")
        for key in ("accounts", "fx_rates", "settings"):
            data[key] = rel(getattr(self, key))
        for key in ("aws_files", "azure_files", "cost_line_files", "metrics_files"):
            data[key] = [rel(p) for p in getattr(self, key)]
        if self.allocation is not None:
            data["allocation"] = rel(self.allocation)
        if not self.national:
            # The default demo's manifest stays as it was before the national landscape existed.
            del data["national"], data["municipality_list"]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def check_arguments(municipalities: int | None, months: int, scale: float, national: bool = False) -> None:
    available = len(known_municipalities())
    if national and municipalities is not None:
        raise UsageError("demo.national_municipalities")
    if municipalities is not None and not 1 <= municipalities <= available:
        raise UsageError("demo.bad_municipalities", requested=municipalities, available=available)
    if not 1 <= months <= MAX_MONTHS:
        raise UsageError("demo.bad_months", requested=months, max=MAX_MONTHS)
    if not scale > 0:
        raise UsageError("demo.bad_scale", requested=scale)


def _clean(out_dir: Path) -> None:
    for pattern in OWNED:
        for path in out_dir.glob(pattern):
            path.unlink()


def write_accounts(landscape: Landscape, path: Path) -> int:
    rows = []
    for acct in landscape.accounts:
        if acct.resolution != "map" or acct.system is None:
            continue
        system = acct.system
        rows.append(
            [
                acct.provider,
                acct.id,
                system.lead.code,
                system.business,
                acct.environment,
                system.id,
                system.usage,
            ]
        )
    return write_csv(path, ACCOUNT_COLUMNS, rows)


def write_fx(period: Period, path: Path, seed: int) -> int:
    """A monthly USD rate that wanders between 140 and 160 yen, as it did in 2024–2025."""
    rng = random.Random(seed ^ 0xF0)
    rate = 146.0 + rng.uniform(-3, 3)
    rows = []
    for month in period.month_starts:
        rate = min(159.5, max(140.5, rate + rng.gauss(0, 2.4)))
        rows.append([f"{month:%Y-%m}", "USD", str(Decimal(str(round(rate, 2))).quantize(Decimal("0.01")))])
    return write_csv(path, ("month", "currency", "jpy_per_unit"), rows)


def generate(
    out_dir: Path | str,
    municipalities: int | None = None,
    months: int = 12,
    scale: float = 1.0,
    seed: int = 42,
    fiscal_year: int = 2025,
    progress: Step | None = None,
    national: bool = False,
    metrics_share: float = 1.0,
    metrics_months: int | None = None,
) -> DemoManifest:
    """Write the sample data set into ``out_dir``; the same arguments give the same bytes.

    ``municipalities``: the first so many of the 24 (all when None); ``national``: the 1,741 of the
    national list instead (and ``municipalities`` must be None). ``metrics_share`` of the instances
    report metrics, for the last ``metrics_months`` months only (None: every month): ways for a
    benchmark to keep the metric rows of a large landscape within bounds."""
    check_arguments(municipalities, months, scale, national)
    if not 0 < metrics_share <= 1 or (metrics_months is not None and metrics_months < 1):
        raise ValueError(f"metrics_share {metrics_share}, metrics_months {metrics_months}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _clean(out)
    step = progress or (lambda label, done, total: None)
    period = Period(fiscal_year, months)
    munis: list[Municipality]
    if national:
        munis = list(national_municipalities(seed))
        landscape = build(munis, scale, seed, period, joint=joint_groups(munis, seed))
        write_list(national_list(seed), out / "municipalities.csv")
        write_populations(national_municipalities(seed), out / "populations.csv")
    else:
        munis = list(known_municipalities().values())[: municipalities or len(known_municipalities())]
        landscape = build(munis, scale, seed, period)
    total = 5
    step("accounts.csv, fx_rates.csv, optimize.yaml", 0, total)
    n_accounts = write_accounts(landscape, out / "accounts.csv")
    write_fx(period, out / "fx_rates.csv", seed)
    write_settings(landscape, out / "optimize.yaml")
    write_allocation(landscape, out / "allocation.yaml")
    hours = running_hours(period, landscape)
    step("aws/", 1, total)
    aws_files, aws_rows = write_aws(landscape, period, hours, out / "aws", seed)
    step("azure/", 2, total)
    azure_files, azure_rows = write_azure(landscape, period, out / "azure", seed)
    step("cost_lines/", 3, total)
    line_files, line_rows = write_cost_lines(landscape, period, out / "cost_lines")
    write_kpi_files(landscape, period, out, [*aws_files, *azure_files], out / "fx_rates.csv", seed)
    step("metrics/", 4, total)
    batch = NATIONAL_METRICS_BATCH if national else None
    metric_files, metric_rows = write_metrics(
        landscape, period, out / "metrics", seed, batch, metrics_share, metrics_months
    )
    scenario_files = write_scenario_files(landscape, fiscal_year, out)
    step("manifest.json", 5, total)
    manifest = DemoManifest(
        out_dir=out,
        seed=seed,
        fiscal_year=fiscal_year,
        months=[f"{m:%Y-%m}" for m in period.month_starts],
        scale=scale,
        municipalities=[m.code for m in munis],
        accounts=out / "accounts.csv",
        fx_rates=out / "fx_rates.csv",
        aws_files=aws_files,
        azure_files=azure_files,
        cost_line_files=line_files,
        metrics_files=metric_files,
        settings=out / "optimize.yaml",
        rows={
            "accounts": n_accounts,
            "aws": aws_rows,
            "azure": azure_rows,
            "cost_lines": line_rows,
            "metrics": metric_rows,
        },
        cloud_accounts=len(landscape.accounts),
        mapped_accounts=n_accounts,
        systems=len(landscape.systems),
        instances=len(landscape.instances()),
        scenarios=landscape.scenarios,
        scenario_files=scenario_files,
        allocation=out / "allocation.yaml",
        joint_members=joint_members(landscape),
        national=national,
        municipality_list="municipalities.csv" if national else None,
    )
    (out / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    return manifest
