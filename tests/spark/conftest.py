"""One demo ledger read by both engines: DuckDB and local Spark over the same Parquet files.

Two months of the 24 demo municipalities carry every planted optimisation case, the jointly used
systems the allocation splits, and the KPI and scenario inputs, so each comparison has real work in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from govcost.demo.run import run_demo
from govcost.engine import Engine


@dataclass
class Engines:
    duckdb: Engine
    spark: Engine
    data: Path


@pytest.fixture(scope="session")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engines]:
    out = tmp_path_factory.mktemp("spark-demo")
    duck = Engine(out / "ledger")
    run_demo(duck, out / "data", municipalities=24, months=2)
    spark = Engine(duck.ledger, engine="spark", spark_master="local[2]")
    yield Engines(duck, spark, out / "data")
    duck.close()
