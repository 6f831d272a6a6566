"""Shared fixtures: a fresh ledger per test, FX rate files, and a snapshot of a ledger's state."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from govcost.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
EXTERNAL = ROOT.parent / "shared" / "data" / "external"
FOCUS_SAMPLE = EXTERNAL / "FOCUS-Sample-Data" / "focus_sample.csv"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = Engine(tmp_path / "ledger")
    yield eng
    eng.close()


@pytest.fixture
def write_rates(tmp_path: Path) -> Callable[..., Path]:
    """Write an FX table; rates are given as strings so no float ever touches them."""

    def write(rates: dict[tuple[str, str], str], name: str = "fx.csv") -> Path:
        path = tmp_path / name
        lines = ["month,currency,jpy_per_unit"] + [f"{m},{c},{r}" for (m, c), r in rates.items()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


def ledger_state(engine: Engine) -> tuple[object, ...]:
    """Everything a failed import must leave as it was: the log, the files, the rows and totals."""
    costs = engine.costs()
    agg = costs.aggregate(n=costs.count(), billed=costs.BilledCost.sum(), jpy=costs.billed_cost_jpy.sum())
    row = agg.to_pyarrow().to_pylist()[0]
    files = sorted(p.name for p in engine.ledger.costs_dir.glob("*"))
    log = [(r.import_id, r.status, r.rows_stored) for r in engine.imports()]
    fx = engine.ledger.con.execute("SELECT * FROM fx_rates ORDER BY ALL").fetchall()
    amap = engine.ledger.con.execute("SELECT * FROM account_map ORDER BY ALL").fetchall()
    return (row["n"], row["billed"] or Decimal(0), row["jpy"] or Decimal(0), files, log, fx, amap)
