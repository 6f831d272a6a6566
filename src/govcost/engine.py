"""The one seam the CLI and the web app call.

An :class:`Engine` holds a ledger and the Ibis connection every query goes through (DuckDB,
embedded, over the ledger's own catalog). Nothing here prints or parses arguments.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from govcost.ledger.store import ImportRecord, Ledger
from govcost.schema import COLUMNS

if TYPE_CHECKING:
    import datetime

    from ibis.backends import BaseBackend
    from pyspark.sql import SparkSession

    from govcost.allocate.allocate import AllocationResult
    from govcost.allocate.kpi import AnomalyRule, KpiResult
    from govcost.allocate.rules import RuleSet
    from govcost.allocate.scenario import ScenarioResult
    from govcost.ingest.base import FileProgress, ImportReport
    from govcost.ledger.export import ExportReport
    from govcost.ledger.systems import SystemDetail, SystemList
    from govcost.optimize.run import OptimizeResult
    from govcost.optimize.settings import Settings
    from govcost.review.run import ReviewResult

COSTS_VIEW = "ledger_costs"
#: Spark's temporary views over the Parquet files themselves (DuckDB reads them in the view).
COST_FILES_VIEW = "ledger_cost_files"
METRIC_FILES_VIEW = "ledger_metric_files"
#: Columns a file may fill itself (cost lines); elsewhere the account map or tags fill them.
OWNER_COLUMNS = ("municipality_code", "business", "environment", "system_id", "usage")
METRICS_VIEW = "ledger_metrics"
#: The columns :meth:`Engine.metrics` returns, with their DuckDB types.
METRIC_COLUMNS = (
    ("resource_id", "VARCHAR"),
    ("timestamp", "TIMESTAMP"),
    ("metric", "VARCHAR"),
    ("value", "DOUBLE"),
)


def _read_parquet_sql(files: Sequence[Path], *options: str) -> str:
    """DuckDB's ``read_parquet`` over the ledger's files (Spark's part-file directories as globs)."""
    listing = ", ".join("'" + Ledger.readable(f).replace("'", "''") + "'" for f in files)
    return f"read_parquet({', '.join([f'[{listing}]', *options])})"


def _sql_type(dtype: dt.DataType) -> str:
    if dtype.is_decimal():
        return f"DECIMAL({dtype.precision}, {dtype.scale})"
    if dtype.is_timestamp():
        return "TIMESTAMP"
    return "VARCHAR"


class Engine:
    """``engine``: ``duckdb`` (default, embedded) or ``spark`` (local, or the cluster of
    ``spark_master``); both read the same Parquet files, so every query gives the same decimals."""

    def __init__(
        self,
        ledger: Ledger | Path | str | None = None,
        *,
        engine: str | None = None,
        spark_master: str | None = None,
    ) -> None:
        from govcost.spark import engine_name

        self.ledger = ledger if isinstance(ledger, Ledger) else Ledger(ledger)
        self.engine = engine_name(engine)
        self.spark_master = spark_master
        self._costs_version = -1
        self._metrics_version = -1
        self._catalog_version = -1
        self._version = 0
        self.batch_id = ""

    @property
    def on_spark(self) -> bool:
        return self.engine == "spark"

    @cached_property
    def ibis(self) -> BaseBackend:
        if self.on_spark:
            from govcost.spark import spark_backend

            return spark_backend(self.spark)
        return ibis.duckdb.from_connection(self.ledger.con)

    @cached_property
    def spark(self) -> SparkSession:
        from govcost.spark import spark_session

        return spark_session(self.spark_master)

    def _spark_catalog(self) -> SparkSession:
        """The Spark session with the catalog tables as they are now."""
        from govcost.spark import register_catalog

        if self._catalog_version != self._version:
            register_catalog(self.spark, self.ledger.con)
            self._catalog_version = self._version
            # Views over the old catalog are rebuilt on their next use.
            self._costs_version = self._metrics_version = -1
        return self.spark

    def refresh_catalog(self) -> None:
        """The catalog tables changed (an account map or rate table was imported)."""
        self._catalog_version = -1

    def temp_table(self, name: str, expr: ir.Table) -> ir.Table:
        """``expr`` computed once and kept for this connection under ``name``; drop it with
        :meth:`drop_temp`. On Spark a cached temporary view (Ibis has no Spark temporary tables)."""
        if self.on_spark:
            self._spark_catalog()
            frame = self.spark.sql(str(self.ibis.compile(expr))).cache()
            frame.createOrReplaceTempView(name)
            return self.ibis.table(name)
        return self.ibis.create_table(name, expr, temp=True)

    def drop_temp(self, name: str) -> None:
        if self.on_spark:
            self.spark.catalog.dropTempView(name)
        else:
            self.ibis.drop_table(name, force=True)

    def reader(self) -> Engine:
        """A new engine of the same kind on this ledger, with a connection of its own (for a
        background thread: it sees the ledger as it is when opened)."""
        return Engine(self.ledger.path, engine=self.engine, spark_master=self.spark_master)

    def duckdb_twin(self) -> Engine:
        """This ledger on DuckDB, for the work Spark does not do (small reference files, metrics,
        hand-written cost lines), in the same batch of imports."""
        if not self.on_spark:
            return self
        twin = self.__dict__.get("_twin")
        if twin is None:
            twin = self.__dict__["_twin"] = Engine(self.ledger, engine="duckdb")
        twin.batch_id = self.batch_id
        return twin

    def write_parquet(self, expr: ir.Table, path: Path) -> None:
        """``expr`` stored as the ledger stores rows: zstd Parquet, timestamps as UTC wall clock
        without zone on either engine (Spark's own timestamps carry one), so that the files of
        both engines read back as one table. Spark writes a directory of part files."""
        if not self.on_spark:
            # zstd's fastest level: a cost file comes out no larger than at its default, sooner.
            self.ibis.to_parquet(expr, path, compression="zstd", compression_level=1)
            return
        from govcost.spark import write_ledger_parquet

        self._spark_catalog()
        write_ledger_parquet(self.spark.sql(str(self.ibis.compile(expr))), path)

    def rows(self, expr: ir.Table) -> list[dict[str, Any]]:
        """A small result (an aggregate) as dicts. On DuckDB through its own cursor: Ibis's result
        conversion imports pandas, which costs an import as much time as its checks."""
        if self.on_spark:
            return list(expr.to_pyarrow().to_pylist())
        cursor = self.ledger.con.execute(str(self.ibis.compile(expr)))
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def require_duckdb(self, command: str) -> None:
        """Writing the ledger (imports, users) goes through its DuckDB catalog only."""
        if self.on_spark:
            from govcost.errors import UsageError

            raise UsageError("engine.read_only", command=command)

    def close(self) -> None:
        self.ledger.close()
        self.__dict__.pop("ibis", None)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def new_batch(self) -> str:
        """Start a batch of imports (one ``ingest`` call)."""
        self.batch_id = uuid.uuid4().hex
        return self.batch_id

    def changed(self) -> None:
        """Called after an import: the next :meth:`costs` sees the new files."""
        self._version += 1

    def costs(self) -> ir.Table:
        """Every visible cost row: active slices of every import, extra columns included.

        Owner and rate come from the ``resolutions`` table (joined on the row's key), so the yen
        amount is ``BilledCost × fx_jpy_per_unit`` of the rate stored for that row's import.
        """
        if self._costs_version != self._version:
            files = self.ledger.active_files()
            if self.on_spark:
                from govcost.spark import register_parquet, register_sql

                spark = self._spark_catalog()
                names = register_parquet(spark, COST_FILES_VIEW, files) if files else []
                register_sql(spark, COSTS_VIEW, self._costs_sql(COST_FILES_VIEW, names))
            else:
                con = self.ledger.con
                source = ""
                names = []
                if files:
                    source = _read_parquet_sql(files, "union_by_name = true")
                    names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
                con.execute(f"DROP VIEW IF EXISTS {COSTS_VIEW}")
                con.execute(f"DROP TABLE IF EXISTS {COSTS_VIEW}")
                con.execute(f"CREATE TEMP VIEW {COSTS_VIEW} AS {self._costs_sql(source, names)}")
            self._costs_version = self._version
        return self.ibis.table(COSTS_VIEW)

    @staticmethod
    def _costs_sql(source: str, names: list[str]) -> str:
        """The cost view in DuckDB's dialect over ``source`` (the cost files, with columns
        ``names``; none: an empty view of the ledger's columns)."""
        if not names:
            cols = ", ".join(f'CAST(NULL AS {_sql_type(c.dtype)}) AS "{c.name}"' for c in COLUMNS)
            return f"SELECT {cols} WHERE false"
        present = set(names)
        select = []
        for c in COLUMNS:
            if c.name in OWNER_COLUMNS:
                select.append(f'coalesce(c."{c.name}", r."{c.name}") AS "{c.name}"')
            elif c.name == "assignment":
                select.append(
                    "CASE WHEN c.municipality_code IS NOT NULL THEN 'file' "
                    "ELSE r.assignment END AS assignment"
                )
            elif c.name == "fx_jpy_per_unit":
                select.append("r.fx_jpy_per_unit")
            elif c.name == "billed_cost_jpy":
                select.append(
                    f"CAST(c.BilledCost * r.fx_jpy_per_unit AS {_sql_type(c.dtype)}) AS billed_cost_jpy"
                )
            elif c.name in present:
                select.append(f'c."{c.name}"')
            else:
                select.append(f'CAST(NULL AS {_sql_type(c.dtype)}) AS "{c.name}"')
        known = {c.name for c in COLUMNS}
        select += [f'c."{n}"' for n in names if n not in known and not n.startswith("_")]
        return f"""
            SELECT {", ".join(select)}
            FROM {source} c
            JOIN resolutions r ON r.rkey = c._rkey
            SEMI JOIN (SELECT import_id, slice_key FROM slices WHERE active) s
              ON c.import_id = s.import_id AND c.slice_key = s.slice_key
        """

    def metrics(self) -> ir.Table:
        """Every visible utilisation metric row: ``resource_id, timestamp, metric, value``.

        Only rows of active slices (``metrics|<resource_id>|<YYYY-MM>``): the resource-months a
        newer import replaced are hidden. Timestamps are UTC (naive), values DOUBLE; with no metric
        import the table is empty, with the same columns and types.
        """
        if self._metrics_version != self._version:
            files = self.ledger.active_metric_files()
            if self.on_spark:
                from govcost.spark import register_parquet, register_sql

                spark = self._spark_catalog()
                if files:
                    register_parquet(spark, METRIC_FILES_VIEW, files)
                register_sql(spark, METRICS_VIEW, self._metrics_sql(METRIC_FILES_VIEW if files else ""))
            else:
                source = ""
                if files:
                    source = _read_parquet_sql(files)
                con = self.ledger.con
                con.execute(f"DROP VIEW IF EXISTS {METRICS_VIEW}")
                con.execute(f"CREATE TEMP VIEW {METRICS_VIEW} AS {self._metrics_sql(source)}")
            self._metrics_version = self._version
        return self.ibis.table(METRICS_VIEW)

    @staticmethod
    def _metrics_sql(source: str) -> str:
        if not source:
            cols = ", ".join(f"CAST(NULL AS {t}) AS {n}" for n, t in METRIC_COLUMNS)
            return f"SELECT {cols} WHERE false"
        cols = ", ".join(f"CAST(m.{n} AS {t}) AS {n}" for n, t in METRIC_COLUMNS)
        return f"""
            SELECT {cols}
            FROM {source} m
            SEMI JOIN (SELECT import_id, slice_key FROM slices WHERE active) s
              ON m.import_id = s.import_id AND m.slice_key = s.slice_key
        """

    # --- the operations ----------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path],
        accounts: Path | None = None,
        fx: Path | None = None,
        progress: FileProgress | None = None,
    ) -> list[ImportReport]:
        from govcost.ingest.pipeline import ingest_files

        return ingest_files(self, list(paths), accounts=accounts, fx=fx, progress=progress)

    def imports(self) -> list[ImportRecord]:
        return self.ledger.imports()

    def systems(
        self, *, municipalities: Sequence[str] | None = None, costs: ir.Table | None = None
    ) -> SystemList:
        """The systems of the scope with their accounts and costs (``costs``: the ledger, or the
        ledger with its shared costs allocated)."""
        from govcost.ledger.systems import list_systems

        return list_systems(self, municipalities=municipalities, costs=costs)

    def system(
        self, system_id: str, *, municipalities: Sequence[str] | None = None, costs: ir.Table | None = None
    ) -> SystemDetail | None:
        """One system as the scope sees it, None if the scope has nothing of it."""
        from govcost.ledger.systems import system_detail

        return system_detail(self, system_id, municipalities=municipalities, costs=costs)

    def summary(
        self, by: Sequence[str], fx: Path | None = None, municipalities: Sequence[str] | None = None
    ) -> Any:
        from govcost.ledger.summary import summarise

        return summarise(self, list(by), fx=fx, municipalities=municipalities)

    def optimize(
        self,
        *,
        municipality: str | None = None,
        rules: Sequence[str] | None = None,
        settings: Settings | Path | str | None = None,
        prices: Path | str | None = None,
        month: datetime.date | None = None,
    ) -> OptimizeResult:
        """Every selected optimisation rule over the month under review, overlaps combined."""
        from govcost.optimize.run import optimize

        return optimize(
            self, municipality=municipality, rules=rules, settings=settings, prices=prices, month=month
        )

    def review(
        self,
        estimate: Path | str,
        *,
        current: Path | str | None = None,
        calculator: Path | str | None = None,
        documents: Sequence[str] | None = None,
        mapping: Path | str | None = None,
        rate_card: Path | str | None = None,
        checks: Sequence[str] | None = None,
        municipality: str | None = None,
        system_id: str | None = None,
    ) -> ReviewResult:
        """Every selected estimate check over one vendor estimate. The ledger (actual costs and
        utilisation) is offered to the checks only when it exists: a review never creates one."""
        from govcost.review.run import review

        return review(
            estimate,
            current=current,
            calculator=calculator,
            documents=documents,
            mapping=mapping,
            rate_card=rate_card,
            checks=checks,
            engine=self if self.ledger.db_path.is_file() else None,
            municipality=municipality,
            system_id=system_id,
        )

    def kpi(
        self,
        *,
        municipality: str | None = None,
        baseline: Path | str | None = None,
        budget: Path | str | None = None,
        populations: Path | str | None = None,
        fiscal_year: int | None = None,
        rule: AnomalyRule | None = None,
    ) -> KpiResult:
        """The seeds' targets and the KPIs over the ledger (docs/kpi.md)."""
        from govcost.allocate.kpi import kpi

        return kpi(
            self,
            municipality=municipality,
            baseline=baseline,
            budget=budget,
            populations=populations,
            fiscal_year=fiscal_year,
            rule=rule,
        )

    def allocate(
        self,
        rules: RuleSet | Path | str,
        *,
        populations: Path | str | None = None,
        municipality: str | None = None,
        month: datetime.date | None = None,
        compare: bool = True,
    ) -> AllocationResult:
        """The shared costs of jointly used systems split among their members by the rules file
        (docs/allocation.md), month by month, with each method's effect on each member."""
        from govcost.allocate.allocate import allocate

        return allocate(
            self, rules, populations=populations, municipality=municipality, month=month, compare=compare
        )

    def allocated_costs(
        self, rules: RuleSet | Path | str | None = None, *, populations: Path | str | None = None
    ) -> ir.Table:
        """The ledger's rows with every shared row replaced by its members' allocated charges
        (FOCUS 1.3's Allocated* columns and ``allocated_cost_jpy``); without rules, the ledger as
        it is, with those columns empty."""
        from govcost.allocate.view import allocated_costs

        return allocated_costs(self, rules, populations=populations)

    def scenario(self, path: Path | str, *, municipality: str | None = None) -> ScenarioResult:
        """A what-if scenario file's steps applied to the ledger's costs of its period
        (docs/scenarios.md)."""
        from govcost.allocate.scenario import run_scenario

        return run_scenario(self, path, municipality=municipality)

    def export_focus(self, out_dir: Path | str) -> ExportReport:
        """The cloud rows as a FOCUS 1.2 Parquet file in ``out_dir``."""
        from govcost.ledger.export import export_focus

        return export_focus(self, Path(out_dir))
