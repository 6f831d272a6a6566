"""The optimisation benchmark (bench/optimize.py) at a tiny size: what it generates imports cleanly,
every registered rule runs over it, and the report it prints can be built."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from bench import optimize as bench
from govcost.engine import Engine
from govcost.optimize.base import RULES

INSTANCES, DAYS = 50, 2


def test_generated_files_import_and_every_rule_runs(tmp_path: Path) -> None:
    data = bench.generate(tmp_path / "data", INSTANCES, DAYS)
    assert data.generate_s is not None
    ledger = tmp_path / "ledger"
    with Engine(ledger) as engine:
        reports = engine.ingest([data.costs, *data.metrics], accounts=data.accounts, fx=data.fx)
        assert {r.status for r in reports} <= {"imported", "loaded"}, [(r.file, r.status) for r in reports]
        (focus,) = [r for r in reports if r.format == "focus"]
        assert focus.reconciled and focus.unassigned_rows == 0
        assert focus.rows_stored == data.cost_rows
        assert sum(r.rows_stored for r in reports if r.format == "metrics") == data.metric_rows
        # Every instance and volume is a resource, owned through the account map.
        c = engine.costs()
        kinds = Counter(
            r["ResourceType"]
            for r in c.filter(c.ChargeCategory == "Usage")
            .select("ResourceId", "ResourceType")
            .distinct()
            .to_pyarrow()
            .to_pylist()
        )
        assert kinds == {"instance": INSTANCES, "volume": data.volumes}

    out = bench.child_optimize(ledger, DAYS)
    assert "error" not in out, out["error"]
    assert set(out["rules"]) == set(RULES.keys())
    assert not {k: r["error"] for k, r in out["rules"].items() if "error" in r}
    assert out["rules"]["old-generation"]["findings"] == data.mix["old_generation"]
    assert out["metric_rows"] == data.metric_rows
    raw = bench.child_raw(data.dir, DAYS, 1)
    assert raw["groups"] == INSTANCES * 2 + data.volumes
    ingest = {"ok": True, "seconds": 1.0, "stages": {}, "files": [], "peak_mb": 1.0}
    lines = bench.report(data, ingest, out | {"ok": True}, raw | {"ok": True})
    assert lines[-1].startswith("target:")


def test_generator_is_deterministic_and_reused(tmp_path: Path) -> None:
    first = bench.generate(tmp_path / "a", 30, 1)
    second = bench.generate(tmp_path / "b", 30, 1)
    assert first.mix == second.mix
    for a, b in zip([first.costs, *first.metrics], [second.costs, *second.metrics], strict=True):
        assert pq.read_table(a).equals(pq.read_table(b)), a.name
    again = bench.generate(tmp_path / "a", 30, 1)
    assert again.generate_s is None and again.cost_rows == first.cost_rows
