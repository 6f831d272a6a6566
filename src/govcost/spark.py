"""Apache Spark as the query engine, for ledgers too large for one machine.

The ledger's Parquet files are the shared storage: Spark reads the same files DuckDB reads, and the
small catalog tables (slices, resolutions, account map, FX rates) are copied from ``ledger.duckdb``
into Spark temporary views each time the ledger changes. Every query above that is the same Ibis
expression on either engine.

Spark's decimal arithmetic is set so that it never rounds silently: with precision loss allowed (its
default), ``DECIMAL(38,12) × DECIMAL(18,6)`` would be cut to 6 decimals, and the sums would no longer
equal DuckDB's to the last digit.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlglot

from govcost.errors import UsageError

if TYPE_CHECKING:
    import duckdb
    from ibis.backends.pyspark import Backend as SparkBackend
    from pyspark.sql import SparkSession

ENGINES = ("duckdb", "spark")
ENGINE_ENV = "GOVCOST_ENGINE"
SPARK_MASTER_ENV = "GOVCOST_SPARK_MASTER"
#: Local Spark on every core of this machine, when no master URL is given.
DEFAULT_MASTER = "local[*]"
#: Catalog tables an Ibis expression may read by name, mirrored into Spark.
CATALOG_TABLES = ("resolutions", "slices", "account_map", "fx_rates")

_CONF = {
    "spark.sql.decimalOperations.allowPrecisionLoss": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.parquet.mergeSchema": "true",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.log.structuredLogging.enabled": "false",
    # Timestamps written as FOCUS wants them (UTC-adjusted microseconds), not Spark's legacy INT96.
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
    # Spark aggregates max() of text by sorting every row; a distinct first (hashed) leaves it few
    # rows to sort, but this rule would fold that distinct away again (max ignores duplicates).
    "spark.sql.optimizer.excludedRules": "org.apache.spark.sql.catalyst.optimizer.RemoveRedundantAggregates",
}
_lock = threading.Lock()
_sessions: dict[str, SparkSession] = {}


def engine_name(name: str | None) -> str:
    """The engine asked for (argument, then ``GOVCOST_ENGINE``), checked."""
    chosen = (name or os.environ.get(ENGINE_ENV) or "duckdb").lower()
    if chosen not in ENGINES:
        raise UsageError("engine.unknown", engine=chosen, known=", ".join(ENGINES))
    return chosen


def engine_errors() -> tuple[type[Exception], ...]:
    """The exceptions a query may raise on either engine (a bad value, a missing file...)."""
    import duckdb

    errors: tuple[type[Exception], ...] = (duckdb.Error,)
    try:
        from py4j.protocol import Py4JJavaError
        from pyspark.errors import PySparkException
    except ImportError:
        return errors
    return (*errors, PySparkException, Py4JJavaError)


def remove_path(path: Path) -> None:
    """Remove a file, or the directory of part files Spark writes in its place."""
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def spark_session(master: str | None = None) -> SparkSession:
    """One Spark session per master URL and process.

    ``local[N]`` runs Spark inside this process's JVM; ``spark://host:7077`` (or ``yarn``, ``k8s://``)
    a cluster; ``sc://host:15002`` a Spark Connect server. Memory and shuffle settings come from the
    usual ``SPARK_*`` environment or ``spark-defaults.conf``.
    """
    url = master or os.environ.get(SPARK_MASTER_ENV) or DEFAULT_MASTER
    with _lock:
        session = _sessions.get(url)
        if session is not None:
            return session
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:  # pragma: no cover - pyspark is a dependency
            raise UsageError("engine.spark_missing") from exc
        builder: Any = SparkSession.builder.appName("govcost")
        builder = builder.remote(url) if url.startswith("sc://") else builder.master(url)
        if url.startswith("local"):
            builder = builder.config("spark.sql.shuffle.partitions", str(max(2, (os.cpu_count() or 2) * 2)))
        for key, value in _CONF.items():
            builder = builder.config(key, value)
        try:
            session = builder.getOrCreate()
        except Exception as exc:
            raise UsageError("engine.spark_failed", master=url, reason=str(exc).splitlines()[0]) from exc
        if not url.startswith("sc://"):
            # A failed query comes back as an error govcost reports in the user's terms; the JVM's
            # own log (code-generation fallbacks, retried tasks) would only bury the output.
            session.sparkContext.setLogLevel("FATAL")
        _sessions[url] = session
        return session


def stop_sessions() -> None:
    """Stop every Spark session this process started."""
    with _lock:
        for session in _sessions.values():
            session.stop()
        _sessions.clear()


def spark_backend(session: SparkSession) -> SparkBackend:
    import ibis
    import sqlglot.expressions as sge
    from ibis.backends.pyspark import Backend
    from ibis.backends.sql.compilers.pyspark import PySparkCompiler

    ibis.pyspark  # noqa: B018 - loading the backend through Ibis registers its options

    class Compiler(PySparkCompiler):
        """Whitespace trimmed as DuckDB trims it. Ibis writes the characters to trim as a literal
        with ``\\v`` and ``\\f``, which Spark reads as the letters v and f ('dev' became 'de')."""

        def visit_Strip(self, op: Any, *, arg: Any) -> Any:
            return self.f.regexp_replace(arg, sge.convert(r"^\s+|\s+$"), sge.convert(""))

        def visit_RegexReplace(self, op: Any, *, arg: Any, pattern: Any, replacement: Any) -> Any:
            """Groups referred to as Java writes them (``$1``, where DuckDB takes ``\\1``)."""
            value = getattr(op.replacement, "value", None)
            if isinstance(value, str):
                java = re.sub(r"\\(\d)", r"$\1", value.replace("$", "\\$"))
                replacement = sge.convert(java)
            return self.f.regexp_replace(arg, pattern, replacement)

    class ArrowBackend(Backend):
        """Ibis's PySpark backend, with in-memory tables handed to Spark as Arrow: its own path
        goes through pandas, which fails on an empty decimal and can round a timestamp."""

        compiler = Compiler()

        def _register_in_memory_table(self, op: Any) -> None:
            arrow = op.data.to_pyarrow(op.schema)
            frame = self._session.createDataFrame(arrow, schema=_spark_schema(op.schema))
            frame.createOrReplaceTempView(op.name)

    backend = ArrowBackend()
    backend.do_connect(session)
    return backend


def _spark_schema(schema: Any) -> Any:
    from ibis.backends.pyspark.datatypes import PySparkSchema

    return PySparkSchema.from_ibis(schema)


def to_spark_sql(duckdb_sql: str) -> str:
    """The same query in Spark's dialect: the ledger's views are written once, in DuckDB's."""
    return sqlglot.transpile(duckdb_sql, read="duckdb", write="spark")[0]


