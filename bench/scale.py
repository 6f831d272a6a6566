"""Scale benchmark: the summary, the optimisation inputs and the KPIs at 10 M and 100 M cost rows,
on DuckDB and on Spark.

For each size in ``--rows`` it builds a ledger of about that many cost rows from the national demo
generator (``run_demo(national=True)``: the 1,741 municipalities, ``--scale`` and ``--months`` chosen
to reach the size), with the utilisation metrics of the month under review for a share of the
instances only (``metrics_share``, ``metrics_months=1``): at 100 M cost rows the full set would be
billions of metric rows. Then, for each engine, each step in a fresh process (wall clock inside it,
peak resident memory of the process and of the JVM it starts):

- summary: ``engine.summary(["municipality", "month"])``;
- resources, metric stats: ``Context(engine, Settings())`` → ``.resources``, then
  ``.metric_stats(["cpu_percent", "memory_percent"])`` (the optimisation's inputs);
- kpi: ``engine.kpi(baseline=..., budget=...)`` with the demo's baseline.csv and budget.csv;
- raw: the engine's own scan and group-by over the ledger's cost Parquet files (municipality, month:
  count and sum of BilledCost), the least any query over the ledger costs.

Spark's results must equal DuckDB's: money as exact Decimal text, utilisation to ten significant
digits (the engines add doubles in different orders). Run it with ``make bench-scale``
(``BENCH_ARGS="--rows 1000000"`` for a quick run); docs/spark.md has the figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(p) for p in (ROOT,) if str(p) not in sys.path]

from bench import ingest as ingest_bench  # noqa: E402

#: Bump when the data a size builds changes: a kept ledger of another version is built again.
DATA_VERSION = 1
PAGE = os.sysconf("SC_PAGE_SIZE")
ENGINES = ("duckdb", "spark")
STEPS = ("summary", "inputs", "kpi", "raw")
#: What each step reports, in the table's order: (step, the measured part, the rows it is rated by).
PARTS = (
    ("summary", "summary", "cost"),
    ("inputs", "resources", "cost"),
    ("inputs", "metric stats", "metric"),
    ("kpi", "kpi", "cost"),
    ("raw", "raw", "cost"),
)
METRIC_NAMES = ["cpu_percent", "memory_percent"]
#: One month of the national landscape by ``--scale`` (docs/demo.md, April: 30 days):
#: (cost rows, metric rows).
PER_MONTH = {
    0.25: (510_000, 6_400_000),
    1.0: (1_720_000, 19_400_000),
    2.0: (4_010_000, 56_300_000),
    4.0: (10_470_000, 177_000_000),
}


# --- the ledger ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """The generator's arguments for about ``rows`` cost rows."""

    rows: int
    months: int
    scale: float
    metrics_share: float

    @property
    def expected_cost_rows(self) -> int:
        return PER_MONTH[self.scale][0] * self.months

    @property
    def expected_metric_rows(self) -> int:
        return round(PER_MONTH[self.scale][1] * self.metrics_share)

    def key(self) -> dict[str, Any]:
        return {"version": DATA_VERSION, **dataclasses.asdict(self)}


def plan(rows: int, metric_rows: int) -> Plan:
    """The largest scale whose month stays within a quarter above ``rows``, and as many months as
    reach it (at most 36); metrics for the last month, from enough instances for ``metric_rows``."""
    scale = max((s for s, (r, _) in PER_MONTH.items() if r <= rows * 1.25), default=min(PER_MONTH))
    per_month, metrics = PER_MONTH[scale]
    months = min(36, max(1, round(rows / per_month)))
    share = min(1.0, round(metric_rows / metrics, 4))
    return Plan(rows, months, scale, share)


