"""Utilisation metrics: a hand-written CloudWatch-like file, its Parquet twin, the demo's files, and
every way a metrics file can be broken."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import DATA, ledger_state
from typer.testing import CliRunner

from govcost.cli import app
from govcost.demo import generate, run_demo
from govcost.engine import Engine
from govcost.errors import GovcostError, InputError

SMALL = DATA / "metrics_small.csv"
CPU_1 = "i-0a1b2c3d4e5f60001"
IDLE_2 = "i-0f9e8d7c6b5a40002"
HEADER = "resource_id,timestamp,metric,value\n"
GOOD = f"{CPU_1},2025-05-01T00:00:00Z,cpu_percent,12.5\n"

Row = tuple[str, dt.datetime, str, float]


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC).replace(tzinfo=None)


def _expected(path: Path) -> list[Row]:
    """The rows the ledger must hold, worked out here from the source with the csv module."""
    by_hand = {"CPUUtilization": "cpu_percent", "mem_used_percent": "memory_percent"}
    with path.open(encoding="utf-8-sig", newline="") as f:
        return sorted(
            (r["resource_id"], _utc(r["timestamp"]), by_hand.get(r["metric"], r["metric"]), float(r["value"]))
            for r in csv.DictReader(f)
        )


def _stored(engine: Engine) -> list[Row]:
    rows = engine.metrics().to_pyarrow().to_pylist()
    return sorted((r["resource_id"], r["timestamp"], r["metric"], r["value"]) for r in rows)


def _state(engine: Engine) -> tuple[Any, ...]:
    """Everything a failed import must leave as it was, metrics included."""
    files = sorted(p.name for p in engine.ledger.metrics_dir.glob("*"))
    slices = engine.ledger.con.execute("SELECT * FROM slices ORDER BY ALL").fetchall()
    return (ledger_state(engine), _stored(engine), files, slices)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- a good file ---------------------------------------------------------------------------------
def test_small_file_is_stored_row_for_row(engine: Engine) -> None:
    report = engine.ingest([SMALL])[0]
    assert (report.format, report.status, report.rows_read, report.rows_stored) == (
        "metrics",
        "imported",
        19,
        19,
    )
    assert report.reconciled
    assert _stored(engine) == _expected(SMALL)
    # By hand: CloudWatch names are stored as ours, and 09:00 JST is 00:00 UTC.
    stored = {(r, t, m): v for r, t, m, v in _stored(engine)}
    assert stored[(CPU_1, dt.datetime(2025, 5, 1, 0, 0), "cpu_percent")] == 3.1
    assert stored[(CPU_1, dt.datetime(2025, 4, 30, 22, 0), "memory_percent")] == 63.2
    assert stored[(CPU_1, dt.datetime(2025, 5, 1, 0, 0), "network_bytes")] == 18734522.0
    assert stored[(IDLE_2, dt.datetime(2025, 5, 1, 0, 0), "disk_read_ops")] == 1250.0
    assert report.notes == {
        "metrics": {
            "cpu_percent": 7,
            "disk_read_ops": 1,
            "disk_used_gb": 2,
            "memory_percent": 7,
            "network_bytes": 2,
        },
        "resources": 2,
        "from": "2025-04-30T22:00:00",
        "to": "2025-05-01T01:00:00",
        "kept_not_used": ["disk_read_ops"],
    }


def test_storage_is_its_own_and_the_cost_view_never_reads_it(engine: Engine) -> None:
    report = engine.ingest([SMALL])[0]
    ledger = engine.ledger
    files = ledger.active_metric_files()
    assert files == [ledger.metrics_dir / f"{report.import_id}.parquet"]
    assert ledger.active_files() == []
    assert list(ledger.costs_dir.glob("*")) == []
    assert engine.costs().count().to_pyarrow().as_py() == 0
    schema = pq.read_schema(files[0])
    assert [(f.name, str(f.type)) for f in schema] == [
        ("resource_id", "string"),
        ("timestamp", "timestamp[us]"),
        ("metric", "string"),
        ("value", "double"),
        ("import_id", "string"),
        ("slice_key", "string"),
    ]
    assert ledger.con.execute("SELECT slice_key FROM slices WHERE active ORDER BY 1").fetchall() == [
        (f"metrics|{CPU_1}|2025-04",),
        (f"metrics|{CPU_1}|2025-05",),
        (f"metrics|{IDLE_2}|2025-04",),
        (f"metrics|{IDLE_2}|2025-05",),
    ]
    (log,) = engine.imports()
    assert (log.format, log.status, log.rows_read, log.rows_stored, log.active_slices) == (
        "metrics",
        "active",
        19,
        19,
        4,
    )


def test_no_metrics_is_an_empty_table_of_the_right_types(engine: Engine) -> None:
    engine.ingest([DATA / "cost_lines_small.csv"])
    cost_rows = engine.costs().count().to_pyarrow().as_py()
    metrics = engine.metrics()
    types = {name: metrics.schema()[name] for name in metrics.columns}
    assert list(types) == ["resource_id", "timestamp", "metric", "value"]
    assert types["resource_id"].is_string() and types["metric"].is_string()
    assert types["timestamp"].is_timestamp() and types["timestamp"].timezone is None
    assert types["value"].is_float64()
    assert metrics.count().to_pyarrow().as_py() == 0
    engine.ingest([SMALL])
    loaded = engine.metrics()
    assert {n: loaded.schema()[n] for n in loaded.columns} == types
    assert engine.costs().count().to_pyarrow().as_py() == cost_rows  # no metric row among the costs


def test_same_file_twice_is_unchanged(engine: Engine) -> None:
    first = engine.ingest([SMALL])[0]
    before = _state(engine)
    again = engine.ingest([SMALL])[0]
    assert (again.status, again.import_id) == ("unchanged", first.import_id)
    assert _state(engine) == before


@pytest.mark.parametrize("variant", ["bom", "gzip", "bom-gzip"])
def test_bom_and_gzip(engine: Engine, tmp_path: Path, variant: str) -> None:
    data = SMALL.read_bytes()
    if "bom" in variant:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / ("m.csv.gz" if "gzip" in variant else "m.csv")
    path.write_bytes(gzip.compress(data) if "gzip" in variant else data)
    report = engine.ingest([path])[0]
    assert (report.status, report.rows_read, report.rows_stored) == ("imported", 19, 19)
    assert _stored(engine) == _expected(SMALL)


@pytest.mark.parametrize("tz", ["UTC", "Asia/Tokyo", None])
def test_parquet_input(engine: Engine, tmp_path: Path, tz: str | None) -> None:
    with SMALL.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    when = [_utc(r["timestamp"]).replace(tzinfo=dt.UTC) for r in rows]
    table = pa.table(
        {
            "resource_id": pa.array([r["resource_id"] for r in rows]).dictionary_encode(),
            "timestamp": pa.array(
                [w if tz else w.replace(tzinfo=None) for w in when], pa.timestamp("s", tz=tz)
            ),
            "metric": pa.array([r["metric"] for r in rows]).dictionary_encode(),
            "value": pa.array([float(r["value"]) for r in rows], pa.float64()),
        }
    )
    path = tmp_path / "m.parquet"
    pq.write_table(table, path)
    report = engine.ingest([path])[0]
    assert (report.status, report.rows_read, report.rows_stored) == ("imported", 19, 19)
    assert _stored(engine) == _expected(SMALL)


# --- replacement ---------------------------------------------------------------------------------
def test_newer_export_replaces_only_its_resource_months(engine: Engine, tmp_path: Path) -> None:
    first = engine.ingest([SMALL])[0]
    newer = _write(
        tmp_path / "newer.csv",
        HEADER
        + f"{CPU_1},2025-05-01T00:00:00Z,cpu_percent,4.2\n{CPU_1},2025-05-01T01:00:00Z,cpu_percent,3.3\n",
    )
    report = engine.ingest([newer])[0]
    assert (report.status, report.replaced) == ("replaced", [first.import_id])
    expected = [r for r in _expected(SMALL) if not (r[0] == CPU_1 and r[1] >= dt.datetime(2025, 5, 1))]
    expected += [
        (CPU_1, dt.datetime(2025, 5, 1, 0), "cpu_percent", 4.2),
        (CPU_1, dt.datetime(2025, 5, 1, 1), "cpu_percent", 3.3),
    ]
    assert _stored(engine) == sorted(expected)
    log = {r.import_id: r for r in engine.imports()}
    assert (log[first.import_id].status, log[first.import_id].active_slices) == ("active", 3)
    assert (log[report.import_id].status, log[report.import_id].active_slices) == ("active", 1)


def test_files_of_one_batch_do_not_replace_each_other(engine: Engine, tmp_path: Path) -> None:
    a = _write(tmp_path / "a.csv", HEADER + f"{CPU_1},2025-05-01T00:00:00Z,cpu_percent,4.2\n")
    b = _write(tmp_path / "b.csv", HEADER + f"{CPU_1},2025-05-02T00:00:00Z,cpu_percent,5.5\n")
    reports = engine.ingest([a, b])
    assert [r.status for r in reports] == ["imported", "imported"]
    assert [v for *_, v in _stored(engine)] == [4.2, 5.5]


def _hourly(path: Path, resources: int, hours: int, value: float) -> Path:
    ids = [f"i-{k:017x}" for k in range(resources)]
    start = dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
    pq.write_table(
        pa.table(
            {
                "resource_id": pa.array([i for i in ids for _ in range(hours)]),
                "timestamp": pa.array(
                    [start + dt.timedelta(hours=h) for _ in ids for h in range(hours)],
                    pa.timestamp("s", tz="UTC"),
                ),
                "metric": pa.array(["cpu_percent"] * (resources * hours)),
                "value": pa.array([value] * (resources * hours), pa.float64()),
            }
        ),
        path,
    )
    return path


def test_ten_thousand_resource_months_log_quickly(engine: Engine, tmp_path: Path) -> None:
    old = engine.ingest([_hourly(tmp_path / "old.parquet", 10_000, 3, 10.0)])[0]
    started = time.perf_counter()
    new = engine.ingest([_hourly(tmp_path / "new.parquet", 10_000, 2, 20.0)])[0]
    assert time.perf_counter() - started < 15
    assert (new.status, new.replaced) == ("replaced", [old.import_id])
    assert engine.ledger.con.execute("SELECT count(*) FROM slices WHERE active").fetchall() == [(10_000,)]
    metrics = engine.metrics()
    agg = metrics.aggregate(n=metrics.count(), v=metrics.value.max()).to_pyarrow().to_pylist()[0]
    assert agg == {"n": 20_000, "v": 20.0}
    assert [r.status for r in engine.imports()] == ["superseded", "active"]


def test_orphaned_metric_files_are_removed(engine: Engine, tmp_path: Path) -> None:
    report = engine.ingest([SMALL])[0]
    stray = [engine.ledger.metrics_dir / ".x.parquet.tmp", engine.ledger.metrics_dir / "x.parquet"]
    for p in stray:
        p.write_bytes(b"left by an interrupted import")
    engine.ingest([_write(tmp_path / "b.csv", HEADER + GOOD)])
    names = {p.name for p in engine.ledger.metrics_dir.glob("*")}
    assert f"{report.import_id}.parquet" in names and not names & {p.name for p in stray}


# --- the demo ------------------------------------------------------------------------------------
def test_the_demo_metrics_file_imports_as_written(engine: Engine, tmp_path: Path) -> None:
    manifest = generate(tmp_path / "demo", municipalities=2, months=1)
    (path,) = manifest.metrics_files
    report = engine.ingest([path])[0]
    source = duckdb.execute(
        f"SELECT resource_id::VARCHAR, timezone('UTC', timestamp), metric::VARCHAR, value "
        f"FROM read_parquet('{path}') ORDER BY ALL"
    ).fetchall()
    assert report.rows_read == report.rows_stored == len(source) == pq.ParquetFile(path).metadata.num_rows
    assert _stored(engine) == source
    by_metric = dict(
        duckdb.execute(f"SELECT metric::VARCHAR, count(*) FROM read_parquet('{path}') GROUP BY 1").fetchall()
    )
    assert report.notes["metrics"] == by_metric


def test_the_demo_pipeline_imports_the_metrics_after_the_costs(engine: Engine, tmp_path: Path) -> None:
    result = run_demo(engine, tmp_path / "demo", municipalities=2, months=2)
    formats = [r.format for r in result.reports]
    n = len(result.manifest.metrics_files)
    assert n == 2 and formats[-n:] == ["metrics"] * n and "metrics" not in formats[:-n]
    assert [Path(r.file) for r in result.reports[-n:]] == result.manifest.metrics_files
    assert engine.metrics().count().to_pyarrow().as_py() == result.manifest.rows["metrics"]
    assert len({r.import_id for r in engine.imports()}) == len(result.reports)


def test_cli_ingest_and_imports_list_metrics(tmp_path: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "250"})
    ledger = str(tmp_path / "l")
    out = runner.invoke(app, ["--ledger", ledger, "ingest", str(SMALL)])
    assert out.exit_code == 0, out.output
    assert "metrics_small.csv" in out.output and "metrics" in out.output and "19" in out.output
    log = runner.invoke(app, ["--ledger", ledger, "imports"], terminal_width=250).output
    assert "metrics_small.csv" in log and "metrics" in log


# --- broken files --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "key", "column"),
    [
        (f"{CPU_1},2025-05-01T01:00:00Z,cpu_percent,abc", "input.bad_decimal", "value"),
        (f"{CPU_1},2025-05-01T01:00:00Z,cpu_percent,NaN", "input.bad_decimal", "value"),
        (f"{CPU_1},2025-05-01T01:00:00Z,cpu_percent,", "input.null_mandatory", "value"),
        (f"{CPU_1},2025-13-01T01:00:00Z,cpu_percent,1", "input.bad_timestamp", "timestamp"),
        (f"{CPU_1},yesterday,cpu_percent,1", "input.bad_timestamp", "timestamp"),
        (f"{CPU_1},,cpu_percent,1", "input.null_mandatory", "timestamp"),
        (",2025-05-01T01:00:00Z,cpu_percent,1", "input.null_mandatory", "resource_id"),
        ("   ,2025-05-01T01:00:00Z,cpu_percent,1", "input.null_mandatory", "resource_id"),
        (f"{CPU_1},2025-05-01T01:00:00Z,,1", "input.null_mandatory", "metric"),
        (f"{CPU_1},2025-05-01T01:00:00Z,cpu_percent,100.01", "metrics.out_of_range", "value"),
        (f"{CPU_1},2025-05-01T01:00:00Z,mem_used_percent,-0.5", "metrics.out_of_range", "value"),
        (f"{CPU_1},2025-05-01T01:00:00Z,disk_used_gb,-3", "metrics.negative", "value"),
        (f"{CPU_1},2025-05-01T01:00:00Z,network_bytes,-1", "metrics.negative", "value"),
        (f"{CPU_1},2025-05-01T01:00:00Z,NetworkOut,1200", "metrics.bad_name", "metric"),
        (f"{CPU_1},2025-05-01T01:00:00Z,Disk Used,1", "metrics.bad_name", "metric"),
        (
            f"{CPU_1},2025-05-01T00:00:00Z,cpu_percent,12.5",
            "metrics.duplicate",
            "resource_id, timestamp, metric",
        ),
        (
            f"{CPU_1},2025-05-01T00:00:00Z,cpu_percent,99",
            "metrics.duplicate",
            "resource_id, timestamp, metric",
        ),
        # The same instant in JST, under CloudWatch's name: still the same key.
        (
            f"{CPU_1},2025-05-01T09:00:00+09:00,CPUUtilization,3",
            "metrics.duplicate",
            "resource_id, timestamp, metric",
        ),
    ],
)
def test_broken_rows(engine: Engine, tmp_path: Path, line: str, key: str, column: str) -> None:
    engine.ingest([SMALL])
    before = _state(engine)
    path = _write(
        tmp_path / "bad.csv", HEADER + GOOD + line + "\n" + f"{IDLE_2},2025-05-01T00:00:00Z,cpu_percent,1\n"
    )
    with pytest.raises(InputError) as info:
        engine.ingest([path])
    err = info.value
    assert (err.key, err.file, err.row, err.column) == (key, str(path), 3, column)
    if key == "metrics.duplicate":
        assert err.params["first_row"] == 2
    assert _state(engine) == before


def test_the_first_broken_row_is_named(engine: Engine, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "bad.csv",
        HEADER + GOOD + f"{CPU_1},2025-05-01T01:00:00Z,Bad,1\n{CPU_1},2025-05-01T02:00:00Z,cpu_percent,x\n",
    )
    with pytest.raises(InputError) as info:
        engine.ingest([path])
    assert (info.value.key, info.value.row, info.value.column) == ("metrics.bad_name", 3, "metric")
    assert "Bad" in info.value.render("en") and "3 行目" in info.value.render("ja")


def test_missing_column(engine: Engine, tmp_path: Path) -> None:
    engine.ingest([SMALL])
    before = _state(engine)
    path = _write(
        tmp_path / "bad.csv", f"resource_id,timestamp,metric\n{CPU_1},2025-05-01T00:00:00Z,cpu_percent\n"
    )
    with pytest.raises(InputError) as info:
        engine.ingest([path])
    err = info.value
    assert (err.key, err.file, err.row, err.params["columns"]) == (
        "input.missing_columns",
        str(path),
        1,
        "value",
    )
    assert _state(engine) == before


def test_header_only(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        engine.ingest([_write(tmp_path / "empty.csv", HEADER)])
    assert info.value.key == "input.empty"
    assert engine.imports() == []


def _big(rows: int) -> bytes:
    start = dt.datetime(2025, 4, 1)
    body = "".join(
        f"i-{k % 50:017x},{start + dt.timedelta(hours=k // 50):%Y-%m-%dT%H:%M:%SZ},cpu_percent,{k % 97}.5\n"
        for k in range(rows)
    )
    return (HEADER + body).encode()


@pytest.mark.parametrize("size", ["small", "large"])
def test_truncated_gzip(engine: Engine, tmp_path: Path, size: str) -> None:
    engine.ingest([SMALL])
    before = _state(engine)
    data = gzip.compress(SMALL.read_bytes() if size == "small" else _big(20_000))
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(InputError) as info:
        engine.ingest([path])
    assert (info.value.key, info.value.file) == ("input.truncated", str(path))
    assert _state(engine) == before


def test_shift_jis_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "sjis.csv"
    path.write_bytes((HEADER + "住記サーバ,2025-05-01T00:00:00Z,cpu_percent,1\n").encode("cp932"))
    with pytest.raises(InputError) as info:
        engine.ingest([path])
    assert (info.value.key, info.value.file, info.value.found) == ("metrics.encoding", str(path), "cp932")
    assert engine.imports() == [] and _stored(engine) == []


def test_a_bad_byte_deep_in_the_file_is_named_by_row(engine: Engine, tmp_path: Path) -> None:
    engine.ingest([SMALL])
    before = _state(engine)
    path = tmp_path / "bad-utf8.csv"
    path.write_bytes(_big(20_000) + b"i-\xff\xfe,2025-05-01T00:00:00Z,cpu_percent,1\n")
    with pytest.raises(InputError) as info:
        engine.ingest([path])
    assert (info.value.key, info.value.file, info.value.row) == ("metrics.encoding", str(path), 20_002)
    assert _state(engine) == before


def test_broken_parquet(engine: Engine, tmp_path: Path) -> None:
    engine.ingest([SMALL])
    before = _state(engine)
    good = _hourly(tmp_path / "good.parquet", 5, 10, 1.0)
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(good.read_bytes()[:-100])
    with pytest.raises(GovcostError) as info:
        engine.ingest([cut])
    assert (info.value.key, info.value.file) == ("input.truncated", str(cut))
    nan = tmp_path / "nan.parquet"
    pq.write_table(
        pa.table(
            {
                "resource_id": ["i-1", "i-1"],
                "timestamp": pa.array([dt.datetime(2025, 4, 1, h) for h in (0, 1)], pa.timestamp("s")),
                "metric": ["cpu_percent", "cpu_percent"],
                "value": [1.0, float("nan")],
            }
        ),
        nan,
    )
    with pytest.raises(InputError) as nan_info:
        engine.ingest([nan])
    assert (nan_info.value.key, nan_info.value.row, nan_info.value.column) == (
        "input.bad_decimal",
        3,
        "value",
    )
    assert _state(engine) == before