def _footer_schema(path: Path) -> Any:
    import pyarrow.parquet as pq

    first = min(path.glob("*.parquet")) if path.is_dir() else path
    return pq.read_schema(first)


def register_parquet(session: SparkSession, name: str, files: Sequence[Path]) -> list[str]:
    """A temporary view over the ledger's Parquet files, columns merged by name as DuckDB's
    ``union_by_name`` does (a column a file lacks is null); returns the column names.

    The files' own hidden columns (``_bad``, ``_source_amount``: the import's checks) are left out,
    since they differ in width between the engines that wrote them and no view reads them; files
    with the same columns are read together, so a ledger of many imports is a few reads.
    """
    from functools import reduce

    groups: dict[str, list[str]] = {}
    for f in files:
        groups.setdefault(str(_footer_schema(f)), []).append(str(f))
    frames = []
    for paths in groups.values():
        frame = session.read.parquet(*paths)
        keep = [c for c in frame.columns if not c.startswith("_") or c == "_rkey"]
        frames.append(frame.select(*[f"`{c}`" for c in keep]))
    merged = reduce(lambda a, b: a.unionByName(b, allowMissingColumns=True), frames)
    merged.createOrReplaceTempView(name)
    return list(merged.columns)


def register_catalog(session: SparkSession, con: duckdb.DuckDBPyConnection) -> None:
    """Copy the catalog tables into Spark temporary views of the same names (decimals exact: the
    copy goes through Arrow)."""
    for table in CATALOG_TABLES:
        arrow = con.sql(f"SELECT * FROM {table}").to_arrow_table()
        session.createDataFrame(arrow).createOrReplaceTempView(table)


#: A column Spark's raw tables carry, in file order, so that an error can name its row.
ROW_ORDER = "_spark_order"


def read_csv_text(session: SparkSession, path: Path, header: list[str], name: str) -> None:
    """A UTF-8 CSV (or CSV.gz) as text columns named by ``header``, as a temporary view.

    Nothing is guessed (every column text, as DuckDB's reader is told), and a row with too few or
    too many fields stops the read instead of being filled with nulls (Spark's default).
    """
    from pyspark.sql import functions as F

    frame = (
        session.read.option("header", True)
        .option("inferSchema", False)
        .option("mode", "FAILFAST")
        .option("quote", '"')
        .option("escape", '"')
        .option("nullValue", "NULL")
        .option("encoding", "UTF-8")
        .option("enforceSchema", False)
        .csv(str(path))
    )
    frame.toDF(*header).withColumn(ROW_ORDER, F.monotonically_increasing_id()).createOrReplaceTempView(name)


def read_parquet_text(session: SparkSession, path: Path, name: str) -> None:
    """A Parquet file with every column as text (maps, structs and lists as JSON), as a temporary
    view."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, MapType, StructType

    frame = session.read.parquet(str(path))
    nested = (ArrayType, MapType, StructType)
    cols = [
        (
            F.to_json(F.col(f"`{f.name}`"))
            if isinstance(f.dataType, nested)
            else F.col(f"`{f.name}`").cast("string")
        ).alias(f.name)
        for f in frame.schema.fields
    ]
    frame.select(*cols, F.monotonically_increasing_id().alias(ROW_ORDER)).createOrReplaceTempView(name)


def write_ledger_parquet(frame: Any, path: Path) -> None:
    """A frame written as the ledger's files: zoned timestamps turned into their UTC wall clock
    (the session's zone is UTC), as DuckDB stores them."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import TimestampType

    cols = [
        F.col(f"`{f.name}`").cast("timestamp_ntz").alias(f.name)
        if isinstance(f.dataType, TimestampType)
        else F.col(f"`{f.name}`")
        for f in frame.schema.fields
    ]
    frame.select(*cols).write.option("compression", "zstd").parquet(str(path))


def is_spark(expr: Any) -> bool:
    """Whether an Ibis expression is bound to Spark (some functions are named differently there)."""
    try:
        return bool(expr._find_backend().name == "pyspark")
    except Exception:
        return False


def register_sql(session: SparkSession, name: str, duckdb_sql: str) -> None:
    session.sql(to_spark_sql(duckdb_sql)).createOrReplaceTempView(name)