def child_build(work: Path, plan_json: str) -> dict:
    """Generate the national demo for the plan and import it into a fresh ledger; count what the
    ledger holds (DuckDB)."""
    from govcost.demo.run import run_demo
    from govcost.engine import Engine
    from govcost.optimize.context import Context
    from govcost.optimize.settings import Settings

    p = Plan(**{k: v for k, v in json.loads(plan_json).items() if k != "version"})
    data, ledger = work / "data", work / "ledger"
    for path in (data, ledger):
        if path.exists():
            shutil.rmtree(path)
    start = time.perf_counter()
    marks: dict[str, float] = {}

    def progress(phase: str, label: str, done: int, total: int) -> None:
        marks.setdefault(phase, time.perf_counter())

    with Engine(ledger) as engine:
        result = run_demo(
            engine,
            data,
            months=p.months,
            scale=p.scale,
            national=True,
            metrics_share=p.metrics_share,
            metrics_months=1,
            progress=progress,
        )
        end = time.perf_counter()
        failed = [
            f"{Path(r.file).name}: {r.status}"
            for r in result.reports
            if r.status not in ("imported", "loaded")
        ]
        ctx = Context(engine, Settings())
        out = {
            "generate_s": marks.get("import", end) - start,
            "import_s": end - marks.get("import", end),
            "cost_rows": int(engine.costs().count().to_pyarrow().as_py()),
            "metric_rows": int(engine.metrics().count().to_pyarrow().as_py()),
            "window_metric_rows": int(ctx.metrics(METRIC_NAMES).count().to_pyarrow().as_py()),
            "month": f"{ctx.month:%Y-%m}",
            "months": result.manifest.months,
            "instances": result.manifest.instances,
            "systems": result.manifest.systems,
            "generated_rows": result.manifest.rows,
            "cost_files": len(engine.ledger.active_files()),
            "metric_files": len(engine.ledger.active_metric_files()),
            "failed_imports": failed,
            "data_gb": _size_gb(data),
            "ledger_gb": _size_gb(ledger),
        }
    return out


def _size_gb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**30


# --- the measured steps, each in a fresh process ------------------------------------------------


def plain(value: Any) -> Any:
    """Plain data with each Decimal as its exact text and floats to ten significant digits, so that
    equal results have equal digests (as tests/spark compares them)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return f"D:{value}"
    if isinstance(value, float):
        return float(f"{value:.10g}")
    if isinstance(value, dict):
        return sorted(([repr(plain(k)), plain(v)] for k, v in value.items()), key=lambda kv: kv[0])
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=repr)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if type(value).__eq__ is object.__eq__ and hasattr(value, "__dict__"):
        return {"class": type(value).__qualname__, **{k: plain(v) for k, v in vars(value).items()}}
    return value


def digest(value: Any) -> str:
    text = json.dumps(plain(value), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _hwm_mb(pid: int | str) -> float:
    """A process's peak resident memory (the kernel's VmHWM), in MB."""
    with suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def tree_peak_mb() -> float:
    """The peak resident memory of this process plus that of each process it started (Spark's
    JVM), each the kernel's own figure."""
    return _hwm_mb("self") + sum(_hwm_mb(pid) for pid in _descendants(os.getpid()))


@dataclass
class Meter:
    """The seconds of each measured call, and the process tree's peak memory right after the calls
    (before the result is digested for the comparison)."""

    times: dict[str, float] = dataclasses.field(default_factory=dict)
    peak_mb: float = 0.0

    def took(self, part: str, start: float) -> None:
        self.times[part] = time.perf_counter() - start
        self.peak_mb = tree_peak_mb()


def _summary(engine: Any, meter: Meter) -> dict:
    start = time.perf_counter()
    s = engine.summary(["municipality", "month"])
    meter.took("summary", start)
    return {
        "groups": len(s.rows),
        "rows": sum(r.rows for r in s.rows),
        "total_jpy": str(s.total_jpy),
        "digest": digest(s),
    }


def _inputs(engine: Any, meter: Meter) -> dict:
    from govcost.optimize.context import Context
    from govcost.optimize.settings import Settings

    start = time.perf_counter()
    ctx = Context(engine, Settings())
    resources = ctx.resources
    meter.took("resources", start)
    start = time.perf_counter()
    stats = ctx.metric_stats(METRIC_NAMES)
    meter.took("metric stats", start)
    cost = sum((r.cost_jpy for r in resources.values()), Decimal(0))
    return {
        "month": f"{ctx.month:%Y-%m}",
        "resources": len(resources),
        "resources_cost_jpy": str(cost),
        "resources_digest": digest(resources),
        "series": len(stats),
        "metric_values": sum(s.count for s in stats.values()),
        "stats_digest": digest(stats),
    }


def _kpi(engine: Any, data: Path, meter: Meter) -> dict:
    from govcost.allocate.kpi import report

    start = time.perf_counter()
    result = engine.kpi(baseline=data / "baseline.csv", budget=data / "budget.csv")
    meter.took("kpi", start)
    text = report.to_json(result)
    return {"digest": hashlib.sha256(text.encode()).hexdigest()[:16], "json_chars": len(text)}


