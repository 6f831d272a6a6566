"""Provider exports imported by Spark: the same Parquet rows, reports and errors as DuckDB's import.

The real files of ../shared/data/external and our small CUR and FOCUS fixtures are imported once
with each engine into fresh ledgers; every stored row (all but the import's id), the reconciliation
and the errors for broken copies must be the same.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA, FOCUS_SAMPLE

from govcost.engine import Engine
from govcost.errors import GovcostError
from tests.ingest.formats.test_aws_cur import COST, SAMPLE, SMALL, failing, fx_file, small_variant
from tests.ingest.formats.test_aws_cur2 import cur2_records, write_csv, write_parquet
from tests.spark.test_parity import rows_of

pytestmark = pytest.mark.spark

MASTER = "local[2]"


def _both(tmp_path: Path, files: list[Path], **kw: Path) -> tuple[Engine, Engine]:
    duck = Engine(tmp_path / "duckdb")
    spark = Engine(tmp_path / "spark", engine="spark", spark_master=MASTER)
    for eng in (duck, spark):
        eng.ingest(files, **kw)
    return duck, spark


def _same(duck: Engine, spark: Engine) -> None:
    d, s = duck.imports(), spark.imports()
    assert [(r.format, r.rows_read, r.rows_stored, r.totals, r.status) for r in d] == [
        (r.format, r.rows_read, r.rows_stored, r.totals, r.status) for r in s
    ]
    assert rows_of(duck.costs().drop("import_id")) == rows_of(spark.costs().drop("import_id"))


@pytest.mark.parametrize(
    ("source", "rates"),
    [
        (SAMPLE, [("2023-11", "149.5")]),
        (FOCUS_SAMPLE, [("2024-09", "143.25"), ("2024-10", "149.80")]),
        (DATA / "cur_legacy_small.csv", [("2025-10", "150.25")]),
        (DATA / "focus_small_tagged.csv", [("2025-04", "150")]),
    ],
    ids=["aws-cur-sample", "focus-sample", "cur-small", "focus-small"],
)
def test_real_exports_import_the_same_on_spark(
    tmp_path: Path, write_rates: Callable[..., Path], source: Path, rates: list[tuple[str, str]]
) -> None:
    if not source.is_file():
        pytest.skip(f"{source} is not there")
    fx = write_rates({(m, "USD"): r for m, r in rates})
    duck, spark = _both(tmp_path, [source], fx=fx, accounts=DATA / "accounts_small.csv")
    _same(duck, spark)
    (stored,) = [r for r in spark.imports() if r.format != "account-map" and r.format != "fx-rates"]
    assert stored.rows_stored > 0 and all(t.matches for t in stored.totals)
    written = spark.ledger.parquet_path(stored.import_id)
    assert written.is_dir() and any(written.glob("*.parquet"))


@pytest.mark.parametrize("form", ["parquet", "csv.gz"])
def test_cur2_imports_the_same_on_spark(tmp_path: Path, form: str) -> None:
    """CUR 2.0 as Parquet (MAP columns, doubles, zoned timestamps) and as CSV (JSON text)."""
    path = tmp_path / f"cur2.{form}"
    if form == "parquet":
        write_parquet(path, cur2_records())
    else:
        write_csv(path, cur2_records())
    duck, spark = _both(tmp_path, [path], fx=fx_file(tmp_path, "2025-10", "150.25"))
    _same(duck, spark)
    tagged = duck.costs().filter(duck.costs().Tags.notnull()).count().to_pyarrow().as_py()
    assert tagged > 0


def test_gzipped_cur_and_the_ledger_read_back_by_duckdb(tmp_path: Path) -> None:
    gz = tmp_path / "cur.csv.gz"
    gz.write_bytes(gzip.compress(SMALL.read_bytes()))
    fx = fx_file(tmp_path, "2025-10", "150.25")
    spark = Engine(tmp_path / "spark", engine="spark", spark_master=MASTER)
    spark.ingest([gz], fx=fx)
    plain = Engine(tmp_path / "plain")
    plain.ingest([SMALL], fx=fx)
    # The Spark-written ledger, read by DuckDB: the same rows as DuckDB's own import.
    on_duckdb = Engine(spark.ledger.path)
    assert rows_of(on_duckdb.costs().drop("import_id")) == rows_of(plain.costs().drop("import_id"))


def test_the_batch_runs_small_files_on_duckdb(tmp_path: Path, write_rates: Callable[..., Path]) -> None:
    fx = write_rates({("2025-04", "USD"): "150"})
    spark = Engine(tmp_path / "spark", engine="spark", spark_master=MASTER)
    reports = spark.ingest(
        [DATA / "focus_small_tagged.csv", DATA / "cost_lines_small.csv", DATA / "metrics_small.csv"],
        fx=fx,
        accounts=DATA / "accounts_small.csv",
    )
    assert [r.status for r in reports] == ["loaded", "loaded", "imported", "imported", "imported"]
    duck = Engine(tmp_path / "duckdb")
    duck.ingest(
        [DATA / "focus_small_tagged.csv", DATA / "cost_lines_small.csv", DATA / "metrics_small.csv"],
        fx=fx,
        accounts=DATA / "accounts_small.csv",
    )
    _same(duck, spark)
    assert rows_of(duck.metrics()) == rows_of(spark.metrics())


@pytest.fixture
def loaded(tmp_path: Path) -> Engine:
    engine = Engine(tmp_path / "ledger", engine="spark", spark_master=MASTER)
    engine.ingest([SMALL], fx=fx_file(tmp_path, "2025-10", "150.25"))
    return engine


def _failing(engine: Engine, path: Path) -> GovcostError:
    """The import fails, the ledger is as it was, and no part file of it is left behind."""
    err = failing(engine, path)
    assert not list(engine.ledger.costs_dir.glob(".*"))
    return err


def _edit(row: int, column: str, value: str) -> Callable[..., tuple[list[str], list[list[str]]]]:
    def edit(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        rows[row][header.index(column)] = value
        return header, rows

    return edit


def test_non_numeric_cost_names_file_row_and_column(loaded: Engine, tmp_path: Path) -> None:
    path = small_variant(tmp_path, "bad_cost.csv", _edit(4, COST, "17O.5"))
    err = _failing(loaded, path)
    assert (err.key, err.row, err.column, err.found) == ("input.bad_decimal", 6, COST, "17O.5")


def test_usage_outside_the_billing_period(loaded: Engine, tmp_path: Path) -> None:
    path = small_variant(tmp_path, "late.csv", _edit(2, "lineItem/UsageStartDate", "2025-11-03T00:00:00Z"))
    err = _failing(loaded, path)
    assert (err.key, err.row, err.column) == ("input.outside_period", 4, "lineItem/UsageStartDate")


def test_mixed_currencies_in_one_account(loaded: Engine, tmp_path: Path) -> None:
    err = _failing(loaded, small_variant(tmp_path, "mixed.csv", _edit(3, "lineItem/CurrencyCode", "EUR")))
    assert (err.key, err.row) == ("input.mixed_currency", 5)


def test_truncated_gzip(loaded: Engine, tmp_path: Path) -> None:
    data = gzip.compress(SMALL.read_bytes() * 40)
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    err = _failing(loaded, path)
    assert err.key == "input.truncated" and err.file and err.file.endswith("cut.csv.gz")


def test_a_row_with_a_missing_field_is_not_filled_with_nulls(loaded: Engine, tmp_path: Path) -> None:
    lines = SMALL.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].rsplit(",", 1)[0]
    path = tmp_path / "short.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = _failing(loaded, path)
    assert err.key == "input.truncated"
