"""``--engine`` on the command line: the same output from Spark as from DuckDB, clear errors."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from govcost.cli import app, main
from govcost.engine import Engine
from govcost.errors import UsageError
from govcost.spark import to_spark_sql
from tests.spark.conftest import Engines

runner = CliRunner(env={"COLUMNS": "250"})


def _run(ledger: str, *args: str) -> str:
    result = runner.invoke(app, ["--ledger", ledger, *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.spark
def test_summary_command_same_on_both_engines(engines: Engines) -> None:
    ledger = str(engines.duckdb.ledger.path)
    args = ["summary", "--by", "municipality", "--by", "cost_source", "--format", "json"]
    on_duckdb = _run(ledger, *args)
    on_spark = _run(ledger, "--engine", "spark", "--spark-master", "local[2]", *args)
    assert on_spark == on_duckdb
    rows = json.loads(on_spark)
    assert len(rows) > 24 and {r["団体"] for r in rows} >= {"131016", "132012"}


@pytest.mark.spark
def test_engine_from_the_environment(engines: Engines, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVCOST_ENGINE", "spark")
    monkeypatch.setenv("GOVCOST_SPARK_MASTER", "local[2]")
    eng = Engine(engines.duckdb.ledger)
    assert eng.on_spark and eng.ibis.name == "pyspark"


def test_unknown_engine_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["govcost", "--engine", "oracle", "summary"])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "エンジン oracle は使えません" in err and "duckdb, spark" in err and "Traceback" not in err
    with pytest.raises(UsageError):
        Engine("unused", engine="postgres")


def test_views_are_written_once_in_duckdb_dialect() -> None:
    sql = to_spark_sql(
        'SELECT "a", CAST(x AS TIMESTAMP) AS t FROM f c '
        "SEMI JOIN (SELECT k FROM s WHERE active) s ON c.k = s.k"
    )
    assert "`a`" in sql and "TIMESTAMP_NTZ" in sql and "SEMI JOIN" in sql
