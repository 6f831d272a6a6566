"""Every ledger query gives the same result on Spark as on DuckDB, decimal for decimal.

Results are compared as plain data with every Decimal written out as its exact text (so 1.50 and
1.5 differ) — money must agree to the last stored digit and scale. Floats (utilisation metrics, never
money) are compared to ten significant digits, since Spark and DuckDB add doubles in different orders.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import ibis.expr.types as ir
import pytest

from govcost.allocate import report as allocation_report
from govcost.allocate.kpi import report as kpi_report
from govcost.allocate.scenario_report import to_json as scenario_json
from govcost.optimize import report as optimize_report
from govcost.optimize.context import Context
from govcost.optimize.settings import Settings
from tests.spark.conftest import Engines

pytestmark = pytest.mark.spark

GROUPINGS = ["municipality", "business", "environment", "cost_source", "service", "month", "fiscal_year"]


def exact(value: Any) -> Any:
    """Plain data with exact decimal text, for an equality that notices a lost digit or scale."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: exact(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return f"D:{value}"
    if isinstance(value, float):
        return float(f"{value:.10g}")
    if isinstance(value, dict):
        return {repr(exact(k)): exact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [exact(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((exact(v) for v in value), key=repr)
    if type(value).__eq__ is object.__eq__ and hasattr(value, "__dict__"):
        return {"class": type(value).__qualname__, **exact(vars(value))}
    return value


def decimals_in(value: Any) -> int:
    if isinstance(value, str):
        return int(value.startswith("D:"))
    if isinstance(value, dict):
        return sum(decimals_in(v) for v in value.values())
    if isinstance(value, list):
        return sum(decimals_in(v) for v in value)
    return 0


def rows_of(table: ir.Table) -> list[tuple[Any, ...]]:
    """Every row as exact data, in a fixed order (neither engine promises one)."""
    records = table.to_pyarrow().to_pylist()
    return sorted((tuple(exact(v) for v in r.values()) for r in records), key=repr)


def same_rows(a: ir.Table, b: ir.Table) -> int:
    """The two tables hold the same rows, each as often (compared by DuckDB, in any order); the
    number of rows. Decimal scales are compared through the schemas."""
    left, right = a.to_pyarrow(), b.to_pyarrow()
    assert left.schema.names == right.schema.names
    for x, y in zip(left.schema, right.schema, strict=True):
        if str(x.type).startswith("decimal"):
            assert x.type == y.type, x.name
    con = duckdb.connect()
    con.register("a", left)
    con.register("b", right)
    for one, other in (("a", "b"), ("b", "a")):
        assert con.execute(f"SELECT count(*) FROM (FROM {one} EXCEPT ALL FROM {other})").fetchone() == (0,)
    assert left.num_rows == right.num_rows
    return left.num_rows


def test_spark_really_runs_the_queries(engines: Engines) -> None:
    assert engines.spark.ibis.name == "pyspark"
    assert engines.duckdb.ibis.name == "duckdb"
    assert engines.spark.costs().count().to_pyarrow().as_py() > 10_000


def test_cost_rows_identical(engines: Engines) -> None:
    d, s = engines.duckdb.costs(), engines.spark.costs()
    assert d.columns == s.columns
    assert {n: t.is_decimal() for n, t in d.schema().items()} == {
        n: t.is_decimal() for n, t in s.schema().items()
    }
    for name, dtype in d.schema().items():
        if dtype.is_decimal():
            assert s.schema()[name] == dtype, name
    assert same_rows(d, s) > 10_000


def test_metric_rows_identical(engines: Engines) -> None:
    d, s = engines.duckdb.metrics(), engines.spark.metrics()
    assert same_rows(d, s) > 1000


@pytest.mark.parametrize("by", [[g] for g in GROUPINGS] + [["municipality", "month", "cost_source"]])
def test_summary_identical(engines: Engines, by: list[str]) -> None:
    d, s = engines.duckdb.summary(by), engines.spark.summary(by)
    assert exact(d) == exact(s)
    assert len(d.rows) >= 1 and decimals_in(exact(d)) == len(d.rows)


def test_summary_total_equals_the_files(engines: Engines) -> None:
    """The Spark total, checked against the Parquet files themselves (not against our code)."""
    files = [str(f) for f in engines.duckdb.ledger.active_files()]
    con = engines.duckdb.ledger.con
    by_hand = con.execute(
        "SELECT sum(c.BilledCost * r.fx_jpy_per_unit) FROM read_parquet(?, union_by_name = true) c "
        "JOIN resolutions r ON r.rkey = c._rkey",
        [files],
    ).fetchone()
    assert by_hand is not None
    assert engines.spark.summary([]).total_jpy == by_hand[0]


def test_summary_with_other_rates_identical(engines: Engines, tmp_path: Path) -> None:
    months = [
        r[0] for r in engines.duckdb.ledger.con.execute("SELECT DISTINCT month FROM fx_rates").fetchall()
    ]
    fx = tmp_path / "fx.csv"
    fx.write_text(
        "month,currency,jpy_per_unit\n" + "".join(f"{m:%Y-%m},USD,160.123456\n" for m in months),
        encoding="utf-8",
    )
    d = engines.duckdb.summary(["municipality"], fx=fx)
    s = engines.spark.summary(["municipality"], fx=fx)
    assert exact(d) == exact(s)
    assert d.total_jpy != engines.duckdb.summary(["municipality"]).total_jpy


def test_optimisation_inputs_identical(engines: Engines) -> None:
    settings = Settings.load(engines.data / "optimize.yaml")
    d, s = Context(engines.duckdb, settings), Context(engines.spark, settings)
    assert d.month == s.month
    assert len(d.resources) > 100
    assert exact(d.resources) == exact(s.resources)
    names = ["cpu_percent", "memory_percent"]
    assert exact(d.metric_stats(names)) == exact(s.metric_stats(names))


def test_optimisation_identical(engines: Engines) -> None:
    settings = engines.data / "optimize.yaml"
    d = engines.duckdb.optimize(settings=settings)
    s = engines.spark.optimize(settings=settings)
    assert len(d.findings) > 20
    assert exact(d) == exact(s)
    assert optimize_report.to_json(d) == optimize_report.to_json(s)


def test_allocation_identical(engines: Engines) -> None:
    rules = engines.data / "allocation.yaml"
    d = engines.duckdb.allocate(rules)
    s = engines.spark.allocate(rules)
    assert exact(d) == exact(s)
    d_totals = allocation_report.municipality_totals(engines.duckdb, d)
    s_totals = allocation_report.municipality_totals(engines.spark, s)
    assert exact(d_totals) == exact(s_totals)
    assert allocation_report.to_json(d, d_totals) == allocation_report.to_json(s, s_totals)
    assert json.loads(allocation_report.to_json(d, d_totals))["rules"]


def test_allocated_costs_identical(engines: Engines) -> None:
    rules = engines.data / "allocation.yaml"
    d = engines.duckdb.allocated_costs(rules)
    s = engines.spark.allocated_costs(rules)
    assert d.filter(d.allocated_cost_jpy.notnull()).count().to_pyarrow().as_py() > 0
    assert same_rows(d, s) > 10_000


def test_kpi_identical(engines: Engines) -> None:
    kwargs = {"baseline": engines.data / "baseline.csv", "budget": engines.data / "budget.csv"}
    d = engines.duckdb.kpi(**kwargs)  # type: ignore[arg-type]
    s = engines.spark.kpi(**kwargs)  # type: ignore[arg-type]
    assert exact(d) == exact(s)
    assert kpi_report.to_json(d) == kpi_report.to_json(s)


@pytest.mark.parametrize("name", ["joint-procurement-23ku", "consolidation-juki", "fx-160"])
def test_scenario_identical(engines: Engines, name: str) -> None:
    path = engines.data / "scenarios" / f"{name}.yaml"
    d = engines.duckdb.scenario(path)
    s = engines.spark.scenario(path)
    s.created = d.created
    assert exact(d) == exact(s)
    assert scenario_json(d) == scenario_json(s)


def test_systems_identical(engines: Engines) -> None:
    d = engines.duckdb.systems()
    s = engines.spark.systems()
    assert exact(d) == exact(s)
    code = "131016"
    assert exact(engines.duckdb.systems(municipalities=[code])) == exact(
        engines.spark.systems(municipalities=[code])
    )
    first = d.systems[0].system_id
    assert exact(engines.duckdb.system(first)) == exact(engines.spark.system(first))


def test_focus_export_identical(engines: Engines, tmp_path: Path) -> None:
    d = engines.duckdb.export_focus(tmp_path / "duckdb")
    s = engines.spark.export_focus(tmp_path / "spark")
    assert exact(d.totals) == exact(s.totals) and d.rows == s.rows and d.gaps == s.gaps
    one = str(tmp_path / "duckdb" / "focus-1.2.parquet")
    parts = str(tmp_path / "spark" / "focus-1.2.parquet" / "*.parquet")
    con = duckdb.connect()
    assert (
        con.execute(f"DESCRIBE SELECT * FROM '{one}'").fetchall()
        == con.execute(f"DESCRIBE SELECT * FROM '{parts}'").fetchall()
    )
    for a, b in ((one, parts), (parts, one)):
        extra = con.execute(f"SELECT count(*) FROM (FROM '{a}' EXCEPT ALL FROM '{b}')").fetchone()
        assert extra == (0,)


def test_dates_survive_both_engines(engines: Engines) -> None:
    first = engines.duckdb.costs().BillingPeriodStart.min().to_pyarrow().as_py()
    assert first == engines.spark.costs().BillingPeriodStart.min().to_pyarrow().as_py()
    assert first == dt.datetime(2025, 4, 1)