RAW_SQL = """
SELECT municipality_code, date_trunc('month', BillingPeriodStart) AS month,
       count(*) AS n, sum(BilledCost) AS cost
FROM {source}
GROUP BY ALL
"""


def _raw(engine: Any, meter: Meter) -> dict:
    """The engine alone over the ledger's cost files: one scan, one group-by, no join."""
    from govcost.ledger.store import Ledger

    files = engine.ledger.active_files()
    start = time.perf_counter()
    if engine.on_spark:
        frame = engine.spark.read.option("mergeSchema", "true").parquet(*[str(f) for f in files])
        frame.createOrReplaceTempView("bench_raw")
        rows = [r.asDict() for r in engine.spark.sql(RAW_SQL.format(source="bench_raw")).collect()]
    else:
        listing = ", ".join("'" + Ledger.readable(f) + "'" for f in files)
        with duckdb.connect() as con:
            rel = con.sql(RAW_SQL.format(source=f"read_parquet([{listing}], union_by_name = true)"))
            rows = rel.to_arrow_table().to_pylist()
    meter.took("raw", start)
    total = sum((r["cost"] or Decimal(0) for r in rows), Decimal(0))
    return {"groups": len(rows), "rows": sum(int(r["n"]) for r in rows), "billed_cost": str(total)}


def child_step(step: str, engine_name: str, ledger: Path, data: Path, master: str, warm: bool) -> dict:
    """One step on one engine, in this fresh process: the session's start, then the step (twice
    with ``warm``: the second run reuses what the first left in the process)."""
    from govcost.engine import Engine

    out: dict[str, Any] = {"load": os.getloadavg()[0]}
    start = time.perf_counter()
    engine = Engine(ledger, engine=engine_name, spark_master=master if engine_name == "spark" else None)
    if engine.on_spark:
        engine.spark  # noqa: B018 - the JVM and the session, timed on their own
    out["start_s"] = time.perf_counter() - start
    for run in ("cold", "warm") if warm else ("cold",):
        meter = Meter()
        if step == "summary":
            result = _summary(engine, meter)
        elif step == "inputs":
            result = _inputs(engine, meter)
        elif step == "kpi":
            result = _kpi(engine, data, meter)
        else:
            result = _raw(engine, meter)
        out[run] = meter.times
        out["result"] = result
        # The first run's: the later ones come after its result was digested.
        out.setdefault("peak_mb", meter.peak_mb)
    return out


# --- running a child ----------------------------------------------------------------------------


def run_child(args: list[str], timeout: float, mem_limit_mb: float, env: dict[str, str]) -> dict:
    """This script in a fresh process group (stopped past the time or memory limit, or after ten
    minutes without using the CPU): its JSON answer, the wall clock, and the group's sampled resident
    memory."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    run = ingest_bench.measure(cmd, timeout, mem_limit_mb, idle_limit=600, env=env)
    measured = {"wall_s": run.seconds, "sampled_mb": run.group_peak_mb}
    if not run.ok:
        return {"ok": False, "error": run.error, **measured}
    return json.loads(run.output.strip().splitlines()[-1]) | {"ok": True, **measured}


# --- the report ---------------------------------------------------------------------------------


#: The result fields each measured part is checked by (the others: every field of its step).
CHECKED = {
    "resources": ("month", "resources", "resources_cost_jpy", "resources_digest"),
    "metric stats": ("series", "metric_values", "stats_digest"),
}


def _check(part: str, duck: dict, spark: dict) -> str:
    """Whether Spark's result is DuckDB's: "yes", or which fields differ."""
    a, b = duck.get("result", {}), spark.get("result", {})
    keys = [k for k in a if k in b and k in CHECKED.get(part, a)]
    diff = [k for k in keys if a[k] != b[k]]
    if not keys:
        return "—"
    return "yes" if not diff else "NO: " + ", ".join(diff)


def table(results: list[dict]) -> list[str]:
    head = (
        f"{'cost rows':>12} {'engine':<7} {'step':<13} {'s':>8} {'warm s':>7} {'rows/s':>12} "
        f"{'peak MB':>8} {'÷ DuckDB':>8}  same result"
    )
    lines = [head, "-" * len(head)]
    for size in results:
        data = size.get("data", {})
        runs = size.get("runs", {})
        for engine in runs:
            for step, part, basis in PARTS:
                run = runs[engine].get(step)
                if run is None:
                    continue
                cells = f"{data.get('cost_rows', 0):>12,} {engine:<7} {part:<13} "
                if not run.get("ok"):
                    lines.append(cells + f"FAILED: {run.get('error', '')[:160]}")
                    continue
                secs = run["cold"].get(part, 0.0)
                warm = run.get("warm", {}).get(part)
                rows = data.get("window_metric_rows" if basis == "metric" else "cost_rows", 0)
                rate = rows / secs if secs else 0.0
                duck = runs.get("duckdb", {}).get(step, {})
                ratio = "—"
                same = ""
                if engine != "duckdb" and duck.get("ok"):
                    ratio = f"{secs / duck['cold'][part]:.1f}"
                    same = _check(part, duck, run)
                elif engine != "duckdb":
                    same = "no DuckDB run"
                warm_s = f"{warm:.2f}" if warm is not None else "—"
                lines.append(
                    cells
                    + f"{secs:>8.2f} {warm_s:>7} {rate:>12,.0f} {run['peak_mb']:>8,.0f} {ratio:>8}  {same}"
                )
    return lines


def notes(results: list[dict]) -> list[str]:
    lines = []
    for size in results:
        data = size.get("data", {})
        runs = size.get("runs", {})
        for engine, steps in runs.items():
            starts = [r["start_s"] for r in steps.values() if r.get("ok")]
            loads = [r["load"] for r in steps.values() if r.get("ok")]
            raw = steps.get("raw", {})
            summary = steps.get("summary", {})
            text = f"{data.get('cost_rows', 0):,} rows, {engine}:"
            if engine == "spark" and starts:
                text += f" session start {min(starts):.1f}–{max(starts):.1f} s (not in the step times);"
            if raw.get("ok") and summary.get("ok"):
                text += f" summary ÷ raw {summary['cold']['summary'] / raw['cold']['raw']:.1f};"
            if loads:
                text += f" load average {min(loads):.1f}–{max(loads):.1f} at the steps' start"
            lines.append(text)
            if summary.get("ok"):
                lines.append(f"  summary total ¥{summary['result']['total_jpy']}")
    return lines


def describe(size: dict) -> str:
    p, data = size["plan"], size.get("data", {})
    made = (
        f"generated in {data['generate_s']:.0f} s, imported in {data['import_s']:.0f} s"
        if data.get("generate_s") is not None
        else "reused"
    )
    return (
        f"{p['rows']:,} rows: national demo, {p['months']} month(s), scale {p['scale']:g}, metrics of "
        f"{p['metrics_share']:.1%} of the instances for {data.get('month', '?')} — "
        f"{data.get('cost_rows', 0):,} cost rows, {data.get('metric_rows', 0):,} metric rows "
        f"({data.get('window_metric_rows', 0):,} CPU and memory rows in the 30-day window), "
        f"{data.get('instances', 0):,} EC2 instances; {data.get('data_gb', 0):.1f} GB of files, "
        f"{data.get('ledger_gb', 0):.1f} GB of ledger ({made})"
    )


def estimate(previous: dict, p: Plan) -> str:
    """The time another size would take, scaled by cost rows from a measured one."""
    data = previous.get("data", {})
    rows = data.get("cost_rows")
    if not rows or data.get("generate_s") is None:
        return ""
    factor = p.expected_cost_rows / rows
    build = (data["generate_s"] + data["import_s"]) * factor
    runs = [r for e in previous.get("runs", {}).values() for r in e.values() if r.get("ok")]
    steps = sum(r["start_s"] + sum(r["cold"].values()) for r in runs) * factor
    return (
        f"estimate for {p.expected_cost_rows:,} rows (linear in cost rows from {rows:,}): building "
        f"{build / 60:.0f} min, the steps {steps / 60:.0f} min (once each, without --warm)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000_000, 100_000_000])
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--spark-master", default="local[*]", help="Spark master URL (default: local[*])")
    parser.add_argument(
        "--spark-memory", default="6g", help="SPARK_DRIVER_MEMORY for the Spark runs (default: 6g)"
    )
    parser.add_argument(
        "--metric-rows",
        type=int,
        default=20_000_000,
        help="about how many metric rows (of the month under review) each ledger gets",
    )
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument("--warm", action="store_true", help="run each step a second time in the same process")
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep the generated files and ledgers in DIR (reused)"
    )
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where the results JSON goes")
    parser.add_argument("--timeout", type=float, default=3600, help="limit per step, seconds")
    parser.add_argument("--build-timeout", type=float, default=4 * 3600, help="limit per ledger, seconds")
    total_mb = os.sysconf("SC_PHYS_PAGES") * PAGE / 2**20
    parser.add_argument(
        "--mem-limit-gb", type=float, default=total_mb * 0.75 / 1024, help="stop a step holding more"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "build":
            answer = child_build(Path(rest[0]), rest[1])
        else:
            answer = child_step(rest[0], rest[1], Path(rest[2]), Path(rest[3]), rest[4], rest[5] == "warm")
        print(json.dumps(answer, ensure_ascii=False))
        return

    load = os.getloadavg()[0]
    print(
        f"{os.cpu_count()} CPUs, {total_mb / 1024:.1f} GB RAM, Python {platform.python_version()}, "
        f"duckdb {duckdb.__version__}, Spark master {args.spark_master} with {args.spark_memory} "
        f"(SPARK_DRIVER_MEMORY); load average {load:.2f} (run it on a quiet machine)",
        flush=True,
    )
    work = args.keep or Path(tempfile.mkdtemp(prefix="govcost-bench-scale-"))
    mem_limit = args.mem_limit_gb * 1024
    spark_env = {"SPARK_DRIVER_MEMORY": args.spark_memory}
    results: list[dict] = []
    try:
        for rows in args.rows:
            p = plan(rows, args.metric_rows)
            size: dict[str, Any] = {"plan": p.key(), "runs": {}}
            results.append(size)
            guess = estimate(results[-2], p) if len(results) > 1 else ""
            if guess:
                print(guess, flush=True)
            where = work / f"rows-{rows}"
            marker = where / "bench.json"
            saved = json.loads(marker.read_text(encoding="utf-8")) if marker.is_file() else {}
            if saved.get("plan") == p.key():
                size["data"] = saved["data"] | {"generate_s": None, "import_s": None, "built": saved["data"]}
            else:
                print(
                    f"building {rows:,} rows: {p.months} month(s) at scale {p.scale:g}, metrics of "
                    f"{p.metrics_share:.1%} of the instances (about {p.expected_cost_rows:,} cost rows, "
                    f"{p.expected_metric_rows:,} metric rows) in {where}",
                    flush=True,
                )
                marker.unlink(missing_ok=True)
                where.mkdir(parents=True, exist_ok=True)
                built = run_child(
                    ["build", str(where), json.dumps(p.key())], args.build_timeout, mem_limit, {}
                )
                if not built.get("ok") or built.get("failed_imports"):
                    size["data"] = built
                    print(
                        f"  building FAILED: {built.get('error') or built.get('failed_imports')}", flush=True
                    )
                    continue
                size["data"] = built
                marker.write_text(
                    json.dumps({"plan": p.key(), "data": built}, indent=2) + "\n", encoding="utf-8"
                )
            print(describe(size), flush=True)
            for engine in args.engines:
                env = spark_env if engine == "spark" else {}
                for step in args.steps:
                    cmd = [
                        "step",
                        step,
                        engine,
                        str(where / "ledger"),
                        str(where / "data"),
                        args.spark_master,
                        "warm" if args.warm else "cold",
                    ]
                    run = run_child(cmd, args.timeout, mem_limit, env)
                    if run.get("ok"):
                        took = ", ".join(f"{k} {v:.1f} s" for k, v in run["cold"].items())
                    else:
                        took = f"FAILED: {run['error'][:200]}"
                    size["runs"].setdefault(engine, {})[step] = run
                    print(f"  {engine} {step}: {took} (wall {run['wall_s']:.1f} s)", flush=True)
        print()
        print("\n".join(table(results)))
        print("\n".join(notes(results)))
        print(
            "rows/s: the ledger's cost rows (metric stats: the window's CPU and memory rows) ÷ s; "
            "peak MB: the process and its JVM; same result: Spark's result equals DuckDB's "
            "(money to the last digit, utilisation to ten significant digits)"
        )
        args.out.mkdir(parents=True, exist_ok=True)
        saved_at = args.out / "scale-results.json"
        result = {
            "date": dt.date.today().isoformat(),
            "machine": {
                "cpus": os.cpu_count(),
                "ram_gb": round(total_mb / 1024, 1),
                "python": platform.python_version(),
                "duckdb": duckdb.__version__,
                "platform": platform.platform(),
            },
            "load_average_at_start": load,
            "load_average_at_end": os.getloadavg()[0],
            "spark_master": args.spark_master,
            "spark_memory": args.spark_memory,
            "sizes": results,
        }
        saved_at.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"results: {saved_at}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
